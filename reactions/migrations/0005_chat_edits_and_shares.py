from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reactions", "0004_reactions_of_deleted_users"),
    ]

    operations = [
        migrations.AddField(
            model_name="message",
            name="last_edit_actor_type",
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.AddField(
            model_name="message",
            name="last_edit_actor_id",
            field=models.CharField(blank=True, max_length=255),
        ),
        migrations.AddField(
            model_name="message",
            name="last_edit_timestamp",
            field=models.BigIntegerField(default=0, help_text="Unix time, 0: never."),
        ),
        migrations.AddField(
            model_name="message",
            name="attachment_type",
            field=models.CharField(blank=True, max_length=32),
        ),
        migrations.AddIndex(
            model_name="message",
            index=models.Index(
                fields=["room", "attachment_type", "id"], name="reactions_msg_attachment"
            ),
        ),
        migrations.AddIndex(
            model_name="message",
            index=models.Index(
                condition=models.Q(("last_edit_actor_id", ""), _negated=True),
                fields=["last_edit_actor_id"],
                name="reactions_msg_last_editor",
            ),
        ),
    ]
