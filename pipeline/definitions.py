"""The Dagster Definitions of WIR-monitor: assets, checks, jobs, sensor, schedule and resources."""

import warnings

import dagster as dg

# Per-partition asset checks are a preview feature; the exact pin of dagster keeps it stable here.
warnings.filterwarnings("ignore", category=dg.PreviewWarning)

import assets.intake  # noqa: E402 - after the warning filter, which must precede the decorators
import assets.report  # noqa: E402
import assets.tables  # noqa: E402
import assets.warehouse  # noqa: E402
from assets.batch import batch_job  # noqa: E402
from assets.jobs import archive_job, peildatum_job, peildatum_tables_job  # noqa: E402
from assets.mail import (  # noqa: E402
    herinneringen_voor_deadline,
    invitation_job,
    mail_resources,
    meldingen_na_verwerking,
    notices_job,
    reminder_job,
    uitnodigingen_bij_opening,
)
from assets.schedules import rapport_na_deadline  # noqa: E402
from assets.sensors import raw_folder_sensor  # noqa: E402
from pipeline.config import Settings  # noqa: E402
from pipeline.resources import resources_from  # noqa: E402


def build_definitions(settings: Settings) -> dg.Definitions:
    """The whole graph bound to the given locations (the CLI passes its own; the UI uses the environment)."""
    return dg.Definitions(
        assets=dg.load_assets_from_modules([assets.intake, assets.warehouse, assets.tables, assets.report]),
        jobs=[archive_job, peildatum_job, peildatum_tables_job, batch_job, invitation_job, reminder_job, notices_job],
        sensors=[raw_folder_sensor, meldingen_na_verwerking],
        schedules=[rapport_na_deadline, uitnodigingen_bij_opening, herinneringen_voor_deadline],
        resources={**resources_from(settings),
                   **mail_resources(str(settings.warehouse), str(settings.reports_dir))},
        # Every step of a run in the run's own process, one after the other, as `wir-monitor run` does (also
        # for a materialization started in the UI): the run holds the warehouse from its first step to its
        # last (WarehouseResource), and Dagster's default of a new Python process per step made a daemon run
        # cost 60-94 s where the CLI took 10 s.
        executor=dg.in_process_executor,
    )


defs = build_definitions(Settings.from_env())
