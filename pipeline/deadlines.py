"""Was a zorgkantoor on time? The deadline per peildatum comes from `peildata.csv` in the reference data."""

from __future__ import annotations

import datetime as dt

from pipeline.clock import dutch_time

ON_TIME = "op tijd"
MISSING = "ontbreekt"
NO_DEADLINE = "geen deadline"


def timeliness(first_received: dt.datetime | None, deadline: dt.date | None) -> str:
    """'op tijd', 'te laat (N dagen)', 'ontbreekt' or 'geen deadline', by the first file received (UTC): the
    deadline is a Dutch date, so a file saved at 00:30 Dutch time the day after is late."""
    if first_received is None:
        return MISSING
    if deadline is None:
        return NO_DEADLINE
    late = (dutch_time(first_received).date() - deadline).days
    if late <= 0:
        return ON_TIME
    return f"te laat ({late} dag{'en' if late > 1 else ''})"
