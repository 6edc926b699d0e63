"""Talk's errors, with the status codes and texts its controllers answer with.

Services and policies raise these; the OCS exception handler turns them into the envelope,
and the admin shows them to the operator as form errors or messages. ``explanation`` is the
operator's wording where the client's text speaks to the caller ("You are ...").
"""

from ocs.exceptions import BadRequest, NotFound, OCSError

from .models import MAX_CHAT_LENGTH


class PayloadTooLarge(OCSError):
    status = 413


class MethodNotAllowed(OCSError):
    status = 405


class NotImplementedOnServer(OCSError):
    status = 501


class OutOfContext(Exception):
    """The message exists but cannot be reacted to here: in another conversation, or not a
    message (a system message, a reaction, a deleted message)."""


class NotReactable(NotFound):
    """Revoking a reaction on a message that can no longer carry reactions (deleted)."""


class InvalidState(BadRequest):
    def __init__(self):
        super().__init__('Parameter "state" must be 0 or 1')


class LastModerator(BadRequest):
    explanation = "A conversation keeps at least one user as owner or moderator."

    def __init__(self):
        super().__init__("You are the last moderator")


class LastUser(BadRequest):
    explanation = "A conversation keeps at least one user: delete the conversation instead."

    def __init__(self):
        super().__init__("The last user can not be removed")


class ModeratorPermissionsFixed(BadRequest):
    explanation = "Permissions of moderators can not be changed."

    def __init__(self):
        super().__init__("Permissions of moderators can not be changed")


class InvalidRoomName(BadRequest):
    """``Room name is empty`` / ``Room name is too long``."""


class GroupNotFound(NotFound):
    def __init__(self):
        super().__init__("Group not found")


class UserNotFound(NotFound):
    def __init__(self):
        super().__init__("User not found")


class MessageEmpty(BadRequest):
    def __init__(self):
        super().__init__("Message is empty", data={"error": "message"})


class MessageTooLong(PayloadTooLarge):
    explanation = f"A message has at most {MAX_CHAT_LENGTH} characters."

    def __init__(self):
        super().__init__("Message is too long", data={"error": "message"})


class NotReplyable(BadRequest):
    def __init__(self):
        super().__init__("Message can not be replied to", data={"error": "reply-to"})


class MayNotDeleteMessage(OCSError):
    status = 403

    def __init__(self):
        super().__init__("Not allowed to delete this message", data={"error": "permission"})


class InvalidMessageId(BadRequest):
    def __init__(self):
        super().__init__("Invalid message id")
