"""Display names, looked up at render time as Talk does (a renamed user shows the new name
everywhere): a response collects every actor it mentions, then loads them all in at most
two queries, whatever the number of messages or rooms."""

from django.contrib.auth import get_user_model

from ocs.users import display_name

from .models import ActorType, Attendee, Message, Verb
from .selectors import other_user_id


class Names:
    """Display names of users (by id) and of guests (by actor id: sha1 of a random session,
    unique across rooms), looked up at render time as Talk does (a renamed user shows the
    new name everywhere): collect every actor a response mentions, then :meth:`load` them
    in at most two queries."""

    def __init__(self):
        self._users: set[str] = set()
        self._guests: set[str] = set()
        self.users: dict[str, str] = {}
        self.guests: dict[str, str] = {}

    def want(self, actor_type: str, actor_id: str) -> None:
        if actor_type == ActorType.USERS:
            self._users.add(actor_id)
        elif actor_type == ActorType.GUESTS:
            self._guests.add(actor_id)

    def want_message(self, message: Message) -> None:
        self.want(message.actor_type, message.actor_id)
        parameters = message.parameters or {}
        user = parameters.get("user") if message.verb == Verb.SYSTEM else None
        if isinstance(user, str):
            self.want(ActorType.USERS, user)
        guest = parameters.get("session") if message.verb == Verb.SYSTEM else None
        if isinstance(guest, str):  # guest_moderator_promoted / _demoted
            self.want(ActorType.GUESTS, guest)
        deleted_by = parameters.get("deleted_by_id")
        if message.verb == Verb.COMMENT_DELETED and isinstance(deleted_by, str):
            self.want(parameters.get("deleted_by_type", ""), deleted_by)
        if message.last_edit_actor_id:
            self.want(message.last_edit_actor_type, message.last_edit_actor_id)

    def load(self) -> "Names":
        users = self._users - set(self.users)
        if users:
            for user in (
                get_user_model()
                ._default_manager.filter(username__in=users)
                .only("username", "first_name", "last_name")
            ):
                self.users[user.username] = display_name(user)
        guests = self._guests - set(self.guests)
        if guests:
            self.guests.update(
                Attendee.objects.filter(
                    actor_type=ActorType.GUESTS, actor_id__in=guests
                ).values_list("actor_id", "display_name")
            )
        self._users.clear()
        self._guests.clear()
        return self

    def name(self, actor_type: str, actor_id: str) -> str:
        if actor_type == ActorType.USERS:
            return self.users.get(actor_id, actor_id)
        if actor_type == ActorType.GUESTS:
            return self.guests.get(actor_id, "")
        return ""


def names_of_rooms(rows: list[Attendee], viewer_user_id: str | None) -> Names:
    """The names a room list shows: last messages' actors and one-to-one partners."""
    names = Names()
    for attendee in rows:
        if attendee.room.last_message is not None:
            names.want_message(attendee.room.last_message)
        other = other_user_id(attendee.room, viewer_user_id) if viewer_user_id else None
        if other:
            names.want(ActorType.USERS, other)
    return names.load()


def names_of_messages(rows: list[Message]) -> Names:
    names = Names()
    for row in rows:
        names.want_message(row)
        if row.parent_id and row.parent is not None:
            names.want_message(row.parent)
    return names.load()


def names_of_attendees(rows: list[Attendee]) -> Names:
    names = Names()
    for row in rows:
        names.want(row.actor_type, row.actor_id)
    return names.load()
