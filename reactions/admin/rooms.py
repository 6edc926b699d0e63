"""Conversations and their participants."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html

from ocs import clock
from ocs.exceptions import OCSError

from ..models import (
    MODERATOR_TYPES,
    PERMISSION_MAX_CUSTOM,
    ActorType,
    Attendee,
    Message,
    ParticipantType,
    Reaction,
    Room,
    RoomType,
)
from ..policies import ONE_TO_ONE_TYPES, effective_permissions, stored_permissions
from ..services import moderation, participants, rooms, settings
from .common import explain, link, operator

# What each kind of attendee may be (Talk never turns a guest into a user or back).
USER_PARTICIPANT_TYPES = (
    ParticipantType.OWNER,
    ParticipantType.MODERATOR,
    ParticipantType.USER,
    ParticipantType.USER_SELF_JOINED,
)
GUEST_PARTICIPANT_TYPES = (ParticipantType.GUEST, ParticipantType.GUEST_MODERATOR)
PERMISSIONS_HELP = (
    "A sum of permission bits from 0 to 255 (2 start call, 4 join call, 8 ignore lobby, "
    "16 audio, 32 video, 64 screen, 128 chat); 0 for the default. Any other value is stored "
    "with bit 1 (custom) added, as the API does."
)


def _permissions_field() -> forms.IntegerField:
    return forms.IntegerField(
        min_value=0, max_value=PERMISSION_MAX_CUSTOM, help_text=PERMISSIONS_HELP
    )


class RoomForm(forms.ModelForm):
    default_permissions = _permissions_field()
    call_permissions = _permissions_field()

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
        try:
            return rooms.clean_room_name(self.cleaned_data["name"])
        except OCSError as error:
            raise ValidationError(explain(error)) from None


class AttendeeForm(forms.ModelForm):
    participant_type = forms.TypedChoiceField(coerce=int, choices=ParticipantType.choices)
    permissions = _permissions_field()

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

    def permissions_changed(self) -> bool:
        wanted = self.cleaned_data.get("permissions")
        return wanted is not None and stored_permissions(wanted) != self.initial["permissions"]

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None or self.room is None or not self.permissions_changed():
            return cleaned
        kind = cleaned.get("participant_type", self.initial["participant_type"])
        try:
            participants.check_permissions_changeable(room=self.room, participant_type=kind)
        except OCSError as error:
            self.add_error("permissions", explain(error))
        return cleaned


class AttendeeFormSet(BaseInlineFormSet):
    """Checks the whole change against the services' membership rule first, so that the
    operator sees a refusal as a form error."""

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "room": self.instance}

    def clean(self):
        super().clean()
        if any(self.errors) or self.instance.pk is None:
            return
        removed = {form.instance.pk for form in self.deleted_forms}
        wanted = {
            form.instance.pk: form.cleaned_data.get("participant_type")
            for form in self.initial_forms
            if form.instance.pk not in removed and form.cleaned_data
        }
        before = dict(
            Attendee.objects.filter(room=self.instance, actor_type=ActorType.USERS).values_list(
                "pk", "participant_type"
            )
        )
        after = [wanted.get(pk) or kind for pk, kind in before.items() if pk not in removed]
        try:
            participants.check_membership(room=self.instance, before=before.values(), after=after)
        except OCSError as error:
            raise ValidationError(explain(error)) from None


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
        return clock.readable(obj.joined_at)


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

    actions = ["clear_history"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(participants=Count("attendees"))

    @admin.action(
        description="Clear the history of the selected conversations", permissions=["change"]
    )
    def clear_history(self, request, queryset):
        """As a moderator would (``history_cleared``), one conversation at a time."""
        for room in queryset.order_by("pk"):
            try:
                moderation.clear_history(room=room, by=operator(request))
            except OCSError as error:
                self.message_user(request, f"{room}: {explain(error)}", messages.ERROR)
            else:
                self.message_user(request, f"{room}: history cleared.", messages.SUCCESS)

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
        return clock.readable(obj.last_activity)

    @admin.display(description="created", ordering="created_at")
    def created(self, obj):
        return clock.readable(obj.created_at)

    @admin.display(description="lobby opens")
    def lobby_opens(self, obj):
        return clock.readable(obj.lobby_timer) if obj.lobby_state else "-"

    @admin.display(description="last message")
    def last_message_link(self, obj):
        if not obj.last_message_id:
            return "-"
        return link("admin:reactions_message_change", obj.last_message_id, obj.last_message)

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

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # The forms check the services' rules first; a change that raced another one and
        # breaks a rule after all is rolled back and explained.
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except OCSError as error:
            self.message_user(request, explain(error), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    @transaction.atomic
    def save_model(self, request, obj, form, change):
        """Each changed setting through its service (read-only and lobby post their system
        messages), on the stored row: ``obj`` already carries the form's values."""
        room = Room.objects.select_for_update().get(pk=obj.pk)
        changed, values = set(form.changed_data), form.cleaned_data
        by = operator(request)
        if "name" in changed:
            settings.rename_room(room=room, name=values["name"], by=by)
        if "description" in changed:
            settings.set_description(room=room, description=values["description"], by=by)
        if "default_permissions" in changed:
            rooms.set_default_permissions(room=room, permissions=values["default_permissions"])
        if "call_permissions" in changed:
            rooms.set_call_permissions(room=room, permissions=values["call_permissions"])
        if "read_only" in changed:
            rooms.set_read_only(room=room, read_only=values["read_only"], by=by)
        if changed & {"lobby_state", "lobby_timer"}:
            rooms.set_lobby(
                room=room, enabled=values["lobby_state"], timer=values["lobby_timer"], by=by
            )

    def save_formset(self, request, form, formset, change):
        if formset.model is not Attendee:
            return super().save_formset(request, form, formset, change)
        formset.save(commit=False)
        room = form.instance
        stored = {
            attendee.pk: attendee
            for attendee in Attendee.objects.filter(room_id=room.pk).select_related("room")
        }
        changes = [(stored[a.pk], a, set(fields)) for a, fields in formset.changed_objects]
        # Promotions first: every step keeps a moderator when the whole change does.
        changes.sort(key=lambda change: change[1].participant_type not in MODERATOR_TYPES)
        by = operator(request)
        for attendee, wanted, fields in changes:
            if "participant_type" in fields:
                participants.set_participant_type(
                    attendee=attendee, participant_type=wanted.participant_type, by=by
                )
        for attendee, wanted, _ in changes:
            if stored_permissions(wanted.permissions) != attendee.permissions:
                participants.set_permissions(
                    room=attendee.room,
                    attendee_id=attendee.pk,
                    method="set",
                    permissions=wanted.permissions,
                )
        for attendee in formset.deleted_objects:
            participants.remove_participant(attendee=stored[attendee.pk], by=by)
        return None

    def get_deleted_objects(self, objs, request):
        """A summary instead of Django's list of every related row (a long history would
        load entirely into the confirmation page)."""
        found = list(objs)
        ids = [room.pk for room in found]
        counts = {
            "conversations": len(ids),
            "participants": Attendee.objects.filter(room_id__in=ids).count(),
            "messages": Message.objects.filter(room_id__in=ids).count(),
            "reactions": Reaction.objects.filter(parent__room_id__in=ids).count(),
        }
        perms_needed = set() if self.has_delete_permission(request) else {"conversation"}
        return [str(room) for room in found], counts, perms_needed, []

    def delete_model(self, request, obj):
        rooms.delete_room(room=obj)

    @transaction.atomic
    def delete_queryset(self, request, queryset):
        for room in queryset.only("pk").order_by("pk"):
            rooms.delete_room(room=room)
