"""Tests for ``ocs.emoji.is_valid_single_emoji`` (Nextcloud's single-emoji rule).

Escapes are used for every invisible code point so the vectors are unambiguous:
``\u200d`` ZERO WIDTH JOINER, ``\ufe0f`` VARIATION SELECTOR-16, ``\u20e3`` COMBINING
ENCLOSING KEYCAP, ``\U000e0020``-``\U000e007f`` TAG characters (subdivision flags).
"""

import subprocess
import sys
import time
from pathlib import Path

import pytest

from ocs.emoji import is_valid_single_emoji

# --------------------------------------------------------------------------------------
# Hand-picked cases of Nextcloud's rule (lib/private/EmojiHelper.php), plus the icons of
# the built-in predefined statuses
# --------------------------------------------------------------------------------------

SPEC_INVALID = [
    "📱📠",  # two clusters
    "a",
    "0",  # has the Emoji property, but is a single UTF-8 byte
    "$",
    "$$",
    "#",  # has the Emoji property, but is a single UTF-8 byte
    "*",  # has the Emoji property, but is a single UTF-8 byte
    "",
    "hello",
    "👍👍",
    "👍 ",  # trailing space: the validator does not trim
]

SPEC_VALID = [
    "🇩🇪",
    "🇦",  # lone regional indicator: one cluster, Emoji property
    "🎅🏽",
    "👍🏿",
    "🏻",  # lone skin-tone modifier
    "🏃🏻\u200d♀\ufe0f",  # woman running: light skin tone (ZWJ sequence)
    "🐕\u200d🦺",  # service dog
    "🏳\ufe0f\u200d🌈",  # rainbow flag
    "👨🏽\u200d💻",  # man technologist: medium skin tone
    "🏴\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f",  # England tag flag
    "🅰\ufe0f",
    "🀄\ufe0f",  # U+1F004 U+FE0F (emoji.is_emoji rejects it)
    "\u261d\ufe0f\ufe0f",  # U+261D with a redundant second VS16 (emoji.is_emoji rejects it)
    "\u261d\ufe0f",
    "\u2764\ufe0f",  # red heart
    "#\ufe0f\u20e3",  # keycap number sign
    "0\u20e3",  # keycap 0 without VS16: U+0030 U+20E3
    "‼\ufe0f",
    "\u2139\ufe0f",  # information source (U+2139 is confusable with "i")
    "↔\ufe0f",
    "👍",
    "📅",
    "🚌",
    "⏳",
    "🏡",
    "🤒",
    "🌴",
    "💬",
    "🛑",
    "😀",
]

# --------------------------------------------------------------------------------------
# Full data set of nextcloud/server tests/lib/EmojiHelperTest.php,
# isValidSingleEmojiDataProvider (commit 0cd17fe20f47ce435b9b7ed86fee2da93f764e0d),
# copied in the original order: 5 invalid + 3074 valid vectors. The valid ones were
# "extracted from spreed/node_modules/emojis-list/index.js". That file was written
# against the older category-based PHP rule; every vector also holds under the
# property-based rule implemented here, so none had to change its expectation.
# "\u2139" (INFORMATION SOURCE) and "\u2795"/"\u2796" (HEAVY PLUS/MINUS SIGN) are escaped
# only because they look like "i", "+" and "-".
# Notable entries: "#\u20e3", "*\u20e3", "0\u20e3".."9\u20e3" are keycaps without VS16;
# the three "🏴\U000e0067\U000e0062..." entries are the England, Scotland and Wales
# tag flags; "👁\u200d🗨" is the eye-in-speech-bubble ZWJ sequence without VS16s.
# --------------------------------------------------------------------------------------

NEXTCLOUD_INVALID = [
    "📱📠",
    "a",
    "0",
    "$",
    "$$",
]

