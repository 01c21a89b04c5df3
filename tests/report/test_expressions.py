"""The analysts' text: every expression form renders the figure of its table, every mistake names file and line.

Chapters are written into a real redactie folder and rendered against the seed-003 warehouse (the real
pipeline's output), as `wir-monitor run` renders them.
"""

from __future__ import annotations

import re

import duckdb
import pytest

from pipeline.reference import load_reference
from pipeline.report.document import national_document
from pipeline.report.expressions import RedactieError
from pipeline.report.render import render_html

PEILDATUM = "2020-10"
COVER = """---
titel: Voortgangsrapportage
afzender: Zorgverzekeraars Nederland
datum: 26 januari 2021
---
Graag bieden wij u de rapportage aan.
"""


@pytest.fixture(scope="module")
def connection(seed_project):
    with duckdb.connect(str(seed_project.warehouse), read_only=True) as opened:
        yield opened


def _write(root, chapter: str, name: str = "03-test.md"):
    folder = root / PEILDATUM
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "omslag.md").write_text(COVER, encoding="utf-8")
    (folder / name).write_text(chapter, encoding="utf-8")
    return folder


def _document(connection, tmp_path, chapter: str):
    _write(tmp_path, chapter)
    return national_document(connection, load_reference(), PEILDATUM, tmp_path)


