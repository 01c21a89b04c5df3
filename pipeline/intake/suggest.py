"""Near misses: which vocabulary label a rejected value most likely meant, by spelling (difflib)."""

from __future__ import annotations

import difflib

from pipeline.reference import Reference
from pipeline.reference.keys import match_key

MAX_SUGGESTIONS = 3
CUTOFF = 0.8  # difflib's similarity ratio of the matching keys; below it a guess confuses more than it helps
MIN_PREFIX = 4  # a shorter start ('Fa') fits too many labels to mean one of them


def near_misses(reference: Reference, dimensie: str, value: object) -> list[str]:
    """The labels the value probably meant: a label it is the start of ('Afgerond'), else labels or aliases
    spelt almost the same ('Fase 5: Strategische keuze'); [] when nothing is close."""
    key = match_key(value) if value is not None else ""
    if not key:
        return []
    labels: dict[str, str] = {}  # match key of a label or alias → its label
    for term in reference.vocabulary(dimensie):
        for name in (term.label, *term.aliassen):
            labels.setdefault(match_key(name), term.label)
    started = [label for name, label in labels.items() if len(key) >= MIN_PREFIX and name.startswith(key)]
    close = [labels[name] for name in difflib.get_close_matches(key, labels, n=MAX_SUGGESTIONS, cutoff=CUTOFF)]
    return list(dict.fromkeys(started or close))[:MAX_SUGGESTIONS]
