"""The conformed per-peildatum tables: the version in force, joined with the reference data."""

from __future__ import annotations

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


def rebuild(connection: duckdb.DuckDBPyConnection, peildatum: str) -> tuple[int, int]:
    """Replace one peildatum of both conformed tables in one transaction; returns their row counts (regions,
    projects)."""
    with transaction(connection):
        for table, insert in (("regions_per_peildatum", REGIONS_SQL), ("projects_per_peildatum", PROJECTS_SQL)):
            connection.execute(f"DELETE FROM {table} WHERE peildatum = ?", [peildatum])
            connection.execute(insert, {"peildatum": peildatum})
    return connection.execute(
        """SELECT (SELECT count(*) FROM regions_per_peildatum WHERE peildatum = $p),
                  (SELECT count(*) FROM projects_per_peildatum WHERE peildatum = $p)""", {"p": peildatum}).fetchone()
