"""Talk's polls (spreed's lib/Model/Poll.php and Vote.php), imported by :mod:`reactions.models`.

* A :class:`Poll` belongs to a conversation; its options are a list (an option's id is its
  index). ``votes`` (``{option id: count}``) and ``num_voters`` summarise the vote rows; they
  are changed only in the transaction that replaces an actor's votes, under a row lock on the
  poll, so they always equal the rows.
* A :class:`Vote` is one option an actor voted for: one row per (poll, actor, option),
  guarded by a unique constraint. A deleted account's rows become ``deleted_users``, so the
  constraint holds for live actors only.
"""

from django.db import models

from .models import ActorType, Room

MAX_QUESTION_LENGTH = 32_000  # PollService::createPoll, in bytes
MAX_OPTIONS_JSON_LENGTH = 60_000  # the options' JSON, in bytes
MAX_VOTES_UNLIMITED = 0
MAX_VOTES_LIMIT = 2**31 - 1  # Talk's column is an INTEGER
POLL_OBJECT_TYPE = "talk-poll"


class PollStatus(models.IntegerChoices):
    OPEN = 0, "Open"
    CLOSED = 1, "Closed"
    DRAFT = 2, "Draft"


class PollMode(models.IntegerChoices):
    PUBLIC = 0, "Public results"
    HIDDEN = 1, "Hidden until closed"


class Poll(models.Model):
    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="polls")
    question = models.TextField()
    options = models.JSONField(default=list)
    votes = models.JSONField(default=dict, blank=True)
    num_voters = models.PositiveIntegerField(default=0)
    actor_type = models.CharField(max_length=64)
    actor_id = models.CharField(max_length=255)
    status = models.PositiveSmallIntegerField(choices=PollStatus.choices, default=PollStatus.OPEN)
    result_mode = models.PositiveSmallIntegerField(
        choices=PollMode.choices, default=PollMode.PUBLIC
    )
    max_votes = models.PositiveIntegerField(default=MAX_VOTES_UNLIMITED)

    class Meta:
        indexes = [models.Index(fields=["actor_type", "actor_id"], name="reactions_poll_actor")]

    def __str__(self):
        return f"#{self.pk} {self.question[:40]}"


class Vote(models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="vote_rows")
    actor_type = models.CharField(max_length=64)
    actor_id = models.CharField(max_length=255)
    option_id = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["poll", "actor_type", "actor_id", "option_id"],
                condition=~models.Q(actor_type=ActorType.DELETED_USERS),
                name="one_vote_per_actor_and_option",
            )
        ]
        indexes = [models.Index(fields=["actor_type", "actor_id"], name="reactions_vote_actor")]

    def __str__(self):
        return f"option {self.option_id} by {self.actor_type}/{self.actor_id} on #{self.poll_id}"
