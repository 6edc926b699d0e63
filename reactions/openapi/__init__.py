"""Talk's part of the OpenAPI document (see :mod:`ocs.openapi`): the reactions, and the slice
of conversations, participants and chat they need.

:mod:`.chat` (reactions and chat), :mod:`.chat_extra` (read marker and mentions),
:mod:`.chat_objects` (editing, a message's context, shared objects), :mod:`.polls`
(polls), :mod:`.rooms` (conversations and participants) and :mod:`.settings`
(conversation settings and moderation) describe the routes of
``reactions/urls.py``,
:mod:`.schemas` the data they answer with;
``apps.py`` registers :data:`TALK`, and ``capabilities.py`` the schema of
``capabilities.spreed``.
"""

from ocs.openapi import API

from .chat import CHAT_ROUTES, REACTION_ROUTES
from .chat_extra import CHAT_EXTRA_ROUTES
from .chat_objects import CHAT_OBJECT_ROUTES
from .common import TAG
from .polls import POLL_ROUTES, POLL_SCHEMAS
from .rooms import PARTICIPANT_ROUTES, ROOM_ROUTES
from .schemas import SCHEMAS
from .settings import MODERATION_ROUTES, SETTINGS_ROUTES

TALK = API(
    tag=TAG,
    description="Talk conversations, chat and reactions.",
    summary="the slice of Talk that reactions need",
    routes=REACTION_ROUTES
    + CHAT_ROUTES
    + CHAT_EXTRA_ROUTES
    + CHAT_OBJECT_ROUTES
    + ROOM_ROUTES
    + PARTICIPANT_ROUTES
    + SETTINGS_ROUTES
    + MODERATION_ROUTES
    + POLL_ROUTES,
    schemas={**SCHEMAS, **POLL_SCHEMAS},
    notes="Guests of public conversations are identified by the session cookie they got when "
    "joining.",
)
