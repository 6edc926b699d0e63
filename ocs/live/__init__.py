"""Live events: what changed, told to waiting requests and event streams at once.

Apps publish small typed events from their services: a *topic* (who may be waiting for it:
``room:<token>``, ``user_status``), a *kind* and a few ids, never a payload. Publication is
part of the writer's transaction: the event exists once the change is committed, and never
for a change that was rolled back. Each server process runs one :class:`~ocs.live.hub.Hub`
that receives every event from the transport and wakes the waiters of that process; see
:mod:`ocs.live.transports` for how events travel between processes (PostgreSQL
``LISTEN/NOTIFY``, Redis pub/sub, or a table polled once per process on SQLite).

This package knows no app: apps say which topics a caller's stream listens to, and how an
event becomes what a client sees, through :func:`ocs.live.stream.register`.
"""

from .events import Event, publish

__all__ = ["Event", "publish"]
