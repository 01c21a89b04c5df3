"""`wir-monitor portal` and `wir-monitor gebruiker toevoegen|wachtwoord|token` (spec/portaal.md)."""

from __future__ import annotations

import argparse
import getpass
import os
import secrets
import sys
from pathlib import Path

from pipeline.cli import CommandError as PortalCommandError
from pipeline.config import env_number

ROLES = ("zorgkantoor", "analist", "lezer")


def setup_django(migrate: bool = True) -> None:
    """Configure Django for the portal: its folder, a kept secret key outside production, the database."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pipeline.portal.settings")
    import django
    from django.conf import settings

    if not settings.configured or not getattr(settings, "_wir_ready", False):
        from pipeline.config import Settings

        folder = Path(os.environ.get("WIR_PORTAL_DIR") or Settings.from_env().warehouse.parent / "portaal")
        folder.mkdir(parents=True, exist_ok=True)
        if not os.environ.get("WIR_PORTAL_SECRET_KEY"):
            key_file = folder / "geheime-sleutel"
            if not key_file.exists():
                key_file.write_text(secrets.token_urlsafe(50))
                key_file.chmod(0o600)
            os.environ["WIR_PORTAL_SECRET_KEY"] = key_file.read_text().strip()
    django.setup()
    if migrate:
        from django.core.management import call_command

        call_command("migrate", interactive=False, verbosity=0)
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)  # Django's own messages (password rules) in Dutch here too


def command_portal(args: argparse.Namespace, settings) -> None:
    setup_django()
    import waitress
    from django.conf import settings as django_settings

    from pipeline.portal.wsgi import application

    print(f"Het portaal draait op http://{args.host}:{args.port}/ (stoppen: Ctrl+C).", flush=True)
    # waitress reads a request body before the application sees it: its limit is the upload limit plus the form.
    proxies = env_number("WIR_PORTAL_PROXIES", 0, whole=True)
    # Behind a reverse proxy on this machine: trust its X-Forwarded-For/-Proto, and only its (waitress drops a
    # client's own); the client's address becomes REMOTE_ADDR, which the lockout counts by.
    behind = {"trusted_proxy": "127.0.0.1", "trusted_proxy_count": proxies,
              "trusted_proxy_headers": "x-forwarded-for x-forwarded-proto"} if proxies else {}
    threads = env_number("WIR_PORTAL_THREADS", 8, whole=True, minimum=1)
    waitress.serve(application, host=args.host, port=args.port, threads=threads,
                   max_request_body_size=django_settings.MAX_FILE_BYTES + 2**20, ident="WIR-monitor",
                   _quiet=True, **behind)


def _user(email: str):
    from pipeline.portal.models import User

    user = User.objects.filter(email=email.strip().lower()).first()
    if user is None:
        raise PortalCommandError(f"Er is geen account met e-mailadres {email}. Maak het aan met "
                                 "'wir-monitor gebruiker toevoegen'.")
    return user


def command_toevoegen(args: argparse.Namespace, settings) -> None:
    setup_django()
    from django.core.exceptions import ValidationError

    from pipeline.portal.accounts import add_user

    try:
        user = add_user(args.email, args.rol, args.zorgkantoor, args.naam or "", args.goedkeuren)
    except (ValueError, ValidationError) as error:
        raise PortalCommandError(_text(error)) from error
    where = f" voor {user.zorgkantoor}" if user.zorgkantoor else ""
    print(f"Account {user.email} aangemaakt met de rol {user.rol}{where}. Stel het wachtwoord in met: "
          f"wir-monitor gebruiker wachtwoord --email {user.email}")


def command_wachtwoord(args: argparse.Namespace, settings) -> None:
    setup_django()
    from django.core.exceptions import ValidationError

    from pipeline.portal.accounts import set_password

    user = _user(args.email)
    if sys.stdin.isatty():
        password = getpass.getpass("Nieuw wachtwoord: ")
        if getpass.getpass("Nogmaals: ") != password:
            raise PortalCommandError("De twee wachtwoorden zijn niet gelijk; er is niets veranderd.")
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    try:
        set_password(user, password)
    except ValidationError as error:
        raise PortalCommandError(_text(error)) from error
    print(f"Wachtwoord van {user.email} ingesteld.")


def command_token(args: argparse.Namespace, settings) -> None:
    setup_django()
    from pipeline.portal.accounts import new_token

    user = _user(args.email)
    print(new_token(user))
    print(f"Dit is het nieuwe API-token van {user.email}; het vorige werkt niet meer. Het wordt niet bewaard: "
          "geef het veilig door.", file=sys.stderr)


def _text(error: Exception) -> str:
    messages = getattr(error, "messages", None)
    return " ".join(messages) if messages else str(error)


def add_commands(commands) -> None:
    """Add `portal` and `gebruiker` to the wir-monitor parser's sub-commands."""
    portal = commands.add_parser("portal", help="het portaal voor zorgkantoren starten")
    portal.add_argument("--host", default="127.0.0.1", help="adres om op te luisteren (standaard 127.0.0.1)")
    portal.add_argument("--port", type=int, default=8000, help="poort (standaard 8000)")
    portal.set_defaults(handler=command_portal)

    account = commands.add_parser("gebruiker", help="accounts van het portaal beheren")
    actions = account.add_subparsers(dest="actie", required=True, metavar="actie")
    add = actions.add_parser("toevoegen", help="een account aanmaken")
    add.add_argument("--email", required=True, help="e-mailadres (de inlognaam)")
    add.add_argument("--rol", required=True, choices=ROLES, help="zorgkantoor, analist of lezer")
    add.add_argument("--zorgkantoor", help="het zorgkantoor (alleen bij --rol zorgkantoor)")
    add.add_argument("--naam", help="naam van de gebruiker (optioneel)")
    add.add_argument("--goedkeuren", action="store_true",
                     help="alleen bij --rol lezer: mag de conceptrapportage goedkeuren of wijzigingen vragen")
    add.set_defaults(handler=command_toevoegen)
    password = actions.add_parser("wachtwoord", help="wachtwoord instellen (gelezen van standaardinvoer)")
    password.add_argument("--email", required=True, help="e-mailadres van het account")
    password.set_defaults(handler=command_wachtwoord)
    token = actions.add_parser("token", help="een nieuw API-token uitgeven (het vorige vervalt)")
    token.add_argument("--email", required=True, help="e-mailadres van het account")
    token.set_defaults(handler=command_token)
