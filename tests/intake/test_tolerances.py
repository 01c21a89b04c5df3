"""Every tolerance of the contract: real .xlsx files through `wir-monitor run` into DuckDB.

Each file exercises one tolerance; all are accepted, the normalisation is reported as a warning
and the warehouse holds the canonical values.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from tests.builders import PROJECT_HEADERS, REGION_HEADERS, SubmissionBook, cz_book, moment, project_row, region_row
from tests.conftest import make_project

pytestmark = pytest.mark.alleen_html  # no test here reads the PDF or the Word file

NBSP = "\u00a0"


def _cases() -> dict[str, tuple[SubmissionBook, set[str]]]:
    regions = [region_row(name) for name in ("Zeeland", "West-Brabant", "Zuid-Hollandse Eilanden",
                                               "Haaglanden", "Zuid-Limburg", "Waardenland")]
    cases = {
        "hoofdletters_en_spaties.xlsx": (cz_book(
            zorgkantoor=f" cz{NBSP}",
            region_headers=["REGIO", f"Afspraken{NBSP}/{NBSP}Convenanten", "samenwerkings dynamiek",
                            " Regiovisie ", "toelichting"],
            regions=[region_row(f"  zeeland{NBSP}", afspraken="fase 4:  IMPLEMENTATIEFASE"), *regions[1:]],
        ), {"waarde.genormaliseerd", "kolom.naam"}),
        "regio_voorvoegsel.xlsx": (cz_book(regions=[
            region_row("AM - Regio Zeeland"), region_row("Regio West-Brabant"),
            region_row("AM- Regio Zuid-Hollandse Eilanden"), region_row("Haaglanden"),
            region_row("AM - Regio Zuid - Limburg"), region_row("Waardenland")],
            projects=[project_row("CZ-1", "AM - Regio Zeeland")]), {"waarde.genormaliseerd"}),
        "aliassen.xlsx": (cz_book(
            regions=[region_row("Zeeland", visie="Fase 4: Dialogosessie",
                                dynamiek="Fase 1: Weinig samenwerkingsdynamiek"), *regions[1:]],
            projects=[project_row("CZ-1", "Zeeland", Hoofdrubriek="Anders opleiden",
                                  Opschaalbaarheid="Ja, naar enkele andere regio's")]), {"waarde.genormaliseerd"}),
        "fasen_als_getal.xlsx": (cz_book(regions=[
            region_row("Zeeland", afspraken="Fase 3", dynamiek="fase 2", visie=4),
            region_row("West-Brabant", afspraken="1", dynamiek=2.0, visie="5"), *regions[2:]]),
            {"waarde.genormaliseerd"}),
        "getallen_als_tekst.xlsx": (cz_book(projects=[project_row(
            "CZ-1", "Zeeland", Startjaar="2019", **{"Aantal betrokken zorgorganisaties": " 7 ",
                                                   "Begroting (EUR)": "25.000,50"})]),
            {"waarde.getal_als_tekst"}),
        "duizendtallen.xlsx": (cz_book(projects=[project_row(
            "CZ-1", "Zeeland", Startjaar="2.019", **{"Aantal betrokken zorgorganisaties": "1.000",
                                                    "Begroting (EUR)": "1.000"})]), {"waarde.getal_als_tekst"}),
        "kommagetallen.xlsx": (cz_book(projects=[project_row(
            "CZ-1", "Zeeland", Startjaar=2019.0, **{"Aantal betrokken zorgorganisaties": 7.0})]), set()),
        "datum_als_serienummer.xlsx": (cz_book(peildatum=44135), set()),
        "datum_als_tekst_nl.xlsx": (cz_book(peildatum="31-10-2020"), set()),
        "datum_als_tekst_iso.xlsx": (cz_book(peildatum="2020-10-31"), set()),
        "kolommen_geschud_extra.xlsx": (cz_book(
            region_headers=[*reversed(REGION_HEADERS), "Contactpersoon"],
            project_headers=["Opmerking intern", *reversed(PROJECT_HEADERS)]), set()),
        "lege_rijen.xlsx": (cz_book(
            regions=[regions[0], None, {}, *regions[1:]],
            projects=[project_row("CZ-1", "Zeeland"), None, None, project_row("CZ-2", "Haaglanden")]), set()),
        "kopregel_niet_bovenaan.xlsx": (cz_book(rows_above_header=2), {"kopregel.positie"}),
        "optioneel_leeg.xlsx": (cz_book(projects=[project_row(
            "CZ-1", "Zeeland", **{"Mate van impact": None, "Delen van resultaten": "", "Opschaalbaarheid": None,
                                  "Aantal betrokken zorgorganisaties": None, "Begroting (EUR)": None})]), set()),
        "geen_projecten.xlsx": (cz_book(projects=[]), set()),
    }
    return cases


CASES = _cases()


@pytest.fixture(scope="module")
def ingested(tmp_path_factory, module_monkeypatch):
    project = make_project(tmp_path_factory.mktemp("tolerances"), module_monkeypatch)
    for day, (name, (book, _)) in enumerate(CASES.items(), start=1):
        book.write(project.raw / "2020-10" / name, received_at=moment(day))
    project.run()
    return project


@pytest.mark.parametrize("name", sorted(CASES))
def test_tolerated_file_is_accepted_with_its_warnings(ingested, name):
    submission = ingested.submission(name)
    findings = ingested.findings(name)
    assert submission["status"] == "geaccepteerd", findings[["rule", "message"]].to_string()
    assert submission["zorgkantoor"] == "CZ"
    assert submission["peildatum"] == "2020-10"
    assert submission["peildatum_date"].date() == dt.date(2020, 10, 31)
    assert CASES[name][1] <= set(findings["rule"])
    assert (findings["severity"] == "waarschuwing").all()


def _regions(project, name):
    return project.query(
        """SELECT x.* FROM submission_regions x JOIN submissions s USING (submission_id)
           WHERE s.file_name = ? ORDER BY excel_row""", [name]).set_index("regio")


def _projects(project, name):
    return project.query(
        """SELECT x.* FROM submission_projects x JOIN submissions s USING (submission_id)
           WHERE s.file_name = ? ORDER BY excel_row""", [name]).set_index("project_id")


def test_case_and_whitespace_are_ignored(ingested):
    regions = _regions(ingested, "hoofdletters_en_spaties.xlsx")
    assert regions.loc["Zeeland", "afspraken"] == "4"
    assert len(regions) == 6


def test_region_prefixes_and_aliases_resolve_to_the_reference_name(ingested):
    regions = _regions(ingested, "regio_voorvoegsel.xlsx")
    assert set(regions.index) == {"Zeeland", "West-Brabant", "Zuid-Hollandse Eilanden", "Haaglanden",
                                  "Zuid-Limburg", "Waardenland"}
    assert _projects(ingested, "regio_voorvoegsel.xlsx").loc["CZ-1", "regio"] == "Zeeland"


def test_label_aliases_resolve_to_codes(ingested):
    regions = _regions(ingested, "aliassen.xlsx")
    assert (regions.loc["Zeeland", "visie"], regions.loc["Zeeland", "dynamiek"]) == ("4", "1")
    project = _projects(ingested, "aliassen.xlsx").loc["CZ-1"]
    assert (project["hoofdrubriek"], project["opschaalbaarheid"]) == ("AO", "JA")


def test_phases_as_fase_n_and_bare_numbers(ingested):
    regions = _regions(ingested, "fasen_als_getal.xlsx")
    assert tuple(regions.loc["Zeeland", ["afspraken", "dynamiek", "visie"]]) == ("3", "2", "4")
    assert tuple(regions.loc["West-Brabant", ["afspraken", "dynamiek", "visie"]]) == ("1", "2", "5")


def test_numbers_typed_as_text_and_floats(ingested):
    text = _projects(ingested, "getallen_als_tekst.xlsx").loc["CZ-1"]
    assert (text["startjaar"], text["aantal_betrokken"], text["begroting"]) == (2019, 7, 25000.5)
    thousands = _projects(ingested, "duizendtallen.xlsx").loc["CZ-1"]  # a dot before three digits: thousands
    assert (thousands["startjaar"], thousands["aantal_betrokken"], thousands["begroting"]) == (2019, 1000, 1000.0)
    floats = _projects(ingested, "kommagetallen.xlsx").loc["CZ-1"]
    assert (floats["startjaar"], floats["aantal_betrokken"]) == (2019, 7)


def test_shuffled_and_extra_columns_are_read_by_name(ingested):
    project = _projects(ingested, "kolommen_geschud_extra.xlsx").loc["CZ-2"]
    assert (project["regio"], project["hoofdrubriek"], project["projectstatus"]) == ("Haaglanden", "TE", "L")


def test_empty_rows_are_skipped_and_rows_keep_their_excel_number(ingested):
    regions = _regions(ingested, "lege_rijen.xlsx")
    assert len(regions) == 6
    assert regions.loc["West-Brabant", "excel_row"] == 5
    assert _projects(ingested, "lege_rijen.xlsx").loc["CZ-2", "excel_row"] == 5


def test_empty_optional_values_mean_unknown(ingested):
    project = _projects(ingested, "optioneel_leeg.xlsx").loc["CZ-1"]
    assert (project["impact"], project["delen"], project["opschaalbaarheid"]) == ("O", "O", "O")
    assert pd.isna(project["aantal_betrokken"])
    assert pd.isna(project["begroting"])


def test_the_latest_accepted_file_is_in_force(ingested):
    current = ingested.query("SELECT file_name FROM current_submissions WHERE zorgkantoor = 'CZ'")
    assert current["file_name"].tolist() == [list(CASES)[-1]]
    assert ingested.query("SELECT count(*) AS n FROM projects_per_peildatum")["n"][0] == 0
    assert ingested.query("SELECT count(*) AS n FROM regions_per_peildatum")["n"][0] == 6
