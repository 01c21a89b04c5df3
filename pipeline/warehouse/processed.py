"""Which peildata a run can skip: completed before from exactly the same inputs.

The fingerprint of a peildatum covers everything its tables (and report) are made from: the received files
of that peildatum and of every earlier one (tables compare with earlier peildata, and a file's judgement
depends on its history), the locks on them, the reference data, the code and where the reports go. It is
recorded only after the peildatum's Dagster run succeeded, so an interrupted run is redone next time.

`to_process` is the one rule that says what a run must (re)do; `wir-monitor run` and the raw-folder sensor
both follow it, so the sensor does not redo what the command line already did, nor the other way round.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import duckdb

from pipeline.report import redactie
from pipeline.report.files import report_paths
from pipeline.warehouse.connection import transaction

TABLES = "tabellen"  # intake, warehouse and tables of the peildatum
REPORT = "rapport"  # and its report
SCOPES_TAG = "wir-monitor/bijwerken"  # on a run that brings a peildatum up to date: tabellen[,rapport]
# Code that makes no table, feedback or report: a change there redoes nothing (the portal serves, it does not judge
# differently: it calls the same intake; assets/mail.py only sends the portal's e-mail).
NOT_OUTPUT_CODE = ("portal", "mail.py")
CODE_SUFFIXES = (".py", ".csv", ".j2", ".css", ".html", ".yaml", ".js")  # .js: the report's inline scripts


@cache
def code_version() -> str:
    """A hash of the source of `pipeline` and `assets` (and their templates): a code change redoes everything."""
    import assets
    import pipeline

    return source_digest([Path(pipeline.__file__).parent, Path(assets.__file__).parent])


def source_digest(packages: list[Path]) -> str:
    """The hash of every code file of the packages, except the code that makes no output (NOT_OUTPUT_CODE)."""
    digest = hashlib.sha256()
    for package in packages:
        for path in sorted(package.rglob("*")):
            parts = path.relative_to(package).parts
            if path.suffix in CODE_SUFFIXES and "__pycache__" not in parts and parts[0] not in NOT_OUTPUT_CODE:
                digest.update(path.relative_to(package.parent).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


@dataclass(frozen=True)
class Todo:
    peildatum: str
    with_report: bool  # the target peildatum (the latest, or the one asked for) also gets its report
    fingerprint: str

    @property
    def scopes(self) -> tuple[str, ...]:
        return (TABLES, REPORT) if self.with_report else (TABLES,)

    @property
    def run_tags(self) -> dict[str, str]:
        """The tags of the Dagster run that does it; the run records it as processed when it succeeds."""
        return {SCOPES_TAG: ",".join(self.scopes)}


def tables_workbook_path(reports_dir: Path, peildatum: str) -> Path:
    """Where the tables workbook of a peildatum goes (also used by pipeline/tables/workbook.py)."""
    return reports_dir / peildatum / f"tabellen-{peildatum}.xlsx"


def to_process(connection: duckdb.DuckDBPyConnection, reference_dir: Path, reports_dir: Path,
               target: str | None = None, pending: Iterable[tuple[str, str]] = ()) -> list[Todo]:
    """The peildata whose tables (and, for the target, report) are not up to date, oldest first.

    Up to date: recorded as processed with the fingerprint its inputs have now, and its output files exist.
    `pending`: (peildatum, sha256) of files that will be archived before the work starts (the sensor sees
    them in the raw folder before its run archives them); they count as received.
    """
    prints = fingerprints(connection, reference_dir, reports_dir, pending)
    if not prints:
        return []
    target = target or max(prints)
    done = processed(connection)
    todo = []
    for key, fingerprint in sorted(prints.items()):
        item = Todo(key, key == target, fingerprint)
        outputs = [tables_workbook_path(reports_dir, key)]
        if item.with_report:
            outputs += report_paths(reports_dir, key)
        if any(done.get((key, scope)) != fingerprint for scope in item.scopes) or \
                not all(path.exists() for path in outputs):
            todo.append(item)
    return todo


def fingerprints(connection: duckdb.DuckDBPyConnection, reference_dir: Path, reports_dir: Path,
                 pending: Iterable[tuple[str, str]] = ()) -> dict[str, str]:
    """Per peildatum: the hash of its inputs (see the module docstring)."""
    base = hashlib.sha256()
    base.update(code_version().encode())
    for path in sorted(reference_dir.glob("*.csv")):
        base.update(path.name.encode() + b"\0" + path.read_bytes())
    base.update(str(reports_dir.resolve()).encode())
    # A lock decides which of the files count (vastgesteld) and reopening it changes that, also for the
    # comparisons of later peildata.
    rows = set(connection.execute(
        """SELECT peildatum, sha256 FROM received_files WHERE peildatum IS NOT NULL
           UNION ALL SELECT peildatum, 'vastgesteld:' || last_submission_id FROM period_locks""").fetchall())
    known = {sha256 for _, sha256 in rows}
    rows |= {(peildatum, sha256) for peildatum, sha256 in pending if sha256 not in known}
    result: dict[str, str] = {}
    running = base
    for peildatum, sha256 in sorted(rows):
        running.update(f"{peildatum}:{sha256};".encode())
        result[peildatum] = running.hexdigest()  # so far: this peildatum and all before it
    # The report (and the workbook's table numbers) are also made from the analysts' texts of the peildatum.
    texts = redactie.redactie_root()
    return {peildatum: f"{value}:{redactie.fingerprint(texts, peildatum)}" for peildatum, value in result.items()}


def processed(connection: duckdb.DuckDBPyConnection) -> dict[tuple[str, str], str]:
    return {(peildatum, scope): fingerprint for peildatum, scope, fingerprint in connection.execute(
        "SELECT peildatum, scope, fingerprint FROM processed_partitions").fetchall()}


def record_run(connection: duckdb.DuckDBPyConnection, tags: dict[str, str], reference_dir: Path,
               reports_dir: Path) -> None:
    """At the end of a successful run (WarehouseResource), which held the warehouse since before its first
    step: the peildatum it was asked to bring up to date is processed from the inputs it has now, which are
    the inputs the run's steps used (the run archived the raw folder first)."""
    peildatum, scopes = tags.get("dagster/partition"), tags.get(SCOPES_TAG)
    if peildatum and scopes:
        fingerprint = fingerprints(connection, reference_dir, reports_dir).get(peildatum)
        if fingerprint:
            mark_processed(connection, peildatum, scopes.split(","), fingerprint)


def mark_processed(connection: duckdb.DuckDBPyConnection, peildatum: str, scopes: Iterable[str],
                   fingerprint: str) -> None:
    with transaction(connection):
        for scope in scopes:
            connection.execute("INSERT OR REPLACE INTO processed_partitions VALUES (?, ?, ?, ?)",
                               [peildatum, scope, fingerprint, _now()])


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
