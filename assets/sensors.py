"""The raw-folder sensor: new or changed files start the intake of their peildatum."""


import hashlib
import json

import dagster as dg

from assets.jobs import archive_job, peildatum_job
from assets.partitions import PEILDATUM
from pipeline.intake.archive import scan_raw_folder
from pipeline.intake.assess import read_identity
from pipeline.reference import load_reference
from pipeline.resources import PathsResource


@dg.sensor(
    jobs=[archive_job, peildatum_job],
    minimum_interval_seconds=30,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Kijkt elke 30 seconden in de map met aanleveringen. Een nieuw of gewijzigd bestand "
                "start de verwerking van zijn peildatum; een bestand zonder leesbare peildatum wordt "
                "gearchiveerd en met terugkoppeling afgewezen.",
)
def raw_folder_sensor(context: dg.SensorEvaluationContext, paths: PathsResource) -> dg.SensorResult:
    seen: dict[str, str | None] = json.loads(context.cursor) if context.cursor else {}
    reference = load_reference()
    new_by_peildatum: dict[str | None, list[str]] = {}
    for raw in scan_raw_folder(paths.raw):
        if raw.sha256 in seen:
            continue
        _, peildatum = read_identity(raw.path, reference)
        seen[raw.sha256] = peildatum
        new_by_peildatum.setdefault(peildatum, []).append(raw.sha256)
    known = set(context.instance.get_dynamic_partitions(PEILDATUM))
    new_partitions = sorted(p for p in new_by_peildatum if p and p not in known)
    requests = []
    for peildatum, hashes in sorted(new_by_peildatum.items(), key=lambda item: item[0] or ""):
        run_key = hashlib.sha256("".join(sorted(hashes)).encode()).hexdigest()[:16]
        if peildatum is None:
            requests.append(dg.RunRequest(run_key=f"zonder-peildatum-{run_key}", job_name=archive_job.name))
        else:
            requests.append(dg.RunRequest(run_key=f"{peildatum}-{run_key}", job_name=peildatum_job.name,
                                          partition_key=peildatum))
    return dg.SensorResult(
        run_requests=requests,
        dynamic_partitions_requests=[dg.AddDynamicPartitionsRequest(PEILDATUM, new_partitions)]
        if new_partitions else [],
        cursor=json.dumps(seen, sort_keys=True),
    )
