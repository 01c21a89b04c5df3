"""Screenshots of every portal page at 1280 and 390 pixels wide, to look at (by hand, not a test):

    .venv/bin/python -m tests.portal_browser.screenshots MAP

Includes the states the browser tests do not reach: a submission for the open peildatum taken in by a real
`wir-monitor run` ('in gebruik sinds'), a submission returned ter correctie with its comment on the start
page, the lockout page, and the analyst's start page and audit log.

With --handleiding it also (re)makes the screenshots in the Handleiding aanleveren, 1000 pixels wide: into the
package (pipeline/handleiding/img/, embedded in the page and the PDF) and docs/img/ (for the docs' copy):

    .venv/bin/python -m tests.portal_browser.screenshots --handleiding MAP
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.portal_browser.conftest import CHROMIUM, CHROMIUM_ARGS, PASSWORD, Portal, _free_port, save_picture

ROOT = Path(__file__).resolve().parents[2]
WIDTHS = (1280, 390)
HANDLEIDING_IMAGES = (ROOT / "pipeline" / "handleiding" / "img", ROOT / "docs" / "img")
HANDLEIDING_VIEWPORT = {"width": 1000, "height": 760}  # about the A4 page's width: hardly scaled in the PDF
RETURN_COMMENT = "Regio Zeeland staat op fase 4 voor Regiovisie; vorig halfjaar op fase 2. Klopt dat?"


def shoot(page, folder: Path, name: str) -> None:
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(folder / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


class Handleiding:
    """The handleiding's pictures, when asked for: each one 1000 pixels wide, into the package and docs/img."""

    def __init__(self, wanted: bool) -> None:
        self.wanted = wanted

    def __call__(self, target, name: str) -> None:
        if not self.wanted:
            return
        page = getattr(target, "page", target)  # a locator's page, or the page itself
        before = page.viewport_size
        page.set_viewport_size(HANDLEIDING_VIEWPORT)
        try:
            made = save_picture(target, HANDLEIDING_IMAGES[0] / f"{name}.png")
        finally:
            page.set_viewport_size(before)
        for copy in HANDLEIDING_IMAGES[1:]:
            shutil.copyfile(made, copy / made.name)


def log_in(page, email: str, password: str = PASSWORD) -> None:
    page.goto("/inloggen/")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()


def upload(page, path: Path, chosen=None) -> None:
    page.goto("/aanleveren/")
    page.set_input_files("#id_bestand", str(path))
    if chosen is not None:
        chosen(page)
    page.get_by_role("button", name="Indienen").click()
    page.wait_for_selector("#oordeel")


