"""GET /sharees: who matches, where, and how each entry looks (Nextcloud's
apps/files_sharing/lib/Controller/ShareesAPIController.php with
lib/private/Collaboration/Collaborators/UserPlugin.php and GroupPlugin.php)."""

import pytest

from tests.conftest import ocs_json, ocs_xml
from tests.factories import GroupFactory, UserFactory
from tests.files_sharing.conftest import data, fs, get_with_json_body, shared_with
from tests.user_status.conftest import T, UserStatusFactory

pytestmark = pytest.mark.django_db

SHAREES = fs("sharees")
EMPTY = {"exact.users": [], "users": [], "exact.groups": [], "groups": []}


def search(api, text="", **params):
    return api.get(SHAREES, data={"itemType": "file", "search": text, **params})


@pytest.fixture
def people(user, other_user):
    """alice (the caller), bob "Bob Builder", carol "Carol" with an e-mail address, dave."""
    UserFactory(username="carol", first_name="Carol", email="carol@example.com")
    UserFactory(username="dave")


# --- the shape ------------------------------------------------------------------------------


def test_the_answer_has_every_result_type_in_nextclouds_order(api, people):
    body = data(search(api, "bob"))
    assert list(body) == [
        "exact",
        "users",
        "groups",
        "remotes",
        "remote_groups",
        "emails",
        "lookup",
        "circles",
        "rooms",
        "lookupEnabled",
    ]
    assert list(body["exact"]) == [
        "users",
        "groups",
        "remotes",
        "remote_groups",
        "emails",
        "circles",
        "rooms",
    ]
    assert body["lookupEnabled"] is False
    for empty in ("remotes", "remote_groups", "emails", "lookup", "circles", "rooms"):
        assert body[empty] == []
    for empty in ("remotes", "remote_groups", "emails", "circles", "rooms"):
        assert body["exact"][empty] == []


def test_a_user_entry_without_status(api, people):
    [entry] = data(search(api, "bob"))["exact"]["users"]
    assert entry == {
        "label": "Bob Builder",
        "subline": "",
        "icon": "icon-user",
        "value": {"shareType": 0, "shareWith": "bob"},
        "shareWithDisplayNameUnique": "bob",
        "status": [],
    }
    assert list(entry) == [
        "label",
        "subline",
        "icon",
        "value",
        "shareWithDisplayNameUnique",
        "status",
    ]


def test_the_unique_name_is_the_email_address_when_there_is_one(api, people):
    [entry] = data(search(api, "carol"))["exact"]["users"]
    assert entry["shareWithDisplayNameUnique"] == "carol@example.com"


def test_a_user_entry_with_status_carries_the_public_status(api, people, other_user):
    UserStatusFactory(
        user=other_user,
        status="dnd",
        is_user_defined=True,
        custom_icon="🎧",
        custom_message="Deep work",
        clear_at=T + 600,
    )
    [entry] = data(search(api, "bob"))["exact"]["users"]
    assert entry["subline"] == "Deep work"
    assert entry["status"] == {
        "status": "dnd",
        "message": "Deep work",
        "icon": "🎧",
        "clearAt": T + 600,
    }
    assert list(entry["status"]) == ["status", "message", "icon", "clearAt"]


def test_invisible_shows_as_offline(api, people, other_user):
    UserStatusFactory(user=other_user, status="invisible", is_user_defined=True)
    [entry] = data(search(api, "bob"))["exact"]["users"]
    assert entry["status"]["status"] == "offline"


def test_a_passed_clear_at_clears_the_message(api, people, other_user):
    UserStatusFactory(
        user=other_user, status="away", is_user_defined=True, custom_message="Lunch", clear_at=T - 1
    )
    [entry] = data(search(api, "bob"))["exact"]["users"]
    assert (entry["subline"], entry["status"]["message"]) == ("", None)
    assert entry["status"]["status"] == "offline"


def test_a_predefined_message_is_shown_in_the_callers_language(api, people, other_user):
    UserStatusFactory(user=other_user, predefined_id="meeting")
    response = api.get(
        SHAREES, data={"itemType": "file", "search": "bob"}, headers={"Accept-Language": "de"}
    )
    [entry] = data(response)["exact"]["users"]
    assert (entry["subline"], entry["status"]["icon"]) == ("In einer Besprechung", "📅")


def test_a_group_entry(api, people):
    GroupFactory(name="team")
    assert data(search(api, "team"))["exact"]["groups"] == [
        {"label": "team", "value": {"shareType": 1, "shareWith": "team"}}
    ]


def test_xml_writes_an_empty_status_as_an_empty_element(api, people, other_user):
    UserStatusFactory(user=UserFactory(username="bobby"), status="away", is_user_defined=True)
    response = api.get(SHAREES, data={"itemType": "file", "search": "bob"}, fmt="xml")
    root = ocs_xml(response)
    [exact] = root.findall("data/exact/users/element")
    assert exact.find("value/shareWith").text == "bob"
    assert list(exact.find("status")) == []
    [wide] = root.findall("data/users/element")
    assert wide.find("status/status").text == "away"
    assert root.find("data/lookupEnabled").text is None


# --- who matches, and where ------------------------------------------------------------------


