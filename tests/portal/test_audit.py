"""The audit log for team WIR: every action leaves a line, the page filters them, and the xlsx export holds the
filtered lines with submitted text as text, never a formula."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.test import Client
from django.utils import timezone

from pipeline.portal import approval
from pipeline.portal.models import Actie, AuditEvent, Besluit, Submission
from tests.portal.conftest import PASSWORD, account

pytestmark = pytest.mark.django_db
HOSTILE = '=HYPERLINK("http://example.com","klik")'


@pytest.fixture
def logged(folders, cz, analist, workbooks):
    """Actions of three roles: an upload, a return with a hostile comment, ZN's approval, a login and a new
    account (the CLI's)."""
    with open(workbooks["goed"], "rb") as handle:
        kenmerk = cz.api().post("/api/v1/aanleveringen", {"bestand": handle}).json()["kenmerk"]
    submission = Submission.objects.get(kenmerk=kenmerk)
    team = analist.client()
    team.post(f"/team/aanleveringen/{submission.pk}/terugsturen/", {"toelichting": HOSTILE})
    lezer = account("zn@example.nl", "lezer", password=True)
    lezer.user.mag_goedkeuren = True
    lezer.user.save()
    approval.decide("2020-10", lezer.user, Besluit.GOEDGEKEURD, "Akkoord")
    Client().post("/inloggen/", {"username": "zn@example.nl", "password": PASSWORD})
    return analist.client(), kenmerk


def _lines(client, **query) -> list[list[str]]:
    import lxml.html

    page = client.get("/team/logboek/", query).content.decode()
    table = lxml.html.fromstring(page).get_element_by_id("regels", None)
    return [] if table is None else [[c.text_content().strip() for c in r.findall("td")]
                                     for r in table.findall("tbody/tr")]


def test_every_action_leaves_a_line_with_its_peildatum(logged):
    _, kenmerk = logged
    kinds = {(e.actie, e.peildatum) for e in AuditEvent.objects.all()}
    assert {(Actie.AANLEVERING, "2020-10"), (Actie.TERUGGESTUURD, "2020-10"), (Actie.GOEDKEURING, "2020-10"),
            (Actie.ACCOUNT_AANGEMAAKT, ""), (Actie.INLOGGEN, ""), (Actie.TOKEN, "")} <= kinds
    upload = AuditEvent.objects.get(actie=Actie.AANLEVERING)
    assert (upload.email, upload.zorgkantoor, upload.kenmerk) == ("cz@example.nl", "CZ", kenmerk)


def test_the_log_filters_by_kind_user_zorgkantoor_peildatum_and_dates(logged):
    team, kenmerk = logged
    everything = _lines(team)
    assert len(everything) == AuditEvent.objects.count()
    returned = _lines(team, actie="teruggestuurd")
    assert [(r[1], r[2], r[3], r[4], r[5]) for r in returned] == [
        ("aanlevering teruggestuurd ter correctie", "analist@example.nl", "CZ", "2020-10", kenmerk)]
    assert HOSTILE in returned[0][6]
    assert {r[2] for r in _lines(team, gebruiker="zn@")} == {"zn@example.nl"}
    assert {r[3] for r in _lines(team, zorgkantoor="CZ")} == {"CZ"}
    assert {r[1] for r in _lines(team, peildatum="2020-10")} == {
        "aanlevering ontvangen", "aanlevering teruggestuurd ter correctie", "besluit over de conceptrapportage",
        "e-mail verzonden"}  # the notice of the return
    today = timezone.localdate()
    assert len(_lines(team, van=today.isoformat(), tot=today.isoformat())) == len(everything)
    assert _lines(team, van=(today + dt.timedelta(days=1)).isoformat()) == []
    assert _lines(team, tot=(today - dt.timedelta(days=1)).isoformat()) == []
    wrong = team.get("/team/logboek/", {"peildatum": "oktober"}).content.decode()
    assert "Geef de peildatum als JJJJ-MM" in wrong and 'id="regels"' not in wrong


def test_the_export_holds_the_filtered_lines_as_text(logged):
    team, kenmerk = logged
    answer = team.get("/team/logboek/logboek.xlsx", {"zorgkantoor": "CZ"})
    assert answer.status_code == 200 and answer["Content-Disposition"].startswith('attachment; filename="logboek-')
    sheet = openpyxl.load_workbook(io.BytesIO(answer.content))["Logboek"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Tijdstip", "Actie", "Gebruiker", "Zorgkantoor", "Peildatum", "Kenmerk", "Toelichting",
                       "IP-adres")
    expected = AuditEvent.objects.filter(zorgkantoor="CZ")
    assert len(rows) - 1 == expected.count() and {r[3] for r in rows[1:]} == {"CZ"}
    assert isinstance(rows[1][0], dt.datetime)
    (returned,) = [r for r in rows[1:] if r[1] == "aanlevering teruggestuurd ter correctie"]
    assert returned[2:6] == ("analist@example.nl", "CZ", "2020-10", kenmerk) and returned[6] == HOSTILE
    cell = next(c for c in sheet["G"] if c.value == HOSTILE)
    assert cell.data_type == "s" and cell.quotePrefix  # text, never a formula
    assert AuditEvent.objects.filter(actie=Actie.DOWNLOAD, detail__startswith="logboek (xlsx)").exists()
