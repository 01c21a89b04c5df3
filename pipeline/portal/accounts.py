"""Account changes from the CLI (the admin does the same through Django's forms); each one is audited."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from pipeline.portal import audit
from pipeline.portal.models import Actie, ApiToken, Rol, User
from pipeline.reference import load_reference


def add_user(email: str, rol: str, zorgkantoor: str | None = None, naam: str = "", goedkeuren: bool = False
             ) -> User:
    if User.objects.filter(email=email.strip().lower()).exists():
        raise ValueError(f"Er is al een account met e-mailadres {email}.")
    holder = ""
    if rol == Rol.ZORGKANTOOR:
        reference = load_reference()
        match = reference.resolve_zorgkantoor(zorgkantoor) if zorgkantoor else None
        if match is None:
            raise ValueError(f"Geef met --zorgkantoor een van deze zorgkantoren op: "
                             f"{', '.join(reference.concessiehouders)}.")
        holder = match.value
    elif zorgkantoor:
        raise ValueError("--zorgkantoor hoort alleen bij --rol zorgkantoor.")
    if goedkeuren and rol != Rol.LEZER:
        raise ValueError("--goedkeuren hoort alleen bij --rol lezer (ZN).")
    # Team WIR manages accounts and reads the audit log in the admin.
    staff = rol == Rol.ANALIST
    return User.objects.create_user(email, rol=rol, zorgkantoor=holder, naam=naam, is_staff=staff,
                                    is_superuser=staff, mag_goedkeuren=goedkeuren)


@transaction.atomic
def set_password(user: User, password: str) -> None:
    validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    audit.record(Actie.WACHTWOORD, user=user, detail="via de opdrachtregel")


@transaction.atomic
def new_token(user: User) -> str:
    key = ApiToken.issue(user)
    audit.record(Actie.TOKEN, user=user, detail="via de opdrachtregel; het vorige token vervalt")
    return key
