"""The one registry of figures the analysts' text may cite: cells of the published tables of a peildatum.

The tables are read from `published_tables`, the same rows the workbook and the report's tables show, so a
figure in a sentence can never disagree with its table. Labels match as the intake matches them (case,
spaces, NBSP); a wrong name is answered with the nearest valid ones.
"""

from __future__ import annotations

import difflib

from pipeline.periods import short_label
from pipeline.reference.keys import match_key
from pipeline.report.formatting import nl_int, nl_percent, share
from pipeline.tables.model import AMOUNT, BLOCK, COUNT, PERCENT, TOTAL, Table, amount_text

NOW, PREVIOUS = "nu", "vorige"
NO_VALUE = "–"  # "vorige" at the first peildatum of a table


class FigureError(Exception):
    """A name in an expression that the tables do not have; the message is Dutch and names alternatives."""


def nearest(name: str, candidates: list[str], limit: int = 3) -> str:
    """'bedoelt u "Visie" of "Dynamiek"?' from the candidates closest to `name` (or the first few)."""
    keyed = {match_key(c): c for c in candidates}
    close = difflib.get_close_matches(match_key(name), list(keyed), n=limit, cutoff=0.5)
    chosen = [keyed[c] for c in close] or candidates[:limit]
    shown = " of ".join(f'"{c}"' for c in chosen)
    return f"bedoelt u {shown}?" if close else f"geldig zijn bijvoorbeeld {shown}."


class Registry:
    """The published tables of one peildatum, looked up by sheet name, row label and column label."""

    def __init__(self, tables: dict[str, Table], peildatum: str):
        self.tables = tables
        self.peildatum = peildatum
        self._by_sheet = {match_key(t.sheet): t for t in tables.values()}

    @property
    def sheets(self) -> list[str]:
        return [t.sheet for t in self.tables.values()]

    def table(self, sheet: str) -> Table:
        found = self._by_sheet.get(match_key(sheet))
        if found is None:
            raise FigureError(f'tabblad "{sheet}" bestaat niet; {nearest(sheet, self.sheets)}')
        return found

    def column(self, table: Table, column: str) -> str | None:
        periods = [c for c in table.columns if _is_period(c)]
        if match_key(column) in (NOW, PREVIOUS):
            now = short_label(self.peildatum)
            if now not in periods:
                raise FigureError(f'tabblad "{table.sheet}" heeft geen kolom per peildatum, dus geen "{column}"; '
                                  f"{nearest(column, list(table.columns))}")
            if match_key(column) == NOW:
                return now
            before = periods[:periods.index(now)]
            return before[-1] if before else None  # the first peildatum: no earlier figure, shown as NO_VALUE
        for label in table.columns:
            if match_key(label) == match_key(column):
                return label
        raise FigureError(f'kolom "{column}" bestaat niet in tabblad "{table.sheet}"; '
                          f"{nearest(column, [*table.columns, NOW, PREVIOUS] if periods else list(table.columns))}")

    def row(self, table: Table, row: str, block: str | None):
        blocks = [b for b in table.blocks if b is not None]
        if blocks and block is None:
            raise FigureError(f'tabblad "{table.sheet}" heeft blokken ({", ".join(blocks)}): noem het blok, '
                              f'bijvoorbeeld cel("{table.sheet}", "{row}", "nu", blok="{blocks[0]}")')
        if block is not None:
            matched = [b for b in blocks if match_key(b) == match_key(block)]
            if not matched:
                raise FigureError(f'blok "{block}" bestaat niet in tabblad "{table.sheet}"; {nearest(block, blocks)}')
            block = matched[0]
        rows = [r for r in table.rows if r.block == block and r.kind != BLOCK]
        for candidate in rows:
            if match_key(candidate.label) == match_key(row):
                return candidate
        raise FigureError(f'rij "{row}" bestaat niet in tabblad "{table.sheet}"; '
                          f"{nearest(row, [r.label for r in rows])}")

    def value(self, sheet: str, row: str, column: str, block: str | None = None):
        table = self.table(sheet)
        label = self.column(table, column)
        found = self.row(table, row, block)
        if label is None:
            return None, None, table, None, found
        index = table.columns.index(label)
        return found.values[index], table.formats[index], table, label, found

    def cel(self, sheet: str, row: str, column: str, blok: str | None = None) -> str:
        value, fmt, *_ = self.value(sheet, row, column, blok)
        if fmt is None:
            return NO_VALUE
        if fmt == COUNT:
            return nl_int(value)
        if fmt == PERCENT:
            return nl_percent(value, 1)
        if fmt == AMOUNT:
            return "" if value is None else amount_text(value)
        return "" if value is None else str(value)

    def aandeel(self, sheet: str, row: str, column: str, blok: str | None = None) -> str:
        value, fmt, table, label, found = self.value(sheet, row, column, blok)
        if fmt is None:
            return NO_VALUE
        if fmt != COUNT:
            raise FigureError(f'kolom "{label}" van tabblad "{table.sheet}" bevat geen aantallen; aandeel() '
                              "rekent alleen met aantallen")
        total = next((r for r in table.rows if r.kind == TOTAL and r.block == found.block), None)
        if total is None:
            raise FigureError(f'tabblad "{table.sheet}" heeft geen Totaal-rij om een aandeel van te nemen')
        return nl_percent(share(value or 0, total.values[table.columns.index(label)] or 0))


def _is_period(label: str) -> bool:
    month, _, year = label.partition("-")
    return len(year) == 2 and year.isdigit() and month.isalpha() and len(month) == 3
