"""ZN approves the concept report in the portal and team WIR vaststelt it there, through the CLI's own code:
the approval (by whom, when) lands in the lock's provenance in the warehouse. The audit log has every
vaststelling and heropening once, from the portal or the CLI."""

from __future__ import annotations

import pytest

from pipeline import cli
from pipeline.portal import approval, warehouse
from pipeline.portal.models import Actie, AuditEvent, ReportDecision
from pipeline.reference import load_reference
from tests.conftest import make_project
from tests.portal.conftest import account

pytestmark = pytest.mark.django_db


def test_zn_approves_and_the_analyst_vaststelt_with_the_approval_in_the_provenance(
        folders, cz, analist, workbooks, monkeypatch):
    with open(workbooks["goed"], "rb") as handle:
        assert cz.api().post("/api/v1/aanleveringen", {"bestand": handle}).status_code == 201
    project = make_project(folders.root, monkeypatch)
    project.run()

    def sync() -> None:
        assert warehouse.refresh(folders.warehouse, load_reference(), force=True)

    def logged(actie: str) -> list[AuditEvent]:
        return list(AuditEvent.objects.filter(actie=actie, peildatum="2020-10").order_by("id"))

    run_cli = approval._run_cli

    def run_then_sync(command, **arguments):
        output = run_cli(command, **arguments)
        sync()
        return output

    lezer = account("zn@example.nl", "lezer")
    lezer.user.mag_goedkeuren = True
    lezer.user.save()
    reader, team = lezer.client(), analist.client()
    library = reader.get("/rapporten/").content.decode()
    assert "oktober 2020" in library and "concept" in library
    page = reader.get("/rapporten/2020-10/").content.decode()
    assert 'src="/rapporten/2020-10/bestand.html"' in page and 'id="goedkeuren"' in page
    assert "bestand.pdf" in page and "bestand.xlsx" in page
    shown = reader.get("/rapporten/2020-10/bestand.html")
    assert shown.status_code == 200 and shown["X-Frame-Options"] == "SAMEORIGIN"
    # without approval, vaststellen needs a reason
    answer = team.post("/rapporten/2020-10/vaststellen/", {"reden": ""}, follow=True).content.decode()
    assert "alleen met een reden" in answer
    # asking for changes needs a comment; then ZN approves
    answer = reader.post("/rapporten/2020-10/besluit/", {"besluit": "wijzigingen"}, follow=True).content.decode()
    assert "welke wijzigingen" in answer
    reader.post("/rapporten/2020-10/besluit/", {"besluit": "goedgekeurd", "toelichting": "Akkoord, ZN."})
    # a page's sync reads the warehouse while the command still rewrites the report: still one line in the log
    monkeypatch.setattr(approval, "_run_cli", run_then_sync)
    answer = team.post("/rapporten/2020-10/vaststellen/", {"reden": ""}, follow=True).content.decode()
    monkeypatch.setattr(approval, "_run_cli", run_cli)
    assert "is vastgesteld" in answer
    (reason,) = project.query("SELECT reason FROM period_locks WHERE peildatum = '2020-10'")["reason"]
    assert reason.startswith("goedgekeurd door zn@example.nl (ZN) op ") and reason.endswith(": Akkoord, ZN.")
    events = project.query("SELECT event, who, reason FROM period_events WHERE event = 'vastgesteld'")
    assert list(events.itertuples(index=False, name=None)) == [("vastgesteld", "analist@example.nl", reason)]
    assert [d.besluit for d in ReportDecision.objects.all()] == ["vastgesteld", "goedgekeurd"]
    assert {e.actie for e in AuditEvent.objects.all()} >= {Actie.GOEDKEURING, Actie.VASTGESTELD}
    assert set(AuditEvent.objects.filter(actie__in=[Actie.GOEDKEURING, Actie.VASTGESTELD]).values_list(
        "peildatum", flat=True)) == {"2020-10"}
    assert reason in reader.get("/rapporten/2020-10/").content.decode()  # the lock's reason: the approval
    page = reader.get("/rapporten/2020-10/").content.decode()
    assert "Vastgesteld: Vastgesteld op" in page and 'id="goedkeuren"' not in page
    # heropenen from the portal too, with its reason
    assert "weer een concept" in team.post("/rapporten/2020-10/heropenen/", {"reden": "Correctie CZ"},
                                           follow=True).content.decode()
    assert project.query("SELECT count(*) AS n FROM period_locks")["n"][0] == 0
    assert project.query("SELECT who, reason FROM period_events WHERE event = 'heropend'").values.tolist() == [
        ["analist@example.nl", "Correctie CZ"]]
    sync()  # the sync after the portal's own line: it copies nothing again
    assert [(e.email, e.user_id, bool(e.ip)) for e in logged(Actie.VASTGESTELD) + logged(Actie.HEROPEND)] == [
        ("analist@example.nl", analist.user.pk, True)] * 2

    # From the CLI: the portal copies it from the warehouse at its next sync, with who, when and why. (The
    # report the command rewrites is left out here: the portal's vaststellen above rewrote it.)
    monkeypatch.setattr(cli, "_report", lambda *args, **kwargs: None)
    monkeypatch.setenv("WIR_GEBRUIKER", "j.jansen")
    assert project.cli("vaststellen", "--peildatum", "2020-10", "--reden", "na overleg") == 0
    sync()
    line = logged(Actie.VASTGESTELD)[-1]
    happened_at = project.query("SELECT max(happened_at) AS t FROM period_events")["t"][0]
    assert (line.email, line.user, line.ip, line.bron is not None) == ("j.jansen", None, None, True)
    assert line.detail == "peildatum 2020-10: vastgesteld met wir-monitor vaststellen: na overleg"
    assert line.at.replace(tzinfo=None) == happened_at.to_pydatetime()  # when it happened (UTC)
    assert project.cli("heropenen", "--peildatum", "2020-10", "--reden", "tweede correctie") == 0
    sync()
    sync()
    assert [(e.email, e.detail) for e in logged(Actie.HEROPEND)][1:] == [
        ("j.jansen", "peildatum 2020-10: heropend met wir-monitor heropenen: tweede correctie")]
    assert len(logged(Actie.VASTGESTELD)) == len(logged(Actie.HEROPEND)) == 2
    page = team.get("/team/logboek/", {"actie": Actie.HEROPEND}).content.decode()
    assert "j.jansen" in page and "tweede correctie" in page


