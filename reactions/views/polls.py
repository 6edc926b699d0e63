"""``v1/poll/{token}`` and ``v1/poll/{token}/{pollId}`` (spreed's
lib/Controller/PollController.php).

The checks are Talk's attributes: creating needs a writable conversation and the chat
permission (403) past the lobby (412); seeing, voting and closing only membership and the
lobby. Refusals of voting and closing answer ``[]``; those of creating name the reason
(``{"error": "question"}``).
"""

import re

from rest_framework.exceptions import UnsupportedMediaType

from ocs.exceptions import NotFound
from ocs.params import get_lenient_int, merged_params, storable
from ocs.responses import OCSResponse

from .. import names, policies, poll_representations, poll_selectors
from ..models import Attendee
from ..models_polls import Poll, PollMode, PollStatus
from ..services import polls
from .common import TalkViewSet, bool_param, caller_attendee, checked_member, path_id


def _forms(request):
    """The query string, and a form body if there is one."""
    yield request.query_params
    try:
        data = request.data
    except UnsupportedMediaType:
        return  # neither JSON nor a form: only the query counts
    if hasattr(data, "getlist"):
        yield data


def list_param(request, name: str):
    """An ``array`` parameter as PHP receives it: a JSON array (or object: its values), or
    ``name[]=a&name[]=b`` / ``name[0]=a`` in the query or a form; the plain value when it is
    no list, None when absent."""
    value = merged_params(request).get(name)
    if isinstance(value, dict):
        return list(value.values())
    if isinstance(value, list):
        return value
    listed = re.compile(re.escape(name) + r"\[[^\]]*\]\Z")
    items = [
        item
        for form in _forms(request)
        for key in form
        if listed.match(key)
        for item in form.getlist(key)
    ]
    return items or value


def _question(request) -> str | None:
    """The question as a string; None when it is not one (refused as ``question``)."""
    value = merged_params(request).get("question")
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else ""
    if isinstance(value, int | float):
        return str(value)
    return value if isinstance(value, str) and storable(value) else None


def _int(request, name: str) -> int:
    value = get_lenient_int(request, name)
    return 0 if value is None else value


def _is_author(attendee: Attendee, poll: Poll) -> bool:
    return (poll.actor_type, poll.actor_id) == (attendee.actor_type, attendee.actor_id)


def _names(poll: Poll, details) -> names.Names:
    shown = names.Names()
    shown.want(poll.actor_type, poll.actor_id)
    for actor_type, actor_id, _ in details or ():
        shown.want(actor_type, actor_id)
    return shown.load()


def poll_answer(attendee: Attendee, poll: Poll, voted_self: list[int] | None = None) -> dict:
    """The poll as the caller sees it (PollController::renderPoll)."""
    if voted_self is None:
        voted_self = poll_selectors.voted_by(poll, attendee)
    details = None
    if poll.status == PollStatus.CLOSED and poll.result_mode == PollMode.PUBLIC:
        details = poll_selectors.votes_of(poll)
    return poll_representations.poll_data(
        poll,
        _names(poll, details),
        voted_self=voted_self,
        sees_voters=policies.is_moderator(attendee) or _is_author(attendee, poll),
        details=details,
    )


class PollViewSet(TalkViewSet):
    """``v1/poll/{token}`` (create), ``v1/poll/{token}/drafts`` and
    ``v1/poll/{token}/{pollId}`` (see, vote, close)."""

    def create(self, request, token):
        attendee = checked_member(request, token, write=True)
        draft = bool_param(request, "draft", False)
        poll = polls.create_poll(
            author=attendee,
            question=_question(request),
            options=list_param(request, "options"),
            result_mode=_int(request, "resultMode"),
            max_votes=_int(request, "maxVotes"),
            draft=draft,
            as_moderator=policies.is_moderator(attendee),
        )
        if draft:
            return OCSResponse(poll_representations.draft(poll, _names(poll, None)))
        return OCSResponse(poll_answer(attendee, poll, []), status=201)

    def drafts(self, request, token):
        attendee = caller_attendee(request, token)
        policies.require_moderator(attendee)
        rows = poll_selectors.drafts_in(attendee.room)
        shown = names.Names()
        for poll in rows:
            shown.want(poll.actor_type, poll.actor_id)
        shown.load()
        return OCSResponse([poll_representations.draft(poll, shown) for poll in rows])

    def retrieve(self, request, token, pollId):
        attendee = checked_member(request, token, write=False)
        poll = poll_selectors.poll_in(attendee.room, path_id(pollId))
        if poll is None or (
            poll.status == PollStatus.DRAFT and not policies.is_moderator(attendee)
        ):
            raise NotFound()
        return OCSResponse(poll_answer(attendee, poll))

    def vote(self, request, token, pollId):
        attendee = checked_member(request, token, write=False)
        option_ids = list_param(request, "optionIds")
        if option_ids is None:
            option_ids = []
        elif not isinstance(option_ids, list):
            option_ids = [None]  # not an array: refused like an unknown option
        poll, chosen = polls.vote(
            room=attendee.room, voter=attendee, poll_id=path_id(pollId), option_ids=option_ids
        )
        return OCSResponse(poll_answer(attendee, poll, chosen))

    def close(self, request, token, pollId):
        attendee = checked_member(request, token, write=False)
        poll = polls.close_poll(
            room=attendee.room,
            by=attendee,
            poll_id=path_id(pollId),
            as_moderator=policies.is_moderator(attendee),
            manages_drafts=policies.manages_poll_drafts(attendee),
        )
        if poll is None:
            return OCSResponse([], status=202)  # a draft, deleted
        return OCSResponse(poll_answer(attendee, poll))
