"""Conversation settings: a password and who may find a conversation; each attendee's
favorite mark and call notifications."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reactions", "0004_reactions_of_deleted_users"),
    ]

    operations = [
        migrations.AddField(
            model_name="room",
            name="password",
            field=models.CharField(blank=True, max_length=255),
        ),
        migrations.AddField(
            model_name="room",
            name="listable",
            field=models.PositiveSmallIntegerField(
                default=0,
                help_text="Who finds it among the listed conversations: 0 nobody, 1 users, "
                "2 everyone.",
            ),
        ),
        migrations.AddField(
            model_name="attendee",
            name="notification_calls",
            field=models.PositiveSmallIntegerField(default=1),
        ),
        migrations.AddField(
            model_name="attendee",
            name="favorite",
            field=models.BooleanField(default=False),
        ),
    ]
