"""The transcript parser reads every recorded exchange exactly."""

from pathlib import Path

import pytest

from tests.reference.transcripts import parse_transcript

FIXTURES = sorted((Path(__file__).parent / "fixtures").glob("*.txt"))


def test_every_recording_is_here():
    names = [p.name.split("_0")[0] for p in FIXTURES]
    assert names.count("user_status") == 9 and names.count("talk") == 6


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.stem)
def test_parser_reads_the_bodies_exactly(path):
    """The parsed bodies have the recorded Content-Length (a response body may have lost
    its final newline)."""
    exchanges = parse_transcript(path.read_text(encoding="utf-8"))
    assert exchanges
    for exchange in exchanges:
        sent = exchange.request_header("Content-Length")
        if sent is not None:
            assert int(sent) == len(exchange.request_body.encode()), exchange.title
        received = exchange.response_header("Content-Length")
        if received is not None:
            assert int(received) - len(exchange.response_body.encode()) in (0, 1), exchange.title
        assert exchange.response_header("Date"), exchange.title
