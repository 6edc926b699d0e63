"""``v1/reaction/{token}/{messageId}`` (spreed's lib/Controller/ReactionController.php)."""

from ocs.exceptions import NotFound
from ocs.params import get_str
from ocs.responses import OCSResponse

from .. import representations, selectors
from ..exceptions import NoMessageZero, OutOfContext
from ..policies import actor_of
from ..services import reactions
from .common import TalkViewSet, checked_member, path_id


class ReactionViewSet(TalkViewSet):
    """``v1/reaction/{token}/{messageId}``: every answer is the message's reaction list."""

    def react(self, request, token, messageId):
        attendee = checked_member(request, token, write=True)
        reaction = get_str(request, "reaction", required=True)
        message_id = path_id(messageId)
        created = reactions.add_reaction(
            room=attendee.room, actor=actor_of(attendee), message_id=message_id, reaction=reaction
        )
        data = representations.reaction_list(selectors.reaction_rows(attendee.room, message_id))
        return OCSResponse(data, status=201 if created else 200)

    def unreact(self, request, token, messageId):
        attendee = checked_member(request, token, write=True)
        reaction = get_str(request, "reaction", required=True)
        message_id = path_id(messageId)
        reactions.remove_reaction(
            room=attendee.room, actor=actor_of(attendee), message_id=message_id, reaction=reaction
        )
        rows = selectors.reaction_rows(attendee.room, message_id)
        return OCSResponse(representations.reaction_list(rows))

    def list(self, request, token, messageId):
        attendee = checked_member(request, token, write=False)
        reaction = (get_str(request, "reaction") or "").strip() or None
        message_id = path_id(messageId)
        if message_id == 0:
            raise NoMessageZero()
        rows = selectors.reaction_rows(attendee.room, message_id, reaction)
        if not rows:  # no reactions, or no such message here: only the latter is a 404
            try:
                selectors.check_reactable(attendee.room, message_id)
            except OutOfContext:
                raise NotFound() from None
        return OCSResponse(representations.reaction_list(rows))
