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


def tour_block() -> str:
    text = README.read_text()
    section = text.split("### A tour with curl", 1)[1]
    match = re.search(r"```sh\n(.*?)```", section, re.S)
    assert match, "the README's tour has no sh block"
    return match.group(1)


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
    database_url, started = server
    env = live.server_environment(database_url, tmp_path, {"BASE": started.url})
    before = int(time.time())
    result = subprocess.run(
        ["bash", "-e", "-o", "pipefail", "-c", tour_block()],
        cwd=live.PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr + started.log()
    assert result.stderr == ""
    assert result.stdout.splitlines()[0] == 'Created the user "bob".'

    dnd, message, seen, reacted, listed = answers(result.stdout)
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

    message_row = Message.objects.get(verb="comment")
    assert message_row.message == "Lunch?"
    assert message_row.room.one_to_one_key == "admin\nbob"
    assert Reaction.objects.get().parent == message_row


def live_tour_block() -> str:
    section = README.read_text().split("### Try it live", 1)[1]
    match = re.search(r"```sh\n(.*?)```", section, re.S)
    assert match, "the README's live tour has no sh block"
    return match.group(1)


def test_the_readme_live_tour_works_as_written(server, tmp_path):
    database_url, started = server
    env = live.server_environment(database_url, tmp_path, {"BASE": started.url})
    result = subprocess.run(
        ["bash", "-e", "-o", "pipefail", "-c", live_tour_block()],
        cwd=live.PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr + started.log()
    assert result.stderr == ""
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
