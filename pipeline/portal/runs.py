"""Pipeline runs for the analyst's overview: read from the project's Dagster instance, and started from the portal
by `wir-monitor run --peildatum`, the CLI's own command, which executes the verwerk_peildatum job on that
instance (no second code path). The run is a process of its own: it holds the warehouse's one lock while the
portal keeps answering from what it read before (warehouse.py).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from pipeline.recovery import CLI_PID_TAG, STARTED_BY_TAG

PARTITION_TAG = "dagster/partition"
STATUS_TEXT = {  # Dagster's run states, in Dutch
    "QUEUED": "in de wachtrij", "NOT_STARTED": "niet gestart", "STARTING": "start", "STARTED": "loopt",
    "SUCCESS": "geslaagd", "FAILURE": "mislukt", "CANCELING": "wordt afgebroken", "CANCELED": "afgebroken",
    "MANAGED": "extern beheerd",
}
_instance_lock = threading.Lock()
_instances: dict[str, object] = {}  # by DAGSTER_HOME: one instance per process


@dataclass(frozen=True)
class RunRow:
    run_id: str
    job: str
    peildatum: str
    status: str  # Dagster's state name
    started: dt.datetime | None
    ended: dt.datetime | None
    started_by: str
    url: str

    @property
    def status_text(self) -> str:
        return STATUS_TEXT.get(self.status, self.status.lower())

    @property
    def short_id(self) -> str:
        return self.run_id[:8]


def dagster_home() -> str | None:
    """As the CLI: DAGSTER_HOME, else the working folder when it holds the project's dagster.yaml."""
    home = os.environ.get("DAGSTER_HOME")
    if home:
        return home
    return str(Path.cwd()) if Path("dagster.yaml").exists() else None


def instance():
    """The project's Dagster instance (opened once); None without one (then there are no runs to show)."""
    home = dagster_home()
    if home is None:
        return None
    with _instance_lock:
        if home not in _instances:
            from dagster import DagsterInstance

            _instances[home] = DagsterInstance.get() if os.environ.get("DAGSTER_HOME") else \
                DagsterInstance.from_config(home)
        return _instances[home]


def run_url(run_id: str) -> str:
    return f"{settings.WIR_DAGSTER_URL.rstrip('/')}/runs/{run_id}"


def _moment(timestamp: float | None) -> dt.datetime | None:
    return None if timestamp is None else dt.datetime.fromtimestamp(timestamp, tz=dt.UTC)


def recent_runs(peildatum: str | None = None, limit: int = 10) -> list[RunRow]:
    """The latest runs, newest first; of one peildatum's partition if given."""
    from dagster import RunsFilter

    found = instance()
    if found is None:
        return []
    filters = RunsFilter(tags={PARTITION_TAG: peildatum}) if peildatum else None
    rows = []
    for record in found.get_run_records(filters=filters, limit=limit):
        run = record.dagster_run
        rows.append(RunRow(run.run_id, run.job_name, run.tags.get(PARTITION_TAG, ""), run.status.value,
                           _moment(record.start_time) or record.create_timestamp, _moment(record.end_time),
                           _started_by(run.tags), run_url(run.run_id)))
    return rows


def _started_by(tags) -> str:
    if STARTED_BY_TAG in tags:
        return tags[STARTED_BY_TAG]
    return "wir-monitor (opdrachtregel)" if CLI_PID_TAG in tags else "Dagster (sensor of webinterface)"


# --- starting a run -----------------------------------------------------------------------------------------

def _runs_dir() -> Path:
    return Path(settings.PORTAL_DIR) / "verwerkingen"


@dataclass(frozen=True)
class Started:
    peildatum: str
    by: str
    at: dt.datetime
    pid: int
    log: Path

    @property
    def running(self) -> bool:
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        # a finished child of this process stays a zombie until reaped: reap it, then it is over
        try:
            done, _ = os.waitpid(self.pid, os.WNOHANG)
        except ChildProcessError:
            return True  # not our child (another portal process started it): alive
        return done == 0

    @property
    def output(self) -> str:
        try:
            return self.log.read_text(encoding="utf-8", errors="replace")[-5000:]
        except OSError:
            return ""


def latest_started() -> Started | None:
    """The last run started from the portal, from the note written beside its log."""
    notes = sorted(_runs_dir().glob("*.json")) if _runs_dir().exists() else []
    if not notes:
        return None
    note = json.loads(notes[-1].read_text(encoding="utf-8"))
    return Started(note["peildatum"], note["door"], dt.datetime.fromisoformat(note["op"]), note["pid"],
                   notes[-1].with_suffix(".log"))


class RunRefused(ValueError):
    """A run that cannot be started now; the message is Dutch."""


_start_lock = threading.Lock()


def start(peildatum: str, by: str) -> Started:
    """`wir-monitor run --peildatum` in a process of its own; its output goes to a log the overview shows."""
    with _start_lock:
        previous = latest_started()
        if previous is not None and previous.running:
            raise RunRefused(f"Er loopt al een verwerking die vanuit het portaal is gestart (peildatum "
                             f"{previous.peildatum}, door {previous.by}). Wacht tot die klaar is.")
        folder = _runs_dir()
        folder.mkdir(parents=True, exist_ok=True)
        at = timezone.now()
        stem = folder / f"{at:%Y%m%dT%H%M%S%f}-{peildatum}"
        environment = {**os.environ, "WIR_GEBRUIKER": by}  # the run's tag, as the CLI's own --door
        with open(stem.with_suffix(".log"), "wb") as log:
            process = subprocess.Popen(
                [sys.executable, "-m", "pipeline.cli", "run", "--peildatum", peildatum], cwd=Path.cwd(),
                env=environment, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True)  # a process of its own: not ended with the request or by the portal's signals
        stem.with_suffix(".json").write_text(json.dumps(
            {"pid": process.pid, "peildatum": peildatum, "door": by, "op": at.isoformat()}), encoding="utf-8")
        return Started(peildatum, by, at, process.pid, stem.with_suffix(".log"))
