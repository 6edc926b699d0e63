"""GET /sharees: paging, the next page's link, the minimum search length and every refusal,
in ShareesAPIController::search's order (Nextcloud's
apps/files_sharing/lib/Controller/ShareesAPIController.php)."""

import pytest

from tests.conftest import ocs_json, ocs_xml
from tests.factories import GroupFactory, UserFactory
from tests.files_sharing.conftest import data, fs, get_with_json_body, shared_with

pytestmark = pytest.mark.django_db

SHAREES = fs("sharees")
LINK = "http://testserver/ocs/v{}.php/apps/files_sharing/api/v1/sharees"
TYPES = "shareType%5B0%5D=0&shareType%5B1%5D=1"


@pytest.fixture
def five(user):
    """alice (the caller) and user1 … user5."""
    for i in range(1, 6):
        UserFactory(username=f"user{i}")


def everyone(response) -> list[str]:
    found = shared_with(response)
    return found["exact.users"] + found["users"]


# --- paging ---------------------------------------------------------------------------------


def test_pages_follow_each_other(api, five):
    pages = [
        everyone(api.get(SHAREES + f"?itemType=file&search=user&perPage=2&page={page}"))
        for page in (1, 2, 3, 4)
    ]
    assert pages == [["user1", "user2"], ["user3", "user4"], ["user5"], []]


@pytest.mark.parametrize("version", [1, 2])
def test_a_full_page_links_to_the_next(api, five, version):
    response = api.get(SHAREES + "?itemType=file&search=user&perPage=2", version=version)
    assert response["Link"] == (
        f'<{LINK.format(version)}?search=user&itemType=file&{TYPES}&perPage=2&page=2>; rel="next"'
    )


def test_the_link_repeats_the_search_as_php_encodes_it(api, user):
    UserFactory(username="a b~c1", first_name="x")
    UserFactory(username="a b~c2", first_name="y")
    response = api.get(SHAREES + "?itemType=folder&search=a+b%7Ec&perPage=1&page=1&shareType=0")
    assert response["Link"] == (
        f"<{LINK.format(2)}?search=a+b%7Ec&itemType=folder&shareType%5B0%5D=0&perPage=1"
        '&page=2>; rel="next"'
    )


def test_the_last_page_has_no_link(api, five):
    assert not api.get(SHAREES + "?itemType=file&search=user&perPage=5").has_header("Link")
    assert not api.get(SHAREES + "?itemType=file&search=user&perPage=2&page=3").has_header("Link")


def test_more_groups_than_a_page_link_too(api, user):
    for name in ("g1", "g2"):
        GroupFactory(name=name)
    response = api.get(SHAREES + "?itemType=file&search=g&perPage=1")
    assert shared_with(response)["groups"] == ["g1"]
    assert response.has_header("Link")


def test_a_page_holds_at_most_the_configured_number_of_users(api, five, settings):
    settings.SHARING_MAX_AUTOCOMPLETE_RESULTS = 3
    response = api.get(SHAREES + "?itemType=file&search=user&perPage=200")
    assert everyone(response) == ["user1", "user2", "user3"]
    assert "&perPage=3&page=2>" in response["Link"]


def test_the_default_cap_is_twenty_five(api, user):
    for i in range(30):
        UserFactory(username=f"u{i:02d}")
    response = api.get(SHAREES + "?itemType=file&search=u")
    assert len(everyone(response)) == 25
    assert "&perPage=25&page=2>" in response["Link"]


def test_a_cap_of_zero_lifts_it(api, five, settings):
    settings.SHARING_MAX_AUTOCOMPLETE_RESULTS = 0
    response = api.get(SHAREES + "?itemType=file&search=user&perPage=1000")
    assert len(everyone(response)) == 5
    assert not response.has_header("Link")


def test_a_user_whose_id_is_the_search_is_exact_on_the_first_page_even_beyond_it(api, user):
    for i in range(3):
        UserFactory(username=f"user{i}", first_name="A")  # ordered before "user" below
    UserFactory(username="user", first_name="Zoe")
    found = shared_with(api.get(SHAREES + "?itemType=file&search=user&perPage=2"))
    assert (found["exact.users"], found["users"]) == (["user"], ["user0", "user1"])


