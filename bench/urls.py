"""The project's URLs, with the framework floor in front of them (outside ``/ocs/``)."""

from config.urls import handler500
from config.urls import urlpatterns as project_urlpatterns
from django.urls import path

from .floor import FloorView

urlpatterns = [path("bench/floor", FloorView.as_view()), *project_urlpatterns]

__all__ = ["handler500", "urlpatterns"]
