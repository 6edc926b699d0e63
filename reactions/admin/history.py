"""The history: messages and reactions, read-only pages with the actions a moderator has in
the API (deleting a message, revoking a reaction)."""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html

from ocs import clock
from ocs.exceptions import NotFound

from .. import representations
from ..exceptions import MethodNotAllowed, NotReactable
from ..models import Actor, Message, Reaction, Verb
from ..services import chat, reactions
from .common import link, operator

SHORT_TEXT = 80


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SHORT_TEXT else text[: SHORT_TEXT - 1] + "…"


def _summary(counts: dict | None) -> str:
    shown = representations.summary(counts)
    return " ".join(f"{emoji} {count}" for emoji, count in shown.items()) or "-"


class HistoryAdmin(admin.ModelAdmin):
    """The history is rewritten only by the services' rules: no adding, editing or bare
    delete here (a bare delete of a reaction would leave its message's counts wrong); the
    actions call the services."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Message)
class MessageAdmin(HistoryAdmin):
    list_display = ("id", "room_token", "actor", "kind", "text", "sent", "reactions")
    list_filter = ("verb", "room__type")
    search_fields = ("message", "actor_id", "room__token")
    list_select_related = ("room",)
    ordering = ("-pk",)
    show_full_result_count = False
    actions = ["delete_selected_as_moderator"]
    fields = (
        "id",
        "room_link",
        "actor",
        "verb",
        "system_message",
        "message",
        "parameters",
        "parent_link",
        "reference_id",
        "silent",
        "sent",
        "reactions",
        "reaction_counts",
        "reaction_rows",
    )
    readonly_fields = fields

    def has_moderate_permission(self, request):
        return request.user.has_perm("reactions.change_message")

    @admin.display(description="conversation", ordering="room__token")
    def room_token(self, obj):
        return obj.room.token

    @admin.display(description="conversation")
    def room_link(self, obj):
        return link("admin:reactions_room_change", obj.room_id, obj.room)

    @admin.display(description="actor", ordering="actor_id")
    def actor(self, obj):
        return f"{obj.actor_type}/{obj.actor_id}"

    @admin.display(description="kind", ordering="verb")
    def kind(self, obj):
        return f"system: {obj.system_message}" if obj.verb == Verb.SYSTEM else obj.verb

    @admin.display(description="text")
    def text(self, obj):
        return _short(obj.message) or "-"

    @admin.display(description="sent", ordering="timestamp")
    def sent(self, obj):
        return clock.readable(obj.timestamp)

    @admin.display(description="reactions")
    def reactions(self, obj):
        return _summary(obj.reaction_counts)

    @admin.display(description="replies to / reacts to")
    def parent_link(self, obj):
        if not obj.parent_id:
            return "-"
        return link("admin:reactions_message_change", obj.parent_id, f"#{obj.parent_id}")

    @admin.display(description="reaction rows")
    def reaction_rows(self, obj):
        return format_html(
            '<a href="{}?parent__id__exact={}">The reactions on this message</a>',
            reverse("admin:reactions_reaction_changelist"),
            obj.pk,
        )

    @admin.action(
        description="Delete selected messages (as a moderator would)",
        permissions=["moderate"],
    )
    def delete_selected_as_moderator(self, request, queryset):
        """What ``DELETE v1/chat/{token}/{id}`` does for a moderator, in any conversation."""
        by = operator(request)
        deleted = skipped = 0
        for row in queryset.select_related("room").order_by("pk"):
            try:
                chat.delete_message(room=row.room, message_id=row.pk, by=by, as_moderator=True)
            except (MethodNotAllowed, NotFound):  # not a message, or deleted meanwhile
                skipped += 1
                continue
            deleted += 1
            self.log_change(request, row, "Deleted as a moderator.")
        if deleted:
            self.message_user(request, f"Deleted {deleted} message(s).", messages.SUCCESS)
        if skipped:
            self.message_user(
                request,
                f"Skipped {skipped} entry(ies) that are not messages (system messages, "
                "reactions, deleted messages): only messages can be deleted.",
                messages.WARNING,
            )


# --- reactions -------------------------------------------------------------------------


@admin.register(Reaction)
class ReactionAdmin(HistoryAdmin):
    list_display = (
        "reaction",
        "actor_type",
        "actor_id",
        "message_link",
        "room_token",
        "reacted",
    )
    list_filter = ("reaction", "actor_type")
    search_fields = ("actor_id", "reaction", "parent__room__token")
    list_select_related = ("parent__room", "comment")
    ordering = ("-pk",)
    show_full_result_count = False
    actions = ["revoke_selected"]
    fields = (
        "reaction",
        "actor_type",
        "actor_id",
        "message_link",
        "comment_link",
        "room_link",
        "reacted",
    )
    readonly_fields = fields

    def has_moderate_permission(self, request):
        return request.user.has_perm("reactions.delete_reaction")

    def lookup_allowed(self, lookup, value, request=None):
        # The conversation page links to its reactions.
        if lookup == "parent__room__id__exact":
            return True
        return super().lookup_allowed(lookup, value, request)

    @admin.display(description="message", ordering="parent_id")
    def message_link(self, obj):
        return link("admin:reactions_message_change", obj.parent_id, f"#{obj.parent_id}")

    @admin.display(description="reaction comment")
    def comment_link(self, obj):
        return link("admin:reactions_message_change", obj.comment_id, f"#{obj.comment_id}")

    @admin.display(description="conversation", ordering="parent__room__token")
    def room_token(self, obj):
        return obj.parent.room.token

    @admin.display(description="conversation")
    def room_link(self, obj):
        return link("admin:reactions_room_change", obj.parent.room_id, obj.parent.room)

    @admin.display(description="reacted", ordering="comment__timestamp")
    def reacted(self, obj):
        return clock.readable(obj.comment.timestamp)

    @admin.action(description="Revoke selected reactions", permissions=["moderate"])
    def revoke_selected(self, request, queryset):
        """What ``DELETE v1/reaction/{token}/{id}`` does for each reaction's own actor."""
        revoked = on_deleted = gone = 0
        for row in queryset.select_related("parent__room").order_by("parent_id", "pk"):
            try:
                reactions.remove_reaction(
                    room=row.parent.room,
                    actor=Actor(row.actor_type, row.actor_id),
                    message_id=row.parent_id,
                    reaction=row.reaction,
                )
            except NotReactable:
                on_deleted += 1  # the API answers 404 for these too
                continue
            except NotFound:
                gone += 1  # revoked meanwhile
                continue
            revoked += 1
            self.log_change(
                request, row.parent, f"Revoked the reaction {row.reaction} of {row.actor_id}."
            )
        if revoked:
            self.message_user(request, f"Revoked {revoked} reaction(s).", messages.SUCCESS)
        if on_deleted:
            self.message_user(
                request,
                f"Kept {on_deleted} reaction(s) on deleted messages: they can not be revoked.",
                messages.WARNING,
            )
        if gone:
            self.message_user(
                request, f"{gone} reaction(s) were already revoked.", messages.WARNING
            )
