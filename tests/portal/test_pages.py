"""The zorgkantoor's pages: start page, template, upload and check, findings by sheet, history, audit log."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from pipeline import periods
from pipeline.portal.deadline import open_peildatum
from pipeline.portal.models import Actie, AuditEvent, Submission
from pipeline.reference import load_reference

pytestmark = pytest.mark.django_db


def upload(client, path, controle=False, **headers):
    data = {"bestand": SimpleUploadedFile("aanlevering.xlsx", path.read_bytes())}
    if controle:
        data["controle"] = "on"
    return client.post("/aanleveren/", data, **headers)


def test_open_peildatum_is_the_latest_reached_with_its_deadline():
    reference = load_reference()
    found = open_peildatum(reference, dt.date(2020, 11, 20))
    assert (found.key, found.deadline, found.days_left, found.late) == ("2020-10", dt.date(2020, 11, 30), 10, False)
    late = open_peildatum(reference, dt.date(2020, 12, 3))
    assert (late.key, late.days_late, late.late) == ("2020-10", 3, True)
    assert open_peildatum(reference, dt.date(2021, 3, 31)).key == "2021-03"


def test_start_page_shows_peildatum_deadline_days_and_own_state(folders, cz, workbooks):
    client = cz.client()
    current = open_peildatum(load_reference(), timezone.localdate())
    page = client.get("/").content.decode()
    assert f"Peildatum {periods.long_label(current.key)}" in page
    assert "nog niets aangeleverd" in page
    assert f'href="/template/{current.key}/"' in page
    # a submission for the open peildatum shows verdict and kenmerk
    book = openpyxl.load_workbook(workbooks["goed"])
    book["Aanlevering"]["B2"] = periods.month_end(current.key)
    path = folders.root / "open.xlsx"
    book.save(path)
    kenmerk = upload(client, path).url.rstrip("/").rsplit("/", 1)[-1]
    page = client.get("/").content.decode()
    assert kenmerk in page and "Geaccepteerd" in page and "nog niet verwerkt" in page


def test_template_download_is_the_zorgkantoors_workbook(folders, cz):
    response = cz.client().get("/template/2020-10/")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="aanlevering-cz-2020-10.xlsx"'
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)
                                             if response.streaming else response.content))
    assert book["Aanlevering"]["B1"].value == "CZ"
    assert cz.client().get("/template/1999-10/").status_code == 404
    assert AuditEvent.objects.filter(actie=Actie.DOWNLOAD, detail="aanlevertemplate 2020-10").exists()


def test_upload_shows_every_finding_grouped_by_sheet(folders, cz, workbooks):
    client = cz.client()
    response = upload(client, workbooks["fout"])
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "Afgewezen" in page
    assert page.index("<h3>Regio&#x27;s") < page.index("<h3>Projecten")
    assert "Bedoelt u &#x27;Fase 5: Strategische keuzes&#x27;?" in page
    assert "Bedoelt u &#x27;Afgerond en niet succesvol verlopen&#x27; of" in page


def test_the_corrected_file_is_accepted(folders, cz, workbooks):
    client = cz.client()
    upload(client, workbooks["fout"])
    page = client.get(upload(client, workbooks["goed"]).url).content.decode()
    assert "Geaccepteerd" in page and "Geen bevindingen" in page
    history = client.get("/aanleveringen/").content.decode()
    assert history.count('class="badge afgewezen"') == 1 and history.count('class="badge geaccepteerd"') == 1


def test_check_without_submitting_answers_with_the_findings_and_keeps_nothing(folders, cz, workbooks):
    response = upload(cz.client(), workbooks["fout"], controle=True, HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    html = response.json()["html"]
    assert "zou worden afgewezen" in html and "niet</strong> ingediend" in html and "Bedoelt u" in html
    assert not Submission.objects.exists() and not list(folders.raw.rglob("*"))
    assert AuditEvent.objects.filter(actie=Actie.CONTROLE).count() == 1


def test_feedback_downloads(folders, cz, workbooks):
    client = cz.client()
    kenmerk = upload(client, workbooks["fout"]).url.rstrip("/").rsplit("/", 1)[-1]
    xlsx = client.get(f"/aanleveringen/{kenmerk}/terugkoppeling.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    assert sheet["A1"].value == "Terugkoppeling aanlevering WIR-monitor"
    html = b"".join(client.get(f"/aanleveringen/{kenmerk}/terugkoppeling.html").streaming_content).decode()
    assert "Fase 5: Strategische keuzes" in html


def test_audit_log_records_logins_uploads_downloads_and_account_changes(folders, workbooks):
    from django.test import Client

    from pipeline.portal.accounts import add_user, new_token, set_password

    user = add_user("nieuw@example.nl", "zorgkantoor", "CZ")
    set_password(user, "een lang wachtwoord 42")
    new_token(user)
    client = Client()
    login = client.post("/inloggen/", {"username": "nieuw@example.nl", "password": "een lang wachtwoord 42"})
    assert login.status_code == 302
    kenmerk = upload(client, workbooks["goed"]).url.rstrip("/").rsplit("/", 1)[-1]
    client.get(f"/aanleveringen/{kenmerk}/terugkoppeling.xlsx")
    client.post("/uitloggen/")
    actions = list(AuditEvent.objects.order_by("id").values_list("actie", flat=True))
    assert actions == [Actie.ACCOUNT_AANGEMAAKT, Actie.WACHTWOORD, Actie.TOKEN, Actie.INLOGGEN, Actie.AANLEVERING,
                       Actie.DOWNLOAD, Actie.UITLOGGEN]
    assert AuditEvent.objects.get(actie=Actie.AANLEVERING).kenmerk == kenmerk


def test_analysts_read_the_audit_log_in_the_admin_and_zorgkantoren_cannot(folders, cz, analist):
    assert analist.client().get("/beheer/portal/auditevent/").status_code == 200
    assert cz.client().get("/beheer/portal/auditevent/").status_code == 302  # to the admin login
    assert analist.client().get("/aanleveren/").status_code == 404


def test_analysts_manage_accounts_in_the_admin(folders, analist):
    from pipeline.portal.models import User

    client = analist.client()
    assert client.get("/beheer/portal/user/add/").status_code == 200
    response = client.post("/beheer/portal/user/add/", {
        "email": "nieuw@vgz.nl", "naam": "Nieuw", "rol": "zorgkantoor", "zorgkantoor": "VGZ", "usable_password": "true",
        "password1": "een lang wachtwoord 42", "password2": "een lang wachtwoord 42"})
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(email="nieuw@vgz.nl")
    assert user.zorgkantoor == "VGZ" and user.password.startswith("argon2$")
    change = client.get(f"/beheer/portal/user/{user.pk}/change/").content.decode()
    assert 'name="password"' not in change  # the hash is shown read-only, never as a field
    refused = client.post("/beheer/portal/user/add/", {
        "email": "fout@vgz.nl", "rol": "zorgkantoor", "zorgkantoor": "Atlantis", "usable_password": "false"})
    assert refused.status_code == 200 and "Kies een van deze zorgkantoren" in refused.content.decode()
    assert AuditEvent.objects.filter(actie=Actie.ACCOUNT_AANGEMAAKT, email="nieuw@vgz.nl").exists()
