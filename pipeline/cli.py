"""`wir-monitor`: run the pipeline, write templates and demo data, show the status (in Dutch).

`run` executes the same Dagster jobs the web UI shows, in-process, on the project's instance.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from pathlib import Path

from pipeline import periods
from pipeline.cli_text import DutchArgumentParser
from pipeline.config import Settings
from pipeline.visible import visible

ARCHIVE_JOB = "archiveer_aanleveringen"
PEILDATUM_JOB = "verwerk_peildatum"
STATUS_HEADERS = {
    "zorgkantoor": "Zorgkantoor", "ontvangen": "Ontvangen", "geaccepteerd": "Geaccepteerd",
    "afgewezen": "Afgewezen", "laatste_oordeel": "Laatste oordeel", "fouten": "Fouten",
    "waarschuwingen": "Waarschuwingen", "tijdigheid": "Tijdigheid", "in_gebruik_sinds": "In gebruik sinds",
    "regio_s": "Regio's",
}
REPORT_GROUP = "rapport"
# Dagster's console log only for what would otherwise go unsaid: a failing step is told in one Dutch sentence
# by main(), never as Dagster's own (English) report with a traceback.
QUIET_LOGS = {"loggers": {"console": {"config": {"log_level": "CRITICAL"}}}}
_OPENED: list = []  # Dagster instances this command opened


class CommandError(Exception):
    """A problem the user can fix; its message is shown as is."""


def _peildatum(value: str) -> str:
    if not periods.is_peildatum_key(value):
        raise argparse.ArgumentTypeError(f"'{value}' is geen peildatum; gebruik JJJJ-MM, bijvoorbeeld 2020-10")
    return value


def _instance():
    from dagster import DagsterInstance

    # The project's own instance (dagster.yaml in the working folder) unless DAGSTER_HOME names another.
    home = os.environ.get("DAGSTER_HOME") or (str(Path.cwd()) if Path("dagster.yaml").exists() else None)
    instance = DagsterInstance.from_config(home) if home else DagsterInstance.ephemeral()
    _OPENED.append(instance)  # closed before the process exits (main)
    return instance


def command_run(args: argparse.Namespace, settings: Settings) -> None:
    from pipeline.warehouse.changes import nothing_changed
    from pipeline.warehouse.connection import shared_connection

    # Most runs find nothing new: say so without starting Dagster (seconds instead of a fraction of one).
    if nothing_changed(settings.raw_dir, settings.warehouse, settings.reports_dir, args.peildatum):
        print(f"Niets veranderd sinds de vorige verwerking: geen nieuwe of gewijzigde bestanden in "
              f"{settings.raw_dir}, en tabellen en rapportage zijn bij. Bekijk de stand met: wir-monitor status")
        return

    # The warehouse's one lock for the whole command, before anything else (pipeline/warehouse/lock.py), and
    # one connection for all its steps: opening and closing a DuckDB file costs tens of milliseconds.
    with shared_connection(settings.warehouse, on_wait=_say_waiting):
        _run(args, settings)
    from pipeline.portal.mail_commands import notify_after_run

    notify_after_run(settings)  # the portal's users hear of the verdicts (after the warehouse is free again)


def _say_waiting() -> None:
    print("Er loopt al een verwerking op dit warehouse; deze wacht tot die klaar is …", flush=True)


def _run(args: argparse.Namespace, settings: Settings) -> None:
    from assets.batch import BATCH_TAG, process_changes
    from pipeline.definitions import build_definitions
    from pipeline.recovery import cli_run_tags, release_abandoned_runs
    from pipeline.report.files import FORMATS_VARIABLE, report_formats, report_html_path
    from pipeline.warehouse import processed
    from pipeline.warehouse.connection import connect, shared_connection
    from pipeline.warehouse.run_summary import last_submission_id

    defs = build_definitions(settings)
    instance = _instance()
    released = release_abandoned_runs(instance)
    if released:
        print(f"{released} afgebroken run(s) van een eerdere verwerking opgeruimd.")
    print(f"Aanleveringen lezen uit {settings.raw_dir} …")
    with shared_connection(settings.warehouse):  # held since the command started (command_run)
        with connect(settings.warehouse) as connection:
            judged_before = last_submission_id(connection)
        # The same processing as the sensor's run verwerk_aanleveringen (assets/batch.py), in this process.
        done = process_changes(defs.get_repository_def(), instance, settings.warehouse, settings.reports_dir,
                               args.peildatum, {**cli_run_tags(), BATCH_TAG: f"wir-monitor-{os.getpid()}"},
                               lambda line: print(line, flush=True))
    _report_skipped(done.archived)
    if args.peildatum and args.peildatum not in done.peildata:
        raise CommandError(f"Voor peildatum {args.peildatum} is geen enkele aanlevering ontvangen.")
    if not done.peildata:
        _nothing_to_report(settings)
        _summarise(settings, judged_before)
        return
    target = done.target
    skipped = f" ({len(done.unchanged)} daarvan ongewijzigd en overgeslagen)" if done.unchanged else ""
    print(f"Klaar: {len(done.peildata)} peildata verwerkt{skipped}. Terugkoppeling staat in {settings.reports_dir}.")
    print(f"Tabellen voor {periods.short_label(target)}: "
          f"{processed.tables_workbook_path(settings.reports_dir, target)}")
    others = [kind for kind in report_formats() if kind != "html"]
    print(f"Rapportage: {report_html_path(settings.reports_dir, target)}"
          + (f" (en {' en '.join('.' + kind for kind in others)})" if others else
             f" (geen PDF of Word: {FORMATS_VARIABLE} is html)"))
    print("Bekijk de stand met: wir-monitor status")
    _summarise(settings, judged_before)


def _summarise(settings: Settings, judged_before: int) -> None:
    """The verdicts of this run per zorgkantoor, and where their feedback is."""
    from pipeline.warehouse.connection import connect
    from pipeline.warehouse.run_summary import verdict_summary

    with connect(settings.warehouse, read_only=True) as connection:
        print("\n".join(verdict_summary(connection, judged_before, settings.reports_dir)))


def _report_skipped(archived) -> None:
    """Files left in the raw folder by the archive step: the analyst should know, the next run retries."""
    from assets.intake import SKIPPED_METADATA

    for event in archived.get_asset_materialization_events():
        skipped = event.materialization.metadata.get(SKIPPED_METADATA)
        for item in skipped.value if skipped else ():
            print(f"Let op: {visible(item['bestand'])} is niet gearchiveerd: {item['reden']}.")  # a name may hold ESC


def _nothing_to_report(settings: Settings) -> None:
    """A run without any file of a readable peildatum completed: say what it did find."""
    from pipeline.feedback.render import feedback_folder
    from pipeline.warehouse.connection import connect
    from pipeline.warehouse.status import unattributed_count

    with connect(settings.warehouse, read_only=True) as connection:
        unattributed = unattributed_count(connection)
    print(f"Klaar: er is nog geen aanlevering met een leesbare peildatum in {settings.raw_dir}, dus nog geen "
          "tabellen of rapportage.")
    if unattributed:
        print(f"{unattributed} bestand(en) zonder leesbare peildatum zijn afgewezen; de terugkoppeling staat in "
              f"{feedback_folder(settings.reports_dir, None)}.")
    else:
        print("Zet de aanleveringen van de zorgkantoren in die map en voer 'wir-monitor run' opnieuw uit.")


def command_herstel(args: argparse.Namespace, settings: Settings) -> None:
    """Rebuild the warehouse from the archive alone, replaying its vaststellingen, then process it as `run`."""
    import dataclasses

    from pipeline.clock import dutch_time
    from pipeline.intake.manifest import archive_manifests
    from pipeline.reference import load_reference
    from pipeline.warehouse.connection import shared_connection
    from pipeline.warehouse.load import now
    from pipeline.warehouse.rebuild import register_archive, replay, set_aside, stages, without_manifest
    from pipeline.warehouse.vaststellingen import RecordDamaged, read_records

    target = Path(args.naar).absolute() if args.naar else settings.warehouse
    rebuilt = dataclasses.replace(settings, warehouse=target)  # the archive stays the configured one
    # The warehouse's one lock for the whole command: no other run may have the file open while it moves.
    with shared_connection(target, on_wait=_say_waiting):
        manifests = archive_manifests(settings.archive_dir)
        if not manifests:  # checked before anything is moved: a wrong archive folder must cost nothing
            raise CommandError(f"In het archief {settings.archive_dir} staat geen enkel bestand met manifest; er "
                               "valt niets te herstellen. Controleer WIR_ARCHIVE_DIR of voer 'wir-monitor run' uit.")
        try:
            records = read_records(settings.archive_dir)  # all of them readable, or nothing is moved
        except RecordDamaged as damaged:
            raise CommandError(str(damaged)) from damaged
        aside = set_aside(target, now())
        if aside:
            print(f"Het bestaande warehouse is bewaard als {aside}.")
        reference = load_reference()
        for stage in stages(manifests, records):
            register_archive(target, stage.manifests, reference)
            if stage.record is not None:  # judged as they were by then, then locked or reopened as recorded
                if stage.manifests:
                    _judge_registered(rebuilt)
                replay(target, stage.record)
        print(f"{len(manifests)} bestand(en) uit het archief {settings.archive_dir} geregistreerd in {target}.")
        for record in records:
            print(f"Uit het archief opnieuw vastgelegd: peildatum {periods.short_label(record.peildatum)} "
                  f"{record.kind} op {dutch_time(record.at):%d-%m-%Y %H:%M} door {visible(record.by)}.")
        unknown = without_manifest(settings.archive_dir, manifests)
        if unknown:
            print(f"Let op: {len(unknown)} bestand(en) in het archief hebben geen leesbaar manifest en zijn niet "
                  f"opgenomen, omdat niet vaststaat wanneer ze zijn ontvangen: "
                  f"{', '.join(p.name for p in unknown)}.")
        command_run(argparse.Namespace(peildatum=None), rebuilt)


def _judge_registered(settings: Settings) -> None:
    """Judge every registered file as a run would (the same jobs, up to the judging), without taking in the
    raw folder: `herstel` replays the archive's history, and a file in the raw folder comes after it."""
    import dataclasses
    import tempfile

    from dagster import AssetKey

    from pipeline.definitions import build_definitions
    from pipeline.recovery import cli_run_tags
    from pipeline.warehouse.connection import connect

    with tempfile.TemporaryDirectory(prefix="wir-herstel-") as nothing:
        defs = build_definitions(dataclasses.replace(settings, raw_dir=Path(nothing)))
        instance = _instance()
        defs.resolve_job_def(ARCHIVE_JOB).execute_in_process(instance=instance, run_config=QUIET_LOGS,
                                                             tags=cli_run_tags())  # also files without peildatum
        with connect(settings.warehouse, read_only=True) as connection:
            keys = [key for (key,) in connection.execute(
                """SELECT DISTINCT peildatum FROM received_files WHERE peildatum IS NOT NULL
                   AND sha256 NOT IN (SELECT sha256 FROM submissions) ORDER BY 1""").fetchall()]
        job = defs.resolve_job_def(PEILDATUM_JOB)
        for key in keys:  # earlier peildata first, as a run does
            job.execute_in_process(instance=instance, partition_key=key, run_config=QUIET_LOGS,
                                   asset_selection=[AssetKey("submissions")], tags=cli_run_tags())


