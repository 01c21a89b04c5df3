"""Hostile workbooks, built by rewriting the parts of a good .xlsx: bombs, huge sheets, entity expansion."""

from __future__ import annotations

import zipfile
from pathlib import Path

PROJECTEN_XML = "xl/worksheets/sheet3.xml"


def rewrite(source: Path, target: Path, replace: dict[str, object]) -> Path:
    """Copy an .xlsx, replacing parts; a value may be bytes or a generator of byte chunks (streamed)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        names = [i.filename for i in old.infolist()]
        for name in [*names, *(n for n in replace if n not in names)]:
            content = replace.get(name, old.read(name) if name in names else b"")
            with new.open(name, "w", force_zip64=True) as member:
                for chunk in [content] if isinstance(content, bytes) else content:
                    member.write(chunk)
    return target


def zeros(megabytes: int):
    for _ in range(megabytes):
        yield bytes(2**20)


def million_rows():
    yield b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/' \
          b'spreadsheetml/2006/main"><sheetData>'
    for start in range(1, 1_000_001, 10_000):
        yield "".join(f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>x</t></is></c></row>'
                      for n in range(start, start + 10_000)).encode()
    yield b"</sheetData></worksheet>"


def entity_bomb() -> bytes:
    entities = '<!ENTITY a0 "wirwirwirwir">' + "".join(
        f'<!ENTITY a{i} "{("&a" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
    return ('<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE worksheet [' + entities + ']>'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            '<row r="1"><c r="A1" t="inlineStr"><is><t>&a9;</t></is></c></row></sheetData></worksheet>').encode()
