"""The per-process hub: who is woken by what, and that no wake-up is ever lost."""

import asyncio

import pytest

from ocs.live.events import MAX_PAYLOAD_BYTES, Event, new_event_id, publish
from ocs.live.hub import Hub


def event(topic: str = "room:a", kind: str = "message", **data) -> Event:
    return Event(new_event_id(), topic, kind, data)


def run(coroutine):
    return asyncio.run(coroutine)


def test_a_subscription_is_woken_by_its_topic_only():
    async def scenario():
        hub = Hub()
        mine = hub.subscribe(["room:a"])
        other = hub.subscribe(["room:b"])
        hub.dispatch([event("room:a")])
        assert await mine.wait(1) is True
        assert await other.wait(0.05) is False

    run(scenario())


def test_an_event_between_looking_and_waiting_is_not_missed():
    """Subscribe, look (nothing), event arrives, then wait: the wait returns at once."""

    async def scenario():
        hub = Hub()
        subscription = hub.subscribe(["room:a"])
        hub.dispatch([event("room:a")])  # while the waiter was still looking
        loop = asyncio.get_running_loop()
        started = loop.time()
        assert await subscription.wait(5) is True
        assert loop.time() - started < 0.1

    run(scenario())


def test_a_wait_ends_at_its_timeout_without_an_event():
    async def scenario():
        subscription = Hub().subscribe(["room:a"])
        loop = asyncio.get_running_loop()
        started = loop.time()
        assert await subscription.wait(0.2) is False
        assert 0.15 < loop.time() - started < 1

    run(scenario())


def test_a_stream_keeps_events_up_to_its_limit_then_is_marked_behind():
    async def scenario():
        hub = Hub()
        stream = hub.subscribe(["room:a"], limit=2)
        sent = [event("room:a", n=n) for n in range(3)]
        hub.dispatch(sent)
        assert await stream.wait(1)
        assert list(stream.events) == sent[:2]
        assert stream.overflowed

    run(scenario())


def test_a_waiter_keeps_no_events():
    async def scenario():
        hub = Hub()
        poll = hub.subscribe(["room:a"])
        hub.dispatch([event("room:a") for _ in range(5)])
        assert await poll.wait(1)
        assert not poll.events and not poll.overflowed

    run(scenario())


def test_a_reconnect_wakes_everyone_to_look_again_and_forgets_versions():
    async def scenario():
        hub = Hub()
        poll = hub.subscribe(["room:a"])
        hub.dispatch([event("room:a")])
        before = hub.version("room:a")
        assert await poll.wait(1)
        hub.reconnected()
        assert await poll.wait(1)
        assert poll.resync
        assert hub.version("room:a") != before
        assert hub.since(new_event_id()) is None  # the replay window is gone too

    run(scenario())


def test_versions_move_with_each_event_of_the_topic():
    hub = Hub()
    start = hub.version("room:a")
    hub.dispatch([event("room:b")])
    assert hub.version("room:a") == start
    hub.dispatch([event("room:a")])
    assert hub.version("room:a") != start


def test_replay_gives_the_events_after_a_known_id_and_none_for_an_unknown_one():
    hub = Hub(replay_events=3)
    sent = [event(n=n) for n in range(5)]
    hub.dispatch(sent)
    assert hub.since(sent[2].id) == sent[3:]
    assert hub.since(sent[4].id) == []
    assert hub.since(sent[0].id) is None  # fell out of the window
    assert hub.since("no-such-id") is None


def test_closing_wakes_every_waiter_and_every_later_one():
    async def scenario():
        hub = Hub()
        waiting = [hub.subscribe([f"room:{n}"]) for n in range(3)]
        hub.close()
        assert all([await subscription.wait(1) for subscription in waiting])
        assert await hub.subscribe(["room:x"]).wait(0) is True

    run(scenario())


def test_closed_subscriptions_leave_nothing_behind():
    hub = Hub()
    subscriptions = [hub.subscribe(["room:a", "user_status"]) for _ in range(100)]
    assert hub.subscriptions == 100
    for subscription in subscriptions:
        subscription.close()
    assert hub.subscriptions == 0
    assert not hub._topics


def test_events_round_trip_between_processes_unchanged():
    sent = event("room:a", "reactions", token="a", messageId=7)
    received = Event.decode(sent.encode())
    assert (received.id, received.topic, received.kind, received.data) == (
        sent.id,
        "room:a",
        "reactions",
        {"token": "a", "messageId": 7},
    )


def test_event_ids_are_unique():
    assert len({new_event_id() for _ in range(10_000)}) == 10_000


@pytest.mark.django_db
def test_an_event_too_large_for_the_transports_is_refused():
    with pytest.raises(ValueError, match="too large"):
        publish("room:a", "message", blob="x" * MAX_PAYLOAD_BYTES)
