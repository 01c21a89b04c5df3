"""Dutch number, percentage and date formatting for the report."""

from __future__ import annotations

import datetime as dt

from pipeline.dutch import dutch_number
from pipeline.periods import DUTCH_MONTH_NAMES
from pipeline.tables.model import percent_text


def nl_int(value: int | float | None) -> str:
    if value is None:
        return ""
    return dutch_number(round(value))


def nl_count(value: int, singular: str, plural: str) -> str:
    """'1 regio', '3 regio's'."""
    return f"{nl_int(value)} {singular if value == 1 else plural}"


def agree(value: int, singular: str, plural: str) -> str:
    """The verb that agrees with a count: 'is' for 1 (also '1 van de 6 regio's is'), 'zijn' otherwise."""
    return singular if value == 1 else plural


def nl_percent(fraction: float | None, digits: int = 0) -> str:
    """'13%' for 1/8: half up, as the workbook shows the same fraction in Excel."""
    return "" if fraction is None else percent_text(fraction, digits)


def share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def nl_date(date: dt.date) -> str:
    return f"{date.day} {DUTCH_MONTH_NAMES[date.month - 1]} {date.year}"
