"""App passwords in the admin: create one for a user (the token is shown once), see when
each was last used, revoke by deleting."""

from django.contrib import admin, messages

from .models import AppPassword


@admin.register(AppPassword)
class AppPasswordAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "created", "last_used")
    list_filter = ("created",)
    search_fields = ("name", "user__username")
    autocomplete_fields = ("user",)
    readonly_fields = ("created", "last_used")

    def get_fields(self, request, obj=None):
        return ("user", "name") if obj is None else ("user", "name", "created", "last_used")

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj is None else ("user", *self.readonly_fields)

    def save_model(self, request, obj, form, change):
        if change:  # only the name can change
            AppPassword.objects.filter(pk=obj.pk).update(name=obj.name)
            return
        created, token = AppPassword.objects.create_for(user=obj.user, name=obj.name)
        obj.pk = created.pk
        self.message_user(
            request,
            f"App password for {obj.user.username}: {token} "
            "(copy it now: it is not stored and will not be shown again)",
            messages.WARNING,
        )
