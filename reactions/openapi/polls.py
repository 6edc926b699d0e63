"""Talk's poll routes (``reactions/views/polls.py``): one :class:`~ocs.openapi.Route` per
route and verb, with the outcomes its view answers, and the schemas of ``TalkPoll`` and
``TalkPollDraft`` (spreed's lib/ResponseDefinitions.php) as ``reactions/poll_representations``
writes them."""

from ocs.openapi import (
    BOOL,
    EMPTY,
    ID,
    STR,
    Param,
    Route,
    array,
    err,
    obj,
    ok,
    one_of,
    path_pattern,
    ref,
)

from .. import urls
from ..exceptions import PollPropertyInvalid
from ..models_polls import MAX_VOTES_LIMIT, PollMode, PollStatus
from .common import LOBBY, PREFIX, ROOM_NOT_FOUND, TAG, TOKEN
from .schemas import ACTOR_TYPES

POLL_PATH = f"{PREFIX}/v1/poll/{{token}}/{{pollId}}"
POLL_ID = Param(
    "pollId",
    {"type": "string", "pattern": path_pattern(urls.POLL_ID)},
    "A poll id.",
    required=True,
)
NON_NEGATIVE = {"type": "integer", "minimum": 0}
POLL_NOT_FOUND = err(
    404,
    "No such poll in the conversation (a draft, to non-moderators), or no such conversation "
    "for the caller.",
)

_DRAFT = {
    "id": ID,
    "question": STR,
    "options": array(STR),
    "actorType": ACTOR_TYPES,
    "actorId": STR,
    "actorDisplayName": {"type": "string", "description": "Empty for deleted users."},
    "status": {**one_of(*PollStatus), "description": "0 open, 1 closed, 2 draft."},
    "resultMode": {**one_of(*PollMode), "description": "0 public, 1 hidden until closed."},
    "maxVotes": {**NON_NEGATIVE, "description": "Options per voter; 0: unlimited."},
}

POLL_SCHEMAS = {
    "PollDraft": obj(_DRAFT),
    "PollVote": obj(
        {
            "actorType": ACTOR_TYPES,
            "actorId": STR,
            "actorDisplayName": STR,
            "optionId": NON_NEGATIVE,
        }
    ),
    "Poll": obj(
        {
            **_DRAFT,
            "votes": {
                "description": "`option-<id>` → votes; `[]` while the caller may not see the "
                "results (an open poll, before voting on a public one) or nobody voted.",
                "anyOf": [
                    EMPTY,
                    {
                        "type": "object",
                        "additionalProperties": {"type": "integer", "minimum": 1},
                    },
                ],
            },
            "numVoters": {
                **NON_NEGATIVE,
                "description": "0 while the caller may not see the results, unless it is the "
                "author or a moderator.",
            },
            "details": {
                **array(ref("PollVote")),
                "description": "Closed public polls only: who voted for what.",
            },
            "votedSelf": {**array(NON_NEGATIVE), "description": "The caller's option ids."},
        },
        optional=("details",),
    ),
    "PollError": obj({"error": one_of(*PollPropertyInvalid.EXPLANATIONS)}),
}

POLL_ROUTES = (
    Route(
        "post",
        f"{PREFIX}/v1/poll/{{token}}",
        "talk_create_poll",
        "Create a poll",
        TAG,
        (
            ok(201, "The poll, posted in the chat as a `talk-poll` object.", ref("Poll")),
            ok(200, "A draft (`draft`, moderators): saved, not posted.", ref("PollDraft")),
            err(
                400,
                "`room`: not a group or public conversation; `draft`: not a moderator; "
                "`question`, `options`: empty or too long; `poll`: a bad `resultMode` or "
                "`maxVotes`.",
                {"anyOf": [EMPTY, ref("PollError")]},
            ),
            err(403, "The conversation is read-only, or the caller lacks the chat permission."),
            ROOM_NOT_FOUND,
            LOBBY,
        ),
        params=(
            Param("question", STR, "At most 32000 bytes.", True),
            Param("options", array(STR), "At least two non-empty options.", True),
            Param("resultMode", one_of(*PollMode), "0 public, 1 hidden until closed."),
            Param(
                "maxVotes",
                {**NON_NEGATIVE, "maximum": MAX_VOTES_LIMIT},
                "Options per voter; 0: unlimited.",
            ),
            Param("draft", BOOL, "Save as a draft (moderators)."),
        ),
        path_params=(TOKEN,),
        public=True,
    ),
    Route(
        "get",
        f"{PREFIX}/v1/poll/{{token}}/drafts",
        "talk_poll_drafts",
        "The conversation's poll drafts",
        TAG,
        (
            ok(200, "The drafts, oldest first.", array(ref("PollDraft"))),
            err(403, "Not a moderator."),
            ROOM_NOT_FOUND,
        ),
        path_params=(TOKEN,),
        public=True,
    ),
    Route(
        "get",
        POLL_PATH,
        "talk_poll",
        "A poll, as the caller may see it",
        TAG,
        (ok(200, "The poll.", ref("Poll")), POLL_NOT_FOUND, LOBBY),
        path_params=(TOKEN, POLL_ID),
        public=True,
    ),
    Route(
        "post",
        POLL_PATH,
        "talk_vote_poll",
        "Vote: replace the caller's votes",
        TAG,
        (
            ok(200, "The poll, with the caller's votes.", ref("Poll")),
            err(400, "Closed; an option repeated, unknown, or more than `maxVotes`."),
            POLL_NOT_FOUND,
            LOBBY,
        ),
        params=(Param("optionIds", array(NON_NEGATIVE), "The options; none: withdraw."),),
        path_params=(TOKEN, POLL_ID),
        public=True,
    ),
    Route(
        "delete",
        POLL_PATH,
        "talk_close_poll",
        "Close a poll (or delete a draft)",
        TAG,
        (
            ok(200, "The closed poll.", ref("Poll")),
            ok(202, "The draft was deleted."),
            err(400, "The poll is closed already."),
            err(403, "Neither its author nor a moderator."),
            POLL_NOT_FOUND,
            LOBBY,
        ),
        path_params=(TOKEN, POLL_ID),
        public=True,
    ),
)
