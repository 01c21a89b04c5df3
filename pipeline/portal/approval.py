"""ZN's approval of a concept report, and vaststellen and heropenen from the portal.

Vaststellen and heropenen run the CLI's own commands (`wir-monitor vaststellen|heropenen`), so the lock, its
provenance in the warehouse (period_locks and the event log) and the rewritten report are made by the same
code. The approval goes into the lock's reason: who approved, when, and with what comment.
"""

from __future__ import annotations

import argparse
import contextlib
import io

from django.db import transaction
from django.utils import timezone

from pipeline.portal import audit, intake
from pipeline.portal.models import Actie, AuditEvent, Besluit, ReportDecision, User
from pipeline.warehouse.vaststellingen import LOCKED, REOPENED

MAX_COMMENT = 4000


class DecisionRefused(ValueError):
    """A step that is not allowed; the message is Dutch and says what to do."""


def history(peildatum: str):
    return ReportDecision.objects.filter(peildatum=peildatum)


def standing_approval(peildatum: str) -> ReportDecision | None:
    """ZN's approval if it is the latest step: a request for changes, vaststellen or heropenen uses it up."""
    latest = history(peildatum).first()
    return latest if latest is not None and latest.besluit == Besluit.GOEDGEKEURD else None


def _clean(comment: str) -> str:
    comment = comment.strip()
    if len(comment) > MAX_COMMENT:
        raise DecisionRefused(f"De toelichting is te lang: maximaal {MAX_COMMENT} tekens.")
    return comment


def _step(peildatum: str, besluit: str, by: User, comment: str, actie: str, request,
          bron: str | None = None) -> ReportDecision:
    with transaction.atomic():
        step = ReportDecision.objects.create(peildatum=peildatum, besluit=besluit, comment=comment, by=by,
                                             by_email=by.email)
        detail = f"peildatum {peildatum}: {step.get_besluit_display()}" + (f": {comment}" if comment else "")
        copied = AuditEvent.objects.filter(bron=bron).first() if bron else None
        if copied is None:
            audit.record(actie, request, user=by, peildatum=peildatum, detail=detail, bron=bron)
        else:  # a page's sync copied the warehouse's event while the command rewrote the report: one line
            copied.user, copied.email, copied.detail, copied.ip = by, by.email, detail, audit.client_ip(request)
            copied.save(update_fields=["user", "email", "detail", "ip"])
    return step


def _warehouse_event(kind: str, peildatum: str, by: User) -> str | None:
    """The key of the vaststelling or heropening the CLI command just made, from its record in the archive
    (read without the warehouse), so the portal's sync does not log it a second time."""
    from pipeline.portal.warehouse import event_key
    from pipeline.warehouse.vaststellingen import RecordDamaged, read_records

    try:
        records = read_records(intake.locations().archive_dir)
    except RecordDamaged:
        return None
    made = [r for r in records if r.kind == kind and r.peildatum == peildatum and r.by == by.email]
    return event_key(kind, peildatum, made[-1].at, by.email) if made else None


def decide(peildatum: str, by: User, besluit: str, comment: str, request=None) -> ReportDecision:
    """A ZN reader with approval rights approves the concept report or asks for changes (with a comment)."""
    if not by.can_approve:
        raise DecisionRefused("Alleen een lezer van ZN met goedkeuringsrecht kan de rapportage goedkeuren.")
    if besluit not in (Besluit.GOEDGEKEURD, Besluit.WIJZIGINGEN):
        raise DecisionRefused("Kies goedkeuren of wijzigingen vragen.")
    comment = _clean(comment)
    if besluit == Besluit.WIJZIGINGEN and not comment:
        raise DecisionRefused("Schrijf in de toelichting welke wijzigingen u vraagt.")
    return _step(peildatum, besluit, by, comment, Actie.GOEDKEURING, request)


def approval_reason(approval: ReportDecision | None, reden: str) -> str:
    """The reason the lock records: the approval (by whom, when, comment), or why there was none."""
    if approval is None:
        return f"vastgesteld zonder goedkeuring van ZN: {reden}"
    when = timezone.localtime(approval.at)
    text = f"goedgekeurd door {approval.by_email} (ZN) op {when:%d-%m-%Y %H:%M}"
    text += f": {approval.comment}" if approval.comment else ""
    return text + (f"; {reden}" if reden else "")


def _run_cli(command, **arguments) -> str:
    """A CLI command with its own arguments; its Dutch output is what the analyst reads in the portal."""
    from pipeline.cli import CommandError

    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            command(argparse.Namespace(**arguments), intake.locations())
    except CommandError as error:
        raise DecisionRefused(str(error)) from error
    return out.getvalue().strip()


def vaststellen(peildatum: str, by: User, reden: str, request=None) -> str:
    """`wir-monitor vaststellen` with ZN's approval in its reason; without an approval only with a reason."""
    from pipeline.cli import command_vaststellen

    if not by.is_analist:
        raise DecisionRefused("Alleen team WIR stelt een peildatum vast.")
    reden = _clean(reden)
    approval = standing_approval(peildatum)
    if approval is None and not reden:
        raise DecisionRefused("ZN heeft deze conceptrapportage (nog) niet goedgekeurd. Vaststellen kan dan alleen "
                              "met een reden; die wordt vastgelegd.")
    reason = approval_reason(approval, reden)
    output = _run_cli(command_vaststellen, peildatum=peildatum, door=by.email, reden=reason)
    _step(peildatum, Besluit.VASTGESTELD, by, reason, Actie.VASTGESTELD, request,
          _warehouse_event(LOCKED, peildatum, by))
    return output


def heropenen(peildatum: str, by: User, reden: str, request=None) -> str:
    """`wir-monitor heropenen`, with the reason it requires."""
    from pipeline.cli import command_heropenen

    if not by.is_analist:
        raise DecisionRefused("Alleen team WIR heropent een peildatum.")
    reden = _clean(reden)
    if not reden:
        raise DecisionRefused("Geef op waarom de peildatum wordt heropend; dat wordt vastgelegd.")
    output = _run_cli(command_heropenen, peildatum=peildatum, door=by.email, reden=reden)
    _step(peildatum, Besluit.HEROPEND, by, reden, Actie.HEROPEND, request, _warehouse_event(REOPENED, peildatum, by))
    return output
