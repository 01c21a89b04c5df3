"""Peildatum keys (`YYYY-MM`) and their Dutch labels (`okt-20`)."""

from __future__ import annotations

import calendar
import datetime as dt
import re

DUTCH_MONTHS = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")
DUTCH_MONTH_NAMES = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)
_KEY = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def peildatum_key(date: dt.date) -> str:
    return f"{date.year:04d}-{date.month:02d}"


def is_peildatum_key(text: str) -> bool:
    return bool(_KEY.match(text))


def parse_key(key: str) -> tuple[int, int]:
    match = _KEY.match(key)
    if not match:
        raise ValueError(f"Ongeldige peildatum '{key}': gebruik de vorm JJJJ-MM, bijvoorbeeld 2020-10.")
    return int(match.group(1)), int(match.group(2))


def short_label(key: str) -> str:
    year, month = parse_key(key)
    return f"{DUTCH_MONTHS[month - 1]}-{year % 100:02d}"


def long_label(key: str) -> str:
    year, month = parse_key(key)
    return f"{DUTCH_MONTH_NAMES[month - 1]} {year}"


def month_end(key: str) -> dt.date:
    year, month = parse_key(key)
    return dt.date(year, month, calendar.monthrange(year, month)[1])
