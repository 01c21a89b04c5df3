"""The analyst's half-year cycle, end to end through the CLI: concept → vaststellen → late file → heropenen.

A locked peildatum keeps its tables and report while a late re-submission is archived, judged and fed back;
after reopening, the report reflects the new file. The provenance in the report matches the warehouse.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import shutil

import duckdb
import pandas as pd
import pytest

from pipeline.clock import dutch_time
from pipeline.report.files import report_html_path, report_pdf_path
from pipeline.tables.workbook import tables_workbook_path
from tests.builders import cz_book, cz_regions, moment, project_row
from tests.conftest import make_project

P = "2020-10"
PUBLISHED = "SELECT * FROM published_tables WHERE peildatum = ? ORDER BY ALL"


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _provenance(html: str) -> dict[str, tuple[str, str]]:
    """zorgkantoor → (hash prefix, received at) as the report's data-quality appendix shows them."""
    section = re.search(r'<figure id="tabel-\d+" data-tabel="kenmerken".*?</figure>', html, re.S).group(0)
    rows = re.findall(r'<th scope="row">([^<]+)</th><td class="tekst">ja</td><td class="datumtijd">([^<]+)</td>'
                      r'<td class="tekst">([0-9a-f]{64})</td>', section)
    return {holder.strip(): (digest[:12], received.strip()) for holder, received, digest in rows}


def _in_force(project) -> dict[str, tuple[str, str]]:
    rows = project.query("SELECT zorgkantoor, sha256, received_at FROM current_submissions WHERE peildatum = ?", [P])
    return {r.zorgkantoor: (r.sha256[:12], f"{dutch_time(r.received_at):%d-%m-%Y %H:%M}") for r in rows.itertuples()}


@pytest.fixture
def cycle(project, monkeypatch):
    monkeypatch.setenv("WIR_GEBRUIKER", "analist WIR")
    cz_book(peildatum=dt.date(2020, 3, 31)).write(project.raw / "cz-2020-03.xlsx", received_at=moment(1))
    cz_book().write(project.raw / "cz-2020-10.xlsx", received_at=moment(2))
    later = [project_row("CZ-1", "Zeeland"), project_row("CZ-2", "Haaglanden"), project_row("CZ-4", "Zeeland")]
    cz_book(peildatum=dt.date(2021, 3, 31), projects=later).write(project.raw / "cz-2021-03.xlsx",
                                                                  received_at=dt.datetime(2021, 4, 2, 9))
    return project


def test_a_whole_cycle(cycle, capsys, monkeypatch):
    project = cycle
    html, pdf = report_html_path(project.reports, P), report_pdf_path(project.reports, P)
    workbook = tables_workbook_path(project.reports, P)

    # 1. submissions → concept report
    assert project.cli("run", "--peildatum", P) == 0
    concept = html.read_text(encoding="utf-8")
    assert "concept" in concept and "Vastgesteld op" not in concept
    assert _provenance(concept) == _in_force(project)

    # 2. vaststellen: the report says so, everything else is as it was
    tables_before = project.query(PUBLISHED, [P])
    assert project.cli("vaststellen", "--peildatum", P, "--reden", "goedgekeurd door ZN") == 0
    assert "vastgesteld" in capsys.readouterr().out
    locked_html = html.read_text(encoding="utf-8")
    assert "Vastgesteld op" in locked_html and "door analist WIR" in locked_html
    assert "· concept" not in locked_html
    assert _provenance(locked_html) == _in_force(project)
    locked = {path: _digest(path) for path in (html, pdf, workbook)}

    # 3. a late re-submission: archived, judged and fed back, but the locked numbers do not move
    correction = [project_row("CZ-1", "Zeeland"), project_row("CZ-3", "Zuid-Limburg", Projectstatus="Lopend"),
                  project_row("CZ-5", "Zeeland", Hoofdrubriek="Anders werken")]
    cz_book(projects=correction).write(project.raw / "cz-2020-10-correctie.xlsx", received_at=moment(20))
    assert project.cli("run", "--peildatum", P) == 0
    late = project.submission("cz-2020-10-correctie.xlsx")
    assert late["status"] == "geaccepteerd"
    archived = project.query("SELECT archive_path FROM received_files WHERE file_name = 'cz-2020-10-correctie.xlsx'")
    assert len(archived) == 1
    (feedback,) = project.reports.rglob(f"terugkoppeling/*-{late['sha256'][:8]}.html")
    assert "vastgesteld" in feedback.read_text(encoding="utf-8")
    assert {path: _digest(path) for path in locked} == locked
    assert project.query(PUBLISHED, [P]).equals(tables_before)
    capsys.readouterr()
    assert project.cli("status", "--peildatum", P) == 0
    assert "vastgesteld" in capsys.readouterr().out.lower()

    # 4. heropenen: the late file counts, the report is a concept again and names the new version
    assert project.cli("heropenen", "--peildatum", P, "--reden", "correctie CZ") == 0
    reopened = html.read_text(encoding="utf-8")
    assert "concept" in reopened and "Vastgesteld op" not in reopened
    assert _provenance(reopened)["CZ"][0] == late["sha256"][:12]
    assert _provenance(reopened) == _in_force(project)
    assert not project.query(PUBLISHED, [P]).equals(tables_before)

    events = project.query("SELECT event, who, reason, submission_id FROM period_events WHERE peildatum = ?"
                           " ORDER BY event_id", [P])
    assert events["event"].tolist() == ["vastgesteld", "na_vaststelling", "vervangen", "heropend"]
    assert events["who"].tolist()[0] == events["who"].tolist()[-1] == "analist WIR"
    assert events["reason"].tolist()[1:3] == [
        "cz-2020-10-correctie.xlsx ontvangen na vaststelling; telt mee na heropenen",
        "cz-2020-10-correctie.xlsx vervangt cz-2020-10.xlsx"]
    assert events["reason"].tolist()[-1] == "correctie CZ"
    assert int(events["submission_id"].tolist()[1]) == int(late["submission_id"])

    # 5. a later peildatum compares with the reopened one: the next run redoes it, as a fresh build would
    assert project.cli("run", "--peildatum", P) == 0
    fresh = make_project(project.root.parent / "fresh", monkeypatch)
    shutil.copytree(project.raw, fresh.raw)
    assert fresh.cli("run", "--peildatum", P) == 0
    # Findings are given once, when a file is judged: only the warning counts in Datakwaliteit may differ.
    tables = "SELECT * FROM published_tables WHERE table_key <> 'datakwaliteit' ORDER BY ALL"
    assert project.query(tables).equals(fresh.query(tables))