def command_status(args: argparse.Namespace, settings: Settings) -> None:
    from tabulate import tabulate

    from pipeline.feedback.render import feedback_folder
    from pipeline.reference import load_reference
    from pipeline.warehouse.connection import WarehouseMissing, connect
    from pipeline.warehouse.locking import lock_of, waiting_submissions
    from pipeline.warehouse.queries import peildata
    from pipeline.warehouse.status import status_overview, unattributed_count, unrecognised_files

    try:
        with connect(settings.warehouse, read_only=True) as connection:
            keys = peildata(connection)
            unattributed = unattributed_count(connection)
            if not keys:
                rejected = f" {unattributed} bestand(en) zonder leesbare peildatum zijn afgewezen; zie " \
                           f"{feedback_folder(settings.reports_dir, None)}." if unattributed else ""
                raise CommandError("Er is nog geen aanlevering met een leesbare peildatum verwerkt: zet de "
                                   f"aanleveringen in de map en voer 'wir-monitor run' uit.{rejected}")
            key = args.peildatum or keys[-1]
            if key not in keys:
                raise CommandError(f"Voor peildatum {key} is niets ontvangen. Wel ontvangen: {', '.join(keys)}.")
            reference = load_reference()
            overview = status_overview(connection, reference, key)
            unrecognised = unrecognised_files(connection, key)
            lock, waiting = lock_of(connection, key), waiting_submissions(connection, key)
    except WarehouseMissing as missing:
        raise CommandError(str(missing)) from missing
    complete = (overview["laatste_oordeel"] == "geaccepteerd").sum()
    print(f"Stand van de aanleveringen voor peildatum {periods.short_label(key)} ({periods.long_label(key)})")
    deadline = reference.deadlines.get(key)
    print(f"Deadline: {deadline:%d-%m-%Y}" if deadline else "Deadline: niet vastgelegd in peildata.csv")
    if lock:
        print(f"{lock.text}{f' ({lock.reason})' if lock.reason else ''}; {waiting} aanlevering(en) "
              "na de vaststelling wachten op heropenen.")
    else:
        print("Nog niet vastgesteld: tabellen en rapportage zijn een concept.")
    print()
    table = overview.drop(columns=["ontbrekende_regio_s", "bestand_in_gebruik", "kenmerk"])
    print(tabulate(table.rename(columns=STATUS_HEADERS), headers="keys", showindex=False, tablefmt="simple"))
    in_use = overview[overview["kenmerk"] != "-"]
    if len(in_use):
        print("\nVersie in gebruik (bestand en kenmerk, zoals de terugkoppeling ze noemt):")
        for row in in_use.itertuples(index=False):
            print(f"  {row.zorgkantoor}: {row.bestand_in_gebruik} (kenmerk {row.kenmerk})")
    verb = "heeft" if complete == 1 else "hebben"
    print(f"\n{complete} van {len(overview)} zorgkantoren {verb} een geaccepteerde laatste aanlevering.")
    incomplete = overview[overview["ontbrekende_regio_s"] != "-"]
    if len(incomplete):
        print("\nRegio's zonder geaccepteerde gegevens:")
        for row in incomplete.itertuples(index=False):
            print(f"  {row.zorgkantoor}: {row.ontbrekende_regio_s}")
    if unrecognised:
        print(f"\n{len(unrecognised)} bestand(en) voor deze peildatum zonder herkend zorgkantoor zijn afgewezen "
              f"({', '.join(unrecognised)}); zie {feedback_folder(settings.reports_dir, key)}.")
    if unattributed:
        print(f"\n{unattributed} bestand(en) zonder leesbare peildatum zijn afgewezen; "
              f"zie {feedback_folder(settings.reports_dir, None)}.")


