"""Open a submission file: recognise its format and read every sheet as a grid of typed cells."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

import python_calamine

from pipeline.intake.findings import Finding
from pipeline.intake.messages import finding
from pipeline.reference.keys import match_key

_CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_MARKER = "EncryptionInfo".encode("utf-16-le")


@dataclass(frozen=True)
class Sheet:
    name: str
    rows: list[list[object]]  # rows[0] is Excel row 1; empty cells are ""

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


def open_workbook(path: Path, only: str | None = None) -> OpenedWorkbook:
    """Read all sheets (or only the one whose match key is `only`) with calamine.

    Raises UnreadableWorkbook with the finding to report.
    """
    kind = sniff_format(path)
    notes: list[Finding] = []
    if kind == "encrypted":
        raise UnreadableWorkbook(finding("bestand.versleuteld"))
    if kind == "corrupt":
        raise UnreadableWorkbook(finding("bestand.onleesbaar", detail="het bestand is beschadigd of onvolledig"))
    if kind in ("text", "zip", "empty"):
        raise UnreadableWorkbook(finding("bestand.formaat", format=FORMAT_NAMES[kind]))
    if kind in ("xls", "xlsm", "ods"):
        notes.append(finding("bestand.ander_formaat", format=FORMAT_NAMES[kind]))
    try:
        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
        sheets = {}
        for name in workbook.sheet_names:
            if only is not None and match_key(name) != only:
                continue
            grid = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
            sheets[name] = Sheet(name=name, rows=grid)
    except Exception as error:  # calamine raises several types for damaged files
        detail = type(error).__name__
        raise UnreadableWorkbook(finding("bestand.onleesbaar", detail=f"leesfout: {detail}")) from error
    return OpenedWorkbook(sheets=sheets, findings=notes)