# fmt: off
NEXTCLOUD_VALID = [
    "🀄\ufe0f", "🃏", "🅰\ufe0f", "🅱\ufe0f", "🅾\ufe0f", "🅿\ufe0f", "🆎", "🆑", "🆒", "🆓",
    "🆔", "🆕", "🆖", "🆗", "🆘", "🆙", "🆚", "🇦🇨", "🇦🇩", "🇦🇪", "🇦🇫", "🇦🇬", "🇦🇮",
    "🇦🇱", "🇦🇲", "🇦🇴", "🇦🇶", "🇦🇷", "🇦🇸", "🇦🇹", "🇦🇺", "🇦🇼", "🇦🇽", "🇦🇿",
    "🇦", "🇧🇦", "🇧🇧", "🇧🇩", "🇧🇪", "🇧🇫", "🇧🇬", "🇧🇭", "🇧🇮", "🇧🇯", "🇧🇱",
    "🇧🇲", "🇧🇳", "🇧🇴", "🇧🇶", "🇧🇷", "🇧🇸", "🇧🇹", "🇧🇻", "🇧🇼", "🇧🇾", "🇧🇿",
    "🇧", "🇨🇦", "🇨🇨", "🇨🇩", "🇨🇫", "🇨🇬", "🇨🇭", "🇨🇮", "🇨🇰", "🇨🇱", "🇨🇲",
    "🇨🇳", "🇨🇴", "🇨🇵", "🇨🇷", "🇨🇺", "🇨🇻", "🇨🇼", "🇨🇽", "🇨🇾", "🇨🇿", "🇨",
    "🇩🇪", "🇩🇬", "🇩🇯", "🇩🇰", "🇩🇲", "🇩🇴", "🇩🇿", "🇩", "🇪🇦", "🇪🇨", "🇪🇪",
    "🇪🇬", "🇪🇭", "🇪🇷", "🇪🇸", "🇪🇹", "🇪🇺", "🇪", "🇫🇮", "🇫🇯", "🇫🇰", "🇫🇲",
    "🇫🇴", "🇫🇷", "🇫", "🇬🇦", "🇬🇧", "🇬🇩", "🇬🇪", "🇬🇫", "🇬🇬", "🇬🇭", "🇬🇮",
    "🇬🇱", "🇬🇲", "🇬🇳", "🇬🇵", "🇬🇶", "🇬🇷", "🇬🇸", "🇬🇹", "🇬🇺", "🇬🇼", "🇬🇾",
    "🇬", "🇭🇰", "🇭🇲", "🇭🇳", "🇭🇷", "🇭🇹", "🇭🇺", "🇭", "🇮🇨", "🇮🇩", "🇮🇪", "🇮🇱",
    "🇮🇲", "🇮🇳", "🇮🇴", "🇮🇶", "🇮🇷", "🇮🇸", "🇮🇹", "🇮", "🇯🇪", "🇯🇲", "🇯🇴",
    "🇯🇵", "🇯", "🇰🇪", "🇰🇬", "🇰🇭", "🇰🇮", "🇰🇲", "🇰🇳", "🇰🇵", "🇰🇷", "🇰🇼",
    "🇰🇾", "🇰🇿", "🇰", "🇱🇦", "🇱🇧", "🇱🇨", "🇱🇮", "🇱🇰", "🇱🇷", "🇱🇸", "🇱🇹",
    "🇱🇺", "🇱🇻", "🇱🇾", "🇱", "🇲🇦", "🇲🇨", "🇲🇩", "🇲🇪", "🇲🇫", "🇲🇬", "🇲🇭",
    "🇲🇰", "🇲🇱", "🇲🇲", "🇲🇳", "🇲🇴", "🇲🇵", "🇲🇶", "🇲🇷", "🇲🇸", "🇲🇹", "🇲🇺",
    "🇲🇻", "🇲🇼", "🇲🇽", "🇲🇾", "🇲🇿", "🇲", "🇳🇦", "🇳🇨", "🇳🇪", "🇳🇫", "🇳🇬",
    "🇳🇮", "🇳🇱", "🇳🇴", "🇳🇵", "🇳🇷", "🇳🇺", "🇳🇿", "🇳", "🇴🇲", "🇴", "🇵🇦", "🇵🇪",
    "🇵🇫", "🇵🇬", "🇵🇭", "🇵🇰", "🇵🇱", "🇵🇲", "🇵🇳", "🇵🇷", "🇵🇸", "🇵🇹", "🇵🇼",
    "🇵🇾", "🇵", "🇶🇦", "🇶", "🇷🇪", "🇷🇴", "🇷🇸", "🇷🇺", "🇷🇼", "🇷", "🇸🇦", "🇸🇧",
    "🇸🇨", "🇸🇩", "🇸🇪", "🇸🇬", "🇸🇭", "🇸🇮", "🇸🇯", "🇸🇰", "🇸🇱", "🇸🇲", "🇸🇳",
    "🇸🇴", "🇸🇷", "🇸🇸", "🇸🇹", "🇸🇻", "🇸🇽", "🇸🇾", "🇸🇿", "🇸", "🇹🇦", "🇹🇨",
    "🇹🇩", "🇹🇫", "🇹🇬", "🇹🇭", "🇹🇯", "🇹🇰", "🇹🇱", "🇹🇲", "🇹🇳", "🇹🇴", "🇹🇷",
    "🇹🇹", "🇹🇻", "🇹🇼", "🇹🇿", "🇹", "🇺🇦", "🇺🇬", "🇺🇲", "🇺🇳", "🇺🇸", "🇺🇾",
    "🇺🇿", "🇺", "🇻🇦", "🇻🇨", "🇻🇪", "🇻🇬", "🇻🇮", "🇻🇳", "🇻🇺", "🇻", "🇼🇫", "🇼🇸",
    "🇼", "🇽🇰", "🇽", "🇾🇪", "🇾🇹", "🇾", "🇿🇦", "🇿🇲", "🇿🇼", "🇿", "🈁", "🈂\ufe0f",
    "🈚\ufe0f", "🈯\ufe0f", "🈲", "🈳", "🈴", "🈵", "🈶", "🈷\ufe0f", "🈸", "🈹", "🈺", "🉐",
    "🉑", "🌀", "🌁", "🌂", "🌃", "🌄", "🌅", "🌆", "🌇", "🌈", "🌉", "🌊", "🌋", "🌌", "🌍",
    "🌎", "🌏", "🌐", "🌑", "🌒", "🌓", "🌔", "🌕", "🌖", "🌗", "🌘", "🌙", "🌚", "🌛", "🌜",
    "🌝", "🌞", "🌟", "🌠", "🌡\ufe0f", "🌤\ufe0f", "🌥\ufe0f", "🌦\ufe0f", "🌧\ufe0f",
    "🌨\ufe0f", "🌩\ufe0f", "🌪\ufe0f", "🌫\ufe0f", "🌬\ufe0f", "🌭", "🌮", "🌯", "🌰", "🌱",
    "🌲", "🌳", "🌴", "🌵", "🌶\ufe0f", "🌷", "🌸", "🌹", "🌺", "🌻", "🌼", "🌽", "🌾", "🌿",
    "🍀", "🍁", "🍂", "🍃", "🍄", "🍅", "🍆", "🍇", "🍈", "🍉", "🍊", "🍋", "🍌", "🍍", "🍎",
    "🍏", "🍐", "🍑", "🍒", "🍓", "🍔", "🍕", "🍖", "🍗", "🍘", "🍙", "🍚", "🍛", "🍜", "🍝",
    "🍞", "🍟", "🍠", "🍡", "🍢", "🍣", "🍤", "🍥", "🍦", "🍧", "🍨", "🍩", "🍪", "🍫", "🍬",
    "🍭", "🍮", "🍯", "🍰", "🍱", "🍲", "🍳", "🍴", "🍵", "🍶", "🍷", "🍸", "🍹", "🍺", "🍻",
    "🍼", "🍽\ufe0f", "🍾", "🍿", "🎀", "🎁", "🎂", "🎃", "🎄", "🎅🏻", "🎅🏼", "🎅🏽", "🎅🏾",
    "🎅🏿", "🎅", "🎆", "🎇", "🎈", "🎉", "🎊", "🎋", "🎌", "🎍", "🎎", "🎏", "🎐", "🎑", "🎒",
    "🎓", "🎖\ufe0f", "🎗\ufe0f", "🎙\ufe0f", "🎚\ufe0f", "🎛\ufe0f", "🎞\ufe0f", "🎟\ufe0f",
    "🎠", "🎡", "🎢", "🎣", "🎤", "🎥", "🎦", "🎧", "🎨", "🎩", "🎪", "🎫", "🎬", "🎭", "🎮",
    "🎯", "🎰", "🎱", "🎲", "🎳", "🎴", "🎵", "🎶", "🎷", "🎸", "🎹", "🎺", "🎻", "🎼", "🎽",
    "🎾", "🎿", "🏀", "🏁", "🏂🏻", "🏂🏼", "🏂🏽", "🏂🏾", "🏂🏿", "🏂", "🏃🏻\u200d♀\ufe0f",
    "🏃🏻\u200d♂\ufe0f", "🏃🏻", "🏃🏼\u200d♀\ufe0f", "🏃🏼\u200d♂\ufe0f", "🏃🏼",
    "🏃🏽\u200d♀\ufe0f", "🏃🏽\u200d♂\ufe0f", "🏃🏽", "🏃🏾\u200d♀\ufe0f",
    "🏃🏾\u200d♂\ufe0f", "🏃🏾", "🏃🏿\u200d♀\ufe0f", "🏃🏿\u200d♂\ufe0f", "🏃🏿",
    "🏃\u200d♀\ufe0f", "🏃\u200d♂\ufe0f", "🏃", "🏄🏻\u200d♀\ufe0f", "🏄🏻\u200d♂\ufe0f",
    "🏄🏻", "🏄🏼\u200d♀\ufe0f", "🏄🏼\u200d♂\ufe0f", "🏄🏼", "🏄🏽\u200d♀\ufe0f",
    "🏄🏽\u200d♂\ufe0f", "🏄🏽", "🏄🏾\u200d♀\ufe0f", "🏄🏾\u200d♂\ufe0f", "🏄🏾",
    "🏄🏿\u200d♀\ufe0f", "🏄🏿\u200d♂\ufe0f", "🏄🏿", "🏄\u200d♀\ufe0f", "🏄\u200d♂\ufe0f",
    "🏄", "🏅", "🏆", "🏇🏻", "🏇🏼", "🏇🏽", "🏇🏾", "🏇🏿", "🏇", "🏈", "🏉",
    "🏊🏻\u200d♀\ufe0f", "🏊🏻\u200d♂\ufe0f", "🏊🏻", "🏊🏼\u200d♀\ufe0f",
    "🏊🏼\u200d♂\ufe0f", "🏊🏼", "🏊🏽\u200d♀\ufe0f", "🏊🏽\u200d♂\ufe0f", "🏊🏽",
    "🏊🏾\u200d♀\ufe0f", "🏊🏾\u200d♂\ufe0f", "🏊🏾", "🏊🏿\u200d♀\ufe0f",
    "🏊🏿\u200d♂\ufe0f", "🏊🏿", "🏊\u200d♀\ufe0f", "🏊\u200d♂\ufe0f", "🏊",
    "🏋🏻\u200d♀\ufe0f", "🏋🏻\u200d♂\ufe0f", "🏋🏻", "🏋🏼\u200d♀\ufe0f",
    "🏋🏼\u200d♂\ufe0f", "🏋🏼", "🏋🏽\u200d♀\ufe0f", "🏋🏽\u200d♂\ufe0f", "🏋🏽",
    "🏋🏾\u200d♀\ufe0f", "🏋🏾\u200d♂\ufe0f", "🏋🏾", "🏋🏿\u200d♀\ufe0f",
    "🏋🏿\u200d♂\ufe0f", "🏋🏿", "🏋\ufe0f\u200d♀\ufe0f", "🏋\ufe0f\u200d♂\ufe0f",
    "🏋\ufe0f", "🏌🏻\u200d♀\ufe0f", "🏌🏻\u200d♂\ufe0f", "🏌🏻", "🏌🏼\u200d♀\ufe0f",
    "🏌🏼\u200d♂\ufe0f", "🏌🏼", "🏌🏽\u200d♀\ufe0f", "🏌🏽\u200d♂\ufe0f", "🏌🏽",
    "🏌🏾\u200d♀\ufe0f", "🏌🏾\u200d♂\ufe0f", "🏌🏾", "🏌🏿\u200d♀\ufe0f",
    "🏌🏿\u200d♂\ufe0f", "🏌🏿", "🏌\ufe0f\u200d♀\ufe0f", "🏌\ufe0f\u200d♂\ufe0f",
    "🏌\ufe0f", "🏍\ufe0f", "🏎\ufe0f", "🏏", "🏐", "🏑", "🏒", "🏓", "🏔\ufe0f", "🏕\ufe0f",
    "🏖\ufe0f", "🏗\ufe0f", "🏘\ufe0f", "🏙\ufe0f", "🏚\ufe0f", "🏛\ufe0f", "🏜\ufe0f",
    "🏝\ufe0f", "🏞\ufe0f", "🏟\ufe0f", "🏠", "🏡", "🏢", "🏣", "🏤", "🏥", "🏦", "🏧", "🏨",
    "🏩", "🏪", "🏫", "🏬", "🏭", "🏮", "🏯", "🏰", "🏳\ufe0f\u200d🌈", "🏳\ufe0f",
    "🏴\u200d☠\ufe0f", "🏴\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f",
    "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f",
    "🏴\U000e0067\U000e0062\U000e0077\U000e006c\U000e0073\U000e007f", "🏴", "🏵\ufe0f",
    "🏷\ufe0f", "🏸", "🏹", "🏺", "🏻", "🏼", "🏽", "🏾", "🏿", "🐀", "🐁", "🐂", "🐃", "🐄",
    "🐅", "🐆", "🐇", "🐈", "🐉", "🐊", "🐋", "🐌", "🐍", "🐎", "🐏", "🐐", "🐑", "🐒", "🐓",
    "🐔", "🐕\u200d🦺", "🐕", "🐖", "🐗", "🐘", "🐙", "🐚", "🐛", "🐜", "🐝", "🐞", "🐟", "🐠",
    "🐡", "🐢", "🐣", "🐤", "🐥", "🐦", "🐧", "🐨", "🐩", "🐪", "🐫", "🐬", "🐭", "🐮", "🐯",
    "🐰", "🐱", "🐲", "🐳", "🐴", "🐵", "🐶", "🐷", "🐸", "🐹", "🐺", "🐻", "🐼", "🐽", "🐾",
    "🐿\ufe0f", "👀", "👁\u200d🗨", "👁\ufe0f", "👂🏻", "👂🏼", "👂🏽", "👂🏾", "👂🏿", "👂",
    "👃🏻", "👃🏼", "👃🏽", "👃🏾", "👃🏿", "👃", "👄", "👅", "👆🏻", "👆🏼", "👆🏽", "👆🏾",
    "👆🏿", "👆", "👇🏻", "👇🏼", "👇🏽", "👇🏾", "👇🏿", "👇", "👈🏻", "👈🏼", "👈🏽", "👈🏾",
    "👈🏿", "👈", "👉🏻", "👉🏼", "👉🏽", "👉🏾", "👉🏿", "👉", "👊🏻", "👊🏼", "👊🏽", "👊🏾",
    "👊🏿", "👊", "👋🏻", "👋🏼", "👋🏽", "👋🏾", "👋🏿", "👋", "👌🏻", "👌🏼", "👌🏽", "👌🏾",
    "👌🏿", "👌", "👍🏻", "👍🏼", "👍🏽", "👍🏾", "👍🏿", "👍", "👎🏻", "👎🏼", "👎🏽", "👎🏾",
    "👎🏿", "👎", "👏🏻", "👏🏼", "👏🏽", "👏🏾", "👏🏿", "👏", "👐🏻", "👐🏼", "👐🏽", "👐🏾",
    "👐🏿", "👐", "👑", "👒", "👓", "👔", "👕", "👖", "👗", "👘", "👙", "👚", "👛", "👜", "👝",
    "👞", "👟", "👠", "👡", "👢", "👣", "👤", "👥", "👦🏻", "👦🏼", "👦🏽", "👦🏾", "👦🏿",
    "👦", "👧🏻", "👧🏼", "👧🏽", "👧🏾", "👧🏿", "👧", "👨🏻\u200d🌾", "👨🏻\u200d🍳",
    "👨🏻\u200d🎓", "👨🏻\u200d🎤", "👨🏻\u200d🎨", "👨🏻\u200d🏫", "👨🏻\u200d🏭",
    "👨🏻\u200d💻", "👨🏻\u200d💼", "👨🏻\u200d🔧", "👨🏻\u200d🔬", "👨🏻\u200d🚀",
    "👨🏻\u200d🚒", "👨🏻\u200d🦯", "👨🏻\u200d🦰", "👨🏻\u200d🦱", "👨🏻\u200d🦲",
    "👨🏻\u200d🦳", "👨🏻\u200d🦼", "👨🏻\u200d🦽", "👨🏻\u200d⚕\ufe0f", "👨🏻\u200d⚖\ufe0f",
    "👨🏻\u200d✈\ufe0f", "👨🏻", "👨🏼\u200d🌾", "👨🏼\u200d🍳", "👨🏼\u200d🎓",
    "👨🏼\u200d🎤", "👨🏼\u200d🎨", "👨🏼\u200d🏫", "👨🏼\u200d🏭", "👨🏼\u200d💻",
    "👨🏼\u200d💼", "👨🏼\u200d🔧", "👨🏼\u200d🔬", "👨🏼\u200d🚀", "👨🏼\u200d🚒",
    "👨🏼\u200d🤝\u200d👨🏻", "👨🏼\u200d🦯", "👨🏼\u200d🦰", "👨🏼\u200d🦱", "👨🏼\u200d🦲",
    "👨🏼\u200d🦳", "👨🏼\u200d🦼", "👨🏼\u200d🦽", "👨🏼\u200d⚕\ufe0f", "👨🏼\u200d⚖\ufe0f",
    "👨🏼\u200d✈\ufe0f", "👨🏼", "👨🏽\u200d🌾", "👨🏽\u200d🍳", "👨🏽\u200d🎓",
    "👨🏽\u200d🎤", "👨🏽\u200d🎨", "👨🏽\u200d🏫", "👨🏽\u200d🏭", "👨🏽\u200d💻",
    "👨🏽\u200d💼", "👨🏽\u200d🔧", "👨🏽\u200d🔬", "👨🏽\u200d🚀", "👨🏽\u200d🚒",
    "👨🏽\u200d🤝\u200d👨🏻", "👨🏽\u200d🤝\u200d👨🏼", "👨🏽\u200d🦯", "👨🏽\u200d🦰",
    "👨🏽\u200d🦱", "👨🏽\u200d🦲", "👨🏽\u200d🦳", "👨🏽\u200d🦼", "👨🏽\u200d🦽",
    "👨🏽\u200d⚕\ufe0f", "👨🏽\u200d⚖\ufe0f", "👨🏽\u200d✈\ufe0f", "👨🏽", "👨🏾\u200d🌾",
    "👨🏾\u200d🍳", "👨🏾\u200d🎓", "👨🏾\u200d🎤", "👨🏾\u200d🎨", "👨🏾\u200d🏫",
    "👨🏾\u200d🏭", "👨🏾\u200d💻", "👨🏾\u200d💼", "👨🏾\u200d🔧", "👨🏾\u200d🔬",
    "👨🏾\u200d🚀", "👨🏾\u200d🚒", "👨🏾\u200d🤝\u200d👨🏻", "👨🏾\u200d🤝\u200d👨🏼",
    "👨🏾\u200d🤝\u200d👨🏽", "👨🏾\u200d🦯", "👨🏾\u200d🦰", "👨🏾\u200d🦱", "👨🏾\u200d🦲",
    "👨🏾\u200d🦳", "👨🏾\u200d🦼", "👨🏾\u200d🦽", "👨🏾\u200d⚕\ufe0f", "👨🏾\u200d⚖\ufe0f",
    "👨🏾\u200d✈\ufe0f", "👨🏾", "👨🏿\u200d🌾", "👨🏿\u200d🍳", "👨🏿\u200d🎓",
    "👨🏿\u200d🎤", "👨🏿\u200d🎨", "👨🏿\u200d🏫", "👨🏿\u200d🏭", "👨🏿\u200d💻",
    "👨🏿\u200d💼", "👨🏿\u200d🔧", "👨🏿\u200d🔬", "👨🏿\u200d🚀", "👨🏿\u200d🚒",
    "👨🏿\u200d🤝\u200d👨🏻", "👨🏿\u200d🤝\u200d👨🏼", "👨🏿\u200d🤝\u200d👨🏽",
    "👨🏿\u200d🤝\u200d👨🏾", "👨🏿\u200d🦯", "👨🏿\u200d🦰", "👨🏿\u200d🦱", "👨🏿\u200d🦲",
    "👨🏿\u200d🦳", "👨🏿\u200d🦼", "👨🏿\u200d🦽", "👨🏿\u200d⚕\ufe0f", "👨🏿\u200d⚖\ufe0f",
    "👨🏿\u200d✈\ufe0f", "👨🏿", "👨\u200d🌾", "👨\u200d🍳", "👨\u200d🎓", "👨\u200d🎤",
    "👨\u200d🎨", "👨\u200d🏫", "👨\u200d🏭", "👨\u200d👦\u200d👦", "👨\u200d👦",
    "👨\u200d👧\u200d👦", "👨\u200d👧\u200d👧", "👨\u200d👧", "👨\u200d👨\u200d👦\u200d👦",
    "👨\u200d👨\u200d👦", "👨\u200d👨\u200d👧\u200d👦", "👨\u200d👨\u200d👧\u200d👧",
    "👨\u200d👨\u200d👧", "👨\u200d👩\u200d👦\u200d👦", "👨\u200d👩\u200d👦",
    "👨\u200d👩\u200d👧\u200d👦", "👨\u200d👩\u200d👧\u200d👧", "👨\u200d👩\u200d👧",
    "👨\u200d💻", "👨\u200d💼", "👨\u200d🔧", "👨\u200d🔬", "👨\u200d🚀", "👨\u200d🚒",
    "👨\u200d🦯", "👨\u200d🦰", "👨\u200d🦱", "👨\u200d🦲", "👨\u200d🦳", "👨\u200d🦼",
    "👨\u200d🦽", "👨\u200d⚕\ufe0f", "👨\u200d⚖\ufe0f", "👨\u200d✈\ufe0f",
    "👨\u200d❤\ufe0f\u200d👨", "👨\u200d❤\ufe0f\u200d💋\u200d👨", "👨", "👩🏻\u200d🌾",
    "👩🏻\u200d🍳", "👩🏻\u200d🎓", "👩🏻\u200d🎤", "👩🏻\u200d🎨", "👩🏻\u200d🏫",
    "👩🏻\u200d🏭", "👩🏻\u200d💻", "👩🏻\u200d💼", "👩🏻\u200d🔧", "👩🏻\u200d🔬",
    "👩🏻\u200d🚀", "👩🏻\u200d🚒", "👩🏻\u200d🤝\u200d👨🏼", "👩🏻\u200d🤝\u200d👨🏽",
    "👩🏻\u200d🤝\u200d👨🏾", "👩🏻\u200d🤝\u200d👨🏿", "👩🏻\u200d🦯", "👩🏻\u200d🦰",
    "👩🏻\u200d🦱", "👩🏻\u200d🦲", "👩🏻\u200d🦳", "👩🏻\u200d🦼", "👩🏻\u200d🦽",
    "👩🏻\u200d⚕\ufe0f", "👩🏻\u200d⚖\ufe0f", "👩🏻\u200d✈\ufe0f", "👩🏻", "👩🏼\u200d🌾",
    "👩🏼\u200d🍳", "👩🏼\u200d🎓", "👩🏼\u200d🎤", "👩🏼\u200d🎨", "👩🏼\u200d🏫",
    "👩🏼\u200d🏭", "👩🏼\u200d💻", "👩🏼\u200d💼", "👩🏼\u200d🔧", "👩🏼\u200d🔬",
    "👩🏼\u200d🚀", "👩🏼\u200d🚒", "👩🏼\u200d🤝\u200d👨🏻", "👩🏼\u200d🤝\u200d👨🏽",
    "👩🏼\u200d🤝\u200d👨🏾", "👩🏼\u200d🤝\u200d👨🏿", "👩🏼\u200d🤝\u200d👩🏻",
    "👩🏼\u200d🦯", "👩🏼\u200d🦰", "👩🏼\u200d🦱", "👩🏼\u200d🦲", "👩🏼\u200d🦳",
    "👩🏼\u200d🦼", "👩🏼\u200d🦽", "👩🏼\u200d⚕\ufe0f", "👩🏼\u200d⚖\ufe0f",
    "👩🏼\u200d✈\ufe0f", "👩🏼", "👩🏽\u200d🌾", "👩🏽\u200d🍳", "👩🏽\u200d🎓",
    "👩🏽\u200d🎤", "👩🏽\u200d🎨", "👩🏽\u200d🏫", "👩🏽\u200d🏭", "👩🏽\u200d💻",
    "👩🏽\u200d💼", "👩🏽\u200d🔧", "👩🏽\u200d🔬", "👩🏽\u200d🚀", "👩🏽\u200d🚒",
    "👩🏽\u200d🤝\u200d👨🏻", "👩🏽\u200d🤝\u200d👨🏼", "👩🏽\u200d🤝\u200d👨🏾",
    "👩🏽\u200d🤝\u200d👨🏿", "👩🏽\u200d🤝\u200d👩🏻", "👩🏽\u200d🤝\u200d👩🏼",
    "👩🏽\u200d🦯", "👩🏽\u200d🦰", "👩🏽\u200d🦱", "👩🏽\u200d🦲", "👩🏽\u200d🦳",
    "👩🏽\u200d🦼", "👩🏽\u200d🦽", "👩🏽\u200d⚕\ufe0f", "👩🏽\u200d⚖\ufe0f",
    "👩🏽\u200d✈\ufe0f", "👩🏽", "👩🏾\u200d🌾", "👩🏾\u200d🍳", "👩🏾\u200d🎓",
    "👩🏾\u200d🎤", "👩🏾\u200d🎨", "👩🏾\u200d🏫", "👩🏾\u200d🏭", "👩🏾\u200d💻",
    "👩🏾\u200d💼", "👩🏾\u200d🔧", "👩🏾\u200d🔬", "👩🏾\u200d🚀", "👩🏾\u200d🚒",
    "👩🏾\u200d🤝\u200d👨🏻", "👩🏾\u200d🤝\u200d👨🏼", "👩🏾\u200d🤝\u200d👨🏽",
    "👩🏾\u200d🤝\u200d👨🏿", "👩🏾\u200d🤝\u200d👩🏻", "👩🏾\u200d🤝\u200d👩🏼",
    "👩🏾\u200d🤝\u200d👩🏽", "👩🏾\u200d🦯", "👩🏾\u200d🦰", "👩🏾\u200d🦱", "👩🏾\u200d🦲",
    "👩🏾\u200d🦳", "👩🏾\u200d🦼", "👩🏾\u200d🦽", "👩🏾\u200d⚕\ufe0f", "👩🏾\u200d⚖\ufe0f",
    "👩🏾\u200d✈\ufe0f", "👩🏾", "👩🏿\u200d🌾", "👩🏿\u200d🍳", "👩🏿\u200d🎓",
    "👩🏿\u200d🎤", "👩🏿\u200d🎨", "👩🏿\u200d🏫", "👩🏿\u200d🏭", "👩🏿\u200d💻",
    "👩🏿\u200d💼", "👩🏿\u200d🔧", "👩🏿\u200d🔬", "👩🏿\u200d🚀", "👩🏿\u200d🚒",
    "👩🏿\u200d🤝\u200d👨🏻", "👩🏿\u200d🤝\u200d👨🏼", "👩🏿\u200d🤝\u200d👨🏽",
    "👩🏿\u200d🤝\u200d👨🏾", "👩🏿\u200d🤝\u200d👩🏻", "👩🏿\u200d🤝\u200d👩🏼",
    "👩🏿\u200d🤝\u200d👩🏽", "👩🏿\u200d🤝\u200d👩🏾", "👩🏿\u200d🦯", "👩🏿\u200d🦰",
    "👩🏿\u200d🦱", "👩🏿\u200d🦲", "👩🏿\u200d🦳", "👩🏿\u200d🦼", "👩🏿\u200d🦽",
    "👩🏿\u200d⚕\ufe0f", "👩🏿\u200d⚖\ufe0f", "👩🏿\u200d✈\ufe0f", "👩🏿", "👩\u200d🌾",
    "👩\u200d🍳", "👩\u200d🎓", "👩\u200d🎤", "👩\u200d🎨", "👩\u200d🏫", "👩\u200d🏭",
    "👩\u200d👦\u200d👦", "👩\u200d👦", "👩\u200d👧\u200d👦", "👩\u200d👧\u200d👧",
    "👩\u200d👧", "👩\u200d👩\u200d👦\u200d👦", "👩\u200d👩\u200d👦",
    "👩\u200d👩\u200d👧\u200d👦", "👩\u200d👩\u200d👧\u200d👧", "👩\u200d👩\u200d👧",
    "👩\u200d💻", "👩\u200d💼", "👩\u200d🔧", "👩\u200d🔬", "👩\u200d🚀", "👩\u200d🚒",
    "👩\u200d🦯", "👩\u200d🦰", "👩\u200d🦱", "👩\u200d🦲", "👩\u200d🦳", "👩\u200d🦼",
    "👩\u200d🦽", "👩\u200d⚕\ufe0f", "👩\u200d⚖\ufe0f", "👩\u200d✈\ufe0f",
    "👩\u200d❤\ufe0f\u200d👨", "👩\u200d❤\ufe0f\u200d👩", "👩\u200d❤\ufe0f\u200d💋\u200d👨",
    "👩\u200d❤\ufe0f\u200d💋\u200d👩", "👩", "👪", "👫🏻", "👫🏼", "👫🏽", "👫🏾", "👫🏿",
    "👫", "👬🏻", "👬🏼", "👬🏽", "👬🏾", "👬🏿", "👬", "👭🏻", "👭🏼", "👭🏽", "👭🏾", "👭🏿",
    "👭", "👮🏻\u200d♀\ufe0f", "👮🏻\u200d♂\ufe0f", "👮🏻", "👮🏼\u200d♀\ufe0f",
    "👮🏼\u200d♂\ufe0f", "👮🏼", "👮🏽\u200d♀\ufe0f", "👮🏽\u200d♂\ufe0f", "👮🏽",
    "👮🏾\u200d♀\ufe0f", "👮🏾\u200d♂\ufe0f", "👮🏾", "👮🏿\u200d♀\ufe0f",
    "👮🏿\u200d♂\ufe0f", "👮🏿", "👮\u200d♀\ufe0f", "👮\u200d♂\ufe0f", "👮",
    "👯\u200d♀\ufe0f", "👯\u200d♂\ufe0f", "👯", "👰🏻", "👰🏼", "👰🏽", "👰🏾", "👰🏿", "👰",
    "👱🏻\u200d♀\ufe0f", "👱🏻\u200d♂\ufe0f", "👱🏻", "👱🏼\u200d♀\ufe0f",
    "👱🏼\u200d♂\ufe0f", "👱🏼", "👱🏽\u200d♀\ufe0f", "👱🏽\u200d♂\ufe0f", "👱🏽",
    "👱🏾\u200d♀\ufe0f", "👱🏾\u200d♂\ufe0f", "👱🏾", "👱🏿\u200d♀\ufe0f",
    "👱🏿\u200d♂\ufe0f", "👱🏿", "👱\u200d♀\ufe0f", "👱\u200d♂\ufe0f", "👱", "👲🏻", "👲🏼",
    "👲🏽", "👲🏾", "👲🏿", "👲", "👳🏻\u200d♀\ufe0f", "👳🏻\u200d♂\ufe0f", "👳🏻",
    "👳🏼\u200d♀\ufe0f", "👳🏼\u200d♂\ufe0f", "👳🏼", "👳🏽\u200d♀\ufe0f",
    "👳🏽\u200d♂\ufe0f", "👳🏽", "👳🏾\u200d♀\ufe0f", "👳🏾\u200d♂\ufe0f", "👳🏾",
    "👳🏿\u200d♀\ufe0f", "👳🏿\u200d♂\ufe0f", "👳🏿", "👳\u200d♀\ufe0f", "👳\u200d♂\ufe0f",
    "👳", "👴🏻", "👴🏼", "👴🏽", "👴🏾", "👴🏿", "👴", "👵🏻", "👵🏼", "👵🏽", "👵🏾", "👵🏿",
    "👵", "👶🏻", "👶🏼", "👶🏽", "👶🏾", "👶🏿", "👶", "👷🏻\u200d♀\ufe0f",
    "👷🏻\u200d♂\ufe0f", "👷🏻", "👷🏼\u200d♀\ufe0f", "👷🏼\u200d♂\ufe0f", "👷🏼",
    "👷🏽\u200d♀\ufe0f", "👷🏽\u200d♂\ufe0f", "👷🏽", "👷🏾\u200d♀\ufe0f",
    "👷🏾\u200d♂\ufe0f", "👷🏾", "👷🏿\u200d♀\ufe0f", "👷🏿\u200d♂\ufe0f", "👷🏿",
    "👷\u200d♀\ufe0f", "👷\u200d♂\ufe0f", "👷", "👸🏻", "👸🏼", "👸🏽", "👸🏾", "👸🏿", "👸",
    "👹", "👺", "👻", "👼🏻", "👼🏼", "👼🏽", "👼🏾", "👼🏿", "👼", "👽", "👾", "👿", "💀",
    "💁🏻\u200d♀\ufe0f", "💁🏻\u200d♂\ufe0f", "💁🏻", "💁🏼\u200d♀\ufe0f",
    "💁🏼\u200d♂\ufe0f", "💁🏼", "💁🏽\u200d♀\ufe0f", "💁🏽\u200d♂\ufe0f", "💁🏽",
    "💁🏾\u200d♀\ufe0f", "💁🏾\u200d♂\ufe0f", "💁🏾", "💁🏿\u200d♀\ufe0f",
    "💁🏿\u200d♂\ufe0f", "💁🏿", "💁\u200d♀\ufe0f", "💁\u200d♂\ufe0f", "💁",
    "💂🏻\u200d♀\ufe0f", "💂🏻\u200d♂\ufe0f", "💂🏻", "💂🏼\u200d♀\ufe0f",
    "💂🏼\u200d♂\ufe0f", "💂🏼", "💂🏽\u200d♀\ufe0f", "💂🏽\u200d♂\ufe0f", "💂🏽",
    "💂🏾\u200d♀\ufe0f", "💂🏾\u200d♂\ufe0f", "💂🏾", "💂🏿\u200d♀\ufe0f",
    "💂🏿\u200d♂\ufe0f", "💂🏿", "💂\u200d♀\ufe0f", "💂\u200d♂\ufe0f", "💂", "💃🏻", "💃🏼",
    "💃🏽", "💃🏾", "💃🏿", "💃", "💄", "💅🏻", "💅🏼", "💅🏽", "💅🏾", "💅🏿", "💅",
    "💆🏻\u200d♀\ufe0f", "💆🏻\u200d♂\ufe0f", "💆🏻", "💆🏼\u200d♀\ufe0f",
    "💆🏼\u200d♂\ufe0f", "💆🏼", "💆🏽\u200d♀\ufe0f", "💆🏽\u200d♂\ufe0f", "💆🏽",
    "💆🏾\u200d♀\ufe0f", "💆🏾\u200d♂\ufe0f", "💆🏾", "💆🏿\u200d♀\ufe0f",
    "💆🏿\u200d♂\ufe0f", "💆🏿", "💆\u200d♀\ufe0f", "💆\u200d♂\ufe0f", "💆",
    "💇🏻\u200d♀\ufe0f", "💇🏻\u200d♂\ufe0f", "💇🏻", "💇🏼\u200d♀\ufe0f",
    "💇🏼\u200d♂\ufe0f", "💇🏼", "💇🏽\u200d♀\ufe0f", "💇🏽\u200d♂\ufe0f", "💇🏽",
    "💇🏾\u200d♀\ufe0f", "💇🏾\u200d♂\ufe0f", "💇🏾", "💇🏿\u200d♀\ufe0f",
    "💇🏿\u200d♂\ufe0f", "💇🏿", "💇\u200d♀\ufe0f", "💇\u200d♂\ufe0f", "💇", "💈", "💉",
    "💊", "💋", "💌", "💍", "💎", "💏", "💐", "💑", "💒", "💓", "💔", "💕", "💖", "💗", "💘",
    "💙", "💚", "💛", "💜", "💝", "💞", "💟", "💠", "💡", "💢", "💣", "💤", "💥", "💦", "💧",
    "💨", "💩", "💪🏻", "💪🏼", "💪🏽", "💪🏾", "💪🏿", "💪", "💫", "💬", "💭", "💮", "💯",
    "💰", "💱", "💲", "💳", "💴", "💵", "💶", "💷", "💸", "💹", "💺", "💻", "💼", "💽", "💾",
    "💿", "📀", "📁", "📂", "📃", "📄", "📅", "📆", "📇", "📈", "📉", "📊", "📋", "📌", "📍",
    "📎", "📏", "📐", "📑", "📒", "📓", "📔", "📕", "📖", "📗", "📘", "📙", "📚", "📛", "📜",
    "📝", "📞", "📟", "📠", "📡", "📢", "📣", "📤", "📥", "📦", "📧", "📨", "📩", "📪", "📫",
    "📬", "📭", "📮", "📯", "📰", "📱", "📲", "📳", "📴", "📵", "📶", "📷", "📸", "📹", "📺",
    "📻", "📼", "📽\ufe0f", "📿", "🔀", "🔁", "🔂", "🔃", "🔄", "🔅", "🔆", "🔇", "🔈", "🔉",
    "🔊", "🔋", "🔌", "🔍", "🔎", "🔏", "🔐", "🔑", "🔒", "🔓", "🔔", "🔕", "🔖", "🔗", "🔘",
    "🔙", "🔚", "🔛", "🔜", "🔝", "🔞", "🔟", "🔠", "🔡", "🔢", "🔣", "🔤", "🔥", "🔦", "🔧",
    "🔨", "🔩", "🔪", "🔫", "🔬", "🔭", "🔮", "🔯", "🔰", "🔱", "🔲", "🔳", "🔴", "🔵", "🔶",
    "🔷", "🔸", "🔹", "🔺", "🔻", "🔼", "🔽", "🕉\ufe0f", "🕊\ufe0f", "🕋", "🕌", "🕍", "🕎",
    "🕐", "🕑", "🕒", "🕓", "🕔", "🕕", "🕖", "🕗", "🕘", "🕙", "🕚", "🕛", "🕜", "🕝", "🕞",
    "🕟", "🕠", "🕡", "🕢", "🕣", "🕤", "🕥", "🕦", "🕧", "🕯\ufe0f", "🕰\ufe0f", "🕳\ufe0f",
    "🕴🏻\u200d♀\ufe0f", "🕴🏻\u200d♂\ufe0f", "🕴🏻", "🕴🏼\u200d♀\ufe0f",
    "🕴🏼\u200d♂\ufe0f", "🕴🏼", "🕴🏽\u200d♀\ufe0f", "🕴🏽\u200d♂\ufe0f", "🕴🏽",
    "🕴🏾\u200d♀\ufe0f", "🕴🏾\u200d♂\ufe0f", "🕴🏾", "🕴🏿\u200d♀\ufe0f",
    "🕴🏿\u200d♂\ufe0f", "🕴🏿", "🕴\ufe0f\u200d♀\ufe0f", "🕴\ufe0f\u200d♂\ufe0f",
    "🕴\ufe0f", "🕵🏻\u200d♀\ufe0f", "🕵🏻\u200d♂\ufe0f", "🕵🏻", "🕵🏼\u200d♀\ufe0f",
    "🕵🏼\u200d♂\ufe0f", "🕵🏼", "🕵🏽\u200d♀\ufe0f", "🕵🏽\u200d♂\ufe0f", "🕵🏽",
    "🕵🏾\u200d♀\ufe0f", "🕵🏾\u200d♂\ufe0f", "🕵🏾", "🕵🏿\u200d♀\ufe0f",
    "🕵🏿\u200d♂\ufe0f", "🕵🏿", "🕵\ufe0f\u200d♀\ufe0f", "🕵\ufe0f\u200d♂\ufe0f",
    "🕵\ufe0f", "🕶\ufe0f", "🕷\ufe0f", "🕸\ufe0f", "🕹\ufe0f", "🕺🏻", "🕺🏼", "🕺🏽", "🕺🏾",
    "🕺🏿", "🕺", "🖇\ufe0f", "🖊\ufe0f", "🖋\ufe0f", "🖌\ufe0f", "🖍\ufe0f", "🖐🏻", "🖐🏼",
    "🖐🏽", "🖐🏾", "🖐🏿", "🖐\ufe0f", "🖕🏻", "🖕🏼", "🖕🏽", "🖕🏾", "🖕🏿", "🖕", "🖖🏻",
    "🖖🏼", "🖖🏽", "🖖🏾", "🖖🏿", "🖖", "🖤", "🖥\ufe0f", "🖨\ufe0f", "🖱\ufe0f", "🖲\ufe0f",
    "🖼\ufe0f", "🗂\ufe0f", "🗃\ufe0f", "🗄\ufe0f", "🗑\ufe0f", "🗒\ufe0f", "🗓\ufe0f",
    "🗜\ufe0f", "🗝\ufe0f", "🗞\ufe0f", "🗡\ufe0f", "🗣\ufe0f", "🗨\ufe0f", "🗯\ufe0f",
    "🗳\ufe0f", "🗺\ufe0f", "🗻", "🗼", "🗽", "🗾", "🗿", "😀", "😁", "😂", "😃", "😄", "😅",
    "😆", "😇", "😈", "😉", "😊", "😋", "😌", "😍", "😎", "😏", "😐", "😑", "😒", "😓", "😔",
    "😕", "😖", "😗", "😘", "😙", "😚", "😛", "😜", "😝", "😞", "😟", "😠", "😡", "😢", "😣",
    "😤", "😥", "😦", "😧", "😨", "😩", "😪", "😫", "😬", "😭", "😮", "😯", "😰", "😱", "😲",
    "😳", "😴", "😵", "😶", "😷", "😸", "😹", "😺", "😻", "😼", "😽", "😾", "😿", "🙀", "🙁",
    "🙂", "🙃", "🙄", "🙅🏻\u200d♀\ufe0f", "🙅🏻\u200d♂\ufe0f", "🙅🏻", "🙅🏼\u200d♀\ufe0f",
    "🙅🏼\u200d♂\ufe0f", "🙅🏼", "🙅🏽\u200d♀\ufe0f", "🙅🏽\u200d♂\ufe0f", "🙅🏽",
    "🙅🏾\u200d♀\ufe0f", "🙅🏾\u200d♂\ufe0f", "🙅🏾", "🙅🏿\u200d♀\ufe0f",
    "🙅🏿\u200d♂\ufe0f", "🙅🏿", "🙅\u200d♀\ufe0f", "🙅\u200d♂\ufe0f", "🙅",
    "🙆🏻\u200d♀\ufe0f", "🙆🏻\u200d♂\ufe0f", "🙆🏻", "🙆🏼\u200d♀\ufe0f",
    "🙆🏼\u200d♂\ufe0f", "🙆🏼", "🙆🏽\u200d♀\ufe0f", "🙆🏽\u200d♂\ufe0f", "🙆🏽",
    "🙆🏾\u200d♀\ufe0f", "🙆🏾\u200d♂\ufe0f", "🙆🏾", "🙆🏿\u200d♀\ufe0f",
    "🙆🏿\u200d♂\ufe0f", "🙆🏿", "🙆\u200d♀\ufe0f", "🙆\u200d♂\ufe0f", "🙆",
    "🙇🏻\u200d♀\ufe0f", "🙇🏻\u200d♂\ufe0f", "🙇🏻", "🙇🏼\u200d♀\ufe0f",
    "🙇🏼\u200d♂\ufe0f", "🙇🏼", "🙇🏽\u200d♀\ufe0f", "🙇🏽\u200d♂\ufe0f", "🙇🏽",
    "🙇🏾\u200d♀\ufe0f", "🙇🏾\u200d♂\ufe0f", "🙇🏾", "🙇🏿\u200d♀\ufe0f",
    "🙇🏿\u200d♂\ufe0f", "🙇🏿", "🙇\u200d♀\ufe0f", "🙇\u200d♂\ufe0f", "🙇", "🙈", "🙉",
    "🙊", "🙋🏻\u200d♀\ufe0f", "🙋🏻\u200d♂\ufe0f", "🙋🏻", "🙋🏼\u200d♀\ufe0f",
    "🙋🏼\u200d♂\ufe0f", "🙋🏼", "🙋🏽\u200d♀\ufe0f", "🙋🏽\u200d♂\ufe0f", "🙋🏽",
    "🙋🏾\u200d♀\ufe0f", "🙋🏾\u200d♂\ufe0f", "🙋🏾", "🙋🏿\u200d♀\ufe0f",
    "🙋🏿\u200d♂\ufe0f", "🙋🏿", "🙋\u200d♀\ufe0f", "🙋\u200d♂\ufe0f", "🙋", "🙌🏻", "🙌🏼",
    "🙌🏽", "🙌🏾", "🙌🏿", "🙌", "🙍🏻\u200d♀\ufe0f", "🙍🏻\u200d♂\ufe0f", "🙍🏻",
    "🙍🏼\u200d♀\ufe0f", "🙍🏼\u200d♂\ufe0f", "🙍🏼", "🙍🏽\u200d♀\ufe0f",
    "🙍🏽\u200d♂\ufe0f", "🙍🏽", "🙍🏾\u200d♀\ufe0f", "🙍🏾\u200d♂\ufe0f", "🙍🏾",
    "🙍🏿\u200d♀\ufe0f", "🙍🏿\u200d♂\ufe0f", "🙍🏿", "🙍\u200d♀\ufe0f", "🙍\u200d♂\ufe0f",
    "🙍", "🙎🏻\u200d♀\ufe0f", "🙎🏻\u200d♂\ufe0f", "🙎🏻", "🙎🏼\u200d♀\ufe0f",
    "🙎🏼\u200d♂\ufe0f", "🙎🏼", "🙎🏽\u200d♀\ufe0f", "🙎🏽\u200d♂\ufe0f", "🙎🏽",
    "🙎🏾\u200d♀\ufe0f", "🙎🏾\u200d♂\ufe0f", "🙎🏾", "🙎🏿\u200d♀\ufe0f",
    "🙎🏿\u200d♂\ufe0f", "🙎🏿", "🙎\u200d♀\ufe0f", "🙎\u200d♂\ufe0f", "🙎", "🙏🏻", "🙏🏼",
    "🙏🏽", "🙏🏾", "🙏🏿", "🙏", "🚀", "🚁", "🚂", "🚃", "🚄", "🚅", "🚆", "🚇", "🚈", "🚉",
    "🚊", "🚋", "🚌", "🚍", "🚎", "🚏", "🚐", "🚑", "🚒", "🚓", "🚔", "🚕", "🚖", "🚗", "🚘",
    "🚙", "🚚", "🚛", "🚜", "🚝", "🚞", "🚟", "🚠", "🚡", "🚢", "🚣🏻\u200d♀\ufe0f",
    "🚣🏻\u200d♂\ufe0f", "🚣🏻", "🚣🏼\u200d♀\ufe0f", "🚣🏼\u200d♂\ufe0f", "🚣🏼",
    "🚣🏽\u200d♀\ufe0f", "🚣🏽\u200d♂\ufe0f", "🚣🏽", "🚣🏾\u200d♀\ufe0f",
    "🚣🏾\u200d♂\ufe0f", "🚣🏾", "🚣🏿\u200d♀\ufe0f", "🚣🏿\u200d♂\ufe0f", "🚣🏿",
    "🚣\u200d♀\ufe0f", "🚣\u200d♂\ufe0f", "🚣", "🚤", "🚥", "🚦", "🚧", "🚨", "🚩", "🚪",
    "🚫", "🚬", "🚭", "🚮", "🚯", "🚰", "🚱", "🚲", "🚳", "🚴🏻\u200d♀\ufe0f",
    "🚴🏻\u200d♂\ufe0f", "🚴🏻", "🚴🏼\u200d♀\ufe0f", "🚴🏼\u200d♂\ufe0f", "🚴🏼",
    "🚴🏽\u200d♀\ufe0f", "🚴🏽\u200d♂\ufe0f", "🚴🏽", "🚴🏾\u200d♀\ufe0f",
    "🚴🏾\u200d♂\ufe0f", "🚴🏾", "🚴🏿\u200d♀\ufe0f", "🚴🏿\u200d♂\ufe0f", "🚴🏿",
    "🚴\u200d♀\ufe0f", "🚴\u200d♂\ufe0f", "🚴", "🚵🏻\u200d♀\ufe0f", "🚵🏻\u200d♂\ufe0f",
    "🚵🏻", "🚵🏼\u200d♀\ufe0f", "🚵🏼\u200d♂\ufe0f", "🚵🏼", "🚵🏽\u200d♀\ufe0f",
    "🚵🏽\u200d♂\ufe0f", "🚵🏽", "🚵🏾\u200d♀\ufe0f", "🚵🏾\u200d♂\ufe0f", "🚵🏾",
    "🚵🏿\u200d♀\ufe0f", "🚵🏿\u200d♂\ufe0f", "🚵🏿", "🚵\u200d♀\ufe0f", "🚵\u200d♂\ufe0f",
    "🚵", "🚶🏻\u200d♀\ufe0f", "🚶🏻\u200d♂\ufe0f", "🚶🏻", "🚶🏼\u200d♀\ufe0f",
    "🚶🏼\u200d♂\ufe0f", "🚶🏼", "🚶🏽\u200d♀\ufe0f", "🚶🏽\u200d♂\ufe0f", "🚶🏽",
    "🚶🏾\u200d♀\ufe0f", "🚶🏾\u200d♂\ufe0f", "🚶🏾", "🚶🏿\u200d♀\ufe0f",
    "🚶🏿\u200d♂\ufe0f", "🚶🏿", "🚶\u200d♀\ufe0f", "🚶\u200d♂\ufe0f", "🚶", "🚷", "🚸",
    "🚹", "🚺", "🚻", "🚼", "🚽", "🚾", "🚿", "🛀🏻", "🛀🏼", "🛀🏽", "🛀🏾", "🛀🏿", "🛀",
    "🛁", "🛂", "🛃", "🛄", "🛅", "🛋\ufe0f", "🛌🏻", "🛌🏼", "🛌🏽", "🛌🏾", "🛌🏿", "🛌",
    "🛍\ufe0f", "🛎\ufe0f", "🛏\ufe0f", "🛐", "🛑", "🛒", "🛕", "🛠\ufe0f", "🛡\ufe0f",
    "🛢\ufe0f", "🛣\ufe0f", "🛤\ufe0f", "🛥\ufe0f", "🛩\ufe0f", "🛫", "🛬", "🛰\ufe0f",
    "🛳\ufe0f", "🛴", "🛵", "🛶", "🛷", "🛸", "🛹", "🛺", "🟠", "🟡", "🟢", "🟣", "🟤", "🟥",
    "🟦", "🟧", "🟨", "🟩", "🟪", "🟫", "🤍", "🤎", "🤏🏻", "🤏🏼", "🤏🏽", "🤏🏾", "🤏🏿",
    "🤏", "🤐", "🤑", "🤒", "🤓", "🤔", "🤕", "🤖", "🤗", "🤘🏻", "🤘🏼", "🤘🏽", "🤘🏾",
    "🤘🏿", "🤘", "🤙🏻", "🤙🏼", "🤙🏽", "🤙🏾", "🤙🏿", "🤙", "🤚🏻", "🤚🏼", "🤚🏽", "🤚🏾",
    "🤚🏿", "🤚", "🤛🏻", "🤛🏼", "🤛🏽", "🤛🏾", "🤛🏿", "🤛", "🤜🏻", "🤜🏼", "🤜🏽", "🤜🏾",
    "🤜🏿", "🤜", "🤝", "🤞🏻", "🤞🏼", "🤞🏽", "🤞🏾", "🤞🏿", "🤞", "🤟🏻", "🤟🏼", "🤟🏽",
    "🤟🏾", "🤟🏿", "🤟", "🤠", "🤡", "🤢", "🤣", "🤤", "🤥", "🤦🏻\u200d♀\ufe0f",
    "🤦🏻\u200d♂\ufe0f", "🤦🏻", "🤦🏼\u200d♀\ufe0f", "🤦🏼\u200d♂\ufe0f", "🤦🏼",
    "🤦🏽\u200d♀\ufe0f", "🤦🏽\u200d♂\ufe0f", "🤦🏽", "🤦🏾\u200d♀\ufe0f",
    "🤦🏾\u200d♂\ufe0f", "🤦🏾", "🤦🏿\u200d♀\ufe0f", "🤦🏿\u200d♂\ufe0f", "🤦🏿",
    "🤦\u200d♀\ufe0f", "🤦\u200d♂\ufe0f", "🤦", "🤧", "🤨", "🤩", "🤪", "🤫", "🤬", "🤭",
    "🤮", "🤯", "🤰🏻", "🤰🏼", "🤰🏽", "🤰🏾", "🤰🏿", "🤰", "🤱🏻", "🤱🏼", "🤱🏽", "🤱🏾",
    "🤱🏿", "🤱", "🤲🏻", "🤲🏼", "🤲🏽", "🤲🏾", "🤲🏿", "🤲", "🤳🏻", "🤳🏼", "🤳🏽", "🤳🏾",
    "🤳🏿", "🤳", "🤴🏻", "🤴🏼", "🤴🏽", "🤴🏾", "🤴🏿", "🤴", "🤵🏻\u200d♀\ufe0f",
    "🤵🏻\u200d♂\ufe0f", "🤵🏻", "🤵🏼\u200d♀\ufe0f", "🤵🏼\u200d♂\ufe0f", "🤵🏼",
    "🤵🏽\u200d♀\ufe0f", "🤵🏽\u200d♂\ufe0f", "🤵🏽", "🤵🏾\u200d♀\ufe0f",
    "🤵🏾\u200d♂\ufe0f", "🤵🏾", "🤵🏿\u200d♀\ufe0f", "🤵🏿\u200d♂\ufe0f", "🤵🏿",
    "🤵\u200d♀\ufe0f", "🤵\u200d♂\ufe0f", "🤵", "🤶🏻", "🤶🏼", "🤶🏽", "🤶🏾", "🤶🏿", "🤶",
    "🤷🏻\u200d♀\ufe0f", "🤷🏻\u200d♂\ufe0f", "🤷🏻", "🤷🏼\u200d♀\ufe0f",
    "🤷🏼\u200d♂\ufe0f", "🤷🏼", "🤷🏽\u200d♀\ufe0f", "🤷🏽\u200d♂\ufe0f", "🤷🏽",
    "🤷🏾\u200d♀\ufe0f", "🤷🏾\u200d♂\ufe0f", "🤷🏾", "🤷🏿\u200d♀\ufe0f",
    "🤷🏿\u200d♂\ufe0f", "🤷🏿", "🤷\u200d♀\ufe0f", "🤷\u200d♂\ufe0f", "🤷",
    "🤸🏻\u200d♀\ufe0f", "🤸🏻\u200d♂\ufe0f", "🤸🏻", "🤸🏼\u200d♀\ufe0f",
    "🤸🏼\u200d♂\ufe0f", "🤸🏼", "🤸🏽\u200d♀\ufe0f", "🤸🏽\u200d♂\ufe0f", "🤸🏽",
    "🤸🏾\u200d♀\ufe0f", "🤸🏾\u200d♂\ufe0f", "🤸🏾", "🤸🏿\u200d♀\ufe0f",
    "🤸🏿\u200d♂\ufe0f", "🤸🏿", "🤸\u200d♀\ufe0f", "🤸\u200d♂\ufe0f", "🤸",
    "🤹🏻\u200d♀\ufe0f", "🤹🏻\u200d♂\ufe0f", "🤹🏻", "🤹🏼\u200d♀\ufe0f",
    "🤹🏼\u200d♂\ufe0f", "🤹🏼", "🤹🏽\u200d♀\ufe0f", "🤹🏽\u200d♂\ufe0f", "🤹🏽",
    "🤹🏾\u200d♀\ufe0f", "🤹🏾\u200d♂\ufe0f", "🤹🏾", "🤹🏿\u200d♀\ufe0f",
    "🤹🏿\u200d♂\ufe0f", "🤹🏿", "🤹\u200d♀\ufe0f", "🤹\u200d♂\ufe0f", "🤹", "🤺",
    "🤼\u200d♀\ufe0f", "🤼\u200d♂\ufe0f", "🤼", "🤽🏻\u200d♀\ufe0f", "🤽🏻\u200d♂\ufe0f",
    "🤽🏻", "🤽🏼\u200d♀\ufe0f", "🤽🏼\u200d♂\ufe0f", "🤽🏼", "🤽🏽\u200d♀\ufe0f",
    "🤽🏽\u200d♂\ufe0f", "🤽🏽", "🤽🏾\u200d♀\ufe0f", "🤽🏾\u200d♂\ufe0f", "🤽🏾",
    "🤽🏿\u200d♀\ufe0f", "🤽🏿\u200d♂\ufe0f", "🤽🏿", "🤽\u200d♀\ufe0f", "🤽\u200d♂\ufe0f",
    "🤽", "🤾🏻\u200d♀\ufe0f", "🤾🏻\u200d♂\ufe0f", "🤾🏻", "🤾🏼\u200d♀\ufe0f",
    "🤾🏼\u200d♂\ufe0f", "🤾🏼", "🤾🏽\u200d♀\ufe0f", "🤾🏽\u200d♂\ufe0f", "🤾🏽",
    "🤾🏾\u200d♀\ufe0f", "🤾🏾\u200d♂\ufe0f", "🤾🏾", "🤾🏿\u200d♀\ufe0f",
    "🤾🏿\u200d♂\ufe0f", "🤾🏿", "🤾\u200d♀\ufe0f", "🤾\u200d♂\ufe0f", "🤾", "🤿", "🥀",
    "🥁", "🥂", "🥃", "🥄", "🥅", "🥇", "🥈", "🥉", "🥊", "🥋", "🥌", "🥍", "🥎", "🥏", "🥐",
    "🥑", "🥒", "🥓", "🥔", "🥕", "🥖", "🥗", "🥘", "🥙", "🥚", "🥛", "🥜", "🥝", "🥞", "🥟",
    "🥠", "🥡", "🥢", "🥣", "🥤", "🥥", "🥦", "🥧", "🥨", "🥩", "🥪", "🥫", "🥬", "🥭", "🥮",
    "🥯", "🥰", "🥱", "🥳", "🥴", "🥵", "🥶", "🥺", "🥻", "🥼", "🥽", "🥾", "🥿", "🦀", "🦁",
    "🦂", "🦃", "🦄", "🦅", "🦆", "🦇", "🦈", "🦉", "🦊", "🦋", "🦌", "🦍", "🦎", "🦏", "🦐",
    "🦑", "🦒", "🦓", "🦔", "🦕", "🦖", "🦗", "🦘", "🦙", "🦚", "🦛", "🦜", "🦝", "🦞", "🦟",
    "🦠", "🦡", "🦢", "🦥", "🦦", "🦧", "🦨", "🦩", "🦪", "🦮", "🦯", "🦰", "🦱", "🦲", "🦳",
    "🦴", "🦵🏻", "🦵🏼", "🦵🏽", "🦵🏾", "🦵🏿", "🦵", "🦶🏻", "🦶🏼", "🦶🏽", "🦶🏾", "🦶🏿",
    "🦶", "🦷", "🦸🏻\u200d♀\ufe0f", "🦸🏻\u200d♂\ufe0f", "🦸🏻", "🦸🏼\u200d♀\ufe0f",
    "🦸🏼\u200d♂\ufe0f", "🦸🏼", "🦸🏽\u200d♀\ufe0f", "🦸🏽\u200d♂\ufe0f", "🦸🏽",
    "🦸🏾\u200d♀\ufe0f", "🦸🏾\u200d♂\ufe0f", "🦸🏾", "🦸🏿\u200d♀\ufe0f",
    "🦸🏿\u200d♂\ufe0f", "🦸🏿", "🦸\u200d♀\ufe0f", "🦸\u200d♂\ufe0f", "🦸",
    "🦹🏻\u200d♀\ufe0f", "🦹🏻\u200d♂\ufe0f", "🦹🏻", "🦹🏼\u200d♀\ufe0f",
    "🦹🏼\u200d♂\ufe0f", "🦹🏼", "🦹🏽\u200d♀\ufe0f", "🦹🏽\u200d♂\ufe0f", "🦹🏽",
    "🦹🏾\u200d♀\ufe0f", "🦹🏾\u200d♂\ufe0f", "🦹🏾", "🦹🏿\u200d♀\ufe0f",
    "🦹🏿\u200d♂\ufe0f", "🦹🏿", "🦹\u200d♀\ufe0f", "🦹\u200d♂\ufe0f", "🦹", "🦺", "🦻🏻",
    "🦻🏼", "🦻🏽", "🦻🏾", "🦻🏿", "🦻", "🦼", "🦽", "🦾", "🦿", "🧀", "🧁", "🧂", "🧃", "🧄",
    "🧅", "🧆", "🧇", "🧈", "🧉", "🧊", "🧍🏻\u200d♀\ufe0f", "🧍🏻\u200d♂\ufe0f", "🧍🏻",
    "🧍🏼\u200d♀\ufe0f", "🧍🏼\u200d♂\ufe0f", "🧍🏼", "🧍🏽\u200d♀\ufe0f",
    "🧍🏽\u200d♂\ufe0f", "🧍🏽", "🧍🏾\u200d♀\ufe0f", "🧍🏾\u200d♂\ufe0f", "🧍🏾",
    "🧍🏿\u200d♀\ufe0f", "🧍🏿\u200d♂\ufe0f", "🧍🏿", "🧍\u200d♀\ufe0f", "🧍\u200d♂\ufe0f",
    "🧍", "🧎🏻\u200d♀\ufe0f", "🧎🏻\u200d♂\ufe0f", "🧎🏻", "🧎🏼\u200d♀\ufe0f",
    "🧎🏼\u200d♂\ufe0f", "🧎🏼", "🧎🏽\u200d♀\ufe0f", "🧎🏽\u200d♂\ufe0f", "🧎🏽",
    "🧎🏾\u200d♀\ufe0f", "🧎🏾\u200d♂\ufe0f", "🧎🏾", "🧎🏿\u200d♀\ufe0f",
    "🧎🏿\u200d♂\ufe0f", "🧎🏿", "🧎\u200d♀\ufe0f", "🧎\u200d♂\ufe0f", "🧎",
    "🧏🏻\u200d♀\ufe0f", "🧏🏻\u200d♂\ufe0f", "🧏🏻", "🧏🏼\u200d♀\ufe0f",
    "🧏🏼\u200d♂\ufe0f", "🧏🏼", "🧏🏽\u200d♀\ufe0f", "🧏🏽\u200d♂\ufe0f", "🧏🏽",
    "🧏🏾\u200d♀\ufe0f", "🧏🏾\u200d♂\ufe0f", "🧏🏾", "🧏🏿\u200d♀\ufe0f",
    "🧏🏿\u200d♂\ufe0f", "🧏🏿", "🧏\u200d♀\ufe0f", "🧏\u200d♂\ufe0f", "🧏", "🧐",
    "🧑🏻\u200d🤝\u200d🧑🏻", "🧑🏻", "🧑🏼\u200d🤝\u200d🧑🏻", "🧑🏼\u200d🤝\u200d🧑🏼",
    "🧑🏼", "🧑🏽\u200d🤝\u200d🧑🏻", "🧑🏽\u200d🤝\u200d🧑🏼", "🧑🏽\u200d🤝\u200d🧑🏽",
    "🧑🏽", "🧑🏾\u200d🤝\u200d🧑🏻", "🧑🏾\u200d🤝\u200d🧑🏼", "🧑🏾\u200d🤝\u200d🧑🏽",
    "🧑🏾\u200d🤝\u200d🧑🏾", "🧑🏾", "🧑🏿\u200d🤝\u200d🧑🏻", "🧑🏿\u200d🤝\u200d🧑🏼",
    "🧑🏿\u200d🤝\u200d🧑🏽", "🧑🏿\u200d🤝\u200d🧑🏾", "🧑🏿\u200d🤝\u200d🧑🏿", "🧑🏿",
    "🧑\u200d🤝\u200d🧑", "🧑", "🧒🏻", "🧒🏼", "🧒🏽", "🧒🏾", "🧒🏿", "🧒", "🧓🏻", "🧓🏼",
    "🧓🏽", "🧓🏾", "🧓🏿", "🧓", "🧔🏻", "🧔🏼", "🧔🏽", "🧔🏾", "🧔🏿", "🧔", "🧕🏻", "🧕🏼",
    "🧕🏽", "🧕🏾", "🧕🏿", "🧕", "🧖🏻\u200d♀\ufe0f", "🧖🏻\u200d♂\ufe0f", "🧖🏻",
    "🧖🏼\u200d♀\ufe0f", "🧖🏼\u200d♂\ufe0f", "🧖🏼", "🧖🏽\u200d♀\ufe0f",
    "🧖🏽\u200d♂\ufe0f", "🧖🏽", "🧖🏾\u200d♀\ufe0f", "🧖🏾\u200d♂\ufe0f", "🧖🏾",
    "🧖🏿\u200d♀\ufe0f", "🧖🏿\u200d♂\ufe0f", "🧖🏿", "🧖\u200d♀\ufe0f", "🧖\u200d♂\ufe0f",
    "🧖", "🧗🏻\u200d♀\ufe0f", "🧗🏻\u200d♂\ufe0f", "🧗🏻", "🧗🏼\u200d♀\ufe0f",
    "🧗🏼\u200d♂\ufe0f", "🧗🏼", "🧗🏽\u200d♀\ufe0f", "🧗🏽\u200d♂\ufe0f", "🧗🏽",
    "🧗🏾\u200d♀\ufe0f", "🧗🏾\u200d♂\ufe0f", "🧗🏾", "🧗🏿\u200d♀\ufe0f",
    "🧗🏿\u200d♂\ufe0f", "🧗🏿", "🧗\u200d♀\ufe0f", "🧗\u200d♂\ufe0f", "🧗",
    "🧘🏻\u200d♀\ufe0f", "🧘🏻\u200d♂\ufe0f", "🧘🏻", "🧘🏼\u200d♀\ufe0f",
    "🧘🏼\u200d♂\ufe0f", "🧘🏼", "🧘🏽\u200d♀\ufe0f", "🧘🏽\u200d♂\ufe0f", "🧘🏽",
    "🧘🏾\u200d♀\ufe0f", "🧘🏾\u200d♂\ufe0f", "🧘🏾", "🧘🏿\u200d♀\ufe0f",
    "🧘🏿\u200d♂\ufe0f", "🧘🏿", "🧘\u200d♀\ufe0f", "🧘\u200d♂\ufe0f", "🧘",
    "🧙🏻\u200d♀\ufe0f", "🧙🏻\u200d♂\ufe0f", "🧙🏻", "🧙🏼\u200d♀\ufe0f",
    "🧙🏼\u200d♂\ufe0f", "🧙🏼", "🧙🏽\u200d♀\ufe0f", "🧙🏽\u200d♂\ufe0f", "🧙🏽",
    "🧙🏾\u200d♀\ufe0f", "🧙🏾\u200d♂\ufe0f", "🧙🏾", "🧙🏿\u200d♀\ufe0f",
    "🧙🏿\u200d♂\ufe0f", "🧙🏿", "🧙\u200d♀\ufe0f", "🧙\u200d♂\ufe0f", "🧙",
    "🧚🏻\u200d♀\ufe0f", "🧚🏻\u200d♂\ufe0f", "🧚🏻", "🧚🏼\u200d♀\ufe0f",
    "🧚🏼\u200d♂\ufe0f", "🧚🏼", "🧚🏽\u200d♀\ufe0f", "🧚🏽\u200d♂\ufe0f", "🧚🏽",
    "🧚🏾\u200d♀\ufe0f", "🧚🏾\u200d♂\ufe0f", "🧚🏾", "🧚🏿\u200d♀\ufe0f",
    "🧚🏿\u200d♂\ufe0f", "🧚🏿", "🧚\u200d♀\ufe0f", "🧚\u200d♂\ufe0f", "🧚",
    "🧛🏻\u200d♀\ufe0f", "🧛🏻\u200d♂\ufe0f", "🧛🏻", "🧛🏼\u200d♀\ufe0f",
    "🧛🏼\u200d♂\ufe0f", "🧛🏼", "🧛🏽\u200d♀\ufe0f", "🧛🏽\u200d♂\ufe0f", "🧛🏽",
    "🧛🏾\u200d♀\ufe0f", "🧛🏾\u200d♂\ufe0f", "🧛🏾", "🧛🏿\u200d♀\ufe0f",
    "🧛🏿\u200d♂\ufe0f", "🧛🏿", "🧛\u200d♀\ufe0f", "🧛\u200d♂\ufe0f", "🧛",
    "🧜🏻\u200d♀\ufe0f", "🧜🏻\u200d♂\ufe0f", "🧜🏻", "🧜🏼\u200d♀\ufe0f",
    "🧜🏼\u200d♂\ufe0f", "🧜🏼", "🧜🏽\u200d♀\ufe0f", "🧜🏽\u200d♂\ufe0f", "🧜🏽",
    "🧜🏾\u200d♀\ufe0f", "🧜🏾\u200d♂\ufe0f", "🧜🏾", "🧜🏿\u200d♀\ufe0f",
    "🧜🏿\u200d♂\ufe0f", "🧜🏿", "🧜\u200d♀\ufe0f", "🧜\u200d♂\ufe0f", "🧜",
    "🧝🏻\u200d♀\ufe0f", "🧝🏻\u200d♂\ufe0f", "🧝🏻", "🧝🏼\u200d♀\ufe0f",
    "🧝🏼\u200d♂\ufe0f", "🧝🏼", "🧝🏽\u200d♀\ufe0f", "🧝🏽\u200d♂\ufe0f", "🧝🏽",
    "🧝🏾\u200d♀\ufe0f", "🧝🏾\u200d♂\ufe0f", "🧝🏾", "🧝🏿\u200d♀\ufe0f",
    "🧝🏿\u200d♂\ufe0f", "🧝🏿", "🧝\u200d♀\ufe0f", "🧝\u200d♂\ufe0f", "🧝",
    "🧞\u200d♀\ufe0f", "🧞\u200d♂\ufe0f", "🧞", "🧟\u200d♀\ufe0f", "🧟\u200d♂\ufe0f", "🧟",
    "🧠", "🧡", "🧢", "🧣", "🧤", "🧥", "🧦", "🧧", "🧨", "🧩", "🧪", "🧫", "🧬", "🧭", "🧮",
    "🧯", "🧰", "🧱", "🧲", "🧳", "🧴", "🧵", "🧶", "🧷", "🧸", "🧹", "🧺", "🧻", "🧼", "🧽",
    "🧾", "🧿", "🩰", "🩱", "🩲", "🩳", "🩸", "🩹", "🩺", "🪀", "🪁", "🪂", "🪐", "🪑", "🪒",
    "🪓", "🪔", "🪕", "‼\ufe0f", "⁉\ufe0f", "™\ufe0f", "\u2139\ufe0f", "↔\ufe0f",
    "↕\ufe0f", "↖\ufe0f", "↗\ufe0f", "↘\ufe0f", "↙\ufe0f", "↩\ufe0f", "↪\ufe0f",
    "#\u20e3", "⌚\ufe0f", "⌛\ufe0f", "⌨\ufe0f", "⏏\ufe0f", "⏩", "⏪", "⏫", "⏬",
    "⏭\ufe0f", "⏮\ufe0f", "⏯\ufe0f", "⏰", "⏱\ufe0f", "⏲\ufe0f", "⏳", "⏸\ufe0f",
    "⏹\ufe0f", "⏺\ufe0f", "Ⓜ\ufe0f", "▪\ufe0f", "▫\ufe0f", "▶\ufe0f", "◀\ufe0f",
    "◻\ufe0f", "◼\ufe0f", "◽\ufe0f", "◾\ufe0f", "☀\ufe0f", "☁\ufe0f", "☂\ufe0f",
    "☃\ufe0f", "☄\ufe0f", "☎\ufe0f", "☑\ufe0f", "☔\ufe0f", "☕\ufe0f", "☘\ufe0f", "☝🏻",
    "☝🏼", "☝🏽", "☝🏾", "☝🏿", "☝\ufe0f", "☠\ufe0f", "☢\ufe0f", "☣\ufe0f", "☦\ufe0f",
    "☪\ufe0f", "☮\ufe0f", "☯\ufe0f", "☸\ufe0f", "☹\ufe0f", "☺\ufe0f", "♀\ufe0f",
    "♂\ufe0f", "♈\ufe0f", "♉\ufe0f", "♊\ufe0f", "♋\ufe0f", "♌\ufe0f", "♍\ufe0f",
    "♎\ufe0f", "♏\ufe0f", "♐\ufe0f", "♑\ufe0f", "♒\ufe0f", "♓\ufe0f", "♟\ufe0f",
    "♠\ufe0f", "♣\ufe0f", "♥\ufe0f", "♦\ufe0f", "♨\ufe0f", "♻\ufe0f", "♾", "♿\ufe0f",
    "⚒\ufe0f", "⚓\ufe0f", "⚔\ufe0f", "⚕\ufe0f", "⚖\ufe0f", "⚗\ufe0f", "⚙\ufe0f",
    "⚛\ufe0f", "⚜\ufe0f", "⚠\ufe0f", "⚡\ufe0f", "⚪\ufe0f", "⚫\ufe0f", "⚰\ufe0f",
    "⚱\ufe0f", "⚽\ufe0f", "⚾\ufe0f", "⛄\ufe0f", "⛅\ufe0f", "⛈\ufe0f", "⛎", "⛏\ufe0f",
    "⛑\ufe0f", "⛓\ufe0f", "⛔\ufe0f", "⛩\ufe0f", "⛪\ufe0f", "⛰\ufe0f", "⛱\ufe0f",
    "⛲\ufe0f", "⛳\ufe0f", "⛴\ufe0f", "⛵\ufe0f", "⛷🏻", "⛷🏼", "⛷🏽", "⛷🏾", "⛷🏿",
    "⛷\ufe0f", "⛸\ufe0f", "⛹🏻\u200d♀\ufe0f", "⛹🏻\u200d♂\ufe0f", "⛹🏻",
    "⛹🏼\u200d♀\ufe0f", "⛹🏼\u200d♂\ufe0f", "⛹🏼", "⛹🏽\u200d♀\ufe0f",
    "⛹🏽\u200d♂\ufe0f", "⛹🏽", "⛹🏾\u200d♀\ufe0f", "⛹🏾\u200d♂\ufe0f", "⛹🏾",
    "⛹🏿\u200d♀\ufe0f", "⛹🏿\u200d♂\ufe0f", "⛹🏿", "⛹\ufe0f\u200d♀\ufe0f",
    "⛹\ufe0f\u200d♂\ufe0f", "⛹\ufe0f", "⛺\ufe0f", "⛽\ufe0f", "✂\ufe0f", "✅", "✈\ufe0f",
    "✉\ufe0f", "✊🏻", "✊🏼", "✊🏽", "✊🏾", "✊🏿", "✊", "✋🏻", "✋🏼", "✋🏽", "✋🏾",
    "✋🏿", "✋", "✌🏻", "✌🏼", "✌🏽", "✌🏾", "✌🏿", "✌\ufe0f", "✍🏻", "✍🏼", "✍🏽",
    "✍🏾", "✍🏿", "✍\ufe0f", "✏\ufe0f", "✒\ufe0f", "✔\ufe0f", "✖\ufe0f", "✝\ufe0f",
    "✡\ufe0f", "✨", "✳\ufe0f", "✴\ufe0f", "❄\ufe0f", "❇\ufe0f", "❌", "❎", "❓", "❔",
    "❕", "❗\ufe0f", "❣\ufe0f", "❤\ufe0f", "\u2795", "\u2796", "➗", "➡\ufe0f", "➰", "➿",
    "⤴\ufe0f", "⤵\ufe0f", "*\u20e3", "⬅\ufe0f", "⬆\ufe0f", "⬇\ufe0f", "⬛\ufe0f",
    "⬜\ufe0f", "⭐\ufe0f", "⭕\ufe0f", "0\u20e3", "〰\ufe0f", "〽\ufe0f", "1\u20e3", "2\u20e3",
    "㊗\ufe0f", "㊙\ufe0f", "3\u20e3", "4\u20e3", "5\u20e3", "6\u20e3", "7\u20e3", "8\u20e3",
    "9\u20e3", "©\ufe0f", "®\ufe0f",
]
# fmt: on

