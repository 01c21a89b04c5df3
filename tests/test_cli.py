"""The `wir-monitor` commands as a WIR analyst uses them, on the demo set and on small cases."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from pipeline.intake.assess import read_submission
from pipeline.reference import load_reference
from pipeline.tables import texts
from tests.builders import cz_book, moment, project_row
from tests.conftest import make_project

TABLES = ("submissions", "findings", "regions_per_peildatum", "projects_per_peildatum", "received_files")


VOLATILE = {"submissions": "validated_at", "received_files": "archived_at"}  # when the monitor did it


def _snapshot(project) -> dict[str, pd.DataFrame]:
    def select(table: str) -> str:
        return f"* EXCLUDE ({VOLATILE[table]})" if table in VOLATILE else "*"

    return {table: project.query(f"SELECT {select(table)} FROM {table} ORDER BY ALL") for table in TABLES}


@pytest.fixture(scope="module")
def demo(tmp_path_factory, module_monkeypatch):
    project = make_project(tmp_path_factory.mktemp("demo"), module_monkeypatch)
    assert project.cli("demo") == 0
    project.run()
    return project


def test_demo_run_judges_every_file(demo):
    files = [p for p in demo.raw.rglob("*.xlsx")]
    judged = demo.query("SELECT file_name, zorgkantoor, peildatum, status FROM submissions")
    assert len(judged) == len(files) == 30
    rejected = judged[judged["status"] == "afgewezen"]
    assert rejected[["zorgkantoor", "peildatum"]].values.tolist() == [["Menzis", "2020-10"]]
    in_force = demo.query("SELECT peildatum, count(*) AS n FROM current_submissions GROUP BY ALL ORDER BY 1")
    assert in_force.values.tolist() == [["2019-03", 7], ["2019-10", 7], ["2020-03", 7], ["2020-10", 7]]
    assert len(list(demo.reports.rglob("terugkoppeling/*.html"))) == 30


def test_demo_fills_the_conformed_tables(demo):
    regions = demo.query("""SELECT peildatum, count(*) FILTER (WHERE in_rapportage) AS landelijk,
                                   count(*) FILTER (WHERE NOT in_rapportage) AS buiten
                            FROM regions_per_peildatum GROUP BY ALL ORDER BY 1""")
    assert regions.values.tolist() == [[p, 34, 1] for p in ("2019-03", "2019-10", "2020-03", "2020-10")]
    projects = demo.query("""SELECT peildatum, count(*) AS n FROM projects_per_peildatum WHERE in_rapportage
                             GROUP BY ALL ORDER BY 1""")
    assert projects.values.tolist() == [["2019-10", 200], ["2020-03", 268], ["2020-10", 318]]


def test_status_shows_the_picture(demo, capsys):
    assert demo.cli("status") == 0
    out = capsys.readouterr().out
    assert "peildatum okt-20" in out
    menzis = next(line for line in out.splitlines() if line.startswith("Menzis"))
    assert menzis.split()[1:4] == ["2", "1", "1"]  # received, accepted, rejected
    assert "7 van 7 zorgkantoren hebben een geaccepteerde laatste aanlevering." in out
    assert demo.cli("status", "--peildatum", "2019-03") == 0
    assert "peildatum mrt-19" in capsys.readouterr().out


def test_a_second_run_changes_nothing(demo):
    before = _snapshot(demo)
    feedback = {p: p.read_bytes() for p in demo.reports.rglob("*.xlsx")}
    demo.run()
    after = _snapshot(demo)
    for table in TABLES:
        pd.testing.assert_frame_equal(after[table], before[table], obj=table)
    assert {p: p.read_bytes() for p in demo.reports.rglob("*.xlsx")} == feedback


def test_a_new_dagster_instance_picks_up_the_existing_warehouse(demo):
    shutil.rmtree(demo.root / ".dagster")
    before = _snapshot(demo)
    demo.run()
    for table in TABLES:
        pd.testing.assert_frame_equal(_snapshot(demo)[table], before[table], obj=table)


def _content(path):
    parsed = read_submission(path, load_reference())
    assert not [f for f in parsed.findings if f.is_error]
    columns = ["regio", "afspraken", "dynamiek", "visie", "toelichting"]
    project_columns = ["project_id", "projectnaam", "regio", "hoofdrubriek", "startjaar", "projectstatus",
                       "aantal_betrokken", "impact", "delen", "opschaalbaarheid", "begroting", "toelichting"]
    regions = parsed.regions[columns].astype(object).where(parsed.regions[columns].notna(), None)
    projects = parsed.projects[project_columns].astype(object).where(parsed.projects[project_columns].notna(), None)
    return parsed.peildatum, regions.to_dict("records"), projects.to_dict("records")


def test_prefilled_template_round_trips(project):
    cz_book(projects=[project_row("CZ-1", "Zeeland", Toelichting="=gevaarlijk"),
                      project_row("CZ-2", "Haaglanden", **{"Aantal betrokken zorgorganisaties": None,
                                                           "Mate van impact": None})]).write(
        project.raw / "cz.xlsx", received_at=moment(1))
    project.run()
    first = project.root / "cz-template-1.xlsx"
    assert project.cli("template", "--zorgkantoor", "cz", "--peildatum", "2020-10", "-o", str(first)) == 0
    peildatum, regions, projects = _content(first)
    stored = project.query("SELECT project_id, toelichting, aantal_betrokken, impact FROM projects_per_peildatum")
    assert peildatum == "2020-10" and len(regions) == 6
    assert [(p["project_id"], p["toelichting"], p["impact"]) for p in projects] == [
        ("CZ-1", "=gevaarlijk", "KV"), ("CZ-2", None, "O")]
    assert stored["project_id"].tolist() == ["CZ-1", "CZ-2"]

    (project.raw / "terug").mkdir()
    (project.raw / "terug" / "cz-template-1.xlsx").write_bytes(first.read_bytes())
    project.run()
    assert project.submission("cz-template-1.xlsx")["status"] == "geaccepteerd"
    second = project.root / "cz-template-2.xlsx"
    assert project.cli("template", "--zorgkantoor", "CZ", "--peildatum", "2020-10", "-o", str(second)) == 0
    assert _content(second) == _content(first)

    later = project.root / "cz-2021-03.xlsx"
    assert project.cli("template", "--zorgkantoor", "CZ", "--peildatum", "2021-03", "-o", str(later)) == 0
    peildatum, regions_later, projects_later = _content(later)
    assert peildatum == "2021-03" and projects_later == projects and regions_later == regions


def test_empty_template_without_history(project, capsys):
    path = project.root / "menzis.xlsx"
    assert project.cli("template", "--zorgkantoor", "Menzis", "--peildatum", "2021-03", "-o", str(path)) == 0
    assert "Leeg template voor Menzis" in capsys.readouterr().out
    parsed = read_submission(path, load_reference())
    assert parsed.projects.empty and parsed.regions["regio"].tolist() == [
        "Groningen", "Twente", "Arnhem (subregio Arnhem)", "Arnhem (subregio Food Valley)",
        "Arnhem (subregio Achterhoek)"]


def test_mistakes_on_the_command_line_are_explained_in_dutch(project, capsys):
    assert project.cli("status") == 1
    assert "voer eerst 'wir-monitor run' uit" in capsys.readouterr().err
    assert project.cli("template", "--zorgkantoor", "Achmea", "--peildatum", "2021-03", "-o", "x.xlsx") == 1
    assert "Zorgkantoor 'Achmea' is onbekend" in capsys.readouterr().err
    with pytest.raises(SystemExit) as stopped:
        project.cli("run", "--peildatum", "oktober")
    assert stopped.value.code == 2
    assert "'oktober' is geen peildatum" in capsys.readouterr().err


@pytest.mark.parametrize(("variable", "value", "expected"), [
    ("WIR_READERS", "twee", "een geheel getal van minstens 1"),
    ("WIR_MAX_FILE_MB", "-5", "een getal van minstens 0"),
    ("WIR_LOCK_TIMEOUT", "nan", "een getal van minstens 0"),
    ("WIR_RAPPORTFORMATEN", "html,odt", "een lijst met komma's uit html, pdf en docx"),
])
def test_an_unusable_setting_is_named_in_dutch(project, capsys, monkeypatch, variable, value, expected):
    cz_book().write(project.raw / "cz.xlsx", received_at=moment(1))
    monkeypatch.setenv(variable, value)
    assert project.cli("run") == 2
    err = capsys.readouterr().err
    assert f"de omgevingsvariabele {variable} heeft de waarde '{value}', maar moet {expected} zijn" in err
    assert "Traceback" not in err and "ValueError" not in err


def test_handleiding_is_written_as_pdf(project, tmp_path, capsys):
    target = tmp_path / "handleiding.pdf"
    assert project.cli("handleiding", "-o", str(target)) == 0
    assert target.read_bytes().startswith(b"%PDF") and "Handleiding aanleveren" in capsys.readouterr().out


def test_a_first_run_on_an_empty_raw_folder_completes(project, capsys):
    project.raw.mkdir(parents=True, exist_ok=True)
    assert project.cli("run") == 0
    out = capsys.readouterr().out
    assert "nog geen aanlevering met een leesbare peildatum" in out and "Zet de aanleveringen" in out
    assert not (project.reports / "zonder-peildatum").exists()


def test_a_run_with_only_unreadable_files_gives_their_feedback(project, capsys):
    (project.raw / "kapot.xlsx").parent.mkdir(parents=True, exist_ok=True)
    (project.raw / "kapot.xlsx").write_bytes(b"geen werkmap")
    cz_book(peildatum="31-02-2021").write(project.raw / "cz.xlsx", received_at=moment(1))
    assert project.cli("run") == 0
    out = capsys.readouterr().out
    folder = project.reports / "zonder-peildatum" / "terugkoppeling"
    assert f"2 bestand(en) zonder leesbare peildatum zijn afgewezen; de terugkoppeling staat in {folder}" in out
    assert len(list(folder.glob("*.html"))) == 2
    assert project.cli("status") == 1
    err = capsys.readouterr().err
    assert "nog geen aanlevering met een leesbare peildatum" in err and "2 bestand(en) zonder leesbare" in err


def test_status_names_a_file_whose_zorgkantoor_is_unknown(project, capsys):
    cz_book().write(project.raw / "cz.xlsx", received_at=moment(1))
    cz_book(zorgkantoor="VGZ Zorgkantoor").write(project.raw / "vgz.xlsx", received_at=moment(2))
    project.run()
    capsys.readouterr()
    assert project.cli("status") == 0
    out = capsys.readouterr().out
    assert "1 bestand(en) voor deze peildatum zonder herkend zorgkantoor zijn afgewezen (vgz.xlsx); zie " \
           f"{project.reports / '2020-10' / 'terugkoppeling'}" in out


def test_status_and_datakwaliteit_agree_on_the_latest_of_two_files_in_one_second(project, capsys):
    cz_book().write(project.raw / "a.xlsx", received_at=moment(1))
    cz_book(projects=[project_row("CZ-1", "Onbekend")]).write(project.raw / "b.xlsx", received_at=moment(1))
    project.run()
    assert project.submission("b.xlsx")["submission_id"] > project.submission("a.xlsx")["submission_id"]
    capsys.readouterr()
    assert project.cli("status") == 0
    cz = next(line for line in capsys.readouterr().out.splitlines() if line.startswith("CZ "))
    assert cz.split()[4] == "afgewezen"
    quality = project.query("""SELECT text FROM published_tables WHERE peildatum = '2020-10'
                               AND table_key = 'datakwaliteit' AND row_label = 'CZ' AND col_no = 0""")
    assert quality["text"].item() == texts.STATUS_IN_FORCE_NEWER_REJECTED
