"""Part 2 flows in a real browser against the real portal: team WIR returns a submission and the zorgkantoor
sees the comment; a lezer cannot upload and a zorgkantoor cannot approve or review."""

from __future__ import annotations

import re

from tests.portal.conftest import corrected_book
from tests.portal_browser.test_flows import log_in, shoot


def _submit(browser, portal, path) -> str:
    """CZ delivers the corrected workbook (again: a second delivery of the same file is the same submission)."""
    context = browser.new_context(base_url=portal.url)
    cz = context.new_page()
    log_in(cz, "cz@example.nl")
    cz.goto("/aanleveren/")
    cz.set_input_files("#id_bestand", str(path))
    cz.get_by_role("button", name="Indienen").click()
    cz.wait_for_url(re.compile(r"/aanleveringen/[0-9a-f]{16}/$"))
    kenmerk = cz.url.rstrip("/").rsplit("/", 1)[-1]
    context.close()
    return kenmerk


def test_an_analyst_returns_a_submission_and_the_zorgkantoor_sees_the_comment(page, browser, portal, tmp_path,
                                                                               screenshots):
    kenmerk = _submit(browser, portal, corrected_book().write(tmp_path / "goed.xlsx"))
    log_in(page, "analist@example.nl")
    page.get_by_role("navigation").get_by_role("link", name="Aanleveringen").click()
    shoot(page, screenshots, "team-aanleveringen")
    page.get_by_role("link", name=kenmerk).first.click()
    comment = "Regio Zeeland staat op fase 5; in het vorige halfjaar op fase 2. Klopt dat?"
    page.get_by_label("Toelichting voor het zorgkantoor").fill(comment)
    shoot(page, screenshots, "team-terugsturen")
    page.get_by_role("button", name="Terugsturen ter correctie").click()
    page.wait_for_selector("#beoordelingen")
    assert "is teruggestuurd ter correctie" in page.locator("main").inner_text()
    page.context.clear_cookies()
    log_in(page, "cz@example.nl")
    page.goto(f"/aanleveringen/{kenmerk}/")
    history = page.locator("#beoordelingen").inner_text()
    assert "Teruggestuurd ter correctie" in history and comment in history and "analist@example.nl" in history
    shoot(page, screenshots, "aanlevering-teruggestuurd")


def test_a_lezer_cannot_upload_and_a_zorgkantoor_cannot_approve_or_review(page, browser, portal):
    log_in(page, "lezer@example.nl")
    navigation = page.get_by_role("navigation").inner_text()
    assert "Aanleveren" not in navigation and "Rapporten" in navigation
    assert page.request.get("/rapporten/").status == 200
    for path in ("/aanleveren/", "/template/2020-10/", "/team/aanleveringen/"):
        assert page.request.get(path).status == 404, path
    assert page.request.post("/api/v1/aanleveringen", multipart={"bestand": {
        "name": "a.xlsx", "mimeType": "application/octet-stream", "buffer": b"PK"}}).status in (401, 403, 404)
    page.context.clear_cookies()
    log_in(page, "cz@example.nl")
    assert "Aanleveringen" not in page.get_by_role("navigation").inner_text().replace("Mijn aanleveringen", "")
    for path in ("/team/aanleveringen/", "/team/aanleveringen/1/"):
        assert page.request.get(path).status == 404, path
    token = page.locator("input[name=csrfmiddlewaretoken]").first.get_attribute("value")
    refused = page.request.post("/team/aanleveringen/1/terugsturen/", form={
        "csrfmiddlewaretoken": token, "toelichting": "x"}, headers={"Referer": portal.url + "/"})
    assert refused.status == 404
    # approving is ZN's: the zorgkantoor sees no report library and its approval is refused
    assert "Rapporten" not in page.get_by_role("navigation").inner_text()
    for path in ("/rapporten/", "/rapporten/2020-10/", "/rapporten/2020-10/bestand.pdf"):
        assert page.request.get(path).status == 404, path
    approval = page.request.post("/rapporten/2020-10/besluit/", form={
        "csrfmiddlewaretoken": token, "besluit": "goedgekeurd", "toelichting": "akkoord"},
        headers={"Referer": portal.url + "/"})
    assert approval.status == 404
