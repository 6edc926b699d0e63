"""``capabilities.spreed`` (Talk's docs/capabilities.md) and the Talk hash header, on which
nc_py_api (``nc_py_api/_talk_api.py``) fetches the capabilities again."""

import pytest

from tests.conftest import ocs_json, ocs_xml
from tests.reactions.conftest import ROOMS

pytestmark = pytest.mark.django_db

CAPABILITIES = "cloud/capabilities"
REQUIRED_FEATURES = [
    "reactions",
    "chat-v2",
    "conversation-v4",
    "delete-messages",
    "chat-permission",
    "chat-reference-id",
]


def spreed(client, **kw) -> dict:
    response = client.get(CAPABILITIES, **kw)
    assert response.status_code == 200, response.content
    return ocs_json(response)["data"]["capabilities"]["spreed"]


@pytest.mark.parametrize("who", ["p1", "guest"])
def test_spreed_is_advertised_to_users_and_anonymous_callers(request, who):
    caps = spreed(request.getfixturevalue(who))
    for feature in REQUIRED_FEATURES:
        assert feature in caps["features"]
    assert len(caps["features"]) == len(set(caps["features"]))
    assert caps["config"]["chat"]["max-length"] == 32000
    assert isinstance(caps["version"], str) and caps["version"]


def test_users_and_anonymous_callers_see_the_same_spreed(p1, guest):
    assert spreed(p1) == spreed(guest)


def test_spreed_on_the_v1_path_nc_py_api_reads(p1):
    response = p1.get(CAPABILITIES, version=1)
    assert response.status_code == 200
    body = ocs_json(response)
    assert body["meta"]["statuscode"] == 100
    caps = body["data"]["capabilities"]["spreed"]
    assert "reactions" in caps["features"]
    assert body["data"]["version"]["major"] >= 27


def test_spreed_in_xml(p1):
    root = ocs_xml(p1.get(CAPABILITIES, fmt=None))
    features = [e.text for e in root.findall("data/capabilities/spreed/features/element")]
    for feature in REQUIRED_FEATURES:
        assert feature in features
    assert root.find("data/capabilities/spreed/config/chat/max-length").text == "32000"
    assert root.find("data/capabilities/spreed/version").text


def test_talk_hash_is_stable_across_requests(p1, p2):
    token = p1.room(2, "Team")["token"]
    first = p1.get(ROOMS)["X-Nextcloud-Talk-Hash"]
    assert first
    p1.send(token, "activity must not change the hash")
    p1.room(3, "Another room")
    hashes = {
        p1.get(ROOMS)["X-Nextcloud-Talk-Hash"],
        p1.get(f"{ROOMS}/{token}")["X-Nextcloud-Talk-Hash"],
        p2.get(ROOMS)["X-Nextcloud-Talk-Hash"],
        p1.get(ROOMS, version=1)["X-Nextcloud-Talk-Hash"],
    }
    assert hashes == {first}


def test_talk_hash_follows_the_advertised_version(p1, settings):
    """The hash changes when the capabilities do, so clients know to fetch them again."""
    from reactions.capabilities import spreed_capabilities, talk_hash

    before = p1.get(ROOMS)["X-Nextcloud-Talk-Hash"]
    settings.TALK_VERSION = "99.0.0"
    spreed_capabilities.cache_clear()
    talk_hash.cache_clear()
    try:
        assert spreed(p1)["version"] == "99.0.0"
        assert p1.get(ROOMS)["X-Nextcloud-Talk-Hash"] != before
    finally:
        spreed_capabilities.cache_clear()
        talk_hash.cache_clear()
