"""ASGI entry point (``uvicorn config.asgi:application``; ``make run``): the WSGI
application for ordinary requests, async handlers for the requests that wait (see
``ocs.live.asgi``)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

_wsgi = get_wsgi_application()

from ocs.live.asgi import application as live_application  # noqa: E402  (needs Django set up)

application = live_application(_wsgi)
