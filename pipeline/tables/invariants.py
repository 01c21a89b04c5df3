"""Invariants that catch silent errors in the tables, checked against independent warehouse counts."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from pipeline.periods import short_label
from pipeline.tables.model import COUNT, Table
from pipeline.tables.periods import project_periods

PROJECT_DISTRIBUTIONS = ("betrokkenheid", "projectstatus", "impact", "delen", "opschaalbaarheid")
CROSSTABS = ("rubriek_x_concessiehouder", "opschaalbaarheid_x_rubriek", "nieuwe_projecten")


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


def margin_violations(tables: dict[str, Table], projects: int) -> list[Violation]:
    """Row totals, column totals and the grand total of each crosstab agree with each other and the count."""
    found = []
    for key in CROSSTABS:
        table = tables[key]
        total_index = len(table.columns) - 1 if key != "nieuwe_projecten" else None
        for column, data_sum, total in _column_sums(table):
            if data_sum != total:
                found.append(Violation(key, f"kolom {column}", total, data_sum))
        if total_index is not None:
            for row in [*table.data_rows(), table.total_row()]:
                if sum(row.values[:total_index]) != row.values[total_index]:
                    found.append(Violation(key, f"rij {row.label}", row.values[total_index],
                                           sum(row.values[:total_index])))
            grand = table.total_row().values[total_index]
        else:
            new_total = next(i for i, c in enumerate(table.columns) if c.startswith("Totaal"))
            grand = table.total_row().values[new_total] + table.total_row().values[new_total + 2]
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
