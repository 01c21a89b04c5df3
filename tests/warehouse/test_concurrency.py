"""Two runs at the same moment both end well, and a busy warehouse gives a clear Dutch message."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys

import pytest

from pipeline.warehouse.lock import warehouse_lock
from tests.builders import SubmissionBook, cz_book, moment, project_row, region_row
from tests.conftest import PROJECT_ROOT, make_project

pytestmark = pytest.mark.alleen_html  # no test here reads the PDF or the Word file

BOOKS = {
    "cz": [cz_book(peildatum=dt.date(2020, 3, 31)), cz_book(), cz_book(projects=[project_row("CZ-9", "Onbekend")])],
    "dsw": [SubmissionBook(zorgkantoor="DSW", regions=[region_row("Delft Westland Oostland")])],
}
TABLE_SNAPSHOT = "SELECT * EXCLUDE (validated_at) FROM submissions ORDER BY sha256"


def _cli(project, *args: str, **env: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "pipeline.cli", "--raw-dir", str(project.raw), "--warehouse", str(project.warehouse),
         "--reports-dir", str(project.reports), *args],
        cwd=project.root, env={**os.environ, "DAGSTER_HOME": str(project.root), **env},
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_two_runs_started_together_both_complete_consistently(project):
    for day, (holder, books) in enumerate(BOOKS.items(), start=1):
        for number, book in enumerate(books):
            book.write(project.raw / f"{holder}-{number}.xlsx", received_at=moment(day, 9 + number))
    (project.raw / "kapot.xlsx").write_bytes(b"geen werkmap")
    first, second = _cli(project, "run"), _cli(project, "run")
    results = [process.communicate(timeout=600) for process in (first, second)]
    assert [first.returncode, second.returncode] == [0, 0], results
    assert not any("Traceback" in out + err for out, err in results)
    assert sum("wacht tot die klaar is" in out for out, _ in results) == 1  # one of them waited
    judged = project.query("SELECT sha256, count(*) AS n FROM submissions GROUP BY ALL")
    assert len(judged) == 5 and judged["n"].max() == 1  # every file judged exactly once
    in_force = project.query("SELECT peildatum, count(*) AS n FROM current_submissions GROUP BY ALL ORDER BY 1")
    assert in_force.values.tolist() == [["2020-03", 1], ["2020-10", 2]]
    before = project.query(TABLE_SNAPSHOT)
    tables = project.query("SELECT * FROM published_tables ORDER BY ALL")
    project.run()  # an uninterrupted run afterwards changes nothing
    assert project.query(TABLE_SNAPSHOT).equals(before)
    assert project.query("SELECT * FROM published_tables ORDER BY ALL").equals(tables)


def test_a_run_while_the_sensor_is_ingesting(project, monkeypatch):
    for day, (holder, books) in enumerate(BOOKS.items(), start=1):
        for number, book in enumerate(books):
            book.write(project.raw / f"{holder}-{number}.xlsx", received_at=moment(day, 9 + number))
    (project.raw / "kapot.xlsx").write_bytes(b"geen werkmap")
    locations = {"WIR_RAW_DIR": str(project.raw), "WIR_WAREHOUSE": str(project.warehouse),
                 "WIR_REPORTS_DIR": str(project.reports)}
    daemon = subprocess.Popen([sys.executable, "-m", "tests.warehouse.sensor_daemon"], cwd=PROJECT_ROOT,
                              env={**os.environ, "DAGSTER_HOME": str(project.root), **locations},
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    run = _cli(project, "run")
    results = [process.communicate(timeout=600) for process in (daemon, run)]
    assert [daemon.returncode, run.returncode] == [0, 0], results
    # The sensor asks only for what the CLI's run left to do, by the same rule: whatever it launched succeeded.
    assert "mislukt" not in results[0][0]
    assert not any("Traceback" in out + err for out, err in results)
    judged = project.query("SELECT sha256, count(*) AS n FROM submissions GROUP BY ALL")
    assert len(judged) == 5 and judged["n"].max() == 1
    tables = project.query("SELECT * FROM published_tables ORDER BY ALL")
    fresh = make_project(project.root.parent / "fresh", monkeypatch)
    shutil.copytree(project.raw, fresh.raw)
    fresh.run()
    assert fresh.query("SELECT * FROM published_tables ORDER BY ALL").equals(tables)


def test_a_busy_warehouse_is_explained_in_dutch(project):
    cz_book().write(project.raw / "cz.xlsx", received_at=moment(1))
    project.run()
    with warehouse_lock(project.warehouse, exclusive=True):
        waiting = _cli(project, "status", WIR_LOCK_TIMEOUT="1")
        out, err = waiting.communicate(timeout=120)
    assert waiting.returncode == 2
    assert "is bezet" in err and "Probeer het later opnieuw" in err
    assert "Traceback" not in out + err
