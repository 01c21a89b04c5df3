"""The figures the report states in words, computed in DuckDB from the conformed tables.

Every number in the summary comes from here; nothing is typed in.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import duckdb

from pipeline.clock import dutch_time
from pipeline.reference import Reference
from pipeline.tables.periods import phase_periods, previous_project_period

PHASE_DIMENSIONS = ("afspraken", "dynamiek", "visie")


@dataclass(frozen=True)
class PhaseFacts:
    dimensie: str
    top_label: str  # the highest phase of the vocabulary
    in_top: int
    in_top_before: int | None
    regions: int
    risen: int
    same: int
    fallen: int
    not_comparable: int


@dataclass(frozen=True)
class ProjectFacts:
    total: int
    total_before: int | None
    completed: int
    successful: int
    running: int
    not_started: int
    stopped: int
    successful_before: int | None
    completed_before: int | None
    new: int
    earlier: int
    top_new_label: str | None
    top_new: int
    shareable: int
    shareable_soon: int
    scalable: int
    nationally_scalable: int


@dataclass(frozen=True)
class Delivery:
    zorgkantoor: str
    delivered: bool
    in_rapportage: bool
    received_at: dt.datetime | None
    sha256: str | None


@dataclass
class ReportFacts:
    peildatum: str
    previous_phase_period: str | None
    previous_project_period: str | None
    regions: int
    regions_delivered: int
    deliveries: list[Delivery] = field(default_factory=list)
    phases: dict[str, PhaseFacts] = field(default_factory=dict)
    projects: ProjectFacts | None = None
    scope: str | None = None  # the concessiehouder of a zorgkantoor report; None: national


def _scalar(connection: duckdb.DuckDBPyConnection, sql: str, params: list) -> int:
    return connection.execute(sql, params).fetchone()[0] or 0


def _phase_facts(connection, reference: Reference, dimensie: str, peildatum: str, previous: str | None,
                 scope: str | None) -> PhaseFacts:
    top = reference.codes(dimensie)[-1]
    base = f"""FROM regions_per_peildatum WHERE in_rapportage AND peildatum = ? AND {dimensie} = ?
               AND (?::VARCHAR IS NULL OR concessiehouder = ?)"""
    in_top = _scalar(connection, f"SELECT count(*) {base}", [peildatum, top, scope, scope])
    in_top_before = _scalar(connection, f"SELECT count(*) {base}", [previous, top, scope, scope]) if previous else None
    moves = connection.execute(
        f"""SELECT count(*) FILTER (WHERE now.{dimensie}::INT > before.{dimensie}::INT),
                   count(*) FILTER (WHERE now.{dimensie}::INT = before.{dimensie}::INT),
                   count(*) FILTER (WHERE now.{dimensie}::INT < before.{dimensie}::INT),
                   count(*) FILTER (WHERE now.regio IS NULL OR before.regio IS NULL)
            FROM (SELECT regio FROM ref_regions WHERE in_rapportage
                  AND (?::VARCHAR IS NULL OR concessiehouder = ?)) r
            LEFT JOIN regions_per_peildatum now ON now.regio = r.regio AND now.peildatum = ?
            LEFT JOIN regions_per_peildatum before ON before.regio = r.regio AND before.peildatum = ?""",
        [scope, scope, peildatum, previous]).fetchone()
    regions = _scalar(connection, """SELECT count(*) FROM ref_regions WHERE in_rapportage
                                     AND (?::VARCHAR IS NULL OR concessiehouder = ?)""", [scope, scope])
    return PhaseFacts(dimensie, reference.label(dimensie, top), in_top, in_top_before, regions, *moves)


def _project_facts(connection, reference: Reference, peildatum: str, previous: str | None,
                   scope: str | None) -> ProjectFacts:
    def count(period: str | None, condition: str = "TRUE", params: tuple = ()) -> int | None:
        if period is None:
            return None
        return _scalar(connection, f"""SELECT count(*) FROM projects_per_peildatum WHERE in_rapportage
                                       AND peildatum = ? AND (?::VARCHAR IS NULL OR concessiehouder = ?)
                                       AND {condition}""", [period, scope, scope, *params])

    year = int(peildatum[:4])
    top = connection.execute(
        """SELECT hoofdrubriek, count(*) AS n FROM projects_per_peildatum
           WHERE in_rapportage AND peildatum = ? AND startjaar >= ? AND (?::VARCHAR IS NULL OR concessiehouder = ?)
           GROUP BY ALL ORDER BY n DESC, hoofdrubriek LIMIT 1""", [peildatum, year, scope, scope]).fetchone()
    completed = "projectstatus IN ('AS', 'ANS')"
    return ProjectFacts(
        total=count(peildatum), total_before=count(previous),
        completed=count(peildatum, completed), successful=count(peildatum, "projectstatus = 'AS'"),
        running=count(peildatum, "projectstatus = 'L'"), not_started=count(peildatum, "projectstatus = 'NG'"),
        stopped=count(peildatum, "projectstatus = 'VG'"),
        successful_before=count(previous, "projectstatus = 'AS'"), completed_before=count(previous, completed),
        new=count(peildatum, "startjaar >= ?", (year,)), earlier=count(peildatum, "startjaar < ?", (year,)),
        top_new_label=reference.label("hoofdrubriek", top[0]) if top else None, top_new=top[1] if top else 0,
        shareable=count(peildatum, "delen = 'J'"), shareable_soon=count(peildatum, "delen = 'NT'"),
        scalable=count(peildatum, "opschaalbaarheid IN ('JR', 'JA', 'JL')"),
        nationally_scalable=count(peildatum, "opschaalbaarheid = 'JL'"),
    )


def report_facts(connection: duckdb.DuckDBPyConnection, reference: Reference, peildatum: str,
                 scope: str | None = None) -> ReportFacts:
    """The facts of the national report, or of one concessiehouder's regions and projects (`scope`)."""
    periods = phase_periods(connection, peildatum)
    previous_phase = periods[-2] if len(periods) > 1 else None
    previous_projects = previous_project_period(connection, peildatum)
    in_force = {holder: (dutch_time(received_at), sha256) for holder, received_at, sha256 in connection.execute(
        "SELECT zorgkantoor, received_at, sha256 FROM current_submissions WHERE peildatum = ?", [peildatum]).fetchall()}
    reporting = {r.concessiehouder for r in reference.reporting_regions}
    deliveries = [Delivery(holder, holder in in_force, holder in reporting, *in_force.get(holder, (None, None)))
                  for holder in reference.concessiehouders if scope in (None, holder)]
    facts = ReportFacts(
        peildatum=peildatum, previous_phase_period=previous_phase, previous_project_period=previous_projects,
        regions=_scalar(connection, """SELECT count(*) FROM ref_regions WHERE in_rapportage
                                       AND (?::VARCHAR IS NULL OR concessiehouder = ?)""", [scope, scope]),
        regions_delivered=_scalar(connection, """SELECT count(*) FROM regions_per_peildatum WHERE in_rapportage
                                                 AND peildatum = ? AND (?::VARCHAR IS NULL OR concessiehouder = ?)""",
                                  [peildatum, scope, scope]),
        deliveries=deliveries, scope=scope,
    )
    facts.phases = {d: _phase_facts(connection, reference, d, peildatum, previous_phase, scope)
                    for d in PHASE_DIMENSIONS}
    facts.projects = _project_facts(connection, reference, peildatum, previous_projects, scope)
    return facts
