"""Polls and their votes (spreed's talk_polls and talk_poll_votes): one vote row per
(poll, live actor, option)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reactions", "0004_reactions_of_deleted_users"),
    ]

    operations = [
        migrations.CreateModel(
            name="Poll",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("question", models.TextField()),
                ("options", models.JSONField(default=list)),
                ("votes", models.JSONField(blank=True, default=dict)),
                ("num_voters", models.PositiveIntegerField(default=0)),
                ("actor_type", models.CharField(max_length=64)),
                ("actor_id", models.CharField(max_length=255)),
                (
                    "status",
                    models.PositiveSmallIntegerField(
                        choices=[(0, "Open"), (1, "Closed"), (2, "Draft")], default=0
                    ),
                ),
                (
                    "result_mode",
                    models.PositiveSmallIntegerField(
                        choices=[(0, "Public results"), (1, "Hidden until closed")], default=0
                    ),
                ),
                ("max_votes", models.PositiveIntegerField(default=0)),
                (
                    "room",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="polls",
                        to="reactions.room",
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(fields=["actor_type", "actor_id"], name="reactions_poll_actor")
                ],
            },
        ),
        migrations.CreateModel(
            name="Vote",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("actor_type", models.CharField(max_length=64)),
                ("actor_id", models.CharField(max_length=255)),
                ("option_id", models.PositiveIntegerField()),
                (
                    "poll",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="vote_rows",
                        to="reactions.poll",
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(fields=["actor_type", "actor_id"], name="reactions_vote_actor")
                ],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("actor_type", "deleted_users"), _negated=True),
                        fields=("poll", "actor_type", "actor_id", "option_id"),
                        name="one_vote_per_actor_and_option",
                    )
                ],
            },
        ),
    ]
