"""User statuses and the predefined-status catalog (Nextcloud's
apps/user_status/lib/Migration/ and lib/Service/PredefinedStatusService.php).

One live row per user and at most one backup row (a status put aside by an automation, shown
on the wire as ``_<userId>``): both are guarded by a unique constraint on (user, is_backup).
Timestamps are unix seconds, as on the wire.
"""

from django.conf import settings
from django.db import models

MAXIMUM_MESSAGE_LENGTH = 80
MAXIMUM_ICON_LENGTH = 255  # the column's size; longer "single emoji" sequences are refused


class StatusType(models.TextChoices):
    ONLINE = "online"
    AWAY = "away"
    DND = "dnd"
    BUSY = "busy"
    INVISIBLE = "invisible"
    OFFLINE = "offline"


class ClearAtRule(models.TextChoices):
    NONE = "none", "Don't clear"
    PERIOD = "period", "After a period"
    END_OF_DAY = "end-of-day", "End of the day"
    END_OF_WEEK = "end-of-week", "End of the week"


class PredefinedStatus(models.Model):
    """An entry of the catalog offered by ``GET /predefined_statuses``."""

    id = models.CharField(
        primary_key=True,
        max_length=64,
        help_text="The messageId clients send, e.g. 'meeting'. Lowercase letters, digits, '-'.",
    )
    icon = models.CharField(max_length=255, help_text="A single emoji.")
    message = models.CharField(max_length=80)
    clear_at_rule = models.CharField(
        max_length=16, choices=ClearAtRule.choices, default=ClearAtRule.NONE
    )
    clear_at_seconds = models.PositiveIntegerField(
        null=True, blank=True, help_text="For 'After a period': how many seconds."
    )
    visible = models.BooleanField(
        default=True, help_text="Hidden entries are not listed but can still be set."
    )
    sort_order = models.IntegerField(default=0, db_index=True)
    built_in = models.BooleanField(default=False, editable=False)

    class Meta:
        ordering = ["sort_order", "id"]
        verbose_name = "predefined status"
        verbose_name_plural = "predefined statuses"
        constraints = [
            models.CheckConstraint(
                name="predefined_period_has_seconds",
                condition=(
                    models.Q(clear_at_rule="period", clear_at_seconds__gt=0)
                    | (~models.Q(clear_at_rule="period") & models.Q(clear_at_seconds__isnull=True))
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.icon} {self.message}"

    @property
    def clear_at(self) -> dict | None:
        """The wire form: null, {type: period, time: s} or {type: end-of, time: day|week}."""
        if self.clear_at_rule == ClearAtRule.PERIOD:
            return {"type": "period", "time": self.clear_at_seconds}
        if self.clear_at_rule == ClearAtRule.END_OF_DAY:
            return {"type": "end-of", "time": "day"}
        if self.clear_at_rule == ClearAtRule.END_OF_WEEK:
            return {"type": "end-of", "time": "week"}
        return None


# Live statuses that age to offline when nobody refreshes them (Nextcloud's
# StatusService::processStatus and UserStatusMapper::clearStatusesOlderThan): automatic ones,
# and "online" even when the user chose it. Shared by the expiry job and its index.
STALE_CANDIDATE = (
    (models.Q(is_user_defined=False) | models.Q(status="online"))
    & models.Q(is_backup=False)
    & ~models.Q(status="offline")
)


class UserStatus(models.Model):
    # No index of its own: the unique (user, is_backup) constraint serves every lookup.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="statuses",
        db_index=False,
    )
    is_backup = models.BooleanField(default=False)
    status = models.CharField(max_length=16, choices=StatusType.choices)
    status_timestamp = models.BigIntegerField(default=0)
    is_user_defined = models.BooleanField(default=False)
    # The predefined or automated message id. A plain column on the wire (it may name ids
    # that are not in the catalog, such as "availability"), joined to the catalog on read.
    predefined = models.ForeignKey(
        PredefinedStatus,
        db_column="message_id",
        db_constraint=False,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        related_name="+",
        verbose_name="message id",
        db_index=False,  # never looked up by message alone
    )
    # null and "" are different answers on the wire, so these string columns are nullable.
    custom_icon = models.CharField(max_length=MAXIMUM_ICON_LENGTH, null=True, blank=True)  # noqa: DJ001
    custom_message = models.TextField(null=True, blank=True)  # noqa: DJ001
    clear_at = models.BigIntegerField(null=True, blank=True)
    status_message_timestamp = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "user status"
        verbose_name_plural = "user statuses"
        constraints = [
            models.UniqueConstraint(fields=["user", "is_backup"], name="one_live_one_backup"),
        ]
        # Few indexes on purpose: most writes (heartbeats, status changes) change indexed
        # columns, and each index costs every such write. Lookups go through the unique
        # constraint, the list through the primary key, and the expiry job through two
        # partial indexes that hold only its candidates.
        indexes = [
            models.Index(
                fields=["clear_at"],
                condition=models.Q(clear_at__isnull=False),
                name="user_status_clear_at_ix",
            ),
            models.Index(
                fields=["status_timestamp"], condition=STALE_CANDIDATE, name="user_status_stale_ix"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.wire_user_id}: {self.status}"

    @property
    def message_id(self) -> str | None:
        return self.predefined_id

    @property
    def wire_user_id(self) -> str:
        """The userId clients see: the username, with a leading '_' for a backup."""
        return ("_" if self.is_backup else "") + self.user.username
