"""Keep Talk data right when accounts change."""

from django.contrib.auth import get_user_model
from django.db.models.signals import post_delete
from django.dispatch import receiver

from ocs.users import display_name

from .services.accounts import forget_user


@receiver(post_delete, sender=get_user_model(), dispatch_uid="talk-forget-deleted-user")
def _user_deleted(sender, instance, **kwargs):
    # In the transaction that deletes the account (Django's deletion collector sends this
    # inside it): all of it, or none.
    forget_user(username=instance.username, display_name=display_name(instance))
