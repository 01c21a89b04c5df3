"""Every error rule of the contract, each located to sheet, Excel row and column.

All cases go through one `wir-monitor run` together with a good file: a bad file never stops
the others, and each rejected file gets all of its findings at once.
"""

from __future__ import annotations

import zipfile

import pytest

from tests.builders import PROJECT_HEADERS, REGION_HEADERS, cz_book, cz_regions, moment, project_row, region_row
from tests.conftest import located, make_project

pytestmark = pytest.mark.alleen_html  # no test here reads the PDF or the Word file

P, R, A = "Projecten", "Regio's", "Aanlevering"


def _encrypted_container() -> bytes:
    # An OLE compound file with an EncryptionInfo stream is how Office stores a password-protected xlsx.
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "EncryptionInfo".encode("utf-16-le") + b"\x00" * 512


# name → (book or raw bytes, [(rule, sheet, row, column, value)])
CASES = {
    "geen_werkmap.xlsx": (b"Regio;Fase\nZeeland;4\n", [("bestand.formaat", None, None, None, None)]),
    "csv_bestand.csv": (b"Zorgkantoor,CZ\n", [("bestand.formaat", None, None, None, None)]),
    "afgebroken.xlsx": ("truncated", [("bestand.onleesbaar", None, None, None, None)]),
    "zip_zonder_werkmap.xlsx": ("plainzip", [("bestand.formaat", None, None, None, None)]),
    "versleuteld.xlsx": (_encrypted_container(), [("bestand.versleuteld", None, None, None, None)]),
    "blad_ontbreekt.xlsx": (cz_book(sheet_names={P: None}), [("blad.ontbreekt", P, None, None, None)]),
    "kolom_ontbreekt.xlsx": (cz_book(project_headers=[h for h in PROJECT_HEADERS if h != "Hoofdrubriek"]),
                             [("kolom.ontbreekt", P, None, "Hoofdrubriek", None)]),
    "kolom_dubbel.xlsx": (cz_book(region_headers=[*REGION_HEADERS, "Regio"]),
                          [("kolom.dubbel", R, 1, "Regio", "Regio")]),
    "sleutel_ontbreekt.xlsx": (cz_book(aanlevering_rows=[("Zorgkantoor", "CZ"), ("Peildatum", "31-10-2020")]),
                               [("sleutel.ontbreekt", A, None, "Templateversie", None)]),
    "templateversie.xlsx": (cz_book(version=2), [("templateversie.onbekend", A, 3, "B", "2")]),
    "zorgkantoor_onbekend.xlsx": (cz_book(zorgkantoor="Achmea"), [("zorgkantoor.onbekend", A, 1, "B", "Achmea")]),
    "peildatum_leeg.xlsx": (cz_book(peildatum=None), [("peildatum.ontbreekt", A, 2, "B", None)]),
    "peildatum_onleesbaar.xlsx": (cz_book(peildatum="ergens in oktober"),
                                  [("peildatum.onleesbaar", A, 2, "B", "ergens in oktober")]),
    "regio_onbekend.xlsx": (cz_book(regions=[*cz_regions(), region_row("Atlantis")]),
                            [("regio.onbekend", R, 8, "Regio", "Atlantis")]),
    "regio_ander_zorgkantoor.xlsx": (cz_book(projects=[project_row("CZ-1", "Twente")]),
                                     [("regio.ander_zorgkantoor", P, 2, "Regio", "Twente")]),
    "regio_dubbel.xlsx": (cz_book(regions=[*cz_regions(), region_row("AM - Regio Zeeland")]),
                          [("regio.dubbel", R, 2, "Regio", "Zeeland"),
                           ("regio.dubbel", R, 8, "Regio", "AM - Regio Zeeland")]),
    "project_id_dubbel.xlsx": (cz_book(projects=[project_row("CZ-1", "Zeeland"), project_row("CZ-1", "Haaglanden")]),
                               [("project.id_dubbel", P, 2, "Project-ID", "CZ-1"),
                                ("project.id_dubbel", P, 3, "Project-ID", "CZ-1")]),
    "buiten_vocabulaire.xlsx": (cz_book(projects=[project_row("CZ-1", "Zeeland", Hoofdrubriek="Tecnologie")]),
                                [("waarde.vocabulaire", P, 2, "Hoofdrubriek", "Tecnologie")]),
    "fase_buiten_vocabulaire.xlsx": (cz_book(regions=[region_row("Zeeland", afspraken="Fase 5"), *cz_regions()[1:]]),
                                     [("waarde.vocabulaire", R, 2, "Afspraken / convenanten", "Fase 5")]),
    "verplicht_leeg.xlsx": (cz_book(projects=[project_row("CZ-1", "Zeeland", Projectnaam=None),
                                              project_row("CZ-2", "Zeeland", Projectstatus="  ")]),
                            [("waarde.verplicht", P, 2, "Projectnaam", None),
                             ("waarde.verplicht", P, 3, "Projectstatus", None)]),
    "fase_leeg.xlsx": (cz_book(regions=[region_row("Zeeland", visie=None), *cz_regions()[1:]]),
                       [("waarde.verplicht", R, 2, "Regiovisie", None)]),
    "geen_getal.xlsx": (cz_book(projects=[project_row("CZ-1", "Zeeland", Startjaar="twintig twintig",
                                                      **{"Aantal betrokken zorgorganisaties": "veel",
                                                         "Begroting (EUR)": "ongeveer een ton"})]),
                        [("waarde.geen_getal", P, 2, "Startjaar", "twintig twintig"),
                         ("waarde.geen_getal", P, 2, "Aantal betrokken zorgorganisaties", "veel"),
                         ("waarde.geen_bedrag", P, 2, "Begroting (EUR)", "ongeveer een ton")]),
    "buiten_bereik.xlsx": (cz_book(projects=[
        project_row("CZ-1", "Zeeland", Startjaar=2014),
        project_row("CZ-2", "Zeeland", Startjaar=2023, **{"Aantal betrokken zorgorganisaties": 0}),
        project_row("CZ-3", "Zeeland", Startjaar=2019.5, **{"Begroting (EUR)": -1})]),
        [("waarde.bereik", P, 2, "Startjaar", "2014"), ("waarde.bereik", P, 3, "Startjaar", "2023"),
         ("waarde.minimum", P, 3, "Aantal betrokken zorgorganisaties", "0"),
         ("waarde.geen_getal", P, 4, "Startjaar", "2019,5"), ("waarde.minimum", P, 4, "Begroting (EUR)", "-1")]),
    "alles_tegelijk.xlsx": (cz_book(
        regions=[*cz_regions(), region_row("Atlantis")],
        projects=[project_row("CZ-1", "Zeeland", Hoofdrubriek="Tecnologie", Startjaar=1999)]),
        [("regio.onbekend", R, 8, "Regio", "Atlantis"), ("waarde.vocabulaire", P, 2, "Hoofdrubriek", "Tecnologie"),
         ("waarde.bereik", P, 2, "Startjaar", "1999")]),
}


