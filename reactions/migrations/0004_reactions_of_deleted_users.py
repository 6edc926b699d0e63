"""A deleted account's reaction rows become ``deleted_users``: the one-reaction-per-actor
constraint holds for live actors only."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reactions", "0003_attendee_last_ping"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="reaction",
            name="one_reaction_per_actor_and_emoji",
        ),
        migrations.AddConstraint(
            model_name="reaction",
            constraint=models.UniqueConstraint(
                condition=models.Q(("actor_type", "deleted_users"), _negated=True),
                fields=("parent", "actor_type", "actor_id", "reaction"),
                name="one_reaction_per_actor_and_emoji",
            ),
        ),
    ]