# --------------------------------------------------------------------------------------
# Additional vectors
# --------------------------------------------------------------------------------------

EXTRA_INVALID = [
    "👍\n",  # trailing newline must not slip through an end-of-line anchor
    "\n",
    "\r\n",  # a single grapheme cluster, but not an emoji
    "\t",
    " ",
    "\u00a0",  # NO-BREAK SPACE: 2 UTF-8 bytes, not an emoji
    "\u200b",  # ZERO WIDTH SPACE: format char, but not Emoji_Component
    "é",  # 2 UTF-8 bytes, one cluster, not an emoji
    "e\u0301",  # e + COMBINING ACUTE ACCENT: one cluster, not an emoji
    "日",  # 3 UTF-8 bytes, one cluster, not an emoji
    "👍\u0301",  # one cluster, but U+0301 has no emoji property
    "a\u20e3",  # one cluster, but "a" has no emoji property
    "👍a",
    "a👍",
    "\ufe0f👍",  # leading VS16 is its own cluster
    "🇦🇧🇨",  # three regional indicators form two clusters
    "🇩🇪🇩🇪",
    "👍🏿👍",
    "\ue000",  # private use
    "\U0010ffff",  # noncharacter
]

EXTRA_VALID = [
    "©",  # U+00A9 has the Emoji property and is 2 UTF-8 bytes
    "™",
    "1\ufe0f",  # digit (Emoji property) + VS16: one cluster of 4 bytes
    "\U0001faa8",  # rock (Unicode 13)
    "\U0001fae8",  # shaking face (Unicode 15)
    "👩🏻\u200d❤\ufe0f\u200d💋\u200d👨🏼",  # kiss with two skin tones
    "🧑\u200d🧑\u200d🧒\u200d🧒",  # family: adult, adult, child, child (Unicode 15.1)
    "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f",  # Scotland
]