def test_exact_matches_by_id_display_name_or_email_case_insensitively(api, people):
    assert shared_with(search(api, "BOB"))["exact.users"] == ["bob"]
    assert shared_with(search(api, "bob builder"))["exact.users"] == ["bob"]
    assert shared_with(search(api, "Carol@Example.com"))["exact.users"] == ["carol"]


def test_partial_matches_are_listed_apart(api, people):
    UserFactory(username="bobby")
    found = shared_with(search(api, "bob"))
    assert (found["exact.users"], found["users"]) == (["bob"], ["bobby"])


def test_display_names_and_email_addresses_are_searched(api, people):
    assert shared_with(search(api, "build"))["users"] == ["bob"]
    assert shared_with(search(api, "example"))["users"] == ["carol"]


def test_users_are_ordered_by_display_name_then_id(api, user):
    UserFactory(username="zed", first_name="Anna")
    UserFactory(username="b2", first_name="anna")
    UserFactory(username="a1", first_name="Berta")
    assert shared_with(search(api))["users"] == ["b2", "zed", "a1"]


def test_an_empty_search_lists_everybody_and_matches_nobody_exactly(api, people):
    GroupFactory(name="team")
    assert shared_with(search(api)) == {
        "exact.users": [],
        "users": ["bob", "carol", "dave"],
        "exact.groups": [],
        "groups": ["team"],
    }


def test_the_search_is_trimmed(api, people):
    assert shared_with(search(api, "  bob\t"))["exact.users"] == ["bob"]


def test_the_caller_is_never_listed(api, people):
    assert shared_with(search(api, "alice")) == EMPTY
    assert "alice" not in shared_with(search(api))["users"]


def test_disabled_users_are_not_listed(api, people):
    UserFactory(username="bobbin", is_active=False)
    assert shared_with(search(api, "bob"))["users"] == []


def test_groups_match_by_id(api, people):
    for name in ("team", "teamsters", "other"):
        GroupFactory(name=name)
    found = shared_with(search(api, "TEAM"))
    assert (found["exact.groups"], found["groups"]) == (["team"], ["teamsters"])


def test_no_match_is_empty_lists(api, people):
    assert shared_with(search(api, "nobody")) == EMPTY


# --- share types ----------------------------------------------------------------------------


@pytest.fixture
def team(people):
    GroupFactory(name="bobcats")


@pytest.mark.parametrize(
    ("query", "users", "groups"),
    [
        ("", ["bob"], ["bobcats"]),
        ("&shareType=0", ["bob"], []),
        ("&shareType=1", [], ["bobcats"]),
        ("&shareType= 1", [], ["bobcats"]),  # PHP's is_numeric takes leading blanks
        ("&shareType=4", [], []),  # e-mail addresses: never any here
        ("&shareType=email", ["bob"], ["bobcats"]),  # not numeric: no narrowing
        ("&shareType[]=0&shareType[]=1", ["bob"], ["bobcats"]),
        ("&shareType[]=1", [], ["bobcats"]),
        ("&shareType[0]=0&shareType[1]=6", ["bob"], []),
        ("&shareType[]=01", [], []),  # array_intersect compares as strings
    ],
)
def test_share_types_narrow_the_search(api, team, query, users, groups):
    response = api.get(SHAREES + "?itemType=file&search=bob" + query)
    found = shared_with(response)
    assert (found["exact.users"] + found["users"], found["groups"]) == (users, groups)


def test_share_types_as_a_json_array(api, team):
    body = {"itemType": "file", "search": "bob", "shareType": [1]}
    response = get_with_json_body("alice", SHAREES, body)
    assert shared_with(response) == {**EMPTY, "groups": ["bobcats"]}


# --- user enumeration -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("setting", "value"),
    [
        ("USER_STATUS_ALLOW_USER_ENUMERATION", False),
        ("USER_STATUS_RESTRICT_ENUMERATION_TO_GROUP", True),
        ("USER_STATUS_RESTRICT_ENUMERATION_TO_PHONE", True),
    ],
)
def test_without_enumeration_only_exact_matches_are_listed(api, team, settings, setting, value):
    UserFactory(username="bobby")
    GroupFactory(name="bob")
    setattr(settings, setting, value)
    assert shared_with(search(api, "bob")) == {
        "exact.users": ["bob"],
        "users": [],
        "exact.groups": ["bob"],
        "groups": [],
    }
    assert shared_with(search(api, "carol@example.com"))["exact.users"] == ["carol"]
    assert shared_with(search(api)) == EMPTY


# --- the rest of the envelope ---------------------------------------------------------------


def test_v1_answers_statuscode_100(api, people):
    body = ocs_json(api.get(SHAREES, data={"itemType": "file", "search": "bob"}, version=1))
    assert body["meta"]["statuscode"] == 100
    assert body["data"]["exact"]["users"][0]["value"]["shareWith"] == "bob"


def test_parameters_may_come_in_a_json_body(api, people):
    response = get_with_json_body("alice", SHAREES, {"itemType": "file", "search": "carol"})
    assert shared_with(response)["exact.users"] == ["carol"]


def test_lookup_is_accepted_and_ignored(api, people):
    body = data(search(api, "bob", lookup="true"))
    assert (body["lookupEnabled"], body["lookup"]) == (False, [])


def test_anonymous_callers_are_not_logged_in(anonymous):
    response = anonymous.get(SHAREES, data={"itemType": "file"})
    assert response.status_code == 401
    assert ocs_json(response)["meta"]["statuscode"] == 997
