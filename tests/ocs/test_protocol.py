"""The v1/v2 status rules, as units."""

import pytest

from ocs.protocol import outcome


@pytest.mark.parametrize(
    ("code", "http", "status", "message"),
    [
        (200, 200, "ok", "OK"),
        (201, 201, "ok", "OK"),
        (204, 204, "ok", "OK"),
        (400, 400, "failure", "boom"),
        (404, 404, "failure", "boom"),
        (997, 401, "failure", "boom"),
        (998, 404, "failure", "boom"),
        (996, 500, "failure", "boom"),
        (999, 500, "failure", "boom"),
        (100, 400, "failure", "boom"),
        (429, 429, "failure", "boom"),
    ],
)
def test_v2_uses_real_http_status_and_raw_code(code, http, status, message):
    result = outcome(2, code, "boom")
    assert result.http_status == http
    assert result.meta == {"status": status, "statuscode": code, "message": message}


@pytest.mark.parametrize(
    ("code", "http", "statuscode", "status"),
    [
        (200, 200, 100, "ok"),
        (201, 200, 201, "failure"),
        (204, 200, 204, "failure"),
        (400, 200, 400, "failure"),
        (404, 200, 404, "failure"),
        (998, 200, 998, "failure"),
        (996, 200, 996, "failure"),
        (997, 401, 997, "failure"),
        (429, 429, 429, "failure"),
        (503, 503, 503, "failure"),
    ],
)
def test_v1_answers_200_with_code_in_body_except_unauthorised(code, http, statuscode, status):
    result = outcome(1, code, "boom")
    assert result.http_status == http
    assert result.meta == {
        "status": status,
        "statuscode": statuscode,
        "message": "OK" if status == "ok" else "boom",
        "totalitems": "",
        "itemsperpage": "",
    }


def test_v2_no_content_has_an_empty_body_but_v1_does_not():
    assert outcome(2, 204).empty_body
    assert outcome(2, 304).empty_body
    assert not outcome(1, 204).empty_body
