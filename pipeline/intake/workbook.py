"""Open a submission file: recognise its format and read every sheet as a grid of typed cells."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import python_calamine

from pipeline.config import Limits
from pipeline.dutch import dutch_number
from pipeline.intake.findings import Finding
from pipeline.intake.messages import finding
from pipeline.intake.sheet_xml import ScanRefused, SheetFacts, scan_workbook
from pipeline.reference.keys import match_key

_CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_MARKER = "EncryptionInfo".encode("utf-16-le")


@dataclass(frozen=True)
class Sheet:
    name: str
    rows: list[list[object]]  # rows[0] is Excel row 1; empty cells are ""
    hidden: bool = False
    merged: tuple[tuple[tuple[int, int], tuple[int, int]], ...] = ()  # ((row, col), (row, col)), 0-based
    facts: SheetFacts = field(default_factory=SheetFacts)

    def excel_row(self, index: int) -> int:
        return index + 1


@dataclass(frozen=True)
class OpenedWorkbook:
    sheets: dict[str, Sheet]
    findings: list[Finding]


class UnreadableWorkbook(Exception):
    """The file cannot be read as a workbook; `finding` says why and what to do."""

    def __init__(self, finding: Finding):
        super().__init__(finding.message)
        self.finding = finding


def _zip_kind(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "mimetype" in names and b"opendocument" in archive.read("mimetype"):
                return "ods"
            if "[Content_Types].xml" not in names:
                return "zip"
            if any(name.lower().endswith("vbaproject.bin") for name in names):
                return "xlsm"
            return "xlsx"
    except zipfile.BadZipFile:
        return "corrupt"


def sniff_format(path: Path) -> str:
    """The real format of the file by its content, never by its name."""
    with open(path, "rb") as handle:
        head = handle.read(8)
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _zip_kind(path)
    if head.startswith(_CFB_MAGIC):
        return "encrypted" if _ENCRYPTED_MARKER in path.read_bytes() else "xls"
    if not head:
        return "empty"
    return "text"


FORMAT_NAMES = {
    "xls": "oud Excel-bestand (.xls)",
    "xlsm": "Excel-werkmap met macro's (.xlsm)",
    "ods": "OpenDocument-rekenblad (.ods)",
    "text": "tekstbestand (bijvoorbeeld CSV of HTML)",
    "zip": "zip-bestand zonder werkmap",
    "empty": "leeg bestand",
}


def _megabytes(size: float) -> str:
    return f"{size / 2**20:.1f}".replace(".", ",")


def open_workbook(path: Path, only: str | None = None, limits: Limits | None = None) -> OpenedWorkbook:
    """Read all sheets (or only the one whose match key is `only`) with calamine, within `limits`.

    Raises UnreadableWorkbook with the finding to report.
    """
    limits = limits or Limits.from_env()
    size = path.stat().st_size
    if size > limits.max_file_mb * 2**20:
        raise UnreadableWorkbook(finding("bestand.te_groot", size=_megabytes(size),
                                         limit=_megabytes(limits.max_file_mb * 2**20)))
    kind = sniff_format(path)
    notes: list[Finding] = []
    if kind == "encrypted":
        raise UnreadableWorkbook(finding("bestand.versleuteld"))
    if kind == "corrupt":
        raise UnreadableWorkbook(finding("bestand.onleesbaar"))
    if kind in ("text", "zip", "empty"):
        raise UnreadableWorkbook(finding("bestand.formaat", format=FORMAT_NAMES[kind]))
    if kind in ("xls", "xlsm", "ods"):
        notes.append(finding("bestand.ander_formaat", format=FORMAT_NAMES[kind]))
    try:
        facts: dict[str, SheetFacts] = {}
        if kind in ("xlsx", "xlsm", "ods"):
            # Before any reader allocates: bounded inflate, and for .xlsx the reach of every sheet.
            scan = scan_workbook(path, limits, wanted=None if only is None else {only},
                                 sheets=kind in ("xlsx", "xlsm"))
            facts = scan.sheets
            notes += scan.findings
        with open(path, "rb") as handle:  # from a file object, calamine picks the reader by content
            workbook = python_calamine.CalamineWorkbook.from_filelike(handle)
        hidden = {m.name for m in workbook.sheets_metadata if m.visible != python_calamine.SheetVisibleEnum.Visible}
        sheets = {}
        cells = 0
        for name in workbook.sheet_names:
            if only is not None and match_key(name) != only:
                continue
            sheet = workbook.get_sheet_by_name(name)
            # The range is read compactly first; turning it into Python objects is what costs memory.
            rows, width = (sheet.start[0] if sheet.start else 0) + sheet.height, sheet.width
            cells += rows * width
            if rows > limits.max_rows or cells > limits.max_cells:
                raise UnreadableWorkbook(finding(
                    "blad.te_groot", sheet=name, rows=dutch_number(rows), cells=dutch_number(rows * width),
                    max_rows=dutch_number(limits.max_rows), max_cells=dutch_number(limits.max_cells)))
            sheets[name] = Sheet(name=name, rows=sheet.to_python(skip_empty_area=False), hidden=name in hidden,
                                 merged=tuple(sheet.merged_cell_ranges or ()), facts=facts.get(name, SheetFacts()))
    except UnreadableWorkbook:
        raise
    except ScanRefused as refused:
        raise UnreadableWorkbook(refused.finding) from refused
    except python_calamine.PasswordError as error:
        raise UnreadableWorkbook(finding("bestand.versleuteld")) from error
    except Exception as error:  # calamine and zipfile raise several types for damaged files
        # The exception's name (XmlError, BadZipFile) means nothing to a zorgkantoor; it stays in the chain.
        raise UnreadableWorkbook(finding("bestand.onleesbaar")) from error
    return OpenedWorkbook(sheets=sheets, findings=notes)
