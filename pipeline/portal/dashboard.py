"""The analyst's overview of one peildatum: the figures of `wir-monitor status` and the Datakwaliteit table as the
portal last read them from the warehouse (warehouse.py runs status_overview and quality_table), the deadline,
who is missing, and each zorgkantoor's latest verdict with its findings.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from pipeline import periods
from pipeline.cli import STATUS_HEADERS
from pipeline.portal.models import Submission, WarehouseState
from pipeline.reference import Reference

ACCEPTED = "geaccepteerd"


@dataclass
class HolderRow:
    """One zorgkantoor: its status_overview row, its regions, and its latest submission in the portal."""

    zorgkantoor: str
    status: dict  # the row of status_overview (pipeline/warehouse/status.py), as `wir-monitor status` shows it
    regions: list[tuple[str, bool]]  # (regio, delivered)
    latest: Submission | None
    findings: list = field(default_factory=list)

    @property
    def cells(self) -> list[tuple[str, object]]:
        """(header, value) in the columns of `wir-monitor status`."""
        return [(header, self.zorgkantoor if key == "zorgkantoor" else self.status.get(key, ""))
                for key, header in STATUS_HEADERS.items()]

    @property
    def missing(self) -> bool:
        """Without an accepted submission (what `wir-monitor status` counts as not complete)."""
        return not self.status.get("geaccepteerd")


@dataclass
class Overview:
    peildatum: str
    label: str
    deadline: dt.date | None
    days_left: int | None
    processed: bool  # the warehouse has figures for this peildatum
    holders: list[HolderRow]
    quality: dict | None  # the Datakwaliteit table: columns and rows
    lock: str | None
    lock_reason: str | None
    refreshed_at: dt.datetime | None

    @property
    def missing(self) -> list[HolderRow]:
        return [row for row in self.holders if row.missing]

    @property
    def complete(self) -> int:
        return len(self.holders) - len(self.missing)

    @property
    def status_headers(self) -> list[str]:
        return list(STATUS_HEADERS.values())

    @property
    def quality_rows(self) -> list[tuple[str, str, list[str]]]:
        """The Datakwaliteit table's rows for display: (label, kind, values as text)."""
        return [(row["label"], row["kind"], [_shown(value) for value in row["values"]])
                for row in (self.quality or {}).get("rows", [])]


def _shown(value) -> str:
    if value is None:
        return ""
    if isinstance(value, str) and len(value) >= 16 and value[4] == "-" and value[10] == "T":
        return f"{dt.datetime.fromisoformat(value):%d-%m-%Y %H:%M}"  # a time the table holds as a date-time
    return str(value)


def peildata(reference: Reference, today: dt.date, state: WarehouseState | None) -> list[str]:
    """The peildata to choose from, newest first: those reached, and those the warehouse has figures for."""
    reached = {key for key in reference.deadlines if periods.month_end(key) <= today}
    return sorted(reached | set(state.status if state else ()), reverse=True)


def overview(reference: Reference, peildatum: str, today: dt.date) -> Overview:
    state = WarehouseState.objects.filter(pk=1).first()
    status = (state.status.get(peildatum) if state else None) or {}
    latest: dict[str, Submission] = {}
    for submission in Submission.objects.filter(peildatum=peildatum, handed_to_pipeline=True).order_by(
            "-received_at", "-id").prefetch_related("findings"):
        latest.setdefault(submission.zorgkantoor, submission)
    holders = []
    for holder in reference.concessiehouders:
        row = status.get(holder, {})
        missing = {name.strip() for name in row.get("ontbrekende_regio_s", "-").split(",")} if row else None
        regions = [(r.regio, missing is not None and r.regio not in missing) for r in reference.regions_of(holder)]
        submission = latest.get(holder)
        holders.append(HolderRow(holder, row, regions, submission,
                                 list(submission.findings.all()) if submission else []))
    deadline = reference.deadlines.get(peildatum)
    return Overview(
        peildatum=peildatum, label=periods.long_label(peildatum), deadline=deadline,
        days_left=(deadline - today).days if deadline else None, processed=bool(status), holders=holders,
        quality=(state.quality.get(peildatum) if state else None), lock=state.locks.get(peildatum) if state else None,
        lock_reason=state.lock_reasons.get(peildatum) if state else None,
        refreshed_at=state.refreshed_at if state else None)