def command_vaststellen(args: argparse.Namespace, settings: Settings) -> None:
    from pipeline.report.files import report_formats
    from pipeline.warehouse.connection import connect, shared_connection
    from pipeline.warehouse.locking import LockError, current_user, lock_peildatum, unjudged_files

    with shared_connection(settings.warehouse, on_wait=_say_waiting):
        _require_warehouse(settings)
        with connect(settings.warehouse) as connection:
            try:
                lock, earlier = lock_peildatum(connection, args.peildatum, args.door or current_user(), args.reden,
                                               settings.archive_dir)
            except LockError as error:
                raise CommandError(str(error)) from error
            pending = unjudged_files(connection, args.peildatum)
        _report(settings, args.peildatum)
    print(f"Peildatum {periods.short_label(args.peildatum)} is vastgesteld: {lock.text}.")
    if earlier:
        print(f"Ook vastgesteld, omdat deze rapportage ze als vergelijking toont: "
              f"{', '.join(periods.short_label(e.peildatum) for e in earlier)}.")
    print(f"De rapportage is opnieuw geschreven zonder 'concept': "
          f"{_report_path(settings, args.peildatum)}"
          + (" (en .pdf)." if "pdf" in report_formats() else "."))
    if pending:
        print(f"Let op: {pending} ontvangen bestand(en) voor deze peildatum waren nog niet verwerkt; ze tellen pas "
              "mee na 'wir-monitor heropenen'.")
    print("Latere aanleveringen voor deze peildatum krijgen terugkoppeling, maar veranderen tabellen en "
          "rapportage pas na heropenen.")


