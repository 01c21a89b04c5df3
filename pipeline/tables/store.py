"""Published tables in the warehouse (one row per cell), so report and analysts read the same numbers."""

from __future__ import annotations

import datetime as dt
import itertools

import duckdb
import pandas as pd

from pipeline.tables.model import COUNT, DATETIME, PERCENT, TEXT, Row, Table
from pipeline.warehouse.connection import transaction

COLUMNS = ["peildatum", "table_key", "sheet", "title", "dimension", "row_no", "row_label", "row_kind", "block",
           "col_no", "col_label", "col_format", "number", "text"]


def _cells(peildatum: str, table: Table) -> list[tuple]:
    cells = []
    for row_no, row in enumerate(table.rows):
        for col_no, (label, fmt) in enumerate(zip(table.columns, table.formats, strict=True)):
            value = row.values[col_no]
            number = float(value) if fmt not in (TEXT, DATETIME) and value is not None else None
            text = None if value is None else value.isoformat(sep=" ") if fmt == DATETIME \
                else str(value) if fmt == TEXT else None
            cells.append((peildatum, table.key, table.sheet, table.title, table.dimension, row_no, row.label,
                          row.kind, row.block, col_no, label, fmt, number, text))
    return cells


def store_tables(connection: duckdb.DuckDBPyConnection, peildatum: str, tables: list[Table]) -> int:
    """Replace these tables of the peildatum in one transaction; returns the number of cells."""
    frame = pd.DataFrame([cell for table in tables for cell in _cells(peildatum, table)], columns=COLUMNS)
    with transaction(connection):
        connection.execute(
            "DELETE FROM published_tables WHERE peildatum = ? AND table_key IN (SELECT unnest(?::VARCHAR[]))",
            [peildatum, [t.key for t in tables]])
        connection.register("new_cells", frame)
        connection.execute("INSERT INTO published_tables SELECT * FROM new_cells")
        connection.unregister("new_cells")
    return len(frame)


def _value(fmt: str, number: float | None, text: str | None):
    if fmt == TEXT:
        return text
    if fmt == DATETIME:
        return None if text is None else dt.datetime.fromisoformat(text)
    if number is None or number != number:
        return None
    return int(number) if fmt == COUNT else float(number) if fmt == PERCENT else number


def load_tables(connection: duckdb.DuckDBPyConnection, peildatum: str, keys: list[str] | None = None
                ) -> dict[str, Table]:
    """The stored tables of a peildatum by key (all, or the given keys)."""
    cells = connection.execute(
        f"""SELECT table_key, sheet, title, dimension, row_no, row_label, row_kind, block, col_no, col_label,
                   col_format, number, text
            FROM published_tables WHERE peildatum = ?
            {'AND table_key IN (SELECT unnest(?::VARCHAR[]))' if keys is not None else ''}
            ORDER BY table_key, row_no, col_no""", [peildatum, keys] if keys is not None else [peildatum]).fetchall()
    tables = {}
    # Plain tuples, grouped in one pass: the cells arrive sorted by table, row and column.
    for key, table_cells in itertools.groupby(cells, key=lambda cell: cell[0]):
        table_cells = list(table_cells)
        _, sheet, title, dimension = table_cells[0][:4]
        columns: dict[int, tuple[str, str]] = {}
        rows = []
        for _, row_cells in itertools.groupby(table_cells, key=lambda cell: cell[4]):
            row_cells = list(row_cells)
            for cell in row_cells:
                columns.setdefault(cell[8], (cell[9], cell[10]))
            head = row_cells[0]
            rows.append(Row(head[5], tuple(_value(cell[10], cell[11], cell[12]) for cell in row_cells), head[6],
                            head[7]))
        ordered = [columns[col_no] for col_no in sorted(columns)]
        tables[key] = Table(key, sheet, title, dimension, tuple(label for label, _ in ordered),
                            tuple(fmt for _, fmt in ordered), tuple(rows))
    return tables
