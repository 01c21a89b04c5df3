"""One bounded, streaming pass over the parts of an .xlsx, before any reader allocates a cell.

Each part is inflated once, in chunks, counting what it unpacks to (the sizes a zip declares may lie: a bomb
is refused while it inflates). The chunks of every sheet part go straight into an expat parser, which is
linear in the input; a DOCTYPE is refused at its declaration, so no entity is ever defined or expanded (the
protection defusedxml gives, applied to the streaming parser). The pass tells:

- how far each sheet reaches (its last row and column with content): one value in cell XFD1048576 makes a
  reader allocate the whole grid, so a sheet beyond the limits is refused here, never read;
- what calamine does not tell: hidden rows, formulas without a cached value and error values (`t="e"`, such
  as the #N/A of a VLOOKUP that found nothing; calamine reads an empty cell there);
- parts that the zip holds twice (which one a reader takes is not defined).
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from xml.parsers import expat

from openpyxl.utils import column_index_from_string, get_column_letter

from pipeline.config import Limits
from pipeline.dutch import dutch_number
from pipeline.intake.findings import Finding
from pipeline.intake.messages import finding
from pipeline.reference.keys import match_key

_CHUNK = 1 << 20
_EXCEL_ROWS, _EXCEL_COLUMNS = 1_048_576, 16_384
_MAX_SMALL_PART = 16 * 2**20
_REFERENCE = re.compile(r"([A-Za-z]{1,3})(\d{1,7})")


@dataclass(frozen=True)
class SheetFacts:
    hidden_rows: frozenset[int] = frozenset()  # Excel row numbers
    uncached_formulas: frozenset[tuple[int, int]] = frozenset()  # (Excel row, 0-based column)
    error_cells: tuple[tuple[int, int, str], ...] = ()  # (Excel row, 0-based column, error such as '#N/A'), sorted
    last_row: int = 0  # Excel row number of the last row with a cell with content; 0 for an empty sheet
    first_column: int = 0  # 0-based
    last_column: int = -1  # 0-based
    farthest: str | None = None  # the cell that reaches farthest, such as 'XFD1048576'

    @property
    def extent(self) -> tuple[int, int]:
        """(rows, columns) of the grid a reader builds: from row 1 to the last row, across the used columns."""
        return self.last_row, max(0, self.last_column - self.first_column + 1)


@dataclass
class WorkbookScan:
    sheets: dict[str, SheetFacts] = field(default_factory=dict)  # by sheet name, for the sheets that were scanned
    findings: list[Finding] = field(default_factory=list)


class ScanRefused(Exception):
    """The file is refused before it is read; `finding` says why and what to do."""

    def __init__(self, refusal: Finding):
        super().__init__(refusal.message)
        self.finding = refusal


class _Forbidden(Exception):
    """A DTD or entity declaration: never needed in a workbook, the way to an entity bomb."""


class _SheetParser:
    """Feeds one sheet part through expat and keeps only the facts above: O(1) work per element."""

    def __init__(self) -> None:
        parser = expat.ParserCreate()
        parser.buffer_text = True
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        parser.CharacterDataHandler = self._text
        parser.StartDoctypeDeclHandler = self._forbid
        parser.EntityDeclHandler = self._forbid
        parser.ExternalEntityRefHandler = self._forbid
        self.parser = parser
        self.hidden: set[int] = set()
        self.uncached: set[tuple[int, int]] = set()
        self.errors: list[tuple[int, int, str]] = []
        self.row = 0  # current Excel row
        self.column = -1  # current 0-based column
        self.cell_type: str | None = None
        self.in_cell = self.has_content = self.has_formula = self.in_value = False
        self.value: list[str] = []
        self.locals: dict[str, str] = {}

    @staticmethod
    def _forbid(*_: object) -> None:
        raise _Forbidden

    def _local(self, name: str) -> str:
        local = self.locals.get(name)
        if local is None:
            local = self.locals[name] = name.rpartition(":")[2]
        return local

    def _start(self, name: str, attributes: dict[str, str]) -> None:
        local = self._local(name)
        if local == "c":
            reference = _REFERENCE.fullmatch(attributes.get("r", ""))
            if reference:
                self.column = column_index_from_string(reference.group(1).upper()) - 1
                self.row = int(reference.group(2))
            else:
                self.column += 1  # a cell without a reference follows the previous one
            self.cell_type = attributes.get("t")
            self.in_cell, self.has_content, self.has_formula = True, False, False
            self.value = []
        elif not self.in_cell:
            if local == "row":
                number = attributes.get("r", "")
                self.row = int(number) if number.isdigit() and len(number) <= 7 else self.row + 1
                self.column = -1
                if attributes.get("hidden") in ("1", "true"):
                    self.hidden.add(self.row)
        elif local in ("v", "is"):
            self.has_content = True
            # The text of a value only matters after a formula (<f> comes first) or in an error cell.
            self.in_value = local == "v" and (self.has_formula or self.cell_type == "e")
        elif local == "f":
            self.has_content = self.has_formula = True

    def _end(self, name: str) -> None:
        local = self._local(name)
        if local == "v":
            self.in_value = False
        elif local == "c" and self.in_cell:
            self.in_cell = False
            if not self.has_content:
                return  # a formatted empty cell: no reader makes a value of it
            value = "".join(self.value).strip()
            if self.has_formula and not value:
                self.uncached.add((self.row, self.column))
            elif self.cell_type == "e" and value:
                self.errors.append((self.row, self.column, value))

    def _text(self, data: str) -> None:
        if self.in_value:
            self.value.append(data)

    def feed(self, chunk: bytes, final: bool = False) -> None:
        self.parser.Parse(chunk, final)



class _SheetScanner:
    """The streaming pass over one sheet part, in two speeds.

    Always, at byte speed: the reach of the sheet from every cell reference (`r="XFD3000"`), with a pattern that
    cannot backtrack (bounded repetitions, no nesting), and a refusal of any DOCTYPE. Only for a sheet with a
    formula, an error value or a hidden row: the expat pass above for those facts. Most sheets have none, and a
    Python callback per element would cost more than reading the sheet (the benchmark's 10× set: 0,4 million
    elements). Chunks are cut before the last '<', so that no tag is split between two pieces.
    """

    # A literal start ('r="') lets the regex engine skip ahead at memchr speed; no other sheet attribute ends in r.
    _COLUMNS = re.compile(rb'r="([A-Z]{1,3})[0-9]')
    _ROWS = re.compile(rb'r="[A-Z]{1,3}([0-9]{1,7})"')
    _FORMULA = re.compile(rb"<(?:\w{1,20}:)?f[\s>/]")
    _DECLARATION = re.compile(rb"<!(?:DOCTYPE|ENTITY)")
    _MAX_BUFFERED = 64 * 2**20  # beyond this a sheet's facts are not gathered; its reach always is

    def __init__(self) -> None:
        self.tail = b""
        self.last_row = 0
        self.columns: set[bytes] = set()
        self.parser: _SheetParser | None = None
        self.buffered: list[bytes] | None = []
        self.size = 0

    def feed(self, chunk: bytes, final: bool = False) -> None:
        data = self.tail + chunk
        cut = len(data) if final else data.rfind(b"<")
        if cut <= 0:
            cut = len(data)
        piece, self.tail = data[:cut], data[cut:]
        if b"<!" in piece and self._DECLARATION.search(piece):  # bytes first: '<' starts every tag
            raise _Forbidden
        # Lists built and reduced in C: a sheet has few distinct columns, and only the last row counts.
        self.columns.update(self._COLUMNS.findall(piece))
        self.last_row = max(self.last_row, max(map(int, self._ROWS.findall(piece)), default=0))
        if self.parser is None and self.buffered is not None:
            self.buffered.append(piece)
            self.size += len(piece)
            if self._has_facts(piece):
                self.parser = _SheetParser()
                for earlier in self.buffered:
                    self.parser.feed(earlier)
                self.buffered = None
            elif self.size > self._MAX_BUFFERED:
                self.buffered = None
        elif self.parser is not None:
            self.parser.feed(piece)
        if final and self.parser is not None:
            self.parser.feed(b"", True)

    def _has_facts(self, piece: bytes) -> bool:
        """A formula, an error value or a hidden row: byte searches first, the pattern only to confirm."""
        return b'hidden="' in piece or b't="e"' in piece or \
            ((b"<f" in piece or b":f" in piece) and self._FORMULA.search(piece) is not None)

    def facts(self) -> SheetFacts:
        parser = self.parser
        last_row = self.last_row
        indexes = [column_index_from_string(column.decode()) - 1 for column in self.columns]
        first, last = min(indexes, default=0), max(indexes, default=-1)
        return SheetFacts(hidden_rows=frozenset(parser.hidden) if parser else frozenset(),
                          uncached_formulas=frozenset(parser.uncached) if parser else frozenset(),
                          error_cells=tuple(sorted(parser.errors)) if parser else (), last_row=last_row,
                          first_column=first, last_column=last,
                          farthest=f"{get_column_letter(last + 1)}{last_row}" if last_row and last >= 0 else None)


def _small_part(archive: zipfile.ZipFile, name: str) -> dict[str, list[dict[str, str]]]:
    """The attributes of every element of a small XML part (workbook, relationships), by local name.

    Read in bounded chunks through expat, like the sheets: a pattern over these parts can backtrack (a comment
    with a thousand `<sheet name="x"` took 70 s), a parser cannot.
    """
    elements: dict[str, list[dict[str, str]]] = {}
    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = parser.EntityDeclHandler = _SheetParser._forbid
    parser.ExternalEntityRefHandler = _SheetParser._forbid
    parser.StartElementHandler = lambda tag, attributes: elements.setdefault(tag.rpartition(":")[2], []).append(
        {key.rpartition(":")[2]: value for key, value in attributes.items()})
    read = 0
    try:
        with archive.open(name) as member:
            while chunk := member.read(_CHUNK):
                read += len(chunk)
                if read > _MAX_SMALL_PART:
                    return {}  # no real workbook part is this large; the inflate pass below refuses the file
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except (KeyError, _Forbidden, expat.ExpatError):
        return {}  # calamine reports what it cannot read; without this part there are no facts to add
    return elements


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Zip part name → sheet name, via xl/workbook.xml and its relationships."""
    targets = {}
    for relationship in _small_part(archive, "xl/_rels/workbook.xml.rels").get("Relationship", ()):
        target = relationship.get("Target", "")
        part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        targets[relationship.get("Id")] = part
    return {targets[sheet["id"]]: sheet.get("name", "")
            for sheet in _small_part(archive, "xl/workbook.xml").get("sheet", ())
            if sheet.get("id") in targets}


