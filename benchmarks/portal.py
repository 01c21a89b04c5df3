"""Portal benchmark (by hand, not in CI): upload → findings on the page, and page times while a run holds the
warehouse.

    .venv/bin/python -m benchmarks.portal [--herhalingen 5]

It builds the demo set, runs the pipeline on all of it except CZ's file of the latest peildatum (so that
upload is compared with CZ's history like a real one), starts `wir-monitor portal` on 127.0.0.1, and drives
Debian's Chromium with Playwright:

1. upload → findings: from the click on *Indienen* until the submission page with its verdict and findings is
   shown, for that CZ workbook (each repetition changes one Toelichting cell, so every upload is a new file);
2. the same while another process holds the warehouse's exclusive lock, as a run does for its whole length;
3. every page (and the feedback and template downloads) with the warehouse free, each reading the pipeline's
   verdicts from it (WIR_PORTAL_SYNC_SECONDS=0, the worst case), and while the lock is held.

Targets (issue 16): upload → findings ≤ 3 s; a page ≤ 1 s while a run holds the warehouse.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import openpyxl

from tests.portal_browser.conftest import CHROMIUM, CHROMIUM_ARGS, Portal, _free_port

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "een lang wachtwoord 42"
HOLD = """
import sys
from pathlib import Path
from pipeline.warehouse.lock import warehouse_lock
with warehouse_lock(Path(sys.argv[1]), exclusive=True):
    print("vast", flush=True)
    sys.stdin.read()
"""


def _prepare(root: Path) -> tuple[Portal, Path]:
    from pipeline.demo.generator import write_demo
    from pipeline.reference import load_reference

    environment = {**os.environ, "WIR_RAW_DIR": str(root / "raw"), "WIR_WAREHOUSE": str(root / "data" / "wh.duckdb"),
                   "WIR_REPORTS_DIR": str(root / "reports"), "DAGSTER_HOME": str(root),
                   "WIR_PORTAL_SYNC_SECONDS": "0"}  # worst case: every page reads the warehouse when it is free
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    shutil.copy(ROOT / "dagster.yaml", root / "dagster.yaml")
    paths = write_demo(root / "raw", load_reference())
    latest = max(p.parent.name for p in paths)
    typical = next(p for p in paths if p.parent.name == latest and p.stem.lower() == "cz")
    upload = root / "cz-upload.xlsx"
    shutil.move(typical, upload)
    portal = Portal("", root, environment)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "pipeline.cli", "run"], cwd=root, env=environment, check=True,
                   stdout=subprocess.DEVNULL)
    print(f"Pijplijn op de demo-set (zonder het CZ-bestand van {latest}): {time.perf_counter() - started:.1f} s")
    portal.cli("gebruiker", "toevoegen", "--email", "cz@example.nl", "--rol", "zorgkantoor", "--zorgkantoor", "CZ")
    portal.cli("gebruiker", "wachtwoord", "--email", "cz@example.nl", stdin=PASSWORD + "\n")
    return portal, upload


def _variant(source: Path, folder: Path, number: int) -> Path:
    """The workbook with one Toelichting changed: a new file for the portal, the same work for the intake."""
    book = openpyxl.load_workbook(source)
    sheet = book["Regio's"]
    column = next(c.column for c in sheet[1] if c.value == "Toelichting")
    sheet.cell(row=2, column=column, value=f"Benchmark {number}")
    path = folder / f"cz-{number}.xlsx"
    book.save(path)
    return path


def _upload(page, path: Path) -> float:
    page.goto("/aanleveren/")
    page.set_input_files("#id_bestand", str(path))
    started = time.perf_counter()
    page.get_by_role("button", name="Indienen").click()
    page.wait_for_selector("#oordeel")
    page.wait_for_selector("section.sheet, .alert.ok")
    return time.perf_counter() - started


def _timed_get(page, path: str) -> float:
    started = time.perf_counter()
    response = page.request.get(path)
    assert response.ok, (path, response.status)
    return time.perf_counter() - started


def _summary(label: str, times: list[float], target: float) -> str:
    worst = max(times)
    verdict = "binnen doel" if worst <= target else "BOVEN DOEL"
    return (f"{label:<44} mediaan {statistics.median(times):5.2f} s   max {worst:5.2f} s   (doel ≤ {target:g} s: "
            f"{verdict}; n={len(times)})")


def main(argv: list[str] | None = None) -> int:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--herhalingen", type=int, default=5)
    args = parser.parse_args(argv)
    root = Path(tempfile.mkdtemp(prefix="wir-portaal-benchmark-"))
    portal, typical = _prepare(root)
    port = _free_port()
    portal.url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "portal", "--port", str(port)], cwd=root,
                              env=portal.environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    lines = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_context(base_url=portal.url).new_page()
            for _ in range(100):
                try:
                    page.goto("/inloggen/")
                    break
                except Exception:
                    time.sleep(0.2)
            page.get_by_label("E-mailadres").fill("cz@example.nl")
            page.get_by_label("Wachtwoord").fill(PASSWORD)
            page.get_by_role("button", name="Inloggen").click()
            page.wait_for_url("**/")
            rows = openpyxl.load_workbook(typical, read_only=True)["Projecten"].max_row - 1
            print(f"Typisch bestand: CZ, {typical.stat().st_size // 1024} kB, {rows} projectrijen")
            _upload(page, _variant(typical, root, 0))  # warm-up: imports, caches
            free = [_upload(page, _variant(typical, root, n)) for n in range(1, args.herhalingen + 1)]
            lines.append(_summary("upload → bevindingen op de pagina", free, 3))
            kenmerk = page.url.rstrip("/").rsplit("/", 1)[-1]
            pages = {"/": "startpagina", "/aanleveren/": "aanleveren", "/aanleveringen/": "geschiedenis",
                     f"/aanleveringen/{kenmerk}/": "aanlevering", f"/aanleveringen/{kenmerk}/terugkoppeling.xlsx":
                     "terugkoppeling", "/rapportage/": "rapportage", "/template/2020-10/": "template"}
            for path, name in pages.items():
                times = [_timed_get(page, path) for _ in range(args.herhalingen)]
                lines.append(_summary(f"{name}, warehouse vrij", times, 1))
            holder = subprocess.Popen([sys.executable, "-c", HOLD, str(root / "data" / "wh.duckdb")], cwd=ROOT,
                                      stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
            try:
                assert holder.stdout.readline().strip() == "vast"
                locked = [_upload(page, _variant(typical, root, 100 + n)) for n in range(args.herhalingen)]
                lines.append(_summary("upload → bevindingen, warehouse bezet", locked, 3))
                for path, name in pages.items():
                    times = [_timed_get(page, path) for _ in range(args.herhalingen)]
                    lines.append(_summary(f"{name}, warehouse bezet", times, 1))
                assert holder.poll() is None, "the lock was released during the measurement"
            finally:
                holder.communicate("")
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
    print("\n".join(lines))
    shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
