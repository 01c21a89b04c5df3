"""Signals for the analyst to cite, computed from the warehouse: which regions rose or fell a phase (with the
explanation their zorgkantoor submitted), which jumped more than one phase, and where the themes shifted.
Nationally they cover the reporting regions; for one zorgkantoor all of its own regions and projects."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from pipeline.periods import short_label
from pipeline.reference import Reference
from pipeline.report.facts import PHASE_DIMENSIONS
from pipeline.tables.periods import phase_periods, previous_project_period

PHASE_NAMES = {"afspraken": "Afspraken / convenanten", "dynamiek": "Samenwerkingsdynamiek",
               "visie": "Regiovisie"}


@dataclass(frozen=True)
class PhaseMove:
    dimensie: str
    regio: str
    zorgkantoor: str
    before: str  # phase label
    now: str
    steps: int  # positive: risen
    toelichting: str | None


@dataclass(frozen=True)
class ThemeShift:
    hoofdrubriek: str
    before: int
    now: int

    @property
    def change(self) -> int:
        return self.now - self.before


@dataclass(frozen=True)
class Signals:
    previous_phase_period: str | None
    previous_project_period: str | None
    moves: list[PhaseMove]
    shifts: list[ThemeShift]  # largest changes first

    @property
    def jumps(self) -> list[PhaseMove]:
        return [m for m in self.moves if abs(m.steps) > 1]

    @property
    def previous_phase_label(self) -> str:
        return short_label(self.previous_phase_period) if self.previous_phase_period else "de vorige peildatum"


def _moves(connection: duckdb.DuckDBPyConnection, reference: Reference, peildatum: str, previous: str,
           scope: str | None) -> list[PhaseMove]:
    moves = []
    for dimensie in PHASE_DIMENSIONS:
        rows = connection.execute(
            f"""SELECT now.regio, now.concessiehouder, before.{dimensie}, now.{dimensie},
                       now.{dimensie}::INT - before.{dimensie}::INT AS steps, now.toelichting
                FROM regions_per_peildatum now
                JOIN regions_per_peildatum before ON before.regio = now.regio AND before.peildatum = ?
                WHERE now.peildatum = ? AND (now.in_rapportage OR ?::VARCHAR IS NOT NULL)
                  AND now.{dimensie} <> before.{dimensie}
                  AND (?::VARCHAR IS NULL OR now.concessiehouder = ?)
                ORDER BY steps DESC, now.region_order""", [previous, peildatum, scope, scope, scope]).fetchall()
        for regio, holder, before, now, steps, toelichting in rows:
            moves.append(PhaseMove(dimensie, regio, holder, reference.label(dimensie, before),
                                   reference.label(dimensie, now), steps, (toelichting or "").strip() or None))
    return moves


def _shifts(connection: duckdb.DuckDBPyConnection, reference: Reference, peildatum: str, previous: str,
            scope: str | None, limit: int) -> list[ThemeShift]:
    counts = dict(((code, period), n) for code, period, n in connection.execute(
        """SELECT hoofdrubriek, peildatum, count(*) FROM projects_per_peildatum
           WHERE (in_rapportage OR ?::VARCHAR IS NOT NULL) AND peildatum IN (?, ?)
             AND (?::VARCHAR IS NULL OR concessiehouder = ?)
           GROUP BY ALL""", [scope, peildatum, previous, scope, scope]).fetchall())
    shifts = [ThemeShift(term.label, counts.get((term.code, previous), 0), counts.get((term.code, peildatum), 0))
              for term in reference.vocabulary("hoofdrubriek")]
    changed = [s for s in shifts if s.change]
    return sorted(changed, key=lambda s: (-abs(s.change), s.hoofdrubriek))[:limit]


def signals(connection: duckdb.DuckDBPyConnection, reference: Reference, peildatum: str,
            scope: str | None = None, theme_limit: int = 3) -> Signals:
    periods = phase_periods(connection, peildatum)
    previous_phase = periods[-2] if len(periods) > 1 else None
    previous_projects = previous_project_period(connection, peildatum)
    moves = _moves(connection, reference, peildatum, previous_phase, scope) if previous_phase else []
    shifts = _shifts(connection, reference, peildatum, previous_projects, scope, theme_limit) \
        if previous_projects else []
    return Signals(previous_phase, previous_projects, moves, shifts)
