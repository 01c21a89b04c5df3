"""The phase tables (afspraken, dynamiek, visie) and the per-region overview (Bijlage 1)."""

from __future__ import annotations

import duckdb

from pipeline.periods import short_label
from pipeline.reference import Reference
from pipeline.tables import texts
from pipeline.tables.model import COUNT, TEXT, Row, Table, count_rows
from pipeline.tables.periods import phase_periods

PHASE_COUNTS = """
SELECT p.peildatum, coalesce(x.{dimensie}, '') AS code, count(*) AS n
FROM (SELECT unnest($periods::VARCHAR[]) AS peildatum) p
CROSS JOIN (SELECT regio FROM ref_regions WHERE in_rapportage
            AND ($scope::VARCHAR IS NULL OR concessiehouder = $scope)) r
LEFT JOIN regions_per_peildatum x ON x.peildatum = p.peildatum AND x.regio = r.regio
GROUP BY ALL
"""


def phase_table(connection: duckdb.DuckDBPyConnection, reference: Reference, dimensie: str,
                peildatum: str, scope: str | None = None) -> Table:
    """Reporting regions (of one concessiehouder: `scope`) per phase for the last peildata.

    A region without data for a peildatum is 'Niet aangeleverd'.
    """
    periods = phase_periods(connection, peildatum)
    columns = [short_label(p) for p in periods]
    counts: dict[tuple[str, str], int] = {}
    for period, code, n in connection.execute(PHASE_COUNTS.format(dimensie=dimensie),
                                              {"periods": periods, "scope": scope}).fetchall():
        # A code outside the vocabulary lands in no row; the phase-sum check then reports it.
        label = reference.label_or_none(dimensie, code) if code else texts.NOT_DELIVERED
        counts[(label, short_label(period))] = counts.get((label, short_label(period)), 0) + n
    labels = reference.labels(dimensie)
    if any(counts.get((texts.NOT_DELIVERED, c), 0) for c in columns):
        labels = [*labels, texts.NOT_DELIVERED]
    text = texts.TEXTS[dimensie]
    return Table(dimensie, text.sheet, text.title, text.dimension, tuple(columns), (COUNT,) * len(columns),
                 tuple(count_rows(labels, columns, counts)))


def region_overview(connection: duckdb.DuckDBPyConnection, reference: Reference, peildatum: str,
                    scope: str | None = None) -> Table:
    """Every reporting region in reference order with its full phase labels (Bijlage 1)."""
    found = {
        regio: labels for regio, *labels in connection.execute(
            """SELECT regio, afspraken_label, dynamiek_label, visie_label FROM regions_per_peildatum
               WHERE peildatum = ? AND in_rapportage""", [peildatum]).fetchall()
    }
    missing = [texts.NOT_DELIVERED] * len(texts.PHASE_COLUMNS)
    rows = tuple(
        Row(region.regio, (region.zorgkantoorregio, *found.get(region.regio, missing)))
        for region in reference.reporting_regions if scope in (None, region.concessiehouder)
    )
    columns = ("Zorgkantoorregio", *texts.PHASE_COLUMNS.values())
    text = texts.TEXTS["regios"]
    return Table("regios", text.sheet, text.title, text.dimension, columns, (TEXT,) * len(columns), rows)