def test_locking_twice_or_reopening_an_open_peildatum_is_explained(cycle, capsys):
    cycle.run()
    assert cycle.cli("heropenen", "--peildatum", P, "--reden", "x") == 1
    assert "niet vastgesteld" in capsys.readouterr().err
    assert cycle.cli("vaststellen", "--peildatum", P) == 0
    assert cycle.cli("vaststellen", "--peildatum", P) == 1
    assert "al vastgesteld" in capsys.readouterr().err
    assert cycle.cli("vaststellen", "--peildatum", "2021-10") == 1
    assert "geen geaccepteerde aanlevering" in capsys.readouterr().err


def test_locks_go_in_order_so_a_published_comparison_never_moves(cycle, capsys):
    """The okt-20 report shows mrt-20 as comparison: locking okt-20 locks mrt-20 too, and a late correction of
    mrt-20 changes nothing published until both are reopened, the later one first. Then vaststellen again,
    lose the warehouse, and `herstel` gives it back with the same locks, verdicts, tables and timeliness."""
    project, earlier = cycle, "2020-03"
    workbook = tables_workbook_path(project.reports, P)
    assert project.cli("run", "--peildatum", P) == 0
    assert project.cli("vaststellen", "--peildatum", P, "--reden", APPROVAL) == 0
    assert "Ook vastgesteld, omdat deze rapportage ze als vergelijking toont: mrt-20." in capsys.readouterr().out
    locks = project.query("SELECT peildatum, reason FROM period_locks ORDER BY 1")
    assert locks.values.tolist() == [[earlier, f"vastgesteld met okt-20: {APPROVAL}"], [P, APPROVAL]]
    tables_before, digest = project.query(PUBLISHED, [P]), _digest(workbook)

    cz_book(peildatum=dt.date(2020, 3, 31), regions=cz_regions(afspraken="Fase 3: Plan van aanpak")).write(
        project.raw / "cz-2020-03-correctie.xlsx", received_at=moment(20))
    assert project.cli("run", "--peildatum", P) == 0
    assert project.submission("cz-2020-03-correctie.xlsx")["status"] == "geaccepteerd"
    assert project.query(PUBLISHED, [P]).equals(tables_before) and _digest(workbook) == digest
    capsys.readouterr()
    assert project.cli("status", "--peildatum", earlier) == 0
    assert "1 aanlevering(en) na de vaststelling wachten op heropenen" in capsys.readouterr().out

    assert project.cli("heropenen", "--peildatum", earlier, "--reden", "correctie CZ") == 1
    assert "zolang okt-20 is vastgesteld: die rapportage toont mrt-20 als vergelijking. Heropen eerst okt-20." \
        in capsys.readouterr().err
    assert project.cli("heropenen", "--peildatum", P, "--reden", "correctie CZ") == 0
    assert project.cli("heropenen", "--peildatum", earlier, "--reden", "correctie CZ", "--door", "analist B") == 0
    assert project.cli("run", "--peildatum", P) == 0
    after = project.query("""SELECT row_label, number FROM published_tables WHERE peildatum = ?
                             AND table_key = 'afspraken' AND col_label = 'mrt-20' AND number > 0""", [P])
    assert dict(after.values.tolist())["Fase 3: Plan van aanpak"] == 6

    assert project.cli("vaststellen", "--peildatum", earlier, "--door", "analist B") == 0  # without a reason
    _herstel_gives_back_the_same(project, capsys)


