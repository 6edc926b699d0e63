from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("reactions", "0005_chat_edits_and_shares"),
        ("reactions", "0005_conversation_settings"),
        ("reactions", "0005_polls"),
    ]

    operations = []
