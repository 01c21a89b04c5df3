"""The counting rules of Outputs v1, pinned on a small scenario run through the real pipeline."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook

from pipeline.clock import dutch_time
from pipeline.tables.store import load_tables
from pipeline.warehouse.connection import connect
from tests.builders import SubmissionBook, cz_book, project_row, region_row
from tests.conftest import make_project

pytestmark = pytest.mark.alleen_html  # no test here reads the PDF or the Word file

AANTAL = "Aantal betrokken zorgorganisaties"
ONBEKEND = "Nog onbekend"


def _write(project):
    cz_book(peildatum=dt.date(2019, 10, 31), projects=[
        project_row("CZ-1", "Zeeland", Startjaar=2019, **{AANTAL: 10}),
        project_row("CZ-2", "Zeeland", Startjaar=2019, **{AANTAL: None}),
        project_row("CZ-3", "Haaglanden", Startjaar=2018, **{AANTAL: 3})]).write(
        project.raw / "cz-2019-10.xlsx", received_at=dt.datetime(2019, 11, 10))
    cz_book(peildatum=dt.date(2020, 3, 31), projects=[]).write(
        project.raw / "cz-2020-03.xlsx", received_at=dt.datetime(2020, 4, 10))
    cz_book(projects=[
        project_row("CZ-1", "Zeeland", Startjaar=2019, **{AANTAL: 10}),
        project_row("CZ-2", "Zeeland", Startjaar=2019, **{AANTAL: None}),
        project_row("CZ-4", "Haaglanden", Startjaar=2021, Opschaalbaarheid=None, **{AANTAL: 12}),
        project_row("CZ-5", "Haaglanden", Startjaar=2016, Hoofdrubriek="Anders werken", **{AANTAL: 9}),
        project_row("CZ-6", "Waardenland", Startjaar=2020, **{AANTAL: 4})]).write(
        project.raw / "cz-2020-10.xlsx", received_at=dt.datetime(2020, 11, 10))
    SubmissionBook(zorgkantoor="DSW", regions=[region_row("Delft Westland Oostland")], projects=[
        project_row(f"DSW-{n}", "Delft Westland Oostland", **{AANTAL: 10}) for n in range(5)]).write(
        project.raw / "dsw-2020-10.xlsx", received_at=dt.datetime(2020, 11, 11))


@pytest.fixture(scope="module")
def scenario(tmp_path_factory, module_monkeypatch):
    project = make_project(tmp_path_factory.mktemp("rules"), module_monkeypatch)
    _write(project)
    project.run()
    return project


@pytest.fixture(scope="module")
def tables(scenario):
    with connect(scenario.warehouse, read_only=True) as connection:
        return load_tables(connection, "2020-10")


def test_regions_without_data_count_as_not_delivered(tables):
    afspraken = tables["afspraken"]
    assert afspraken.columns == ("okt-19", "mrt-20", "okt-20")
    for column in afspraken.columns:
        assert afspraken.value("Niet aangeleverd", column) == 28  # 34 reporting regions, 6 of CZ delivered
        assert afspraken.value("Fase 4: Implementatiefase", column) == 6
        assert afspraken.value("Totaal", column) == 34


def test_unknown_involvement_and_exactly_ten(tables):
    table = tables["betrokkenheid"]
    assert table.columns == ("okt-19", "okt-20")  # previous: the latest earlier peildatum with projects
    assert [r.label for r in table.rows] == ["1 tot 3", "4 tot 6", "7 tot 9", "10 of meer", "Onbekend", "Totaal"]
    assert [table.value(label, "okt-20") for label in ("1 tot 3", "4 tot 6", "7 tot 9", "10 of meer", "Onbekend")] \
        == [0, 1, 1, 2, 1]
    assert table.value("10 of meer", "okt-19") == 1 and table.value("Onbekend", "okt-19") == 1


def test_dsw_never_counts(tables):
    assert tables["projectstatus"].value("Totaal", "okt-20") == 5
    assert "DSW" not in tables["rubriek_x_concessiehouder"].columns
    assert tables["rubriek_x_concessiehouder"].value("Totaal", "Totaal") == 5
    assert "Delft Westland Oostland" not in [r.label for r in tables["regios"].rows]


def test_new_projects_by_start_year_of_the_peildatum(tables):
    table = tables["nieuwe_projecten"]
    assert table.columns == ("Start 2020", "Start 2021", "Totaal 2020 - 2021", "Procentueel",
                             "Aanvang 2016 - 2019", "Procentueel")
    assert table.value("Technologie", "Start 2020") == 1 and table.value("Technologie", "Start 2021") == 1
    assert table.value("Technologie", "Totaal 2020 - 2021") == 2
    assert table.total_row().values == (1, 1, 2, 1.0, 3, 1.0)
    assert table.value("Anders werken", "Aanvang 2016 - 2019") == 1
    assert table.data_rows()[1].values[-1] == pytest.approx(1 / 3)


def test_every_vocabulary_row_also_when_zero_and_unknown_scalability_only_when_it_occurs(tables):
    status = tables["projectstatus"]
    assert [r.label for r in status.data_rows()] == [
        "Afgerond en niet succesvol verlopen", "Afgerond en succesvol verlopen", "Lopend", "Nog niet gestart",
        "Vroegtijdig gestopt of helemaal niet gestart"]
    assert status.value("Nog niet gestart", "okt-20") == 0
    scalability = tables["opschaalbaarheid"]
    assert scalability.value(ONBEKEND, "okt-20") == 1 and scalability.value(ONBEKEND, "okt-19") == 0
    assert ONBEKEND in tables["opschaalbaarheid_x_rubriek"].columns
    assert len(tables["rubriek_x_concessiehouder"].data_rows()) == 11


def test_workbook_layout(scenario):
    workbook = load_workbook(scenario.reports / "2020-10" / "tabellen-2020-10.xlsx")
    assert workbook.sheetnames == [
        "Afspraken", "Dynamiek", "Visie", "Rubriek x concessiehouder", "Betrokkenheid", "Projectstatus",
        "Nieuwe projecten", "Impact", "Delen resultaten", "Opschaalbaarheid", "Opschaalbaarheid x rubriek",
        "Thema Technologie", "Begroting x rubriek", "Begroting x concessiehouder", "Ontwikkeling fasen",
        "Ontwikkeling projectstatus", "Regio's", "Datakwaliteit"]
    sheet = workbook["Nieuwe projecten"]
    assert [c.value for c in sheet[2]][:2] == ["Hoofdrubriek", "Start 2020"]
    percent = sheet.cell(sheet.max_row - 1, 5)  # Technologie: 2 of the 2 new projects
    assert percent.value == 1.0 and percent.number_format == "0.0%"
    total = [c.value for c in sheet[sheet.max_row]]
    assert total[0] == "Totaal" and total[3] == 2
    theme = [row[0] for row in workbook["Thema Technologie"].iter_rows(min_row=3, values_only=True)]
    assert [theme[0], theme[theme.index("Totaal") + 1]] == ["Impact", "Resultaten te delen"]
    quality = {row[0]: row[1:] for row in workbook["Datakwaliteit"].iter_rows(min_row=3, values_only=True)}
    assert quality["CZ"][0] == "geaccepteerd" and quality["VGZ"][0] == "niet ontvangen"
    assert quality["CZ"][2] == "op tijd" and quality["VGZ"][2] == "ontbreekt"  # deadline 30-11-2020
    assert quality["DSW (buiten de landelijke tabellen)"][5:] == (1, 1)


def test_data_quality_shows_dsw_but_totals_the_zorgkantoren_of_the_national_tables(scenario, tables):
    table = tables["datakwaliteit"]
    assert [r.label for r in table.rows] == ["CZ", "VGZ", "Menzis", "ENO", "Zorg en Zekerheid", "Zilveren Kruis",
                                             "DSW", "Totaal"]
    dsw = table.rows[6]
    assert dsw.kind == "buiten" and dsw.values[0] == "geaccepteerd" and dsw.values[5:] == (1, 1)
    assert table.total_row().values[3:] == tuple(sum(r.values[i] for r in table.rows[:6]) for i in range(3, 7))
    assert table.total_row().values[5:] == (6, 34)  # 34 reporting regions, of which CZ's 6 delivered
    sheet = load_workbook(scenario.reports / "2020-10" / "tabellen-2020-10.xlsx")["Datakwaliteit"]
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert rows[6][0] == "DSW (buiten de landelijke tabellen)"
    assert rows[-1][0] == "Totaal" and rows[-1][6:] == (6, 34)


def test_data_quality_received_at_is_an_excel_date_time(scenario):
    sheet = load_workbook(scenario.reports / "2020-10" / "tabellen-2020-10.xlsx")["Datakwaliteit"]
    column = [c.value for c in sheet[2]].index("Ontvangen op")
    cells = {row[0].value: row[column] for row in sheet.iter_rows(min_row=3)}
    received = scenario.query("""SELECT received_at FROM current_submissions
                                 WHERE zorgkantoor = 'CZ' AND peildatum = '2020-10'""")["received_at"][0]
    assert cells["CZ"].is_date and cells["CZ"].value == dutch_time(received.to_pydatetime())  # shown as lived
    assert cells["CZ"].number_format == "dd-mm-yyyy hh:mm"
    assert cells["VGZ"].value is None  # nothing received


@pytest.fixture(scope="module")
def two_zorgkantoren(tmp_path_factory, module_monkeypatch):
    """CZ with projects from 2016 to 2021; ENO only with projects starting in 2019 and 2020."""
    project = make_project(tmp_path_factory.mktemp("startjaren"), module_monkeypatch)
    cz_book(projects=[project_row("CZ-1", "Zeeland", Startjaar=2016), project_row("CZ-2", "Zeeland", Startjaar=2021),
                      project_row("CZ-3", "Haaglanden", Startjaar=2020)]).write(
        project.raw / "cz.xlsx", received_at=dt.datetime(2020, 11, 10))
    SubmissionBook(zorgkantoor="ENO", regions=[region_row("Midden-IJssel")], projects=[
        project_row("ENO-1", "Midden-IJssel", Startjaar=2019), project_row("ENO-2", "Midden-IJssel", Startjaar=2020)]
    ).write(project.raw / "eno.xlsx", received_at=dt.datetime(2020, 11, 11))
    project.run()
    return project


def test_a_zorgkantoor_table_of_new_projects_has_the_start_years_of_the_national_one(two_zorgkantoren, reference):
    from pipeline.tables.projects import nieuwe_projecten

    with connect(two_zorgkantoren.warehouse, read_only=True) as connection:
        national = nieuwe_projecten(connection, reference, "2020-10")
        eno = nieuwe_projecten(connection, reference, "2020-10", scope="ENO")
    assert national.columns == ("Start 2020", "Start 2021", "Totaal 2020 - 2021", "Procentueel",
                                "Aanvang 2016 - 2019", "Procentueel")
    assert eno.columns == national.columns
    assert eno.total_row().values[:3] == (1, 0, 1) and eno.total_row().values[4] == 1
    page = (two_zorgkantoren.reports / "2020-10" / "zorgkantoren" / "eno.html").read_text(encoding="utf-8")
    assert "<th class=\"aantal\">Start 2021</th>" in page and "Aanvang 2016 - 2019" in page
