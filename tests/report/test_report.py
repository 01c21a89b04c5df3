"""The rendered report, as ZN staff and the ministry see it: checked on the real HTML and PDF."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from decimal import ROUND_HALF_UP, Decimal
from html.parser import HTMLParser

import pytest
from openpyxl import load_workbook

from pipeline.report.formatting import nl_int, nl_percent
from pipeline.report.pdf import find_chromium
from pipeline.tables.texts import TEXTS
from tests.conftest import HOSTILE_NAME

PEILDATUM = "2020-10"
EXTERNAL = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)


class ReportParser(HTMLParser):
    """Collects the tables per figure (by data-tabel), the text, and every src/href."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.figures: dict[str, list[list[str]]] = {}
        self.links: list[tuple[str, str, str]] = []
        self.text: list[str] = []
        self._figure: str | None = None
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name in ("src", "href"):
            if attributes.get(name):
                self.links.append((tag, name, attributes[name]))
        if tag == "script":
            self._in_script = True
        if tag == "figure":
            self._figure = attributes.get("data-tabel")
            self.figures[self._figure] = []
        elif tag == "tr" and self._figure and attributes.get("class") != "onderschrift":  # the caption row
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False
        elif tag in ("td", "th") and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.figures[self._figure].append(self._row)
            self._row = None
        elif tag == "figure":
            self._figure = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)
        if not self._in_script:
            self.text.append(data)


def _parse(path) -> ReportParser:
    parser = ReportParser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


@pytest.fixture(scope="module")
def folder(seed_project):
    return seed_project.reports / PEILDATUM


@pytest.fixture(scope="module")
def report(folder):
    return _parse(folder / f"voortgangsrapportage-{PEILDATUM}.html")


def test_all_report_files_are_written(folder):
    assert (folder / f"voortgangsrapportage-{PEILDATUM}.html").stat().st_size > 100_000
    assert (folder / f"voortgangsrapportage-{PEILDATUM}.pdf").read_bytes().startswith(b"%PDF")
    assert (folder / f"voortgangsrapportage-{PEILDATUM}.docx").read_bytes().startswith(b"PK")
    # DSW too: its own page, outside the national tables.
    assert sorted(p.name for p in (folder / "zorgkantoren").glob("*.html")) == [
        "cz.html", "dsw.html", "eno.html", "menzis.html", "vgz.html", "zilveren-kruis.html", "zorg-en-zekerheid.html"]


