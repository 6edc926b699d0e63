"""Talk's errors, with the status codes and texts its controllers answer with.

Services and policies raise these; the OCS exception handler turns them into the envelope,
and the admin shows them to the operator as form errors or messages. Where Talk's
controllers answer with a reason in ``data`` (``{"error": "message"}``), ``meta.message`` is
empty, as theirs is, and ``explanation`` says what was wrong (it is logged, and it is the
operator's wording in the admin).
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
    """Talk's RoomController::removeSelfFromRoom: ``{"error": "last-moderator"}``."""

    explanation = "A conversation keeps at least one user as owner or moderator."

    def __init__(self):
        super().__init__(data={"error": "last-moderator"})


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


# --- the reasons of Talk's RoomController (lib/Controller/RoomController.php) ---------------


class InvalidRoomType(BadRequest):
    """createRoom: a type clients may not create (CreationException::REASON_TYPE)."""

    explanation = "Conversations of this type can not be created."

    def __init__(self):
        super().__init__(data={"error": "type"})


class InviteNotFound(NotFound):
    """createRoom / createOneToOneRoom: no such user (or group) to invite."""

    explanation = "The invited user or group does not exist."

    def __init__(self):
        super().__init__(data={"error": "invite"})


class InviteSelf(OCSError):
    """createOneToOneRoom with oneself."""

    status = 403
    explanation = "A one-to-one conversation needs another user."

    def __init__(self):
        super().__init__(data={"error": "invite"})


class NewParticipantNotFound(NotFound):
    """addParticipantToRoom: no such user or group."""

    explanation = "The user or group to add does not exist."

    def __init__(self):
        super().__init__(data={"error": "new-participant"})


# --- the reasons of Talk's ChatController (lib/Controller/ChatController.php) ---------------


class MessageEmpty(BadRequest):
    explanation = "The message is empty."

    def __init__(self):
        super().__init__(data={"error": "message"})


class MessageTooLong(PayloadTooLarge):
    explanation = f"A message has at most {MAX_CHAT_LENGTH} characters."

    def __init__(self):
        super().__init__(data={"error": "message"})


class NotReplyable(BadRequest):
    explanation = "The replied-to message can not be replied to here."

    def __init__(self):
        super().__init__(data={"error": "reply-to"})


class MayNotDeleteMessage(OCSError):
    status = 403
    explanation = (
        "Only its author deletes a message, or a moderator outside one-to-one conversations."
    )

    def __init__(self):
        super().__init__(data={"error": "permission"})


class MessageNotFound(NotFound):
    """editMessage: no such message in this conversation."""

    explanation = "The conversation has no such message."

    def __init__(self):
        super().__init__(data={"error": "message"})


class MayNotEditMessage(OCSError):
    status = 403
    explanation = (
        "Only its author edits a message, or a moderator outside one-to-one conversations."
    )

    def __init__(self):
        super().__init__(data={"error": "permission"})


class NotEditable(MethodNotAllowed):
    """editMessage: a system message, a reaction, a deleted message or a shared object."""

    explanation = "Only normal chat messages can be edited."

    def __init__(self):
        super().__init__(data={"error": "message"})


class MessageTooOld(BadRequest):
    explanation = "Messages can be edited for 24 hours (in notes to self forever)."

    def __init__(self):
        super().__init__(data={"error": "age"})


class InvalidRichObject(BadRequest):
    """shareObjectToChat: not a valid rich object (unknown type, missing or non-string
    values, a malformed geo URI)."""

    explanation = "The shared object is not a valid rich object."

    def __init__(self):
        super().__init__(data={"error": "object"})


class UntrustedLink(BadRequest):
    explanation = "The shared object's link points outside this server's trusted domains."

    def __init__(self):
        super().__init__(data={"error": "link"})


# --- Talk's ReactionController (lib/Controller/ReactionController.php): ``null`` data -------


class InvalidMessageId(BadRequest):
    """Message id 0 on POST and DELETE."""

    explanation = "Message id 0 names no message."

    def __init__(self):
        super().__init__(data=None)


class NoMessageZero(NotFound):
    """Message id 0 on GET: Talk lets the InvalidArgumentException through (a 500); here a
    404, with the null of the newest controller's other refusals."""

    explanation = "Message id 0 names no message."

    def __init__(self):
        super().__init__(data=None)


# --- the reasons of Talk's PollController (lib/Controller/PollController.php) ---------------


class PollPropertyInvalid(BadRequest):
    """createPoll: PollPropertyException's reason (``question``, ``options``, ``room``,
    ``draft``, ``poll``) in ``data.error``."""

    EXPLANATIONS = {
        "question": "A poll's question is not empty and has at most 32000 bytes.",
        "options": "A poll has at least two non-empty options, all strings, "
        "at most 60000 bytes together.",
        "room": "Polls are only created in group and public conversations.",
        "draft": "Only moderators save polls as drafts.",
        "poll": "`resultMode` is 0 or 1, and `maxVotes` a non-negative 32-bit integer.",
    }

    def __init__(self, reason: str):
        self.explanation = self.EXPLANATIONS[reason]
        super().__init__(data={"error": reason})


class VoteRefused(BadRequest):
    """votePoll: the poll is closed, or the option ids are repeated, too many or unknown
    (Talk answers ``[]``)."""

    explanation = "The poll is closed, or the option ids are repeated, too many or unknown."


class MayNotClosePoll(OCSError):
    status = 403
    explanation = "Only its author or a moderator closes a poll."


class PollAlreadyClosed(BadRequest):
    explanation = "The poll is closed already."


# --- conversation settings and moderation (Talk's RoomController, RoomService) -------------


class SettingRefused(BadRequest):
    """A setting Talk's RoomService refuses with a reason (lib/Exceptions/RoomProperty/*):
    ``type`` (not for this kind of conversation), ``value`` (out of range), in
    ``data.error``."""

    def __init__(self, reason: str, explanation: str):
        self.explanation = explanation
        super().__init__(data={"error": reason})


class ModerationRefused(OCSError):
    """Promoting or demoting oneself, an owner or a user following a public link; removing
    an owner; clearing the history as a guest moderator."""

    status = 403

    def __init__(self, explanation: str):
        self.explanation = explanation
        super().__init__()


class ParticipantTypeUnchanged(BadRequest):
    explanation = "The participant already is (or is not) a moderator."


class AttendeeNotFound(NotFound):
    explanation = "The conversation has no such attendee."


class WrongPassword(OCSError):
    status = 403
    explanation = "The conversation's password is needed to join it."


class InvalidNotificationLevel(BadRequest):
    """setNotificationLevel / setNotificationCalls: Talk answers an empty 400."""

    def __init__(self, explanation: str):
        self.explanation = explanation
        super().__init__()
