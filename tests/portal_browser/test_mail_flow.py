"""E-mail end to end: CZ delivers in the browser, `wir-monitor run` judges it and mails the verdict, and seven days
before the deadline `wir-monitor e-mail herinneren` (the job of the schedule `herinneringen_voor_deadline`) reaches
a real SMTP server on 127.0.0.1, configured by the WIR_SMTP_ variables, for exactly the zorgkantoren that are
missing; the analyst sees the sent reminder in the audit log."""

from __future__ import annotations

import dataclasses

from pipeline.reference import load_reference
from pipeline.warehouse.connection import connect
from pipeline.warehouse.status import status_overview
from tests.mail_server import mail_server
from tests.portal.conftest import corrected_book
from tests.portal_browser.conftest import ACCOUNTS
from tests.portal_browser.test_flows import log_in, shoot
from tests.portal_browser.test_review_flows import _submit


def test_a_reminder_reaches_the_local_smtp_server_for_exactly_the_missing_zorgkantoren(page, browser, portal, tmp_path,
                                                                                      screenshots):
    kenmerk = _submit(browser, portal, corrected_book().write(tmp_path / "goed.xlsx"))
    with mail_server() as server:
        mailing = dataclasses.replace(portal, environment={
            **portal.environment, "WIR_SMTP_HOST": "127.0.0.1", "WIR_SMTP_PORT": str(server.port),
            "WIR_SMTP_TIMEOUT": "10", "WIR_PORTAL_URL": portal.url, "WIR_MAIL_FROM": "Team WIR <wir@example.nl>",
            "WIR_HERINNERING_DAGEN": "7"})
        ran = mailing.cli("run")
        verdict = [m for m in server.take() if kenmerk in m.subject]
        assert [(m.recipients, m.subject.endswith("geaccepteerd (CZ, peildatum oktober 2020)")) for m in verdict] \
            == [(["cz@example.nl"], True)], ran
        assert str(verdict[0].message["From"]) == "Team WIR <wir@example.nl>"
        reminded_lines = mailing.cli("e-mail", "herinneren", "--datum", "2020-11-23")
        reminded = server.take()
    with connect(portal.root / "data" / "wh.duckdb", read_only=True) as connection:
        overview = status_overview(connection, load_reference(), "2020-10")  # what `wir-monitor status` shows
    missing = set(overview.loc[overview["geaccepteerd"] == 0, "zorgkantoor"])
    with_account = {zorgkantoor: email for email, (_, zorgkantoor) in ACCOUNTS.items() if zorgkantoor}
    assert "CZ" not in missing and "VGZ" in missing  # CZ just delivered; VGZ never did
    assert [m.recipients for m in reminded] == [[with_account[z]] for z in sorted(missing & set(with_account))]
    assert "1 e-mail(s) verzonden." in reminded_lines
    mail = reminded[0]
    assert "uiterlijk 30-11-2020 (VGZ)" in mail.subject and "nog 7 dagen" in mail.text
    assert f'href="{portal.url}/aanleveren/"' in mail.html
    # the analyst reads it in the audit log
    log_in(page, "analist@example.nl")
    page.goto("/beheer/portal/auditevent/?actie__exact=e_mail")
    log = page.locator("#result_list").inner_text()
    assert "herinnering voor de deadline" in log and "vgz@example.nl" in log and "(VGZ)" in log
    shoot(page, screenshots, "logboek-e-mail")
    page.get_by_role("link", name="Verzonden e-mails").click()
    sent = page.locator("#result_list").inner_text()
    assert "herinnering: aanlevering peildatum oktober 2020 uiterlijk 30-11-2020 (VGZ)\tvgz@example.nl" in sent
    shoot(page, screenshots, "verzonden-e-mails")
