"""Trends over every peildatum up to this one: the course of the programme on one page.

Computed from the conformed tables, independently of the published phase and project tables, so that a
test can hold each column against the table of its own peildatum.
"""

from __future__ import annotations

import duckdb

from pipeline.periods import short_label
from pipeline.reference import Reference
from pipeline.tables import texts
from pipeline.tables.model import COUNT, PERCENT, Row, Table, count_rows

PHASES = ("afspraken", "dynamiek", "visie")


def _table(key: str, columns: list[str], fmt: str, rows: list[Row]) -> Table:
    text = texts.TEXTS[key]
    return Table(key, text.sheet, text.title, text.dimension, tuple(columns), (fmt,) * len(columns), tuple(rows))


def _periods(connection: duckdb.DuckDBPyConnection, table: str, peildatum: str) -> list[str]:
    """Every earlier peildatum with data in `table`, and this one always (as the phase tables show it)."""
    earlier = connection.execute(
        f"SELECT DISTINCT peildatum FROM {table} WHERE in_rapportage AND peildatum < ? ORDER BY peildatum",
        [peildatum]).fetchall()
    return [*(row[0] for row in earlier), peildatum]


def highest_phase_trend(connection: duckdb.DuckDBPyConnection, reference: Reference, peildatum: str) -> Table:
    """Per dimension the share of all reporting regions in its highest phase, for every peildatum with phases.

    The denominator is every reporting region, as the Totaal of the phase tables (a region that did not
    deliver counts as not in the highest phase).
    """
    periods = _periods(connection, "regions_per_peildatum", peildatum)
    regions = len(reference.reporting_regions)
    highest = {d: reference.codes(d)[-1] for d in PHASES}
    counts = {
        (dimensie, period): n
        for period, *row in connection.execute(
            f"""SELECT peildatum, {', '.join(f"count(*) FILTER (WHERE {d} = '{highest[d]}')" for d in PHASES)}
                FROM regions_per_peildatum WHERE in_rapportage AND peildatum IN (SELECT unnest(?::VARCHAR[]))
                GROUP BY peildatum""", [periods]).fetchall()
        for dimensie, n in zip(PHASES, row, strict=True)
    }
    rows = [Row(f"{texts.PHASE_COLUMNS[d]}: {reference.label(d, highest[d])}",
                tuple(counts.get((d, p), 0) / regions if regions else 0.0 for p in periods))
            for d in PHASES]
    return _table("trend_fasen", [short_label(p) for p in periods], PERCENT, rows)


def status_trend(connection: duckdb.DuckDBPyConnection, reference: Reference, peildatum: str) -> Table:
    """Projects of reporting regions per status, for every peildatum with projects."""
    periods = _periods(connection, "projects_per_peildatum", peildatum)
    counts = {(reference.label_or_none("projectstatus", code), short_label(period)): n
              for period, code, n in connection.execute(
                  """SELECT peildatum, projectstatus, count(*) FROM projects_per_peildatum
                     WHERE in_rapportage AND peildatum <= ? GROUP BY ALL""", [peildatum]).fetchall()}
    columns = [short_label(p) for p in periods]
    return _table("trend_projectstatus", columns, COUNT,
                  count_rows(reference.labels("projectstatus"), columns, counts))
