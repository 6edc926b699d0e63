"""Django's PostgreSQL backend with a health check that costs no round trip.

With ``CONN_HEALTH_CHECKS`` Django checks a kept connection before its first use in each
request, and its PostgreSQL backend does that with ``SELECT 1``: one more round trip on
every request. A connection that the server closed while it sat idle (a restart, an idle
timeout, a proxy that dropped it) has something to read on its socket: the server's last
message, or the end of the stream. A healthy idle connection has nothing, since every
answer is read whole. So the check is one non-blocking poll of the socket; anything there
(at worst an asynchronous notice) costs a new connection, never an error for the request.
"""

import select

from django.db.backends.postgresql import base


class DatabaseWrapper(base.DatabaseWrapper):
    def is_usable(self) -> bool:
        connection = self.connection
        if connection is None or connection.closed or getattr(connection, "broken", False):
            return False
        try:
            poller = select.poll()  # not select.select: no limit on the descriptor's number
            poller.register(connection.fileno(), select.POLLIN | select.POLLPRI)
            return not poller.poll(0)
        except (OSError, ValueError, base.Database.Error):
            return False
