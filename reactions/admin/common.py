"""What the Talk admin pages share."""

from django.urls import reverse
from django.utils.html import format_html

from ocs.exceptions import OCSError

from ..models import Actor, ActorType


def operator(request) -> Actor:
    """The actor the operator's changes appear under in the chat: the admin's account."""
    return Actor(ActorType.USERS, request.user.get_username())


def explain(error: OCSError) -> str:
    """A service's refusal as the operator reads it."""
    return getattr(error, "explanation", "") or error.message or "The change was refused."


def link(viewname: str, pk, text) -> str:
    return format_html('<a href="{}">{}</a>', reverse(viewname, args=[pk]), text)
