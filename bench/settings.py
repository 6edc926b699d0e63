"""The project's settings plus the framework floor's route (``/bench/floor``).

Everything else, middleware included, is exactly what the server runs in production, so the
floor pays the same per-request cost of the stack as every OCS endpoint.
"""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
