"""Talk's rules: every write to conversations, participants, chat and reactions.

One module per concern: :mod:`.rooms`, :mod:`.participants`, :mod:`.chat` and
:mod:`.reactions`. Functions take domain arguments, keyword-only (``room=``, ``attendee=``,
``by=`` the :class:`reactions.models.Actor` doing it), never a request; API views, the admin
and management commands call the same ones, so each rule and system message exists once.
Who may call them is decided before, by :mod:`reactions.policies`.

Every change that must stay consistent runs in one transaction.
"""
