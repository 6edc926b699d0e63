"""What the poll tests share: the routes, a poll created the way Talk's integration tests
create theirs (spreed's tests/integration/features/chat-3/poll.feature), and the answer
Talk gives for it."""

from tests.conftest import ocs_json
from tests.reactions.conftest import BASE, ROOMS

QUESTION = "What is the question?"
OPTIONS = ["Where are you?", "How much is the fish?"]
POLL_KEYS = [
    "id",
    "question",
    "options",
    "actorType",
    "actorId",
    "actorDisplayName",
    "status",
    "resultMode",
    "maxVotes",
    "votes",
    "numVoters",
]


def poll_url(token: str, poll_id: int | str | None = None) -> str:
    return f"{BASE}/v1/poll/{token}" + ("" if poll_id is None else f"/{poll_id}")


def answer(response, status: int = 200):
    assert response.status_code == status, response.content
    return ocs_json(response)["data"]


def create(client, token, *, expect=201, question=QUESTION, options=OPTIONS, **params):
    body = {"question": question, "options": options, "resultMode": 0, "maxVotes": 0, **params}
    response = client.post(poll_url(token), json_body=body)
    return answer(response, expect)


def show(client, token, poll_id, expect=200):
    return answer(client.get(poll_url(token, poll_id)), expect)


def vote(client, token, poll_id, option_ids, expect=200):
    response = client.post(poll_url(token, poll_id), json_body={"optionIds": option_ids})
    return answer(response, expect)


def close(client, token, poll_id, expect=200):
    return answer(client.delete(poll_url(token, poll_id)), expect)


def group_with_p2(p1) -> str:
    token = p1.room(2, "room")["token"]
    p1.add(token, "participant2")
    return token


def expected(poll_id, *, author="participant1", **changes) -> dict:
    """Talk's answer for the poll of :func:`create` as its author sees it before votes."""
    data = {
        "id": poll_id,
        "question": QUESTION,
        "options": OPTIONS,
        "actorType": "users",
        "actorId": author,
        "actorDisplayName": f"{author}-displayname",
        "status": 0,
        "resultMode": 0,
        "maxVotes": 0,
        "votes": [],
        "numVoters": 0,
        "votedSelf": [],
    }
    data.update(changes)
    if "details" in changes:  # details come before votedSelf
        data["votedSelf"] = data.pop("votedSelf")
    return data


def attendee_id(client, token, actor_id) -> int:
    rows = ocs_json(client.get(f"{ROOMS}/{token}/participants"))["data"]
    return next(row["attendeeId"] for row in rows if row["actorId"] == actor_id)


def set_permissions(client, token, target, permissions):
    response = client.put(
        f"{ROOMS}/{token}/attendees/permissions",
        data={"attendeeId": target, "permissions": permissions, "method": "set"},
    )
    assert response.status_code == 200, response.content


def system_messages(client, token) -> list[dict]:
    """The chat's system messages, newest first."""
    return [m for m in client.messages(token) if m["messageType"] == "system"]