def _ids(values):
    return [ascii(v) for v in values]


@pytest.mark.parametrize("value", SPEC_VALID, ids=_ids(SPEC_VALID))
def test_accepts_spec_emoji(value):
    assert is_valid_single_emoji(value) is True


@pytest.mark.parametrize("value", SPEC_INVALID, ids=_ids(SPEC_INVALID))
def test_rejects_spec_non_emoji(value):
    assert is_valid_single_emoji(value) is False


@pytest.mark.parametrize("value", NEXTCLOUD_VALID, ids=_ids(NEXTCLOUD_VALID))
def test_accepts_nextcloud_emoji(value):
    assert is_valid_single_emoji(value) is True


@pytest.mark.parametrize("value", NEXTCLOUD_INVALID, ids=_ids(NEXTCLOUD_INVALID))
def test_rejects_nextcloud_non_emoji(value):
    assert is_valid_single_emoji(value) is False


@pytest.mark.parametrize("value", EXTRA_VALID, ids=_ids(EXTRA_VALID))
def test_accepts_other_single_emoji(value):
    assert is_valid_single_emoji(value) is True


@pytest.mark.parametrize("value", EXTRA_INVALID, ids=_ids(EXTRA_INVALID))
def test_rejects_other_non_emoji(value):
    assert is_valid_single_emoji(value) is False


