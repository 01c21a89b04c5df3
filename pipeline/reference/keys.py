"""Matching keys: how two spellings of a header, label or region are recognised as the same."""

from __future__ import annotations

import re
import unicodedata

_WHITESPACE = re.compile(r"\s+")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "–": "-", "—": "-", "‐": "-"})
_REGION_PREFIX = re.compile(r"^(am-?regio|regio)(?=.)")


def match_key(text: object) -> str:
    """Case-, width- and whitespace-insensitive key (also NBSP and spaces around - and /)."""
    normalised = unicodedata.normalize("NFKC", str(text)).translate(_QUOTES).casefold()
    # Format characters (zero-width spaces, direction marks) are invisible to the reader.
    visible = "".join(ch for ch in normalised if unicodedata.category(ch) != "Cf")
    # Normalised again: removing a space can bring combining marks together, whose canonical order then changes.
    return unicodedata.normalize("NFKC", _WHITESPACE.sub("", visible))


def region_key(text: object) -> str:
    """Like match_key, and ignores a leading `AM - Regio` or `Regio`."""
    return _REGION_PREFIX.sub("", match_key(text))
