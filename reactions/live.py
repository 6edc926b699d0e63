"""Talk, live: the events a conversation publishes, the chat long-poll that waits for them,
and what the event stream shows of them.

Talk clients keep ``GET v1/chat/{token}?lookIntoFuture=1&timeout=30`` open for every
conversation they show. Here it waits on the event loop (see ``ocs.live.asgi``): the
ordinary chat view answers at once, and only when it has nothing new does the request wait
for an event of the conversation, holding no thread and no database connection, then asks
the view again. Talk itself keeps a PHP worker per waiting client and looks at a cache key
once a second (spreed's lib/Chat/ChatManager.php, ``waitForNewMessages``).
"""

import asyncio

from django.conf import settings

from ocs import live
from ocs.live.asgi import LiveRequest, counted, waiting
from ocs.live.stream import register, topics_changed, user_topic

from .models import ActorType, Attendee, Message

MESSAGE, REACTIONS = "message", "reactions"
DEFAULT_TIMEOUT = 30  # Talk's default, and its maximum:
MAX_TIMEOUT = 60


def topic(token: str) -> str:
    return f"room:{token}"


# --- publishing (from the services, inside their transactions) ----------------------------


def message_posted(row: Message, token: str) -> None:
    """A chat entry was added to the conversation (a message, a system message, a
    reaction's entry)."""
    live.publish(topic(token), MESSAGE, token=token, messageId=row.pk)


def reactions_changed(parent: Message, token: str) -> None:
    live.publish(topic(token), REACTIONS, token=token, messageId=parent.pk)


def membership_changed(username: str) -> None:
    """The user joined or left a conversation: their streams follow it, or stop."""
    topics_changed(user_topic(username))


def room_deleted(token: str) -> None:
    """The streams following the conversation stop (one event, whatever its size)."""
    topics_changed(topic(token))


# --- the chat long-poll ---------------------------------------------------------------------


def _int(value: str | None) -> int | None:
    try:
        return int((value or "").strip())
    except ValueError:
        return None


def wait_seconds(query: dict[str, str]) -> int:
    asked = _int(query.get("timeout"))
    asked = DEFAULT_TIMEOUT if asked is None else asked
    return max(0, min(asked, MAX_TIMEOUT, settings.TALK_CHAT_MAX_WAIT_SECONDS))


@waiting(
    r"/ocs/v[12]\.php/apps/spreed/api/v1/chat/(?P<token>[^/]+)",
    when=lambda query: _int(query.get("lookIntoFuture")) == 1,
)
async def chat_long_poll(request: LiveRequest, token: str) -> None:
    """Nothing new: wait for an event of the conversation (up to ``timeout`` seconds) and
    ask again; a 304 at the end. Subscribed before the first look: nothing committed after
    that look can be missed."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + wait_seconds(request.query)
    subscription = request.hub.subscribe([topic(token)])
    try:
        answer = await request.ask()
        if answer.status == 304 and request.context.actor is not None:
            with counted(request):
                while answer.status == 304:
                    remaining = deadline - loop.time()
                    if remaining <= 0 or not await request.wait(subscription, remaining):
                        break
                    answer = await request.ask()
        if not request.disconnected:
            await request.respond(answer)
    finally:
        subscription.close()


# --- the event stream -----------------------------------------------------------------------


def _stream_topics(user) -> list[str]:
    tokens = Attendee.objects.filter(
        actor_type=ActorType.USERS, actor_id=user.get_username()
    ).values_list("room__token", flat=True)
    return [topic(token) for token in tokens]


def _render(events, language):
    wanted = {event.data["messageId"] for event in events if event.kind == REACTIONS}
    counts = dict(
        Message.objects.filter(pk__in=wanted).values_list("pk", "reaction_counts") if wanted else ()
    )
    out = []
    for event in events:
        data = {"token": event.data["token"], "messageId": event.data["messageId"]}
        if event.kind == REACTIONS:
            data["reactions"] = counts.get(data["messageId"]) or {}
        out.append([(None, data)])
    return out


register(MESSAGE, topics=_stream_topics, render=_render)
register(REACTIONS, topics=lambda user: (), render=_render)