def _whole_percent(part: int, whole: int) -> int:
    """A share in whole percents, half up (not Python's round, which rounds half to even)."""
    return int((Decimal(100 * int(part)) / int(whole)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _as_excel_shows(fraction: float, number_format: str) -> str:
    """A fraction as Excel shows it with a format such as 0.0%: 15 significant digits, then half up."""
    digits = len(number_format.split(".")[1].rstrip("%")) if "." in number_format else 0
    shown = (Decimal(f"{fraction:.15g}") * 100).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    return f"{shown}%".replace(".", ",")


def _shown(value, number_format: str) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, dt.datetime):
        return f"{value:%d-%m-%Y %H:%M}"
    if "€" in number_format:  # € #,##0
        return f"€ {nl_int(value)}"
    return _as_excel_shows(value, number_format) if "%" in number_format else nl_int(value)


def _trimmed(row: list[str]) -> list[str]:
    """A block heading row has empty cells: compare without trailing empties."""
    while row and row[-1] == "":
        row = row[:-1]
    return row


_CHANGE = re.compile(r"\s*[▲▼]\s*(?:gestegen|gedaald) van fase \d+$")


def _as_sheet(key: str, row: list[str]) -> list[str]:
    """Bijlage 1 as the workbook has it: without the report's Concessiehouder column and change arrows
    (tests/report/test_region_pages.py checks those)."""
    row = [cell.replace("\u00ad", "") for cell in row]  # a header's soft hyphens
    if key != "regios":
        return row
    return [_CHANGE.sub("", cell) for index, cell in enumerate(row) if index != 2]


def test_every_workbook_table_appears_with_the_same_numbers(folder, report):
    workbook = load_workbook(folder / f"tabellen-{PEILDATUM}.xlsx")
    keys = {text.sheet: key for key, text in TEXTS.items()} | {"Thema Technologie": "thema_TE"}
    for sheet in workbook.worksheets:
        expected = [_trimmed([_shown(c.value, c.number_format) for c in row]) for row in sheet.iter_rows(min_row=2)]
        key = keys[sheet.title]
        assert [_trimmed(_as_sheet(key, row)) for row in report.figures[key]] == expected, sheet.title


def test_the_summary_states_the_warehouse_figures(seed_project, report):
    text = " ".join(" ".join(report.text).split())

    def count(condition: str) -> int:
        return int(seed_project.query(
            f"SELECT count(*) AS n FROM projects_per_peildatum WHERE in_rapportage AND peildatum = '{PEILDATUM}' "
            f"AND {condition}")["n"][0])

    total, completed = count("TRUE"), count("projectstatus IN ('AS', 'ANS')")
    successful = count("projectstatus = 'AS'")
    assert (total, completed, successful) == (318, 38, 31)  # as published in seed 003
    assert (f"Er zijn {completed} van de {total} projecten afgerond; {successful} daarvan "
            f"({_whole_percent(successful, completed)}%) succesvol") in text
    running, scalable = count("projectstatus = 'L'"), count("opschaalbaarheid IN ('JR', 'JA', 'JL')")
    assert f"{running} projecten ({_whole_percent(running, total)}%) lopen" in text
    assert f"{scalable} projecten ({_whole_percent(scalable, total)}%) worden als opschaalbaar ingeschat" in text
    top = seed_project.query(f"""SELECT count(*) AS n FROM regions_per_peildatum
                                 WHERE in_rapportage AND peildatum = '{PEILDATUM}' AND afspraken = '4'""")["n"][0]
    assert f"Voor afspraken en convenanten zijn {top} van de 34 regio's ({_whole_percent(top, 34)}%)" in text
    assert "6 van de 6 zorgkantoren een geaccepteerde aanlevering; 34 van de 34 regio's" in text


def test_tables_are_numbered_in_order_with_dutch_captions(folder):
    """Tables and charts each numbered in order of appearance; the contents list them all."""
    page = (folder / f"voortgangsrapportage-{PEILDATUM}.html").read_text(encoding="utf-8")
    for kind in ("tabel", "figuur"):
        numbers = [int(n) for n in re.findall(rf'<figure id="{kind}-(\d+)"', page)]
        assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) >= 6, kind
        assert re.findall(rf'<a href="#{kind}-(\d+)">', page) == [str(n) for n in numbers]
    assert re.search(r"Tabel 1\. Stand van zaken fasering", page)


@pytest.mark.parametrize("name", ["voortgangsrapportage-2020-10.html", "zorgkantoren/vgz.html"])
def test_no_request_to_any_other_host(folder, name):
    links = _parse(folder / name).links
    assert [link for link in links if EXTERNAL.match(link[2])] == []


def test_the_dsw_page_shows_its_own_regions_without_the_national_comparison(folder):
    text = " ".join(" ".join(_parse(folder / "zorgkantoren" / "dsw.html").text).split())
    assert "Delft Westland Oostland" in text and "tellen daarom niet mee in de landelijke tabellen" in text
    assert "Landelijk" not in text


def test_submitted_text_is_shown_as_text(folder):
    page = (folder / "zorgkantoren" / "vgz.html").read_text(encoding="utf-8")
    assert HOSTILE_NAME not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert HOSTILE_NAME in " ".join(_parse(folder / "zorgkantoren" / "vgz.html").text)


def test_zorgkantoor_view_shows_its_own_figures_next_to_the_national_ones(seed_project, folder):
    view = _parse(folder / "zorgkantoren" / "vgz.html")
    status = view.figures["projectstatus"]
    assert status[0] == ["Projectstatus", "VGZ mrt-20", "VGZ okt-20", "Landelijk okt-20"]
    own = seed_project.query("""SELECT count(*) AS n FROM projects_per_peildatum
                                WHERE peildatum = '2020-10' AND concessiehouder = 'VGZ'""")["n"][0]
    assert status[-1] == ["Totaal", *status[-1][1:2], nl_int(own), "318"]


