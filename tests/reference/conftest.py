"""Fixtures shared by the replays of recorded Nextcloud exchanges."""

import pytest
from django.contrib.auth import get_user_model

from ocs import clock

from .transcripts import PASSWORDS, USERS


@pytest.fixture
def replay_users(db):
    """The users of the recordings, with their recorded display names."""
    model = get_user_model()
    for username, display_name in USERS.items():
        model.objects.create_user(
            username=username,
            password=PASSWORDS[username],
            first_name="" if display_name == username else display_name,
            is_staff=username == "admin",
            is_superuser=username == "admin",
        )


@pytest.fixture
def frozen_clock():
    """``frozen_clock(t)`` freezes the server clock at Unix time ``t``; thawed afterwards."""
    try:
        yield clock.freeze
    finally:
        clock.freeze(None)
