"""The wire shapes of Talk's polls (``TalkPoll`` and ``TalkPollDraft`` of spreed's
lib/ResponseDefinitions.php; lib/Model/Poll.php renderAsPoll and renderAsDraft, and
PollController::renderPoll for what a caller may see), key order included.

Display names come in a loaded :class:`reactions.names.Names`. Nothing here queries the
database.
"""

from .models_polls import Poll, PollMode, PollStatus
from .names import Names


def draft(poll: Poll, names: Names) -> dict:
    return {
        "id": poll.pk,
        "question": poll.question,
        "options": list(poll.options),
        "actorType": poll.actor_type,
        "actorId": poll.actor_id,
        "actorDisplayName": names.name(poll.actor_type, poll.actor_id),
        "status": poll.status,
        "resultMode": poll.result_mode,
        "maxVotes": poll.max_votes,
    }


def _summary(poll: Poll) -> dict | list:
    """``{"option-<id>": count}`` (PHP would turn ``{"0": x, "1": y}`` into a list, so Talk
    prefixes the keys); ``[]`` when nobody voted, as PHP writes an empty array."""
    ordered = sorted(poll.votes.items(), key=lambda item: int(item[0]))
    return {f"option-{option}": count for option, count in ordered if count} or []


def poll_data(
    poll: Poll,
    names: Names,
    *,
    voted_self: list[int],
    sees_voters: bool,
    details: list[tuple[str, str, int]] | None = None,
) -> dict:
    """A poll as the caller may see it: while it is open, the results only after voting on
    a public poll, and the number of voters also to its author and moderators
    (``sees_voters``); ``details`` (who voted for what) only on closed public polls."""
    data = draft(poll, names)
    data["votes"] = _summary(poll)
    data["numVoters"] = poll.num_voters
    public = poll.result_mode == PollMode.PUBLIC
    if not (voted_self and public) and poll.status == PollStatus.OPEN:
        data["votes"] = []
        if not sees_voters:
            data["numVoters"] = 0
    elif public and poll.status == PollStatus.CLOSED:
        data["details"] = [
            {
                "actorType": actor_type,
                "actorId": actor_id,
                "actorDisplayName": names.name(actor_type, actor_id),
                "optionId": option_id,
            }
            for actor_type, actor_id, option_id in details or []
        ]
    data["votedSelf"] = list(voted_self)
    return data
