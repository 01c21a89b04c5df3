"""One processing of everything new or changed, in one process: what `wir-monitor run` does, and what the
sensor's run `verwerk_aanleveringen` does in the daemon.

It archives the raw folder (a run of `archiveer_aanleveringen`), then brings every out-of-date peildatum up to
date, oldest first, each as its own run of `verwerk_peildatum` for that partition: every peildatum keeps its
own materializations, metadata and asset checks in the Dagster UI. The runs execute in the calling process,
one after the other. Before, the sensor asked for one launched run per peildatum, and the daemon started a new
Python process for each (imports of Dagster, pandas and DuckDB, the instance, the archive step and the
reference data again): from an empty warehouse the daemon cost twice the CPU of `wir-monitor run`.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import dagster as dg

from pipeline import periods
from pipeline.reference.loader import reference_dir
from pipeline.resources import PathsResource, WarehouseResource
from pipeline.warehouse import processed
from pipeline.warehouse.connection import connect
from pipeline.warehouse.queries import peildata

ARCHIVE_JOB = "archiveer_aanleveringen"
PEILDATUM_JOB = "verwerk_peildatum"
REPORT_GROUP = "rapport"
BATCH_TAG = "wir-monitor/verwerking"  # on each run of a processing: the run (or CLI process) it belongs to
# Dagster's console log only for what would otherwise go unsaid: a failing step is told in one Dutch sentence
# by the CLI, never as Dagster's own (English) report with a traceback. The event log keeps everything.
QUIET_LOGS = {"loggers": {"console": {"config": {"log_level": "CRITICAL"}}}}


@dataclass
class Processing:
    archived: dg.ExecuteInProcessResult
    peildata: list[str]  # every peildatum received, oldest first
    target: str | None  # the one that got its report
    done: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


def partition_steps(graph, with_report: bool) -> list[dg.AssetKey]:
    """The partitioned assets of a peildatum run, with or without the report group."""
    return sorted(key for key in graph.get_all_asset_keys()
                  if graph.get(key).partitions_def is not None
                  and (with_report or graph.get(key).group_name != REPORT_GROUP))


def process_changes(repository: dg.RepositoryDefinition, instance: dg.DagsterInstance, warehouse: Path,
                    reports_dir: Path, target: str | None, tags: dict[str, str],
                    say: Callable[[str], None]) -> Processing:
    """Archive, then process each out-of-date peildatum (its report only for the target: the one asked for,
    else the latest). The caller holds the warehouse (`shared_connection`) for the whole of it, so the runs
    inside take the one lock it already has. A peildatum made from the same files, reference data and code
    as before is not redone."""
    archived = repository.get_job(ARCHIVE_JOB).execute_in_process(instance=instance, run_config=QUIET_LOGS,
                                                                  tags=tags)
    with connect(warehouse, read_only=True) as connection:
        keys = peildata(connection)
        todo = {item.peildatum: item for item in processed.to_process(
            connection, reference_dir(), reports_dir, target)}
    outcome = Processing(archived, keys, target or (keys[-1] if keys else None))
    if target and target not in keys:
        return outcome
    job = repository.get_job(PEILDATUM_JOB)
    graph = repository.asset_graph
    for key in keys:
        if key not in todo:
            say(f"Peildatum {periods.short_label(key)} is ongewijzigd sinds de vorige verwerking.")
            outcome.unchanged.append(key)
            continue
        say(f"Peildatum {periods.short_label(key)} verwerken{' en rapporteren' if key == outcome.target else ''} …")
        # The raw folder was archived once above, so these runs skip the job's own archive step.
        job.execute_in_process(instance=instance, partition_key=key, run_config=QUIET_LOGS,
                               asset_selection=partition_steps(graph, with_report=todo[key].with_report),
                               tags={**tags, **todo[key].run_tags})  # it records itself as processed
        outcome.done.append(key)
    return outcome


@dg.op(description="Archiveert de nieuwe bestanden en verwerkt daarna elke peildatum die niet bij is, de oudste "
                   "eerst, elk als eigen run van verwerk_peildatum; alleen de laatste krijgt de rapportage.")
def verwerk_wat_nieuw_is(context: dg.OpExecutionContext, warehouse: WarehouseResource,
                         paths: PathsResource) -> None:
    # The warehouse resource holds the one lock from before this step to after it: the runs inside share it.
    from pipeline.config import Settings
    from pipeline.definitions import build_definitions  # it lists this job: imported when the step runs
    from pipeline.recovery import cli_run_tags

    # The runs inside are bound to this run's own locations, as the CLI binds them to its settings.
    settings = Settings(raw_dir=paths.raw, warehouse=Path(warehouse.path), reports_dir=paths.reports,
                        archive_dir=paths.archive)
    done = process_changes(build_definitions(settings).get_repository_def(), context.instance, settings.warehouse,
                           settings.reports_dir, None, {**cli_run_tags(), BATCH_TAG: context.run_id},
                           context.log.info)
    context.add_output_metadata({"verwerkt": ", ".join(done.done) or "geen",
                                 "ongewijzigd": ", ".join(done.unchanged) or "geen",
                                 "gerapporteerd": done.target if done.target in done.done else "geen"})


@dg.job(name="verwerk_aanleveringen",
        description="Verwerkt wat nieuw of gewijzigd is in de map met aanleveringen, zoals 'wir-monitor run': "
                    "archiveren, dan per peildatum die niet bij is een run van verwerk_peildatum (oudste eerst), "
                    "in één proces. De sensor start deze job.")
def batch_job():
    verwerk_wat_nieuw_is()