def command_heropenen(args: argparse.Namespace, settings: Settings) -> None:
    from pipeline.warehouse.connection import connect, shared_connection
    from pipeline.warehouse.locking import LockError, current_user, reopen_peildatum

    with shared_connection(settings.warehouse, on_wait=_say_waiting):
        _require_warehouse(settings)
        with connect(settings.warehouse) as connection:
            try:
                reopen_peildatum(connection, args.peildatum, args.door or current_user(), args.reden,
                                 settings.archive_dir)
            except LockError as error:
                raise CommandError(str(error)) from error
        _report(settings, args.peildatum, everything=True)
    print(f"Peildatum {periods.short_label(args.peildatum)} is heropend (reden: {args.reden}). Aanleveringen die "
          "na de vaststelling binnenkwamen tellen nu mee; de rapportage is weer een concept: "
          f"{_report_path(settings, args.peildatum)}.")


def _require_warehouse(settings: Settings) -> None:
    if not settings.warehouse.exists():
        raise CommandError(f"Er is nog geen warehouse op {settings.warehouse}: voer eerst 'wir-monitor run' uit.")


def _report_path(settings: Settings, peildatum: str) -> Path:
    from pipeline.report.files import report_html_path

    return report_html_path(settings.reports_dir, peildatum)


def _report(settings: Settings, peildatum: str, everything: bool = False) -> None:
    """The partition's assets through the same job as `run`: the report group, or (reopened) all of it."""
    from assets.batch import partition_steps
    from pipeline.definitions import build_definitions
    from pipeline.recovery import cli_run_tags

    defs = build_definitions(settings)
    graph = defs.resolve_asset_graph()
    selection = partition_steps(graph, with_report=True) if everything else \
        [k for k in graph.get_all_asset_keys() if graph.get(k).group_name == REPORT_GROUP]
    defs.resolve_job_def(PEILDATUM_JOB).execute_in_process(
        instance=_instance(), partition_key=peildatum, run_config=QUIET_LOGS, asset_selection=selection,
        tags=cli_run_tags())


