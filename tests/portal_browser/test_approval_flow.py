"""ZN approves the concept report and team WIR vaststelt it, in a real browser against the real portal: the
approval (who, when, comment) in the vaststelling's provenance, on the page and in the rewritten report."""

from __future__ import annotations

import re

from tests.portal.conftest import corrected_book
from tests.portal_browser.test_flows import log_in, shoot
from tests.portal_browser.test_review_flows import _submit

APPROVED = re.compile(r"goedgekeurd door lezer@example\.nl \(ZN\) op \d{2}-\d{2}-\d{4} \d{2}:\d{2}: Akkoord, ZN\.")


def test_a_zn_reader_approves_and_the_analyst_vaststelt_with_the_approval_in_the_provenance(
        page, browser, portal, tmp_path, screenshots):
    _submit(browser, portal, corrected_book().write(tmp_path / "goed.xlsx"))
    portal.cli("run")
    log_in(page, "lezer@example.nl")
    page.get_by_role("navigation").get_by_role("link", name="Rapporten").click()
    assert "concept" in page.locator("main").inner_text()
    page.get_by_role("link", name=re.compile("oktober 2020")).first.click()
    assert "CONCEPT" in page.frame_locator("iframe.report").locator("body").inner_text()
    page.get_by_label("Toelichting").fill("Akkoord, ZN.")
    shoot(page, screenshots, "rapport-goedkeuren")
    page.get_by_role("button", name="Goedkeuren").click()
    page.wait_for_selector("text=Uw besluit is vastgelegd")
    page.context.clear_cookies()
    log_in(page, "analist@example.nl")
    page.goto("/rapporten/2020-10/")
    assert "ZN heeft het concept goedgekeurd" in page.locator("#vaststellen").inner_text()
    shoot(page, screenshots, "rapport-vaststellen")
    # vaststellen rewrites the report: longer than a click waits for the next page (the page says it is busy)
    page.get_by_role("button", name="Vaststellen").click(no_wait_after=True)
    page.wait_for_selector("text=is vastgesteld", timeout=180_000)
    assert APPROVED.search(page.locator("#stand").inner_text())
    assert APPROVED.search(page.locator("#besluiten li").first.inner_text())
    assert APPROVED.search(page.frame_locator("iframe.report").locator(".vaststelling").inner_text())
    assert page.get_by_role("button", name="Heropenen").is_visible()
    shoot(page, screenshots, "rapport-vastgesteld")
