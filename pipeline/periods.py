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
_NAMED_NUMERIC = (re.compile(r"(?<!\d)(20\d\d)[-_. ]?(0[1-9]|1[0-2])(?!\d)"),
                  re.compile(r"(?<!\d)(0[1-9]|1[0-2])[-_. ](20\d\d)(?!\d)"))
_NAMED_WRITTEN = re.compile(r"(?<![a-z])(" + "|".join(sorted(DUTCH_MONTH_NAMES + DUTCH_MONTHS, key=len, reverse=True))
                            + r")[-_. ]?(20\d\d|\d\d)(?!\d)")


def peildatum_key(date: dt.date) -> str:
    return f"{date.year:04d}-{date.month:02d}"


def months_between(earlier: str, later: str) -> int:
    (y1, m1), (y2, m2) = parse_key(earlier), parse_key(later)
    return (y2 - y1) * 12 + (m2 - m1)


def named_peildatum(file_name: str) -> str | None:
    """The peildatum key a file name mentions (`cz-2020-10.xlsx`, `CZ okt 2020.xlsx`), if any."""
    name = file_name.lower()
    numeric = _NAMED_NUMERIC[0].search(name)
    if numeric:
        return f"{numeric.group(1)}-{numeric.group(2)}"
    numeric = _NAMED_NUMERIC[1].search(name)
    if numeric:
        return f"{numeric.group(2)}-{numeric.group(1)}"
    written = _NAMED_WRITTEN.search(name)
    if written:
        names = DUTCH_MONTH_NAMES if written.group(1) in DUTCH_MONTH_NAMES else DUTCH_MONTHS
        year = written.group(2) if len(written.group(2)) == 4 else f"20{written.group(2)}"
        return f"{year}-{names.index(written.group(1)) + 1:02d}"
    return None


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
