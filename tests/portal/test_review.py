"""Team WIR returns an accepted submission ter correctie: the comment and state stay with the submission, the
zorgkantoor sees them on its start page, and only an analyst can do it."""

from __future__ import annotations

import pytest

from pipeline.portal.models import Actie, AuditEvent, Submission

pytestmark = pytest.mark.django_db


def submit(account, path) -> Submission:
    with open(path, "rb") as handle:
        kenmerk = account.api().post("/api/v1/aanleveringen", {"bestand": handle}).json()["kenmerk"]
    return Submission.objects.get(kenmerk=kenmerk, zorgkantoor=account.user.zorgkantoor)


def test_an_analyst_returns_an_accepted_submission_and_the_zorgkantoor_sees_the_comment(
        folders, cz, analist, workbooks):
    good = submit(cz, workbooks["goed"])
    team = analist.client()
    assert good.kenmerk in team.get("/team/aanleveringen/").content.decode()
    comment = "Regio Zeeland: fase <b>3</b> lijkt te hoog.\nGraag controleren."
    response = team.post(f"/team/aanleveringen/{good.pk}/terugsturen/", {"toelichting": comment}, follow=True)
    assert "is teruggestuurd ter correctie" in response.content.decode()
    assert [(r.state, r.comment, r.by_email) for r in good.reviews.all()] == [
        ("teruggestuurd", comment, "analist@example.nl")]
    event = AuditEvent.objects.get(actie=Actie.TERUGGESTUURD)
    assert (event.zorgkantoor, event.kenmerk, event.email) == ("CZ", good.kenmerk, "analist@example.nl")
    # the zorgkantoor: on the submission's own page (any peildatum) with the history, escaped
    page = cz.client().get(f"/aanleveringen/{good.kenmerk}/").content.decode()
    assert "Teruggestuurd ter correctie" in page and "fase &lt;b&gt;3&lt;/b&gt; lijkt te hoog.<br>Graag" in page


def test_the_start_page_shows_the_return_of_the_open_peildatums_submission(folders, cz, analist, workbooks):
    import openpyxl
    from django.utils import timezone

    from pipeline import periods
    from pipeline.portal.deadline import open_peildatum
    from pipeline.reference import load_reference

    current = open_peildatum(load_reference(), timezone.localdate())
    book = openpyxl.load_workbook(workbooks["goed"])
    book["Aanlevering"]["B2"] = periods.month_end(current.key)
    path = folders.root / "open.xlsx"
    book.save(path)
    good = submit(cz, path)
    assert "teruggestuurd" not in cz.client().get("/").content.decode()
    analist.client().post(f"/team/aanleveringen/{good.pk}/terugsturen/", {"toelichting": "Graag corrigeren."})
    page = cz.client().get("/").content.decode()
    assert 'id="teruggestuurd"' in page and "Graag corrigeren." in page and "telt mee" in page


def test_only_accepted_submissions_with_a_comment_can_be_returned(folders, cz, analist, workbooks):
    faulty, good = submit(cz, workbooks["fout"]), submit(cz, workbooks["goed"])
    team = analist.client()
    for record, comment in ((faulty, "Graag corrigeren."), (good, "   ")):
        response = team.post(f"/team/aanleveringen/{record.pk}/terugsturen/", {"toelichting": comment}, follow=True)
        assert "alert error" in response.content.decode()
    assert not good.reviews.exists() and not faulty.reviews.exists()


def test_only_an_analyst_reaches_the_review_pages(folders, cz, vgz, workbooks):
    good = submit(cz, workbooks["goed"])
    for client in (cz.client(), vgz.client()):
        for url in ("/team/aanleveringen/", f"/team/aanleveringen/{good.pk}/"):
            assert client.get(url).status_code == 404
        assert client.post(f"/team/aanleveringen/{good.pk}/terugsturen/",
                           {"toelichting": "x"}).status_code == 404
    assert not good.reviews.exists()


def test_the_return_form_needs_its_csrf_token(folders, cz, analist, workbooks):
    from django.test import Client

    good = submit(cz, workbooks["goed"])
    client = Client(enforce_csrf_checks=True)
    client.force_login(analist.user, backend="django.contrib.auth.backends.ModelBackend")
    assert b'name="csrfmiddlewaretoken"' in client.get(f"/team/aanleveringen/{good.pk}/").content
    assert client.post(f"/team/aanleveringen/{good.pk}/terugsturen/", {"toelichting": "x"}).status_code == 403
    assert not good.reviews.exists()
