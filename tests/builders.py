"""Build submission workbooks in tests, straight from the contract (not via our template writer)."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook

from pipeline.intake import layout
from pipeline.intake.receipts import declare_received
from pipeline.reference.keys import match_key

REGION_HEADERS = [c.header for c in layout.REGION_COLUMNS]
PROJECT_HEADERS = [c.header for c in layout.PROJECT_COLUMNS]


def _canonical(header: str) -> str:
    """The contract header a written header stands for (so records can stay keyed by the contract)."""
    for name in (*REGION_HEADERS, *PROJECT_HEADERS):
        if match_key(name) == match_key(header):
            return name
    return header


def region_row(regio: str, afspraken="Fase 4: Implementatiefase", dynamiek="Fase 3: Intrinsieke motivatie",
               visie="Fase 4: Dialoogsessie", toelichting=None) -> dict:
    return dict(zip(REGION_HEADERS, [regio, afspraken, dynamiek, visie, toelichting], strict=True))


def project_row(project_id: str, regio: str, **overrides) -> dict:
    row = {
        "Project-ID": project_id,
        "Projectnaam": f"Project {project_id}",
        "Regio": regio,
        "Hoofdrubriek": "Technologie",
        "Startjaar": 2020,
        "Projectstatus": "Lopend",
        "Aantal betrokken zorgorganisaties": 5,
        "Mate van impact": "Op kleine schaal met veel betekenis",
        "Delen van resultaten": "Ja, vanwege meerdere redenen",
        "Opschaalbaarheid": "Ja, alleen in deze regio",
        "Begroting (EUR)": 25000,
        "Toelichting": None,
    }
    row.update(overrides)
    return row


@dataclass
class SubmissionBook:
    """A submission as test data; `write` renders it as an .xlsx exactly as told."""

    zorgkantoor: object = "CZ"
    peildatum: object = dt.date(2020, 10, 31)
    version: object = 1
    regions: list[dict] = field(default_factory=list)
    projects: list[dict] = field(default_factory=list)
    region_headers: list[str] = field(default_factory=lambda: list(REGION_HEADERS))
    project_headers: list[str] = field(default_factory=lambda: list(PROJECT_HEADERS))
    sheet_names: dict[str, str] = field(default_factory=dict)
    aanlevering_rows: list[tuple] | None = None
    rows_above_header: int = 0

    def sheets(self) -> dict[str, list[list]]:
        """The workbook as {sheet name: rows of cell values}, in tab order."""
        result = {self.sheet_names.get(layout.SHEET_AANLEVERING, layout.SHEET_AANLEVERING): [list(row) for row in (
            self.aanlevering_rows or [(layout.KEY_ZORGKANTOOR, self.zorgkantoor),
                                      (layout.KEY_PEILDATUM, self.peildatum),
                                      (layout.KEY_TEMPLATEVERSIE, self.version)])]}
        for name, headers, records in (
            (layout.SHEET_REGIOS, self.region_headers, self.regions),
            (layout.SHEET_PROJECTEN, self.project_headers, self.projects),
        ):
            if self.sheet_names.get(name, name) is None:
                continue
            keys = [_canonical(h) for h in headers]
            result[self.sheet_names.get(name, name)] = [
                *(["Aanlevering WIR-monitor"] for _ in range(self.rows_above_header)), list(headers),
                *([] if record is None else [record.get(k) for k in keys] for record in records)]
        return result

    def write(self, path: Path, received_at: dt.datetime | None = None) -> Path:
        workbook = Workbook()
        workbook.remove(workbook.active)
        for name, rows in self.sheets().items():
            sheet = workbook.create_sheet(name)
            for row in rows:
                sheet.append(row)
                for cell in sheet[sheet.max_row] if row else ():
                    if isinstance(cell.value, str) and cell.value.startswith("="):
                        cell.data_type = "s"  # text a person typed, not a formula
        path.parent.mkdir(parents=True, exist_ok=True)
        workbook.save(path)
        if received_at:
            set_received_at(path, received_at)
        return path


def set_received_at(path: Path, received_at: dt.datetime) -> Path:
    """Declare when the monitor received the file (as the demo does), and make that its mtime too."""
    stamp = received_at.replace(tzinfo=dt.UTC).timestamp()
    os.utime(path, (stamp, stamp))
    return declare_received(path, received_at)


def cz_regions(**phases) -> list[dict]:
    names = ["Zeeland", "West-Brabant", "Zuid-Hollandse Eilanden", "Haaglanden", "Zuid-Limburg", "Waardenland"]
    return [region_row(name, **phases) for name in names]


def cz_book(**fields) -> SubmissionBook:
    fields.setdefault("regions", cz_regions())
    fields.setdefault("projects", [project_row("CZ-1", "Zeeland"), project_row("CZ-2", "Haaglanden")])
    return SubmissionBook(**fields)


def moment(day: int, hour: int = 9) -> dt.datetime:
    return dt.datetime(2020, 11, day, hour, 0, 0)
