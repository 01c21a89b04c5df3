"""Sending one notice by e-mail: Dutch plain text with an HTML alternative, to the portal's own accounts.

Every notice has a key (SentMail.key): it is claimed in the database before sending, so a notice goes out once
however often the schedule, the sensor or the CLI asks; a failed send gives the claim back, so that the next
attempt tries again. A failing mail server never stops a run or a page: the failure is a Dutch warning in the
log and a line in the audit log. What is sent (or not) is in the audit log too.
"""

from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string

from pipeline.portal import audit
from pipeline.portal.models import Actie, Rol, SentMail, User

log = logging.getLogger(__name__)
SUBJECT_PREFIX = "WIR-monitor: "


@dataclass
class Notice:
    key: str  # what makes it the same notice: never sent twice
    soort: str  # Bericht
    template: str  # portal/mail/<template>.txt and .html
    subject: str
    recipients: list[User]
    context: dict = field(default_factory=dict)
    zorgkantoor: str = ""
    peildatum: str = ""
    kenmerk: str = ""
    attachments: list[tuple[str, bytes, str]] = field(default_factory=list)  # (name, content, mimetype)


@dataclass(frozen=True)
class Outcome:
    notice: Notice
    status: str  # verzonden | al verzonden | geen ontvangers | mislukt
    detail: str = ""

    @property
    def sent(self) -> bool:
        return self.status == "verzonden"

    def line(self) -> str:
        """One Dutch line for the CLI and the run's metadata."""
        who = self.notice.zorgkantoor or "ZN"
        text = f"{who}: {self.notice.subject} - {self.status}"
        return text + (f" ({self.detail})" if self.detail else "")


def zorgkantoor_users(zorgkantoor: str) -> list[User]:
    """The zorgkantoor's active portal accounts: their addresses are the recipients (never typed twice)."""
    return list(User.objects.filter(rol=Rol.ZORGKANTOOR, zorgkantoor=zorgkantoor, is_active=True)
                .exclude(email="").order_by("email"))


def approvers() -> list[User]:
    """ZN's readers with approval rights."""
    return list(User.objects.filter(rol=Rol.LEZER, mag_goedkeuren=True, is_active=True).exclude(email="")
                .order_by("email"))


def portal_url(path: str = "/") -> str:
    return f"{settings.WIR_PORTAL_URL}{path}"


def render(notice: Notice) -> EmailMultiAlternatives:
    context = {**notice.context, "portaal": portal_url()}
    text = render_to_string(f"portal/mail/{notice.template}.txt", context).strip() + "\n"
    html = render_to_string(f"portal/mail/{notice.template}.html", {**context, "onderwerp": notice.subject})
    message = EmailMultiAlternatives(SUBJECT_PREFIX + notice.subject, text,
                                     to=[user.email for user in notice.recipients])
    message.attach_alternative(html, "text/html")
    for name, content, mimetype in notice.attachments:
        message.attach(name, content, mimetype)
    return message


def send(notice: Notice) -> Outcome:
    """Send the notice once; never raises for a mail server's failure."""
    if not notice.recipients:
        return Outcome(notice, "geen ontvangers", "geen actief account in het portaal")
    addresses = ", ".join(user.email for user in notice.recipients)
    try:
        with transaction.atomic():
            claim = SentMail.objects.create(key=notice.key, soort=notice.soort, peildatum=notice.peildatum,
                                            zorgkantoor=notice.zorgkantoor, recipients=addresses,
                                            subject=notice.subject[:300])
    except IntegrityError:
        return Outcome(notice, "al verzonden")
    try:
        render(notice).send()
    except (smtplib.SMTPException, OSError) as error:
        claim.delete()  # not sent: the next attempt (schedule, sensor, CLI) tries again
        reason = _reason(error)
        log.warning("E-mail '%s' aan %s is niet verzonden: %s. Controleer de instellingen van de mailserver "
                    "(WIR_SMTP_HOST en verder, zie docs/analist.md); de volgende keer wordt het opnieuw "
                    "geprobeerd.", notice.subject, addresses, reason)
        audit.record(Actie.E_MAIL_MISLUKT, zorgkantoor=notice.zorgkantoor, kenmerk=notice.kenmerk,
                     detail=f"{notice.subject} (aan {addresses}): {reason}")
        return Outcome(notice, "mislukt", reason)
    # Sent by the monitor itself, not by an account: the recipients are in the detail.
    audit.record(Actie.E_MAIL, zorgkantoor=notice.zorgkantoor, kenmerk=notice.kenmerk,
                 detail=f"{claim.get_soort_display()}: {notice.subject} (aan {addresses})")
    return Outcome(notice, "verzonden")


def _reason(error: Exception) -> str:
    if isinstance(error, smtplib.SMTPResponseException):
        return f"de mailserver antwoordde {error.smtp_code} {error.smtp_error.decode(errors='replace')}"
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return "de mailserver weigerde de ontvangers"
    if isinstance(error, ConnectionRefusedError):
        return f"geen mailserver bereikbaar op {settings.EMAIL_HOST}:{settings.EMAIL_PORT}"
    if isinstance(error, TimeoutError):
        return f"de mailserver op {settings.EMAIL_HOST}:{settings.EMAIL_PORT} antwoordde niet op tijd"
    return f"{type(error).__name__}: {error}"
