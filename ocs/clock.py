"""The one clock the domain reads: unix seconds. Tests freeze it with :func:`freeze`."""

import time

_frozen: int | None = None


def now() -> int:
    return _frozen if _frozen is not None else int(time.time())


def freeze(at: int | None) -> None:
    """Pin ``now()`` to ``at`` (None releases it)."""
    global _frozen
    _frozen = at
