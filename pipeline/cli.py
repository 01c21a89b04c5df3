"""`wir-monitor`: run the pipeline, write templates and demo data, show the status (in Dutch).

`run` executes the same Dagster jobs the web UI shows, in-process, on the project's instance.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from pipeline import periods
from pipeline.cli_text import DutchArgumentParser
from pipeline.config import Settings

ARCHIVE_JOB = "archiveer_aanleveringen"
PEILDATUM_JOB = "verwerk_peildatum"
STATUS_HEADERS = {
    "zorgkantoor": "Zorgkantoor", "ontvangen": "Ontvangen", "geaccepteerd": "Geaccepteerd",
    "afgewezen": "Afgewezen", "laatste_oordeel": "Laatste oordeel", "fouten": "Fouten",
    "waarschuwingen": "Waarschuwingen", "tijdigheid": "Tijdigheid", "in_gebruik_sinds": "In gebruik sinds",
    "regio_s": "Regio's",
}
REPORT_GROUP = "rapport"
QUIET_LOGS = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}


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
    return DagsterInstance.from_config(home) if home else DagsterInstance.ephemeral()


def command_run(args: argparse.Namespace, settings: Settings) -> None:
    from pipeline.warehouse.lock import run_lock

    with run_lock(settings.warehouse, on_wait=lambda: print(
            "Er loopt al een verwerking op dit warehouse; deze wacht tot die klaar is …", flush=True)):
        _run(args, settings)


def _run(args: argparse.Namespace, settings: Settings) -> None:
    from pipeline.definitions import build_definitions
    from pipeline.recovery import cli_run_tags, release_abandoned_runs
    from pipeline.reference.loader import reference_dir
    from pipeline.report import redactie
    from pipeline.report.files import report_docx_path, report_html_path, report_pdf_path
    from pipeline.tables.workbook import tables_workbook_path
    from pipeline.warehouse import processed
    from pipeline.warehouse.connection import connect, shared_connection
    from pipeline.warehouse.queries import peildata

    defs = build_definitions(settings)
    instance = _instance()
    released = release_abandoned_runs(instance)
    if released:
        print(f"{released} afgebroken run(s) van een eerdere verwerking opgeruimd.")
    print(f"Aanleveringen lezen uit {settings.raw_dir} …")
    # One warehouse connection for the whole command instead of one per step: opening and closing a DuckDB
    # file costs tens of milliseconds. `status` and the sensor's runs wait for it (WIR_LOCK_TIMEOUT).
    with shared_connection(settings.warehouse):
        archived = defs.resolve_job_def(ARCHIVE_JOB).execute_in_process(instance=instance, run_config=QUIET_LOGS,
                                                                        tags=cli_run_tags())
        _report_skipped(archived)
        with connect(settings.warehouse, read_only=True) as connection:
            keys = peildata(connection)
            fingerprints = processed.fingerprints(connection, reference_dir(), settings.reports_dir)
        # The report is also made from the analysts' texts: a changed chapter redoes it.
        fingerprints = {key: f"{value}:{redactie.fingerprint(redactie.redactie_root(), key)}"
                        for key, value in fingerprints.items()}
        with connect(settings.warehouse, read_only=True) as connection:
            done = processed.processed(connection)
        if args.peildatum and args.peildatum not in keys:
            raise CommandError(f"Voor peildatum {args.peildatum} is geen enkele aanlevering ontvangen.")
        if not keys:
            _nothing_to_report(settings)
            return
        job = defs.resolve_job_def(PEILDATUM_JOB)
        target = args.peildatum or keys[-1]
        graph = defs.resolve_asset_graph()
        unchanged = 0
        for key in keys:
            # A peildatum made from the same files, reference data and code as before is not redone.
            scopes = (processed.TABLES, processed.REPORT) if key == target else (processed.TABLES,)
            outputs = [tables_workbook_path(settings.reports_dir, key)]
            if key == target:
                outputs += [report_html_path(settings.reports_dir, key), report_pdf_path(settings.reports_dir, key),
                            report_docx_path(settings.reports_dir, key)]
            if all(done.get((key, scope)) == fingerprints.get(key) for scope in scopes) and \
                    all(path.exists() for path in outputs):
                print(f"Peildatum {periods.short_label(key)} is ongewijzigd sinds de vorige verwerking.")
                unchanged += 1
                continue
            print(f"Peildatum {periods.short_label(key)} verwerken{' en rapporteren' if key == target else ''} …")
            # Ingest and tables for every peildatum, the report only for the one asked for; the raw folder
            # was archived once above, so the runs skip the job's own archive step.
            job.execute_in_process(instance=instance, partition_key=key, run_config=QUIET_LOGS,
                                   asset_selection=_partition_steps(graph, with_report=key == target),
                                   tags=cli_run_tags())
            with connect(settings.warehouse) as connection:
                processed.mark_processed(connection, key, scopes, fingerprints[key])
    skipped = f" ({unchanged} daarvan ongewijzigd en overgeslagen)" if unchanged else ""
    print(f"Klaar: {len(keys)} peildata verwerkt{skipped}. Terugkoppeling staat in {settings.reports_dir}.")
    print(f"Tabellen voor {periods.short_label(target)}: {tables_workbook_path(settings.reports_dir, target)}")
    print(f"Rapportage: {report_html_path(settings.reports_dir, target)} (en .pdf en .docx)")
    print("Bekijk de stand met: wir-monitor status")


def _report_skipped(archived) -> None:
    """Files left in the raw folder by the archive step: the analyst should know, the next run retries."""
    from assets.intake import SKIPPED_METADATA

    for event in archived.get_asset_materialization_events():
        skipped = event.materialization.metadata.get(SKIPPED_METADATA)
        for item in skipped.value if skipped else ():
            print(f"Let op: {item['bestand']} is niet gearchiveerd: {item['reden']}.")


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
    table = overview.drop(columns=["ontbrekende_regio_s"]).rename(columns=STATUS_HEADERS)
    print(tabulate(table, headers="keys", showindex=False, tablefmt="simple"))
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
    from pipeline.warehouse.connection import connect
    from pipeline.warehouse.lock import run_lock
    from pipeline.warehouse.locking import LockError, current_user, lock_peildatum, unjudged_files

    with run_lock(settings.warehouse):
        _require_warehouse(settings)
        with connect(settings.warehouse) as connection:
            try:
                lock, earlier = lock_peildatum(connection, args.peildatum, args.door or current_user(), args.reden)
            except LockError as error:
                raise CommandError(str(error)) from error
            pending = unjudged_files(connection, args.peildatum)
        _report(settings, args.peildatum)
    print(f"Peildatum {periods.short_label(args.peildatum)} is vastgesteld: {lock.text}.")
    if earlier:
        print(f"Ook vastgesteld, omdat deze rapportage ze als vergelijking toont: "
              f"{', '.join(periods.short_label(e.peildatum) for e in earlier)}.")
    print(f"De rapportage is opnieuw geschreven zonder 'concept': "
          f"{_report_path(settings, args.peildatum)} (en .pdf).")
    if pending:
        print(f"Let op: {pending} ontvangen bestand(en) voor deze peildatum waren nog niet verwerkt; ze tellen pas "
              "mee na 'wir-monitor heropenen'.")
    print("Latere aanleveringen voor deze peildatum krijgen terugkoppeling, maar veranderen tabellen en "
          "rapportage pas na heropenen.")


def command_heropenen(args: argparse.Namespace, settings: Settings) -> None:
    from pipeline.warehouse.connection import connect
    from pipeline.warehouse.lock import run_lock
    from pipeline.warehouse.locking import LockError, current_user, reopen_peildatum

    with run_lock(settings.warehouse):
        _require_warehouse(settings)
        with connect(settings.warehouse) as connection:
            try:
                reopen_peildatum(connection, args.peildatum, args.door or current_user(), args.reden)
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
    from pipeline.definitions import build_definitions
    from pipeline.recovery import cli_run_tags

    defs = build_definitions(settings)
    graph = defs.resolve_asset_graph()
    selection = _partition_steps(graph, with_report=True) if everything else \
        [k for k in graph.get_all_asset_keys() if graph.get(k).group_name == REPORT_GROUP]
    defs.resolve_job_def(PEILDATUM_JOB).execute_in_process(
        instance=_instance(), partition_key=peildatum, run_config=QUIET_LOGS, asset_selection=selection,
        tags=cli_run_tags())


def _partition_steps(graph, with_report: bool) -> list:
    """The partitioned assets of a peildatum run, with or without the report group."""
    return sorted(key for key in graph.get_all_asset_keys()
                  if graph.get(key).partitions_def is not None
                  and (with_report or graph.get(key).group_name != REPORT_GROUP))


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
    content, source = prefill_content(settings.warehouse, match.value, args.peildatum)
    path = write_template(reference, match.value, args.peildatum, Path(args.output), content)
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
    template.add_argument("-o", "--output", required=True, help="bestand om te schrijven (.xlsx)")
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

    status = commands.add_parser("status", help="stand van de aanleveringen per zorgkantoor")
    status.add_argument("--peildatum", type=_peildatum, help="peildatum JJJJ-MM (standaard: de laatste)")
    status.set_defaults(handler=command_status)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    earlier = os.environ.get("WIR_REDACTIE_DIR")
    if args.redactie_dir:  # read by the report assets, which run in this process; for this command only
        os.environ["WIR_REDACTIE_DIR"] = str(Path(args.redactie_dir).resolve())
    try:
        return _main(args)
    finally:
        if args.redactie_dir:
            if earlier is None:
                os.environ.pop("WIR_REDACTIE_DIR", None)
            else:
                os.environ["WIR_REDACTIE_DIR"] = earlier


def _main(args: argparse.Namespace) -> int:
    settings = Settings.from_env(overrides={
        "WIR_RAW_DIR": args.raw_dir, "WIR_WAREHOUSE": args.warehouse, "WIR_REPORTS_DIR": args.reports_dir})
    try:
        args.handler(args, settings)
    except CommandError as error:
        print(f"wir-monitor: {error}", file=sys.stderr)
        return 1
    except Exception as error:  # the run could not complete: say so in one Dutch sentence
        print(f"wir-monitor: de opdracht kon niet worden voltooid: {_describe(error)}", file=sys.stderr)
        return 2
    return 0


def _describe(error: BaseException) -> str:
    from pipeline.errors import describe

    return describe(error)


if __name__ == "__main__":
    sys.exit(main())
