"""The analyst's overview: the figures of `wir-monitor status` and the Datakwaliteit table from the same code, a
run started from the portal through Dagster (the CLI's own `run`), and a page that answers while a run holds the
warehouse."""

from __future__ import annotations

import fcntl
import time

import duckdb
import lxml.html
import pytest

from pipeline.portal import runs
from pipeline.portal.models import Actie, AuditEvent
from pipeline.reference import load_reference
from pipeline.tables.quality import quality_table
from pipeline.warehouse.lock import lock_path
from pipeline.warehouse.status import status_overview
from tests.conftest import make_project

pytestmark = pytest.mark.django_db


def _table(page: str, table_id: str) -> list[list[str]]:
    tree = lxml.html.fromstring(page)
    return [[cell.text_content().strip() for cell in row.findall("td")]
            for row in tree.get_element_by_id(table_id).findall("tbody/tr")]


def _wait_for_the_run(timeout: float = 300) -> runs.Started:
    deadline = time.monotonic() + timeout
    while (started := runs.latest_started()).running:
        assert time.monotonic() < deadline, started.output
        time.sleep(0.5)
    return started


def test_the_overview_shows_the_status_figures_and_starts_a_run_through_dagster(
        folders, cz, analist, workbooks, monkeypatch, settings):
    settings.WIR_DAGSTER_URL = "http://dagster.example:3000/"
    make_project(folders.root, monkeypatch)  # its own Dagster instance (DAGSTER_HOME) and working folder
    with open(workbooks["goed"], "rb") as handle:
        assert cz.api().post("/api/v1/aanleveringen", {"bestand": handle}).status_code == 201
    team = analist.client()
    before = team.get("/team/overzicht/?peildatum=2020-10").content.decode()
    assert "Nog niet verwerkt" in before
    # the run: started from the portal, through `wir-monitor run --peildatum`
    answer = team.post("/team/overzicht/2020-10/verwerken/", follow=True).content.decode()
    assert "is gestart" in answer
    assert "Er loopt al een verwerking" in team.post("/team/overzicht/2020-10/verwerken/", follow=True
                                                     ).content.decode()
    started = _wait_for_the_run()
    assert "Klaar: 1 peildata verwerkt" in started.output, started.output
    page = team.get("/team/overzicht/?peildatum=2020-10").content.decode()

    # the figures: status_overview and quality_table on the same warehouse
    reference = load_reference()
    with duckdb.connect(str(folders.warehouse), read_only=True) as connection:
        status = status_overview(connection, reference, "2020-10")
        quality = quality_table(connection, reference, "2020-10")
    shown = _table(page, "zorgkantoren")
    assert [row[0] for row in shown] == list(status["zorgkantoor"])
    for row, expected in zip(shown, status.itertuples(index=False), strict=True):
        assert row == [str(expected.zorgkantoor), str(expected.ontvangen), str(expected.geaccepteerd),
                       str(expected.afgewezen), expected.laatste_oordeel, str(expected.fouten),
                       str(expected.waarschuwingen), expected.tijdigheid, expected.in_gebruik_sinds, expected.regio_s]
    assert [(row[0], row[1], row[4:]) for row in _table(page, "datakwaliteit")] == [
        (r.label, r.values[0] or "", [str(v) for v in r.values[3:]]) for r in quality.rows]
    missing = lxml.html.fromstring(page).get_element_by_id("ontbreekt").text_content()
    assert [name.strip() for name in missing.split(",")] == [z for z in reference.concessiehouders if z != "CZ"]
    assert "1 van" in page and "Zeeland" in page

    # the run in the Dagster instance, linked to the Dagster UI
    from dagster import RunsFilter

    (record,) = runs.instance().get_run_records(RunsFilter(tags={"dagster/partition": "2020-10"}))
    run = record.dagster_run
    assert run.job_name == "verwerk_peildatum" and run.tags["dagster/partition"] == "2020-10"
    assert run.tags["wir-monitor/gestart-door"] == "analist@example.nl"
    (listed,) = _table(page, "runs")
    assert listed[:3] == [run.run_id[:8], "verwerk_peildatum", "geslaagd"] and listed[5] == "analist@example.nl"
    assert f'href="http://dagster.example:3000/runs/{run.run_id}"' in page
    assert AuditEvent.objects.filter(actie=Actie.VERWERKING, peildatum="2020-10", email="analist@example.nl"
                                     ).exists()
    assert AuditEvent.objects.filter(actie=Actie.OORDEEL, zorgkantoor="CZ", peildatum="2020-10").exists()

    # while a run holds the warehouse, the page answers at once, with what it read before
    with open(lock_path(folders.warehouse), "a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        moment = time.monotonic()
        busy = team.get("/team/overzicht/?peildatum=2020-10")
        assert busy.status_code == 200 and time.monotonic() - moment < 5
        assert _table(busy.content.decode(), "zorgkantoren") == shown


def test_only_team_wir_sees_the_overview_and_starts_runs(folders, cz, db):
    from tests.portal.conftest import account

    lezer = account("zn@example.nl", "lezer")
    for client in (cz.client(), lezer.client()):
        assert client.get("/team/overzicht/").status_code == 404
        assert client.post("/team/overzicht/2020-10/verwerken/").status_code == 404
        assert client.get("/team/logboek/").status_code == 404
        assert client.get("/team/logboek/logboek.xlsx").status_code == 404
    assert runs.latest_started() is None
