"""Was a zorgkantoor on time? The deadline per peildatum comes from `peildata.csv` in the reference data."""

from __future__ import annotations

import datetime as dt

ON_TIME = "op tijd"
MISSING = "ontbreekt"
NO_DEADLINE = "geen deadline"


def timeliness(first_received: dt.datetime | None, deadline: dt.date | None) -> str:
    """'op tijd', 'te laat (N dagen)', 'ontbreekt' or 'geen deadline', by the first file received."""
    if first_received is None:
        return MISSING
    if deadline is None:
        return NO_DEADLINE
    late = (first_received.date() - deadline).days
    if late <= 0:
        return ON_TIME
    return f"te laat ({late} dag{'en' if late > 1 else ''})"
