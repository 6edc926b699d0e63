"""An event, its wire form between processes, and :func:`publish`."""

import json
import secrets
import time
from dataclasses import dataclass, field
from typing import Any

# PostgreSQL refuses NOTIFY payloads of 8 000 bytes or more; stay well below.
MAX_PAYLOAD_BYTES = 7_000


@dataclass(slots=True, eq=False)
class Event:
    """One change. ``id`` is unique across processes and orders events of one publisher."""

    id: str
    topic: str
    kind: str
    data: dict[str, Any]
    # What the stream sources made of it, computed once per process and shared by every
    # stream that shows it (see ocs.live.stream).
    rendered: Any = field(default=None, repr=False)

    def encode(self) -> str:
        return json.dumps(
            {"i": self.id, "t": self.topic, "k": self.kind, "d": self.data},
            separators=(",", ":"),
            ensure_ascii=False,
        )

    @classmethod
    def decode(cls, text: str | bytes) -> "Event":
        raw = json.loads(text)
        return cls(id=raw["i"], topic=raw["t"], kind=raw["k"], data=raw["d"])


def new_event_id() -> str:
    """Milliseconds since the epoch, then randomness: unique without coordination."""
    return f"{time.time_ns() // 1_000_000:x}-{secrets.token_hex(4)}"


def publish(topic: str, kind: str, **data: Any) -> Event:
    """Publish an event as part of the current transaction (or at once, outside one).

    Waiters see it only once the writer's transaction has committed; an event of a
    transaction that rolls back is never seen. ``data`` must be a few ids (JSON).
    """
    from .transports import publisher

    event = Event(new_event_id(), topic, kind, data)
    payload = event.encode()
    if len(payload.encode()) > MAX_PAYLOAD_BYTES:
        raise ValueError(f"live event too large ({len(payload)} bytes): publish ids only")
    publisher().publish(payload)
    return event