def test_pdf_has_every_table_and_chart_page(folder):
    pdf = folder / f"voortgangsrapportage-{PEILDATUM}.pdf"
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    report_numbers = [int(n) for n in re.findall(r"Tabel (\d+)\.", text)]
    assert sorted(set(report_numbers)) == list(range(1, max(report_numbers) + 1))
    assert "Er zijn 38 van de 318 projecten afgerond" in " ".join(text.split())
    assert re.search(r"pagina 2 van \d+", text)  # the cover has no page number
    # Charts print as vector graphics: each one's axis title is text in the PDF.
    html = (folder / f"voortgangsrapportage-{PEILDATUM}.html").read_text(encoding="utf-8")
    axis_titles = ("aantal regio's", "aantal projecten", "aandeel in de projecten van die periode",
                   "aandeel van de regio's")
    drawn = sum(text.count(title) for title in axis_titles)
    assert drawn == html.count('class="plotly-graph-div"') >= 6
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "A4" in info


def test_html_opens_offline_and_every_chart_renders(folder):
    page = folder / f"voortgangsrapportage-{PEILDATUM}.html"
    charts = page.read_text(encoding="utf-8").count('class="plotly-graph-div"')
    dom = subprocess.run(
        [find_chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
         f"--user-data-dir={folder / '.chromium-test'}", "--virtual-time-budget=15000", "--dump-dom",
         page.as_uri()], capture_output=True, text=True, timeout=120).stdout
    assert charts >= 6
    assert dom.count('class="main-svg"') >= charts  # plotly drew an SVG in every chart


_NEW_PLOT = re.compile(r'Plotly\.newPlot\(\s*"([^"]+)",\s*(\[.*?\]),\s*(\{.*?\}),\s*\{"displayModeBar', re.S)


@pytest.mark.parametrize("name", [f"voortgangsrapportage-{PEILDATUM}.html", "zorgkantoren/cz.html"])
def test_every_chart_is_a_valid_plotly_figure(folder, name):
    """The charts are written as figure dicts without plotly's validation; graph_objects checks them here."""
    import json

    import plotly.graph_objects as go

    html = (folder / name).read_text(encoding="utf-8")
    figures = _NEW_PLOT.findall(html)
    assert figures and len(figures) == html.count('class="plotly-graph-div"')
    for div_id, data, layout in figures:
        figure = go.Figure(data=json.loads(data), layout=json.loads(layout))  # raises on an unknown property
        assert figure.data and all(trace.type in ("bar", "scatter") for trace in figure.data), div_id
        assert figure.layout.template.layout.colorway, div_id  # the default template came along


def test_reports_embed_the_basic_plotly_bundle_of_the_pinned_plotly(folder):
    """The vendored basic bundle is the plotly.js version the plotly package ships (scripts/update-plotly-basic.sh)."""
    import plotly.offline

    from pipeline.report.charts import plotly_basic_js, plotly_basic_version

    assert plotly_basic_version() == plotly.offline.get_plotlyjs_version()
    html = (folder / f"voortgangsrapportage-{PEILDATUM}.html").read_text(encoding="utf-8")
    assert html.count(plotly_basic_js()) == 1
    assert plotly.offline.get_plotlyjs()[:2000] not in html  # not the full bundle as well


def test_a_chart_the_basic_bundle_cannot_draw_is_refused_when_written():
    from pipeline.report.charts import ChartWriter

    writer = ChartWriter()
    with pytest.raises(ValueError, match="scattergeo"):
        writer.html({"data": [{"type": "scattergeo", "lat": [52], "lon": [5]}], "layout": {}})
    assert "Plotly.newPlot" in writer.html({"data": [{"type": "bar", "x": [1], "y": [2]}], "layout": {}})


def test_a_zorgkantoor_with_one_region_reads_in_the_singular(folder):
    """ENO has one region: its summary says 'heeft' and '1 regio', never '1 regio's hebben'."""
    text = " ".join(" ".join(_parse(folder / "zorgkantoren" / "eno.html").text).split())
    assert "ENO heeft voor deze peildatum een geaccepteerde aanlevering; de regio heeft gegevens." in text
    assert "zorgkantoren een geaccepteerde" not in text
    assert not re.search(r"\b(zijn|hebben) 1 (van|regio|project)", text)
    assert not re.search(r"\b1 (regio's|projecten) (zijn|hebben|lopen|starten|worden|gestegen)\b", text)


