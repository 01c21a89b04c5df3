"""Writing .xlsx files that are byte-for-byte reproducible and never evaluate submitted text."""

from __future__ import annotations

import io
import os
import re
import zipfile
from pathlib import Path

from openpyxl.cell.cell import Cell
from openpyxl.workbook import Workbook

from pipeline.visible import visible

FIXED_TIMESTAMP = (2020, 1, 1, 0, 0, 0)
_CORE_DATES = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")
# Text that Excel or another spreadsheet might read as a formula when the cell is edited.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")


def put_text(cell: Cell, value: object) -> Cell:
    """Store a value as literal text: never a formula, also not after editing the cell.

    Control characters, which openpyxl refuses, are shown by their code ([U+000B]).
    """
    if value is None:
        cell.value = None
        return cell
    text = visible(str(value))
    cell.value = text  # openpyxl treats a leading '=' as a formula: force a string below
    cell.data_type = "s"
    if text.startswith(FORMULA_PREFIXES):
        cell.quotePrefix = True
    return cell


def save_deterministic(workbook: Workbook, path: Path) -> None:
    """Save with fixed zip timestamps and document dates, atomically."""
    workbook.properties.creator = "WIR-monitor"
    workbook.properties.lastModifiedBy = "WIR-monitor"
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    output = io.BytesIO()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for item in sorted(source.infolist(), key=lambda i: i.filename != "[Content_Types].xml"):
            data = source.read(item.filename)
            if item.filename == "docProps/core.xml":
                data = _CORE_DATES.sub(rb"\g<1>2020-01-01T00:00:00Z\g<3>", data)
            info = zipfile.ZipInfo(item.filename, date_time=FIXED_TIMESTAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            target.writestr(info, data)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    try:
        partial.write_bytes(output.getvalue())
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)  # never left behind, also when the target cannot be written
