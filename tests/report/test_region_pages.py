"""The region pages and Bijlage 1 (#18) in the real rendered reports of the seed run, against the warehouse."""

from __future__ import annotations

import re

import lxml.html
import pytest

from pipeline.periods import short_label
from pipeline.reference import load_reference
from pipeline.report.regions import region_anchors
from pipeline.report.signals import PHASE_NAMES
from pipeline.tables.model import amount_text
from tests.conftest import HOSTILE_NAME

PEILDATUM = "2020-10"
DIMENSIONS = ("afspraken", "dynamiek", "visie")


@pytest.fixture(scope="module")
def folder(seed_project):
    return seed_project.reports / PEILDATUM


@pytest.fixture(scope="module")
def national(folder):
    return lxml.html.fromstring((folder / f"voortgangsrapportage-{PEILDATUM}.html").read_bytes())


def _text(element) -> str:
    return " ".join(element.text_content().replace("\u00ad", "").split())  # without the soft hyphens


def _page(tree, anchor: str):
    found = tree.xpath(f'//section[@class="regiopagina"][@id="{anchor}"]')
    assert len(found) == 1, anchor
    return found[0]


def _hostile_region(seed_project) -> str:
    return seed_project.query(f"""SELECT regio FROM projects_per_peildatum WHERE peildatum = '{PEILDATUM}'
                                  AND projectnaam = '{HOSTILE_NAME}'""")["regio"][0]


def test_a_region_page_shows_every_phase_and_project_of_the_warehouse(seed_project, folder, national):
    regio = _hostile_region(seed_project)  # a VGZ region whose project is named in markup
    page = _page(national, region_anchors(load_reference())[regio])
    assert _text(page.xpath("h3")[0]) == regio
    facts = dict(zip((_text(e) for e in page.xpath('dl[@class="regiokenmerken"]/dt')),
                     (_text(e) for e in page.xpath('dl[@class="regiokenmerken"]/dd')), strict=True))
    region = seed_project.query(f"SELECT * FROM ref_regions WHERE regio = '{regio}'").iloc[0]
    assert facts == {"Zorgkantoorregio": region["zorgkantoorregio"], "Zorgkantoor": region["concessiehouder"],
                     "Concessiehouder": region["rapportagegroep"]}

    stored = seed_project.query(f"""
        SELECT peildatum, concessiehouder, afspraken, dynamiek, visie, afspraken_label, dynamiek_label,
               visie_label, toelichting
        FROM regions_per_peildatum WHERE regio = '{regio}' AND peildatum <= '{PEILDATUM}' ORDER BY peildatum""")
    assert len(stored) >= 3  # the seed has this region at several peildata
    header = [_text(th) for th in page.xpath('.//table[@class="fasen-per-peildatum"]/thead//th')]
    assert header == ["Peildatum", *(PHASE_NAMES[d] for d in DIMENSIONS)]
    shown = [(row.get("data-peildatum"), _text(row.xpath("th")[0]),
              [(td.get("data-fase"), _text(td)) for td in row.xpath("td")])
             for row in page.xpath('.//table[@class="fasen-per-peildatum"]/tbody/tr')]
    assert shown == [(r.peildatum, short_label(r.peildatum),
                      [(str(int(getattr(r, d))), getattr(r, f"{d}_label")) for d in DIMENSIONS])
                     for r in stored.itertuples()]
    # The chart has a point per peildatum and dimension, its hover text the exact phase.
    tips = [_text(t) for t in page.xpath('.//div[@class="fasenlijn"]//*[local-name()="title"]')]
    for r in stored.itertuples():
        for d in DIMENSIONS:
            assert f"{PHASE_NAMES[d]}, {short_label(r.peildatum)}: {getattr(r, f'{d}_label')}" in tips

    explained = [(r.peildatum, r.concessiehouder, r.toelichting.strip()) for r in stored.itertuples()
                 if isinstance(r.toelichting, str) and r.toelichting.strip()]
    assert [(_text(dt_), _text(dd)) for dt_, dd in zip(page.xpath('dl[@class="toelichtingen"]/dt'),
                                                       page.xpath('dl[@class="toelichtingen"]/dd'), strict=True)] \
        == [(f"{short_label(p)} ({z})", " ".join(t.split())) for p, z, t in explained]

    projects = seed_project.query(f"""
        SELECT project_id, projectnaam, hoofdrubriek_label, projectstatus_label, impact_label,
               opschaalbaarheid_label, startjaar, begroting
        FROM projects_per_peildatum WHERE peildatum = '{PEILDATUM}' AND regio = '{regio}' ORDER BY project_id""")
    assert len(projects) >= 2 and HOSTILE_NAME in set(projects["projectnaam"])
    rows = page.xpath('.//table[contains(@class, "projecten")]/tbody/tr')
    listed = sorted((row.get("data-project-id"), [_text(td) for td in row.xpath("td")]) for row in rows)
    expected = []
    for p in projects.itertuples():
        budget = "–" if p.begroting != p.begroting or p.begroting is None else amount_text(p.begroting)
        expected.append((p.project_id, [f"{p.projectnaam} {p.project_id}", p.hoofdrubriek_label,
                                        p.projectstatus_label, p.impact_label, p.opschaalbaarheid_label,
                                        str(int(p.startjaar)), budget]))
    assert listed == sorted(expected)
    assert f"Projecten op peildatum {short_label(PEILDATUM)} ({len(projects)})" in _text(page)


