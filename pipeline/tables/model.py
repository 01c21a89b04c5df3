"""A published table: labelled rows × labelled columns, with a number format per column."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from pipeline.dutch import dutch_number

COUNT = "aantal"
PERCENT = "percentage"
TEXT = "tekst"
DATETIME = "datumtijd"
AMOUNT = "bedrag"  # euros, shown whole (€ 12.500)
DATETIME_SHOWN = "%d-%m-%Y %H:%M"  # how report and previews write a date-time (the workbook: DATETIME_FORMAT)

DATA = "data"
TOTAL = "totaal"
BLOCK = "blok"  # a heading row that opens a block (Thema tables)
OUTSIDE = "buiten"  # a row shown for completeness that the Totaal leaves out (DSW in Datakwaliteit)

TOTAL_LABEL = "Totaal"

Value = int | float | str | dt.datetime | None


def percent_text(fraction: float, digits: int = 1) -> str:
    """'12,5%', rounded half up as Excel shows a fraction with a percentage format; Python's round and format
    round half to even ('12%' for 1/8). From the shortest decimal of the float, as Excel takes it too."""
    shown = (Decimal(repr(fraction)) * 100).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    return f"{shown}%".replace(".", ",")


def amount_text(euros: float) -> str:
    """'€ 12.500': whole euros, rounded half up."""
    return f"€ {dutch_number(int(Decimal(repr(euros)).quantize(Decimal(1), rounding=ROUND_HALF_UP)))}"


@dataclass(frozen=True)
class Row:
    label: str
    values: tuple[Value, ...]
    kind: str = DATA
    block: str | None = None


@dataclass(frozen=True)
class Table:
    key: str
    sheet: str
    title: str
    dimension: str  # the header's first cell
    columns: tuple[str, ...]
    formats: tuple[str, ...]
    rows: tuple[Row, ...]

    def _row(self, matches) -> Row:
        for row in self.rows:
            if matches(row):
                return row
        raise KeyError(f"{self.key}: no such row")  # StopIteration would end a caller's generator silently

    def value(self, row: str, column: str, block: str | None = None) -> Value:
        index = self.columns.index(column)
        return self._row(lambda r: r.label == row and r.block == block and r.kind != BLOCK).values[index]

    def data_rows(self, block: str | None = None) -> list[Row]:
        return [r for r in self.rows if r.kind == DATA and r.block == block]

    def total_row(self, block: str | None = None) -> Row:
        return self._row(lambda r: r.kind == TOTAL and r.block == block)

    @property
    def blocks(self) -> list[str | None]:
        return list(dict.fromkeys(r.block for r in self.rows))

    def to_frame(self) -> pd.DataFrame:
        """The table as shown: label column first, percentages as Dutch text (3,5%)."""
        def shown(value: Value, fmt: str) -> Value:
            if fmt == PERCENT and value is not None:
                return percent_text(value, 1)
            if fmt == DATETIME and value is not None:
                return f"{value:{DATETIME_SHOWN}}"
            if fmt == AMOUNT and value is not None:
                return amount_text(value)
            return "" if value is None else value

        records = [(row.label, *(shown(v, f) for v, f in zip(row.values, self.formats, strict=True)))
                   for row in self.rows]
        return pd.DataFrame(records, columns=[self.dimension, *self.columns])


def count_rows(labels: Sequence[str], columns: Sequence[str], counts: dict[tuple[str, str], int],
               block: str | None = None) -> list[Row]:
    """Rows for every label in order (also when 0) and a closing total row; counts by (label, column)."""
    rows = [Row(label, tuple(int(counts.get((label, column), 0)) for column in columns), DATA, block)
            for label in labels]
    totals = tuple(sum(int(row.values[i]) for row in rows) for i in range(len(columns)))
    return [*rows, Row(TOTAL_LABEL, totals, TOTAL, block)]
