"""Invariants that catch silent errors in the tables, checked against independent warehouse counts."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from pipeline.periods import short_label
from pipeline.tables.model import COUNT, Table
from pipeline.tables.periods import project_periods

PROJECT_DISTRIBUTIONS = ("betrokkenheid", "projectstatus", "impact", "delen", "opschaalbaarheid")


@dataclass(frozen=True)
class Violation:
    table: str
    where: str
    found: float
    expected: float

    def as_dict(self) -> dict:
        return {"tabel": self.table, "plaats": self.where, "gevonden": self.found, "verwacht": self.expected}


def reporting_region_count(connection: duckdb.DuckDBPyConnection) -> int:
    return connection.execute("SELECT count(*) FROM ref_regions WHERE in_rapportage").fetchone()[0]


def project_count(connection: duckdb.DuckDBPyConnection, peildatum: str) -> int:
    return connection.execute(
        "SELECT count(*) FROM projects_per_peildatum WHERE in_rapportage AND peildatum = ?", [peildatum]).fetchone()[0]


def _column_sums(table: Table, block: str | None = None) -> list[tuple[str, int, int]]:
    """(column, sum of data rows, total row) for every count column."""
    data, total = table.data_rows(block), table.total_row(block)
    return [(column, sum(r.values[i] for r in data), total.values[i])
            for i, column in enumerate(table.columns) if table.formats[i] == COUNT]


def phase_violations(tables: list[Table], regions: int) -> list[Violation]:
    """Every column of a phase table counts every reporting region exactly once."""
    found = []
    for table in tables:
        for column, data_sum, total in _column_sums(table):
            if data_sum != regions:
                found.append(Violation(table.key, f"{column}: som van de fasen", data_sum, regions))
            if total != regions:
                found.append(Violation(table.key, f"{column}: Totaal", total, regions))
    return found


# Per crosstab the conformed columns its rows and columns count by, to count the margins independently.
CROSSTAB_MARGINS = {
    "rubriek_x_concessiehouder": ("hoofdrubriek_label", "rapportagegroep"),
    "opschaalbaarheid_x_rubriek": ("hoofdrubriek_label", "opschaalbaarheid_label"),
    "nieuwe_projecten": ("hoofdrubriek_label", None),
}


def _margins(connection: duckdb.DuckDBPyConnection, peildatum: str) -> dict[str, dict[str, int]]:
    """Projects of the peildatum per value of each conformed column of CROSSTAB_MARGINS, in one query."""
    columns = sorted({c for pair in CROSSTAB_MARGINS.values() for c in pair if c})
    sets = ", ".join(f"({c})" for c in columns)
    margins: dict[str, dict[str, int]] = {c: {} for c in columns}
    for row in connection.execute(
            f"""SELECT {', '.join(columns)}, count(*) FROM projects_per_peildatum
                WHERE in_rapportage AND peildatum = ? GROUP BY GROUPING SETS ({sets})""", [peildatum]).fetchall():
        *values, count = row
        column = next(c for c, v in zip(columns, values, strict=True) if v is not None)
        margins[column][values[columns.index(column)]] = count
    return margins


def margin_violations(connection: duckdb.DuckDBPyConnection, tables: dict[str, Table], peildatum: str
                      ) -> list[Violation]:
    """Each crosstab adds up (cells to totals) and its margins equal independent counts of the projects:
    per row label, per column label and in all."""
    projects = project_count(connection, peildatum)
    margins = _margins(connection, peildatum)
    found = []
    for key, (row_column, column_column) in CROSSTAB_MARGINS.items():
        table = tables[key]
        by_row = margins[row_column]
        for column, data_sum, total in _column_sums(table):
            if data_sum != total:
                found.append(Violation(key, f"kolom {column}", total, data_sum))
        if key == "nieuwe_projecten":  # new start years and all earlier ones: every project once
            new_total = next(i for i, c in enumerate(table.columns) if c.startswith("Totaal"))
            row_totals = {r.label: r.values[new_total] + r.values[new_total + 2] for r in table.data_rows()}
            grand = table.total_row().values[new_total] + table.total_row().values[new_total + 2]
        else:
            total_index = len(table.columns) - 1
            for row in [*table.data_rows(), table.total_row()]:
                if sum(row.values[:total_index]) != row.values[total_index]:
                    found.append(Violation(key, f"rij {row.label}", row.values[total_index],
                                           sum(row.values[:total_index])))
            row_totals = {r.label: r.values[total_index] for r in table.data_rows()}
            by_column = margins[column_column]
            for index, column in enumerate(table.columns[:total_index]):
                if table.total_row().values[index] != by_column.get(column, 0):
                    found.append(Violation(key, f"kolom {column}: projecten", table.total_row().values[index],
                                           by_column.get(column, 0)))
            grand = table.total_row().values[total_index]
        for label, total in row_totals.items():
            if total != by_row.get(label, 0):
                found.append(Violation(key, f"rij {label}: projecten", total, by_row.get(label, 0)))
        if grand != projects:
            found.append(Violation(key, "eindtotaal", grand, projects))
    return found


def project_count_violations(connection: duckdb.DuckDBPyConnection, tables: dict[str, Table],
                             peildatum: str) -> list[Violation]:
    """Every distribution counts all projects of each of its peildata."""
    expected = {short_label(p): project_count(connection, p) for p in project_periods(connection, peildatum)}
    found = []
    for key in PROJECT_DISTRIBUTIONS:
        table = tables[key]
        for column, value in zip(table.columns, table.total_row().values, strict=True):
            if value != expected.get(column):
                found.append(Violation(key, f"Totaal {column}", value, expected.get(column, 0)))
    return found


def theme_violations(connection: duckdb.DuckDBPyConnection, themes: list[Table], peildatum: str) -> list[Violation]:
    """Each block of a theme profile counts every project of that hoofdrubriek."""
    periods = project_periods(connection, peildatum)
    found = []
    for table in themes:
        code = table.key.removeprefix("thema_")
        for period in periods:
            expected = connection.execute(
                """SELECT count(*) FROM projects_per_peildatum
                   WHERE in_rapportage AND peildatum = ? AND hoofdrubriek = ?""", [period, code]).fetchone()[0]
            column = table.columns.index(short_label(period))
            for block in table.blocks:
                total = table.total_row(block).values[column]
                if total != expected:
                    found.append(Violation(table.key, f"{block} {short_label(period)}", total, expected))
    return found
