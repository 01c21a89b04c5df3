"""Rules that compare a submission with the zorgkantoor's region list and its previous peildatum."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from pipeline.intake import layout
from pipeline.intake.findings import Finding
from pipeline.intake.messages import EXPLAIN, EXPLAINED, finding
from pipeline.periods import months_between, short_label
from pipeline.reference import Reference

PHASE_COLUMNS = {c.field: c for c in layout.REGION_COLUMNS if c.kind == "term"}
COMPLETED_STATUSES = ("AS", "ANS")
NOT_STARTED_OR_RUNNING = ("L", "NG")


@dataclass(frozen=True)
class PreviousRegion:
    peildatum: str
    phases: dict[str, str]  # field → code


@dataclass(frozen=True)
class PreviousProject:
    peildatum: str
    projectnaam: str
    projectstatus: str


@dataclass
class PreviousState:
    """What the warehouse holds for this zorgkantoor before the submission's peildatum."""

    regions: dict[str, PreviousRegion] = field(default_factory=dict)
    projects: dict[str, PreviousProject] = field(default_factory=dict)


def missing_regions(zorgkantoor: str, regions: pd.DataFrame, reference: Reference) -> list[Finding]:
    present = set(regions["regio"]) if regions is not None else set()
    return [
        finding("regio.ontbreekt", sheet=layout.SHEET_REGIOS, column="Regio", value=region.regio,
                zorgkantoor=zorgkantoor)
        for region in reference.regions_of(zorgkantoor)
        if region.regio not in present
    ]


def phase_changes(regions: pd.DataFrame, previous: PreviousState, reference: Reference, peildatum: str
                  ) -> list[Finding]:
    """A phase that drops, or rises more than one step per half year since the previous peildatum."""
    findings = []
    for row in regions.itertuples(index=False):
        before = previous.regions.get(row.regio)
        if before is None:
            continue
        half_years = max(1, round(months_between(before.peildatum, peildatum) / 6))
        for field_name, column in PHASE_COLUMNS.items():
            now, then = getattr(row, field_name), before.phases.get(field_name)
            if then is None:
                continue
            rule = "regio.fase_omlaag" if int(now) < int(then) else \
                "regio.fase_sprong" if int(now) - int(then) > half_years else None
            if rule:
                findings.append(finding(
                    rule, sheet=layout.SHEET_REGIOS, row=int(row.excel_row),
                    column=column.header, value=reference.label(column.dimensie, now),
                    previous=reference.label(column.dimensie, then), steps=int(now) - int(then),
                    previous_peildatum=short_label(before.peildatum),
                    explain=EXPLAINED if _explained(row) else EXPLAIN))
    return findings


def _explained(row) -> bool:
    """Whether the region's row carries an explanation in its Toelichting column."""
    text = getattr(row, "toelichting", None)
    return isinstance(text, str) and bool(text.strip())


def project_changes(projects: pd.DataFrame, previous: PreviousState, reference: Reference) -> list[Finding]:
    findings = []
    current = set(projects["project_id"]) if projects is not None else set()
    if projects is not None:
        # Only the three columns the rule reads, as plain lists: iterating all columns of a frame row by row
        # costs more than the rest of the rule together.
        for project_id, status, excel_row in zip(projects["project_id"].tolist(), projects["projectstatus"].tolist(),
                                                 projects["excel_row"].tolist(), strict=True):
            before = previous.projects.get(project_id)
            if before and before.projectstatus in COMPLETED_STATUSES and status in NOT_STARTED_OR_RUNNING:
                findings.append(finding(
                    "project.status_terug", sheet=layout.SHEET_PROJECTEN, row=int(excel_row),
                    column="Projectstatus", value=reference.label("projectstatus", status),
                    previous=reference.label("projectstatus", before.projectstatus),
                    previous_peildatum=short_label(before.peildatum)))
    for project_id, before in sorted(previous.projects.items()):
        if project_id not in current:
            findings.append(finding(
                "project.ontbreekt", sheet=layout.SHEET_PROJECTEN, column="Project-ID", value=project_id,
                name=before.projectnaam, previous_peildatum=short_label(before.peildatum)))
    return findings
