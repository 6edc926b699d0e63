"""The user status errors, with the reference's message texts."""

from ocs.exceptions import BadRequest, NotFound

from .models import MAXIMUM_MESSAGE_LENGTH


class InvalidStatusType(BadRequest):
    def __init__(self, value: str):
        super().__init__(f'Status-type "{value}" is not supported')


class InvalidMessageId(BadRequest):
    def __init__(self, value: str):
        super().__init__(f'Message-Id "{value}" is not supported')


class InvalidClearAt(BadRequest):
    def __init__(self):
        super().__init__("ClearAt is in the past")


class InvalidStatusIcon(BadRequest):
    def __init__(self):
        super().__init__("Status-Icon is longer than one character")


class StatusMessageTooLong(BadRequest):
    def __init__(self):
        super().__init__(
            f"Message is longer than supported length of {MAXIMUM_MESSAGE_LENGTH} characters"
        )


class InvalidHeartbeatStatus(BadRequest):
    """The heartbeat's 400 has an empty message (a DataResponse in the reference)."""

    def __init__(self):
        super().__init__("")


class NoStatusForCurrentUser(NotFound):
    def __init__(self):
        super().__init__("No status for the current user")


class NoStatusForUserId(NotFound):
    def __init__(self):
        super().__init__("No status for the requested userId")
