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
    "waarschuwingen": "Waarschuwingen", "in_gebruik_sinds": "In gebruik sinds", "regio_s": "Regio's",
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
    from pipeline.report.files import report_html_path, report_pdf_path
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
    with shared_connection(settings.warehouse):  # one warehouse connection per run, not one per step
        defs.resolve_job_def(ARCHIVE_JOB).execute_in_process(instance=instance, run_config=QUIET_LOGS,
                                                             tags=cli_run_tags())
    with connect(settings.warehouse, read_only=True) as connection:
        keys = peildata(connection)
        fingerprints = processed.fingerprints(connection, reference_dir(), settings.reports_dir)
        done = processed.processed(connection)
    if args.peildatum and args.peildatum not in keys:
        raise CommandError(f"Voor peildatum {args.peildatum} is geen enkele aanlevering ontvangen.")
    job = defs.resolve_job_def(PEILDATUM_JOB)
    target = args.peildatum or keys[-1]
    graph = defs.resolve_asset_graph()
    # Ingest and tables for every peildatum; the report only for the one asked for.
    up_to_tables = [k for k in graph.get_all_asset_keys()
                    if graph.get(k).partitions_def is not None and graph.get(k).group_name != REPORT_GROUP]
    unchanged = 0
    for key in keys:
        # A peildatum made from the same files, reference data and code as before is not redone.
        scopes = (processed.TABLES, processed.REPORT) if key == target else (processed.TABLES,)
        outputs = [tables_workbook_path(settings.reports_dir, key)]
        if key == target:
            outputs += [report_html_path(settings.reports_dir, key), report_pdf_path(settings.reports_dir, key)]
        if all(done.get((key, scope)) == fingerprints.get(key) for scope in scopes) and \
                all(path.exists() for path in outputs):
            print(f"Peildatum {periods.short_label(key)} is ongewijzigd sinds de vorige verwerking.")
            unchanged += 1
            continue
        print(f"Peildatum {periods.short_label(key)} verwerken{' en rapporteren' if key == target else ''} …")
        selection = None if key == target else up_to_tables
        with shared_connection(settings.warehouse):
            job.execute_in_process(instance=instance, partition_key=key, run_config=QUIET_LOGS,
                                   asset_selection=selection, tags=cli_run_tags())
            with connect(settings.warehouse) as connection:
                processed.mark_processed(connection, key, scopes, fingerprints[key])
    skipped = f" ({unchanged} daarvan ongewijzigd en overgeslagen)" if unchanged else ""
    print(f"Klaar: {len(keys)} peildata verwerkt{skipped}. Terugkoppeling staat in {settings.reports_dir}.")
    print(f"Tabellen voor {periods.short_label(target)}: {tables_workbook_path(settings.reports_dir, target)}")
    print(f"Rapportage: {report_html_path(settings.reports_dir, target)} (en .pdf)")
    print("Bekijk de stand met: wir-monitor status")


def command_status(args: argparse.Namespace, settings: Settings) -> None:
    from tabulate import tabulate

    from pipeline.reference import load_reference
    from pipeline.warehouse.connection import WarehouseMissing, connect
    from pipeline.warehouse.queries import peildata
    from pipeline.warehouse.status import status_overview, unattributed_count

    try:
        with connect(settings.warehouse, read_only=True) as connection:
            keys = peildata(connection)
            if not keys:
                raise CommandError("Er zijn nog geen aanleveringen verwerkt: voer eerst 'wir-monitor run' uit.")
            key = args.peildatum or keys[-1]
            if key not in keys:
                raise CommandError(f"Voor peildatum {key} is niets ontvangen. Wel ontvangen: {', '.join(keys)}.")
            overview = status_overview(connection, load_reference(), key)
            unattributed = unattributed_count(connection)
    except WarehouseMissing as missing:
        raise CommandError(str(missing)) from missing
    complete = (overview["laatste_oordeel"] == "geaccepteerd").sum()
    print(f"Stand van de aanleveringen voor peildatum {periods.short_label(key)} ({periods.long_label(key)})\n")
    table = overview.drop(columns=["ontbrekende_regio_s"]).rename(columns=STATUS_HEADERS)
    print(tabulate(table, headers="keys", showindex=False, tablefmt="simple"))
    print(f"\n{complete} van {len(overview)} zorgkantoren hebben een geaccepteerde laatste aanlevering.")
    incomplete = overview[overview["ontbrekende_regio_s"] != "-"]
    if len(incomplete):
        print("\nRegio's zonder geaccepteerde gegevens:")
        for row in incomplete.itertuples(index=False):
            print(f"  {row.zorgkantoor}: {row.ontbrekende_regio_s}")
    if unattributed:
        print(f"\n{unattributed} bestand(en) zonder leesbare peildatum zijn afgewezen; "
              f"zie {settings.reports_dir / 'zonder-peildatum'}.")


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
    commands = parser.add_subparsers(dest="command", required=True, metavar="opdracht")

    run = commands.add_parser("run", help="alle aanleveringen verwerken")
    run.add_argument("--peildatum", type=_peildatum, help="peildatum JJJJ-MM van het rapport")
    run.set_defaults(handler=command_run)

    template = commands.add_parser("template", help="aanlevertemplate voor een zorgkantoor schrijven")
    template.add_argument("--zorgkantoor", required=True, help="naam van het zorgkantoor, bijvoorbeeld CZ")
    template.add_argument("--peildatum", required=True, type=_peildatum, help="peildatum JJJJ-MM")
    template.add_argument("-o", "--output", required=True, help="bestand om te schrijven (.xlsx)")
    template.set_defaults(handler=command_template)

    demo = commands.add_parser("demo", help="demo-aanleveringen in de map met aanleveringen zetten")
    demo.set_defaults(handler=command_demo)

    status = commands.add_parser("status", help="stand van de aanleveringen per zorgkantoor")
    status.add_argument("--peildatum", type=_peildatum, help="peildatum JJJJ-MM (standaard: de laatste)")
    status.set_defaults(handler=command_status)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
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
