"""E-mail from the portal as Dagster jobs: invitations when a peildatum opens, reminders before its deadline
(both on a daily schedule) and the notices after every run (a run-status sensor). `wir-monitor e-mail …` runs
the same jobs in-process, so the CLI, the schedules and the sensor share one path (pipeline/portal/notices.py).

A mail job never holds the warehouse: it reads it like `wir-monitor status` does. A failing mail server does not
fail the job; every message that could not be sent is a warning in the run's log and is tried again next time.
"""

from pathlib import Path

import dagster as dg

from assets.batch import batch_job
from assets.jobs import archive_job, peildatum_job, peildatum_tables_job
from pipeline.portal import mail_timing
from pipeline.reference import load_reference

INVITE_OP = "uitnodigingen"
REMIND_OP = "herinneringen"
NOTICES_OP = "meldingen"
NO_PORTAL = "Dit project heeft (nog) geen portaal: er is niemand om te e-mailen."


class PortalMailResource(dg.ConfigurableResource):
    """The portal's accounts and e-mail settings (Django), and the warehouse and reports it reads."""

    warehouse: str
    reports_dir: str

    def in_use(self) -> bool:
        """Whether there is a portal: Django is set up in this process already (the portal's own process, or a
        test of it), or the project has the portal's database."""
        from django.apps import apps

        return apps.ready or mail_timing.portal_in_use(Path(self.warehouse))

    def prepare(self) -> bool:
        """Django set up once per process (the portal's own settings and database), as `wir-monitor portal`;
        False if this project has no portal: then there is nobody to e-mail, and no database is made."""
        from django.apps import apps

        if not self.in_use():
            return False
        if not apps.ready:
            from pipeline.portal.commands import setup_django

            setup_django()
        return True


class DayConfig(dg.Config):
    datum: str = ""  # JJJJ-MM-DD; empty: today, Dutch time


class InvitationConfig(DayConfig):
    peildatum: str = ""  # JJJJ-MM; empty: the peildatum open on that day


def _summarise(context: dg.OpExecutionContext, outcomes, peildatum: str | None) -> list[str]:
    lines = [outcome.line() for outcome in outcomes]
    for outcome in outcomes:
        if outcome.status == "mislukt":
            context.log.warning(f"Niet verzonden: {outcome.line()}. De volgende keer wordt het opnieuw geprobeerd.")
    context.add_output_metadata({
        "peildatum": peildatum or "geen",
        "verzonden": sum(o.status == "verzonden" for o in outcomes),
        "mislukt": sum(o.status == "mislukt" for o in outcomes),
        "zonder_ontvangers": sum(o.status == "geen ontvangers" for o in outcomes),
        "berichten": dg.MetadataValue.md("\n".join(f"- {line}" for line in lines) or "geen"),
    })
    return lines


@dg.op(name=INVITE_OP, description="Nodigt elk zorgkantoor uit voor de geopende peildatum, met het vooraf "
                                   "ingevulde aanlevertemplate als bijlage; elk zorgkantoor eenmaal per peildatum.")
def invitations_op(context: dg.OpExecutionContext, config: InvitationConfig, portaal: PortalMailResource
                   ) -> list[str]:
    if not portaal.prepare():
        context.log.info(NO_PORTAL)
        return []
    from pipeline.portal import notices

    peildatum, outcomes = notices.invite(mail_timing.parse_day(config.datum), config.peildatum or None)
    return _summarise(context, outcomes, peildatum)


@dg.op(name=REMIND_OP, description="Herinnert de zorgkantoren zonder geaccepteerde aanlevering (zoals "
                                  "`wir-monitor status` ze telt) WIR_HERINNERING_DAGEN dagen voor de deadline; "
                                  "eenmaal per zorgkantoor per dag.")
def reminders_op(context: dg.OpExecutionContext, config: DayConfig, portaal: PortalMailResource) -> list[str]:
    if not portaal.prepare():
        context.log.info(NO_PORTAL)
        return []
    from pipeline.portal import notices

    peildatum, outcomes = notices.remind(mail_timing.parse_day(config.datum), Path(portaal.warehouse))
    return _summarise(context, outcomes, peildatum)


@dg.op(name=NOTICES_OP, description="Meldt elk nieuw oordeel aan het zorgkantoor (met de terugkoppeling), "
                                   "meldt een teruggestuurde aanlevering, en vraagt de goedkeurders van ZN om "
                                   "goedkeuring van een nieuwe conceptrapportage na de deadline.")
