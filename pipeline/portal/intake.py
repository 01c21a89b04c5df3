"""An upload through the one intake path: archive, judge and feed back with the pipeline's own functions, then
hand the file to the pipeline by putting it in the raw folder, where `wir-monitor run` and the sensor find it.

The portal judges without the warehouse (the pure intake functions, with the previous peildatum read only if
the warehouse is free), so an upload never waits for a run. The pipeline judges the same bytes again when it
takes the file in; its verdict is read back later (warehouse.refresh) and replaces the portal's.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from django.conf import settings as django_settings
from django.db import IntegrityError, transaction

from pipeline.clock import dutch_time
from pipeline.config import Settings
from pipeline.feedback.render import FeedbackDocument, document_stem, feedback_folder, write_feedback
from pipeline.intake import layout
from pipeline.intake.archive import RawFile, archive_file, archive_path
from pipeline.intake.assess import assess_batch, is_accepted, read_submission
from pipeline.intake.findings import Finding
from pipeline.intake.manifest import FROM_PORTAL
from pipeline.intake.messages import finding
from pipeline.intake.parse import ParsedSubmission, read_header
from pipeline.intake.workbook import UnreadableWorkbook, open_workbook, sniff_format
from pipeline.naming import slug
from pipeline.portal import warehouse
from pipeline.portal.models import Submission, User, kenmerk_of
from pipeline.reference import Reference, load_reference
from pipeline.reference.keys import match_key

PORTAL_FOLDER = "portaal"  # the portal's sub-folder of the raw folder
SUFFIXES = {"xlsx": ".xlsx", "xlsm": ".xlsm", "ods": ".ods", "xls": ".xls"}


@dataclass
class Judged:
    parsed: ParsedSubmission
    zorgkantoor: str  # the account's; the file may name another (then refused)
    other_zorgkantoor: bool
    compared_with_history: bool

    @property
    def accepted(self) -> bool:
        return is_accepted(self.parsed) and not self.other_zorgkantoor

    @property
    def status(self) -> str:
        return "geaccepteerd" if self.accepted else "afgewezen"

    @property
    def findings(self) -> list[Finding]:
        return self.parsed.findings


PORTAL_NAME = "portaal.xlsx"  # the name a check-only upload is judged under: no digits


def locations() -> Settings:
    return Settings.from_env()


def judge(path: Path, zorgkantoor: str, received_at: dt.datetime, reference: Reference | None = None,
          warehouse_path: Path | None = None, file_name: str = PORTAL_NAME) -> Judged:
    """The pipeline's judgement of one file for this account's zorgkantoor (read_submission + assess_batch)."""
    reference = reference or load_reference()
    received = received_at.astimezone(dt.UTC).date()  # as judge_pending: the UTC date of the received time
    # Under the name the pipeline will see, never the archive's hash or a temporary name: their digits could
    # read as a peildatum (peildatum.bestandsnaam).
    parsed = read_submission(path, reference, file_name, received)
    other = parsed.zorgkantoor is not None and parsed.zorgkantoor != zorgkantoor
    if other:
        parsed.findings.append(finding("zorgkantoor.ander_account", sheet=layout.SHEET_AANLEVERING,
                                       row=_zorgkantoor_row(path), column="B", value=parsed.zorgkantoor,
                                       zorgkantoor=zorgkantoor))
    previous = None
    if not other and parsed.peildatum:
        previous = warehouse.previous_state(warehouse_path or locations().warehouse, parsed.peildatum, zorgkantoor)
    year = int(parsed.peildatum[:4]) if parsed.peildatum else received.year
    assess_batch({"upload": parsed}, reference, year, lambda _: previous or warehouse.PreviousState())
    return Judged(parsed, zorgkantoor, other, compared_with_history=previous is not None)


def _zorgkantoor_row(path: Path) -> int | None:
    try:
        header, _ = read_header(open_workbook(path, only=match_key(layout.SHEET_AANLEVERING)))
    except UnreadableWorkbook:
        return None
    return header.get(layout.KEY_ZORGKANTOOR, (None,))[0]


def finding_rows(findings: list[Finding]) -> list[dict]:
    return [{"ernst": f.severity, "regel": f.rule, "tabblad": f.sheet or "", "rij": f.row, "kolom": f.column or "",
             "waarde": f.value or "", "melding": f.message, "wat_te_doen": f.action} for f in findings]


def submit(upload, user: User, bron: str) -> tuple[Submission, bool]:
    """Keep, judge and hand over an upload (a ReceivedFile); (record, created). A byte-identical file that this
    zorgkantoor delivered before changes nothing and returns that record."""
    zorgkantoor = user.zorgkantoor
    existing = Submission.objects.filter(zorgkantoor=zorgkantoor, sha256=upload.sha256).first()
    if existing is not None:
        return existing, False
    where = locations()
    temporary = Path(upload.temporary_file_path())
    kind = sniff_format(temporary)
    kenmerk = kenmerk_of(upload.sha256)
    # Our name, never the client's; without digits, so that it never names a peildatum (peildatum.bestandsnaam).
    file_name = f"portaal-{slug(zorgkantoor)}{SUFFIXES.get(kind, '.xlsx')}"
    relative = f"{PORTAL_FOLDER}/{slug(zorgkantoor)}/{kenmerk}/{file_name}"
    received_at = upload.received_at.astimezone(dt.UTC).replace(tzinfo=None)
    # 1. Archived unchanged under its hash before anything else, by the pipeline's own archive function (which
    #    takes the suffix from the name: ours, never the client's).
    named = _link(temporary, temporary.with_name(f"{kenmerk}{Path(file_name).suffix}"))
    try:
        # With its manifest (received at, from the portal, by whom): the pipeline's later run keeps that record.
        archived, _ = archive_file(RawFile(path=named, relative_path=relative, sha256=upload.sha256,
                                           size_bytes=upload.size, received_at=received_at,
                                           source_kind=FROM_PORTAL, source=user.email), where.archive_dir)
    finally:
        named.unlink(missing_ok=True)
    # 2. Judged from the archived copy.
    judged = judge(archived, zorgkantoor, upload.received_at, file_name=file_name)
    # 3. Handed to the pipeline: into the raw folder, unless it is another zorgkantoor's file (the pipeline would
    #    take it in for that zorgkantoor).
    if not judged.other_zorgkantoor:
        _place_in_raw(archived, where.raw_dir / relative, received_at)
    record = Submission(
        zorgkantoor=zorgkantoor, kenmerk=kenmerk, peildatum=judged.parsed.peildatum or "", bron=bron,
        uploaded_by=user, original_name=upload.name[:255], file_name=file_name, sha256=upload.sha256,
        size_bytes=upload.size, received_at=upload.received_at, archive_path=str(archived),
        handed_to_pipeline=not judged.other_zorgkantoor, status=judged.status,
        errors=sum(f.is_error for f in judged.findings), warnings=sum(not f.is_error for f in judged.findings),
        compared_with_history=judged.compared_with_history)
    try:
        with transaction.atomic():
            record.save()
            warehouse.replace_findings(record, finding_rows(judged.findings))
    except IntegrityError:  # the same file at the same moment from a second tab
        return Submission.objects.get(zorgkantoor=zorgkantoor, sha256=upload.sha256), False
    # 4. Feedback written by the pipeline's feedback code, in the portal's own folder (the pipeline writes its
    #    own into reports/ when it takes the file in).
    write_feedback(feedback_document(record), feedback_root())
    return record, True


def _link(source: Path, target: Path) -> Path:
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)
    return target


def _place_in_raw(archived: Path, target: Path, received_at: dt.datetime) -> None:
    """Atomically, as a hidden partial file first (the raw scan skips hidden files), dated when it arrived."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    shutil.copyfile(archived, partial)
    stamp = received_at.replace(tzinfo=dt.UTC).timestamp()
    os.utime(partial, (stamp, stamp))
    os.replace(partial, target)