def _megabytes(size: float) -> str:
    return f"{size / 2**20:.1f}".replace(".", ",")


def scan_workbook(path: Path, limits: Limits, wanted: set[str] | None = None, sheets: bool = True
                  ) -> WorkbookScan:
    """Inflate every part once within the limits; parse the sheet parts whose match key is in `wanted` (all when
    None; none when not `sheets`, as for an .ods).

    Raises ScanRefused (bomb, damaged XML, a sheet beyond the limits, a DTD) and zipfile.BadZipFile.
    """
    scan = WorkbookScan()
    budget = limits.max_unpacked_mb * 2**20
    total = 0
    with zipfile.ZipFile(path) as archive:
        infos = archive.infolist()
        for name, count in sorted(Counter(info.filename for info in infos).items()):
            if count > 1:
                scan.findings.append(finding("bestand.dubbel_onderdeel", value=name, count=count))
        parts = _sheet_parts(archive) if sheets else {}
        cells = 0
        for info in infos:
            sheet = parts.get(info.filename)
            parser = _SheetScanner() if sheet is not None and (wanted is None or match_key(sheet) in wanted) \
                else None
            unpacked = 0
            with archive.open(info) as member:
                while chunk := member.read(_CHUNK):
                    unpacked += len(chunk)
                    total += len(chunk)
                    bomb = unpacked > 2**20 and unpacked > limits.max_ratio * max(info.compress_size, 1)
                    if total > budget or bomb:
                        detail = f"; onderdeel {info.filename} is meer dan {int(limits.max_ratio)} keer zo groot " \
                                 "als ingepakt" if bomb else ""
                        raise ScanRefused(finding(
                            "bestand.uitgepakt_te_groot", size=f"meer dan {_megabytes(total)}",
                            limit=_megabytes(budget), detail=detail))
                    if parser is not None:
                        _feed(parser, chunk, sheet)
            if parser is None:
                continue
            _feed(parser, b"", sheet, final=True)
            facts = parser.facts()
            rows, columns = facts.extent
            cells += rows * columns
            if rows > limits.max_rows or cells > limits.max_cells:
                far_column, far_row = _REFERENCE.fullmatch(facts.farthest or "A1").groups()
                raise ScanRefused(finding(
                    "blad.te_groot", sheet=sheet, row=int(far_row), column=far_column, value=facts.farthest,
                    rows=dutch_number(rows), cells=dutch_number(rows * columns), max_rows=dutch_number(limits.max_rows),
                    max_cells=dutch_number(limits.max_cells)))
            scan.sheets[sheet] = facts
    return scan


def _feed(parser: _SheetScanner, chunk: bytes, sheet: str, final: bool = False) -> None:
    try:
        parser.feed(chunk, final)
    except (_Forbidden, expat.ExpatError) as error:
        # A DOCTYPE has no place in a sheet (Excel never writes one): refused as damaged, like calamine does.
        raise ScanRefused(finding("bestand.onleesbaar")) from error