def notices_op(context: dg.OpExecutionContext, config: DayConfig, portaal: PortalMailResource) -> list[str]:
    if not portaal.prepare():
        context.log.info(NO_PORTAL)
        return []
    from pipeline.portal import notices

    outcomes = notices.pending(Path(portaal.warehouse), Path(portaal.reports_dir),
                               mail_timing.parse_day(config.datum))
    return _summarise(context, outcomes, None)


@dg.job(name="verstuur_uitnodigingen", description="E-mail: de uitnodigingen voor een geopende peildatum.")
def invitation_job():
    invitations_op()


@dg.job(name="verstuur_herinneringen", description="E-mail: de herinneringen voor de deadline.")
def reminder_job():
    reminders_op()


@dg.job(name="verstuur_meldingen", description="E-mail: oordelen, teruggestuurde aanleveringen en "
                                               "goedkeuringsverzoeken, na elke verwerking.")
def notices_job():
    notices_op()


def _day(context: dg.ScheduleEvaluationContext):
    moment = context.scheduled_execution_time
    return moment.astimezone(mail_timing.DUTCH).date() if moment else mail_timing.today()


@dg.schedule(job=invitation_job, cron_schedule=mail_timing.mail_cron(), execution_timezone="Europe/Amsterdam",
             default_status=dg.DefaultScheduleStatus.RUNNING,
             description="Verstuurt de uitnodigingen zodra een peildatum opent (het einde van de maand van de "
                         "peildatum, peildata.csv); eenmaal per peildatum. Tijdstip: WIR_MAIL_CRON.")
def uitnodigingen_bij_opening(context: dg.ScheduleEvaluationContext, portaal: PortalMailResource):
    if not portaal.in_use():
        return dg.SkipReason(NO_PORTAL)
    day = _day(context)
    peildatum = mail_timing.opened_peildatum(load_reference(), day)
    if peildatum is None:
        return dg.SkipReason(f"Op {day:%d-%m-%Y} is geen peildatum open voor aanleveren.")
    return dg.RunRequest(run_key=f"uitnodigingen-{peildatum}", run_config={"ops": {INVITE_OP: {"config": {
        "datum": day.isoformat(), "peildatum": peildatum}}}})


@dg.schedule(job=reminder_job, cron_schedule=mail_timing.mail_cron(), execution_timezone="Europe/Amsterdam",
             default_status=dg.DefaultScheduleStatus.RUNNING,
             description="Verstuurt WIR_HERINNERING_DAGEN dagen voor de deadline een herinnering aan de "
                         "zorgkantoren die nog niets geaccepteerd aanleverden. Tijdstip: WIR_MAIL_CRON.")
def herinneringen_voor_deadline(context: dg.ScheduleEvaluationContext, portaal: PortalMailResource):
    if not portaal.in_use():
        return dg.SkipReason(NO_PORTAL)
    day = _day(context)
    days = mail_timing.reminder_days()
    peildatum = mail_timing.reminder_peildatum(load_reference(), day, days)
    if peildatum is None:
        return dg.SkipReason(f"{day:%d-%m-%Y} is geen herinneringsdag ({', '.join(map(str, days))} dag(en) voor "
                             "de deadline).")
    return dg.RunRequest(run_key=f"herinneringen-{peildatum}-{day.isoformat()}",
                         run_config={"ops": {REMIND_OP: {"config": {"datum": day.isoformat()}}}})


@dg.run_status_sensor(run_status=dg.DagsterRunStatus.SUCCESS, name="meldingen_na_verwerking",
                      monitored_jobs=[batch_job, archive_job, peildatum_job, peildatum_tables_job],
                      request_job=notices_job,
                      default_status=dg.DefaultSensorStatus.RUNNING,
                      description="Na elke geslaagde verwerking: de e-mails over nieuwe oordelen, teruggestuurde "
                                  "aanleveringen en een conceptrapportage ter goedkeuring (verstuur_meldingen).")
def meldingen_na_verwerking(context: dg.RunStatusSensorContext, portaal: PortalMailResource):
    if not portaal.in_use():
        return dg.SkipReason(NO_PORTAL)
    return dg.RunRequest(run_key=f"meldingen-{context.dagster_run.run_id}")


def mail_resources(warehouse: str, reports_dir: str) -> dict[str, dg.ConfigurableResource]:
    return {"portaal": PortalMailResource(warehouse=warehouse, reports_dir=reports_dir)}
