"""The data-quality table: per zorgkantoor the state of its submission for the peildatum."""

from __future__ import annotations

import duckdb

from pipeline.clock import dutch_time
from pipeline.deadlines import timeliness
from pipeline.reference import Reference
from pipeline.tables import texts
from pipeline.tables.model import COUNT, DATA, DATETIME, OUTSIDE, TEXT, TOTAL, TOTAL_LABEL, Row, Table

LATEST = """
SELECT zorgkantoor, status, received_at, errors, warnings,
       min(received_at) OVER (PARTITION BY zorgkantoor) AS first_received
FROM reported_submissions
WHERE peildatum = ? AND zorgkantoor IS NOT NULL
QUALIFY row_number() OVER (PARTITION BY zorgkantoor ORDER BY received_at DESC, submission_id DESC) = 1
"""


def quality_table(connection: duckdb.DuckDBPyConnection, reference: Reference, peildatum: str) -> Table:
    latest = {row[0]: row[1:] for row in connection.execute(LATEST, [peildatum]).fetchall()}
    in_force = dict(connection.execute(
        "SELECT zorgkantoor, received_at FROM current_submissions WHERE peildatum = ?", [peildatum]).fetchall())
    delivered = dict(connection.execute(
        "SELECT concessiehouder, count(*) FROM regions_per_peildatum WHERE peildatum = ? GROUP BY ALL",
        [peildatum]).fetchall())
    deadline = reference.deadlines.get(peildatum)
    reporting = {region.concessiehouder for region in reference.reporting_regions}
    rows = []
    for holder in reference.concessiehouders:
        expected = len(reference.regions_of(holder))
        kind = DATA if holder in reporting else OUTSIDE  # DSW: shown, but not in the Totaal
        if holder not in latest:
            rows.append(Row(holder, (texts.STATUS_MISSING, None, timeliness(None, deadline), 0, 0, 0, expected),
                            kind))
            continue
        status, received_at, errors, warnings, first_received = latest[holder]
        if holder in in_force:
            label = texts.STATUS_IN_FORCE if status == "geaccepteerd" else texts.STATUS_IN_FORCE_NEWER_REJECTED
            received_at = in_force[holder] if status == "geaccepteerd" else received_at
        else:
            label = texts.STATUS_REJECTED
        rows.append(Row(holder, (label, dutch_time(received_at), timeliness(first_received, deadline),
                                 errors, warnings, delivered.get(holder, 0), expected), kind))
    # The total of the zorgkantoren in the national tables: as they, it counts the 34 reporting regions.
    totals = tuple(sum(r.values[i] for r in rows if r.kind == DATA) for i in range(3, 7))
    rows.append(Row(TOTAL_LABEL, (None, None, None, *totals), TOTAL))
    text = texts.TEXTS["datakwaliteit"]
    return Table("datakwaliteit", text.sheet, text.title, text.dimension, texts.QUALITY_COLUMNS,
                 (TEXT, DATETIME, TEXT, COUNT, COUNT, COUNT, COUNT), tuple(rows))
