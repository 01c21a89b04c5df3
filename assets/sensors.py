"""The raw-folder sensor: it starts the processing that `wir-monitor run` would do, by the same rule.

What is out of date is decided by `pipeline.warehouse.processed.to_process`, as in the CLI: a peildatum whose
received files (and those of earlier peildata), locks, reference data and code are the ones its tables were
last made from is not redone, whoever made them. Files in the raw folder that are not archived yet count as
received. It asks for one run of `verwerk_aanleveringen` (assets/batch.py), which does in one process what
`wir-monitor run` does: archive, then one run of `verwerk_peildatum` per out-of-date peildatum. The run key
carries the fingerprints, so a tick while the run waits in the queue asks for nothing new.
"""

import hashlib
import json

import dagster as dg

from assets.batch import batch_job
from assets.partitions import PEILDATUM
from pipeline.config import SettingError, env_number
from pipeline.intake.archive import scan_raw_folder
from pipeline.intake.assess import read_identity
from pipeline.reference import load_reference
from pipeline.reference.loader import reference_dir
from pipeline.resources import PathsResource, WarehouseResource
from pipeline.warehouse.lock import WarehouseBusy
from pipeline.warehouse.processed import Todo, to_process

PLAN_TAG = "wir-monitor/peildata"  # what the sensor saw out of date; the run decides again after archiving


def plan(todo: list[Todo]) -> str:
    """The out-of-date peildata, oldest first; the one with its report marked (as in the UI's run tags)."""
    return ",".join(f"{item.peildatum}{'+rapportage' if item.with_report else ''}" for item in todo)


def run_for(todo: list[Todo], files: dict[str, str | None]) -> list[dg.RunRequest]:
    """One run that processes every out-of-date peildatum, or that archives files without a readable
    peildatum (they get their feedback); none when there is nothing to do."""
    if not todo and not any(peildatum is None for peildatum in files.values()):
        return []
    key = ";".join([f"{item.peildatum}-{item.fingerprint[:16]}" for item in todo] +
                   [sha256 for sha256, peildatum in sorted(files.items()) if peildatum is None])
    return [dg.RunRequest(run_key=f"verwerking-{hashlib.sha256(key.encode()).hexdigest()[:16]}",
                          job_name=batch_job.name, tags={PLAN_TAG: plan(todo) or "alleen archiveren"})]


@dg.sensor(
    job=batch_job,
    minimum_interval_seconds=env_number("WIR_SENSOR_INTERVAL", 30, whole=True, minimum=1),
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Kijkt elke 30 seconden in de map met aanleveringen. Een nieuw of gewijzigd bestand "
                "start de verwerking van zijn peildatum en van de latere peildata, die ermee vergelijken; "
                "wat al verwerkt is (ook door 'wir-monitor run') wordt niet overgedaan. Een bestand zonder "
                "leesbare peildatum wordt gearchiveerd en met terugkoppeling afgewezen.",
)
def raw_folder_sensor(context: dg.SensorEvaluationContext, paths: PathsResource,
                      warehouse: WarehouseResource) -> dg.SensorResult | dg.SkipReason:
    # The peildatum of each raw file not archived yet, kept between ticks: reading it opens the workbook.
    identities: dict[str, str | None] = json.loads(context.cursor) if context.cursor else {}
    scan = scan_raw_folder(paths.raw)  # before taking the warehouse: it may wait for files still being copied
    for item in scan.skipped:  # e.g. still being copied: the next look takes it
        context.log.info(f"{item.relative_path} wordt nog niet verwerkt: {item.reason}.")
    try:
        # Never wait in a sensor: a run that holds the warehouse may take minutes; look again next tick.
        with warehouse.connect_if_free() as connection:
            received = {sha256 for (sha256,) in connection.execute("SELECT sha256 FROM received_files").fetchall()}
            raw_files = [raw for raw in scan.files if raw.sha256 not in received]
            reference = load_reference() if any(raw.sha256 not in identities for raw in raw_files) else None
            new = {raw.sha256: identities[raw.sha256] if raw.sha256 in identities else
                   read_identity(raw.path, reference, raw.received_at.date())[1] for raw in raw_files}
            todo = to_process(connection, reference_dir(), paths.reports,
                              pending=[(peildatum, sha256) for sha256, peildatum in new.items() if peildatum])
    except WarehouseBusy:
        return dg.SkipReason("Het warehouse is bezet door een verwerking; de sensor kijkt straks opnieuw.")
    except SettingError as error:  # e.g. WIR_RAPPORTFORMATEN: said in Dutch, as the CLI says it
        return dg.SkipReason(f"De sensor start niets: {error.dutch_message}")
    requests = run_for(todo, new)
    known = set(context.instance.get_dynamic_partitions(PEILDATUM))
    new_partitions = sorted({item.peildatum for item in todo} - known)
    return dg.SensorResult(
        run_requests=requests,
        dynamic_partitions_requests=[dg.AddDynamicPartitionsRequest(PEILDATUM, new_partitions)]
        if new_partitions else [],
        cursor=json.dumps(new, sort_keys=True),
    )

