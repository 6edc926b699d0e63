"""Seed the predefined-status catalog with Nextcloud's built-in entries
(apps/user_status/lib/Service/PredefinedStatusService.php)."""

from django.db import migrations

# Frozen copy: a later change to the catalog module must not change what this migration did.
DEFAULT_STATUSES = [
    ("meeting", "📅", "In a meeting", "period", 3600, True),
    ("commuting", "🚌", "Commuting", "period", 1800, True),
    ("be-right-back", "⏳", "Be right back", "period", 900, True),
    ("remote-work", "🏡", "Working remotely", "end-of-day", None, True),
    ("sick-leave", "🤒", "Out sick", "end-of-day", None, True),
    ("vacationing", "🌴", "Vacationing", "none", None, True),
    ("call", "💬", "In a call", "none", None, False),
    ("out-of-office", "🛑", "Out of office", "none", None, False),
]


def seed(apps, schema_editor):
    PredefinedStatus = apps.get_model("user_status", "PredefinedStatus")
    for order, (pk, icon, message, rule, seconds, visible) in enumerate(DEFAULT_STATUSES):
        PredefinedStatus.objects.update_or_create(
            pk=pk,
            defaults={
                "icon": icon,
                "message": message,
                "clear_at_rule": rule,
                "clear_at_seconds": seconds,
                "visible": visible,
                "sort_order": order * 10,
                "built_in": True,
            },
        )


def unseed(apps, schema_editor):
    apps.get_model("user_status", "PredefinedStatus").objects.filter(built_in=True).delete()


class Migration(migrations.Migration):
    dependencies = [("user_status", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
