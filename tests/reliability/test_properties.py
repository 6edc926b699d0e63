"""Property tests (hypothesis) for hostile and malformed input, from units to HTTP.

* The emoji validator never raises for any ``str`` (lone surrogates, control characters),
  rejects every run of two or more emoji and every ASCII string.
* Parameter parsing (``ocs.params``) never raises anything but ``BadRequest`` (or DRF's
  ``ParseError`` for a body that claims JSON and does not parse, both answered 400) for
  arbitrary query strings, form bodies and JSON bodies, and its typed getters return what
  they promise.
* The XML renderer writes well-formed XML with the envelope's shape for arbitrary nested
  data with arbitrary Unicode keys and values, and reading it back gives the data, modulo
  the documented substitution of the code points XML 1.0 cannot carry (U+FFFD); the JSON
  renderer's output parses back to exactly the data, ASCII only, ``/ < >`` escaped.
* Over HTTP: over-long values and huge bodies are a 4xx in the envelope, never a 5xx;
  arbitrary JSON values for every parameter of every write operation likewise.
* Round trips: whatever status message, status icon, chat message, conversation name or
  reaction the API accepts is read back through the API exactly as stored, in JSON and in
  XML; whatever it refuses is refused with a 4xx envelope and leaves nothing behind.

Generation is deterministic (``derandomize``, no example database) and bounded.
"""

import json
import re
from urllib.parse import quote_from_bytes, urlencode
from xml.etree import ElementTree

import emoji
import pytest
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from rest_framework.exceptions import ParseError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from ocs.emoji import is_valid_single_emoji
from ocs.exceptions import BadRequest
from ocs.negotiation import OCSContentNegotiation
from ocs.openapi import routes
from ocs.params import (
    PHP_INT_MAX,
    PHP_INT_MIN,
    get_lenient_int,
    get_non_negative_int,
    get_str,
    merged_params,
    php_int,
)
from ocs.parsers import OCSJSONParser
from ocs.renderers import to_json, to_xml
from reactions.models import Message, Reaction, Room
from tests.conftest import PASSWORD, OCSClient, basic, ocs_json, ocs_xml
from tests.factories import UserFactory
from user_status.models import UserStatus

