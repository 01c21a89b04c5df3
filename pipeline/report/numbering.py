"""The number each workbook table gets in the report, read from the analysts' texts without rendering them.

Tables are numbered in order of appearance: every `tabel(...)` and `kenmerken()` in the letter and the
chapters, in file order. The tables workbook is written before the report, so it reads the numbers here;
a test holds them equal to the rendered document's.
"""

from __future__ import annotations

from jinja2 import TemplateSyntaxError, nodes

from pipeline.reference.keys import match_key
from pipeline.report.expressions import parse
from pipeline.report.redactie import RedactieFolderError, Texts, load_texts, redactie_root
from pipeline.tables.model import Table

TABLE_CALLS = ("tabel", "kenmerken")  # the calls that place a numbered table


def planned_numbers(texts: Texts, tables: dict[str, Table]) -> dict[str, int]:
    """{table key: number} as the report will number them; empty when a text cannot be read (the report then
    stops with the reason, and the workbook carries no numbers)."""
    by_sheet = {match_key(table.sheet): key for key, table in tables.items()}
    numbers: dict[str, int] = {}
    count = 0
    for source in (texts.letter, *texts.chapters):
        try:
            tree = parse(source.text)
        except TemplateSyntaxError:
            return {}
        for call in tree.find_all(nodes.Call):
            name = call.node.name if isinstance(call.node, nodes.Name) else None
            if name not in TABLE_CALLS:
                continue
            count += 1
            if name == "tabel":
                argument = call.args[0] if call.args else None
                key = by_sheet.get(match_key(argument.value)) if isinstance(argument, nodes.Const) else None
                if key is None:
                    return {}
                numbers.setdefault(key, count)
    return numbers


def report_table_numbers(peildatum: str, tables: dict[str, Table]) -> dict[str, int]:
    """The numbers for the texts of `peildatum` in $WIR_REDACTIE_DIR (or the skeleton)."""
    try:
        return planned_numbers(load_texts(redactie_root(), peildatum), tables)
    except RedactieFolderError:
        return {}
