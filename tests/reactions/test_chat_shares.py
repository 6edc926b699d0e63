"""Shared rich objects: ``POST v1/chat/{token}/share`` and the media tab's lists
``GET v1/chat/{token}/share`` and ``GET v1/chat/{token}/share/overview`` (Talk's
ChatController, tests/integration/features/chat-2/rich-object-share.feature)."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reactions.attachments import ATTACHMENT_TYPES
from tests.conftest import ocs_json, ocs_xml
from tests.reactions.conftest import BASE, MESSAGE_KEYS, ROOMS

pytestmark = pytest.mark.django_db

CALL = {"name": "Another room", "call-type": "group"}
LOCATION = {"name": "Berlin Office", "latitude": "52.5450511", "longitude": "13.3741463"}
GEO = "geo:52.5450511,13.3741463"
CARD = {
    "name": "Foo Bar",
    "boardname": "Personal",
    "stackname": "To do",
    "link": "http://testserver/index.php/apps/deck/#/board/1/card/1",
}


@pytest.fixture
def group_room(p1, p2):
    token = p1.room(2, "Team")["token"]
    p1.add(token, "participant2")
    return token


def share(client, token, object_type, object_id, meta=None, **kw):
    body = {"objectType": object_type, "objectId": object_id}
    if meta is not None:
        body["metaData"] = meta if isinstance(meta, str) else json.dumps(meta)
    return client.post(f"{BASE}/v1/chat/{token}/share", data=body, **kw)


def answer(response, status=201):
    assert response.status_code == status, response.content
    return ocs_json(response)["data"]


def shared(client, token, object_type, **params):
    return client.get(f"{BASE}/v1/chat/{token}/share", data={"objectType": object_type, **params})


def overview(client, token, **params):
    return client.get(f"{BASE}/v1/chat/{token}/share/overview", data=params or None)


def avatar(token: str) -> str:
    return f"http://testserver/ocs/v2.php/apps/spreed/api/v1/room/{token}/avatar?v="


# --- POST v1/chat/{token}/share -------------------------------------------------------------


def test_a_shared_object_is_a_comment_showing_the_object(p1, group_room):
    sent = answer(share(p1, group_room, "call", "R4nd0mT0k3n", CALL))
    assert list(sent) == MESSAGE_KEYS
    assert (sent["message"], sent["messageType"], sent["systemMessage"]) == (
        "{object}",
        "comment",
        "",
    )
    assert sent["isReplyable"] is True and sent["markdown"] is True
    actor, shown = sent["messageParameters"]["actor"], sent["messageParameters"]["object"]
    assert (actor["type"], actor["id"], actor["name"]) == (
        "user",
        "participant1",
        "participant1-displayname",
    )
    # metaData's keys first, then type, id and the conversation's avatar (Talk's order).
    assert list(shown) == ["name", "call-type", "type", "id", "icon-url"]
    assert (shown["type"], shown["id"]) == ("call", "R4nd0mT0k3n")
    assert shown["icon-url"].startswith(avatar(group_room))
    assert "X-Chat-Last-Common-Read" in share(p1, group_room, "call", "x", CALL)


def test_everyone_sees_it_in_the_chat_and_as_last_message(p1, p2, group_room):
    sent = answer(share(p2, group_room, "geo-location", GEO, LOCATION))
    room = ocs_json(p1.get(f"{ROOMS}/{group_room}"))["data"]
    assert room["lastMessage"]["message"] == "{object}"
    assert room["unreadMessages"] == 1
    seen = p1.messages(group_room)[0]
    assert seen["id"] == sent["id"]
    assert seen["messageParameters"]["object"] == sent["messageParameters"]["object"]
    own = ocs_json(p2.get(f"{ROOMS}/{group_room}"))["data"]
    assert (own["lastReadMessage"], own["unreadMessages"]) == (sent["id"], 0)


def test_a_deck_card_with_a_trusted_link(p1, group_room):
    sent = answer(share(p1, group_room, "deck-card", "1", CARD))
    assert sent["messageParameters"]["object"]["boardname"] == "Personal"


def test_a_link_outside_the_trusted_domains_is_400_link(p1, group_room):
    card = {**CARD, "link": "https://evil.example/x"}
    assert answer(share(p1, group_room, "deck-card", "1", card), 400) == {"error": "link"}


@pytest.mark.parametrize(
    "object_type, object_id, meta",
    [
        ("call", "R4nd0mT0k3n", {"MISSINGname": "Another room", "call-type": "group"}),
        ("geo-location", "https://nextcloud.com/", {"name": "Location name"}),
        ("geo-location", "https://nextcloud.com/", LOCATION),
        ("unknown-type", "1", {"name": "x"}),
        ("call", "1", {**CALL, "name": 42}),
        ("call", "1", {**CALL, "nested": {"a": "b"}}),
        ("deck-card", "1", {**CARD, "link": None}),
        ("call", "1", ["a"]),
    ],
)
def test_invalid_rich_objects_are_400_object(p1, group_room, object_type, object_id, meta):
    before = p1.messages(group_room)
    response = share(p1, group_room, object_type, object_id, meta)
    assert answer(response, 400) == {"error": "object"}
    assert p1.messages(group_room) == before


def test_metadata_that_is_no_json_object_counts_as_none(p1, group_room):
    # Talk's json_decode: anything but an object is no metaData; "call" then lacks a name.
    assert answer(share(p1, group_room, "call", "1", "not json"), 400) == {"error": "object"}
    sent = answer(share(p1, group_room, "talk-poll", "1", "[]"), 400)
    assert sent == {"error": "object"}


def test_missing_object_type_or_id_is_400(p1, group_room):
    path = f"{BASE}/v1/chat/{group_room}/share"
    assert p1.post(path, data={"objectId": "1"}).status_code == 400
    assert p1.post(path, data={"objectType": "call"}).status_code == 400


def test_metadata_may_come_as_an_object_in_a_json_body(p1, group_room):
    body = {"objectType": "call", "objectId": "R4nd0mT0k3n", "metaData": CALL}
    sent = answer(p1.post(f"{BASE}/v1/chat/{group_room}/share", json_body=body))
    assert sent["messageParameters"]["object"]["name"] == "Another room"


def test_too_large_objects_are_413(p1, group_room):
    meta = {**CALL, "name": "x" * 32000}
    assert answer(share(p1, group_room, "call", "1", meta), 413) == {"error": "message"}


def test_reference_id_and_guest_name(p1, guest):
    token = p1.room(3, "Open")["token"]
    guest.join(token)
    response = guest.post(
        f"{BASE}/v1/chat/{token}/share",
        data={
            "objectType": "geo-location",
            "objectId": GEO,
            "metaData": json.dumps(LOCATION),
            "referenceId": "ref-1",
            "actorDisplayName": "Visitor",
        },
    )
    sent = answer(response)
    assert (sent["referenceId"], sent["actorType"], sent["actorDisplayName"]) == (
        "ref-1",
        "guests",
        "Visitor",
    )
    assert sent["messageParameters"]["actor"]["name"] == "Visitor (guest)"


def test_without_chat_permission_read_only_or_lobby_sharing_is_refused(p1, p2, group_room):
    p1.put(f"{ROOMS}/{group_room}/webinar/lobby", data={"state": 1})
    assert share(p2, group_room, "call", "1", CALL).status_code == 412
    p1.put(f"{ROOMS}/{group_room}/webinar/lobby", data={"state": 0})
    rows = ocs_json(p1.get(f"{ROOMS}/{group_room}/participants"))["data"]
    p2_id = next(r["attendeeId"] for r in rows if r["actorId"] == "participant2")
    p1.put(
        f"{ROOMS}/{group_room}/attendees/permissions",
        data={"attendeeId": p2_id, "permissions": 127, "method": "set"},
    )
    assert share(p2, group_room, "call", "1", CALL).status_code == 403
    p1.put(f"{ROOMS}/{group_room}/read-only", data={"state": 1})
    assert share(p1, group_room, "call", "1", CALL).status_code == 403


def test_non_members_and_anonymous_callers_get_404(p3, guest, group_room):
    assert share(p3, group_room, "call", "1", CALL).status_code == 404
    assert share(guest, group_room, "call", "1", CALL).status_code == 404


def test_share_in_xml_and_over_v1(p1, group_room):
    response = share(p1, group_room, "call", "R4nd0mT0k3n", CALL, fmt=None)
    assert response.status_code == 201
    data = ocs_xml(response).find("data")
    shown = data.find("messageParameters").find("object")
    assert shown.find("call-type").text == "group"
    v1 = share(p1, group_room, "call", "R4nd0mT0k3n", CALL, version=1)
    assert v1.status_code == 200
    assert ocs_json(v1)["meta"]["statuscode"] == 201
    bad = share(p1, group_room, "call", "R4nd0mT0k3n", {}, version=1)
    assert (ocs_json(bad)["meta"]["statuscode"], ocs_json(bad)["data"]) == (
        400,
        {"error": "object"},
    )


# --- deleting (rich-object-delete) and reacting ---------------------------------------------


def test_deleting_a_shared_object_works_as_deleting_a_message(p1, p2, group_room):
    sent = answer(share(p2, group_room, "geo-location", GEO, LOCATION))
    deleted = answer(p2.delete(f"{BASE}/v1/chat/{group_room}/{sent['id']}"), 200)
    assert deleted["systemMessage"] == "message_deleted"
    parent = deleted["parent"]
    assert (parent["message"], parent["messageType"]) == (
        "Message deleted by you",
        "comment_deleted",
    )
    assert list(parent["messageParameters"]) == ["actor"]
    assert ocs_json(shared(p1, group_room, "location"))["data"] == []


def test_others_delete_shared_objects_only_as_moderators(p1, p2, group_room):
    sent = answer(share(p1, group_room, "call", "1", CALL))
    refused = p2.delete(f"{BASE}/v1/chat/{group_room}/{sent['id']}")
    assert answer(refused, 403) == {"error": "permission"}
    mine = answer(share(p2, group_room, "call", "2", CALL))
    assert p1.delete(f"{BASE}/v1/chat/{group_room}/{mine['id']}").status_code == 200


def test_shared_objects_can_be_replied_and_reacted_to(p1, p2, group_room):
    sent = answer(share(p1, group_room, "call", "1", CALL))
    reply = p2.send(group_room, "nice", replyTo=sent["id"])
    assert reply["parent"]["message"] == "{object}"
    assert p2.react(group_room, sent["id"], "👍").status_code == 201


# --- GET v1/chat/{token}/share --------------------------------------------------------------


def test_shared_items_of_a_kind_by_message_id(p1, p2, group_room):
    first = answer(share(p1, group_room, "geo-location", GEO, LOCATION))
    answer(share(p1, group_room, "call", "1", CALL))
    second = answer(share(p2, group_room, "geo-location", "geo:1,2", LOCATION))
    response = shared(p1, group_room, "location")
    data = ocs_json(response)["data"]
    assert list(data) == [str(first["id"]), str(second["id"])]
    assert response["X-Chat-Last-Given"] == str(first["id"])
    item = data[str(second["id"])]
    assert list(item) == MESSAGE_KEYS
    assert item["messageParameters"]["object"]["id"] == "geo:1,2"
    other = ocs_json(shared(p1, group_room, "other"))["data"]
    assert [entry["messageParameters"]["object"]["type"] for entry in other.values()] == ["call"]


def test_deck_cards_are_listed_as_deckcard(p1, group_room):
    sent = answer(share(p1, group_room, "deck-card", "1", CARD))
    assert list(ocs_json(shared(p1, group_room, "deckcard"))["data"]) == [str(sent["id"])]


def test_paging_with_last_known_message_id_and_limit(p1, group_room):
    sent = [answer(share(p1, group_room, "call", str(i), CALL))["id"] for i in range(5)]
    page = shared(p1, group_room, "other", limit=2)
    assert list(ocs_json(page)["data"]) == [str(i) for i in sent[3:]]
    following = shared(
        p1, group_room, "other", limit=2, lastKnownMessageId=page["X-Chat-Last-Given"]
    )
    assert list(ocs_json(following)["data"]) == [str(i) for i in sent[1:3]]


def test_nothing_shared_is_an_empty_list_without_header(p1, group_room):
    response = shared(p1, group_room, "location")
    assert ocs_json(response)["data"] == []
    assert "X-Chat-Last-Given" not in response
    assert ocs_json(shared(p1, group_room, "no-such-kind"))["data"] == []


def test_missing_object_type_or_bad_paging_is_400(p1, group_room):
    assert p1.get(f"{BASE}/v1/chat/{group_room}/share").status_code == 400
    assert shared(p1, group_room, "other", limit="x").status_code == 400
    assert shared(p1, group_room, "other", lastKnownMessageId=-1).status_code == 400


def test_listing_needs_membership_and_respects_the_lobby(p1, p2, p3, group_room):
    assert shared(p3, group_room, "other").status_code == 404
    p1.put(f"{ROOMS}/{group_room}/webinar/lobby", data={"state": 1})
    assert shared(p2, group_room, "other").status_code == 412
    assert overview(p2, group_room).status_code == 412
    p1.put(f"{ROOMS}/{group_room}/read-only", data={"state": 1})
    assert shared(p1, group_room, "other").status_code == 200


def test_shared_list_in_xml_and_over_v1(p1, group_room):
    sent = answer(share(p1, group_room, "call", "1", CALL))
    root = ocs_xml(
        p1.get(f"{BASE}/v1/chat/{group_room}/share", fmt=None, data={"objectType": "other"})
    )
    elements = list(root.find("data"))
    assert [e.tag for e in elements] == ["element"]
    assert elements[0].find("id").text == str(sent["id"])
    v1 = p1.get(f"{BASE}/v1/chat/{group_room}/share", version=1, data={"objectType": "other"})
    assert list(ocs_json(v1)["data"]) == [str(sent["id"])]


# --- GET v1/chat/{token}/share/overview -----------------------------------------------------


def test_overview_lists_every_kind_newest_first(p1, group_room):
    data = ocs_json(overview(p1, group_room))["data"]
    assert data == {kind: [] for kind in ATTACHMENT_TYPES}
    assert list(data) == list(ATTACHMENT_TYPES)
    calls = [answer(share(p1, group_room, "call", str(i), CALL))["id"] for i in range(9)]
    location = answer(share(p1, group_room, "geo-location", GEO, LOCATION))["id"]
    data = ocs_json(overview(p1, group_room))["data"]
    assert [item["id"] for item in data["other"]] == calls[::-1][:7]
    assert [item["id"] for item in data["location"]] == [location]
    assert list(data["other"][0]) == MESSAGE_KEYS
    limited = ocs_json(overview(p1, group_room, limit=50))["data"]
    assert len(limited["other"]) == 9
    assert len(ocs_json(overview(p1, group_room, limit=2))["data"]["other"]) == 2


def test_overview_caps_the_limit_at_twenty(p1, group_room):
    for i in range(22):
        answer(share(p1, group_room, "call", str(i), CALL))
    assert len(ocs_json(overview(p1, group_room, limit=100))["data"]["other"]) == 20


def _queries(request) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert request().status_code == 200
    return len(queries)


def test_the_lists_run_a_constant_number_of_queries(p1, p2, group_room):
    answer(share(p1, group_room, "call", "0", CALL))
    small = (
        _queries(lambda: overview(p1, group_room)),
        _queries(lambda: shared(p1, group_room, "other")),
    )
    for i in range(5):
        answer(share(p2, group_room, "call", str(i), CALL))
        answer(share(p1, group_room, "geo-location", GEO, LOCATION))
    large = (
        _queries(lambda: overview(p1, group_room)),
        _queries(lambda: shared(p1, group_room, "other")),
    )
    assert small == large


def test_overview_in_xml(p1, group_room):
    answer(share(p1, group_room, "call", "1", CALL))
    root = ocs_xml(p1.get(f"{BASE}/v1/chat/{group_room}/share/overview", fmt=None))
    data = root.find("data")
    assert [child.tag for child in data] == list(ATTACHMENT_TYPES)
    assert len(data.find("other")) == 1