def check_only(upload, user: User) -> Judged:
    """The same judgement without submitting: nothing is kept."""
    return judge(Path(upload.temporary_file_path()), user.zorgkantoor, upload.received_at)


def feedback_root() -> Path:
    return Path(django_settings.PORTAL_DIR) / "terugkoppeling"


def feedback_document(record: Submission) -> FeedbackDocument:
    frame = pd.DataFrame(
        [(f.ernst, f.tabblad or None, f.rij, f.kolom or None, f.waarde or None, f.melding, f.wat_te_doen)
         for f in record.findings.all()],
        columns=["severity", "sheet", "excel_row", "column_name", "value", "message", "action"])
    return FeedbackDocument(
        file_name=record.file_name, zorgkantoor=record.zorgkantoor, peildatum=record.peildatum or None,
        received_at=dutch_time(record.received_at.astimezone(dt.UTC).replace(tzinfo=None)), sha256=record.sha256,
        status=record.verdict, in_force=bool(record.in_force if record.in_force is not None else record.status ==
                                             "geaccepteerd"),
        errors=record.errors, warnings=record.warnings, findings=frame,
        locked_at=dutch_time(record.locked_at.astimezone(dt.UTC).replace(tzinfo=None)) if record.locked_at else None)


def feedback_file(record: Submission, extension: str) -> Path | None:
    """The pipeline's feedback once it judged the file (reports/), else the portal's own; None if neither."""
    stem = document_stem(feedback_document(record))
    candidates = [feedback_folder(locations().reports_dir, record.peildatum or None) / f"{stem}.{extension}"] \
        if record.pipeline_status else []
    candidates.append(feedback_folder(feedback_root(), record.peildatum or None) / f"{stem}.{extension}")
    if record.pipeline_status and not candidates[-1].exists():
        write_feedback(feedback_document(record), feedback_root())  # e-mailed files: made from the copied findings
    return next((path for path in candidates if path.exists()), None)


def archived_copy_path(record: Submission) -> Path:
    return archive_path(locations().archive_dir, record.sha256, Path(record.file_name))
