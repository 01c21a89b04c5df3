"""`wir-monitor redactie` then `wir-monitor run`, as the analyst does it, on a copy of the seed-003 project."""

from __future__ import annotations

import re
import shutil

from docx import Document as open_word
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.conftest import Project

PEILDATUM = "2020-10"
CHAPTER = """# Procesresultaten zorgkantoorregio's

## Projecten

Er lopen {{ cel("Projectstatus", "Lopend", "nu") }} projecten ({{ aandeel("Projectstatus", "Lopend", "nu") }}).

{{ tabel("Projectstatus") }}
"""


def test_texts_then_run_give_html_pdf_and_docx_and_a_wrong_name_stops_only_the_report(
        seed_project, tmp_path, monkeypatch, capsys):
    root = tmp_path / "kopie"
    shutil.copytree(seed_project.root, root, ignore=shutil.ignore_patterns(".chromium-test"))
    monkeypatch.chdir(root)
    monkeypatch.setenv("DAGSTER_HOME", str(root))
    project = Project(root)
    assert project.cli("redactie", "--peildatum", PEILDATUM) == 0
    chapter = root / "redactie" / PEILDATUM / "03-procesresultaten.md"
    chapter.write_text(CHAPTER.replace('"Lopend", "nu") }} projecten', '"Lopnd", "nu") }} projecten'),
                       encoding="utf-8")
    workbook = root / "reports" / PEILDATUM / f"tabellen-{PEILDATUM}.xlsx"
    workbook.unlink()
    capsys.readouterr()

    assert project.cli("run", "--peildatum", PEILDATUM) == 2
    message = capsys.readouterr().err
    assert f"{PEILDATUM}/03-procesresultaten.md, regel 5: rij \"Lopnd\" bestaat niet" in message
    assert '"Lopend"' in message and "Meld dit" not in message
    assert workbook.exists()  # the tables are written all the same

    chapter.write_text(CHAPTER, encoding="utf-8")
    assert project.cli("run", "--peildatum", PEILDATUM) == 0
    folder = root / "reports" / PEILDATUM
    page = (folder / f"voortgangsrapportage-{PEILDATUM}.html").read_text(encoding="utf-8")
    text = " ".join(re.sub(r"<[^>]+>", " ", re.sub(r"<script.*?</script>", "", page, flags=re.S)).split())
    assert "Er lopen 244 projecten (77%)." in text
    table = re.search(r'<figure id="tabel-(\d+)" data-tabel="projectstatus".*?</figure>', page, re.S)
    assert re.search(r'<th scope="row">Lopend</th><td class="aantal">237</td><td class="aantal">244</td>',
                     table.group(0))
    number = table.group(1)
    sheet = load_workbook(workbook)["Projectstatus"]
    assert sheet["A1"].value.startswith(f"Tabel {number}. ") and sheet["A1"].value.endswith("CONCEPT")
    reader = PdfReader(folder / f"voortgangsrapportage-{PEILDATUM}.pdf")
    assert "2 Procesresultaten zorgkantoorregio's" in [item.title for item in reader.outline
                                                      if not isinstance(item, list)]
    word = open_word(str(folder / f"voortgangsrapportage-{PEILDATUM}.docx"))
    assert any("Er lopen 244 projecten (77%)." in p.text for p in word.paragraphs)