def test_a_group_named_by_the_search_is_exact_on_the_first_page_even_beyond_it(api, user):
    for name in ("aa-team", "b-team", "team"):
        GroupFactory(name=name)
    found = shared_with(api.get(SHAREES + "?itemType=file&search=team&perPage=1&shareType=1"))
    assert (found["exact.groups"], found["groups"]) == (["team"], ["aa-team"])


def test_a_page_beyond_any_number_is_empty(api, five):
    response = api.get(SHAREES + "?itemType=file&perPage=25&page=9223372036854775807")
    assert everyone(response) == []


def test_page_and_per_page_are_cast_as_php_casts_them(api, five):
    assert everyone(api.get(SHAREES + "?itemType=file&search=user&perPage=2abc&page=2x")) == [
        "user3",
        "user4",
    ]


# --- the minimum search length --------------------------------------------------------------


def test_a_search_shorter_than_the_minimum_is_empty_whatever_else_is_wrong(api, five, settings):
    settings.SHARING_MIN_SEARCH_STRING_LENGTH = 3
    for query in ("search=us", "search=us&page=0", "search=us&itemType=file"):
        response = api.get(SHAREES + "?" + query)
        assert shared_with(response) == {
            "exact.users": [],
            "users": [],
            "exact.groups": [],
            "groups": [],
        }, query
        assert not response.has_header("Link")
    assert len(everyone(api.get(SHAREES + "?itemType=file&search=use"))) == 5


def test_the_minimum_counts_bytes_before_trimming(api, user, settings):
    settings.SHARING_MIN_SEARCH_STRING_LENGTH = 4
    UserFactory(username="jörg")
    assert everyone(api.get(SHAREES, data={"itemType": "file", "search": "jö"})) == []
    assert everyone(api.get(SHAREES, data={"itemType": "file", "search": "jör"})) == ["jörg"]
    assert everyone(api.get(SHAREES, data={"itemType": "file", "search": " jö "})) == ["jörg"]


# --- refusals -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("search=a", "Missing itemType"),
        ("itemType=file&perPage=0", "Invalid perPage argument"),
        ("itemType=file&perPage=-3", "Invalid perPage argument"),
        ("itemType=file&perPage=many", "Invalid perPage argument"),
        ("itemType=file&perPage=", "Invalid perPage argument"),
        ("itemType=file&page=0", "Invalid page"),
        ("itemType=file&page=-1", "Invalid page"),
        # In Nextcloud's order: perPage, then page, then itemType.
        ("perPage=0&page=0", "Invalid perPage argument"),
        ("page=0", "Invalid page"),
    ],
)
@pytest.mark.parametrize("version", [1, 2])
def test_refusals_are_400_with_nextclouds_message(api, user, query, message, version):
    response = api.get(SHAREES + "?" + query, version=version)
    assert response.status_code == (200 if version == 1 else 400)
    body = ocs_json(response)
    assert body["meta"]["statuscode"] == 400
    assert (body["meta"]["status"], body["meta"]["message"]) == ("failure", message)
    assert body["data"] == []


@pytest.mark.parametrize("version", [1, 2])
def test_refusals_in_xml(api, user, version):
    response = api.get(SHAREES + "?page=0&itemType=file", version=version, fmt="xml")
    assert response.status_code == (200 if version == 1 else 400)
    meta = ocs_xml(response).find("meta")
    assert (meta.find("statuscode").text, meta.find("message").text) == ("400", "Invalid page")


def test_an_empty_item_type_is_an_item_type(api, five):
    """Only a missing ``itemType`` is refused (``$itemType === null`` upstream)."""
    assert len(everyone(api.get(SHAREES + "?itemType=&search=user"))) == 5


def test_a_search_that_is_not_a_string_is_refused(api, user):
    response = get_with_json_body("alice", SHAREES, {"itemType": "file", "search": ["a"]})
    assert response.status_code == 400
    assert ocs_json(response)["meta"]["message"] == 'Parameter "search" must be a string'
    assert data(api.get(SHAREES + "?itemType=file&search=%00"), 400) == []
