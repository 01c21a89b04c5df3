"""Issue #18's data: budget tables, the project export, the trends and the region pages, through the real run."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest
from openpyxl import load_workbook

from pipeline.periods import short_label
from pipeline.reference import load_reference
from pipeline.tables.project_export import COLUMNS
from pipeline.tables.region_pages import region_pages
from pipeline.tables.store import load_tables
from pipeline.warehouse.connection import connect
from tests.builders import SubmissionBook, cz_book, cz_regions, project_row, region_row
from tests.conftest import make_project

BUDGET = "Begroting (EUR)"
FORMULA_NAME = "=HYPERLINK(\"http://x\")"


def _write(project) -> None:
    cz_book(peildatum=dt.date(2020, 3, 31),
            regions=cz_regions(afspraken="Fase 3: Plan van aanpak", visie="Fase 3: Voorbereidingen getroffen"),
            projects=[project_row("CZ-1", "Zeeland", Projectstatus="Nog niet gestart", **{BUDGET: 20000})]).write(
        project.raw / "cz-2020-03.xlsx", received_at=dt.datetime(2020, 4, 10))
    regions = cz_regions(visie="Fase 5: Strategische keuzes")
    regions[0] = region_row("Zeeland", visie="Fase 5: Strategische keuzes",
                            toelichting="De regiovisie is in september vastgesteld.")
    cz_book(regions=regions, projects=[
        project_row("CZ-1", "Zeeland", **{BUDGET: 25000}),
        project_row("CZ-2", "Haaglanden", Hoofdrubriek="Anders werken", Projectnaam=FORMULA_NAME,
                    Projectstatus="Afgerond en succesvol verlopen", **{BUDGET: None}),
        project_row("CZ-3", "Zeeland", **{BUDGET: "10.000,50"}),
    ]).write(project.raw / "cz-2020-10.xlsx", received_at=dt.datetime(2020, 11, 10))
    SubmissionBook(zorgkantoor="DSW", regions=[region_row("Delft Westland Oostland")], projects=[
        project_row("DSW-1", "Delft Westland Oostland", **{BUDGET: 1_000_000})]).write(
        project.raw / "dsw-2020-10.xlsx", received_at=dt.datetime(2020, 11, 11))


@pytest.fixture(scope="module")
def scenario(tmp_path_factory, module_monkeypatch):
    project = make_project(tmp_path_factory.mktemp("projectdata"), module_monkeypatch)
    _write(project)
    project.run()
    return project


@pytest.fixture(scope="module")
def tables(scenario):
    with connect(scenario.warehouse, read_only=True) as connection:
        return {p: load_tables(connection, p) for p in ("2020-03", "2020-10")}


def test_budget_per_hoofdrubriek_and_concessiehouder_by_hand(tables):
    # Technologie: CZ-1 25.000 and CZ-3 10.000,50; Anders werken: CZ-2 without a budget; DSW never counts.
    rubriek = tables["2020-10"]["begroting_x_rubriek"]
    assert rubriek.columns[:4] == ("Projecten", "Met begroting", "Aandeel met begroting", BUDGET)
    assert [rubriek.value("Technologie", c) for c in rubriek.columns] == [2, 2, 1.0, 35000.5, 17500.25]
    assert [rubriek.value("Anders werken", c) for c in rubriek.columns] == [1, 0, 0.0, 0.0, None]
    assert [rubriek.value("Totaal", c) for c in rubriek.columns] == [3, 2, 2 / 3, 35000.5, 17500.25]
    assert len(rubriek.data_rows()) == 11
    holder = tables["2020-10"]["begroting_x_concessiehouder"]
    assert [r.label for r in holder.data_rows()][:2] == ["CZ", "Zilveren Kruis (De Friesland)"]
    assert [holder.value("CZ", c) for c in holder.columns] == [3, 2, 2 / 3, 35000.5, 17500.25]
    assert holder.value("ENO", "Projecten") == 0 and "DSW" not in [r.label for r in holder.rows]
    assert holder.to_frame().iloc[0][BUDGET] == "€ 35.001"


def test_budget_sheets_in_the_workbook(scenario):
    workbook = load_workbook(scenario.reports / "2020-10" / "tabellen-2020-10.xlsx")
    sheet = workbook["Begroting x rubriek"]
    technologie = next(row for row in sheet.iter_rows(min_row=3) if row[0].value == "Technologie")
    assert technologie[4].value == 35000.5 and technologie[4].number_format == "€ #,##0"
    assert technologie[3].number_format == "0.0%"
    assert "Begroting x concessiehouder" in workbook.sheetnames


def _conformed(scenario, peildatum: str) -> list[tuple]:
    with duckdb.connect(str(scenario.warehouse), read_only=True) as connection:
        return connection.execute(
            """SELECT p.regio, p.project_id, p.projectnaam, p.hoofdrubriek_label, p.startjaar,
                      p.projectstatus_label, p.aantal_betrokken, p.impact_label, p.delen_label,
                      p.opschaalbaarheid_label, p.begroting, p.toelichting, p.concessiehouder, p.rapportagegroep,
                      p.in_rapportage
               FROM projects_per_peildatum p WHERE peildatum = ? ORDER BY p.project_id""", [peildatum]).fetchall()


def _exported(records: list[dict]) -> list[tuple]:
    return sorted((r["Regio"], r["Project-ID"], r["Projectnaam"], r["Hoofdrubriek"], r["Startjaar"],
                   r["Projectstatus"], r["Aantal betrokken zorgorganisaties"], r["Mate van impact"],
                   r["Delen van resultaten"], r["Opschaalbaarheid"], r[BUDGET], r["Toelichting"], r["Zorgkantoor"],
                   r["Concessiehouder"], r["In landelijke tabellen"] == "ja") for r in records)


def test_project_export_row_for_row_against_the_conformed_projects(scenario):
    folder = scenario.reports / "2020-10"
    sheet = load_workbook(folder / "projecten-2020-10.xlsx")["Projecten"]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == [header for header, _ in COLUMNS]
    records = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    expected = _conformed(scenario, "2020-10")
    assert len(expected) == 4 and _exported(records) == sorted(expected)
    assert [r["Project-ID"] for r in records] == ["CZ-1", "CZ-3", "CZ-2", "DSW-1"]  # regios.csv order, DSW last
    name = next(c for c in sheet["H"] if c.value == FORMULA_NAME)  # Projectnaam
    assert name.data_type == "s"  # submitted text, never a formula
    with duckdb.connect() as connection:
        parquet = connection.execute(f"SELECT * FROM '{folder / 'projecten-2020-10.parquet'}'").df()
    assert list(parquet.columns) == [header for header, _ in COLUMNS]
    parquet_records = parquet.astype(object).where(parquet.notna(), None).to_dict("records")
    assert _exported(parquet_records) == sorted(expected)


def test_trends_against_the_tables_of_each_peildatum(tables):
    trend = tables["2020-10"]["trend_fasen"]
    projects = tables["2020-10"]["trend_projectstatus"]
    assert trend.columns == ("mrt-20", "okt-20") and projects.columns == ("mrt-20", "okt-20")
    reference = load_reference()
    for peildatum, own in tables.items():
        column = short_label(peildatum)
        for dimensie, row in zip(("afspraken", "dynamiek", "visie"), trend.rows, strict=True):
            highest = reference.labels(dimensie)[-1]
            assert row.label.endswith(highest)
            phase = own[dimensie]
            assert trend.value(row.label, column) == phase.value(highest, column) / phase.value("Totaal", column)
        status = own["projectstatus"]
        assert [projects.value(r.label, column) for r in projects.rows] == \
            [status.value(r.label, column) for r in status.rows]
    assert trend.value(trend.rows[2].label, "okt-20") == 6 / 34  # CZ's six regions reached visie fase 5


def test_region_page_against_the_warehouse(scenario):
    with connect(scenario.warehouse, read_only=True) as connection:
        pages = region_pages(connection, load_reference(), "2020-10")
        stored = connection.execute(
            """SELECT peildatum, afspraken, dynamiek, visie, toelichting FROM regions_per_peildatum
               WHERE regio = 'Zeeland' ORDER BY peildatum""").fetchall()
    assert len(pages) == 34
    zeeland = next(p for p in pages if p.regio == "Zeeland")
    assert (zeeland.concessiehouder, zeeland.rapportagegroep) == ("CZ", "CZ")
    assert [(p.peildatum, str(p.phases["afspraken"]), str(p.phases["dynamiek"]), str(p.phases["visie"]),
             p.toelichting) for p in zeeland.history] == stored
    assert [p.labels["visie"] for p in zeeland.history] == ["Fase 3: Voorbereidingen getroffen",
                                                            "Fase 5: Strategische keuzes"]
    assert [(p.peildatum, p.toelichting) for p in zeeland.explanations] == \
        [("2020-10", "De regiovisie is in september vastgesteld.")]
    assert list(zeeland.projects["Project-ID"]) == ["CZ-1", "CZ-3"]
    assert list(zeeland.projects[BUDGET]) == [25000.0, 10000.5]
    assert next(p for p in pages if p.regio == "Haaglanden").projects["Projectnaam"].tolist() == [FORMULA_NAME]
    assert not next(p for p in pages if p.regio == "Twente").history
