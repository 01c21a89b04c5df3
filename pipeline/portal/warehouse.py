"""Read the warehouse without ever waiting for it: try its shared lock once, else use what was read before.

A run holds the warehouse's exclusive lock (pipeline/warehouse/lock.py) for its whole length. The portal never
queues behind it: every read here tries the lock without blocking and returns None when a run holds it. What it
reads goes through the existing warehouse code (status_overview, submissions_of, findings_of, previous_states,
prefill_content) and is copied into the portal's own database, which the pages show.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import duckdb
import pandas as pd
from django.conf import settings as django_settings
from django.db import transaction
from django.utils import timezone

from pipeline.intake.history import PreviousState
from pipeline.reference import Reference
from pipeline.tables.quality import quality_table
from pipeline.warehouse.lock import WarehouseBusy, warehouse_lock
from pipeline.warehouse.locking import lock_of
from pipeline.warehouse.queries import findings_of, peildata, previous_states, submissions_of
from pipeline.warehouse.status import status_overview
from pipeline.warehouse.vaststellingen import LOCKED, REOPENED

T = TypeVar("T")
log = logging.getLogger(__name__)
_refreshing = threading.Lock()


def read_if_free(warehouse: Path, read: Callable[[duckdb.DuckDBPyConnection], T]) -> T | None:
    """read(connection) on a read-only connection if the warehouse is free right now; None if busy or absent."""
    if not warehouse.exists():
        return None
    try:
        with warehouse_lock(warehouse, exclusive=False, timeout=0):
            connection = duckdb.connect(str(warehouse), read_only=True)
            try:
                return read(connection)
            finally:
                connection.close()
    except WarehouseBusy:
        return None
    except duckdb.Error as error:  # e.g. a warehouse older than the schema: the portal goes on without it
        log.warning("Warehouse niet leesbaar voor het portaal: %s", error)
        return None


def previous_state(warehouse: Path, peildatum: str | None, zorgkantoor: str | None) -> PreviousState | None:
    """The zorgkantoor's state before the peildatum, as the pipeline compares with; None if not readable now."""
    if not peildatum or not zorgkantoor:
        return PreviousState()
    states = read_if_free(warehouse, lambda connection: previous_states(connection, peildatum))
    return None if states is None else states.get(zorgkantoor, PreviousState())


def refresh(warehouse: Path, reference: Reference, force: bool = False) -> bool:
    """Copy the pipeline's verdicts and status into the portal's database, if the warehouse is free now.

    At most once per WIR_PORTAL_SYNC_SECONDS (unless forced), and one thread at a time: a page never waits for
    another page's refresh either. Returns whether it read the warehouse.
    """
    from pipeline.portal.models import WarehouseState

    state, _ = WarehouseState.objects.get_or_create(pk=1)
    fresh = state.refreshed_at and timezone.now() - state.refreshed_at < dt.timedelta(
        seconds=django_settings.WIR_PORTAL_SYNC_SECONDS)
    if (fresh and not force) or not _refreshing.acquire(blocking=False):
        return False
    try:
        snapshot = read_if_free(warehouse, lambda connection: _snapshot(connection, reference))
        if snapshot is None:
            return False
        _store(snapshot, reference)
        return True
    finally:
        _refreshing.release()


def _snapshot(connection: duckdb.DuckDBPyConnection, reference: Reference) -> dict:
    from pipeline.portal.models import Submission

    known = dict(Submission.objects.exclude(pipeline_status="").values_list("sha256", "pipeline_status"))
    keys = peildata(connection)
    submissions = pd.concat([submissions_of(connection, key) for key in [*keys, None]], ignore_index=True)
    findings = {}
    for row in submissions.itertuples(index=False):
        if known.get(row.sha256) != row.status:  # new, or judged again: take its findings along
            findings[row.sha256] = findings_of(connection, int(row.submission_id))
    status = {key: status_overview(connection, reference, key).set_index("zorgkantoor").to_dict("index")
              for key in keys}
    quality = {key: quality_rows(quality_table(connection, reference, key)) for key in keys}
    locks = {key: lock for key in keys if (lock := lock_of(connection, key)) is not None}
    # Vaststellen and heropenen, from the CLI as well as the portal: the audit log shows them all.
    events = connection.execute(
        """SELECT event, peildatum, happened_at, who, reason FROM period_events WHERE event IN (?, ?)
           ORDER BY event_id""", [LOCKED, REOPENED]).fetchall()
    return {"submissions": submissions, "findings": findings, "status": status, "quality": quality,
            "locks": {key: lock.text for key, lock in locks.items()},
            "lock_reasons": {key: lock.reason for key, lock in locks.items() if lock.reason}, "events": events}


def event_key(event: str, peildatum: str, at: dt.datetime, who: str | None) -> str:
    """The identity of a vaststelling or heropening: its kind, peildatum, moment (UTC) and who. The archive's
    record (vaststellingen.py) and the warehouse's period_events share these, also after `herstel`."""
    moment = at.astimezone(dt.UTC).replace(tzinfo=None) if at.tzinfo else at
    return hashlib.sha256(f"{event}\n{peildatum}\n{moment:%Y-%m-%dT%H:%M:%S.%f}\n{who or ''}".encode()).hexdigest()


# A portal line from before lines carried their warehouse key: the portal records it after the CLI command
# returns, which includes rewriting the report.
_PORTAL_LINE_AFTER = dt.timedelta(hours=1)