def test_submitted_text_on_a_region_page_stays_text(seed_project, folder):
    source = (folder / f"voortgangsrapportage-{PEILDATUM}.html").read_text(encoding="utf-8")
    assert HOSTILE_NAME not in source
    page = _page(lxml.html.fromstring(source), region_anchors(load_reference())[_hostile_region(seed_project)])
    assert HOSTILE_NAME in _text(page)


def test_every_reporting_region_has_one_page_linked_from_bijlage_1(national):
    reference = load_reference()
    anchors = region_anchors(reference)
    pages = [section.get("id") for section in national.xpath('//section[@class="regiopagina"]')]
    assert pages == [anchors[r.regio] for r in reference.reporting_regions] and len(pages) == 34
    figure = national.xpath('//figure[@data-tabel="regios"]')[0]
    links = {_text(a): a.get("href") for a in figure.xpath(".//tbody/tr/th/a")}
    assert links == {regio: f"#{anchor}" for regio, anchor in anchors.items()}
    appendix = national.xpath('//section[@id="h-regiopaginas"]/h2')[0]
    assert _text(appendix) == "Bijlage 4: Regiopagina's"  # after the skeleton's Bijlage 1 to 3


def test_bijlage_1_has_the_concessiehouder_and_an_arrow_for_each_change(seed_project, national):
    figure = national.xpath('//figure[@data-tabel="regios"]')[0]
    assert [_text(th) for th in figure.xpath(".//thead//th")] == [
        "Regio", "Zorgkantoorregio", "Concessiehouder", *(PHASE_NAMES[d] for d in DIMENSIONS)]
    holders = dict(seed_project.query("SELECT regio, rapportagegroep FROM ref_regions WHERE in_rapportage")
                   .itertuples(index=False))
    previous = seed_project.query(f"""SELECT max(peildatum) AS p FROM regions_per_peildatum
                                      WHERE peildatum < '{PEILDATUM}'""")["p"][0]
    codes = {(r.regio, r.peildatum): r for r in seed_project.query(
        f"""SELECT regio, peildatum, afspraken, dynamiek, visie FROM regions_per_peildatum
            WHERE peildatum IN ('{previous}', '{PEILDATUM}') AND in_rapportage""").itertuples()}
    arrows = 0
    for row in figure.xpath(".//tbody/tr[not(@class='onderschrift')]"):
        regio = _text(row.xpath("th")[0])
        cells = row.xpath("td")
        assert _text(cells[1]) == holders[regio]
        for dimensie, cell in zip(DIMENSIONS, cells[2:], strict=True):
            marks = cell.xpath('span[contains(@class, "verandering")]')
            now, before = codes.get((regio, PEILDATUM)), codes.get((regio, previous))
            if now is None or before is None or getattr(now, dimensie) == getattr(before, dimensie):
                assert marks == [], (regio, dimensie)
                continue
            risen = int(getattr(now, dimensie)) > int(getattr(before, dimensie))
            words = f"{'gestegen' if risen else 'gedaald'} van fase {int(getattr(before, dimensie))}"
            (mark,) = marks
            assert mark.get("title") == words and _text(mark.xpath('span[@class="sr"]')[0]) == words
            assert _text(mark.xpath('span[@aria-hidden="true"]')[0]) == ("▲" if risen else "▼")
            arrows += 1
    assert arrows >= 5  # the seed's regions do move between its last two peildata


def test_a_zorgkantoor_report_holds_only_its_own_region_pages(folder):
    reference = load_reference()
    anchors = region_anchors(reference)
    for zorgkantoor, name in (("VGZ", "vgz"), ("Zilveren Kruis", "zilveren-kruis")):
        tree = lxml.html.fromstring((folder / "zorgkantoren" / f"{name}.html").read_bytes())
        pages = [s.get("id") for s in tree.xpath('//section[@class="regiopagina"]')]
        own = [anchors[r.regio] for r in reference.reporting_regions if r.concessiehouder == zorgkantoor]
        assert pages == own and own
        linked = {a.get("href") for a in tree.xpath('//figure[@data-tabel="eigen_regios"]//tbody//th/a')}
        assert linked == {f"#{anchor}" for anchor in own}
    dsw = (folder / "zorgkantoren" / "dsw.html").read_text(encoding="utf-8")
    assert 'class="regiopagina"' not in dsw  # DSW's region is no reporting region


def test_the_word_version_has_the_region_pages_with_their_phases(folder):
    from docx import Document

    word = Document(str(folder / f"voortgangsrapportage-{PEILDATUM}.docx"))
    headings = [p.text for p in word.paragraphs if p.style.name == "Heading 3"]
    reference = load_reference()
    assert [r.regio for r in reference.reporting_regions] == [h for h in headings if h in
                                                              {r.regio for r in reference.reporting_regions}]
    phase_tables = [t for t in word.tables if t.rows[0].cells[0].text == "Peildatum"]
    assert len(phase_tables) == 34
    assert re.fullmatch(r"[a-z]{3}-\d\d", phase_tables[0].rows[1].cells[0].text)
