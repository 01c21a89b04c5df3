"""`wir-monitor run` beside a real `dagster-daemon` on the same warehouse, with files arriving while both run.

Before, the CLI held the warehouse's file lock and waited for the Dagster pool slot while a sensor run held
the slot and waited for the file lock: 31 minutes, WIR_LOCK_TIMEOUT ignored, SIGTERM ignored, a core at
100 %, and the daemon's run failed. Now both take the one lock, in the same order.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import dagster as dg
import pytest

from assets.batch import BATCH_TAG
from pipeline.warehouse.lock import warehouse_lock
from tests.builders import SubmissionBook, cz_book, moment, region_row
from tests.conftest import PROJECT_ROOT

BIN = Path(sys.executable).parent
CLI_TIMEOUT = 40  # WIR_LOCK_TIMEOUT of the CLI in these tests, in seconds
SETTLE_LIMIT = 120  # the daemon must have done all its work within this many seconds after the CLI ended
UNFINISHED = [dg.DagsterRunStatus.QUEUED, dg.DagsterRunStatus.NOT_STARTED, dg.DagsterRunStatus.STARTING,
              dg.DagsterRunStatus.STARTED]


def _environment(project) -> dict[str, str]:
    return {**os.environ, "DAGSTER_HOME": str(project.root), "PYTHONUNBUFFERED": "1",
            "WIR_RAW_DIR": str(project.raw), "WIR_WAREHOUSE": str(project.warehouse),
            "WIR_REPORTS_DIR": str(project.reports), "WIR_SENSOR_INTERVAL": "2"}


def _absolute_instance(project) -> None:
    """The project's dagster.yaml with its storage under this DAGSTER_HOME, whatever a process's folder."""
    config = project.root / "dagster.yaml"
    text = config.read_text().replace("base_dir: .dagster", f"base_dir: {project.root}/.dagster")
    # Queued runs start within a second instead of five: a shorter test, the same order.
    config.write_text(text + "\nrun_coordinator:\n  module: dagster._core.run_coordinator\n"
                             "  class: QueuedRunCoordinator\n  config:\n    dequeue_interval_seconds: 1\n")


def _cli(project, *args: str, **env: str) -> subprocess.Popen:
    return subprocess.Popen([str(BIN / "wir-monitor"), *args], cwd=project.root,
                            env={**_environment(project), "WIR_LOCK_TIMEOUT": str(CLI_TIMEOUT), **env},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


class Lines:
    """A process's stdout, read in a thread, so the test can wait for a line and still collect all."""

    def __init__(self, process: subprocess.Popen) -> None:
        self.lines: list[str] = []
        self.thread = threading.Thread(target=lambda: self.lines.extend(process.stdout), daemon=True)
        self.thread.start()

    def wait_for(self, text: str, limit: float) -> bool:
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            if any(text in line for line in list(self.lines)):
                return True
            time.sleep(0.1)
        return False


@pytest.fixture
def daemon(project):
    _absolute_instance(project)
    # Create the instance's SQLite storage first: the daemon and its code server would both create it at
    # once ("table alembic_version already exists"), a race of a fresh Dagster folder, not of this project.
    dg.DagsterInstance.from_config(str(project.root)).dispose()
    log = open(project.root / "daemon.log", "w")  # noqa: SIM115 - closed below
    process = subprocess.Popen([str(BIN / "dagster-daemon"), "run", "-m", "pipeline.definitions",
                                "-d", str(PROJECT_ROOT)], cwd=project.root, env={**_environment(project),
                                                                                  "WIR_LOCK_TIMEOUT": "120"},
                               stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    yield process
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    log.close()


def _runs(project) -> list[dg.DagsterRun]:
    """The daemon's runs: those it launched, and the runs each of those executed inside its own process."""
    with dg.DagsterInstance.from_config(str(project.root)) as instance:
        runs = instance.get_runs()
    launched = {run.run_id for run in runs if "wir-monitor/pid" not in run.tags}
    return [run for run in runs if run.run_id in launched or run.tags.get(BATCH_TAG) in launched]


def _wait_until(condition, limit: float, what: str) -> None:
    deadline = time.monotonic() + limit
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.5)