UNIT = settings(max_examples=300, derandomize=True, database=None, deadline=None)
HTTP = settings(
    max_examples=40,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Every code point, lone surrogates included (hypothesis leaves them out by default).
ANY_CHAR = st.characters(codec=None, exclude_categories=())
ANY_TEXT = st.text(ANY_CHAR, max_size=40)
HOSTILE = st.sampled_from(
    [
        *("]]>", "<![CDATA[x]]>", "&amp;", "&#0;", "\x00", "\r\n", "\r", "\ud800", "\udfff"),
        *("\ufffe", "\uffff", "\x1b[31m", "\u202e", "\u200d", '"', "'", "<", ">", "&", "/"),
        *("\\", "{}", " "),
    ]
)
HOSTILE_TEXT = st.lists(st.one_of(ANY_TEXT, HOSTILE), max_size=5).map("".join)
EMOJI_POOL = sorted(emoji.EMOJI_DATA)

US = "apps/user_status/api/v1"
TALK = "apps/spreed/api"
JSON_TYPE = "application/json; charset=utf-8"
# XML 1.0 cannot carry these; the renderer writes U+FFFD instead (see ocs.renderers).
XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(value: str) -> str:
    return XML_FORBIDDEN.sub("\ufffd", value)


# --- the emoji validator ------------------------------------------------------------------


@UNIT
@given(ANY_TEXT)
def test_the_emoji_validator_never_raises_and_answers_a_bool(value):
    assert type(is_valid_single_emoji(value)) is bool


@UNIT
@given(HOSTILE_TEXT)
def test_the_emoji_validator_survives_hostile_text(value):
    assert type(is_valid_single_emoji(value)) is bool


# Emoji that stand alone as a grapheme cluster: not a lone part that would join its neighbour
# (skin tones, ZWJ, variation selectors, keycap and tag characters extend the cluster before
# them; two regional indicators pair up into one flag).
_EXTENDING = re.compile("[\U0001f3fb-\U0001f3ff\u200d\ufe0e\ufe0f\u20e3\U000e0020-\U000e007f]")
_REGIONAL = re.compile("[\U0001f1e6-\U0001f1ff]")
STANDALONE_EMOJI = [
    e for e in EMOJI_POOL if not _EXTENDING.match(e) and not (_REGIONAL.match(e) and len(e) == 1)
]


def test_the_standalone_emoji_pool_is_large_and_each_is_valid():
    assert len(STANDALONE_EMOJI) > 4000
    assert all(is_valid_single_emoji(e) for e in STANDALONE_EMOJI)


@UNIT
@given(st.lists(st.sampled_from(STANDALONE_EMOJI), min_size=2, max_size=5))
def test_two_or_more_emoji_are_never_one(parts):
    assert is_valid_single_emoji("".join(parts)) is False


@UNIT
@given(st.text(st.characters(max_codepoint=0x7F), max_size=40))
def test_ascii_is_never_an_emoji(value):
    assert is_valid_single_emoji(value) is False


# --- parameter parsing --------------------------------------------------------------------

factory = APIRequestFactory()


def drf(django_request, **path):
    return Request(
        django_request,
        parsers=[OCSJSONParser(), FormParser(), MultiPartParser()],
        negotiator=OCSContentNegotiation(),
        parser_context={"kwargs": path},
    )


NAMES = st.sampled_from(["message", "limit", "clearAt", "format", "reaction", "a b", "ä", ""])


def _json_values(floats):
    return st.recursive(
        st.one_of(
            st.none(),
            st.booleans(),
            st.integers(min_value=-(10**30), max_value=10**30),
            floats,
            HOSTILE_TEXT,
        ),
        lambda children: st.one_of(
            st.lists(children, max_size=3), st.dictionaries(HOSTILE_TEXT, children, max_size=3)
        ),
        max_leaves=8,
    )


# NaN and infinities too: Python's JSON writes and reads NaN and Infinity.
JSON_VALUES = _json_values(st.floats())
FINITE_JSON_VALUES = _json_values(st.floats(allow_nan=False))  # equal to themselves


def _encoded_pairs(pairs) -> str:
    """``k=v&…`` with every byte of the UTF-8 form percent-encoded (lone surrogates too)."""
    return "&".join(
        quote_from_bytes(k.encode("utf-8", "surrogatepass"))
        + "="
        + quote_from_bytes(v.encode("utf-8", "surrogatepass"))
        for k, v in pairs
    )


PAIRS = st.lists(st.tuples(st.one_of(NAMES, HOSTILE_TEXT), HOSTILE_TEXT), max_size=5)
RAW_QUERY = st.one_of(
    st.binary(max_size=60).map(lambda raw: quote_from_bytes(raw, safe="=&+%;")),
    PAIRS.map(_encoded_pairs),
)
BODIES = st.one_of(
    # A JSON document of any shape (NaN and Infinity as Python writes them).
    st.tuples(st.just("application/json"), JSON_VALUES.map(lambda v: json.dumps(v).encode())),
    st.tuples(
        st.just("application/json"),
        st.dictionaries(st.one_of(NAMES, HOSTILE_TEXT), JSON_VALUES, max_size=5).map(
            lambda v: json.dumps(v).encode()
        ),
    ),
    # Anything at all, claiming to be JSON or a form.
    st.tuples(
        st.sampled_from(
            ["application/json", "application/x-www-form-urlencoded", "application/vnd.x+json"]
        ),
        st.binary(max_size=80),
    ),
    st.tuples(
        st.just("application/x-www-form-urlencoded"),
        PAIRS.map(lambda pairs: _encoded_pairs(pairs).encode()),
    ),
)


def _read_every_parameter(request, *, broken_body_allowed: bool) -> dict | None:
    """Call every getter on every parameter; return the merged parameters, or None when the
    request was refused with an allowed error."""
    try:
        params = merged_params(request)
    except BadRequest:
        return None
    except ParseError:
        assert broken_body_allowed
        return None
    for name in {*params, "message", "limit", "clearAt", "missing"}:
        for required in (False, True):
            try:
                text = get_str(request, name, required=required)
            except BadRequest as error:
                assert f'"{name}"' in error.message, error.message
            else:
                assert text is None or isinstance(text, str)
                if text is not None:
                    assert "\x00" not in text
                    text.encode("utf-8")  # storable: no lone surrogate
        lenient = get_lenient_int(request, name)
        assert lenient is None or PHP_INT_MIN <= lenient <= PHP_INT_MAX
        try:
            number = get_non_negative_int(request, name)
        except BadRequest as error:
            assert error.message == f'Parameter "{name}" must be a non-negative integer'
        else:
            assert number is None or 0 <= number <= PHP_INT_MAX
    return params


@UNIT
@given(RAW_QUERY, st.sampled_from(["GET", "DELETE", "PUT", "POST"]))
def test_any_query_string_parses_or_is_refused_with_bad_request(query, method):
    request = drf(factory.generic(method, "/x?" + query))
    _read_every_parameter(request, broken_body_allowed=False)


@UNIT
@given(RAW_QUERY, BODIES, st.sampled_from(["PUT", "POST", "DELETE"]))
def test_any_body_parses_or_is_refused_with_bad_request(query, body, method):
    content_type, raw = body
    request = drf(factory.generic(method, "/x?" + query, raw, content_type=content_type))
    _read_every_parameter(request, broken_body_allowed=True)


@UNIT
@given(
    st.dictionaries(st.sampled_from(["a", "b", "format"]), HOSTILE_TEXT, max_size=3),
    st.dictionaries(st.one_of(NAMES, HOSTILE_TEXT), FINITE_JSON_VALUES, max_size=4),
)
def test_a_json_body_overrides_the_query_string_key_by_key(query, body):
    raw = factory.generic(
        "PUT",
        "/x?" + urlencode({k: v.encode("utf-8", "surrogatepass") for k, v in query.items()}),
        json.dumps(body),
        content_type="application/json",
    )
    expected_query = {
        k: v.encode("utf-8", "surrogatepass").decode("utf-8", "replace") for k, v in query.items()
    }
    # What the body means once parsed: adjacent escaped surrogates read as one character.
    sent = json.loads(json.dumps(body))
    assert merged_params(drf(raw)) == {**expected_query, **sent}


@UNIT
@given(JSON_VALUES)
def test_php_int_of_any_json_value_is_a_64_bit_integer(value):
    number = php_int(value)
    assert type(number) is int
    assert PHP_INT_MIN <= number <= PHP_INT_MAX


def test_too_many_query_fields_are_a_bad_request_not_a_crash():
    query = "&".join(f"k{i}=v" for i in range(1001))
    with pytest.raises(BadRequest, match="too large"):
        merged_params(drf(factory.get("/x?" + query)))


def test_too_many_form_fields_are_a_bad_request_not_a_crash():
    body = "&".join(f"k{i}=v" for i in range(1001))
    raw = factory.put("/x", body, content_type="application/x-www-form-urlencoded")
    with pytest.raises(BadRequest, match="too large"):
        merged_params(drf(raw))


# --- the renderers ------------------------------------------------------------------------

# Keys: anything, text that looks like an element name (where a renderer must not trust
# \w), numbers, emoji.
KEYS = st.one_of(
    HOSTILE_TEXT,
    st.from_regex(r"[A-Za-z_][\w.\-]{0,6}", fullmatch=True),
    st.integers(min_value=-3, max_value=50),
    st.sampled_from(EMOJI_POOL),
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    HOSTILE_TEXT,
    st.sampled_from(EMOJI_POOL),
)
DATA = st.recursive(
    SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(KEYS, children, max_size=4)
    ),
    max_leaves=25,
)


