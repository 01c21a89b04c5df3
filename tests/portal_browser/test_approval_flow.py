"""ZN approves the concept report and team WIR vaststelt it, in a real browser against the real portal: the
approval (who, when, comment) in the vaststelling's provenance, on the page and in the rewritten report."""

from __future__ import annotations

import io
import re

import openpyxl

from tests.portal.conftest import corrected_book
from tests.portal_browser.conftest import picture
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
    picture(page, "portaal-rapport-lezer")
    page.get_by_label("Toelichting").fill("Akkoord, ZN.")
    shoot(page, screenshots, "rapport-goedkeuren")
    picture(page.locator("#goedkeuren"), "portaal-goedkeuren")
    page.get_by_role("button", name="Goedkeuren").click()
    page.wait_for_selector("text=Uw besluit is vastgelegd")
    page.context.clear_cookies()
    log_in(page, "analist@example.nl")
    page.goto("/rapporten/2020-10/")
    assert "ZN heeft het concept goedgekeurd" in page.locator("#vaststellen").inner_text()
    shoot(page, screenshots, "rapport-vaststellen")
    picture(page.locator("#vaststellen"), "portaal-vaststellen")
    # vaststellen rewrites the report: longer than a click waits for the next page (the page says it is busy)
    page.get_by_role("button", name="Vaststellen").click(no_wait_after=True)
    page.wait_for_selector("text=is vastgesteld", timeout=180_000)
    assert APPROVED.search(page.locator("#stand").inner_text())
    assert APPROVED.search(page.locator("#besluiten li").first.inner_text())
    assert APPROVED.search(page.frame_locator("iframe.report").locator(".vaststelling").inner_text())
    assert page.get_by_role("button", name="Heropenen").is_visible()
    assert not re.search(r"\{[#%]", page.locator("main").inner_text())  # no template syntax shown as text
    shoot(page, screenshots, "rapport-vastgesteld")
    page.evaluate("window.scrollTo(0, 0)")
    picture(page, "portaal-vastgesteld")
    picture(page.locator("#besluiten"), "portaal-herkomst")


def test_the_analyst_follows_the_peildatum_starts_a_run_and_exports_the_log(page, browser, portal, tmp_path,
                                                                            screenshots):
    if not (portal.root / "data" / "wh.duckdb").exists():  # this test alone: CZ delivers and a run processes it
        _submit(browser, portal, corrected_book().write(tmp_path / "goed.xlsx"))
        portal.cli("run")
    log_in(page, "analist@example.nl")
    page.get_by_role("navigation").get_by_role("link", name="Overzicht").click()
    page.get_by_label("Peildatum").select_option("2020-10")
    page.get_by_role("button", name="Toon").click()
    cz = page.locator("#zorgkantoren tbody tr", has_text="CZ").first
    assert "geaccepteerd" in cz.inner_text()
    assert "CZ" not in page.locator("#ontbreekt").inner_text() and "VGZ" in page.locator("#ontbreekt").inner_text()
    assert "verwerk_peildatum" in page.locator("#runs").inner_text()
    assert page.locator("#runs a").first.get_attribute("href").startswith("http://127.0.0.1:3000/runs/")
    shoot(page, screenshots, "team-overzicht")
    picture(page, "portaal-overzicht")
    holder = page.locator("details.holder", has=page.locator("summary strong", has_text="CZ"))
    holder.locator("summary").click()
    assert "Zeeland" in holder.inner_text() and "Laatste aanlevering" in holder.inner_text()
    picture(holder, "portaal-overzicht-zorgkantoor")
    page.get_by_role("button", name="Verwerking starten").click()
    assert "is gestart" in page.locator(".alert").inner_text()
    for _ in range(240):
        if "klaar." in page.locator("#verwerking").inner_text():
            break
        page.wait_for_timeout(500)
        page.reload()
    output = page.locator("#uitvoer").inner_text()
    # the CLI's own words: processed again (after vaststellen the lock changed), or nothing changed since
    assert "Klaar: 1 peildata verwerkt" in output or "Niets veranderd" in output, output
    if "Klaar:" in output:
        assert "analist@example.nl" in page.locator("#runs tbody tr").first.inner_text()
    shoot(page, screenshots, "team-verwerking")
    picture(page.locator("#verwerking"), "portaal-verwerking")
    page.get_by_role("navigation").get_by_role("link", name="Logboek").click()
    page.get_by_label("Soort").select_option("verwerking")
    page.get_by_role("button", name="Filteren").click()
    rows = page.locator("#regels tbody tr")
    assert rows.count() == 1 and "analist@example.nl" in rows.first.inner_text()
    shoot(page, screenshots, "team-logboek")
    picture(page, "portaal-logboek")
    with page.expect_download() as info:
        page.get_by_role("link", name="Exporteren naar Excel").click()
    book = openpyxl.load_workbook(io.BytesIO(info.value.path().read_bytes()))
    assert [row[1] for row in book["Logboek"].iter_rows(min_row=2, values_only=True)] == ["verwerking gestart"]