def command_handleiding(args: argparse.Namespace, settings: Settings) -> None:
    from pipeline.handleiding import write_handleiding_pdf
    from pipeline.report.pdf import PdfError

    try:
        path = write_handleiding_pdf(Path(args.output))
    except PdfError as error:
        raise CommandError(str(error)) from error
    print(f"Handleiding aanleveren geschreven naar {path}.")


def command_template(args: argparse.Namespace, settings: Settings) -> None:
    from pipeline.reference import load_reference
    from pipeline.template.prefill import prefill_content
    from pipeline.template.writer import write_template

    reference = load_reference()
    match = reference.resolve_zorgkantoor(args.zorgkantoor)
    if match is None:
        raise CommandError(f"Zorgkantoor '{args.zorgkantoor}' is onbekend. "
                           f"Kies uit: {', '.join(reference.concessiehouders)}.")
    output = Path(args.output)
    if args.output.endswith(("/", os.sep)):
        output.mkdir(parents=True, exist_ok=True)  # a folder was meant: the template gets its own name in it
    content, source = prefill_content(settings.warehouse, match.value, args.peildatum)
    path = write_template(reference, match.value, args.peildatum, output, content)
    if source:
        print(f"Template voor {match.value}, peildatum {periods.short_label(args.peildatum)}, geschreven naar "
              f"{path}; vooraf ingevuld met de geaccepteerde aanlevering van {periods.short_label(source)}.")
    else:
        print(f"Leeg template voor {match.value}, peildatum {periods.short_label(args.peildatum)}, "
              f"geschreven naar {path}.")


