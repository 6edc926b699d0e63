"""Fixtures shared by the replays of recorded Nextcloud exchanges."""

import pytest
from django.contrib.auth import get_user_model

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
