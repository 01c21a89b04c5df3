"""The real portal (`wir-monitor portal`) on 127.0.0.1 in a throw-away project, with accounts made by the CLI,
and Debian's Chromium driven by Playwright (never Playwright's own browser download)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import PROJECT_ROOT

# The screenshots in docs/analist.md and docs/lezer-zn.md: WIR_DOC_IMAGES=docs/img .venv/bin/pytest
# tests/portal_browser/test_approval_flow.py. Those in the Handleiding aanleveren: tests/portal_browser/screenshots.py.
DOC_IMAGES = os.environ.get("WIR_DOC_IMAGES")
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
PASSWORD = "een lang wachtwoord 42"
ACCOUNTS = {"cz@example.nl": ("zorgkantoor", "CZ"), "vgz@example.nl": ("zorgkantoor", "VGZ"),
            "analist@example.nl": ("analist", None), "lezer@example.nl": ("lezer", None)}


def save_picture(target, path: Path) -> Path:
    """A screenshot of a part of the page (a locator) or of the visible page, saved small: 256 colours, optimised
    (the UI's flat colours survive; a screenshot shrinks to a third)."""
    from PIL import Image

    path.parent.mkdir(parents=True, exist_ok=True)
    target.screenshot(path=str(path))
    with Image.open(path) as shot:
        small = shot.convert("RGB").quantize(256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    small.save(path, optimize=True)
    return path


def picture(target, name: str) -> None:
    """A screenshot for the docs, when WIR_DOC_IMAGES names a folder."""
    if DOC_IMAGES:
        save_picture(target, Path(DOC_IMAGES) / f"{name}.png")


@dataclass
class Portal:
    url: str
    root: Path
    environment: dict[str, str]

    def cli(self, *args: str, stdin: str | None = None) -> str:
        result = subprocess.run([sys.executable, "-m", "pipeline.cli", *args], input=stdin, capture_output=True,
                                text=True, env=self.environment, cwd=self.root, timeout=120)
        assert result.returncode == 0, result.stderr
        return result.stdout


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def portal(tmp_path_factory) -> Iterator[Portal]:
    root = tmp_path_factory.mktemp("portaal")
    environment = {**os.environ, "WIR_RAW_DIR": str(root / "raw"), "WIR_WAREHOUSE": str(root / "data" / "wh.duckdb"),
                   "WIR_REPORTS_DIR": str(root / "reports"), "WIR_PORTAL_SYNC_SECONDS": "0"}
    # the project's own Dagster instance, as `make_project` and a real project have it: the portal's vaststellen
    # runs the report job in the instance that knows the peildatum partitions the run registered
    shutil.copy(PROJECT_ROOT / "dagster.yaml", root / "dagster.yaml")
    environment["DAGSTER_HOME"] = str(root)
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    environment.pop("WIR_PORTAL_DIR", None)
    port = _free_port()
    made = Portal(f"http://127.0.0.1:{port}", root, environment)
    for email, (rol, zorgkantoor) in ACCOUNTS.items():
        made.cli("gebruiker", "toevoegen", "--email", email, "--rol", rol,
                 *(("--zorgkantoor", zorgkantoor) if zorgkantoor else ()),
                 *(("--goedkeuren",) if rol == "lezer" else ()))
        made.cli("gebruiker", "wachtwoord", "--email", email, stdin=PASSWORD + "\n")
    server = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "portal", "--port", str(port)], cwd=root,
                              env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(made.url + "/inloggen/", timeout=10)
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"Het portaal startte niet: {server.stdout.read()}")
                time.sleep(0.2)
        yield made
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.fixture(scope="module")  # closed with its module: Playwright's event loop must not outlive the browser tests
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def screenshots() -> Path | None:
    """Set WIR_SCREENSHOTS to a folder to keep a screenshot of every page at 1280 and 390 pixels wide."""
    folder = os.environ.get("WIR_SCREENSHOTS")
    if not folder:
        return None
    path = Path(folder)
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture
def page(browser, portal):
    context = browser.new_context(base_url=portal.url, viewport={"width": 1280, "height": 900}, locale="nl-NL",
                                  accept_downloads=True)
    opened = context.new_page()
    yield opened
    context.close()
