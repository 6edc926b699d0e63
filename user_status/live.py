"""User statuses, live: every change of a status is published, and the event stream shows it
in the public shape of ``GET /statuses/{userId}`` to whoever may see it.

Events carry user ids (database ids, up to :data:`CHUNK` per event); the stream reads the
statuses once per event and process, with the on-read rules applied (an expired ``clearAt``
clears, ``invisible`` shows as ``offline``). A user without a status shows as offline.
"""

from collections.abc import Iterable

from django.contrib.auth import get_user_model

from ocs import live
from ocs.live.stream import register

TOPIC = KIND = "user_status"
CHUNK = 500  # user ids per event: well below the size limit of an event


def statuses_changed(user_ids: Iterable[int]) -> None:
    """Publish that these users' statuses changed (inside the writer's transaction)."""
    ids = sorted(set(user_ids))
    for start in range(0, len(ids), CHUNK):
        live.publish(TOPIC, KIND, users=ids[start : start + CHUNK])


def _topics(user) -> list[str]:
    return [TOPIC]


def _render(events, language):
    from . import representations, selectors
    from .services.statuses import enumeration_allowed, process_statuses

    wanted = {user_id for event in events for user_id in event.data["users"]}
    rows = {row.user_id: row for row in process_statuses(selectors.statuses_of(wanted))}
    missing = wanted - rows.keys()
    names = dict(
        get_user_model().objects.filter(pk__in=missing).values_list("pk", "username")
        if missing
        else ()
    )
    everybody = enumeration_allowed()
    out = []
    for event in events:
        items = []
        for user_id in event.data["users"]:
            row = rows.get(user_id)
            if row is not None:
                shown = representations.public(row, language=language)
            elif user_id in names:
                shown = representations.offline(names[user_id])
            else:
                continue  # the user is gone
            # Without enumeration, only the user's own stream shows the change.
            items.append((None if everybody else shown["userId"], shown))
        out.append(items)
    return out


register(KIND, topics=_topics, render=_render)