def test_summary_sentences_agree_with_counts_of_one():
    from pipeline.report.facts import PhaseFacts, ProjectFacts, ReportFacts
    from pipeline.report.summary import summary

    phase = PhaseFacts(dimensie="afspraken", top_label="Fase 4: Implementatiefase", in_top=1, in_top_before=0,
                       regions=1, risen=1, same=0, fallen=0, not_comparable=0)
    projects = ProjectFacts(total=1, total_before=1, completed=1, successful=1, running=1, not_started=1, stopped=1,
                            successful_before=None, completed_before=None, new=1, earlier=0,
                            top_new_label="Technologie", top_new=1, shareable=1, shareable_soon=1, scalable=1,
                            nationally_scalable=1)
    facts = ReportFacts(peildatum="2020-10", previous_phase_period="2020-03", previous_project_period="2020-03",
                        regions=1, regions_delivered=1, phases={"afspraken": phase}, projects=projects)
    assert summary(facts)[1:] == [
        "Voor afspraken en convenanten is 1 van de 1 regio's (100%) in fase 4 (implementatiefase), tegen 0 in "
        "mrt-20. Sinds mrt-20 is 1 regio gestegen en is geen regio gedaald.",
        "Er is 1 project geregistreerd (in mrt-20: 1).",
        "Er is 1 van de 1 projecten afgerond; 1 daarvan (100%) succesvol.",
        "1 project (100%) loopt, 1 is nog niet gestart en 1 is vroegtijdig gestopt of helemaal niet gestart.",
        "1 project start in 2020 of later; de grootste hoofdrubriek daarvan is Technologie (1, 100%).",
        "Voor 1 project zijn er al resultaten om te delen; voor 1 project wordt dat in de nabije toekomst verwacht.",
        "1 project (100%) wordt als opschaalbaar ingeschat, waarvan 1 landelijk.",
    ]


def _delivery_facts(scope: str | None, delivered: bool, regions: int, regions_delivered: int):
    from pipeline.report.facts import Delivery, ReportFacts

    return ReportFacts(peildatum="2020-10", previous_phase_period=None, previous_project_period=None,
                       regions=regions, regions_delivered=regions_delivered, scope=scope,
                       deliveries=[Delivery(scope or "CZ", delivered, True, None, None)])


@pytest.mark.parametrize(("delivered", "regions", "regions_delivered", "expected"), [
    (True, 1, 1, "ENO heeft voor deze peildatum een geaccepteerde aanlevering; de regio heeft gegevens."),
    (False, 1, 0, "ENO heeft voor deze peildatum nog geen geaccepteerde aanlevering; de regio heeft nog geen "
                  "gegevens."),
    (True, 6, 6, "ENO heeft voor deze peildatum een geaccepteerde aanlevering; alle 6 regio's hebben gegevens."),
    (True, 6, 5, "ENO heeft voor deze peildatum een geaccepteerde aanlevering; 5 van de 6 regio's hebben "
                 "gegevens."),
    (True, 6, 1, "ENO heeft voor deze peildatum een geaccepteerde aanlevering; 1 van de 6 regio's heeft gegevens."),
    (False, 6, 0, "ENO heeft voor deze peildatum nog geen geaccepteerde aanlevering; geen van de 6 regio's heeft "
                  "gegevens."),
])
def test_a_zorgkantoor_report_names_its_zorgkantoor_in_the_delivery_sentence(delivered, regions,
                                                                             regions_delivered, expected):
    from pipeline.report.summary import delivery_sentence

    assert delivery_sentence(_delivery_facts("ENO", delivered, regions, regions_delivered)) == expected


def test_the_national_delivery_sentence_counts_the_zorgkantoren():
    from pipeline.report.summary import delivery_sentence

    assert delivery_sentence(_delivery_facts(None, True, 34, 34)) == (
        "Voor deze peildatum heeft 1 van de 1 zorgkantoren een geaccepteerde aanlevering; 34 van de 34 regio's "
        "hebben gegevens.")