def _text(document) -> str:
    page = render_html(document)
    body = re.sub(r"<script.*?</script>", " ", page, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", body).split())


def _error(connection, tmp_path, chapter: str) -> RedactieError:
    with pytest.raises(RedactieError) as raised:
        _document(connection, tmp_path, chapter)
    return raised.value


def _cell(seed_project, table_key: str, row: str, column: str) -> float:
    return seed_project.query("""SELECT number FROM published_tables WHERE peildatum = ? AND table_key = ?
                                 AND row_label = ? AND col_label = ?""", [PEILDATUM, table_key, row, column]
                              ).iloc[0, 0]


def test_a_cell_renders_the_value_of_its_table(connection, tmp_path, seed_project):
    document = _document(connection, tmp_path, "# Test\n\n"
                         'Nu {{ cel("Projectstatus", "Lopend", "nu") }}, eerder '
                         '{{ cel("projectstatus", " lopend ", "vorige") }}, in okt-20 '
                         '{{ cel("Visie", "Fase 5:\u00a0Strategische keuzes", "okt-20") }}, technologie '
                         '{{ cel("Thema Technologie", "Totaal", "nu", blok="Impact") }}.\n\n'
                         '{{ tabel("Projectstatus") }}\n')
    text = _text(document)
    running = int(_cell(seed_project, "projectstatus", "Lopend", "okt-20"))
    before = int(_cell(seed_project, "projectstatus", "Lopend", "mrt-20"))
    top = int(_cell(seed_project, "visie", "Fase 5: Strategische keuzes", "okt-20"))
    assert f"Nu {running}, eerder {before}, in okt-20 {top}, technologie 46." in text
    assert (running, before, top) == (244, 237, 18)  # seed 003's Tabel 6 and Tabel 3
    # The same figure stands in the table of the same document.
    assert re.search(rf"Lopend {before} {running}", text)


def test_a_share_is_a_dutch_percentage_of_the_column_total(connection, tmp_path):
    text = _text(_document(connection, tmp_path, '# Test\n\n{{ aandeel("Projectstatus", "Lopend", "nu") }} loopt.'))
    assert "77% loopt." in text  # 244 of 318


def test_peildatum_names_and_blocks(connection, tmp_path):
    document = _document(connection, tmp_path, "# Test\n\n"
                         "Peildatum {{ peildatum }}, vorige {{ vorige_peildatum }}.\n\n"
                         '{{ grafiek("Visie") }}\n\n{{ tabel("Visie") }}\n\n{{ signalen() }}\n\n'
                         "{{ kerncijfers() }}\n\n{{ fasen() }}\n\n{{ kenmerken() }}\n")
    text = _text(document)
    assert "Peildatum oktober 2020, vorige maart 2020." in text
    kinds = [(e.kind, e.number, e.table.key) for e in document.exhibits()]
    assert kinds == [("figuur", 1, "visie"), ("tabel", 1, "visie"), ("tabel", 2, "kenmerken")]
    assert "Fase 5: Strategische keuzes" in text and "lange termijnvisie vastgesteld" in text  # phase notes
    assert "Er zijn 38 van de 318 projecten afgerond" in text


def test_a_project_card_shows_the_submitted_project(connection, tmp_path, seed_project):
    project = seed_project.query("""SELECT project_id, projectnaam, regio, hoofdrubriek_label, concessiehouder
                                    FROM projects_per_peildatum WHERE peildatum = ? AND concessiehouder = 'CZ'
                                    ORDER BY project_id LIMIT 1""", [PEILDATUM]).iloc[0]
    document = _document(connection, tmp_path, f'# Test\n\n{{{{ project("{project.project_id}") }}}}\n')
    card = document.chapters[0].blocks[0]
    assert (card.project_id, card.name) == (project.project_id, project.projectnaam)
    assert ("Regio", project.regio) in card.fields and ("Hoofdrubriek", project.hoofdrubriek_label) in card.fields
    assert any(label.startswith("Impact (expertoordeel)") for label, _ in card.fields)


@pytest.mark.parametrize(("chapter", "line", "words"), [
    ('# T\n\nTekst.\n\n{{ cel("Visei", "Fase 4: Dialoogsessie", "nu") }}', 5,
     ['tabblad "Visei" bestaat niet', '"Visie"']),
    ('# T\n\n{{ cel("Visie", "Fase 4: Dialoogsesie", "nu") }}', 3,
     ['rij "Fase 4: Dialoogsesie" bestaat niet', '"Fase 4: Dialoogsessie"']),
    ('# T\n\n\n{{ cel("Visie", "Totaal", "okt-2020") }}', 4, ['kolom "okt-2020" bestaat niet', '"okt-20"']),
    ('# T\n\n{{ cel("Visie", "Totaal", "nu" }}', 3, ["syntaxfout"]),
    ('# T\n\n{{ tabel("Visie") | upper }}', 3, ["toegestaan zijn"]),
    ("# T\n\n{{ kolom }}", 3, ['onbekende naam "kolom"']),
    ('# T\n\n{{ grafiek("Regio\'s") }}', 3, ["geen grafiek"]),
    ('# T\n\n{{ project("GEEN-ID") }}', 3, ['project "GEEN-ID"']),
    ('# T\n\n{{ cel("Thema Technologie", "Totaal", "nu") }}', 3, ['blok="Impact"']),
    ("Geen kop.\n", 1, ["begint met zijn kop"]),
])
def test_every_mistake_names_file_line_and_nearest_names(connection, tmp_path, chapter, line, words):
    error = _error(connection, tmp_path, chapter)
    assert (error.file, error.line) == (f"{PEILDATUM}/03-test.md", line)
    assert error.dutch_message.startswith(f"{PEILDATUM}/03-test.md, regel {line}: ")
    for word in words:
        assert word in error.dutch_message, error.dutch_message


def test_a_typed_percentage_or_count_is_a_warning_with_file_and_line(connection, tmp_path):
    document = _document(connection, tmp_path, "# T\n\nEen berekend {{ aandeel(\"Visie\", \"Totaal\", \"nu\") }}.\n"
                         "In 84% van de gevallen.\nDat zijn 12 regio's en 3 projecten.\nIn 2021 begint fase 2.\n")
    found = [(w.file, w.line, w.text.split('"')[1]) for w in document.warnings]
    assert found == [(f"{PEILDATUM}/03-test.md", 4, "84%"), (f"{PEILDATUM}/03-test.md", 5, "12 regio's"),
                     (f"{PEILDATUM}/03-test.md", 5, "3 projecten")]
    assert all("gebruik een berekend getal" in w.text for w in document.warnings)


def test_an_error_in_the_letter_counts_lines_of_the_whole_file(connection, tmp_path):
    folder = _write(tmp_path, "# T\n")
    (folder / "omslag.md").write_text(COVER + '\n{{ cel("Visie", "Totaal", "gisteren") }}\n', encoding="utf-8")
    with pytest.raises(RedactieError) as raised:
        national_document(connection, load_reference(), PEILDATUM, tmp_path)
    assert (raised.value.file, raised.value.line) == (f"{PEILDATUM}/omslag.md", 8)


def test_chapters_are_numbered_appendices_and_marked_headings_not(connection, tmp_path):
    _write(tmp_path, "# Samenvatting {-}\n\nTekst.\n", "01-samenvatting.md")
    _write(tmp_path, "# Inleiding\n\n## Aanleiding\n\n### Detail\n\n## Leeswijzer {-}\n", "02-inleiding.md")
    _write(tmp_path, "# Procesresultaten\n\n## Fasen\n", "03-test.md")
    _write(tmp_path, "# Bijlage 1: Regio's\n\n## Per regio\n", "09-bijlage.md")
    document = national_document(connection, load_reference(), PEILDATUM, tmp_path)
    # The region pages follow as the next appendix, numbered after the analysts' own.
    assert [c.heading for c in document.chapters] == ["Samenvatting", "1 Inleiding", "2 Procesresultaten",
                                                      "Bijlage 1: Regio's", "Bijlage 2: Regiopagina's"]
    assert [(e.level, e.title) for e in document.toc()] == [
        (1, "Samenvatting"), (1, "1 Inleiding"), (2, "1.1 Aanleiding"), (2, "Leeswijzer"),
        (1, "2 Procesresultaten"), (2, "2.1 Fasen"), (1, "Bijlage 1: Regio's"), (2, "Per regio"),
        (1, "Bijlage 2: Regiopagina's")]
    assert document.chapters[1].blocks[1].number == "1.1.1"


@pytest.mark.parametrize("chapter", [None, '# T\n\n{{ tabel("Impact") }}\n\n{{ kenmerken() }}\n\n{{ tabel("Visie") }}\n'
                                           '{{ grafiek("Visie") }}{{ tabel("impact") }}\n'])
def test_the_workbook_numbers_its_sheets_as_the_report_numbers_its_tables(connection, tmp_path, chapter):
    """The workbook is written before the report; it reads the numbers from the texts without rendering them."""
    from pipeline.report.numbering import planned_numbers
    from pipeline.report.redactie import load_texts
    from pipeline.tables.store import load_tables

    if chapter is not None:
        _write(tmp_path, chapter)
    document = national_document(connection, load_reference(), PEILDATUM, tmp_path)
    planned = planned_numbers(load_texts(tmp_path, PEILDATUM), load_tables(connection, PEILDATUM))
    assert planned == {key: n for key, n in document.table_numbers().items() if key != "kenmerken"}
    assert planned == ({"impact": 1, "visie": 3} if chapter else
                       {"afspraken": 1, "dynamiek": 2, "visie": 3, "rubriek_x_concessiehouder": 4,
                        "betrokkenheid": 5, "projectstatus": 6, "nieuwe_projecten": 7, "impact": 8, "delen": 9,
                        "opschaalbaarheid": 10, "opschaalbaarheid_x_rubriek": 11, "thema_TE": 12,
                        "begroting_x_rubriek": 13, "begroting_x_concessiehouder": 14, "regios": 15,
                        "trend_fasen": 16, "trend_projectstatus": 17, "datakwaliteit": 18})
