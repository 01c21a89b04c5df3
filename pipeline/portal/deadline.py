"""Which peildatum is open for submissions now, its deadline and the days left (from peildata.csv)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pipeline.periods import month_end
from pipeline.reference import Reference


@dataclass(frozen=True)
class OpenPeildatum:
    key: str
    deadline: dt.date | None
    today: dt.date

    @property
    def days_left(self) -> int | None:
        return None if self.deadline is None else (self.deadline - self.today).days

    @property
    def days_late(self) -> int:
        return max(0, -(self.days_left or 0))

    @property
    def late(self) -> bool:
        return self.days_left is not None and self.days_left < 0


def open_peildatum(reference: Reference, today: dt.date) -> OpenPeildatum | None:
    """The latest peildatum that has been reached: a zorgkantoor reports on it until (and after) its deadline."""
    reached = sorted(key for key in reference.deadlines if month_end(key) <= today)
    if not reached:
        upcoming = sorted(reference.deadlines)
        if not upcoming:
            return None
        reached = upcoming[:1]
    key = reached[-1]
    return OpenPeildatum(key, reference.deadlines.get(key), today)


def next_peildatum(reference: Reference, after: str, today: dt.date) -> OpenPeildatum | None:
    later = sorted(key for key in reference.deadlines if key > after)
    return OpenPeildatum(later[0], reference.deadlines[later[0]], today) if later else None
