"""The one clock the domain reads: unix seconds. Tests freeze it with :func:`freeze`."""

import time

_frozen: int | None = None


def now() -> int:
    return _frozen if _frozen is not None else int(time.time())


def freeze(at: int | None) -> None:
    """Pin ``now()`` to ``at`` (None releases it)."""
    global _frozen
    _frozen = at


def readable(at: int | None) -> str:
    """A unix time as operators read it (``2027-01-15 08:00:00 UTC``); ``-`` for none."""
    if not at:
        return "-"
    return time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(at))
