"""`wir-monitor e-mail uitnodigen|herinneren|meldingen`: the Dagster mail jobs (assets/mail.py), in-process on
the project's instance, as `wir-monitor run` runs its jobs; the schedules and the sensor start the same jobs."""

from __future__ import annotations

import argparse
import sys

from pipeline.cli import QUIET_LOGS, CommandError, _instance, _peildatum
from pipeline.config import Settings

JOBS = {"uitnodigen": ("verstuur_uitnodigingen", "uitnodigingen"),
        "herinneren": ("verstuur_herinneringen", "herinneringen"),
        "meldingen": ("verstuur_meldingen", "meldingen")}


def run_mail_job(settings: Settings, action: str, config: dict[str, str]) -> list[str]:
    """The job of the action, in this process; the lines of what was sent (or not)."""
    from pipeline.definitions import build_definitions
    from pipeline.portal.commands import setup_django
    from pipeline.recovery import cli_run_tags

    setup_django()
    job_name, op_name = JOBS[action]
    run_config = {**QUIET_LOGS, "ops": {op_name: {"config": config}}}
    result = build_definitions(settings).resolve_job_def(job_name).execute_in_process(
        instance=_instance(), run_config=run_config, tags=cli_run_tags())
    return result.output_for_node(op_name)


def _day(args: argparse.Namespace) -> str:
    from pipeline.portal.mail_timing import parse_day

    try:
        return parse_day(args.datum).isoformat()
    except ValueError as error:
        raise CommandError(str(error)) from error


def command_uitnodigen(args: argparse.Namespace, settings: Settings) -> None:
    from pipeline.portal.mail_timing import opened_peildatum
    from pipeline.reference import load_reference

    day = _day(args)
    if not args.peildatum and opened_peildatum(load_reference(), dt_date(day)) is None:
        raise CommandError(f"Op {dt_date(day):%d-%m-%Y} is geen peildatum open voor aanleveren; geef er een op "
                           "met --peildatum.")
    _print(run_mail_job(settings, "uitnodigen", {"datum": day, "peildatum": args.peildatum or ""}),
           "Er is geen uitnodiging verstuurd.")


def command_herinneren(args: argparse.Namespace, settings: Settings) -> None:
    from pipeline.portal.mail_timing import reminder_days, reminder_peildatum
    from pipeline.reference import load_reference

    day = _day(args)
    try:
        days = reminder_days()
    except ValueError as error:
        raise CommandError(str(error)) from error
    if reminder_peildatum(load_reference(), dt_date(day), days) is None:
        print(f"{dt_date(day):%d-%m-%Y} is geen herinneringsdag: herinneringen gaan {', '.join(map(str, days))} "
              "dag(en) voor de deadline van de open peildatum (WIR_HERINNERING_DAGEN). Er is niets verstuurd.")
        return
    _print(run_mail_job(settings, "herinneren", {"datum": day}),
           "Geen herinneringen nodig: elk zorgkantoor heeft een geaccepteerde aanlevering.")


def command_meldingen(args: argparse.Namespace, settings: Settings) -> None:
    _print(run_mail_job(settings, "meldingen", {"datum": _day(args)}), "Er waren geen nieuwe meldingen.")


def dt_date(text: str):
    import datetime as dt

    return dt.date.fromisoformat(text)


def _print(lines: list[str], nothing: str) -> None:
    for line in lines:
        print(line)
    print(f"{sum(line.endswith(' - verzonden') for line in lines)} e-mail(s) verzonden." if lines else nothing)


def notify_after_run(settings: Settings) -> None:
    """After `wir-monitor run`: the notices of its verdicts, if this project has a portal (nobody else to tell)."""
    from pipeline.portal.mail_timing import portal_in_use

    if not portal_in_use(settings.warehouse):
        return
    try:
        lines = run_mail_job(settings, "meldingen", {"datum": ""})
    except Exception as error:  # the run itself is done and kept: the notices follow with the next one
        print(f"Let op: de e-mail over deze verwerking is niet verstuurd ({type(error).__name__}: {error}). Verstuur "
              "haar later met: wir-monitor e-mail meldingen", file=sys.stderr)
        return
    if lines:
        print("E-mail aan de gebruikers van het portaal:")
        for line in lines:
            print(f"  {line}")


def add_mail_commands(commands) -> None:
    mail = commands.add_parser("e-mail", help="e-mail aan de gebruikers van het portaal versturen")
    actions = mail.add_subparsers(dest="actie", required=True, metavar="actie")
    invite = actions.add_parser("uitnodigen", help="de zorgkantoren uitnodigen voor de open peildatum, met het "
                                                   "vooraf ingevulde template (elk zorgkantoor eenmaal)")
    invite.add_argument("--peildatum", type=_peildatum, help="peildatum JJJJ-MM (standaard: de open peildatum)")
    invite.add_argument("--datum", help="doen alsof het deze dag is, JJJJ-MM-DD (standaard: vandaag)")
    invite.set_defaults(handler=command_uitnodigen)
    remind = actions.add_parser("herinneren", help="de zorgkantoren zonder geaccepteerde aanlevering herinneren "
                                                   "aan de deadline (op een herinneringsdag)")
    remind.add_argument("--datum", help="doen alsof het deze dag is, JJJJ-MM-DD (standaard: vandaag)")
    remind.set_defaults(handler=command_herinneren)
    notices = actions.add_parser("meldingen", help="de meldingen versturen die nog openstaan: oordelen, "
                                                   "teruggestuurde aanleveringen, goedkeuringsverzoeken")
    notices.add_argument("--datum", help="doen alsof het deze dag is, JJJJ-MM-DD (standaard: vandaag)")
    notices.set_defaults(handler=command_meldingen)
