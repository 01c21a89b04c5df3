"""Three flows in a real browser against the real portal: a faulty workbook, then the corrected one; the
template download; and a second zorgkantoor that cannot reach the first one's data."""

from __future__ import annotations

import base64
import io
import re

import openpyxl

from tests.portal.conftest import corrected_book, faulty_book
from tests.portal_browser.conftest import PASSWORD

WIDTHS = (1280, 390)


def shoot(page, folder, name: str) -> None:
    if folder is None:
        return
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(folder / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def log_in(page, email: str, folder=None) -> None:
    page.goto("/")
    page.wait_for_url(re.compile(r"/inloggen/"))
    shoot(page, folder, "inloggen")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(re.compile(r"/$"))


def drop(page, content: bytes, name: str) -> None:
    """Drag and drop a file onto the drop zone, as a user does from the file manager."""
    transfer = page.evaluate_handle(
        """([data, name]) => {
            const bytes = Uint8Array.from(atob(data), c => c.charCodeAt(0));
            const transfer = new DataTransfer();
            transfer.items.add(new File([bytes], name, {type: ""}));
            return transfer;
        }""", [base64.b64encode(content).decode(), name])
    page.dispatch_event("#drop-zone", "dragenter", {"dataTransfer": transfer})
    page.dispatch_event("#drop-zone", "drop", {"dataTransfer": transfer})


def test_upload_a_faulty_workbook_see_findings_then_the_corrected_one_accepted(page, portal, tmp_path, screenshots):
    faulty, corrected = faulty_book().write(tmp_path / "fout.xlsx"), corrected_book().write(tmp_path / "goed.xlsx")
    delivered = portal.root / "raw" / "portaal" / "cz"
    before = len(list(delivered.glob("*/portaal-cz.xlsx")))  # CZ's submissions of browser tests run before this
    log_in(page, "cz@example.nl", screenshots)
    assert page.get_by_role("heading", name="CZ").is_visible()
    shoot(page, screenshots, "start-leeg")
    page.get_by_role("link", name="Bestand aanleveren").click()
    drop(page, faulty.read_bytes(), "cz okt 2020.xlsx")
    assert "Gekozen: cz okt 2020.xlsx" in page.locator("#drop-file").inner_text()
    shoot(page, screenshots, "aanleveren")
    # first only a check: findings on the page, nothing submitted
    page.get_by_role("button", name="Alleen controleren").click()
    page.wait_for_selector("#controle-uitslag")
    assert "zou worden afgewezen" in page.locator("#controle-uitslag").inner_text()
    shoot(page, screenshots, "controle")
    page.get_by_role("button", name="Indienen").click()
    page.wait_for_url(re.compile(r"/aanleveringen/[0-9a-f]{16}/$"))
    text = page.locator("main").inner_text()
    assert "Afgewezen" in text
    assert "Bedoelt u 'Fase 5: Strategische keuzes'?" in text
    assert "Bedoelt u 'Afgerond en niet succesvol verlopen' of 'Afgerond en succesvol verlopen'?" in text
    sheets = page.locator("section.sheet h3").all_inner_texts()
    assert [s.split(" ")[0] for s in sheets] == ["Regio's", "Projecten"]
    shoot(page, screenshots, "aanlevering-afgewezen")
    page.get_by_role("link", name="Verbeterd bestand aanleveren").click()
    page.set_input_files("#id_bestand", str(corrected))
    page.get_by_role("button", name="Indienen").click()
    page.wait_for_url(re.compile(r"/aanleveringen/[0-9a-f]{16}/$"))
    assert page.locator("#oordeel").inner_text().startswith("Geaccepteerd")
    assert "Geen bevindingen" in page.locator("main").inner_text()
    shoot(page, screenshots, "aanlevering-geaccepteerd")
    page.get_by_role("navigation").get_by_role("link", name="Mijn aanleveringen").click()
    rows = page.locator("table.list tbody tr")
    assert rows.count() == before + 2
    assert "geaccepteerd" in rows.nth(0).inner_text() and "afgewezen" in rows.nth(1).inner_text()
    shoot(page, screenshots, "geschiedenis")
    page.get_by_role("navigation").get_by_role("link", name="Rapportage").click()
    shoot(page, screenshots, "rapportage")
    # files land in the raw folder under the portal's names, for the pipeline
    assert len(list(delivered.glob("*/portaal-cz.xlsx"))) == before + 2


def test_download_the_template(page, screenshots):
    log_in(page, "cz@example.nl")
    with page.expect_download() as info:
        page.get_by_role("link", name="Download uw template").click()
    download = info.value
    assert re.fullmatch(r"aanlevering-cz-\d{4}-\d{2}\.xlsx", download.suggested_filename)
    book = openpyxl.load_workbook(io.BytesIO(download.path().read_bytes()))
    assert book["Aanlevering"]["B1"].value == "CZ"
    assert {"Instructie", "Aanlevering", "Regio's", "Projecten"} <= set(book.sheetnames)
    shoot(page, screenshots, "start")


def test_a_second_zorgkantoor_cannot_reach_the_first_ones_data(page, browser, portal, tmp_path, screenshots):
    first = browser.new_context(base_url=portal.url)
    cz = first.new_page()
    log_in(cz, "cz@example.nl")
    cz.goto("/aanleveringen/")
    kenmerken = cz.locator("table.list tbody tr td:first-child a").all_inner_texts()
    if not kenmerken:  # this test alone: CZ delivers one first
        cz.goto("/aanleveren/")
        cz.set_input_files("#id_bestand", str(faulty_book().write(tmp_path / "fout.xlsx")))
        cz.get_by_role("button", name="Indienen").click()
        cz.wait_for_url(re.compile(r"/aanleveringen/[0-9a-f]{16}/$"))
        kenmerken = [cz.url.rstrip("/").rsplit("/", 1)[-1]]
    first.close()
    log_in(page, "vgz@example.nl")
    assert page.get_by_role("heading", name="VGZ").is_visible()
    page.goto("/aanleveringen/")
    assert not set(kenmerken) & set(page.locator("table.list a").all_inner_texts())
    for kenmerk in kenmerken:
        for path in (f"/aanleveringen/{kenmerk}/", f"/aanleveringen/{kenmerk}/terugkoppeling.html",
                     f"/aanleveringen/{kenmerk}/terugkoppeling.xlsx"):
            response = page.request.get(path)
            assert response.status == 404, path
            assert kenmerk not in response.text()
    page.goto(f"/aanleveringen/{kenmerken[0]}/")
    assert "Niet gevonden" in page.locator("h1").inner_text()
    shoot(page, screenshots, "niet-gevonden")