def _scalar_text(value) -> str:
    """The text of a scalar in XML: null and false empty, true 1, integral floats as ints."""
    if value is None or value is False:
        return ""
    if value is True:
        return "1"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return xml_text(str(value))


def _xml_name(key) -> tuple[str, str | None]:
    """(element name, key attribute) a map key is written as."""
    if isinstance(key, int) or key.isdigit():
        return "element", None
    return ("element", xml_text(key)) if not _is_plain_name(key) else (key, None)


def _is_plain_name(key: str) -> bool:
    """An ASCII XML name: written as the element name itself. Other keys may be written
    either way; the read-back accepts both (see _matches)."""
    return re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.\-]*", key) is not None


def expected_xml(value):
    """What reading the XML back must give: a list of ((name, key), child) or a text."""
    if isinstance(value, dict | list) and value:
        items = value.items() if isinstance(value, dict) else ((0, v) for v in value)
        return [(key, expected_xml(item)) for key, item in items]
    if isinstance(value, dict | list):
        return ""
    return _scalar_text(value)


def read_xml(element: ElementTree.Element):
    if len(element):
        return [((child.tag, child.get("key")), read_xml(child)) for child in element]
    return element.text or ""


def _matches(expected, read) -> bool:
    if isinstance(expected, str) or isinstance(read, str):
        return expected == read
    if len(expected) != len(read):
        return False
    for (key, want), ((tag, attribute), got) in zip(expected, read, strict=True):
        if isinstance(key, int) or key.isdigit():
            if (tag, attribute) != ("element", None):
                return False
        elif _is_plain_name(key):
            if (tag, attribute) != (key, None):
                return False
        elif (tag, attribute) not in ((xml_text(key), None), ("element", xml_text(key))):
            return False
        if not _matches(want, got):
            return False
    return True


