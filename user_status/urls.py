"""User status routes, relative to /ocs/v{1,2}.php/apps/user_status/api/v1/."""

urlpatterns: list = []
