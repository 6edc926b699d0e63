"""Talk test helpers: users as the upstream harness names them, and a client per actor."""

import pytest

from tests.conftest import FROZEN_AT, PASSWORD, OCSClient, ocs_json
from tests.factories import UserFactory

BASE = "apps/spreed/api"
ROOMS = f"{BASE}/v4/room"
T0 = FROZEN_AT


@pytest.fixture(autouse=True)
def _clock(frozen_clock):
    """Every Talk test runs at ``T0`` unless it moves the clock."""


class Talk(OCSClient):
    """One actor's client: a user (Basic auth) or a guest (no credentials, own cookies)."""

    def room(self, room_type=3, name="room", expect=201, **params):
        response = self.post(
            f"{BASE}/v4/room", data={"roomType": room_type, "roomName": name, **params}
        )
        assert response.status_code == expect, response.content
        return ocs_json(response)["data"]

    def add(self, token, participant, source="users", expect=200):
        response = self.post(
            f"{BASE}/v4/room/{token}/participants",
            data={"newParticipant": participant, "source": source},
        )
        assert response.status_code == expect, response.content
        return response

    def join(self, token, expect=200):
        response = self.post(f"{BASE}/v4/room/{token}/participants/active")
        assert response.status_code == expect, response.content
        return ocs_json(response)["data"] if expect == 200 else None

    def send(self, token, message, expect=201, **params):
        response = self.post(f"{BASE}/v1/chat/{token}", data={"message": message, **params})
        assert response.status_code == expect, response.content
        return ocs_json(response)["data"] if expect == 201 else None

    def react(self, token, message_id, reaction, **kw):
        return self.post(
            f"{BASE}/v1/reaction/{token}/{message_id}", data={"reaction": reaction}, **kw
        )

    def unreact(self, token, message_id, reaction, **kw):
        return self.delete(
            f"{BASE}/v1/reaction/{token}/{message_id}", data={"reaction": reaction}, **kw
        )

    def reactions(self, token, message_id, reaction=None, **kw):
        path = f"{BASE}/v1/reaction/{token}/{message_id}"
        data = {"reaction": reaction} if reaction is not None else None
        return self.get(path, data=data, **kw)

    def chat(self, token, **params):
        params.setdefault("lookIntoFuture", 0)
        return self.get(f"{BASE}/v1/chat/{token}", data=params)

    def messages(self, token):
        """The chat history, newest first (every entry, system messages included)."""
        response = self.chat(token)
        assert response.status_code == 200, response.content
        return ocs_json(response)["data"]


def make_user(username: str):
    return UserFactory(
        username=username, first_name=f"{username}-displayname", last_name="", password=PASSWORD
    )


@pytest.fixture
def p1(db):
    make_user("participant1")
    return Talk("participant1", PASSWORD)


@pytest.fixture
def p2(db):
    make_user("participant2")
    return Talk("participant2", PASSWORD)


@pytest.fixture
def guest(db):
    return Talk()


@pytest.fixture
def p3(db):
    """participant3: in no conversation until a test adds them."""
    make_user("participant3")
    return Talk("participant3", PASSWORD)


# The keys every chat message carries, in order (Talk's lib/Model/Message.php toArray).
MESSAGE_KEYS = [
    "id",
    "token",
    "actorType",
    "actorId",
    "actorDisplayName",
    "timestamp",
    "message",
    "messageParameters",
    "systemMessage",
    "messageType",
    "isReplyable",
    "referenceId",
    "reactions",
    "expirationTimestamp",
    "markdown",
    "threadId",
]
