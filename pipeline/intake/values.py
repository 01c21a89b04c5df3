"""Read cell values as what they mean: whole numbers, amounts, dates and text."""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
import unicodedata
from decimal import Decimal

from confusable_homoglyphs import confusables

from pipeline.periods import DUTCH_MONTH_NAMES, DUTCH_MONTHS

EXCEL_EPOCH = dt.date(1899, 12, 30)
_SERIAL_RANGE = (1, 2958465)  # 1900-01-01 .. 9999-12-31
_SERIAL_TEXT = re.compile(r"^[+-]?\d+(?:[.,]0+)?$")  # a date serial typed as text: 44135 or 44135,0
# Numbers typed as text, for whole numbers and amounts alike: Dutch (1.000, 25.000,50, 2019,5) or plain (25000.5).
# A dot followed by groups of exactly three digits is a thousands separator, so "1.000" is a thousand, never one.
_DUTCH_NUMBER = re.compile(r"^([+-]?)(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?$")
_PLAIN_NUMBER = re.compile(r"^([+-]?)(\d+)(?:\.(\d+))?$")
_MONTHS = {name: index + 1 for names in (DUTCH_MONTH_NAMES, DUTCH_MONTHS) for index, name in enumerate(names)}
_MONTHS["sept"] = 9
_DAY_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y", "%Y/%m/%d", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S",
                "%d-%m-%Y %H:%M", "%d-%m-%Y %H:%M:%S", "%Y%m%d", "%d-%m-%y", "%d/%m/%y")
_MONTH_FORMATS = ("%Y-%m", "%m-%Y", "%m/%Y", "%Y/%m")
_WRITTEN = re.compile(r"^(?:(\d{1,2})\s+)?([a-z]+)\.?\s+(\d{4})$")
_SCRIPTS = {"CYRILLIC": "Cyrillische letter", "GREEK": "Griekse letter", "ARMENIAN": "Armeense letter",
            "FULLWIDTH": "brede letter"}


