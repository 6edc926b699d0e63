"""Fixtures for the user status tests: a frozen clock, a status factory, route helpers."""

import factory
import pytest

from ocs import clock
from tests.conftest import FROZEN_AT
from tests.factories import UserFactory
from user_status.models import UserStatus

T = FROZEN_AT  # the frozen "now" every user status test starts at
BASE = "apps/user_status/api/v1/"


def us(path: str) -> str:
    """The OCS path of a user status route: ``us("user_status")``."""
    return BASE + path


@pytest.fixture(autouse=True)
def _clock(frozen_clock):
    """Every user status test runs at the fixed time ``T`` unless it moves the clock."""


class UserStatusFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UserStatus

    user = factory.SubFactory(UserFactory)
    is_backup = False
    status = "online"
    status_timestamp = factory.LazyFunction(clock.now)
    is_user_defined = False
    predefined_id = None
    custom_icon = None
    custom_message = None
    clear_at = None
    status_message_timestamp = 0


def live(user) -> UserStatus | None:
    return UserStatus.objects.filter(user=user, is_backup=False).first()


def backup(user) -> UserStatus | None:
    return UserStatus.objects.filter(user=user, is_backup=True).first()


# The catalog GET /predefined_statuses lists after the seeding migration (Nextcloud's
# apps/user_status/lib/Service/PredefinedStatusService.php; `call` and `out-of-office` are
# valid but hidden).
CATALOG = [
    {
        "id": "meeting",
        "icon": "📅",
        "message": "In a meeting",
        "clearAt": {"type": "period", "time": 3600},
    },
    {
        "id": "commuting",
        "icon": "🚌",
        "message": "Commuting",
        "clearAt": {"type": "period", "time": 1800},
    },
    {
        "id": "be-right-back",
        "icon": "⏳",
        "message": "Be right back",
        "clearAt": {"type": "period", "time": 900},
    },
    {
        "id": "remote-work",
        "icon": "🏡",
        "message": "Working remotely",
        "clearAt": {"type": "end-of", "time": "day"},
    },
    {
        "id": "sick-leave",
        "icon": "🤒",
        "message": "Out sick",
        "clearAt": {"type": "end-of", "time": "day"},
    },
    {"id": "vacationing", "icon": "🌴", "message": "Vacationing", "clearAt": None},
]
