"""The operator's console for Talk: inspect conversations, their participants, messages and
reactions, and clear them the way the API would.

Nothing here may break the invariants that :mod:`reactions.services` keeps: a message's
``reaction_counts`` always equals its ``Reaction`` rows, history rows are rewritten rather
than deleted one by one, and a conversation goes as a whole (set-based, never row by row).
So messages and reactions are read-only pages with actions that call the same code as the
API, and conversations can only change the fields whose change the API also offers.
"""

from datetime import UTC, datetime

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils.html import format_html

from ocs import clock
from ocs.exceptions import NotFound

from . import representations, services
from .access import Caller, effective_permissions
from .models import (
    MODERATOR_TYPES,
    PERMISSION_CUSTOM,
    PERMISSION_MAX_CUSTOM,
    REACTABLE_VERBS,
    ActorType,
    Attendee,
    Message,
    ParticipantType,
    Reaction,
    Room,
    RoomType,
    Verb,
)

ONE_TO_ONE_TYPES = (RoomType.ONE_TO_ONE, RoomType.ONE_TO_ONE_FORMER)
USER_MODERATOR_TYPES = (ParticipantType.OWNER, ParticipantType.MODERATOR)
# What each kind of attendee may be (Talk never turns a guest into a user or back).
USER_PARTICIPANT_TYPES = (
    ParticipantType.OWNER,
    ParticipantType.MODERATOR,
    ParticipantType.USER,
    ParticipantType.USER_SELF_JOINED,
)
GUEST_PARTICIPANT_TYPES = (ParticipantType.GUEST, ParticipantType.GUEST_MODERATOR)
SHORT_TEXT = 80
PERMISSIONS_HELP = (
    "A sum of permission bits from 0 to 255 (2 start call, 4 join call, 8 ignore lobby, "
    "16 audio, 32 video, 64 screen, 128 chat); 0 for the default. Any other value is stored "
    "with bit 1 (custom) added, as the API does."
)


