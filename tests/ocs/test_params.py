"""Parameter merging and PHP-style casting, as units over DRF requests."""

import json

import pytest
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from ocs.exceptions import BadRequest
from ocs.negotiation import OCSContentNegotiation
from ocs.params import get_lenient_int, get_non_negative_int, get_str, merged_params, php_int
from ocs.parsers import OCSJSONParser

factory = APIRequestFactory()


def drf(django_request, **kwargs):
    request = Request(
        django_request,
        parsers=[OCSJSONParser(), FormParser(), MultiPartParser()],
        negotiator=OCSContentNegotiation(),
        parser_context={"kwargs": kwargs},
    )
    return request


def test_query_string_plus_is_a_space():
    request = drf(factory.get("/x?message=cool+status&icon=%F0%9F%91%8D"))
    assert merged_params(request) == {"message": "cool status", "icon": "👍"}


def test_form_body_on_put_overrides_query():
    raw = factory.put(
        "/x?statusType=online", "statusType=away", content_type="application/x-www-form-urlencoded"
    )
    assert merged_params(drf(raw))["statusType"] == "away"


def test_json_body_on_delete_is_read_and_keeps_types():
    raw = factory.delete(
        "/x?a=1", json.dumps({"clearAt": 5, "x": None}), content_type="application/json"
    )
    params = merged_params(drf(raw))
    assert params == {"a": "1", "clearAt": 5, "x": None}


def test_vendor_json_content_type_is_parsed():
    raw = factory.post("/x", json.dumps({"a": "b"}), content_type="application/vnd.api+json")
    assert merged_params(drf(raw))["a"] == "b"


def test_body_overrides_path_parameter():
    raw = factory.delete(
        "/x", json.dumps({"messageId": "from-body"}), content_type="application/json"
    )
    assert merged_params(drf(raw, messageId="from-path"))["messageId"] == "from-body"


def test_path_parameter_overrides_post_form():
    raw = factory.post("/x", {"token": "form"})
    assert merged_params(drf(raw, token="path"))["token"] == "path"


def test_json_body_that_is_not_an_object_adds_nothing():
    raw = factory.put("/x?a=1", json.dumps([1, 2]), content_type="application/json")
    assert merged_params(drf(raw)) == {"a": "1"}


def test_get_str_required_missing_names_the_parameter():
    with pytest.raises(BadRequest, match='"statusType"'):
        get_str(drf(factory.get("/x")), "statusType", required=True)


def test_get_str_casts_scalars_like_php_and_rejects_structures():
    raw = factory.put(
        "/x", json.dumps({"n": 5, "t": True, "f": False, "o": {}}), content_type="application/json"
    )
    request = drf(raw)
    assert get_str(request, "n") == "5"
    assert get_str(request, "t") == "1"
    assert get_str(request, "f") == ""
    with pytest.raises(BadRequest):
        get_str(request, "o")


@pytest.mark.parametrize(
    ("value", "expected"),
    [("123", 123), ("abc", 0), ("12abc", 12), (" 7", 7), ("-3", -3), (True, 1), (2.9, 2), ("", 0)],
)
def test_php_int_casts_like_settype(value, expected):
    assert php_int(value) == expected


def test_lenient_int_is_none_when_absent_or_null():
    raw = factory.put("/x", json.dumps({"clearAt": None}), content_type="application/json")
    request = drf(raw)
    assert get_lenient_int(request, "clearAt") is None
    assert get_lenient_int(request, "other") is None


@pytest.mark.parametrize("bad", ["-1", "abc", "1.5", "\uff11\uff12"])
def test_non_negative_int_rejects_malformed_values_with_400(bad):
    with pytest.raises(BadRequest, match='"limit"'):
        get_non_negative_int(drf(factory.get("/x", {"limit": bad})), "limit")


def test_non_negative_int_accepts_digits_and_absence():
    assert get_non_negative_int(drf(factory.get("/x", {"limit": "10"})), "limit") == 10
    assert get_non_negative_int(drf(factory.get("/x")), "limit") is None


@pytest.mark.parametrize("bad", ["a\x00b", "\ud800", "x\udfffy"])
def test_get_str_refuses_text_no_database_can_store(bad):
    request = drf(
        factory.put("/x", data=json.dumps({"message": bad}), content_type="application/json")
    )
    with pytest.raises(BadRequest, match='"message" contains characters that cannot be stored'):
        get_str(request, "message")


def test_get_str_keeps_every_other_character():
    text = "tab\t, newline\n, emoji 👍, bidi \u202e, max \U0010ffff"
    request = drf(factory.put("/x", data={"message": text}))
    assert get_str(request, "message") == text


@pytest.mark.parametrize(
    ("value", "expected"),
    [("9" * 30, 2**63 - 1), ("-" + "9" * 30, -(2**63)), (10**40, 2**63 - 1), (1e300, 2**63 - 1)],
)
def test_php_int_saturates_at_64_bits(value, expected):
    assert php_int(value) == expected
