"""E-mail from the portal, received by a real SMTP server on 127.0.0.1: a returned submission, a failing mail server,
and after a real run the invitations, the verdicts, the approval request and the reminders, started the way the
Dagster schedules and the sensor start them."""

from __future__ import annotations

import datetime as dt
import io
import logging
import shutil

import dagster as dg
import openpyxl
import pytest

from assets.mail import herinneringen_voor_deadline, meldingen_na_verwerking, uitnodigingen_bij_opening
from pipeline.config import Settings
from pipeline.definitions import build_definitions
from pipeline.portal import notices
from pipeline.portal.accounts import add_user
from pipeline.portal.mail_settings import mail_settings
from pipeline.portal.mail_timing import reminder_days
from pipeline.portal.models import Actie, AuditEvent, SentMail, Submission
from tests.mail_server import free_port, mail_server
from tests.portal.conftest import account

pytestmark = pytest.mark.django_db
AMSTERDAM = dt.timezone(dt.timedelta(hours=1))  # November: winter time
PRINTED = {"progress_report_pdf", "progress_report_docx", "zorgkantoor_reports"}


@pytest.fixture(scope="module")
def server():
    with mail_server() as running:
        yield running


@pytest.fixture
def smtp(server, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", server.port, 5
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.WIR_PORTAL_URL = "https://portaal.example.nl"
    server.take()
    server.refuse = False
    return server


def submit(account, path) -> Submission:
    with open(path, "rb") as handle:
        kenmerk = account.api().post("/api/v1/aanleveringen", {"bestand": handle}).json()["kenmerk"]
    return Submission.objects.get(kenmerk=kenmerk, zorgkantoor=account.user.zorgkantoor)


def test_a_returned_submission_reaches_every_account_of_its_zorgkantoor_escaped(folders, cz, vgz, analist, workbooks,
                                                                                smtp):
    account("cz-2@example.nl", "zorgkantoor", "CZ")
    good = submit(cz, workbooks["goed"])
    comment = 'Regio Zeeland: fase <b>3</b> & "hoger" dan vorig jaar.'
    response = analist.client().post(f"/team/aanleveringen/{good.pk}/terugsturen/", {"toelichting": comment})
    assert response.status_code == 302
    [mail] = smtp.take()
    assert mail.recipients == ["cz-2@example.nl", "cz@example.nl"]  # the accounts' own addresses, not VGZ's
    assert mail.subject == f"WIR-monitor: aanlevering {good.kenmerk} teruggestuurd ter correctie (CZ)"
    assert comment in mail.text and "telt mee tot u een gecorrigeerde versie aanlevert" in mail.text
    assert "fase &lt;b&gt;3&lt;/b&gt; &amp; &quot;hoger&quot;" in mail.html and "<b>3</b>" not in mail.html
    assert f'href="https://portaal.example.nl/aanleveringen/{good.kenmerk}/"' in mail.html
    event = AuditEvent.objects.get(actie=Actie.E_MAIL)
    assert event.zorgkantoor == "CZ" and event.kenmerk == good.kenmerk and "cz-2@example.nl" in event.detail
    # asked again (the notices after a run retry what failed): not sent twice
    assert notices.pending(folders.warehouse, folders.reports) == []
    assert smtp.take() == []


def test_a_failing_mail_server_breaks_no_page_and_the_notice_is_retried(folders, cz, analist, workbooks, smtp,
                                                                        settings, caplog):
    good = submit(cz, workbooks["goed"])
    team = analist.client()
    smtp.refuse = True
    with caplog.at_level(logging.WARNING, logger="pipeline.portal.mail"):
        response = team.post(f"/team/aanleveringen/{good.pk}/terugsturen/", {"toelichting": "Eerste keer."},
                             follow=True)
        assert "is teruggestuurd ter correctie" in response.content.decode()
        settings.EMAIL_PORT = free_port()  # nothing listens there
        response = team.post(f"/team/aanleveringen/{good.pk}/terugsturen/", {"toelichting": "Tweede keer."},
                             follow=True)
        assert "is teruggestuurd ter correctie" in response.content.decode()
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 2 and all("is niet verzonden" in w and "WIR_SMTP_HOST" in w for w in warnings)
    assert "554" in warnings[0] and "geen mailserver bereikbaar op 127.0.0.1" in warnings[1]
    assert AuditEvent.objects.filter(actie=Actie.E_MAIL_MISLUKT).count() == 2
    assert not SentMail.objects.exists() and smtp.take() == []
    # the notices job after a run while the server still refuses: the job succeeds, with a warning per message
    with dg.DagsterInstance.ephemeral() as instance:
        result = build_definitions(Settings.from_env(folders.root)).resolve_job_def("verstuur_meldingen") \
            .execute_in_process(instance=instance, run_config={"ops": {"meldingen": {"config": {"datum": ""}}}})
        logged = [e.message for e in instance.all_logs(result.run_id) if e.level == logging.WARNING]
    assert result.success and [line.rsplit(" - ", 1)[1][:7] for line in result.output_for_node("meldingen")] == [
        "mislukt", "mislukt"]
    assert len([m for m in logged if m.startswith("Niet verzonden: CZ: aanlevering")]) == 2
    # the server is back: the next notices (after a run, or `wir-monitor e-mail meldingen`) send both
    settings.EMAIL_PORT = smtp.port
    smtp.refuse = False
    outcomes = notices.pending(folders.warehouse, folders.reports)
    assert [o.status for o in outcomes] == ["verzonden", "verzonden"]
    assert ["Eerste keer." in m.text or "Tweede keer." in m.text for m in smtp.take()] == [True, True]


def test_after_a_real_run_invitations_verdicts_approval_request_and_reminders_reach_exactly_their_recipients(
        folders, cz, vgz, analist, workbooks, smtp, monkeypatch):
    for email, holder in (("zk@example.nl", "Zilveren Kruis"), ("menzis@example.nl", "Menzis")):
        account(email, "zorgkantoor", holder)
    add_user("zn-goedkeurder@example.nl", "lezer", goedkeuren=True)
    add_user("zn-lezer@example.nl", "lezer")  # reads, does not approve: no request
    # CZ uploads a faulty and a corrected file in the portal; VGZ's file was e-mailed and put in raw/ by team WIR
    faulty, good = submit(cz, workbooks["fout"]), submit(cz, workbooks["goed"])
    (folders.raw / "vgz").mkdir(parents=True)
    shutil.copy(workbooks["vgz"], folders.raw / "vgz" / "vgz-2020-10.xlsx")
    monkeypatch.delenv("WIR_HERINNERING_DAGEN", raising=False)
    definitions = build_definitions(Settings.from_env(folders.root))

    portaal = definitions.resources["portaal"]

    with dg.DagsterInstance.ephemeral() as instance:
        # The pipeline's own jobs, as `wir-monitor run` runs them, without printing the report as PDF and Word
        definitions.resolve_job_def("archiveer_aanleveringen").execute_in_process(instance=instance)
        graph = definitions.resolve_asset_graph()
        processed = definitions.resolve_job_def("verwerk_peildatum").execute_in_process(
            instance=instance, partition_key="2020-10", asset_selection=[
                key for key in graph.get_all_asset_keys() if graph.get(key).partitions_def is not None
                and key.to_user_string() not in PRINTED])

        def run(schedule_or_job, day: dt.datetime | None = None, run_config: dict | None = None) -> list[str]:
            if day is not None:
                request = schedule_or_job(dg.build_schedule_context(
                    instance=instance, scheduled_execution_time=day, resources={"portaal": portaal}))
                if isinstance(request, dg.SkipReason):
                    return [request.skip_message]
                job = definitions.resolve_job_def(schedule_or_job.job_name)
                run_config = request.run_config
            else:
                job = definitions.resolve_job_def(schedule_or_job)
            result = job.execute_in_process(instance=instance, run_config=run_config)
            return result.output_for_node(job.nodes[0].name)

        # 1. The peildatum opened (October ended): every zorgkantoor with accounts is invited, with its template
        lines = run(uitnodigingen_bij_opening, dt.datetime(2020, 11, 2, 8, tzinfo=AMSTERDAM))
        invited = smtp.take()
        assert [m.recipients for m in invited] == [["cz@example.nl"], ["menzis@example.nl"], ["vgz@example.nl"],
                                                  ["zk@example.nl"]]
        assert sum("geen ontvangers" in line for line in lines) == 3  # DSW, ENO, Zorg en Zekerheid: no accounts
        cz_mail = invited[0]
        assert "uiterlijk op 30-11-2020" in cz_mail.text and "oktober 2020" in cz_mail.subject
        template = openpyxl.load_workbook(io.BytesIO(cz_mail.attachments()["aanlevering-cz-2020-10.xlsx"]))
        assert "Zeeland" in {row[0] for row in template["Regio's"].iter_rows(values_only=True)}  # prefilled
        assert "<" not in cz_mail.text and "<a href=" in cz_mail.html
        _, again = notices.invite(dt.date(2020, 11, 3))  # a later day: each zorgkantoor was invited once
        assert sorted(o.status for o in again) == ["al verzonden"] * 4 + ["geen ontvangers"] * 3
        assert smtp.take() == []

        # 2. After the run (the sensor starts verstuur_meldingen): each verdict to its zorgkantoor, the concept
        #    report (its deadline passed) to ZN's approvers only
        request = meldingen_na_verwerking(dg.build_run_status_sensor_context(
            sensor_name="meldingen_na_verwerking", dagster_event=processed.get_run_success_event(),
            dagster_instance=instance, dagster_run=processed.dagster_run,
            resources={"portaal": portaal}))
        assert request.run_key == f"meldingen-{processed.run_id}"
        assert meldingen_na_verwerking.job_name == "verstuur_meldingen"
        run("verstuur_meldingen", run_config={"ops": {"meldingen": {"config": {"datum": "2020-12-01"}}}})
        after_run = smtp.take()
        by_subject = {m.subject: m for m in after_run}
        assert sorted((m.recipients[0], m.subject.split(" (")[0]) for m in after_run) == sorted([
            ("cz@example.nl", f"WIR-monitor: aanlevering {faulty.kenmerk} afgewezen"),
            ("cz@example.nl", f"WIR-monitor: aanlevering {good.kenmerk} geaccepteerd"),
            ("vgz@example.nl", f"WIR-monitor: aanlevering {Submission.objects.get(zorgkantoor='VGZ').kenmerk} "
                               "geaccepteerd"),
            ("zn-goedkeurder@example.nl", "WIR-monitor: conceptrapportage peildatum oktober 2020 ter goedkeuring"),
        ])
        rejected = next(m for s, m in by_subject.items() if faulty.kenmerk in s)
        assert "Afgerond" in rejected.text and "Wat te doen:" in rejected.text
        assert set(rejected.attachments()) == {f"terugkoppeling-{faulty.kenmerk}.html",
                                               f"terugkoppeling-{faulty.kenmerk}.xlsx"}
        again = run("verstuur_meldingen", run_config={"ops": {"meldingen": {"config": {"datum": "2020-12-01"}}}})
        assert [line.rsplit(" - ", 1)[1] for line in again] == ["al verzonden"] and smtp.take() == []

        # 3. Seven days before the deadline of 30-11-2020: a reminder to exactly the zorgkantoren without an
        #    accepted submission (as `wir-monitor status` counts them) that have accounts
        assert reminder_days() == (7,)
        assert "geen herinneringsdag" in run(herinneringen_voor_deadline, dt.datetime(2020, 11, 22, 8,
                                                                                     tzinfo=AMSTERDAM))[0]
        lines = run(herinneringen_voor_deadline, dt.datetime(2020, 11, 23, 8, tzinfo=AMSTERDAM))
        reminded = smtp.take()
        assert [m.recipients for m in reminded] == [["menzis@example.nl"], ["zk@example.nl"]]
        assert all("nog 7 dagen" in m.text and "uiterlijk 30-11-2020" in m.subject for m in reminded)
        assert {line.split(":")[0] for line in lines} == {"Menzis", "Zilveren Kruis", "DSW", "ENO",
                                                          "Zorg en Zekerheid"}
        run(herinneringen_voor_deadline, dt.datetime(2020, 11, 23, 9, tzinfo=AMSTERDAM))  # the same day again
        assert smtp.take() == []
    assert AuditEvent.objects.filter(actie=Actie.E_MAIL).count() == 4 + 4 + 2


def test_the_mail_settings_come_from_the_environment(monkeypatch, tmp_path):
    for variable in ("WIR_SMTP_HOST", "WIR_MAIL_BACKEND", "WIR_SMTP_TLS", "WIR_SMTP_SSL", "WIR_SMTP_PORT"):
        monkeypatch.delenv(variable, raising=False)
    default = mail_settings(tmp_path)
    assert default["EMAIL_BACKEND"].endswith("filebased.EmailBackend")
    assert default["EMAIL_FILE_PATH"] == str(tmp_path / "e-mail")
    monkeypatch.setenv("WIR_SMTP_HOST", "smtp.example.nl")
    monkeypatch.setenv("WIR_SMTP_TLS", "1")
    monkeypatch.setenv("WIR_SMTP_USER", "wir")
    monkeypatch.setenv("WIR_SMTP_PASSWORD", "geheim")
    monkeypatch.setenv("WIR_MAIL_FROM", "Team WIR <wir@example.nl>")
    smtp = mail_settings(tmp_path)
    assert (smtp["EMAIL_BACKEND"], smtp["EMAIL_HOST"], smtp["EMAIL_PORT"], smtp["EMAIL_USE_TLS"],
            smtp["EMAIL_HOST_USER"], smtp["EMAIL_HOST_PASSWORD"], smtp["DEFAULT_FROM_EMAIL"]) == (
        "django.core.mail.backends.smtp.EmailBackend", "smtp.example.nl", 587, True, "wir", "geheim",
        "Team WIR <wir@example.nl>")
    monkeypatch.setenv("WIR_SMTP_SSL", "1")
    with pytest.raises(RuntimeError, match="niet allebei"):
        mail_settings(tmp_path)
    monkeypatch.setenv("WIR_HERINNERING_DAGEN", "14, 7,1")
    assert reminder_days() == (14, 7, 1)
    monkeypatch.setenv("WIR_HERINNERING_DAGEN", "een week")
    with pytest.raises(ValueError, match="geen lijst van aantallen dagen"):
        reminder_days()
