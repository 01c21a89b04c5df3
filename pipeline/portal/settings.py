"""Django settings of the portal: one module; production is chosen by WIR_PORTAL_PRODUCTION=1.

Locations follow pipeline.config (the portal's own database and files sit next to the warehouse);
production reads its secret, hosts and PostgreSQL database from the environment (deploy/README.md).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

from pipeline.config import Limits, Settings, env_number
from pipeline.portal.mail_settings import mail_settings

PRODUCTION = os.environ.get("WIR_PORTAL_PRODUCTION", "").strip().lower() in ("1", "ja", "true", "yes")
LOCATIONS = Settings.from_env()
# The portal's own folder: its database (the embedded default), uploads in progress, its feedback copies.
PORTAL_DIR = Path(os.environ.get("WIR_PORTAL_DIR") or LOCATIONS.warehouse.parent / "portaal")


def _required(variable: str) -> str:
    value = os.environ.get(variable, "").strip()
    if not value:
        raise RuntimeError(f"Zet {variable} voor het portaal in productie (zie deploy/README.md).")
    return value


DEBUG = False
# Outside production a key per process unless `wir-monitor portal` handed one over (kept in PORTAL_DIR).
SECRET_KEY = _required("WIR_PORTAL_SECRET_KEY") if PRODUCTION else \
    os.environ.get("WIR_PORTAL_SECRET_KEY") or secrets.token_urlsafe(50)
ALLOWED_HOSTS = [h.strip() for h in (_required("WIR_PORTAL_ALLOWED_HOSTS") if PRODUCTION else
                                     os.environ.get("WIR_PORTAL_ALLOWED_HOSTS", "127.0.0.1,localhost")).split(",")]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "csp",
    "pipeline.portal",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]
ROOT_URLCONF = "pipeline.portal.urls"
WSGI_APPLICATION = "pipeline.portal.wsgi.application"
TEMPLATES = [{
    "BACKEND": "django.template.backends.django.DjangoTemplates",
    "APP_DIRS": True,
    "OPTIONS": {"context_processors": [
        "django.template.context_processors.request",
        "django.contrib.auth.context_processors.auth",
        "django.contrib.messages.context_processors.messages",
    ]},
}]

DATABASES = {"default": dj_database_url.parse(os.environ["WIR_PORTAL_DATABASE_URL"], conn_max_age=60)
             if os.environ.get("WIR_PORTAL_DATABASE_URL") else
             {"ENGINE": "django.db.backends.sqlite3", "NAME": str(PORTAL_DIR / "portaal.sqlite3"),
              "OPTIONS": {"timeout": 5, "init_command": "PRAGMA journal_mode=WAL;"}}}
if PRODUCTION and "sqlite" in DATABASES["default"]["ENGINE"] and not os.environ.get("WIR_PORTAL_SQLITE_OK"):
    raise RuntimeError("Het portaal gebruikt in productie PostgreSQL: zet WIR_PORTAL_DATABASE_URL "
                       "(zie deploy/README.md).")

AUTH_USER_MODEL = "portal.User"
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "pipeline.portal.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "portal:inloggen"
LOGIN_REDIRECT_URL = "portal:start"
LOGOUT_REDIRECT_URL = "portal:inloggen"

# Lockout: after 5 failed logins for one account from one address, an hour's wait (or an analyst resets it).
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "portal/geblokkeerd.html"
AXES_USERNAME_FORM_FIELD = "username"  # the login form's field (Django's name for the e-mail address)
AXES_RESET_ON_SUCCESS = True
# The lockout counts by REMOTE_ADDR only (django-axes' default): behind a proxy, `wir-monitor portal` sets it to the
# client's address from the proxy's X-Forwarded-For (WIR_PORTAL_PROXIES), so a client cannot spoof it.

LANGUAGE_CODE = "nl"
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = PORTAL_DIR / "static" if PRODUCTION else None  # production: django-admin collectstatic
WHITENOISE_USE_FINDERS = True  # served straight from the app folder; collectstatic is optional

# Uploads: every file goes through the streaming handler (limit, hash, never in memory, never the client's name).
FILE_UPLOAD_HANDLERS = ["pipeline.portal.uploads.LimitedUploadHandler"]
UPLOAD_DIR = str(PORTAL_DIR / "ontvangst")  # made on first use
MAX_FILE_BYTES = int(Limits.from_env().max_file_mb * 2**20)
DATA_UPLOAD_MAX_MEMORY_SIZE = 64 * 1024  # the form's other fields
DATA_UPLOAD_MAX_NUMBER_FILES = 1

# A content-security policy without inline script or style; files shown as pages (feedback, report) relax style.
CONTENT_SECURITY_POLICY = {"DIRECTIVES": {
    "default-src": [SELF], "script-src": [SELF], "style-src": [SELF], "img-src": [SELF, "data:"],
    "object-src": [NONE], "base-uri": [SELF], "frame-ancestors": [NONE], "form-action": [SELF],
}}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 3600
if PRODUCTION:  # behind TLS: cookies only over HTTPS, HSTS, and HTTP redirected
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = os.environ.get("WIR_PORTAL_SSL_REDIRECT", "1") != "0"
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")  # set by the proxy (a client's own is dropped)
    CSRF_TRUSTED_ORIGINS = [f"https://{h}" for h in ALLOWED_HOSTS if h and h != "*"]

# How often a page may try to read the pipeline's verdicts from the warehouse (never waiting for it).
WIR_PORTAL_SYNC_SECONDS = env_number("WIR_PORTAL_SYNC_SECONDS", 10)
# The Dagster web interface, for the links to a run on the analyst's overview (`make dev` serves it here).
WIR_DAGSTER_URL = os.environ.get("WIR_DAGSTER_URL") or "http://127.0.0.1:3000"

# E-mail: SMTP from WIR_SMTP_HOST and the other mail variables, else Django's file backend (mail_settings.py).
globals().update(mail_settings(PORTAL_DIR))

LOGGING = {"version": 1, "disable_existing_loggers": False,
           "handlers": {"console": {"class": "logging.StreamHandler"}},
           "loggers": {"django": {"handlers": ["console"], "level": "WARNING"},
                       "axes": {"handlers": ["console"], "level": "WARNING"},
                       "pipeline.portal": {"handlers": ["console"], "level": "WARNING"}}}
