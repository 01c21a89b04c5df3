"""Published tables in the warehouse (one row per cell), so report and analysts read the same numbers."""

from __future__ import annotations

import duckdb
import pandas as pd

from pipeline.tables.model import COUNT, PERCENT, TEXT, Row, Table
from pipeline.warehouse.connection import transaction

COLUMNS = ["peildatum", "table_key", "sheet", "title", "dimension", "row_no", "row_label", "row_kind", "block",
           "col_no", "col_label", "col_format", "number", "text"]


def _cells(peildatum: str, table: Table) -> list[tuple]:
    cells = []
    for row_no, row in enumerate(table.rows):
        for col_no, (label, fmt) in enumerate(zip(table.columns, table.formats, strict=True)):
            value = row.values[col_no]
            number = float(value) if fmt != TEXT and value is not None else None
            text = str(value) if fmt == TEXT and value is not None else None
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
    if number is None or number != number:
        return None
    return int(number) if fmt == COUNT else float(number) if fmt == PERCENT else number


def load_tables(connection: duckdb.DuckDBPyConnection, peildatum: str, keys: list[str] | None = None
                ) -> dict[str, Table]:
    """The stored tables of a peildatum by key (all, or the given keys)."""
    frame = connection.execute(
        f"""SELECT * FROM published_tables WHERE peildatum = ?
            {'AND table_key IN (SELECT unnest(?::VARCHAR[]))' if keys is not None else ''}
            ORDER BY table_key, row_no, col_no""", [peildatum, keys] if keys is not None else [peildatum]).df()
    frame = frame.astype(object).where(frame.notna(), None)
    tables = {}
    for key, cells in frame.groupby("table_key", sort=False):
        first = cells.iloc[0]
        columns = cells.drop_duplicates("col_no").sort_values("col_no")
        rows = []
        for _, row_cells in cells.groupby("row_no", sort=True):
            head = row_cells.iloc[0]
            rows.append(Row(head["row_label"], tuple(_value(c.col_format, c.number, c.text)
                                                     for c in row_cells.itertuples()), head["row_kind"],
                            head["block"]))
        tables[key] = Table(key, first["sheet"], first["title"], first["dimension"], tuple(columns["col_label"]),
                            tuple(columns["col_format"]), tuple(rows))
    return tables
