"""Moments as their readers live them: stored in UTC, shown and compared with deadlines in Dutch time."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

DUTCH_TIME = ZoneInfo("Europe/Amsterdam")


def dutch_time(moment: dt.datetime) -> dt.datetime:
    """A moment from the warehouse (naive UTC) as the clock on the wall in the Netherlands showed it."""
    return moment.replace(tzinfo=dt.UTC).astimezone(DUTCH_TIME).replace(tzinfo=None)
