"""Versions and history: supersede, rejected-keeps-previous, identical-file no-op, DSW, cross-period rules."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from pathlib import Path

import pytest

from tests.builders import SubmissionBook, cz_book, cz_regions, moment, project_row, region_row
from tests.conftest import located

pytestmark = pytest.mark.alleen_html  # no test here reads the PDF or the Word file


def _phase(project, regio: str, peildatum: str = "2020-10") -> str:
    return project.query("SELECT afspraken FROM regions_per_peildatum WHERE regio = ? AND peildatum = ?",
                         [regio, peildatum])["afspraken"][0]


def test_versions_supersede_and_rejections_keep_the_previous(project):
    cz_book(regions=cz_regions(afspraken="Fase 3: Plan van aanpak")).write(
        project.raw / "cz-v1.xlsx", received_at=moment(1))
    project.run()
    first = project.submission("cz-v1.xlsx")
    assert first["status"] == "geaccepteerd" and _phase(project, "Zeeland") == "3"

    cz_book().write(project.raw / "cz-v2.xlsx", received_at=moment(2))
    project.run()
    second = project.submission("cz-v2.xlsx")
    assert second["supersedes"] == first["submission_id"]
    assert _phase(project, "Zeeland") == "4"
    versions = project.query("SELECT DISTINCT submission_id FROM submission_regions ORDER BY 1")
    assert versions["submission_id"].tolist() == [first["submission_id"], second["submission_id"]]

    cz_book(projects=[project_row("CZ-1", "Zeeland", Hoofdrubriek="Onzin")]).write(
        project.raw / "cz-v3-fout.xlsx", received_at=moment(3))
    project.run()
    assert project.submission("cz-v3-fout.xlsx")["status"] == "afgewezen"
    current = project.query("SELECT submission_id FROM current_submissions")["submission_id"].tolist()
    assert current == [second["submission_id"]]
    assert _phase(project, "Zeeland") == "4"
    assert set(project.query("SELECT submission_id FROM projects_per_peildatum")["submission_id"]) == {
        second["submission_id"]}


def test_an_identical_file_changes_nothing(project):
    original = cz_book().write(project.raw / "cz.xlsx", received_at=moment(1))
    project.run()
    before = {table: project.query(f"SELECT * FROM {table} ORDER BY ALL")
              for table in ("submissions", "findings", "regions_per_peildatum", "projects_per_peildatum")}
    files_before = project.query("SELECT * FROM received_files")

    shutil.copy(original, project.raw / "cz-nogmaals.xlsx")
    (project.raw / "sub").mkdir()
    shutil.copy(original, project.raw / "sub" / "cz.xlsx")
    project.run()

    for table, frame in before.items():
        assert project.query(f"SELECT * FROM {table} ORDER BY ALL").equals(frame), table
    assert project.query("SELECT * FROM received_files").equals(files_before)


def test_every_file_is_archived_unchanged_under_its_hash(project):
    source = cz_book().write(project.raw / "cz.xlsx", received_at=moment(1))
    (project.raw / "kapot.xlsx").write_bytes(b"\x00garbage")
    project.run()
    archived = project.query("SELECT file_name, sha256, archive_path FROM received_files ORDER BY file_name")
    assert archived["file_name"].tolist() == ["cz.xlsx", "kapot.xlsx"]
    for row in archived.itertuples():
        stored = Path(row.archive_path).read_bytes()
        assert hashlib.sha256(stored).hexdigest() == row.sha256
        assert row.sha256 in row.archive_path
    assert Path(archived["archive_path"][0]).read_bytes() == source.read_bytes()


def test_history_rules_and_dsw_across_peildata(project):
    march = dt.date(2020, 3, 31)
    march_regions = cz_regions(afspraken="Fase 4: Implementatiefase")
    march_regions[1] = region_row("West-Brabant", dynamiek="Fase 1: Autonome organisaties")
    cz_book(peildatum=march, regions=march_regions, projects=[
        project_row("CZ-1", "Zeeland", Projectstatus="Afgerond en succesvol verlopen"),
        project_row("CZ-2", "Zeeland"), project_row("CZ-3", "Haaglanden")]).write(
        project.raw / "2020-03" / "cz.xlsx", received_at=dt.datetime(2020, 4, 10))
    dsw = SubmissionBook(zorgkantoor="DSW", regions=[region_row("Delft Westland Oostland")],
                         projects=[project_row("DSW-1", "Delft Westland Oostland")])
    dsw.write(project.raw / "2020-10" / "dsw.xlsx", received_at=moment(5))
    regions = [r for r in cz_regions() if r["Regio"] != "Waardenland"]
    regions[0] = region_row("Zeeland", afspraken="Fase 3: Plan van aanpak")
    regions[1] = region_row("West-Brabant")  # dynamiek from fase 1 to 3: two steps in one half year
    cz_book(regions=regions, projects=[project_row("CZ-1", "Zeeland", Projectstatus="Lopend"),
                                       project_row("CZ-2", "Zeeland")]).write(
        project.raw / "2020-10" / "cz.xlsx", received_at=moment(6))
    project.run()

    october = project.query(
        """SELECT f.* FROM findings f JOIN submissions s USING (submission_id)
           WHERE s.peildatum = '2020-10' AND s.zorgkantoor = 'CZ'""")
    assert project.query("SELECT status FROM submissions WHERE peildatum = '2020-10' AND zorgkantoor = 'CZ'"
                         )["status"][0] == "geaccepteerd"
    found = located(october)
    assert ("regio.fase_omlaag", "Regio's", 2, "Afspraken / convenanten", "Fase 3: Plan van aanpak") in found
    assert ("project.status_terug", "Projecten", 2, "Projectstatus", "Lopend") in found
    jump = october[october["rule"] == "regio.fase_sprong"]
    assert located(jump) == {("regio.fase_sprong", "Regio's", 3, "Samenwerkingsdynamiek", jump["value"].iloc[0])}
    assert "2 stappen gestegen" in jump["message"].iloc[0] and set(jump["severity"]) == {"waarschuwing"}
    assert ("project.ontbreekt", "Projecten", None, "Project-ID", "CZ-3") in found
    assert ("regio.ontbreekt", "Regio's", None, "Regio", "Waardenland") in found

    # The earlier peildatum is never overwritten by the later one.
    assert _phase(project, "Zeeland", "2020-03") == "4"
    assert _phase(project, "Zeeland", "2020-10") == "3"

    dsw_rows = project.query("SELECT regio, in_rapportage FROM regions_per_peildatum WHERE concessiehouder = 'DSW'")
    assert dsw_rows.to_dict("records") == [{"regio": "Delft Westland Oostland", "in_rapportage": False}]
    dsw_projects = project.query("SELECT in_rapportage FROM projects_per_peildatum WHERE concessiehouder = 'DSW'")
    assert dsw_projects["in_rapportage"].tolist() == [False]