def is_empty(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and clean_text(value) == ""


def clean_text(value: object) -> str:
    """Text as stored: NFC, no control characters, whitespace runs folded, trimmed."""
    text = unicodedata.normalize("NFC", str(value))
    if text.isprintable():  # no control character and no separator but the plain space: only whitespace to fold
        return " ".join(text.split())
    text = "".join(" " if unicodedata.category(ch) in ("Cc", "Zs", "Zl", "Zp") else ch for ch in text)
    return " ".join(text.split())


def cell_text(value: object) -> str | None:
    """A cell as text for identifiers and free text (2019.0 → '2019')."""
    if is_empty(value):
        return None
    if isinstance(value, bool):
        return "WAAR" if value else "ONWAAR"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.strftime("%d-%m-%Y %H:%M") if value.time() != dt.time() else value.strftime("%d-%m-%Y")
    if isinstance(value, dt.date):
        return value.strftime("%d-%m-%Y")
    return clean_text(value)


def parse_whole(value: object) -> tuple[int | None, bool]:
    """(number, exact): exact is False when it was text or a float such as 2019.0."""
    if isinstance(value, bool) or is_empty(value):
        return None, True
    if isinstance(value, int):
        return value, True
    if isinstance(value, float):
        # Excel stores every number as a float: a whole float is a whole number as typed.
        return (int(value), True) if value.is_integer() else (None, True)
    if isinstance(value, str):
        number = _number_text(clean_text(value).replace(" ", ""))
        if number is not None and number == number.to_integral_value():
            return int(number), False
    return None, True


def parse_amount(value: object) -> tuple[float | None, bool]:
    """An amount in euros; accepts Dutch (25.000,50) and plain (25000.5) text, and € signs."""
    if isinstance(value, bool) or is_empty(value):
        return None, True
    if isinstance(value, int | float):
        return (float(value), True) if math.isfinite(value) else (None, True)
    if isinstance(value, str):
        number = _number_text(clean_text(value).replace("€", "").replace(" ", ""))
        if number is not None:
            return float(number), False
    return None, True


def _number_text(text: str) -> Decimal | None:
    """A number typed as text, exactly (a Decimal: no float rounding of long digit strings); None if it is none."""
    match = _DUTCH_NUMBER.match(text) or _PLAIN_NUMBER.match(text)
    if match is None:
        return None
    sign, units, fraction = match.groups()
    return Decimal(f"{sign}{units.replace('.', '')}.{fraction or '0'}")


def parse_date(value: object) -> dt.date | None:
    """An Excel date, a serial number, or text in ISO, Dutch numeric or Dutch written form."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool) or is_empty(value):
        return None
    if isinstance(value, int | float):
        if float(value).is_integer() and _SERIAL_RANGE[0] <= value <= _SERIAL_RANGE[1]:
            return EXCEL_EPOCH + dt.timedelta(days=int(value))
        return None
    text = clean_text(value).lower()
    for pattern in _DAY_FORMATS:
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    for pattern in _MONTH_FORMATS:  # a month without a day means its last day, the usual peildatum
        try:
            return _month_end(dt.datetime.strptime(text, pattern).date())
        except ValueError:
            continue
    written = _WRITTEN.match(text)
    if written and written.group(2) in _MONTHS:
        year, month = int(written.group(3)), _MONTHS[written.group(2)]
        try:
            return dt.date(year, month, int(written.group(1))) if written.group(1) else \
                _month_end(dt.date(year, month, 1))
        except ValueError:
            return None
    if _SERIAL_TEXT.match(text):
        return parse_date(float(text.replace(",", ".")))
    return None


def _month_end(date: dt.date) -> dt.date:
    return date.replace(day=calendar.monthrange(date.year, date.month)[1])


def lookalike_hint(value: object) -> str:
    """A Dutch sentence pointing out a character that looks like a plain letter but is not; else ''."""
    if not isinstance(value, str):
        return ""
    for char in value:
        if unicodedata.category(char) == "Cf":
            return (f" Let op: de waarde bevat een onzichtbaar teken (U+{ord(char):04X}); "
                    "typ de waarde opnieuw in plaats van haar te plakken.")
        name = unicodedata.name(char, "")
        if char.isalpha() and not name.startswith("LATIN"):
            kind = _SCRIPTS.get(name.split(" ")[0], "letter uit een ander schrift")
            return (f" Let op: '{char}' is een {kind} die op een gewone letter lijkt; "
                    "typ de waarde opnieuw in plaats van haar te plakken.")
    return ""


def skeleton(text: str) -> str:
    """What `text` looks like: without invisible characters, case folded, look-alike letters (Cyrillic 'е')
    as the Latin letter they resemble, by Unicode's confusables table. Equal skeletons read as the same ID."""
    if text.isascii():
        return text.casefold()  # the usual ID: no invisible character, no letter of another script
    text = "".join(char for char in unicodedata.normalize("NFKC", text) if unicodedata.category(char) != "Cf")
    if not text.isascii():
        for item in confusables.is_confusable(text, greedy=True, preferred_aliases=["latin"]) or ():
            if item["alias"] in ("LATIN", "COMMON"):
                continue  # a digit or sign stays itself: '1' and 'l' are different IDs
            latin = next((glyph["c"] for glyph in item["homoglyphs"] if glyph["n"].startswith("LATIN")), None)
            if latin is not None:
                text = text.replace(item["character"], latin)
    return text.casefold()


def look_alike_difference(one: str, other: str) -> str:
    """In Dutch, how two texts with the same skeleton differ: case, an invisible character, a look-alike letter."""
    def visible_only(text: str) -> str:
        return "".join(char for char in unicodedata.normalize("NFKC", text) if unicodedata.category(char) != "Cf")

    differences = []
    if visible_only(one) != one or visible_only(other) != other:
        differences.append("een onzichtbaar teken")
    one, other = visible_only(one), visible_only(other)
    if one.casefold() != other.casefold():
        differences.append("een letter uit een ander schrift die op een gewone letter lijkt")
    elif one != other:
        differences.append("hoofdletters en kleine letters")
    return " en ".join(differences) or "de schrijfwijze"
