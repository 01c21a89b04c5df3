"""A page per reporting region: its phases over every peildatum, its explanations and its projects.

The report shows one per region (linked from Bijlage 1); each zorgkantoor report shows its own regions.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from pipeline.reference import Reference
from pipeline.tables.project_export import project_rows

PROJECT_FIELDS = ("Project-ID", "Projectnaam", "Hoofdrubriek", "Projectstatus", "Mate van impact",
                  "Opschaalbaarheid", "Startjaar", "Begroting (EUR)")


@dataclass(frozen=True)
class RegionPeriod:
    """What the region's zorgkantoor submitted for one peildatum."""

    peildatum: str
    zorgkantoor: str
    phases: dict[str, int]  # dimensie -> phase number, for the chart
    labels: dict[str, str]  # dimensie -> full phase label
    toelichting: str | None


@dataclass(frozen=True)
class RegionPage:
    regio: str
    zorgkantoorregio: str
    concessiehouder: str
    rapportagegroep: str
    history: tuple[RegionPeriod, ...]  # oldest first, up to and including the peildatum
    projects: pd.DataFrame  # PROJECT_FIELDS of the peildatum's projects

    @property
    def explanations(self) -> list[RegionPeriod]:
        return [period for period in self.history if period.toelichting]


_HISTORY = """
SELECT x.regio, x.peildatum, s.zorgkantoor, x.afspraken, x.afspraken_label, x.dynamiek, x.dynamiek_label,
       x.visie, x.visie_label, x.toelichting
FROM regions_per_peildatum x JOIN submissions s USING (submission_id)
WHERE x.in_rapportage AND x.peildatum <= ?
ORDER BY x.regio, x.peildatum
"""
DIMENSIONS = ("afspraken", "dynamiek", "visie")


def region_pages(connection: duckdb.DuckDBPyConnection, reference: Reference, peildatum: str,
                 scope: str | None = None) -> list[RegionPage]:
    """Every reporting region (of concessiehouder `scope`) in the order of regios.csv."""
    history: dict[str, list[RegionPeriod]] = {}
    for regio, period, zorgkantoor, *phases, toelichting in connection.execute(_HISTORY, [peildatum]).fetchall():
        codes, labels = phases[0::2], phases[1::2]
        history.setdefault(regio, []).append(RegionPeriod(
            period, zorgkantoor, {d: int(c) for d, c in zip(DIMENSIONS, codes, strict=True)},
            dict(zip(DIMENSIONS, labels, strict=True)), toelichting))
    projects = project_rows(connection, peildatum)
    pages = []
    for region in reference.reporting_regions:
        if scope not in (None, region.concessiehouder):
            continue
        own = projects[projects["Regio"] == region.regio]
        pages.append(RegionPage(region.regio, region.zorgkantoorregio, region.concessiehouder,
                                region.rapportagegroep, tuple(history.get(region.regio, [])),
                                own[list(PROJECT_FIELDS)].reset_index(drop=True)))
    return pages
