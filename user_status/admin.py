"""The operator's console for statuses: curate the predefined catalog, inspect, correct
and clear users' statuses. Every change goes through :mod:`user_status.services`, so the
checks and rules are the API's."""

from django import forms
from django.contrib import admin, messages

from ocs import clock
from ocs.emoji import is_valid_single_emoji
from ocs.exceptions import OCSError

from .models import ClearAtRule, PredefinedStatus, UserStatus
from .services import catalog, operations, statuses

# What the web client offers under "Clear status after", plus a custom period.
CLEAR_AFTER_CHOICES = [
    ("none", "Don't clear"),
    ("period:1800", "30 minutes"),
    ("period:3600", "1 hour"),
    ("period:14400", "4 hours"),
    ("end-of-day", "Today"),
    ("end-of-week", "This week"),
    ("period", "Custom period (seconds below)"),
]


class PredefinedStatusForm(forms.ModelForm):
    clear_after = forms.ChoiceField(
        choices=CLEAR_AFTER_CHOICES, label="Clear status after", initial="none"
    )

    class Meta:
        model = PredefinedStatus
        fields = ["id", "icon", "message", "clear_after", "clear_at_seconds", "visible"]
        help_texts = {"icon": "One emoji, or a :shortcode: such as :palm_tree:."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        entry = self.instance
        if entry.pk and not self.is_bound:
            if entry.clear_at_rule == ClearAtRule.PERIOD:
                preset = f"period:{entry.clear_at_seconds}"
                choices = dict(CLEAR_AFTER_CHOICES)
                self.initial["clear_after"] = preset if preset in choices else "period"
            else:
                self.initial["clear_after"] = entry.clear_at_rule

    def clean_id(self):
        value = self.cleaned_data["id"]
        if not value or not all(c.islower() or c.isdigit() or c == "-" for c in value):
            raise forms.ValidationError("Use lowercase letters, digits and '-' only.")
        return value

    def clean_icon(self):
        # Imported here: every process loads the admin at start-up (the expiry command too),
        # and the emoji tables cost 25 ms that only this form needs.
        import emoji

        value = emoji.emojize(self.cleaned_data["icon"].strip(), language="alias")
        if not is_valid_single_emoji(value):
            raise forms.ValidationError("The icon must be exactly one emoji.")
        return value

    def clean(self):
        cleaned = super().clean()
        choice = cleaned.get("clear_after") or "none"
        rule, _, preset_seconds = choice.partition(":")
        seconds = int(preset_seconds) if preset_seconds else cleaned.get("clear_at_seconds")
        if rule == ClearAtRule.PERIOD and not seconds:
            self.add_error("clear_at_seconds", "Give the period in seconds.")
        self.instance.clear_at_rule = rule
        cleaned["clear_at_seconds"] = seconds if rule == ClearAtRule.PERIOD else None
        return cleaned


@admin.register(PredefinedStatus)
class PredefinedStatusAdmin(admin.ModelAdmin):
    form = PredefinedStatusForm
    list_display = ("icon", "message", "id", "clear_after", "visible", "sort_order", "built_in")
    list_display_links = ("icon", "message")
    list_editable = ("visible",)
    list_filter = ("visible", "built_in")
    ordering = ("sort_order", "id")
    actions = ["move_to_top", "move_to_bottom", "hide", "show"]

    def get_readonly_fields(self, request, obj=None):
        return ("id",) if obj is not None else ()

    def get_fields(self, request, obj=None):
        fields = ["id", "icon", "message", "clear_after", "clear_at_seconds", "visible"]
        return fields

    def has_delete_permission(self, request, obj=None):
        # Built-in entries are what automations and clients expect: hide them instead.
        if obj is not None and obj.built_in:
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        catalog.save_entry(entry=obj)

    def delete_model(self, request, obj):
        catalog.delete_entry(entry=obj)

    def delete_queryset(self, request, queryset):
        for entry in queryset:
            catalog.delete_entry(entry=entry)

    @admin.display(description="Clear status after")
    def clear_after(self, obj):
        if obj.clear_at_rule == ClearAtRule.PERIOD:
            return dict(CLEAR_AFTER_CHOICES).get(
                f"period:{obj.clear_at_seconds}", f"{obj.clear_at_seconds} s"
            )
        return dict(CLEAR_AFTER_CHOICES).get(obj.clear_at_rule, obj.clear_at_rule)

    @admin.action(description="Move selected to the top")
    def move_to_top(self, request, queryset):
        catalog.move(ids=queryset.values_list("pk", flat=True), to_top=True)

    @admin.action(description="Move selected to the bottom")
    def move_to_bottom(self, request, queryset):
        catalog.move(ids=queryset.values_list("pk", flat=True), to_top=False)

    @admin.action(description="Hide selected from the list")
    def hide(self, request, queryset):
        catalog.set_visible(ids=queryset.values_list("pk", flat=True), visible=False)

    @admin.action(description="Show selected in the list")
    def show(self, request, queryset):
        catalog.set_visible(ids=queryset.values_list("pk", flat=True), visible=True)


class IsBackupFilter(admin.SimpleListFilter):
    title = "kind"
    parameter_name = "backup"

    def lookups(self, request, model_admin):
        return [("no", "Live status"), ("yes", "Backup (put aside by an automation)")]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(is_backup=self.value() == "yes")
        return queryset


class UserStatusForm(forms.ModelForm):
    """An operator's correction, checked as the API checks what users set."""

    class Meta:
        model = UserStatus
        fields = ["status", "is_user_defined", "custom_icon", "custom_message", "clear_at"]

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        clear_at = cleaned.get("clear_at")
        try:
            statuses.validate_custom_message(
                cleaned.get("custom_icon"),
                cleaned.get("custom_message"),
                None if clear_at == self.initial.get("clear_at") else clear_at,
                clock.now(),
            )
        except OCSError as error:
            raise forms.ValidationError(error.message) from None
        return cleaned


@admin.register(UserStatus)
class UserStatusAdmin(admin.ModelAdmin):
    form = UserStatusForm
    list_display = (
        "user_id_on_wire",
        "status",
        "is_user_defined",
        "message_shown",
        "message_id",
        "clear_at_readable",
        "status_time",
        "message_time",
    )
    list_filter = (IsBackupFilter, "status", "is_user_defined")
    search_fields = ("user__username", "user__first_name", "user__last_name", "custom_message")
    list_select_related = ("user", "predefined")
    actions = ["clear_message", "reset_to_offline"]
    readonly_fields = (
        "user",
        "is_backup",
        "status_time",
        "message_time",
        "clear_at_readable",
        "predefined",
    )
    fields = (
        "user",
        "is_backup",
        "status",
        "is_user_defined",
        "status_time",
        "predefined",
        "custom_icon",
        "custom_message",
        "clear_at",
        "clear_at_readable",
        "message_time",
    )

    def has_add_permission(self, request):
        return False  # statuses are set by their users (or automations), not invented here

    @admin.display(description="user", ordering="user__username")
    def user_id_on_wire(self, obj):
        return obj.wire_user_id

    @admin.display(description="message")
    def message_shown(self, obj):
        icon = obj.custom_icon or (obj.predefined.icon if obj.predefined else "")
        text = obj.custom_message or (obj.predefined.message if obj.predefined else "")
        return f"{icon} {text}".strip() or "-"

    @admin.display(description="clear at", ordering="clear_at")
    def clear_at_readable(self, obj):
        return clock.readable(obj.clear_at)

    @admin.display(description="status since", ordering="status_timestamp")
    def status_time(self, obj):
        return clock.readable(obj.status_timestamp)

    @admin.display(description="message since", ordering="status_message_timestamp")
    def message_time(self, obj):
        return clock.readable(obj.status_message_timestamp)

    def save_model(self, request, obj, form, change):
        values = form.cleaned_data
        operations.edit_status(
            row=UserStatus.objects.get(pk=obj.pk),
            status=values["status"],
            is_user_defined=values["is_user_defined"],
            icon=values["custom_icon"],
            message=values["custom_message"],
            clear_at=values["clear_at"],
        )

    @admin.action(description="Clear message")
    def clear_message(self, request, queryset):
        count = operations.clear_messages(statuses=queryset.values_list("pk", flat=True))
        self.message_user(request, f"Cleared the message of {count} status(es).", messages.SUCCESS)

    @admin.action(description="Reset to offline")
    def reset_to_offline(self, request, queryset):
        count = operations.reset_to_offline(statuses=queryset.values_list("pk", flat=True))
        self.message_user(request, f"Reset {count} status(es) to offline.", messages.SUCCESS)