def test_a_zorgkantoor_counts_new_projects_in_the_start_years_of_the_national_table(folder, report):
    """Side by side with the national table: ENO has no project starting in 2021, yet gets its Start 2021 column."""
    national = report.figures["nieuwe_projecten"][0]
    assert national[1:4] == ["Start 2020", "Start 2021", "Totaal 2020 - 2021"]
    for page in sorted((folder / "zorgkantoren").glob("*.html")):
        if page.name != "dsw.html":  # outside the national tables: no comparison
            assert _parse(page).figures["nieuwe_projecten"][0] == national, page.name


@pytest.mark.parametrize(("risen", "fallen", "expected"), [
    (0, 0, "is geen regio gestegen of gedaald"),
    (3, 0, "zijn 3 regio's gestegen en is geen regio gedaald"),
    (1, 0, "is 1 regio gestegen en is geen regio gedaald"),
    (0, 2, "is geen regio gestegen en zijn 2 regio's gedaald"),
    (0, 1, "is geen regio gestegen en is 1 regio gedaald"),
    (11, 1, "zijn 11 regio's gestegen en is 1 regio gedaald"),
    (1, 4, "is 1 regio gestegen en zijn 4 regio's gedaald"),
    (7, 2, "zijn 7 regio's gestegen en 2 gedaald"),
    (1, 1, "is 1 regio gestegen en 1 gedaald"),
])
def test_rises_and_falls_read_naturally_also_when_none(risen, fallen, expected):
    from pipeline.report.facts import PhaseFacts, ReportFacts
    from pipeline.report.summary import phase_sentences

    phase = PhaseFacts(dimensie="visie", top_label="Fase 5: Strategische keuzes", in_top=18, in_top_before=8,
                       regions=34, risen=risen, same=34 - risen - fallen, fallen=fallen, not_comparable=0)
    facts = ReportFacts(peildatum="2020-10", previous_phase_period="2020-03", previous_project_period="2020-03",
                        regions=34, regions_delivered=34, phases={"visie": phase})
    assert phase_sentences(facts) == [
        f"Voor regionale visie zijn 18 van de 34 regio's (53%) in fase 5 (strategische keuzes), tegen 8 in mrt-20. "
        f"Sinds mrt-20 {expected}."]


@pytest.mark.parametrize(("fraction", "digits", "expected"), [
    (1 / 8, 0, "13%"), (3 / 8, 0, "38%"), (29 / 200, 0, "15%"), (1 / 16, 1, "6,3%"), (0.0125, 1, "1,3%"),
    (2 / 3, 1, "66,7%"), (0.0, 1, "0,0%"), (1.0, 0, "100%"), (31 / 38, 0, "82%"),
])
def test_percentages_round_half_up_as_excel_shows_them(fraction, digits, expected):
    """Python rounds half to even (1/8 → '12%'); Excel shows the workbook's fractions half up (13%)."""
    from pipeline.tables.model import PERCENT, Row, Table

    assert nl_percent(fraction, digits) == expected
    if digits == 1:
        table = Table("t", "T", "T", "Rij", ("Aandeel",), (PERCENT,), (Row("a", (fraction,)),))
        assert table.to_frame().iloc[0, 1] == expected


def test_the_summary_rounds_a_share_half_up():
    from pipeline.report.facts import ProjectFacts, ReportFacts
    from pipeline.report.summary import project_sentences

    projects = ProjectFacts(total=16, total_before=None, completed=8, successful=1, running=2, not_started=0,
                            stopped=0, successful_before=None, completed_before=None, new=0, earlier=16,
                            top_new_label=None, top_new=0, shareable=0, shareable_soon=0, scalable=1,
                            nationally_scalable=0)
    facts = ReportFacts(peildatum="2020-10", previous_phase_period=None, previous_project_period=None, regions=1,
                        regions_delivered=1, projects=projects)
    sentences = project_sentences(facts)
    assert "Er zijn 8 van de 16 projecten afgerond; 1 daarvan (13%) succesvol." in sentences
    assert "1 project (6%) wordt als opschaalbaar ingeschat, waarvan 0 landelijk." in sentences  # 6.25 → 6