def test_the_cli_beside_a_real_daemon_with_files_arriving(project, daemon):
    cz_book().write(project.raw / "cz-najaar.xlsx", received_at=moment(2))
    # The sensor sees the files and the daemon starts its first run; then the CLI starts beside it.
    _wait_until(lambda: _runs(project), 60, f"de daemon startte geen run:\n{_log(project)}")
    started = time.monotonic()
    cli = _cli(project, "run")
    out = Lines(cli)
    try:
        # A file arrives while both run: after the CLI archived the raw folder, so only the daemon can take it.
        assert out.wait_for("Peildatum", CLI_TIMEOUT + 30), out.lines
        SubmissionBook(zorgkantoor="DSW", regions=[region_row("Delft Westland Oostland")]).write(
            project.raw / "dsw-najaar.xlsx", received_at=moment(3))
        cli.wait(timeout=CLI_TIMEOUT + 60)  # before: deadlocked for half an hour
    finally:
        cli.kill()
    out.thread.join(5)
    err = cli.stderr.read()
    elapsed = time.monotonic() - started
    # It finished, or said that the warehouse is busy, within its timeout (plus its own work).
    assert cli.returncode == 0 or (cli.returncode == 2 and "is bezet" in err), "".join(out.lines) + err
    assert elapsed < CLI_TIMEOUT + 30, elapsed
    assert "Traceback" not in "".join(out.lines) + err

    def settled() -> bool:
        judged = _query(project, "SELECT count(DISTINCT sha256) AS n FROM submissions")["n"].item()
        return judged == 2 and not [run for run in _runs(project) if run.status in UNFINISHED]

    _wait_until(settled, SETTLE_LIMIT, f"de daemon werd niet klaar:\n{_log(project)}")
    time.sleep(3)  # one more look of the sensor: it asks for nothing it has not done
    _wait_until(lambda: not [run for run in _runs(project) if run.status in UNFINISHED], SETTLE_LIMIT,
                "de daemon bleef runs starten")
    runs = _runs(project)
    assert runs and all(run.status == dg.DagsterRunStatus.SUCCESS for run in runs), \
        [(run.job_name, run.tags.get("dagster/partition"), run.status) for run in runs]
    # What the CLI or an earlier run already made is not made again: at most one processing per file, each
    # one launched run (one process) that processes the peildatum inside it.
    launched = [run for run in runs if BATCH_TAG not in run.tags]
    assert len(launched) <= 2 and {run.job_name for run in launched} == {"verwerk_aanleveringen"}, \
        [(run.job_name, run.tags.get("dagster/partition")) for run in runs]
    peildatum_runs = [run for run in runs if run.job_name == "verwerk_peildatum"]
    assert len(peildatum_runs) <= len(launched)
    # The file that arrived last went through a daemon run with the report of the latest peildatum.
    assert any(run.tags.get("dagster/partition") == "2020-10" for run in peildatum_runs)
    judged = _query(project, "SELECT sha256, count(*) AS n FROM submissions GROUP BY ALL")
    assert len(judged) == 2 and judged["n"].max() == 1  # each file judged exactly once
    in_force = _query(project, "SELECT peildatum, zorgkantoor FROM current_submissions ORDER BY ALL")
    assert in_force.values.tolist() == [["2020-10", "CZ"], ["2020-10", "DSW"]]
    regions = _query(project, "SELECT regio FROM regions_per_peildatum WHERE peildatum = '2020-10'")["regio"]
    assert "Delft Westland Oostland" in set(regions)  # the 2020-10 tables were made after the last file
    assert (project.reports / "2020-10" / "voortgangsrapportage-2020-10.pdf").exists()


def _query(project, sql: str):
    with warehouse_lock(project.warehouse, exclusive=False):  # as `status` does: a daemon run may hold it
        return project.query(sql)


def _log(project) -> str:
    return (project.root / "daemon.log").read_text()[-4000:]


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def test_a_waiting_run_costs_no_cpu_and_stops_on_sigterm_in_dutch(project):
    cz_book().write(project.raw / "cz.xlsx", received_at=moment(1))
    with warehouse_lock(project.warehouse, exclusive=True):  # another process holds the warehouse
        cli = _cli(project, "run", WIR_LOCK_TIMEOUT="120")
        out = Lines(cli)
        assert out.wait_for("wacht tot die klaar is", 30), out.lines
        before = _cpu_seconds(cli.pid)
        time.sleep(2)
        assert _cpu_seconds(cli.pid) - before < 0.5  # it sleeps while it waits; a spin would use 2 s
        cli.send_signal(signal.SIGTERM)
        cli.wait(timeout=10)
    err = cli.stderr.read()
    assert cli.returncode == 130 and "afgebroken op verzoek" in err, err
    assert "Traceback" not in err


def test_the_lock_timeout_holds_for_run_and_ends_with_bezet(project):
    cz_book().write(project.raw / "cz.xlsx", received_at=moment(1))
    with warehouse_lock(project.warehouse, exclusive=True):
        cli = _cli(project, "run", WIR_LOCK_TIMEOUT="1")
        out, err = cli.communicate(timeout=60)
    assert cli.returncode == 2 and "is bezet" in err and "WIR_LOCK_TIMEOUT" in err, out + err
    assert "Traceback" not in out + err
