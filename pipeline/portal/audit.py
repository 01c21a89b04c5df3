"""The audit log: logins, uploads, verdicts, downloads, reviews, approvals, vaststellen and heropenen, runs started
and account changes, each one line (AuditEvent)."""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from pipeline.portal.models import Actie, AuditEvent, Submission, User


def client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") if request is not None else None


def record(actie: str, request=None, user: User | None = None, email: str = "", zorgkantoor: str = "",
           kenmerk: str = "", detail: str = "", peildatum: str = "", bron: str | None = None) -> AuditEvent:
    """One line of the log. The peildatum of a line about a submission is the submission's, unless given."""
    if user is None and request is not None and getattr(request, "user", None) is not None \
            and request.user.is_authenticated:
        user = request.user
    zorgkantoor = zorgkantoor or (user.zorgkantoor if user else "")
    if kenmerk and not peildatum:
        found = Submission.objects.filter(kenmerk=kenmerk, **({"zorgkantoor": zorgkantoor} if zorgkantoor else {}))
        peildatum = found.values_list("peildatum", flat=True).first() or ""
    return AuditEvent.objects.create(
        user=user, email=email or (user.email if user else ""), actie=actie, zorgkantoor=zorgkantoor,
        kenmerk=kenmerk, peildatum=peildatum, detail=detail[:2000], ip=client_ip(request), bron=bron)


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    record(Actie.INLOGGEN, request, user)


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        record(Actie.UITLOGGEN, request, user)


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    record(Actie.INLOGGEN_MISLUKT, request, email=str(credentials.get("username") or credentials.get("email") or ""))


# Changes made in the admin or the CLI; a login only touches last_login and is logged above.
@receiver(post_save, sender=User)
def _account_saved(sender, instance: User, created: bool, update_fields=None, **kwargs):
    if update_fields is not None and (set(update_fields) <= {"last_login"} or set(update_fields) == {"password"}):
        return  # a login (logged above) or a password set through accounts.py (logged there)
    actie = Actie.ACCOUNT_AANGEMAAKT if created else Actie.ACCOUNT_GEWIJZIGD
    record(actie, user=instance, detail=f"rol {instance.rol}" + (f", {instance.zorgkantoor}"
                                                                   if instance.zorgkantoor else "")
           + ("" if instance.is_active else ", niet actief"))


@receiver(post_delete, sender=User)
def _account_deleted(sender, instance: User, **kwargs):
    AuditEvent.objects.create(user=None, email=instance.email, actie=Actie.ACCOUNT_VERWIJDERD,
                              zorgkantoor=instance.zorgkantoor)
