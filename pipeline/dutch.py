"""Dutch text for every message a user reads: numbers (25.000; 1.500,50; -250,75) and lists ('a, b en c').

A neutral module, so that intake and warehouse do not depend on the report package for their wording.
"""

from __future__ import annotations

import math
from decimal import Decimal

import numpy as np


def dutch_number(value: int | float | Decimal, *, grouped: bool = True, cents: bool = False) -> str:
    """`value` with a decimal comma and, if `grouped`, thousands dots; every significant decimal is kept.

    `grouped=False` for a year (2019, never 2.019) and for a number as Excel's General format shows it;
    `cents` shows a fraction of an amount with at least two decimals (1.500,50).
    """
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value)
        # The shortest text that reads back as this float, never in exponent notation (1e+16).
        text = np.format_float_positional(value, trim="-")
    elif isinstance(value, Decimal):
        text = format(value, "f")
    else:
        text = str(int(value))
    sign, digits = ("-", text[1:]) if text.startswith("-") else ("", text)
    units, _, fraction = digits.partition(".")
    fraction = fraction.rstrip("0")
    if grouped:
        units = f"{int(units):,}".replace(",", ".")
    if cents and fraction:
        fraction = fraction.ljust(2, "0")
    return sign + units + (f",{fraction}" if fraction else "")


def dutch_list(items: list[str]) -> str:
    """'a, b en c'."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} en {items[-1]}"
