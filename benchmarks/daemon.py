"""What the same work costs when `dagster-daemon` does it: the sensor sees the files, the daemon runs them.

A real `dagster-daemon` on a fresh copy of the raw folder, warehouse and instance. The cost of a run is the
time from the moment the daemon launches it (RUN_STARTING: a new process is started) until it ends, so it
includes the run's own process start, like a cold `wir-monitor run`; the time a run waits in the queue or
for the sensor's next look is not work and is left out. CPU time: every 0.1 s (as for the CLI) the user + system time of
each run process (below the daemon: started by its code server) and its children (Chromium) is read from
/proc; the last reading per process counts. Done when the change check of `wir-monitor run` finds nothing
left to do.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from benchmarks.measure import SAMPLE_SECONDS, _tree, cpu_seconds_of

SETTLE_LIMIT = 900  # seconds
# A run's process below the daemon: the code server starts it with multiprocessing (spawn); other launchers
# use `dagster api execute_run`.
RUN_PROCESS = ("spawn_main", "execute_run")
BATCH_TAG = "wir-monitor/verwerking"  # assets/batch.py: a run executed inside a launched run's process
QUEUE = ("\nrun_coordinator:\n  module: dagster._core.run_coordinator\n  class: QueuedRunCoordinator\n"
         "  config:\n    dequeue_interval_seconds: 1\n")


class Daemon:
    """dagster-daemon on the project's definitions, for one benchmark folder (DAGSTER_HOME = that folder)."""

    def __init__(self, folder: Path, env: dict[str, str]) -> None:
        from dagster import DagsterInstance

        self.folder = folder
        config = folder / "dagster.yaml"
        if "run_coordinator:" not in config.read_text(encoding="utf-8"):
            config.write_text(config.read_text(encoding="utf-8") + QUEUE, encoding="utf-8")
        self.env = {**env, "DAGSTER_HOME": str(folder), "WIR_SENSOR_INTERVAL": "1"}
        DagsterInstance.from_config(str(folder)).dispose()  # its storage exists before two processes open it
        self.log = open(folder / "daemon.log", "a")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [str(Path(sys.executable).with_name("dagster-daemon")), "run", "-m", "pipeline.definitions"],
            cwd=folder, env=self.env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)

        self.cpu: dict[int, float] = {}  # run process (and children) -> last CPU seconds seen
        self._halt = threading.Event()
        self._sampler = threading.Thread(target=self._sample, daemon=True)
        self._sampler.start()

    def _sample(self) -> None:
        while not self._halt.wait(SAMPLE_SECONDS):
            for pid in _tree(self.process.pid):
                if any(mark in _cmdline(pid) for mark in RUN_PROCESS):
                    for part in _tree(pid):
                        self.cpu[part] = max(self.cpu.get(part, 0.0), cpu_seconds_of(part))

    def cpu_seconds(self) -> float:
        return sum(self.cpu.values())

    def stop(self) -> None:
        self._halt.set()
        self._sampler.join()
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        self.log.close()


def settle(daemon: Daemon, env: dict[str, str], since: float) -> dict:
    """Wait until the daemon has done everything, then sum the cost of the runs it launched since `since`."""
    folder = daemon.folder
    cpu_before = daemon.cpu_seconds()
    deadline = time.monotonic() + SETTLE_LIMIT
    while True:
        if not _unfinished(folder) and _nothing_changed(env):
            break
        if time.monotonic() > deadline:
            raise SystemExit(f"dagster-daemon werd niet klaar binnen {SETTLE_LIMIT} s; zie {folder / 'daemon.log'}")
        time.sleep(1)
    return {**_cost(folder, since), "cpu_seconds": round(daemon.cpu_seconds() - cpu_before, 3)}


def _cmdline(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as handle:
            return handle.read().decode(errors="replace")
    except OSError:
        return ""


def _nothing_changed(env: dict[str, str]) -> bool:
    """The change check of `wir-monitor run`, in the benchmark's environment (its reference data)."""
    probe = ("import os, pathlib, sys; from pipeline.warehouse.changes import nothing_changed; sys.exit(0 if "
             "nothing_changed(*(pathlib.Path(os.environ[v]) for v in ('WIR_RAW_DIR', 'WIR_WAREHOUSE', "
             "'WIR_REPORTS_DIR')), None) else 1)")
    return subprocess.run([sys.executable, "-c", probe], env=env, check=False).returncode == 0


def _unfinished(folder: Path) -> bool:
    from dagster import DagsterInstance, DagsterRunStatus, RunsFilter

    with DagsterInstance.from_config(str(folder)) as instance:
        return bool(instance.get_run_records(filters=RunsFilter(statuses=[
            DagsterRunStatus.QUEUED, DagsterRunStatus.NOT_STARTED, DagsterRunStatus.STARTING,
            DagsterRunStatus.STARTED])))


def _cost(folder: Path, since: float) -> dict:
    from dagster import DagsterEventType, DagsterInstance, DagsterRunStatus

    runs, inside = [], 0
    with DagsterInstance.from_config(str(folder)) as instance:
        for record in instance.get_run_records():
            if record.create_timestamp.timestamp() < since:
                continue
            if BATCH_TAG in record.dagster_run.tags:  # a run inside a launched one: its time is counted there
                inside += 1
                continue
            (launched,) = [entry.timestamp for entry in instance.all_logs(
                record.dagster_run.run_id, of_type=DagsterEventType.RUN_STARTING)][:1] or [record.start_time]
            runs.append({"job": record.dagster_run.job_name,
                         "peildatum": record.dagster_run.tags.get("dagster/partition"),
                         "seconds": round(record.end_time - launched, 3),
                         "success": record.dagster_run.status == DagsterRunStatus.SUCCESS})
    if not all(run["success"] for run in runs):
        raise SystemExit(f"een run van dagster-daemon mislukte: {runs}")
    return {"runs": len(runs), "runs_inside": inside, "seconds": round(sum(run["seconds"] for run in runs), 3),
            "per_run": runs}