def main(folder: Path, handleiding: bool = False) -> None:
    import datetime as dt

    import django
    from playwright.sync_api import sync_playwright

    from pipeline.clock import DUTCH_TIME

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pipeline.portal.settings")
    django.setup()  # the workbook builders come with the portal's test fixtures
    from pipeline import periods
    from pipeline.portal.deadline import open_peildatum
    from pipeline.reference import load_reference
    from tests.portal.conftest import corrected_book, faulty_book

    folder.mkdir(parents=True, exist_ok=True)
    root = Path(tempfile.mkdtemp(prefix="wir-portaal-schermen-"))
    environment = {**os.environ, "WIR_RAW_DIR": str(root / "raw"), "WIR_WAREHOUSE": str(root / "data" / "wh.duckdb"),
                   "WIR_REPORTS_DIR": str(root / "reports"), "WIR_PORTAL_SYNC_SECONDS": "0", "DAGSTER_HOME": str(root)}
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    shutil.copy(ROOT / "dagster.yaml", root / "dagster.yaml")
    portal = Portal("", root, environment)
    for email, rol, zorgkantoor in (("cz@example.nl", "zorgkantoor", "CZ"), ("vgz@example.nl", "zorgkantoor", "VGZ"),
                                    ("analist@example.nl", "analist", None)):
        portal.cli("gebruiker", "toevoegen", "--email", email, "--rol", rol,
                   *(["--zorgkantoor", zorgkantoor] if zorgkantoor else []))
        portal.cli("gebruiker", "wachtwoord", "--email", email, stdin=PASSWORD + "\n")
    current = open_peildatum(load_reference(), dt.datetime.now(DUTCH_TIME).date())
    books = {}
    for name, book in (("fout", faulty_book()), ("goed", corrected_book())):
        book.peildatum = periods.month_end(current.key)
        books[name] = book.write(root / f"{name}.xlsx")
    port = _free_port()
    portal.url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "portal", "--port", str(port)], cwd=root,
                              env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(4)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_context(base_url=portal.url, locale="nl-NL").new_page()
            page.goto("/inloggen/")
            shoot(page, folder, "inloggen")
            log_in(page, "cz@example.nl")
            shoot(page, folder, "start-leeg")
            figure = Handleiding(handleiding)
            figure(page.locator("body"), "portaal-start")  # the page down to its foot, no empty screen below
            upload(page, books["fout"], lambda chosen: figure(chosen.locator("body"), "portaal-aanleveren"))
            shoot(page, folder, "aanlevering-afgewezen")
            figure(page.locator("body"), "portaal-afgewezen")  # every finding, below the fold too
            page.goto("/")
            shoot(page, folder, "start-afgewezen")
            upload(page, books["goed"])
            shoot(page, folder, "aanlevering-geaccepteerd")
            subprocess.run([sys.executable, "-m", "pipeline.cli", "run"], cwd=root, env=environment, check=True,
                           stdout=subprocess.DEVNULL)
            page.goto("/")
            shoot(page, folder, "start-in-gebruik")
            page.goto("/aanleveringen/")
            shoot(page, folder, "geschiedenis")
            page.locator("table.list tbody tr td a").first.click()
            shoot(page, folder, "aanlevering-verwerkt")
            page.goto(page.url + "terugkoppeling.html")
            shoot(page, folder, "terugkoppeling")
            page.goto("/rapportage/")
            shoot(page, folder, "rapportage")
            page.goto(f"/rapportage/{current.key}/")
            shoot(page, folder, "rapportage-zorgkantoor")
            analyst = browser.new_context(base_url=portal.url, locale="nl-NL").new_page()
            log_in(analyst, "analist@example.nl")
            analyst.goto("/team/aanleveringen/")
            analyst.locator("table.list tbody tr", has_text="geaccepteerd").first.locator("a").first.click()
            analyst.get_by_label("Toelichting voor het zorgkantoor").fill(RETURN_COMMENT)
            shoot(analyst, folder, "team-terugsturen")
            analyst.get_by_role("button", name="Terugsturen ter correctie").click()
            analyst.wait_for_selector("#beoordelingen")
            page.goto("/")
            shoot(page, folder, "start-teruggestuurd")
            figure(page.locator("body"), "portaal-teruggestuurd")
            page.locator("#teruggestuurd a, .state a").first.click()
            shoot(page, folder, "aanlevering-teruggestuurd")
            figure(page.locator("#beoordelingen"), "portaal-opmerkingen")
            page.goto("/aanleveringen/0123456789abcdef/")
            shoot(page, folder, "niet-gevonden")
            other = browser.new_context(base_url=portal.url, locale="nl-NL").new_page()
            for _ in range(6):
                log_in(other, "vgz@example.nl", "verkeerd wachtwoord")
            shoot(other, folder, "geblokkeerd")
            analyst.goto("/")
            shoot(analyst, folder, "team")
            analyst.goto("/beheer/portal/auditevent/")
            shoot(analyst, folder, "beheer-logboek")
            analyst.goto("/beheer/portal/user/")
            shoot(analyst, folder, "beheer-gebruikers")
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(root, ignore_errors=True)
    print(f"Schermafdrukken in {folder}")


if __name__ == "__main__":
    arguments = [a for a in sys.argv[1:] if a != "--handleiding"]
    main(Path(arguments[0] if arguments else "reports/portaal-schermen"), handleiding="--handleiding" in sys.argv)
