"""A run killed with SIGKILL at any point leaves the warehouse consistent; the next run completes and
its results equal those of an uninterrupted run."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time

import pandas as pd

from tests.conftest import make_project

SNAPSHOTS = {
    "submissions": "SELECT sha256, file_name, zorgkantoor, peildatum, status, errors, warnings FROM submissions",
    "findings": "SELECT s.sha256, f.finding_no, f.rule, f.sheet, f.excel_row, f.column_name, f.value "
                "FROM findings f JOIN submissions s USING (submission_id)",
    "regions": "SELECT * EXCLUDE (submission_id) FROM regions_per_peildatum",
    "projects": "SELECT * EXCLUDE (submission_id) FROM projects_per_peildatum",
    "tables": "SELECT * FROM published_tables",
}


def _snapshot(project) -> dict[str, pd.DataFrame]:
    return {name: project.query(f"{sql} ORDER BY ALL") for name, sql in SNAPSHOTS.items()}


def _start(project) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "pipeline.cli", "--raw-dir", str(project.raw), "--warehouse", str(project.warehouse),
         "--reports-dir", str(project.reports), "run"],
        cwd=project.root, env={**os.environ, "DAGSTER_HOME": str(project.root)},
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True)


def test_killed_runs_leave_a_consistent_warehouse(tmp_path, monkeypatch):
    reference = make_project(tmp_path / "ongestoord", monkeypatch)
    assert reference.cli("demo") == 0
    reference.run()
    expected = _snapshot(reference)

    crashed = make_project(tmp_path / "gestoord", monkeypatch)
    shutil.copytree(reference.raw, crashed.raw)
    rng = random.Random(20201031)
    kill_points = sorted(rng.uniform(0.5, 14.0) for _ in range(6))
    outcomes = []
    for seconds in kill_points:
        process = _start(crashed)
        time.sleep(seconds)
        finished = process.poll() is not None
        if not finished:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=60)
        outcomes.append((round(seconds, 1), "klaar" if finished else "gedood"))
    print("kill points:", outcomes)
    assert any(state == "gedood" for _, state in outcomes)

    crashed.run()  # the next run completes
    found = _snapshot(crashed)
    for name, frame in expected.items():
        pd.testing.assert_frame_equal(found[name].reset_index(drop=True), frame.reset_index(drop=True), obj=name)
    workbook = "2020-10/tabellen-2020-10.xlsx"
    assert (crashed.reports / workbook).read_bytes() == (reference.reports / workbook).read_bytes()
    assert crashed.query("SELECT count(*) AS n FROM received_files")["n"][0] == 30
