"""Talk routes, relative to /ocs/v{1,2}.php/apps/spreed/api/."""

urlpatterns: list = []
