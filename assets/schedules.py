"""The half-year schedule: after each deadline, the report of the latest peildatum whose deadline passed."""

import os

import dagster as dg

from assets.jobs import peildatum_job
from assets.partitions import PEILDATUM
from pipeline.reference import load_reference
from pipeline.warehouse.processed import REPORT, SCOPES_TAG, TABLES

DEFAULT_CRON = "0 7 * * *"  # checked every morning; the deadlines themselves are in peildata.csv


def latest_passed_deadline(deadlines: dict[str, object], today) -> str | None:
    passed = [peildatum for peildatum, deadline in deadlines.items() if deadline < today]
    return max(passed) if passed else None


@dg.schedule(
    job=peildatum_job,
    cron_schedule=os.environ.get("WIR_RAPPORT_CRON") or DEFAULT_CRON,
    execution_timezone="Europe/Amsterdam",
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Maakt na de deadline van een peildatum (peildata.csv in de referentiedata) eenmalig de tabellen "
                "en de rapportage van die peildatum. Het tijdstip van de controle staat in WIR_RAPPORT_CRON.",
)
def rapport_na_deadline(context: dg.ScheduleEvaluationContext):
    today = context.scheduled_execution_time.date() if context.scheduled_execution_time else None
    peildatum = latest_passed_deadline(load_reference().deadlines, today) if today else None
    if peildatum is None:
        return dg.SkipReason("Er is nog geen deadline verstreken.")
    if peildatum not in context.instance.get_dynamic_partitions(PEILDATUM):
        return dg.SkipReason(f"De deadline van peildatum {peildatum} is verstreken, maar er is niets ontvangen.")
    # One run per peildatum: the run key makes a later evaluation a no-op. Like a run of the sensor or the
    # CLI, it records what it brought up to date, so that neither redoes it.
    return dg.RunRequest(run_key=f"rapport-{peildatum}", partition_key=peildatum,
                         tags={SCOPES_TAG: f"{TABLES},{REPORT}"})