def test_a_zorgkantoor_or_a_lezer_without_rights_cannot_approve(folders, cz, analist):
    lezer = account("zn@example.nl", "lezer")
    folder = folders.reports / "2020-10"
    folder.mkdir(parents=True)
    (folder / "voortgangsrapportage-2020-10.html").write_text("<p>concept</p>")
    assert "Rapporten" in lezer.client().get("/").content.decode()
    for url in ("/rapporten/", "/rapporten/2020-10/", "/rapporten/2020-10/bestand.html"):
        assert cz.client().get(url).status_code == 404, url
    for url in ("besluit", "vaststellen", "heropenen"):
        assert cz.client().post(f"/rapporten/2020-10/{url}/", {"besluit": "goedgekeurd", "reden": "x"}
                                ).status_code == 404
    answer = lezer.client().post("/rapporten/2020-10/besluit/", {"besluit": "goedgekeurd"}, follow=True)
    assert "goedkeuringsrecht" in answer.content.decode()
    assert 'id="goedkeuren"' not in lezer.client().get("/rapporten/2020-10/").content.decode()
    assert "Alleen team WIR" in lezer.client().post("/rapporten/2020-10/vaststellen/", {"reden": "x"},
                                                    follow=True).content.decode()
    assert not ReportDecision.objects.exists()
    assert analist.client().get("/rapporten/2019-10/").status_code == 404

