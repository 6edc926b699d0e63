"""First-run helper for ``make run``: with no user at all, create the ``admin`` superuser
with a random password and print it once, with a curl command to try the API."""

import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create the admin superuser with a random password when no user exists yet."

    def add_arguments(self, parser):
        parser.add_argument("--url", default="http://127.0.0.1:8000")

    def handle(self, *args, url, **options):
        users = get_user_model()._default_manager
        if users.exists():
            return
        password = secrets.token_urlsafe(18)
        users.create_superuser("admin", "", password)
        base = url.rstrip("/")
        self.stdout.write(
            "\n".join(
                [
                    "",
                    "Created the superuser 'admin'. Its password is shown only this once:",
                    "",
                    f"    {password}",
                    "",
                    f"Admin site: {base}/admin/",
                    "Try the API:",
                    "",
                    f"    curl -u 'admin:{password}' -H 'OCS-APIRequest: true' "
                    f"'{base}/ocs/v2.php/cloud/capabilities?format=json'",
                    "",
                ]
            )
        )
