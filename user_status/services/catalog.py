"""The predefined statuses an operator curates: what ``GET /predefined_statuses`` offers,
in which order. Built-in entries are what automations and clients expect: they can be
edited and hidden, never deleted."""

from collections.abc import Iterable

from django.db import transaction

from ..models import PredefinedStatus

SORT_STEP = 10


class BuiltInEntry(Exception):
    """A built-in entry cannot be deleted (hide it instead)."""


def save_entry(*, entry: PredefinedStatus) -> None:
    """Store an entry; a new one goes to the end of the list."""
    with transaction.atomic():
        if entry._state.adding:
            last = PredefinedStatus.objects.order_by("-sort_order").first()
            entry.sort_order = (last.sort_order + SORT_STEP) if last else 0
        entry.save()


def delete_entry(*, entry: PredefinedStatus) -> None:
    if entry.built_in:
        raise BuiltInEntry(entry.pk)
    entry.delete()


def move(*, ids: Iterable[str], to_top: bool) -> None:
    """Move these entries, in their order, to the top or the bottom of the list."""
    with transaction.atomic():
        chosen = list(
            PredefinedStatus.objects.filter(pk__in=list(ids)).order_by("sort_order", "id")
        )
        if to_top:
            first = PredefinedStatus.objects.order_by("sort_order").first()
            start = (first.sort_order if first else 0) - SORT_STEP * len(chosen)
        else:
            last = PredefinedStatus.objects.order_by("-sort_order").first()
            start = (last.sort_order if last else 0) + SORT_STEP
        for offset, entry in enumerate(chosen):
            PredefinedStatus.objects.filter(pk=entry.pk).update(
                sort_order=start + SORT_STEP * offset
            )


def set_visible(*, ids: Iterable[str], visible: bool) -> int:
    return PredefinedStatus.objects.filter(pk__in=list(ids)).update(visible=visible)
