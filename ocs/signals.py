"""Keep remembered credentials honest: any change to a user or an app password forgets them."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from . import credentials
from .models import AppPassword

User = get_user_model()


@receiver(pre_save, sender=User)
def remember_previous_login(sender, instance, **kwargs):
    if instance.pk is not None:
        instance._ocs_previous_login = (
            sender._default_manager.filter(pk=instance.pk)
            .values_list("username", flat=True)
            .first()
        )


@receiver(post_save, sender=User)
@receiver(post_delete, sender=User)
def forget_user_credentials(sender, instance, **kwargs):
    credentials.invalidate(instance.username)
    previous = getattr(instance, "_ocs_previous_login", None)
    if previous and previous != instance.username:
        credentials.invalidate(previous)
    if kwargs.get("signal") is post_delete:
        # Once more after the commit: a request that verified the credentials before it
        # (the account still existed for it) must not have left them remembered.
        username = instance.username
        transaction.on_commit(lambda: credentials.invalidate(username))


@receiver(post_save, sender=AppPassword)
@receiver(post_delete, sender=AppPassword)
def forget_app_password_credentials(sender, instance, **kwargs):
    origin = kwargs.get("origin")
    if isinstance(origin, User) or getattr(origin, "model", None) is User:
        return  # deleted with its account, whose own signal forgets its credentials
    username = User._default_manager.filter(pk=instance.user_id).values_list("username", flat=True)
    for login in username:
        credentials.invalidate(login)