def _unix(value: int | None) -> str:
    if not value:
        return "-"
    return datetime.fromtimestamp(value, tz=UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SHORT_TEXT else text[: SHORT_TEXT - 1] + "…"


def _summary(counts: dict | None) -> str:
    shown = representations.summary(counts)
    return " ".join(f"{emoji} {count}" for emoji, count in shown.items()) or "-"


def _operator(request) -> tuple[str, str]:
    """The actor the operator's changes appear under in the chat: the admin's account."""
    return (ActorType.USERS, request.user.get_username())


def _stand_in(room: Room, actor_type: str, actor_id: str, participant_type: int) -> Caller:
    """A caller for the service functions, acting as ``actor`` in ``room``; the attendee is
    not saved (the services read only its actor and type)."""
    attendee = Attendee(
        room=room, actor_type=actor_type, actor_id=actor_id, participant_type=participant_type
    )
    return Caller(room, attendee)


def _permissions(value: int) -> int:
    # As the API's "set": any non-default value carries the "custom" bit.
    return value | PERMISSION_CUSTOM if value else 0


def _link(viewname: str, pk, text) -> str:
    return format_html('<a href="{}">{}</a>', reverse(viewname, args=[pk]), text)


# --- conversations ---------------------------------------------------------------------


class RoomForm(forms.ModelForm):
    default_permissions = forms.IntegerField(
        min_value=0, max_value=PERMISSION_MAX_CUSTOM, help_text=PERMISSIONS_HELP
    )
    call_permissions = forms.IntegerField(
        min_value=0, max_value=PERMISSION_MAX_CUSTOM, help_text=PERMISSIONS_HELP
    )

    class Meta:
        model = Room
        fields = [
            "name",
            "description",
            "read_only",
            "lobby_state",
            "lobby_timer",
            "default_permissions",
            "call_permissions",
        ]
        help_texts = {
            "read_only": "Nobody can write or react; changing it posts a system message.",
            "lobby_timer": "Unix time when the lobby opens, 0 for none (only with the lobby on).",
        }

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise ValidationError("A conversation needs a name.")
        return name

    def clean_default_permissions(self):
        return _permissions(self.cleaned_data["default_permissions"])

    def clean_call_permissions(self):
        return _permissions(self.cleaned_data["call_permissions"])

    def clean(self):
        cleaned = super().clean()
        if "lobby_state" in cleaned and not cleaned["lobby_state"]:
            cleaned["lobby_timer"] = 0  # the API keeps no timer without a lobby
        return cleaned


class AttendeeForm(forms.ModelForm):
    participant_type = forms.TypedChoiceField(coerce=int, choices=ParticipantType.choices)
    permissions = forms.IntegerField(
        min_value=0, max_value=PERMISSION_MAX_CUSTOM, help_text=PERMISSIONS_HELP
    )

    class Meta:
        model = Attendee
        fields = ["participant_type", "permissions"]

    def __init__(self, *args, room: Room | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.room = room
        attendee = self.instance
        if attendee.pk is None:
            return
        if room is not None and room.type in ONE_TO_ONE_TYPES:
            allowed = (attendee.participant_type,)  # both sides own a one-to-one
        elif attendee.actor_type == ActorType.GUESTS:
            allowed = GUEST_PARTICIPANT_TYPES
        elif attendee.actor_type == ActorType.USERS:
            allowed = USER_PARTICIPANT_TYPES
        else:
            allowed = (attendee.participant_type,)
        self.fields["participant_type"].choices = [
            (value, label) for value, label in ParticipantType.choices if value in allowed
        ]

    def clean_permissions(self):
        return _permissions(self.cleaned_data["permissions"])

    def clean(self):
        cleaned = super().clean()
        attendee = self.instance
        wanted = cleaned.get("permissions")
        if attendee.pk is None or wanted is None or wanted == attendee.permissions:
            return cleaned
        participant_type = cleaned.get("participant_type", attendee.participant_type)
        if participant_type in MODERATOR_TYPES or (
            self.room is not None and self.room.type == RoomType.ONE_TO_ONE
        ):
            self.add_error("permissions", "Permissions of moderators can not be changed.")
        return cleaned


class AttendeeFormSet(BaseInlineFormSet):
    """Keeps what the API keeps: a conversation with users has one of them, and a group or
    public conversation that had a user moderator keeps one."""

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "room": self.instance}

    def clean(self):
        super().clean()
        if any(self.errors) or self.instance.pk is None:
            return
        removed = {form.instance.pk for form in self.deleted_forms}
        new_types = {
            form.instance.pk: form.cleaned_data.get("participant_type")
            for form in self.initial_forms
            if form.instance.pk not in removed and form.cleaned_data
        }
        users = list(
            Attendee.objects.filter(room=self.instance, actor_type=ActorType.USERS).values_list(
                "pk", "participant_type"
            )
        )
        remaining = [(pk, new_types.get(pk) or kind) for pk, kind in users if pk not in removed]
        if users and not remaining:
            raise ValidationError(
                "A conversation keeps at least one user: delete the conversation instead."
            )
        if self.instance.type in (RoomType.GROUP, RoomType.PUBLIC):
            had = any(kind in USER_MODERATOR_TYPES for _, kind in users)
            keeps = any(kind in USER_MODERATOR_TYPES for _, kind in remaining)
            if had and not keeps:
                raise ValidationError(
                    "A conversation keeps at least one user as owner or moderator."
                )


class AttendeeInline(admin.TabularInline):
    """Participants are added through the API (which posts "user_added"); here they can be
    promoted, given permissions or removed."""

    model = Attendee
    form = AttendeeForm
    formset = AttendeeFormSet
    extra = 0
    can_delete = True
    verbose_name = "participant"
    verbose_name_plural = "participants"
    fields = (
        "actor_type",
        "actor_id",
        "name",
        "user",
        "participant_type",
        "permissions",
        "effective",
        "in_room",
        "joined",
        "last_read_message",
    )
    readonly_fields = (
        "actor_type",
        "actor_id",
        "name",
        "user",
        "effective",
        "in_room",
        "joined",
        "last_read_message",
    )
    ordering = ("pk",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("room", "user")

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description="display name")
    def name(self, obj):
        if obj.user is not None:
            return obj.user.get_full_name() or obj.user.get_username()
        return obj.display_name or "-"

    @admin.display(description="effective permissions")
    def effective(self, obj):
        return effective_permissions(obj.room, obj)

    @admin.display(description="in the conversation now", boolean=True)
    def in_room(self, obj):
        return bool(obj.session_id)

    @admin.display(description="joined", ordering="joined_at")
    def joined(self, obj):
        return _unix(obj.joined_at)


@admin.register(Room)
class RoomAdmin(admin.ModelAdmin):
    form = RoomForm
    inlines = [AttendeeInline]
    list_display = (
        "token",
        "name",
        "type",
        "read_only",
        "lobby_state",
        "participant_count",
        "last_activity_at",
    )
    list_filter = ("type", "read_only", "lobby_state")
    search_fields = ("token", "name")
    ordering = ("-last_activity", "-pk")
    show_full_result_count = False
    fieldsets = (
        (None, {"fields": ("token", "type", "name", "description", "one_to_one_key")}),
        (
            "Moderation",
            {
                "fields": (
                    "read_only",
                    "lobby_state",
                    "lobby_timer",
                    "lobby_opens",
                    "default_permissions",
                    "call_permissions",
                )
            },
        ),
        ("History", {"fields": ("created", "last_activity_at", "last_message_link", "history")}),
    )
    readonly_fields = (
        "token",
        "type",
        "one_to_one_key",
        "lobby_opens",
        "created",
        "last_activity_at",
        "last_message_link",
        "history",
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(participants=Count("attendees"))

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.type in ONE_TO_ONE_TYPES:
            # The API renames, describes and sets permissions of group rooms only.
            fields += ["name", "description", "default_permissions", "call_permissions"]
        if obj is not None and obj.type == RoomType.ONE_TO_ONE:
            fields += ["lobby_state", "lobby_timer"]
        return fields

    def has_add_permission(self, request):
        return False  # conversations are created through the API, with their owner

    @admin.display(description="participants", ordering="participants")
    def participant_count(self, obj):
        return obj.participants

    @admin.display(description="last activity", ordering="last_activity")
    def last_activity_at(self, obj):
        return _unix(obj.last_activity)

    @admin.display(description="created", ordering="created_at")
    def created(self, obj):
        return _unix(obj.created_at)

    @admin.display(description="lobby opens")
    def lobby_opens(self, obj):
        return _unix(obj.lobby_timer) if obj.lobby_state else "-"

    @admin.display(description="last message")
    def last_message_link(self, obj):
        if not obj.last_message_id:
            return "-"
        return _link("admin:reactions_message_change", obj.last_message_id, obj.last_message)

    @admin.display(description="history")
    def history(self, obj):
        return format_html(
            '<a href="{}?room__id__exact={}">Messages</a> · '
            '<a href="{}?parent__room__id__exact={}">Reactions</a>',
            reverse("admin:reactions_message_changelist"),
            obj.pk,
            reverse("admin:reactions_reaction_changelist"),
            obj.pk,
        )

    @transaction.atomic
    def save_model(self, request, obj, form, change):
        """Plain fields are written alone (a chat going on meanwhile keeps its last message);
        read-only and lobby go through the API's code, which posts their system messages."""
        stored = Room.objects.select_for_update().get(pk=obj.pk)
        plain = {
            name: getattr(obj, name)
            for name in ("name", "description", "default_permissions", "call_permissions")
            if name in form.cleaned_data
        }
        if plain:
            Room.objects.filter(pk=obj.pk).update(**plain)
        caller = _stand_in(stored, *_operator(request), ParticipantType.OWNER)
        if "read_only" in form.cleaned_data:
            services.set_read_only(caller, int(obj.read_only))
        if "lobby_state" in form.cleaned_data:
            services.set_lobby(caller, int(obj.lobby_state), obj.lobby_timer)
        obj.last_message_id, obj.last_activity = stored.last_message_id, stored.last_activity

    def save_formset(self, request, form, formset, change):
        if formset.model is not Attendee:
            return super().save_formset(request, form, formset, change)
        formset.save(commit=False)
        for attendee, changed in formset.changed_objects:
            fields = {name: getattr(attendee, name) for name in changed}
            Attendee.objects.filter(pk=attendee.pk).update(**fields)
        operator = _operator(request)
        for attendee in formset.deleted_objects:
            Attendee.objects.filter(pk=attendee.pk).delete()
            if attendee.actor_type == ActorType.USERS:
                services.post_system(
                    form.instance, operator, "user_removed", {"user": attendee.actor_id}
                )
        return None

    def get_deleted_objects(self, objs, request):
        """A summary instead of Django's list of every related row (a long history would
        load entirely into the confirmation page)."""
        rooms = list(objs)
        ids = [room.pk for room in rooms]
        counts = {
            "conversations": len(ids),
            "participants": Attendee.objects.filter(room_id__in=ids).count(),
            "messages": Message.objects.filter(room_id__in=ids).count(),
            "reactions": Reaction.objects.filter(parent__room_id__in=ids).count(),
        }
        perms_needed = set() if self.has_delete_permission(request) else {"conversation"}
        return [str(room) for room in rooms], counts, perms_needed, []

    def delete_model(self, request, obj):
        services.drop_room(obj)

    @transaction.atomic
    def delete_queryset(self, request, queryset):
        for room in queryset.only("pk").order_by("pk"):
            services.drop_room(room)


# --- messages --------------------------------------------------------------------------


def delete_as_moderator(message_id: int, actor: tuple[str, str]) -> Message | None:
    """What ``DELETE v1/chat/{token}/{id}`` does for a moderator, in any conversation: the
    ``message_deleted`` system message, or None when the entry is not a message."""
    with transaction.atomic():
        row = Message.objects.select_for_update(of=("self",)).filter(pk=message_id).first()
        if row is None or row.verb not in REACTABLE_VERBS:
            return None
        row.verb = Verb.COMMENT_DELETED
        row.message = ""
        row.parameters = {
            "deleted_by_type": actor[0],
            "deleted_by_id": actor[1],
            "deleted_on": clock.now(),
        }
        row.save(update_fields=["verb", "message", "parameters"])
        room = Room.objects.get(pk=row.room_id)
        return services.post_system(room, actor, "message_deleted", parent=row)


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
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

    # The history is rewritten only by the API's rules: no adding, editing or hard delete.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_moderate_permission(self, request):
        return request.user.has_perm("reactions.change_message")

    @admin.display(description="conversation", ordering="room__token")
    def room_token(self, obj):
        return obj.room.token

    @admin.display(description="conversation")
    def room_link(self, obj):
        return _link("admin:reactions_room_change", obj.room_id, obj.room)

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
        return _unix(obj.timestamp)

    @admin.display(description="reactions")
    def reactions(self, obj):
        return _summary(obj.reaction_counts)

    @admin.display(description="replies to / reacts to")
    def parent_link(self, obj):
        if not obj.parent_id:
            return "-"
        return _link("admin:reactions_message_change", obj.parent_id, f"#{obj.parent_id}")

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
        operator = _operator(request)
        deleted = skipped = 0
        for pk in queryset.order_by("pk").values_list("pk", flat=True):
            notice = delete_as_moderator(pk, operator)
            if notice is None:
                skipped += 1
                continue
            deleted += 1
            self.log_change(request, notice.parent, "Deleted as a moderator.")
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
class ReactionAdmin(admin.ModelAdmin):
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

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # a bare delete would leave the message's counts wrong

    def has_moderate_permission(self, request):
        return request.user.has_perm("reactions.delete_reaction")

    def lookup_allowed(self, lookup, value, request=None):
        # The conversation page links to its reactions.
        if lookup == "parent__room__id__exact":
            return True
        return super().lookup_allowed(lookup, value, request)

    @admin.display(description="message", ordering="parent_id")
    def message_link(self, obj):
        return _link("admin:reactions_message_change", obj.parent_id, f"#{obj.parent_id}")

    @admin.display(description="reaction comment")
    def comment_link(self, obj):
        return _link("admin:reactions_message_change", obj.comment_id, f"#{obj.comment_id}")

    @admin.display(description="conversation", ordering="parent__room__token")
    def room_token(self, obj):
        return obj.parent.room.token

    @admin.display(description="conversation")
    def room_link(self, obj):
        return _link("admin:reactions_room_change", obj.parent.room_id, obj.parent.room)

    @admin.display(description="reacted", ordering="comment__timestamp")
    def reacted(self, obj):
        return _unix(obj.comment.timestamp)

    @admin.action(description="Revoke selected reactions", permissions=["moderate"])
    def revoke_selected(self, request, queryset):
        """What ``DELETE v1/reaction/{token}/{id}`` does for each reaction's own actor."""
        revoked = on_deleted = gone = 0
        for row in queryset.select_related("parent__room").order_by("parent_id", "pk"):
            parent = row.parent
            if parent.verb not in REACTABLE_VERBS:
                on_deleted += 1  # the API answers 404 for these too
                continue
            kind = (
                ParticipantType.GUEST
                if row.actor_type == ActorType.GUESTS
                else ParticipantType.USER
            )
            caller = _stand_in(parent.room, row.actor_type, row.actor_id, kind)
            try:
                services.unreact(caller, parent.pk, row.reaction)
            except NotFound:
                gone += 1  # revoked meanwhile
                continue
            revoked += 1
            self.log_change(
                request, parent, f"Revoked the reaction {row.reaction} of {row.actor_id}."
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
