"""The raw-folder sensor: new or changed files start the intake of their peildatum and of every later one."""


import hashlib
import json

import dagster as dg

from assets.jobs import archive_job, peildatum_job, peildatum_tables_job
from assets.partitions import PEILDATUM
from pipeline.intake.archive import scan_raw_folder
from pipeline.intake.assess import read_identity
from pipeline.reference import load_reference
from pipeline.resources import PathsResource


def runs_for(changed: set[str], known: set[str], batch: str) -> list[dg.RunRequest]:
    """The runs after files of the `changed` peildata arrived, oldest peildatum first.

    A later peildatum compares with earlier ones (phase moves, previous columns, missing projects), so it is
    redone too; only the latest gets its report, as with `wir-monitor run`. The instance's run queue
    (dagster.yaml: one run at a time, first in first out) keeps this order.
    """
    if not changed:
        return []
    redo = sorted(p for p in known | changed if p >= min(changed))
    return [dg.RunRequest(run_key=f"{peildatum}-{batch}", partition_key=peildatum,
                          job_name=(peildatum_job if peildatum == redo[-1] else peildatum_tables_job).name)
            for peildatum in redo]


@dg.sensor(
    jobs=[archive_job, peildatum_job, peildatum_tables_job],
    minimum_interval_seconds=30,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Kijkt elke 30 seconden in de map met aanleveringen. Een nieuw of gewijzigd bestand "
                "start de verwerking van zijn peildatum en van de latere peildata, die ermee vergelijken; "
                "een bestand zonder leesbare peildatum wordt gearchiveerd en met terugkoppeling afgewezen.",
)
def raw_folder_sensor(context: dg.SensorEvaluationContext, paths: PathsResource) -> dg.SensorResult:
    seen: dict[str, str | None] = json.loads(context.cursor) if context.cursor else {}
    reference = load_reference()
    new: dict[str, str | None] = {}
    scan = scan_raw_folder(paths.raw)
    for item in scan.skipped:  # e.g. still being copied: not in the cursor, so the next look takes it
        context.log.info(f"{item.relative_path} wordt nog niet verwerkt: {item.reason}.")
    for raw in scan.files:
        if raw.sha256 not in seen and raw.sha256 not in new:
            new[raw.sha256] = read_identity(raw.path, reference, raw.received_at.date())[1]
    if not new:
        return dg.SensorResult(run_requests=[], cursor=context.cursor)
    batch = hashlib.sha256("".join(sorted(new)).encode()).hexdigest()[:16]
    changed = {peildatum for peildatum in new.values() if peildatum}
    known = set(context.instance.get_dynamic_partitions(PEILDATUM))
    # Every peildatum run archives first; files without a peildatum need a run of their own only when alone.
    requests = runs_for(changed, known, batch) or \
        [dg.RunRequest(run_key=f"zonder-peildatum-{batch}", job_name=archive_job.name)]
    new_partitions = sorted(changed - known)
    return dg.SensorResult(
        run_requests=requests,
        dynamic_partitions_requests=[dg.AddDynamicPartitionsRequest(PEILDATUM, new_partitions)]
        if new_partitions else [],
        cursor=json.dumps({**seen, **new}, sort_keys=True),
    )
