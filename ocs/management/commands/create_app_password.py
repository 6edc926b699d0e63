from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from ocs.models import AppPassword


class Command(BaseCommand):
    help = "Create an app password for USER, named NAME; prints the token once."

    def add_arguments(self, parser):
        parser.add_argument("user", help="the username")
        parser.add_argument("name", help="what the app password is for, e.g. 'laptop'")

    def handle(self, *args, user, name, **options):
        try:
            account = get_user_model()._default_manager.get(username=user)
        except get_user_model().DoesNotExist as exc:
            raise CommandError(f'No user "{user}"') from exc
        _, token = AppPassword.objects.create_for(user=account, name=name)
        self.stdout.write(token)
