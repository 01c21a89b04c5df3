"""The numbered tables of a rendered report page, read from its HTML."""

from __future__ import annotations

import html
import re

_FIGURE = re.compile(r'<figure id="tabel-(\d+)" data-tabel="([^"]+)".*?</figure>', re.S)
_ROW_LABEL = re.compile(r'<tr class="[^"]*"><th scope="row">(.*?)</th>')


def figures(page: str) -> dict[int, tuple[str, list[str]]]:
    """{table number: (table key, row labels)} from the report HTML."""
    # A label may be a link (Bijlage 1's regions link to their pages): its text.
    return {int(m.group(1)): (m.group(2), [html.unescape(re.sub(r"<[^>]+>", "", label))
                                          for label in _ROW_LABEL.findall(m.group(0))])
            for m in _FIGURE.finditer(page)}
