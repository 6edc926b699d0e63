"""Talk's part of the OpenAPI document (see :mod:`ocs.openapi`): the reactions, and the slice
of conversations, participants and chat they need.

:mod:`.chat` (reactions and chat), :mod:`.chat_extra` (read marker and mentions) and
:mod:`.rooms` (conversations and participants) describe the routes of ``reactions/urls.py``,
:mod:`.schemas` the data they answer with;
``apps.py`` registers :data:`TALK`, and ``capabilities.py`` the schema of
``capabilities.spreed``.
"""

from ocs.openapi import API

from .chat import CHAT_ROUTES, REACTION_ROUTES
from .chat_extra import CHAT_EXTRA_ROUTES
from .common import TAG
from .rooms import PARTICIPANT_ROUTES, ROOM_ROUTES
from .schemas import SCHEMAS

TALK = API(
    tag=TAG,
    description="Talk conversations, chat and reactions.",
    summary="the slice of Talk that reactions need",
    routes=REACTION_ROUTES + CHAT_ROUTES + CHAT_EXTRA_ROUTES + ROOM_ROUTES + PARTICIPANT_ROUTES,
    schemas=SCHEMAS,
    notes="Guests of public conversations are identified by the session cookie they got when "
    "joining.",
)
