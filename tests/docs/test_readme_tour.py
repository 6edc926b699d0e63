"""The README's curl tours, run verbatim against a real server.

The blocks under "A tour with curl" and "Try it live" are extracted from README.md and run by
bash, exactly as a reader would paste them, against a server of the project on the test
database (served as ``make run`` serves it); the test then checks every answer they printed.
If the README and the server disagree, this fails.
"""

import json
import re
import subprocess
import time

import pytest
from django.contrib.auth import get_user_model

from reactions.models import Message, Reaction
from tests import live

pytestmark = pytest.mark.django_db(transaction=True)

README = live.PROJECT_DIR / "README.md"


def readme_block(heading: str) -> str:
    """The first sh block after ``heading`` in the README."""
    section = README.read_text().split(heading, 1)[1]
    match = re.search(r"```sh\n(.*?)```", section, re.S)
    assert match, f"the README's {heading!r} has no sh block"
    return match.group(1)


def run_block(heading: str, server, tmp_path, timeout: float) -> subprocess.CompletedProcess:
    """The block run by bash as a reader would paste it; it must succeed silently on
    stderr."""
    database_url, started = server
    env = live.server_environment(database_url, tmp_path, {"BASE": started.url})
    result = subprocess.run(
        ["bash", "-e", "-o", "pipefail", "-c", readme_block(heading)],
        cwd=live.PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, result.stdout + result.stderr + started.log()
    assert result.stderr == ""
    return result


def answers(output: str) -> list:
    """Every JSON document the tour printed, in order (one per line)."""
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]


@pytest.fixture
def server(django_db_blocker, settings):
    settings.SECRET_KEY = live.SECRET_KEY
    get_user_model().objects.create_superuser("admin", "", "unused-in-the-tour")
    with (
        django_db_blocker.unblock(),
        live.live_database() as database_url,
        live.live_servers(database_url, count=1, workers=2) as started,
    ):
        yield database_url, started[0]


def test_the_readme_tour_works_as_written(server, tmp_path):
    before = int(time.time())
    result = run_block("### A tour with curl", server, tmp_path, timeout=120)
    assert result.stdout.splitlines()[0] == 'Created the user "bob".'

    dnd, message, seen, reacted, listed, promoted, renamed, team = answers(result.stdout)
    for answer in (dnd, message, seen, listed):
        assert answer["ocs"]["meta"] == {"status": "ok", "statuscode": 200, "message": "OK"}
    assert dnd["ocs"]["data"]["status"] == "dnd"
    assert dnd["ocs"]["data"]["statusIsUserDefined"] is True

    own = message["ocs"]["data"]
    assert (own["icon"], own["message"], own["messageIsPredefined"]) == ("🎧", "Deep work", False)
    assert before + 3600 <= own["clearAt"] <= int(time.time()) + 3600

    assert seen["ocs"]["data"] == {
        "userId": "bob",
        "message": "Deep work",
        "icon": "🎧",
        "clearAt": own["clearAt"],
        "status": "dnd",
    }

    assert reacted["ocs"]["meta"]["statuscode"] == 201
    entry = {"actorType": "users", "actorId": "bob", "actorDisplayName": "Bob"}
    for answer in (reacted, listed):
        data = answer["ocs"]["data"]
        assert list(data) == ["👍"]
        assert [{k: e[k] for k in entry} for e in data["👍"]] == [entry]
        assert isinstance(data["👍"][0]["timestamp"], int)

    for answer in (promoted, renamed):
        assert answer["ocs"]["meta"]["statuscode"] == 200
        assert answer["ocs"]["data"] == []
    room = team["ocs"]["data"]
    assert (room["type"], room["name"], room["participantType"]) == (2, "Team lunch", 1)
    last = room["lastMessage"]
    assert (last["systemMessage"], last["actorId"]) == ("conversation_renamed", "bob")
    assert last["message"] == '{actor} renamed the conversation from "Lunch" to "Team lunch"'
    promotion = Message.objects.get(system_message="moderator_promoted")
    assert (promotion.actor_id, promotion.parameters) == ("admin", {"user": "bob"})

    message_row = Message.objects.get(verb="comment")
    assert message_row.message == "Lunch?"
    assert message_row.room.one_to_one_key == "admin\nbob"
    assert Reaction.objects.get().parent == message_row


def test_the_readme_live_tour_works_as_written(server, tmp_path):
    result = run_block("### Try it live", server, tmp_path, timeout=60)
    # Each waiting window printed the message it got; the stream's output, written as it
    # arrives, may come in between, even within a line.
    assert result.stdout.count("Anyone there?") == 3, result.stdout
    stream = result.stdout
    assert "event: message\n" in stream
    statuses = [
        json.loads(line.removeprefix("data: "))
        for line in stream.splitlines()
        if line.startswith("data: ") and '"userId"' in line
    ]
    assert {"userId": "admin", "status": "dnd"}.items() <= statuses[-1].items()
