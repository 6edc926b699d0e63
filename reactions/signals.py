"""Keep Talk data right when accounts change."""

from django.contrib.auth import get_user_model
from django.db.models.signals import post_delete
from django.dispatch import receiver

from .services.rooms import forget_user


@receiver(post_delete, sender=get_user_model(), dispatch_uid="talk-forget-deleted-user")
def _user_deleted(sender, instance, **kwargs):
    forget_user(username=instance.username)
