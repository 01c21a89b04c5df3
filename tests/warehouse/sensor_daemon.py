"""What `dagster-daemon` does for the raw-folder sensor, in one process: tick until the sensor answers (it skips
a tick while a run holds the warehouse), then launch its runs.

Started by the concurrency test next to a `wir-monitor run` on the same warehouse and Dagster instance.
Locations come from WIR_RAW_DIR / WIR_WAREHOUSE / WIR_REPORTS_DIR and the instance from DAGSTER_HOME.
"""

from __future__ import annotations

import time

import dagster as dg

from pipeline.config import Settings
from pipeline.definitions import build_definitions


def main() -> None:
    definitions = build_definitions(Settings.from_env())
    instance = dg.DagsterInstance.get()
    sensor = definitions.resolve_sensor_def("raw_folder_sensor")
    for _ in range(600):  # as the daemon's next ticks; bounded, so a test can never hang on it
        with dg.build_sensor_context(instance=instance, resources=definitions.resources) as context:
            result = sensor(context)
        if not isinstance(result, dg.SkipReason):
            break
        time.sleep(0.1)
    else:
        raise SystemExit("de sensor bleef overslaan")
    for request in result.dynamic_partitions_requests:
        instance.add_dynamic_partitions(request.partitions_def_name, list(request.partition_keys))
    for request in result.run_requests:  # in the order requested, as the run queue (one at a time) does
        job = definitions.resolve_job_def(request.job_name)
        outcome = job.execute_in_process(instance=instance, partition_key=request.partition_key,
                                         tags={"dagster/sensor_name": sensor.name})
        print(f"{request.job_name} {request.partition_key or '-'}: {'ok' if outcome.success else 'mislukt'}")


if __name__ == "__main__":
    main()
