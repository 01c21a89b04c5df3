"""File-name parts made from reference names (never from submitted text)."""

from __future__ import annotations

import re
import unicodedata


def slug(name: str) -> str:
    """'Zorg en Zekerheid' → 'zorg-en-zekerheid'."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "onbekend"
