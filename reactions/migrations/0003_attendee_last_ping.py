from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reactions", "0002_lobby_timer_64_bit"),
    ]

    operations = [
        migrations.AddField(
            model_name="attendee",
            name="last_ping",
            field=models.BigIntegerField(default=0, help_text="Unix time, 0 without a session."),
        ),
    ]