def command_redactie(args: argparse.Namespace, settings: Settings) -> None:
    from pipeline.report.redactie import redactie_root, start_peildatum

    folder, written, origin = start_peildatum(redactie_root(), args.peildatum)
    source = f"de teksten van {origin.name}" if origin else "het standaardsjabloon"
    print(f"Teksten voor peildatum {periods.short_label(args.peildatum)} in {folder}: {len(written)} bestand(en) "
          f"overgenomen uit {source}; bestaande bestanden zijn niet overschreven.")
    print("Pas de hoofdstukken aan en maak de rapportage met: wir-monitor run")


def command_demo(args: argparse.Namespace, settings: Settings) -> None:
    from pipeline.demo.generator import write_demo
    from pipeline.reference import load_reference

    written = write_demo(settings.raw_dir, load_reference())
    print(f"{len(written)} demo-aanleveringen geschreven naar {settings.raw_dir}.")
    print("Verwerk ze met: wir-monitor run")


def build_parser() -> argparse.ArgumentParser:
    parser = DutchArgumentParser(
        prog="wir-monitor",
        description="WIR-monitor: aanleveringen van de zorgkantoren verwerken tot de voortgangsrapportage.")
    parser.add_argument("--raw-dir", help="map met aanleveringen (standaard: $WIR_RAW_DIR of raw/)")
    parser.add_argument("--warehouse", help="DuckDB-bestand (standaard: $WIR_WAREHOUSE of data/warehouse.duckdb)")
    parser.add_argument("--reports-dir", help="map voor rapporten (standaard: $WIR_REPORTS_DIR of reports/)")
    parser.add_argument("--redactie-dir",
                        help="map met de teksten van de rapportage (standaard: $WIR_REDACTIE_DIR of redactie/)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="opdracht")

    run = commands.add_parser("run", help="alle aanleveringen verwerken")
    run.add_argument("--peildatum", type=_peildatum, help="peildatum JJJJ-MM van het rapport")
    run.set_defaults(handler=command_run)

    template = commands.add_parser("template", help="aanlevertemplate voor een zorgkantoor schrijven")
    template.add_argument("--zorgkantoor", required=True, help="naam van het zorgkantoor, bijvoorbeeld CZ")
    template.add_argument("--peildatum", required=True, type=_peildatum, help="peildatum JJJJ-MM")
    template.add_argument("-o", "--output", required=True,
                          help="bestand om te schrijven (.xlsx), of een map: daarin komt "
                               "aanlevertemplate-<zorgkantoor>-<peildatum>.xlsx")
    template.set_defaults(handler=command_template)

    texts = commands.add_parser("redactie", help="de teksten van de rapportage voor een nieuwe peildatum klaarzetten")
    texts.add_argument("--peildatum", required=True, type=_peildatum, help="peildatum JJJJ-MM")
    texts.set_defaults(handler=command_redactie)

    demo = commands.add_parser("demo", help="demo-aanleveringen in de map met aanleveringen zetten")
    demo.set_defaults(handler=command_demo)

    lock = commands.add_parser("vaststellen", help="een peildatum vaststellen: tabellen en rapportage liggen vast")
    lock.add_argument("--peildatum", required=True, type=_peildatum, help="peildatum JJJJ-MM")
    lock.add_argument("--door", help="wie vaststelt (standaard: $WIR_GEBRUIKER of de inlognaam)")
    lock.add_argument("--reden", help="toelichting, bijvoorbeeld 'goedgekeurd door ZN op 15-01-2021'")
    lock.set_defaults(handler=command_vaststellen)

    reopen = commands.add_parser("heropenen", help="een vastgestelde peildatum heropenen")
    reopen.add_argument("--peildatum", required=True, type=_peildatum, help="peildatum JJJJ-MM")
    reopen.add_argument("--reden", required=True, help="waarom de peildatum wordt heropend (wordt vastgelegd)")
    reopen.add_argument("--door", help="wie heropent (standaard: $WIR_GEBRUIKER of de inlognaam)")
    reopen.set_defaults(handler=command_heropenen)

    manual = commands.add_parser("handleiding", help="de Handleiding aanleveren als PDF schrijven")
    manual.add_argument("-o", "--output", required=True, help="bestand om te schrijven (.pdf)")
    manual.set_defaults(handler=command_handleiding)

    rebuild = commands.add_parser("herstel", help="het warehouse opnieuw opbouwen uit het archief")
    rebuild.add_argument("--naar", help="nieuw DuckDB-bestand (standaard: het warehouse zelf; een bestaand "
                                        "bestand wordt bewaard onder een andere naam)")
    rebuild.set_defaults(handler=command_herstel)

    status = commands.add_parser("status", help="stand van de aanleveringen per zorgkantoor")
    status.add_argument("--peildatum", type=_peildatum, help="peildatum JJJJ-MM (standaard: de laatste)")
    status.set_defaults(handler=command_status)

    from pipeline.portal.commands import add_commands  # portal, gebruiker

    add_commands(commands)
    from pipeline.portal.mail_commands import add_mail_commands  # e-mail

    add_mail_commands(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    earlier = os.environ.get("WIR_REDACTIE_DIR")
    if args.redactie_dir:  # read by the report assets, which run in this process; for this command only
        os.environ["WIR_REDACTIE_DIR"] = str(Path(args.redactie_dir).resolve())
    try:
        return _main(args, argv)
    finally:
        if args.redactie_dir:
            if earlier is None:
                os.environ.pop("WIR_REDACTIE_DIR", None)
            else:
                os.environ["WIR_REDACTIE_DIR"] = earlier


def _main(args: argparse.Namespace, argv: list[str] | None) -> int:
    settings = Settings.from_env(overrides={
        "WIR_RAW_DIR": args.raw_dir, "WIR_WAREHOUSE": args.warehouse, "WIR_REPORTS_DIR": args.reports_dir})
    signal.signal(signal.SIGTERM, _interrupt)  # stopped by a service manager or `timeout`: end as on Ctrl-C
    try:
        args.handler(args, settings)
        sys.stdout.flush()  # here, so that a reader that went away is noticed below and not at exit
    except BrokenPipeError:
        return _reader_went_away()
    except CommandError as error:
        print(f"wir-monitor: {error}", file=sys.stderr)
        return 1
    except BaseException as error:  # the run could not complete: say so in one Dutch sentence
        if _interrupted(error):
            print("wir-monitor: afgebroken op verzoek (Ctrl-C of een stopsignaal). Wat al klaar was, blijft "
                  "bewaard; voer de opdracht opnieuw uit om de rest te doen.", file=sys.stderr)
            return 130
        if not isinstance(error, Exception):
            raise
        print(f"wir-monitor: de opdracht kon niet worden voltooid: {_describe(error, settings)}", file=sys.stderr)
        return 2
    finally:
        _close()
    return 0


def _reader_went_away() -> int:
    """`wir-monitor status | head`: the reader stopped reading, which is no error. Python would still try to
    flush stdout at exit and complain in English: point it at /dev/null first."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return 0


def _close() -> None:
    """Close the Dagster instances explicitly (their database connections), not in the exit's clean-up.

    Not `gc.freeze()` before exit, which saves the exit's garbage collection: DuckDB then reports its
    unfreed objects in English on stderr ("nanobind: leaked 27 instances!")."""
    while _OPENED:
        _OPENED.pop().dispose()


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def _interrupted(error: BaseException) -> bool:
    """Ctrl-C or SIGTERM, also when it reached us inside a Dagster step (as Dagster's own interrupt error)."""
    from pipeline.errors import root_cause

    return isinstance(root_cause(error), KeyboardInterrupt) or \
        type(root_cause(error)).__name__ == "DagsterExecutionInterruptedError"


def _describe(error: BaseException, settings: Settings) -> str:
    from pipeline.errors import LOG_NAME, describe

    return describe(error, log=settings.warehouse.parent / LOG_NAME)


if __name__ == "__main__":
    sys.exit(main())