@UNIT
@given(DATA, st.sampled_from([100, 200, 404, 997]))
def test_xml_of_any_data_is_a_well_formed_envelope_that_reads_back(data, statuscode):
    document = {
        "ocs": {
            "meta": {"status": "failure", "statuscode": statuscode, "message": "x]]>\x01"},
            "data": data,
        }
    }
    body = to_xml(document).encode("utf-8")  # what the renderer sends; no lone surrogate
    assert body.startswith(b'<?xml version="1.0"?>\n<ocs>\n')
    root = ElementTree.fromstring(body)
    assert root.tag == "ocs"
    assert [child.tag for child in root] == ["meta", "data"]
    assert root.findtext("meta/statuscode") == str(statuscode)
    assert root.findtext("meta/message") == "x]]>\ufffd"
    assert _matches(expected_xml(data), read_xml(root.find("data"))), body


def _utf16(text: str) -> str:
    """JSON's ``\\uXXXX`` escapes are UTF-16 code units: two surrogates in a row read back
    as the one code point they encode; lone ones stay lone."""
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")


def _json_view(value):
    """The data as JSON gives it back: map keys are strings (and text as UTF-16 reads it)."""
    if isinstance(value, dict):
        return {_utf16(str(k)): _json_view(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_view(v) for v in value]
    if isinstance(value, str):
        return _utf16(value)
    return value


@UNIT
@given(DATA)
def test_json_of_any_data_parses_back_to_the_same_data(data):
    text = to_json({"ocs": {"meta": {"statuscode": 200}, "data": data}})
    assert text.isascii()
    assert not re.search(r"(?<!\\)/|[<>]", text), text
    assert json.loads(text) == {"ocs": {"meta": {"statuscode": 200}, "data": _json_view(data)}}


# --- hostile input over HTTP --------------------------------------------------------------


@pytest.fixture
def alice(db):
    UserFactory(username="alice", first_name="Alice", password=PASSWORD)
    UserFactory(username="bob", first_name="Bob", password=PASSWORD)
    return OCSClient("alice", PASSWORD)


@pytest.fixture
def room(alice):
    response = alice.post(f"{TALK}/v4/room", data={"roomType": 3, "roomName": "Room"})
    assert response.status_code == 201, response.content
    token = ocs_json(response)["data"]["token"]
    added = alice.post(f"{TALK}/v4/room/{token}/participants", data={"newParticipant": "bob"})
    assert added.status_code == 200, added.content
    sent = alice.post(f"{TALK}/v1/chat/{token}", data={"message": "Hello"})
    assert sent.status_code == 201, sent.content
    return token, ocs_json(sent)["data"]["id"]


def assert_envelope(response, status: int, message: str | None, fmt: str = "json"):
    """A v2 answer: this 4xx status, in the envelope of the asked-for format."""
    assert response.status_code == status, response.content[:300]
    if fmt == "json":
        meta = ocs_json(response)["meta"]
    else:
        meta = {child.tag: child.text or "" for child in ocs_xml(response).find("meta")}
        meta["statuscode"] = int(meta["statuscode"])
    assert (meta["status"], meta["statuscode"]) == ("failure", status)
    if message is not None:
        assert meta["message"] == message
    return meta


def raw(client, method, path, body: bytes, content_type: str, fmt="json", **headers):
    return client.generic(
        method,
        f"/ocs/v2.php/{path}?format={fmt}",
        body,
        content_type=content_type,
        headers={"OCS-APIRequest": "true", "Authorization": basic("alice", PASSWORD), **headers},
    )


TEN_MB = 10 * 1024 * 1024
TOO_LARGE = "The request is too large"  # ocs.exceptions.REQUEST_TOO_LARGE


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_10_mb_form_body_is_a_400_envelope(alice, fmt):
    body = b"message=" + b"x" * TEN_MB
    path = f"{US}/user_status/message/custom"
    response = raw(alice.client, "PUT", path, body, "application/x-www-form-urlencoded", fmt)
    assert_envelope(response, 400, TOO_LARGE, fmt)
    assert not UserStatus.objects.exists()


def test_a_10_mb_form_body_to_the_chat_is_a_400_envelope(alice, room):
    token, _ = room
    before = Message.objects.count()
    body = b"message=" + b"x" * TEN_MB
    response = raw(
        alice.client, "POST", f"{TALK}/v1/chat/{token}", body, "application/x-www-form-urlencoded"
    )
    assert_envelope(response, 400, TOO_LARGE)
    assert Message.objects.count() == before


def test_a_10_mb_form_body_with_a_session_and_no_api_header(alice):
    """Without the API header a session's CSRF check runs first, and on POST it reads the
    form body for a token: too large is a 400 there too; PUT is refused by that check."""
    session = Client(enforce_csrf_checks=True)
    session.force_login(UserFactory(username="alice"))
    session.cookies["csrftoken"] = "a" * 32
    body = b"roomName=" + b"x" * TEN_MB
    form = "application/x-www-form-urlencoded"
    posted = session.post(f"/ocs/v2.php/{TALK}/v4/room?format=json", body, content_type=form)
    assert_envelope(posted, 400, TOO_LARGE)
    put = session.put(f"/ocs/v2.php/{US}/user_status/status?format=json", body, content_type=form)
    assert put.status_code == 412
    assert put.content == b'{"message":"CSRF check failed"}'
    assert not Room.objects.exists()


def test_a_10_mb_json_body_is_a_4xx_envelope(alice, room):
    token, _ = room
    body = json.dumps({"message": "x" * TEN_MB}).encode()
    response = raw(
        alice.client, "PUT", f"{US}/user_status/message/custom", body, "application/json"
    )
    assert_envelope(response, 400, TOO_LARGE)  # refused before it is read whole
    before = Message.objects.count()
    response = raw(alice.client, "POST", f"{TALK}/v1/chat/{token}", body, "application/json")
    assert_envelope(response, 400, TOO_LARGE)
    # Under the limit, the chat's own rule answers: a message over 32 000 characters is 413.
    long_message = json.dumps({"message": "x" * 1_000_000}).encode()
    response = raw(
        alice.client, "POST", f"{TALK}/v1/chat/{token}", long_message, "application/json"
    )
    assert_envelope(response, 413, "")  # the reason is in data, as in Talk
    assert ocs_json(response)["data"] == {"error": "message"}
    assert Message.objects.count() == before
    assert not UserStatus.objects.exists()


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_100_000_character_status_message_is_a_400(alice, fmt):
    response = alice.put(
        f"{US}/user_status/message/custom", data={"message": "m" * 100_000}, fmt=fmt
    )
    assert_envelope(response, 400, "Message is longer than supported length of 80 characters", fmt)
    assert not UserStatus.objects.exists()


@pytest.mark.parametrize(
    ("message", "as_json"),
    [
        ("ü" * 32_001, False),
        ("ü" * 32_001, True),
        ("x" * 1_000_000, False),  # a 1 MB form
        ("ü" * 400_000, True),  # 2.4 MB of JSON: just under the body limit
    ],
)
def test_an_over_long_chat_message_is_a_413(alice, room, message, as_json):
    token, _ = room
    before = Message.objects.count()
    if as_json:
        response = alice.post(f"{TALK}/v1/chat/{token}", json_body={"message": message})
    else:
        response = alice.post(f"{TALK}/v1/chat/{token}", data={"message": message})
    assert_envelope(response, 413, "")  # the reason is in data, as in Talk
    assert ocs_json(response)["data"] == {"error": "message"}
    assert Message.objects.count() == before


def test_a_chat_message_of_1_000_000_characters_in_a_6_mb_form_is_a_400(alice, room):
    token, _ = room
    before = Message.objects.count()
    response = alice.post(f"{TALK}/v1/chat/{token}", data={"message": "ü" * 1_000_000})
    assert_envelope(response, 400, TOO_LARGE)
    assert Message.objects.count() == before


def test_a_32_000_character_chat_message_is_kept_whole(alice, room):
    token, _ = room
    response = alice.post(f"{TALK}/v1/chat/{token}", json_body={"message": "ü" * 32_000})
    assert response.status_code == 201, response.content[:300]
    assert ocs_json(response)["data"]["message"] == "ü" * 32_000


@pytest.mark.parametrize(
    "reaction",
    ["👍" * 100_000, "👍" + "\ufe0f" * 100_000, "🏳️‍🌈" * 10, "x" * 1_000_000, " " * 100_000],
)
def test_a_huge_reaction_string_is_a_400(alice, room, reaction):
    token, message_id = room
    response = alice.post(
        f"{TALK}/v1/reaction/{token}/{message_id}", json_body={"reaction": reaction}
    )
    assert_envelope(response, 400, "")
    assert not Reaction.objects.exists()


def test_a_huge_status_icon_is_a_400(alice):
    response = alice.put(
        f"{US}/user_status/message/custom", json_body={"statusIcon": "👍" + "\ufe0f" * 100_000}
    )
    assert_envelope(response, 400, "Status-Icon is longer than one character")
    assert not UserStatus.objects.exists()


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_too_many_query_parameters_are_a_400_envelope(alice, fmt):
    query = "&".join(f"k{i}=v" for i in range(2000))
    response = alice.get(f"cloud/user?{query}", fmt=fmt)
    assert_envelope(response, 400, TOO_LARGE, fmt)


def test_too_many_form_fields_are_a_400_envelope(alice):
    body = "&".join(f"k{i}=v" for i in range(2000)).encode()
    response = raw(
        alice.client, "PUT", f"{US}/user_status/status", body, "application/x-www-form-urlencoded"
    )
    assert_envelope(response, 400, TOO_LARGE)


def test_a_huge_path_parameter_is_an_unknown_route(alice):
    response = alice.get(f"{TALK}/v4/room/{'a' * 100_000}")
    assert_envelope(response, 404, None)
    assert ocs_json(response)["meta"]["message"].startswith("Invalid query")


@pytest.mark.parametrize("content_type", ["text/plain", "application/octet-stream", "image/png"])
def test_a_body_of_another_media_type_is_not_read(alice, content_type):
    """A body that is neither JSON nor a form is not parsed, as in Nextcloud's
    ``lib/private/AppFramework/Http/Request.php``; only the query parameters count."""
    response = alice.client.put(
        f"/ocs/v2.php/{US}/user_status/status?format=json&statusType=away",
        b"statusType=dnd",
        content_type=content_type,
        headers={"OCS-APIRequest": "true", "Authorization": basic("alice", PASSWORD)},
    )
    assert response.status_code == 200, response.content[:300]
    assert ocs_json(response)["data"]["status"] == "away"


# Every write operation with every one of its parameters set to an arbitrary JSON value.
WRITES = [route for route in routes() if route.method in ("post", "put", "delete")]


def _concrete(path: str, token: str, message_id: int) -> str:
    return (
        path.replace("{token}", token)
        .replace("{messageId}", "call" if path.startswith(US) else str(message_id))
        .replace("{userId}", "bob")
    )


@pytest.mark.parametrize("route", WRITES, ids=[route.name for route in WRITES])
@settings(HTTP, max_examples=12)
@given(data=st.data(), fmt=st.sampled_from(["json", "xml"]))
def test_arbitrary_json_values_for_every_parameter_never_break_the_envelope(
    alice, room, route, data, fmt
):
    token, message_id = room
    names = [p.name for p in route.params] + ["format", "limit", "timer", "replyTo"]
    body = {
        name: data.draw(JSON_VALUES, label=name)
        for name in names
        if data.draw(st.booleans(), label=f"send {name}")
    }
    body.pop("format", None)
    text = json.dumps(body)  # NaN and Infinity as Python's JSON writes and reads them
    with transaction.atomic():  # undone, so that no example deletes the room of the next
        response = raw(
            alice.client,
            route.method.upper(),
            _concrete(route.path, token, message_id),
            text.encode(),
            "application/json",
            fmt,
        )
        transaction.set_rollback(True)
    event(f"{route.name} answered {response.status_code}")
    assert response.status_code < 500, response.content[:300]
    if response.status_code == 204:
        assert response.content == b""
        return
    if fmt == "json":
        assert response["Content-Type"] == JSON_TYPE
        assert list(ocs_json(response)) == ["meta", "data"]
        meta = ocs_json(response)["meta"]
    else:
        assert [child.tag for child in ocs_xml(response)] == ["meta", "data"]
        meta = {child.tag: child.text or "" for child in ocs_xml(response).find("meta")}
        meta["statuscode"] = int(meta["statuscode"])
    assert meta["statuscode"] == response.status_code  # v2: the HTTP status, repeated
    assert meta["status"] == ("ok" if response.status_code < 300 else "failure")


# --- round trips: what is accepted is read back exactly -----------------------------------


def _xml_data(response) -> ElementTree.Element:
    return ocs_xml(response).find("data")


def _send(client, method: str, path: str, params: dict, as_json: bool):
    if not as_json:
        try:
            urlencode({k: v.encode("utf-8") for k, v in params.items()})
        except UnicodeEncodeError:
            as_json = True  # a lone surrogate only travels in a JSON body (\\udXXX)
    if as_json:
        return client.call(method, path, json_body=params)
    return client.call(method, path, data=params)


def _storable(text: str) -> bool:
    """What every database keeps: no NUL, no lone surrogate."""
    return "\x00" not in text and not re.search("[\ud800-\udfff]", text)


def cannot_store(name: str) -> str:
    return f'Parameter "{name}" contains characters that cannot be stored'


MESSAGE_TOO_LONG = "Message is longer than supported length of 80 characters"


@HTTP
@given(message=HOSTILE_TEXT.filter(bool), as_json=st.booleans())
def test_a_status_message_is_read_back_as_stored(alice, message, as_json):
    before = list(UserStatus.objects.values_list("custom_message", flat=True))
    path = f"{US}/user_status/message/custom"
    response = _send(alice, "PUT", path, {"message": message}, as_json)
    event(f"answered {response.status_code}")
    if not _storable(message):
        assert_envelope(response, 400, cannot_store("message"))
    elif len(message) > 80:
        assert_envelope(response, 400, MESSAGE_TOO_LONG)
    if response.status_code != 200:
        assert list(UserStatus.objects.values_list("custom_message", flat=True)) == before
        return
    stored = ocs_json(response)["data"]["message"]
    assert stored == message
    assert ocs_json(alice.get(f"{US}/user_status"))["data"]["message"] == stored
    bob = OCSClient("bob", PASSWORD)
    assert ocs_json(bob.get(f"{US}/statuses/alice"))["data"]["message"] == stored
    listed = ocs_json(bob.get(f"{US}/statuses"))["data"]
    assert [s["message"] for s in listed if s["userId"] == "alice"] == [stored]
    xml = _xml_data(alice.get(f"{US}/user_status", fmt="xml"))
    assert (xml.findtext("message") or "") == xml_text(stored)
    xml = _xml_data(bob.get(f"{US}/statuses/alice", fmt="xml"))
    assert (xml.findtext("message") or "") == xml_text(stored)


@HTTP
@given(
    icon=st.one_of(st.sampled_from(EMOJI_POOL), HOSTILE_TEXT.filter(bool)),
    as_json=st.booleans(),
)
def test_a_status_icon_is_read_back_as_stored(alice, icon, as_json):
    before = list(UserStatus.objects.values_list("custom_icon", flat=True))
    path = f"{US}/user_status/message/custom"
    response = _send(alice, "PUT", path, {"statusIcon": icon}, as_json)
    event(f"answered {response.status_code}")
    if not _storable(icon):
        assert_envelope(response, 400, cannot_store("statusIcon"))
    elif not is_valid_single_emoji(icon):
        assert_envelope(response, 400, "Status-Icon is longer than one character")
    if response.status_code != 200:
        assert list(UserStatus.objects.values_list("custom_icon", flat=True)) == before
        return
    assert is_valid_single_emoji(icon)
    stored = ocs_json(response)["data"]["icon"]
    assert stored == icon
    assert ocs_json(alice.get(f"{US}/user_status"))["data"]["icon"] == stored
    bob = OCSClient("bob", PASSWORD)
    assert ocs_json(bob.get(f"{US}/statuses/alice"))["data"]["icon"] == stored
    assert _xml_data(alice.get(f"{US}/user_status", fmt="xml")).findtext("icon") == stored
    assert _xml_data(bob.get(f"{US}/statuses/alice", fmt="xml")).findtext("icon") == stored


@HTTP
@given(message=st.one_of(HOSTILE_TEXT, st.sampled_from(EMOJI_POOL)), as_json=st.booleans())
def test_a_chat_message_is_read_back_as_stored(alice, room, message, as_json):
    token, _ = room
    before = Message.objects.count()
    response = _send(alice, "POST", f"{TALK}/v1/chat/{token}", {"message": message}, as_json)
    event(f"answered {response.status_code}")
    if not _storable(message):
        assert_envelope(response, 400, cannot_store("message"))
    elif not message.strip():
        assert_envelope(response, 400, "")  # the reason is in data, as in Talk
        assert ocs_json(response)["data"] == {"error": "message"}
    if response.status_code != 201:
        assert Message.objects.count() == before
        return
    sent = ocs_json(response)["data"]
    assert sent["message"] == message.strip()  # trimmed, as Talk does
    history = alice.get(f"{TALK}/v1/chat/{token}", data={"lookIntoFuture": 0, "limit": 1})
    newest = ocs_json(history)["data"][0]
    assert (newest["id"], newest["message"]) == (sent["id"], sent["message"])
    room_data = ocs_json(alice.get(f"{TALK}/v4/room/{token}"))["data"]
    assert room_data["lastMessage"]["message"] == sent["message"]
    xml = _xml_data(
        alice.get(f"{TALK}/v1/chat/{token}", data={"lookIntoFuture": 0, "limit": 1}, fmt="xml")
    )
    entry = xml.find("element")
    assert entry.findtext("id") == str(sent["id"])
    assert (entry.findtext("message") or "") == xml_text(sent["message"])


@HTTP
@given(
    name=st.one_of(HOSTILE_TEXT, st.text(ANY_CHAR, min_size=250, max_size=260)),
    as_json=st.booleans(),
)
def test_a_conversation_name_is_read_back_as_stored(alice, name, as_json):
    before = Room.objects.count()
    params = {"roomType": "3", "roomName": name}
    response = _send(alice, "POST", f"{TALK}/v4/room", params, as_json)
    event(f"answered {response.status_code}")
    if not _storable(name):
        assert_envelope(response, 400, cannot_store("roomName"))
    elif len(name.strip()) > 255:
        assert_envelope(response, 400, "Room name is too long")
    elif not name.strip():
        assert_envelope(response, 400, "Room name is empty")
    if response.status_code != 201:
        assert Room.objects.count() == before
        return
    created = ocs_json(response)["data"]
    assert created["name"] == name.strip()
    token = created["token"]
    read = ocs_json(alice.get(f"{TALK}/v4/room/{token}"))["data"]
    assert (read["name"], read["displayName"]) == (created["name"], created["name"])
    listed = ocs_json(alice.get(f"{TALK}/v4/room"))["data"]
    assert [r["name"] for r in listed if r["token"] == token] == [created["name"]]
    xml = _xml_data(alice.get(f"{TALK}/v4/room/{token}", fmt="xml"))
    assert (xml.findtext("name") or "") == xml_text(created["name"])
    assert (xml.findtext("displayName") or "") == xml_text(created["name"])


@HTTP
@given(
    reaction=st.one_of(
        st.sampled_from(EMOJI_POOL),
        st.tuples(
            st.sampled_from(["", " ", "\t", "\n "]),
            st.sampled_from(EMOJI_POOL),
            st.sampled_from(["", " ", "\r\n"]),
        ).map("".join),
        HOSTILE_TEXT,
    ),
    as_json=st.booleans(),
)
def test_a_reaction_is_read_back_as_stored(alice, room, reaction, as_json):
    token, message_id = room
    path = f"{TALK}/v1/reaction/{token}/{message_id}"
    response = _send(alice, "POST", path, {"reaction": reaction}, as_json)
    event(f"answered {response.status_code}")
    if not _storable(reaction):
        assert_envelope(response, 400, cannot_store("reaction"))
    elif not is_valid_single_emoji(reaction.strip()):
        assert_envelope(response, 400, "")
    if response.status_code != 201:
        assert not Reaction.objects.exists()
        return
    stored = reaction.strip()
    mine = ocs_json(response)["data"][stored]
    assert [(r["actorType"], r["actorId"]) for r in mine] == [("users", "alice")]
    everything = ocs_json(alice.get(path))["data"]
    assert {key: [r["actorId"] for r in value] for key, value in everything.items()} == {
        stored: ["alice"]
    }
    assert list(ocs_json(alice.get(path, data={"reaction": stored}))["data"]) == [stored]
    history = ocs_json(alice.get(f"{TALK}/v1/chat/{token}", data={"lookIntoFuture": 0}))["data"]
    parent = next(m for m in history if m["id"] == message_id)
    assert (parent["reactions"], parent["reactionsSelf"]) == ({stored: 1}, [stored])
    xml = _xml_data(alice.get(path, fmt="xml"))
    assert [entry.get("key") for entry in xml.findall("element")] == [xml_text(stored)]
    xml = _xml_data(alice.get(f"{TALK}/v1/chat/{token}", data={"lookIntoFuture": 0}, fmt="xml"))
    parent = next(e for e in xml.findall("element") if e.findtext("id") == str(message_id))
    assert [e.get("key") for e in parent.find("reactions")] == [xml_text(stored)]
    # Removing it with the very text that was stored works, and leaves nothing behind.
    removed = _send(alice, "DELETE", path, {"reaction": stored}, as_json)
    assert removed.status_code == 200, removed.content[:300]
    assert ocs_json(removed)["data"] == {}
    assert not Reaction.objects.exists()
