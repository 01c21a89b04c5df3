"""The conformed per-peildatum tables: the version in force, joined with the reference data."""

from __future__ import annotations

from collections.abc import Iterable

import duckdb

from pipeline.warehouse.connection import transaction

_LABEL = "(SELECT label FROM ref_vocabulary v WHERE v.dimensie = '{d}' AND v.code = x.{d})"

REGIONS_SQL = f"""
INSERT INTO regions_per_peildatum
SELECT s.peildatum, x.regio, r.zorgkantoorregio, r.concessiehouder, r.rapportagegroep, r.in_rapportage,
       r.region_order,
       x.afspraken, {_LABEL.format(d="afspraken")},
       x.dynamiek, {_LABEL.format(d="dynamiek")},
       x.visie, {_LABEL.format(d="visie")},
       x.toelichting, s.submission_id
FROM current_submissions s
JOIN submission_regions x USING (submission_id)
JOIN ref_regions r ON r.regio = x.regio
WHERE s.peildatum = $peildatum
ORDER BY r.region_order
"""

PROJECTS_SQL = f"""
INSERT INTO projects_per_peildatum
SELECT s.peildatum, s.zorgkantoor, x.project_id, x.projectnaam, x.regio, r.zorgkantoorregio,
       r.rapportagegroep, r.in_rapportage,
       x.hoofdrubriek, {_LABEL.format(d="hoofdrubriek")},
       x.startjaar,
       x.projectstatus, {_LABEL.format(d="projectstatus")},
       x.aantal_betrokken,
       x.impact, {_LABEL.format(d="impact")},
       x.delen, {_LABEL.format(d="delen")},
       x.opschaalbaarheid, {_LABEL.format(d="opschaalbaarheid")},
       x.begroting, x.toelichting, s.submission_id
FROM current_submissions s
JOIN submission_projects x USING (submission_id)
JOIN ref_regions r ON r.regio = x.regio
WHERE s.peildatum = $peildatum
ORDER BY s.zorgkantoor, x.project_id
"""


TABLES = {"regions_per_peildatum": REGIONS_SQL, "projects_per_peildatum": PROJECTS_SQL}


def rebuild(connection: duckdb.DuckDBPyConnection, peildatum: str, tables: Iterable[str] = tuple(TABLES)
            ) -> dict[str, int]:
    """Replace one peildatum of the conformed tables (both unless named) in one transaction; returns the row
    count of each."""
    tables = list(tables)
    with transaction(connection):
        for table in tables:
            connection.execute(f"DELETE FROM {table} WHERE peildatum = ?", [peildatum])
            connection.execute(TABLES[table], {"peildatum": peildatum})
    return {table: connection.execute(f"SELECT count(*) FROM {table} WHERE peildatum = ?", [peildatum]).fetchone()[0]
            for table in tables}
