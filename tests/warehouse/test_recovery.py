"""Cleaning up after a killed CLI run frees only runs whose process is really gone."""

from __future__ import annotations

import subprocess
import sys

import dagster as dg
from dagster._core.test_utils import create_run_for_test

from pipeline.recovery import CLI_PID_TAG, release_abandoned_runs


def test_only_runs_of_dead_processes_are_released():
    living = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    try:
        with dg.instance_for_test() as instance:
            runs = {name: create_run_for_test(instance, job_name="verwerk_peildatum",
                                              status=dg.DagsterRunStatus.STARTED, tags={CLI_PID_TAG: str(process.pid)})
                    for name, process in (("living", living), ("dead", dead))}
            assert release_abandoned_runs(instance) == 1
            status = {name: instance.get_run_by_id(run.run_id).status for name, run in runs.items()}
            assert status == {"living": dg.DagsterRunStatus.STARTED, "dead": dg.DagsterRunStatus.FAILURE}
    finally:
        living.kill()
        living.wait()
