"""Django's e-mail settings from the WIR_ environment variables (docs/analist.md, "E-mail").

Without WIR_SMTP_HOST nothing leaves the machine: every message is written as a file in the portal's folder
(Django's file backend), or printed (console backend) with WIR_MAIL_BACKEND=console. With WIR_SMTP_HOST the
messages go out over SMTP, with STARTTLS (WIR_SMTP_TLS=1) or implicit TLS (WIR_SMTP_SSL=1) and a login when
WIR_SMTP_USER is set.
"""

from __future__ import annotations

import os
from pathlib import Path

from pipeline.config import env_number

BACKENDS = {
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "bestand": "django.core.mail.backends.filebased.EmailBackend",
    "console": "django.core.mail.backends.console.EmailBackend",
}
DEFAULT_FROM = "WIR-monitor <wir-monitor@localhost>"
DEFAULT_PORTAL_URL = "http://127.0.0.1:8000"


def _flag(variable: str) -> bool:
    return os.environ.get(variable, "").strip().lower() in ("1", "ja", "true", "yes")


def mail_settings(portal_dir: Path) -> dict[str, object]:
    """The EMAIL_* settings and the portal's own address for links in the messages."""
    host = os.environ.get("WIR_SMTP_HOST", "").strip()
    kind = (os.environ.get("WIR_MAIL_BACKEND") or ("smtp" if host else "bestand")).strip().lower()
    if kind not in BACKENDS:
        raise RuntimeError(f"WIR_MAIL_BACKEND={kind} is onbekend; kies smtp, bestand of console.")
    if kind == "smtp" and not host:
        raise RuntimeError("WIR_MAIL_BACKEND=smtp vraagt om WIR_SMTP_HOST (de SMTP-server).")
    ssl, tls = _flag("WIR_SMTP_SSL"), _flag("WIR_SMTP_TLS")
    if ssl and tls:
        raise RuntimeError("Zet WIR_SMTP_TLS (STARTTLS) of WIR_SMTP_SSL (TLS vanaf het begin), niet allebei.")
    return {
        "EMAIL_BACKEND": BACKENDS[kind],
        "EMAIL_HOST": host or "localhost",
        "EMAIL_PORT": env_number("WIR_SMTP_PORT", 465 if ssl else 587 if tls else 25, whole=True, minimum=1),
        "EMAIL_HOST_USER": os.environ.get("WIR_SMTP_USER", ""),
        "EMAIL_HOST_PASSWORD": os.environ.get("WIR_SMTP_PASSWORD", ""),
        "EMAIL_USE_TLS": tls,
        "EMAIL_USE_SSL": ssl,
        # A server that does not answer must not hold up a run or a page for long (mail.py logs the failure).
        "EMAIL_TIMEOUT": env_number("WIR_SMTP_TIMEOUT", 20, minimum=1),
        "EMAIL_FILE_PATH": str(Path(os.environ.get("WIR_MAIL_DIR") or portal_dir / "e-mail")),
        "DEFAULT_FROM_EMAIL": os.environ.get("WIR_MAIL_FROM") or DEFAULT_FROM,
        "SERVER_EMAIL": os.environ.get("WIR_MAIL_FROM") or DEFAULT_FROM,
        "WIR_PORTAL_URL": (os.environ.get("WIR_PORTAL_URL") or DEFAULT_PORTAL_URL).rstrip("/"),
    }
