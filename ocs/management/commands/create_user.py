"""Create an account from the command line (Nextcloud's ``occ user:add``)."""

import os

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError, transaction


class Command(BaseCommand):
    help = (
        "Create the user USERNAME. Without --password-from-env it has no login password and "
        "signs in with app passwords only (create_app_password)."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--display-name", default="", help='e.g. "Bob Builder"')
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--password-from-env",
            action="store_true",
            help="take the login password from the environment variable OC_PASS, as occ does",
        )

    def handle(self, *args, username, display_name, email, password_from_env, **options):
        password = None
        if password_from_env:
            password = os.environ.get("OC_PASS", "")
            if not password:
                raise CommandError("--password-from-env given but OC_PASS is empty")
        first, _, last = display_name.strip().partition(" ")
        users = get_user_model()._default_manager
        try:
            with transaction.atomic():
                user = users.create_user(
                    username, email=email, password=password, first_name=first, last_name=last
                )
        except IntegrityError as exc:
            raise CommandError(f'The user "{username}" already exists') from exc
        self.stdout.write(f'Created the user "{user.username}".')
