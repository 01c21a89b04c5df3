"""When e-mail is due, without Django: the Dagster schedules decide with this whether to start a run at all.

A peildatum opens when its month has ended (the portal's start page opens it the same day, deadline.py) and
stays open for invitations until its deadline (peildata.csv). Reminders go WIR_HERINNERING_DAGEN days before
that deadline.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from zoneinfo import ZoneInfo

from pipeline import periods
from pipeline.portal.deadline import open_peildatum
from pipeline.reference import Reference

DEFAULT_REMINDER_DAYS = (7,)
DEFAULT_CRON = "0 8 * * *"  # every morning; whether anything is due is decided per day
DUTCH = ZoneInfo("Europe/Amsterdam")


def today() -> dt.date:
    return dt.datetime.now(DUTCH).date()


def parse_day(text: str | None) -> dt.date:
    """JJJJ-MM-DD, or today (Dutch time) when empty."""
    if not text:
        return today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError as error:
        raise ValueError(f"'{text}' is geen datum; gebruik JJJJ-MM-DD, bijvoorbeeld 2020-11-23.") from error


def mail_cron() -> str:
    return os.environ.get("WIR_MAIL_CRON") or DEFAULT_CRON


def reminder_days() -> tuple[int, ...]:
    """WIR_HERINNERING_DAGEN: days before the deadline a reminder goes, e.g. '7' or '14,7,1'."""
    text = os.environ.get("WIR_HERINNERING_DAGEN", "").strip()
    if not text:
        return DEFAULT_REMINDER_DAYS
    try:
        days = tuple(sorted({int(part) for part in text.replace(";", ",").split(",") if part.strip()}, reverse=True))
    except ValueError as error:
        raise ValueError(f"WIR_HERINNERING_DAGEN={text} is geen lijst van aantallen dagen, zoals 7 of 14,7,1."
                         ) from error
    if not days or any(day < 0 for day in days):
        raise ValueError(f"WIR_HERINNERING_DAGEN={text}: geef een of meer aantallen dagen van 0 of meer.")
    return days


def opened_peildatum(reference: Reference, day: dt.date) -> str | None:
    """The peildatum open for submissions on the day and whose deadline has not passed; None if none."""
    current = open_peildatum(reference, day)
    if current is None or periods.month_end(current.key) > day or current.late:
        return None
    return current.key


def reminder_peildatum(reference: Reference, day: dt.date, days: tuple[int, ...]) -> str | None:
    """The open peildatum if the day is a reminder day of it (its deadline is one of `days` away); else None."""
    current = open_peildatum(reference, day)
    if current is None or current.deadline is None or current.days_left not in days:
        return None
    return current.key


def portal_in_use(warehouse: Path) -> bool:
    """Whether this project has a portal (its database), i.e. whether there is anyone to e-mail. Without one,
    the mail jobs do nothing and make no database."""
    if os.environ.get("WIR_PORTAL_DATABASE_URL"):  # PostgreSQL
        return True
    folder = Path(os.environ.get("WIR_PORTAL_DIR") or warehouse.parent / "portaal")
    return (folder / "portaal.sqlite3").exists()
