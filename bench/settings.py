"""The project's settings, with the framework floor's route in front of its URLs."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