def test_nextcloud_data_set_is_complete():
    assert len(NEXTCLOUD_INVALID) == 5
    assert len(NEXTCLOUD_VALID) == 3074
    assert len(set(NEXTCLOUD_VALID)) == len(NEXTCLOUD_VALID)


@pytest.mark.parametrize(
    "value",
    ["\ud800", "\udfff", "\ud83d\udc4d", "👍\ud800", "\ud800\u200d"],
    ids=["lone-high", "lone-low", "unpaired-pair", "emoji+surrogate", "surrogate+zwj"],
)
def test_rejects_lone_surrogates_without_raising(value):
    # "\ud83d\udc4d" is two separate surrogate code points in a Python str, not 👍.
    assert is_valid_single_emoji(value) is False


@pytest.mark.parametrize("value", ["\x00", "\x01", "\x1b", "\x7f", "\x85", "\x00👍"])
def test_rejects_control_characters(value):
    assert is_valid_single_emoji(value) is False


@pytest.mark.parametrize("value", ["\u200d", "\ufe0f", "\u20e3", "\U000e0067"])
def test_accepts_lone_emoji_components(value):
    # ZWJ, VS16, the keycap mark and tag characters are Emoji_Component code points of
    # at least 2 UTF-8 bytes forming one cluster, so the property rule accepts them.
    assert is_valid_single_emoji(value) is True


