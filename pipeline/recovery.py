"""Clean up after a CLI run that was killed: its Dagster run stays 'started' and keeps its pool slot.

Without this, the next run would wait forever for the duckdb_warehouse slot (limit 1). Call it while
holding the run lock; a run whose process still exists is left alone all the same, since another warehouse
may share the Dagster instance. Runs of `dagster dev` carry no CLI tag and are left to Dagster's own run
monitoring.
"""

from __future__ import annotations

import os

from dagster import DagsterInstance, DagsterRunStatus, RunsFilter

CLI_PID_TAG = "wir-monitor/pid"
STARTED_BY_TAG = "wir-monitor/gestart-door"  # who started a CLI run: $WIR_GEBRUIKER (the portal sets it)
UNFINISHED = [DagsterRunStatus.STARTED, DagsterRunStatus.STARTING, DagsterRunStatus.NOT_STARTED,
              DagsterRunStatus.QUEUED, DagsterRunStatus.CANCELING]


def cli_run_tags() -> dict[str, str]:
    by = os.environ.get("WIR_GEBRUIKER", "").strip()
    return {CLI_PID_TAG: str(os.getpid()), **({STARTED_BY_TAG: by} if by else {})}


def release_abandoned_runs(instance: DagsterInstance) -> int:
    """Mark earlier CLI runs that never finished as failed and free their slots; returns how many."""
    released = 0
    for record in instance.get_run_records(filters=RunsFilter(statuses=UNFINISHED)):
        run = record.dagster_run
        pid = run.tags.get(CLI_PID_TAG)
        if pid in (None, str(os.getpid())) or _alive(int(pid)):
            continue  # not ours to judge, or its process still runs (another warehouse, same instance)
        instance.report_run_failed(run, "Afgebroken: het proces van deze run bestaat niet meer.")
        instance.event_log_storage.free_concurrency_slots_for_run(run.run_id)
        released += 1
    return released


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, under another user
    return True