def _log_period_events(events: list[tuple]) -> None:
    """One audit line per vaststelling and heropening in the warehouse that the log does not have yet."""
    from pipeline.portal.models import Actie, AuditEvent

    for event, peildatum, happened_at, who, reason in events:
        key = event_key(event, peildatum, happened_at, who)
        if AuditEvent.objects.filter(bron=key).exists():
            continue
        at = happened_at.replace(tzinfo=dt.UTC)
        actie = Actie.VASTGESTELD if event == LOCKED else Actie.HEROPEND
        earlier = AuditEvent.objects.filter(
            bron__isnull=True, actie=actie, peildatum=peildatum, email=who or "",
            at__gte=at - dt.timedelta(minutes=1), at__lte=at + _PORTAL_LINE_AFTER).order_by("at").first()
        if earlier is not None:  # done in the portal, which logged it itself
            earlier.bron = key
            earlier.save(update_fields=["bron"])
            continue
        command = "vaststellen" if event == LOCKED else "heropenen"
        line = AuditEvent.objects.create(
            email=who or "", actie=actie, peildatum=peildatum, bron=key,
            detail=(f"peildatum {peildatum}: {event} met wir-monitor {command}" + (f": {reason}" if reason else ""))[
                :2000])
        line.at = at  # when it happened, not when the portal read it
        line.save(update_fields=["at"])


def quality_rows(table) -> dict:
    """The Datakwaliteit table as the portal keeps it: its columns, and per row the label, kind and values."""
    return {"columns": list(table.columns),
            "rows": [{"label": row.label, "kind": row.kind, "values": list(row.values)} for row in table.rows]}


def _aware(moment) -> dt.datetime | None:
    if moment is None or pd.isna(moment):
        return None
    return moment.to_pydatetime().replace(tzinfo=dt.UTC)


@transaction.atomic
def _store(snapshot: dict, reference: Reference) -> None:
    from pipeline.portal import audit
    from pipeline.portal.models import Actie, Bron, Submission, WarehouseState, kenmerk_of

    now = timezone.now()
    for row in snapshot["submissions"].itertuples(index=False):
        zorgkantoor = None if pd.isna(row.zorgkantoor) else row.zorgkantoor
        if zorgkantoor is None:  # unreadable: it belongs to the account that uploaded it, if any
            record = Submission.objects.filter(sha256=row.sha256, handed_to_pipeline=True).first()
            if record is None:
                continue
        else:
            record = Submission.objects.filter(zorgkantoor=zorgkantoor, sha256=row.sha256).first()
        if record is None:  # e-mailed and put in the raw folder by team WIR: part of the zorgkantoor's history
            record = Submission(zorgkantoor=zorgkantoor, sha256=row.sha256, kenmerk=kenmerk_of(row.sha256),
                                bron=Bron.MAP, original_name=row.file_name, file_name=row.file_name, size_bytes=0,
                                received_at=_aware(row.received_at), archive_path="", status=row.status,
                                errors=int(row.errors), warnings=int(row.warnings), compared_with_history=True,
                                peildatum="" if pd.isna(row.peildatum) else row.peildatum)
        if record.pipeline_status != row.status:  # the pipeline's verdict, new or changed: one line in the log
            audit.record(Actie.OORDEEL, email="verwerking", zorgkantoor=record.zorgkantoor or "",
                         kenmerk=record.kenmerk, peildatum=record.peildatum,
                         detail=f"{row.status}: {int(row.errors)} fout(en), {int(row.warnings)} waarschuwing(en)"
                                f" ({record.file_name})")
        record.pipeline_status = row.status
        record.in_force = bool(row.in_force)
        record.locked_at = _aware(row.locked_at)
        record.errors, record.warnings = int(row.errors), int(row.warnings)
        record.pipeline_seen_at = record.pipeline_seen_at or now
        record.save()
        if row.sha256 in snapshot["findings"]:
            replace_findings(record, _finding_rows(snapshot["findings"][row.sha256]))
    _log_period_events(snapshot["events"])
    WarehouseState.objects.update_or_create(pk=1, defaults={
        "refreshed_at": now, "status": _plain(snapshot["status"]), "locks": snapshot["locks"],
        "lock_reasons": snapshot["lock_reasons"], "quality": _plain(snapshot["quality"])})


def _finding_rows(frame: pd.DataFrame) -> list[dict]:
    plain = frame.astype(object).where(frame.notna(), None)
    return [{"ernst": r["severity"], "regel": r["rule"], "tabblad": r["sheet"] or "", "rij": r["excel_row"],
             "kolom": r["column_name"] or "", "waarde": r["value"] or "", "melding": r["message"],
             "wat_te_doen": r["action"]} for r in plain.to_dict("records")]


def replace_findings(record, rows: list[dict]) -> None:
    from pipeline.portal.models import Finding

    record.findings.all().delete()
    Finding.objects.bulk_create(Finding(submission=record, number=number, **{
        **row, "rij": None if row["rij"] is None else int(row["rij"])}) for number, row in enumerate(rows, start=1))


def _plain(value):
    """JSON-safe: numpy numbers and timestamps from the status frame as Python values and text."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if hasattr(value, "item"):
        return value.item()
    if isinstance(value, pd.Timestamp | dt.datetime):
        return value.isoformat()
    return value