APPROVAL = "goedgekeurd door zn@example.nl (ZN) op 15-01-2021 10:00: akkoord"  # as the portal writes it
HISTORY = {  # what `herstel` must give back
    "received_files": "SELECT * EXCLUDE (archived_at) FROM received_files",
    "submissions": "SELECT * EXCLUDE (validated_at) FROM submissions",
    "findings": "SELECT * FROM findings",
    "tables": "SELECT * FROM published_tables",
    "regions": "SELECT * FROM regions_per_peildatum",
    "projects": "SELECT * FROM projects_per_peildatum",
    "locks": "SELECT * FROM period_locks",
    # when a file was judged is the moment of judging, also in a rebuild; what it did is not
    "events": """SELECT peildatum, event, who, reason, submission_id,
                        CASE WHEN event IN ('vastgesteld', 'heropend') THEN happened_at END AS happened_at
                 FROM period_events""",
}


def _herstel_gives_back_the_same(project, capsys) -> None:
    from pipeline.warehouse.locking import backfill_lock_records
    from pipeline.warehouse.vaststellingen import read_records
    from tests.warehouse.test_archive_truth import status_overview_of

    archive = project.root / "data" / "archief"
    records = read_records(archive)
    assert [(r.kind, r.peildatum, r.by, r.reason) for r in records] == [
        ("vastgesteld", P, "analist WIR", APPROVAL), ("heropend", P, "analist WIR", "correctie CZ"),
        ("heropend", "2020-03", "analist B", "correctie CZ"), ("vastgesteld", "2020-03", "analist B", None)]
    judged = project.query("SELECT sha256 FROM submissions ORDER BY submission_id")["sha256"].tolist()
    assert list(records[0].judged) == judged[:3] and list(records[1].judged) == judged
    expected = {name: project.query(f"{sql} ORDER BY ALL") for name, sql in HISTORY.items()}
    timeliness = {p: status_overview_of(project.warehouse, p) for p in ("2020-03", P, "2021-03")}
    status = {}
    for key in ("2020-03", P):
        capsys.readouterr()
        assert project.cli("status", "--peildatum", key) == 0
        status[key] = capsys.readouterr().out
    assert "Vastgesteld op" in status["2020-03"] and "door analist B;" in status["2020-03"]

    for lost in project.warehouse.parent.glob("warehouse.duckdb*"):
        lost.unlink()
    shutil.move(project.raw, project.root / "raw-weg")  # the archive alone
    try:
        assert project.cli("herstel") == 0
    finally:
        shutil.move(project.root / "raw-weg", project.raw)
    out = capsys.readouterr().out
    assert "Uit het archief opnieuw vastgelegd: peildatum mrt-20 heropend op" in out and "door analist B." in out
    for name, frame in expected.items():
        assert len(frame) or name == "findings", name  # these files have no findings
        pd.testing.assert_frame_equal(project.query(f"{HISTORY[name]} ORDER BY ALL"), frame, obj=name)
    assert {p: status_overview_of(project.warehouse, p) for p in ("2020-03", P, "2021-03")} == timeliness
    for key, shown in status.items():
        assert project.cli("status", "--peildatum", key) == 0
        assert capsys.readouterr().out == shown
    assert read_records(archive) == records  # replaying writes no record

    # A warehouse whose locks predate the records gets them written once, from its period_locks.
    with duckdb.connect(str(project.warehouse), read_only=True) as connection:
        assert backfill_lock_records(connection, project.root / "ander-archief") == 1
        assert backfill_lock_records(connection, project.root / "ander-archief") == 0
    (backfilled,) = read_records(project.root / "ander-archief")
    assert (backfilled.peildatum, backfilled.at, backfilled.by) == (records[-1].peildatum, records[-1].at, "analist B")
