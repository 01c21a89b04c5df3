"""Security: own zorgkantoor only (404 otherwise), another zorgkantoor's file refused, CSRF on every form,
upload limit while streaming, content sniffing, our own file names, lockout, CSP and production settings."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from pipeline.portal.models import Actie, AuditEvent, Submission
from tests.conftest import PROJECT_ROOT
from tests.portal.conftest import PASSWORD, account

pytestmark = pytest.mark.django_db
API = "/api/v1/aanleveringen"


def upload(client, path, name="aanlevering.xlsx", **headers):
    return client.post("/aanleveren/", {"bestand": SimpleUploadedFile(name, path.read_bytes())}, **headers)


def test_every_url_with_another_zorgkantoors_kenmerk_is_404(folders, cz, vgz, workbooks):
    kenmerk = upload(cz.client(), workbooks["fout"]).url.rstrip("/").rsplit("/", 1)[-1]
    own = cz.client()
    urls = [f"/aanleveringen/{kenmerk}/", f"/aanleveringen/{kenmerk}/terugkoppeling.html",
            f"/aanleveringen/{kenmerk}/terugkoppeling.xlsx"]
    for url in urls:
        assert own.get(url).status_code == 200, url
    other = vgz.client()
    for url in urls:
        response = other.get(url)
        assert response.status_code == 404, url
        assert kenmerk.encode() not in response.content
    assert other.get(f"{API}/{kenmerk}", HTTP_AUTHORIZATION=f"Token {vgz.token}").status_code == 404
    assert kenmerk.encode() not in other.get("/aanleveringen/").content
    assert kenmerk.encode() not in other.get("/").content


def test_a_file_naming_another_zorgkantoor_is_refused_and_not_handed_on(folders, cz, workbooks):
    response = cz.api().post(API, {"bestand": SimpleUploadedFile("x.xlsx", workbooks["vgz"].read_bytes())})
    body = response.json()
    assert response.status_code == 201 and body["status"] == "afgewezen"
    (item,) = [f for f in body["bevindingen"] if f["tabblad"] == "Aanlevering"]
    assert item["melding"] == "Dit bestand is van VGZ, maar u levert aan namens CZ; het is niet ingediend."
    assert (item["rij"], item["kolom"], item["waarde"]) == (1, "B", "VGZ")
    # archived (never lost), but not in the raw folder: the pipeline would take it in for VGZ
    assert not list(folders.raw.rglob("*"))
    assert len(list(folders.archive.rglob("*.xlsx"))) == 1
    assert Submission.objects.get().handed_to_pipeline is False


@pytest.mark.parametrize(("url", "data"), [
    ("/inloggen/", {"username": "cz@example.nl", "password": PASSWORD}),
    ("/uitloggen/", {}),
    ("/aanleveren/", {}),
])
def test_csrf_on_every_form(folders, url, data):
    user = account("cz@example.nl", "zorgkantoor", "CZ", password=True).user
    client = Client(enforce_csrf_checks=True)
    if url != "/inloggen/":
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    assert client.post(url, data).status_code == 403
    page = client.get("/inloggen/" if url == "/inloggen/" else "/aanleveren/")
    assert b'name="csrfmiddlewaretoken"' in page.content


def test_upload_size_is_limited_while_streaming(folders, cz, workbooks, settings):
    from pipeline.portal.uploads import LimitedUploadHandler

    settings.MAX_FILE_BYTES = 4096
    response = upload(cz.client(), workbooks["goed"], HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    assert response.status_code == 413 and "groter dan" in response.json()["melding"]
    assert not Submission.objects.exists()
    assert not [p for p in (folders.portal / "ontvangst").glob("*") if p.is_file()]
    # the handler stops at the first chunk past the limit, also when no length was declared
    handler = LimitedUploadHandler()
    handler.new_file("bestand", "x.xlsx", "application/octet-stream", None)
    handler.receive_data_chunk(b"PK\x03\x04" + b"0" * 4000, 0)
    from django.core.files.uploadhandler import StopUpload

    with pytest.raises(StopUpload):
        handler.receive_data_chunk(b"0" * 200, 4004)
    assert handler.too_large


def test_content_is_sniffed_not_the_name(folders, cz, workbooks):
    text = SimpleUploadedFile("aanlevering.xlsx", b"<html>geen werkmap</html>",
                              content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    refused = cz.client().post("/aanleveren/", {"bestand": text})
    assert refused.status_code == 415 and not Submission.objects.exists()
    accepted = upload(cz.client(), workbooks["goed"], name="gegevens.txt")
    assert accepted.status_code == 302
    assert Submission.objects.get().status == "geaccepteerd"


def test_nothing_is_stored_under_the_clients_name(folders, cz, workbooks):
    upload(cz.client(), workbooks["goed"], name="../../../etc/passwd.xlsx")
    record = Submission.objects.get()
    stored = [p for p in folders.root.rglob("*") if p.is_file()]
    assert not [p for p in stored if "passwd" in p.name or "etc" in p.parts]
    assert (folders.raw / "portaal" / "cz" / record.kenmerk / "portaal-cz.xlsx").exists()
    assert record.original_name == "passwd.xlsx"  # only shown back, escaped


def test_lockout_after_repeated_failed_logins(folders):
    account("cz@example.nl", "zorgkantoor", "CZ", password=True)
    client = Client()
    for _ in range(5):
        response = client.post("/inloggen/", {"username": "cz@example.nl", "password": "fout"})
    assert response.status_code in (200, 429)
    locked = client.post("/inloggen/", {"username": "cz@example.nl", "password": PASSWORD})
    assert locked.status_code == 429 and "geblokkeerd" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(actie=Actie.INLOGGEN_MISLUKT).count() >= 5


def test_passwords_are_argon2(folders):
    user = account("cz@example.nl", "zorgkantoor", "CZ", password=True).user
    assert user.password.startswith("argon2$")


def test_content_security_policy_has_no_inline_script(folders, cz):
    policy = cz.client().get("/aanleveren/")["Content-Security-Policy"]
    script = next(part for part in policy.split(";") if part.strip().startswith("script-src"))
    assert "'self'" in script and "unsafe-inline" not in script
    assert "object-src 'none'" in policy and "frame-ancestors 'none'" in policy
    page = cz.client().get("/aanleveren/").content.decode()
    assert "<script>" not in page and 'src="/static/portal/upload.js"' in page


def test_production_settings_pass_check_deploy(tmp_path):
    environment = {**os.environ, "WIR_PORTAL_PRODUCTION": "1", "WIR_PORTAL_SECRET_KEY": "k" * 20 + os.urandom(24).hex(),
                   "WIR_PORTAL_ALLOWED_HOSTS": "portaal.example.nl",
                   "WIR_PORTAL_DATABASE_URL": "postgres://wir:geheim@127.0.0.1:5432/wir_portaal",
                   "DJANGO_SETTINGS_MODULE": "pipeline.portal.settings", "WIR_PORTAL_DIR": str(tmp_path)}
    check = subprocess.run([sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
                           env=environment, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "no issues" in check.stdout
    shown = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings as s; print(s.SESSION_COOKIE_SECURE, "
         "s.SESSION_COOKIE_HTTPONLY, s.SESSION_COOKIE_SAMESITE, s.CSRF_COOKIE_SECURE, s.DEBUG)"],
        env=environment, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120)
    assert shown.stdout.split() == ["True", "True", "Lax", "True", "False"], shown.stderr


def test_production_refuses_to_start_without_its_secrets(tmp_path):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("WIR_PORTAL")}
    environment.update(WIR_PORTAL_PRODUCTION="1", DJANGO_SETTINGS_MODULE="pipeline.portal.settings")
    result = subprocess.run([sys.executable, "-m", "django", "check"], env=environment, cwd=PROJECT_ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0 and "WIR_PORTAL_SECRET_KEY" in result.stderr


def test_the_clients_file_name_is_shown_escaped(folders, cz, workbooks):
    upload(cz.client(), workbooks["goed"], name="<img src=x onerror=alert(1)>.xlsx")
    kenmerk = Submission.objects.get().kenmerk
    page = cz.client().get(f"/aanleveringen/{kenmerk}/").content.decode()
    assert "<img" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;.xlsx" in page
