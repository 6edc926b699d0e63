"""The operator's console for Talk: inspect conversations, their participants, messages and
reactions, and change them the way the API would.

Every change an operator makes goes through the same service function the API calls
(:mod:`reactions.services`), acting as the operator's account: so a rule, a system message
or a live event exists once, and nothing here can break what the services keep (a
message's ``reaction_counts`` equals its reaction rows, history is rewritten rather than
deleted row by row, a conversation goes as a whole). A rule the services enforce shows as
a form error or a message, never as a server error.
"""

from .history import MessageAdmin, ReactionAdmin
from .rooms import RoomAdmin

__all__ = ["MessageAdmin", "ReactionAdmin", "RoomAdmin"]
