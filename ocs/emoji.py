"""Single-emoji validation, for every field that takes exactly one emoji.

This mirrors Nextcloud's property-based ``OC\\EmojiHelper::isValidSingleEmoji``.
A string is accepted when **all** of the following hold:

1. it is exactly one extended grapheme cluster (Unicode UAX #29, ``regex``'s ``\\X``),
   so ``"👍👍"`` or ``"📱📠"`` (two clusters) are rejected while ZWJ sequences such as
   ``"🏳️‍🌈"``, skin-tone sequences, keycaps and tag flags (``"🏴󠁧󠁢󠁥󠁮󠁧󠁿"``) are accepted;
2. its UTF-8 encoding is at least 2 bytes long, so single ASCII characters that happen
   to carry the ``Emoji`` property (``0``-``9``, ``#``, ``*``) are rejected;
3. every code point has at least one of the Unicode properties ``Emoji``,
   ``Emoji_Component`` or ``Extended_Pictographic`` (this admits the joiners and
   modifiers: ZWJ U+200D, VS16 U+FE0F, skin tones, keycap U+20E3, tag characters,
   regional indicators).

Consequences worth knowing: a lone regional indicator (``"🇦"``), a lone skin tone
(``"🏻"``), a redundant second VS16 (``"☝️️"``) and even a lone ZWJ are valid, because
each is a single cluster made only of emoji-property code points.

The function does not trim whitespace (callers do that), never raises for any ``str``
(lone surrogates and control characters simply fail), returns ``False`` for non-``str``
input, and enforces no maximum length: callers must apply their own storage limits.
"""

from __future__ import annotations

import regex

__all__ = ["is_valid_single_emoji"]

# Whole string (used with ``fullmatch``) must be one grapheme cluster, and consist only
# of code points carrying one of the emoji properties. Both parts are linear-time.
_SINGLE_EMOJI_RE = regex.compile(
    r"(?=\X\Z)[\p{Emoji}\p{Emoji_Component}\p{Extended_Pictographic}]+"
)


def is_valid_single_emoji(value: str) -> bool:
    """Return True if ``value`` is exactly one emoji (see the module docstring)."""
    if not isinstance(value, str) or not value:
        return False
    # UTF-8 length >= 2 without encoding (encoding would raise on lone surrogates):
    # only a single ASCII code point is shorter than 2 bytes.
    if len(value) == 1 and value < "\x80":
        return False
    return _SINGLE_EMOJI_RE.fullmatch(value) is not None
