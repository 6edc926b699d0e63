"""``capabilities.files_sharing``, as Nextcloud's apps/files_sharing/lib/Capabilities.php
writes it for a server whose share API is off.

This server keeps no files, so it can create no share: it says so the way Nextcloud does
when an administrator turns the share API off (``api_enabled: false``, public links,
mail and resharing off, no federation), and clients that gate file sharing on
``api_enabled`` (nc_py_api's ``send_file``, the mobile apps) do not offer it. The sharee
search works all the same (upstream it does not depend on the share API either): ``sharee``
tells clients how to use it.
"""

from django.conf import settings

from ocs.openapi.schema import BOOL, INT, obj

_ENABLED = obj({"enabled": BOOL})

# The schema of the entry, for the OpenAPI document of /cloud/capabilities.
SCHEMA = obj(
    {
        "api_enabled": BOOL,
        "public": _ENABLED,
        "user": obj({"send_mail": BOOL}),
        "resharing": BOOL,
        "federation": obj(
            {
                "outgoing": BOOL,
                "incoming": BOOL,
                "expire_date": _ENABLED,
                "expire_date_supported": _ENABLED,
            }
        ),
        "sharee": obj(
            {
                "minSearchStringLength": INT,
                "query_lookup_default": BOOL,
                "always_show_unique": BOOL,
            }
        ),
    }
)


def files_sharing_capabilities(request) -> dict:
    return {
        "api_enabled": False,
        "public": {"enabled": False},
        "user": {"send_mail": False},
        "resharing": False,
        "federation": {
            "outgoing": False,
            "incoming": False,
            "expire_date": {"enabled": False},
            "expire_date_supported": {"enabled": False},
        },
        "sharee": {
            "minSearchStringLength": settings.SHARING_MIN_SEARCH_STRING_LENGTH,
            # No global scale, so no lookup server to ask by default.
            "query_lookup_default": False,
            # Entries carry shareWithDisplayNameUnique (the e-mail address, or the user id).
            "always_show_unique": True,
        },
    }
