"""Which e-mails are due: invitations, reminders, verdicts, returned submissions and approval requests.

- Invitations go to every zorgkantoor when a peildatum opens (its month has ended, peildata.csv; the portal's
  start page opens it on the same day), with the prefilled template the portal serves.
- Reminders go WIR_HERINNERING_DAGEN days before the deadline to the zorgkantoren without an accepted
  submission, by the same code as `wir-monitor status` (status_overview).
- A verdict of the pipeline on a submission (uploaded in the portal, by the API or put in raw/ by team WIR),
  a submission returned ter correctie, and a concept report after the deadline (to ZN's approvers) are the
  notices ("meldingen") sent after every run.

Each function returns the outcomes (mail.Outcome); mail.send makes sure nothing is sent twice.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

from django.urls import reverse
from django.utils import timezone

from pipeline import periods
from pipeline.naming import slug
from pipeline.portal import intake, mail, warehouse
from pipeline.portal.mail import Notice, Outcome
from pipeline.portal.mail_timing import opened_peildatum, reminder_days, reminder_peildatum
from pipeline.portal.models import Bericht, Review, SentMail, Submission
from pipeline.reference import Reference, load_reference
from pipeline.report.files import report_html_path
from pipeline.report.render import is_locked_page
from pipeline.warehouse.connection import connect
from pipeline.warehouse.status import status_overview

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Verdicts and returns newer than this are notified (and retried after a failure); older ones are history.
RECENT = dt.timedelta(days=14)
FINDINGS_IN_MAIL = 10


def _deadline_text(deadline: dt.date | None) -> str:
    return f"{deadline:%d-%m-%Y}" if deadline else "(nog niet vastgelegd)"


# --- invitations -----------------------------------------------------------------------------------------------

def invitation(reference: Reference, zorgkantoor: str, peildatum: str) -> Notice:
    from pipeline.portal.views import _template_bytes  # the very file the portal's download serves

    deadline = reference.deadlines.get(peildatum)
    name = f"aanlevering-{slug(zorgkantoor)}-{peildatum}.xlsx"
    return Notice(
        key=invitation_key(zorgkantoor, peildatum), soort=Bericht.UITNODIGING, template="uitnodiging",
        subject=_invitation_subject(zorgkantoor, peildatum),
        recipients=mail.zorgkantoor_users(zorgkantoor), zorgkantoor=zorgkantoor, peildatum=peildatum,
        context={"zorgkantoor": zorgkantoor, "peildatum": periods.long_label(peildatum),
                 "deadline": _deadline_text(deadline), "bestand": name,
                 "aanleveren": mail.portal_url(reverse("portal:aanleveren"))},
        attachments=[(name, _template_bytes(reference, zorgkantoor, peildatum), XLSX)])


def invite(today: dt.date, peildatum: str | None = None) -> tuple[str | None, list[Outcome]]:
    """Invite every zorgkantoor for the peildatum (default: the one open today), each once."""
    reference = load_reference()
    peildatum = peildatum or opened_peildatum(reference, today)
    if peildatum is None:
        return None, []
    outcomes = []
    for holder in reference.concessiehouders:
        # The template is only built for a zorgkantoor that gets it (it reads the warehouse).
        if not mail.zorgkantoor_users(holder):
            outcomes.append(mail.Outcome(_unsent(holder, peildatum), "geen ontvangers", "geen actief account"))
        elif SentMail.objects.filter(key=invitation_key(holder, peildatum)).exists():
            outcomes.append(mail.Outcome(_unsent(holder, peildatum), "al verzonden"))
        else:
            outcomes.append(mail.send(invitation(reference, holder, peildatum)))
    return peildatum, outcomes


def invitation_key(zorgkantoor: str, peildatum: str) -> str:
    return f"uitnodiging:{peildatum}:{zorgkantoor}"


def _invitation_subject(zorgkantoor: str, peildatum: str) -> str:
    return f"uitnodiging aanlevering peildatum {periods.long_label(peildatum)} ({zorgkantoor})"


def _unsent(zorgkantoor: str, peildatum: str) -> Notice:
    """What an invitation that is not sent is called in the outcome."""
    return Notice(key=invitation_key(zorgkantoor, peildatum), soort=Bericht.UITNODIGING, template="uitnodiging",
                  subject=_invitation_subject(zorgkantoor, peildatum), recipients=[], zorgkantoor=zorgkantoor,
                  peildatum=peildatum)


# --- reminders -------------------------------------------------------------------------------------------------

def missing_zorgkantoren(warehouse_path: Path, reference: Reference, peildatum: str) -> list[str]:
    """The zorgkantoren without an accepted submission for the peildatum, as `wir-monitor status` counts them;
    without a warehouse (nothing ever processed) all of them."""
    if not warehouse_path.exists():
        return list(reference.concessiehouders)
    with connect(warehouse_path, read_only=True) as connection:
        overview = status_overview(connection, reference, peildatum)
    return [row.zorgkantoor for row in overview.itertuples(index=False) if row.geaccepteerd == 0]


def waiting_in_portal(peildatum: str) -> set[str]:
    """Zorgkantoren whose upload the portal accepted but no run has judged yet: they delivered, the status
    shows it after the next run; no reminder for them."""
    return set(Submission.objects.filter(peildatum=peildatum, pipeline_status="", status="geaccepteerd",
                                         handed_to_pipeline=True).values_list("zorgkantoor", flat=True))


def reminder(reference: Reference, zorgkantoor: str, peildatum: str, today: dt.date) -> Notice:
    deadline = reference.deadlines.get(peildatum)
    days = (deadline - today).days if deadline else None
    return Notice(
        key=f"herinnering:{peildatum}:{zorgkantoor}:{today.isoformat()}", soort=Bericht.HERINNERING,
        template="herinnering", recipients=mail.zorgkantoor_users(zorgkantoor), zorgkantoor=zorgkantoor,
        peildatum=peildatum,
        subject=f"herinnering: aanlevering peildatum {periods.long_label(peildatum)} uiterlijk "
                f"{_deadline_text(deadline)} ({zorgkantoor})",
        context={"zorgkantoor": zorgkantoor, "peildatum": periods.long_label(peildatum),
                 "deadline": _deadline_text(deadline), "dagen": days,
                 "aanleveren": mail.portal_url(reverse("portal:aanleveren")),
                 "template": mail.portal_url(reverse("portal:template", args=[peildatum]))})


def remind(today: dt.date, warehouse_path: Path, days: tuple[int, ...] | None = None
           ) -> tuple[str | None, list[Outcome]]:
    """On a reminder day of the open peildatum: a reminder to each zorgkantoor that is missing, once a day."""
    reference = load_reference()
    peildatum = reminder_peildatum(reference, today, reminder_days() if days is None else days)
    if peildatum is None:
        return None, []
    waiting = waiting_in_portal(peildatum)
    missing = [z for z in missing_zorgkantoren(warehouse_path, reference, peildatum) if z not in waiting]
    return peildatum, [mail.send(reminder(reference, holder, peildatum, today)) for holder in missing]


# --- notices after a run ---------------------------------------------------------------------------------------

def feedback_notice(record: Submission) -> Notice:
    verdict = record.verdict
    findings = list(record.findings.filter(ernst="fout")[:FINDINGS_IN_MAIL]) if verdict == "afgewezen" else []
    attachments = []
    for extension, mimetype in (("html", "text/html"), ("xlsx", XLSX)):
        path = intake.feedback_file(record, extension)
        if path is not None:
            attachments.append((f"terugkoppeling-{record.kenmerk}.{extension}", path.read_bytes(), mimetype))
    return Notice(
        key=f"terugkoppeling:{record.zorgkantoor}:{record.kenmerk}:{verdict}", soort=Bericht.TERUGKOPPELING,
        template="terugkoppeling", recipients=mail.zorgkantoor_users(record.zorgkantoor),
        zorgkantoor=record.zorgkantoor, peildatum=record.peildatum, kenmerk=record.kenmerk,
        subject=f"aanlevering {record.kenmerk} {verdict} ({record.zorgkantoor}, "
                f"peildatum {record.peildatum_label})",
        context={"s": record, "oordeel": verdict, "bevindingen": findings,
                 "meer": max(0, record.errors - len(findings)) if verdict == "afgewezen" else 0,
                 "pagina": mail.portal_url(reverse("portal:aanlevering", args=[record.kenmerk]))},
        attachments=attachments)


def return_notice(review: Review) -> Notice:
    record = review.submission
    return Notice(
        key=f"teruggestuurd:{review.pk}", soort=Bericht.TERUGGESTUURD, template="teruggestuurd",
        recipients=mail.zorgkantoor_users(record.zorgkantoor), zorgkantoor=record.zorgkantoor,
        peildatum=record.peildatum, kenmerk=record.kenmerk,
        subject=f"aanlevering {record.kenmerk} teruggestuurd ter correctie ({record.zorgkantoor})",
        context={"s": record, "review": review, "start": mail.portal_url(reverse("portal:start")),
                 "pagina": mail.portal_url(reverse("portal:aanlevering", args=[record.kenmerk]))})


def notify_return(review: Review) -> Outcome:
    """The return notice right away (from the analyst's page); a failure is retried by the next `meldingen`."""
    return mail.send(return_notice(review))


def approval_request(peildatum: str, html: Path) -> Notice:
    version = hashlib.sha256(html.read_bytes()).hexdigest()[:16]  # a new concept asks again, the same does not
    return Notice(
        key=f"goedkeuringsverzoek:{peildatum}:{version}", soort=Bericht.GOEDKEURINGSVERZOEK,
        template="goedkeuringsverzoek", recipients=mail.approvers(), peildatum=peildatum,
        subject=f"conceptrapportage peildatum {periods.long_label(peildatum)} ter goedkeuring",
        context={"peildatum": periods.long_label(peildatum), "versie": version,
                 "pagina": mail.portal_url(reverse("portal:rapport", args=[peildatum]))})


def concept_ready(reference: Reference, reports_dir: Path, today: dt.date) -> str | None:
    """The peildatum whose concept report awaits ZN: the latest whose deadline passed (the one the schedule
    `rapport_na_deadline` reports), its report written and not vastgesteld."""
    from assets.schedules import latest_passed_deadline  # the schedule's own rule (imported late: Dagster)

    peildatum = latest_passed_deadline(reference.deadlines, today)
    if peildatum is None:
        return None
    html = report_html_path(reports_dir, peildatum)
    return peildatum if html.is_file() and not is_locked_page(html) else None


def pending(warehouse_path: Path, reports_dir: Path, today: dt.date | None = None) -> list[Outcome]:
    """Every notice that is due after a run: verdicts, returns (again, if sending failed) and an approval
    request. The portal first reads the run's verdicts from the warehouse (if it is free)."""
    reference = load_reference()
    today = today or timezone.localdate()
    warehouse.refresh(warehouse_path, reference, force=True)
    since = timezone.now() - RECENT
    sent = set(SentMail.objects.filter(soort__in=[Bericht.TERUGKOPPELING, Bericht.TERUGGESTUURD])
               .values_list("key", flat=True))
    outcomes = []
    judged = Submission.objects.exclude(pipeline_status="").filter(
        pipeline_seen_at__gte=since, handed_to_pipeline=True).order_by("received_at")
    for record in judged:
        if f"terugkoppeling:{record.zorgkantoor}:{record.kenmerk}:{record.verdict}" not in sent:
            outcomes.append(mail.send(feedback_notice(record)))
    for review in Review.objects.filter(at__gte=since).select_related("submission").order_by("at"):
        if f"teruggestuurd:{review.pk}" not in sent:
            outcomes.append(notify_return(review))
    peildatum = concept_ready(reference, reports_dir, today)
    if peildatum is not None:
        outcomes.append(mail.send(approval_request(peildatum, report_html_path(reports_dir, peildatum))))
    return outcomes
