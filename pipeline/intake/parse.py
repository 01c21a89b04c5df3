"""Turn the sheets of a workbook into normalised frames, applying every tolerance of the contract.

Values that cannot be resolved stay in the frame as the text found, so that the validation
step (Great Expectations) reports them with their row and column.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

import pandas as pd
from openpyxl.utils import get_column_letter

from pipeline.dutch import dutch_number
from pipeline.intake import layout
from pipeline.intake.findings import FOUT, Finding, display_value
from pipeline.intake.layout import Column
from pipeline.intake.messages import RULES, excel_error_name, finding
from pipeline.intake.values import (
    cell_text,
    is_empty,
    look_alike_difference,
    parse_amount,
    parse_date,
    parse_whole,
    skeleton,
)
from pipeline.intake.workbook import OpenedWorkbook, Sheet
from pipeline.periods import peildatum_key
from pipeline.reference import Reference
from pipeline.reference.keys import match_key
from pipeline.visible import control_codes, visible

HEADER_SEARCH_ROWS = 20


@dataclass
class ParsedSubmission:
    """A workbook read into frames. `zorgkantoor`/`peildatum` are None when not determinable."""

    zorgkantoor: str | None = None
    peildatum: str | None = None
    peildatum_date: dt.date | None = None
    peildatum_row: int | None = None  # Excel row of the Peildatum key on the Aanlevering sheet
    regions: pd.DataFrame | None = None
    projects: pd.DataFrame | None = None
    findings: list[Finding] = field(default_factory=list)


def _find_sheet(workbook: OpenedWorkbook, wanted: str, findings: list[Finding]) -> Sheet | None:
    """The sheet named `wanted` (by match key). Two sheets that both match are an error: which one counts is
    not for the monitor to guess; the first is still read, so that its other findings are reported too."""
    key = match_key(wanted)
    matches = [sheet for name, sheet in workbook.sheets.items() if match_key(name) == key]
    if not matches:
        findings.append(finding("blad.ontbreekt", sheet=wanted))
        return None
    sheet = matches[0]
    if sheet.name != wanted:
        findings.append(finding("blad.naam", sheet=wanted, found=sheet.name))
    for other in matches[1:]:
        findings.append(finding("blad.dubbel", sheet=wanted, value=sheet.name, other=other.name))
    return sheet


class ExcelError(str):
    """The text of an Excel error value (#N/A) where calamine read an empty cell; it is reported on its own."""


def read_header(workbook: OpenedWorkbook) -> tuple[dict[str, tuple[int, object]], list[Finding]]:
    """The keys of the Aanlevering sheet: {key: (excel_row, value)}, with findings.

    A value that is an Excel error is an `ExcelError`, already reported as cel.excel_fout.
    """
    findings: list[Finding] = []
    sheet = _find_sheet(workbook, layout.SHEET_AANLEVERING, findings)
    if sheet is None:
        return {}, findings
    wanted = {match_key(key): key for key in layout.AANLEVERING_KEYS}
    errors = {(row, column): error for row, column, error in sheet.facts.error_cells}
    found: dict[str, tuple[int, object]] = {}
    for index, row in enumerate(sheet.rows):
        if not row or is_empty(row[0]):
            continue
        key = wanted.get(match_key(row[0]))
        if key and key in found:
            findings.append(_repeated_key(sheet, key, found[key], index, row))
        elif key:
            value = row[1] if len(row) > 1 else ""
            if (error := errors.get((sheet.excel_row(index), 1))) is not None:
                findings.append(finding("cel.excel_fout", sheet=sheet.name, row=sheet.excel_row(index), column="B",
                                        value=error, dutch=excel_error_name(error)))
                value = ExcelError(error)
            found[key] = (sheet.excel_row(index), value)
            if str(row[0]) != key:
                findings.append(finding("sleutel.naam", sheet=sheet.name, row=sheet.excel_row(index),
                                        column="A", key=key, value=display_value(row[0])))
    for key in layout.AANLEVERING_KEYS:
        if key not in found:
            findings.append(finding("sleutel.ontbreekt", sheet=layout.SHEET_AANLEVERING, column=key))
        elif isinstance(value := found[key][1], str) and (codes := control_codes(value)):
            findings.append(finding("waarde.stuurteken", sheet=sheet.name, row=found[key][0], column="B",
                                    value=display_value(value), codes=", ".join(codes),
                                    shown=_pictures(codes)))
    return found, findings


def _repeated_key(sheet: Sheet, key: str, first: tuple[int, object], index: int, row: list) -> Finding:
    """A key given a second time: an error when its value differs (which one counts?), else a warning."""
    value = row[1] if len(row) > 1 else ""
    same = cell_text(value) == cell_text(first[1])
    return finding("sleutel.herhaald" if same else "sleutel.dubbel", sheet=sheet.name, row=sheet.excel_row(index),
                   column="B", key=key, value=display_value(value), first=first[0],
                   first_value=display_value(first[1]))


def _pictures(codes: list[str]) -> str:
    return ", ".join(visible(chr(int(code[2:], 16))) for code in codes)


def _implausible(peildatum: dt.date, received: dt.date) -> str | None:
    if peildatum.year < layout.FIRST_PEILDATUM_YEAR:
        return "peildatum.te_vroeg"
    if peildatum > received + dt.timedelta(days=layout.FUTURE_PEILDATUM_DAYS):
        return "peildatum.toekomst"
    return None


def parse_identity(
    header: dict[str, tuple[int, object]], reference: Reference, received: dt.date | None = None
) -> tuple[str | None, dt.date | None, list[Finding]]:
    """Zorgkantoor, peildatum and template version from the Aanlevering keys.

    `received` is the day the file arrived (default today): a peildatum far beyond it cannot be meant. The
    pipeline passes the file's own date, so judging the same file again later gives the same outcome.
    """
    findings: list[Finding] = []
    # An error value is no zorgkantoor, date or version; read_header reported it, so it is not 'empty' too.
    header = {key: item for key, item in header.items() if not isinstance(item[1], ExcelError)}
    sheet = layout.SHEET_AANLEVERING
    zorgkantoor = None
    if layout.KEY_ZORGKANTOOR in header:
        row, value = header[layout.KEY_ZORGKANTOOR]
        match = None if is_empty(value) else reference.resolve_zorgkantoor(value)
        if match is None:
            # An empty cell is not an unknown zorgkantoor named '': say it is empty and what to fill in.
            findings.append(finding("zorgkantoor.ontbreekt" if is_empty(value) else "zorgkantoor.onbekend",
                                    sheet=sheet, row=row, column="B",
                                    value=None if is_empty(value) else display_value(value),
                                    allowed=", ".join(reference.concessiehouders)))
        else:
            zorgkantoor = match.value
            if not match.exact:
                findings.append(finding("waarde.genormaliseerd", sheet=sheet, row=row, column="B",
                                        value=display_value(value), canonical=match.value))
    peildatum = None
    if layout.KEY_PEILDATUM in header:
        row, value = header[layout.KEY_PEILDATUM]
        if is_empty(value):
            findings.append(finding("peildatum.ontbreekt", sheet=sheet, row=row, column="B"))
        else:
            peildatum = parse_date(value)
            if peildatum is None:
                findings.append(finding("peildatum.onleesbaar", sheet=sheet, row=row, column="B",
                                        value=display_value(value)))
            elif (problem := _implausible(peildatum, received or dt.date.today())) is not None:
                findings.append(finding(problem, sheet=sheet, row=row, column="B", value=peildatum.strftime("%d-%m-%Y"),
                                        first=layout.FIRST_PEILDATUM_YEAR))
                peildatum = None  # never a partition for a date that cannot be meant
    if layout.KEY_TEMPLATEVERSIE in header:
        row, value = header[layout.KEY_TEMPLATEVERSIE]
        version, _ = parse_whole(value)
        if version != layout.TEMPLATE_VERSION:
            findings.append(finding("templateversie.ontbreekt" if is_empty(value) else "templateversie.onbekend",
                                    sheet=sheet, row=row, column="B",
                                    value=None if is_empty(value) else display_value(value),
                                    version=layout.TEMPLATE_VERSION))
    return zorgkantoor, peildatum, findings


def _locate_header(sheet: Sheet, columns: tuple[Column, ...]) -> int | None:
    """Index of the header row: the first of the top rows naming the most contract columns."""
    wanted = {match_key(c.header) for c in columns}
    best, best_hits = None, 0
    for index, row in enumerate(sheet.rows[:HEADER_SEARCH_ROWS]):
        hits = len(wanted & {match_key(cell) for cell in row if not is_empty(cell)})
        if hits > best_hits:
            best, best_hits = index, hits
        if best_hits == len(wanted):
            break  # no later row can name more (the usual case: the header is the first row)
    return best if best_hits >= 2 else None


def _map_columns(
    sheet: Sheet, header_index: int, columns: tuple[Column, ...], findings: list[Finding]
) -> dict[str, int]:
    by_key = {match_key(c.header): c for c in columns}
    positions: dict[str, int] = {}
    for position, cell in enumerate(sheet.rows[header_index]):
        if is_empty(cell):
            continue
        column = by_key.get(match_key(cell))
        if column is None:
            continue  # extra columns are ignored
        if column.field in positions:
            findings.append(finding("kolom.dubbel", sheet=sheet.name, row=sheet.excel_row(header_index),
                                    column=column.header, value=display_value(cell)))
            continue
        positions[column.field] = position
        if str(cell) != column.header:
            findings.append(finding("kolom.naam", sheet=sheet.name, row=sheet.excel_row(header_index),
                                    column=column.header, found=display_value(cell),
                                    value=display_value(cell)))
    return positions


class _NormalisationNotes:
    """Collects per-value notes (tolerances, control characters, absurd numbers): one finding per distinct
    (rule, column, value) with the rows it occurred in. An error note covers its cells, so that no value rule
    reports them again."""

    def __init__(self, sheet: str):
        self.sheet = sheet
        self.rows: dict[tuple[str, str, str, tuple], list[int]] = defaultdict(list)

    def add(self, rule: str, column: Column, row: int, raw: object, fields: dict[str, object]) -> None:
        self.rows[(rule, column.header, display_value(raw) or "", tuple(sorted(fields.items())))].append(row)

    def findings(self) -> list[Finding]:
        result = []
        for (rule, header, raw, fields), rows in self.rows.items():
            also = f" (ook in rij {_rows(rows[1:])})" if len(rows) > 1 else ""
            covers = [(self.sheet, row, header) for row in rows] if RULES[rule][0] == FOUT else ()
            result.append(finding(rule, sheet=self.sheet, row=rows[0], column=header, value=raw, also=also,
                                  covers=covers, **dict(fields)))
        return result


def _rows(rows: list[int]) -> str:
    shown = ", ".join(str(r) for r in rows[:10])
    return shown + (f" en {len(rows) - 10} andere" if len(rows) > 10 else "")


_MAX_DIGITS = 20  # far more than any count or amount in euros; Python refuses to print ints of 4,300 digits


def _resolve(column: Column, raw: object, reference: Reference) -> tuple[dict[str, object], tuple]:
    """The frame cells of one column (resolved value, text form, raw display) and its notes (rule, fields).

    Pure in (column, raw, reference): `_Resolver` memoises it, since the same values recur in every row.
    """
    field_name = column.field
    cells: dict[str, object] = {f"{field_name}__raw": display_value(cell_text(raw))}
    notes: list[tuple[str, dict]] = []
    if isinstance(raw, str) and (codes := control_codes(raw)):
        notes.append(("waarde.stuurteken", {"codes": ", ".join(codes), "shown": _pictures(codes)}))
    if is_empty(raw):
        cells[field_name] = column.default
        if column.kind in ("whole", "amount"):
            cells[f"{field_name}__text"] = None
        return cells, tuple(notes)
    if column.kind == "region":
        match = reference.resolve_region(raw)
        cells[field_name] = match.value if match else cell_text(raw)
        cells[f"{field_name}__known"] = match is not None
        if match and not match.exact:
            notes.append(("waarde.genormaliseerd", {"canonical": match.value}))
    elif column.kind == "term":
        match = reference.resolve_term(column.dimensie, raw)
        cells[field_name] = match.value if match else cell_text(raw)
        if match and not match.exact:
            notes.append(("waarde.genormaliseerd", {"canonical": reference.label(column.dimensie, match.value)}))
    elif column.kind in ("whole", "amount") and isinstance(raw, str) \
            and (digits := sum(char.isdigit() for char in raw)) > _MAX_DIGITS:
        # Reported on its own (and covering the cell): no number rule can print or compare it sensibly.
        cells[field_name], cells[f"{field_name}__text"] = None, None
        notes.append(("waarde.te_veel_cijfers", {"digits": dutch_number(digits)}))
    elif column.kind in ("whole", "amount"):
        parser = parse_whole if column.kind == "whole" else parse_amount
        number, exact = parser(raw)
        cells[field_name] = number
        # Plain positional notation, so the number-format rule never sees '1e+16'.
        cells[f"{field_name}__text"] = (cell_text(raw) if number is None
                                        else str(number) if isinstance(number, int) else format(number, "f"))
        if isinstance(raw, int | float) and not isinstance(raw, bool):
            cells[f"{field_name}__raw"] = _shown_number(column, raw)  # -250,75, not -250.75
        if number is not None and not exact:
            notes.append(("waarde.getal_als_tekst", {"canonical": _shown_number(column, number)}))
    else:
        cells[field_name] = cell_text(raw)
    return cells, tuple(notes)


def _shown_number(column: Column, number: int | float) -> str:
    """A number of a number column in a message: Dutch, with thousands dots except in a year, cents in euros."""
    return dutch_number(number, grouped=not column.year, cents=column.kind == "amount")


class _Resolver:
    """Memoised `_resolve` and `is_empty` for one reference: text, labels and numbers repeat across rows,
    files and peildata, and normalising them (Unicode, matching keys) is the costly part of parsing.

    Keys are (type, value): 1, 1.0 and True are equal in a dict but not the same cell.
    """

    MAX_ENTRIES = 500_000  # then start afresh, so a long-running process does not grow without end

    def __init__(self, reference: Reference):
        self.reference = reference
        self.resolved: dict[Column, dict[tuple, tuple[tuple, tuple]]] = {}
        self.empty: dict[tuple, bool] = {}
        self.size = 0

    def column(self, column: Column, keys: list[tuple]) -> tuple[list, list[bool]]:
        """Per cell of one column (given as (type, value) keys): its frame cells (in `_frame_columns` order)
        with its tolerance note, and whether it is empty."""
        if self.size > self.MAX_ENTRIES:
            self.resolved.clear()
            self.empty.clear()
            self.size = 0
        known = self.resolved.setdefault(column, {})
        names = _frame_columns((column,))[1:]
        for key in dict.fromkeys(keys):
            if key not in known:
                cells, notes = _resolve(column, key[1], self.reference)
                known[key] = (tuple(cells.get(name, _MISSING) for name in names), notes)
                self.size += 1
            if key not in self.empty:
                self.empty[key] = is_empty(key[1])
        return list(map(known.__getitem__, keys)), list(map(self.empty.__getitem__, keys))


_RESOLVERS: dict[int, _Resolver] = {}


def _resolver(reference: Reference) -> _Resolver:
    resolver = _RESOLVERS.get(id(reference))
    if resolver is None or resolver.reference is not reference:
        if len(_RESOLVERS) > 8:
            _RESOLVERS.clear()
        resolver = _RESOLVERS[id(reference)] = _Resolver(reference)
    return resolver


def parse_table(sheet: Sheet, columns: tuple[Column, ...], reference: Reference
                ) -> tuple[pd.DataFrame | None, list[Finding]]:
    """One data sheet as a frame with `excel_row` and, per column, resolved/raw/text cells."""
    findings: list[Finding] = []
    header_index = _locate_header(sheet, columns)
    if header_index is None:
        for column in columns:
            if column.required:
                findings.append(finding("kolom.ontbreekt", sheet=sheet.name, column=column.header))
        return None, findings
    if header_index > 0:
        findings.append(finding("kopregel.positie", sheet=sheet.name, row=sheet.excel_row(header_index)))
    positions = _map_columns(sheet, header_index, columns, findings)
    findings += cell_findings(sheet, header_index, {position: column for column in columns
                                                    if (position := positions.get(column.field)) is not None})
    # Column by column: each distinct value is resolved once (memoised), each cell is a lookup.
    body = sheet.rows[header_index + 1:]
    resolver = _resolver(reference)
    resolved, empty = [], []
    for column in columns:
        position = positions.get(column.field)
        cells = [None] * len(body) if position is None else \
            [row[position] if position < len(row) else None for row in body]
        per_cell, empties = resolver.column(column, list(zip(map(type, cells), cells, strict=True)))
        resolved.append(per_cell)
        empty.append(empties)
    kept = [index for index, empties in enumerate(zip(*empty, strict=True)) if not all(empties)] \
        if body else []
    data: dict[str, object] = {"excel_row": [sheet.excel_row(header_index + 1 + index) for index in kept]}
    notes = _NormalisationNotes(sheet.name)
    for column, per_cell in zip(columns, resolved, strict=True):
        if len(kept) < len(per_cell):
            per_cell = [per_cell[index] for index in kept]
        names = _frame_columns((column,))[1:]
        values = list(zip(*(cells for cells, _ in per_cell), strict=True)) if per_cell else [()] * len(names)
        data.update(zip(names, values, strict=True))
        for index, (_, cell_notes) in zip(kept, per_cell, strict=True):
            for rule, fields in cell_notes:
                raw = body[index][positions[column.field]]
                notes.add(rule, column, sheet.excel_row(header_index + 1 + index), raw, fields)
    # The notes in the order a row-by-row reading finds them: by first row, then by column.
    order = {column.header: number for number, column in enumerate(columns)}
    notes.rows = dict(sorted(notes.rows.items(), key=lambda item: (item[1][0], order[item[0][1]])))
    frame = pd.DataFrame.from_records(list(zip(*data.values(), strict=True)), columns=list(data))
    # A missing required column rejects the file, yet the other columns are still validated, so that all errors
    # are reported at once; the finding covers the column's cells, so none of them is also 'niet ingevuld'.
    rows = data["excel_row"]
    findings += [finding("kolom.ontbreekt", sheet=sheet.name, column=column.header,
                         covers=[(sheet.name, row, column.header) for row in rows])
                 for column in columns if column.required and column.field not in positions]
    findings.extend(notes.findings())
    return frame, findings


def cell_findings(sheet: Sheet, header_index: int, columns: dict[int, Column]) -> list[Finding]:
    """Hidden sheet and rows, merged cells, formulas without a value and error values in the data area of a sheet."""
    findings = []
    if sheet.hidden:
        findings.append(finding("blad.verborgen", sheet=sheet.name))
    first_data_row = sheet.excel_row(header_index + 1)
    hidden = sorted(row for row in sheet.facts.hidden_rows
                    if row >= first_data_row and row <= len(sheet.rows)
                    and not all(is_empty(v) for v in sheet.rows[row - 1]))
    if hidden:
        also = f" (ook rij {_rows(hidden[1:])})" if len(hidden) > 1 else ""
        findings.append(finding("rij.verborgen", sheet=sheet.name, row=hidden[0], also=also))
    for (top, left), (bottom, right) in sheet.merged:
        if bottom + 1 < first_data_row:
            continue  # a title or header cell, no data
        column = columns.get(left)
        first, last = get_column_letter(left + 1), get_column_letter(right + 1)
        findings.append(finding(
            "cel.samengevoegd", sheet=sheet.name, row=top + 1, column=column.header if column else first,
            value=f"{first}{top + 1}:{last}{bottom + 1}",
            covers=[(sheet.name, row + 1, columns[col].header) for row in range(top, bottom + 1)
                    for col in range(left, right + 1) if col in columns]))
    for row, col in sorted(sheet.facts.uncached_formulas):
        if row >= first_data_row and col in columns:
            findings.append(finding("cel.formule_zonder_waarde", sheet=sheet.name, row=row,
                                    column=columns[col].header, covers=[(sheet.name, row, columns[col].header)]))
    for row, col, error in sheet.facts.error_cells:
        # calamine reads the cell as empty: without `covers` a required cell would also be 'niet ingevuld'.
        if row >= first_data_row and col in columns:
            findings.append(finding("cel.excel_fout", sheet=sheet.name, row=row, column=columns[col].header,
                                    value=error, dutch=excel_error_name(error),
                                    covers=[(sheet.name, row, columns[col].header)]))
    return findings


_MISSING = float("nan")  # a cell a column does not have for this value (as a record without the key)


def _frame_columns(columns: tuple[Column, ...]) -> list[str]:
    names = ["excel_row"]
    for column in columns:
        names += [f"{column.field}__raw", column.field]
        if column.kind == "region":
            names.append(f"{column.field}__known")
        if column.kind in ("whole", "amount"):
            names.append(f"{column.field}__text")
    return names


def parse_submission(workbook: OpenedWorkbook, reference: Reference, received: dt.date | None = None
                     ) -> ParsedSubmission:
    """Read identity and both data sheets; every finding of every sheet is collected."""
    result = ParsedSubmission(findings=list(workbook.findings))
    header, findings = read_header(workbook)
    result.findings += findings
    zorgkantoor, peildatum, findings = parse_identity(header, reference, received)
    result.findings += findings
    result.zorgkantoor = zorgkantoor
    if peildatum is not None:
        result.peildatum_date = peildatum
        result.peildatum = peildatum_key(peildatum)
        result.peildatum_row = header[layout.KEY_PEILDATUM][0]
    for sheet_name, columns in layout.SHEET_COLUMNS.items():
        sheet = _find_sheet(workbook, sheet_name, result.findings)
        if sheet is None:
            continue
        frame, findings = parse_table(sheet, columns, reference)
        result.findings += findings
        if sheet_name == layout.SHEET_REGIOS:
            result.regions = frame
        else:
            result.projects = frame
            result.findings += look_alike_ids(frame, sheet.name)
    return result


def look_alike_ids(projects: pd.DataFrame | None, sheet: str) -> list[Finding]:
    """Project-IDs that differ only in case, an invisible character or a look-alike letter: two projects or
    one? Exact duplicates are the duplicate rule's; here only IDs that are not equal but read the same."""
    if projects is None or not len(projects):
        return []
    first: dict[str, tuple[str, int]] = {}  # skeleton → (ID, Excel row) of its first occurrence
    findings = []
    for project_id, row in zip(projects["project_id"].tolist(), projects["excel_row"].tolist(), strict=True):
        if not isinstance(project_id, str):
            continue
        key = skeleton(project_id)
        seen = first.setdefault(key, (project_id, int(row)))
        if seen[0] != project_id:
            findings.append(finding("project.id_lijkt_dubbel", sheet=sheet, row=int(row), column="Project-ID",
                                    value=display_value(project_id), other=display_value(seen[0]),
                                    other_row=seen[1], difference=look_alike_difference(project_id, seen[0])))
    return findings