def _write(case, path):
    book, _ = case
    if isinstance(book, bytes):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(book)
    elif book == "truncated":
        cz_book().write(path)
        path.write_bytes(path.read_bytes()[:1500])
    elif book == "plainzip":
        path.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("notities.txt", "geen werkmap")
    else:
        book.write(path)


@pytest.fixture(scope="module")
def ingested(tmp_path_factory, module_monkeypatch):
    project = make_project(tmp_path_factory.mktemp("errors"), module_monkeypatch)
    for name, case in CASES.items():
        _write(case, project.raw / "2020-10" / name)
    cz_book().write(project.raw / "2020-10" / "goed.xlsx", received_at=moment(1))
    project.run()
    return project


def test_a_good_file_among_bad_ones_is_accepted(ingested):
    assert ingested.submission("goed.xlsx")["status"] == "geaccepteerd"
    assert ingested.query("SELECT count(*) AS n FROM regions_per_peildatum")["n"][0] == 6


@pytest.mark.parametrize("name", sorted(CASES))
def test_error_is_reported_with_its_location(ingested, name):
    submission = ingested.submission(name)
    assert submission["status"] == "afgewezen"
    findings = ingested.findings(name)
    errors = findings[findings["severity"] == "fout"]
    found = located(errors)
    expected = set(CASES[name][1])
    assert expected <= found, f"missing {expected - found}; got {found}"
    assert len(errors) == len(expected), f"unexpected extra errors: {found - expected}"
    assert all(errors["message"].str.len() > 10) and all(errors["action"].str.len() > 10)


def test_every_rejected_file_gets_feedback(ingested):
    feedback = list(ingested.reports.rglob("terugkoppeling/*.html"))
    judged = ingested.query("SELECT count(*) AS n FROM submissions")["n"][0]
    assert len(feedback) == judged == len(CASES) + 1


def test_files_without_a_peildatum_are_fed_back_separately(ingested):
    folder = ingested.reports / "zonder-peildatum" / "terugkoppeling"
    unattributed = ingested.query("SELECT count(*) AS n FROM submissions WHERE peildatum IS NULL")["n"][0]
    assert unattributed >= 7  # unreadable files and those without a readable peildatum
    assert len(list(folder.glob("*.html"))) == unattributed


def test_rejected_files_do_not_reach_the_conformed_tables(ingested):
    in_force = ingested.query("SELECT DISTINCT submission_id FROM regions_per_peildatum")
    accepted = ingested.submission("goed.xlsx")["submission_id"]
    assert in_force["submission_id"].tolist() == [accepted]


def test_a_peildatum_in_the_future_is_judged_by_the_day_the_file_arrived(project):
    """Judged again years later (a fresh warehouse from the archive), the file gets the same outcome."""
    cz_book(peildatum="31-03-2022").write(project.raw / "te-vroeg-ingevuld.xlsx", received_at=moment(2))
    cz_book(peildatum="31-03-2021").write(project.raw / "volgend-voorjaar.xlsx", received_at=moment(3))
    project.run()
    assert ("peildatum.toekomst", A, 2, "B", "31-03-2022") in located(project.findings("te-vroeg-ingevuld.xlsx"))
    assert project.submission("te-vroeg-ingevuld.xlsx")["peildatum"] is None
    assert project.submission("volgend-voorjaar.xlsx")["status"] == "geaccepteerd"
