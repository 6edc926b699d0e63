"""Every read of the sharee search and of the recommendations: one query each, whatever the
number of users, groups or conversations.

Pages are fetched one row longer than asked: the extra row only tells that another page
exists. Nothing here writes.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import Case, CharField, Count, F, Q, Value, When
from django.db.models.functions import Concat, Lower, Trim

from ocs.users import display_name_of
from reactions.models import ActorType, Attendee

_PERSON_FIELDS = ("pk", "username", "first_name", "last_name", "email")


@dataclass(frozen=True, slots=True)
class Person:
    """A user as the sharee search shows one."""

    pk: int
    uid: str
    display_name: str
    email: str


@dataclass(frozen=True, slots=True)
class Page:
    items: list
    has_more: bool  # rows exist beyond this page


def _person(values: tuple) -> Person:
    pk, username, first_name, last_name, email = values
    return Person(pk, username, display_name_of(username, first_name, last_name), email or "")


def _candidates(caller):
    """Active users but the caller, with their display name (as ``ocs.users`` makes it)
    as ``display``."""
    full_name = Trim(Concat("first_name", Value(" "), "last_name", output_field=CharField()))
    return (
        get_user_model()
        ._default_manager.filter(is_active=True)
        .exclude(pk=caller.pk)
        .annotate(full_name=full_name)
        .annotate(
            display=Case(
                When(full_name="", then=F("username")),
                default=F("full_name"),
                output_field=CharField(),
            )
        )
    )


def _page(rows, offset: int, limit: int) -> Page:
    found = list(rows[offset : offset + limit + 1])
    return Page(found[:limit], len(found) > limit)


def users_page(*, caller, search: str, exact_only: bool, offset: int, limit: int) -> Page:
    """Users whose id, display name or e-mail address contains ``search`` (or equals it,
    with ``exact_only``), ordered as Nextcloud's user backend orders them (display name,
    then id, case-insensitively): a page of :class:`Person`."""
    lookup = "iexact" if exact_only else "icontains"
    matching = (
        Q(**{f"username__{lookup}": search})
        | Q(**{f"display__{lookup}": search})
        | Q(**{f"email__{lookup}": search})
    )
    rows = (
        _candidates(caller)
        .filter(matching)
        .order_by(Lower("display"), Lower("username"), "pk")
        .values_list(*_PERSON_FIELDS)
    )
    page = _page(rows, offset, limit)
    return Page([_person(values) for values in page.items], page.has_more)


def user_by_id(*, caller, uid: str) -> Person | None:
    """The user whose id is ``uid``, case-insensitively, as Nextcloud's user manager finds
    one (the caller and disabled users aside)."""
    found = (
        _candidates(caller)
        .filter(username__iexact=uid)
        .order_by("pk")
        .values_list(*_PERSON_FIELDS)[:1]
    )
    return next((_person(values) for values in found), None)


def groups_page(*, search: str, exact_only: bool, offset: int, limit: int) -> Page:
    """Group ids containing ``search`` (or equal to it, with ``exact_only``), in id order."""
    lookup = "iexact" if exact_only else "icontains"
    rows = (
        Group.objects.filter(**{f"name__{lookup}": search})
        .order_by("name")
        .values_list("name", flat=True)
    )
    return _page(rows, offset, limit)


def group_by_id(*, gid: str) -> str | None:
    found = Group.objects.filter(name__iexact=gid).order_by("pk").values_list("name", flat=True)
    return found.first()


@dataclass(frozen=True, slots=True)
class Companion:
    """Someone the caller shares conversations with, and in how many."""

    person: Person
    count: int


def conversation_companions(*, user, limit: int) -> list[Companion]:
    """The active users who share the most Talk conversations with ``user`` (most first,
    then by user id): one grouped query over the attendees."""
    rooms = Attendee.objects.filter(actor_type=ActorType.USERS, user=user).values("room_id")
    rows = (
        Attendee.objects.filter(actor_type=ActorType.USERS, room_id__in=rooms, user__is_active=True)
        .exclude(user=user)
        .values("user__pk", "user__username", "user__first_name", "user__last_name", "user__email")
        .annotate(count=Count("room_id", distinct=True))
        .order_by("-count", "user__username")[:limit]
    )
    return [
        Companion(
            _person(
                (
                    row["user__pk"],
                    row["user__username"],
                    row["user__first_name"],
                    row["user__last_name"],
                    row["user__email"],
                )
            ),
            row["count"],
        )
        for row in rows
    ]