@pytest.mark.parametrize("value", [None, 1, 1.5, b"\xf0\x9f\x91\x8d", ["👍"], ("👍",)])
def test_rejects_non_str_input(value):
    assert is_valid_single_emoji(value) is False


@pytest.mark.parametrize(
    "value",
    ["👍" * 5000, "👍" * 4999 + "a", "\u200d" * 5000 + "a", "🏴" + "\U000e0067" * 5000 + "a"],
    ids=["5000-emoji", "5000-emoji+letter", "5000-zwj+letter", "5000-tags+letter"],
)
def test_rejects_long_strings_quickly(value):
    start = time.perf_counter()
    assert is_valid_single_emoji(value) is False
    assert time.perf_counter() - start < 0.5


def test_has_no_length_cap_of_its_own():
    # One extended grapheme cluster of 5001 code points made only of emoji code points is
    # valid under the rule; storage limits are enforced by callers. It must stay fast.
    value = "👍" + "\u200d👍" * 2500
    start = time.perf_counter()
    assert is_valid_single_emoji(value) is True
    assert time.perf_counter() - start < 0.5


def test_module_does_not_import_django():
    module_path = Path(__file__).resolve().parents[2] / "ocs" / "emoji.py"
    code = (
        "import importlib.util, sys\n"
        f"spec = importlib.util.spec_from_file_location('emoji_under_test', {str(module_path)!r})\n"
        "module = importlib.util.module_from_spec(spec)\n"
        "spec.loader.exec_module(module)\n"
        "assert module.is_valid_single_emoji('\\U0001f44d') is True\n"
        "assert not any(name.split('.')[0] == 'django' for name in sys.modules), 'django'\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
