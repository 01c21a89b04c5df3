"""Print the report's self-contained HTML to an A4 PDF with headless Chromium.

A4, margins and page numbers come from the HTML's own CSS `@page` rules (page-margin boxes, Chromium ≥ 131),
so Chromium's default header and footer are switched off.
"""

from __future__ import annotations

import html
import os
import re
import secrets
import shutil
import signal
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pikepdf
from pypdf import PdfReader

# Virtual time runs as fast as the page lets it: JavaScript (plotly draws its charts on load) gets this many
# milliseconds of page time before printing, usually in well under a second of real time.
VIRTUAL_TIME_BUDGET_MS = 15_000

CANDIDATES = ("chromium", "chromium-browser", "google-chrome")

FLAGS = (
    "--headless",
    "--no-sandbox",  # CI runs as root, where Chromium's sandbox refuses to start
    "--disable-gpu",
    "--disable-dev-shm-usage",  # /dev/shm is small in containers
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--disable-features=NetworkTimeServiceQuerying",
    # Some browser services (on-device model manifest, Google account check) ask for the network even with the
    # flags above; no host name resolves, so nothing leaves the machine. The report itself loads no URL.
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--no-pdf-header-footer",
    f"--virtual-time-budget={VIRTUAL_TIME_BUDGET_MS}",
)


class PdfError(Exception):
    """The PDF could not be made; the message is Dutch and meant for the user."""


def find_chromium() -> str:
    """$WIR_CHROMIUM if set, else the first of chromium / chromium-browser / google-chrome on PATH."""
    wanted = os.environ.get("WIR_CHROMIUM")
    if wanted:
        found = shutil.which(wanted)
        if not found:
            raise PdfError(f"Chromium niet gevonden: WIR_CHROMIUM={wanted} is geen uitvoerbaar programma. "
                           "Pas WIR_CHROMIUM aan, of haal het weg en voer `make setup` uit.")
        return found
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    raise PdfError("Chromium niet gevonden (nodig voor de PDF). Voer `make setup` uit om het te installeren, "
                   "of wijs met WIR_CHROMIUM naar een Chromium of Chrome.")


def print_pdf(html_path: Path, pdf_path: Path, timeout: float = 120) -> Path:
    """Print `html_path` to `pdf_path`; the old PDF stays until the new one is complete."""
    html_path, pdf_path = Path(html_path).resolve(), Path(pdf_path)
    if not html_path.is_file():
        raise PdfError(f"PDF niet gemaakt: {html_path} bestaat niet.")
    chromium = find_chromium()
    pdf_path.parent.mkdir(parents=True, exist_ok=True)
    # The temporary PDF sits beside the target, so os.replace is an atomic rename on one file system.
    # Chromium creates it itself, so it gets the usual permissions (mkstemp would make it private).
    tmp_pdf = pdf_path.with_name(f".{pdf_path.name}.{secrets.token_hex(4)}.tmp")
    try:
        # A fresh profile: no state from an earlier run, and no lock held by another Chromium.
        with tempfile.TemporaryDirectory(prefix="wir-chromium-", ignore_cleanup_errors=True) as profile:
            command = [chromium, *FLAGS, f"--user-data-dir={profile}", f"--print-to-pdf={tmp_pdf}",
                       html_path.as_uri()]
            returncode, _, stderr = run_chromium(command, timeout, f"Chromium was na {timeout:g} seconden nog niet "
                                                 f"klaar met {html_path.name}; afdrukken naar PDF afgebroken.")
        if returncode != 0:
            raise PdfError(f"Chromium kon {html_path.name} niet naar PDF afdrukken (exitcode {returncode})."
                           + _tail(stderr))
        if not tmp_pdf.is_file() or not tmp_pdf.read_bytes().startswith(b"%PDF-"):
            raise PdfError(f"Chromium schreef geen PDF voor {html_path.name}." + _tail(stderr))
        os.replace(tmp_pdf, pdf_path)
    finally:
        tmp_pdf.unlink(missing_ok=True)
    return pdf_path


def run_chromium(command: list[str], timeout: float, too_slow: str) -> tuple[int, str, str]:
    """Run Chromium to the end: (exit code, stdout, stderr); after `timeout` seconds a PdfError saying `too_slow`."""
    # Own process group, so a timeout also ends Chromium's renderer and helper processes.
    with subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True, errors="replace", start_new_session=True) as process:
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise PdfError(too_slow) from None
        return process.returncode, stdout, stderr


def _tail(stderr: str, lines: int = 5) -> str:
    # Chromium's stderr is full of harmless D-Bus complaints; only its last lines tell why it failed.
    useful = [line for line in stderr.splitlines() if line.strip() and "dbus" not in line.lower()]
    return "\nChromium meldt:\n" + "\n".join(useful[-lines:]) if useful else ""


# --- the report's PDF: page numbers in the table of contents, and bookmarks -----------------------------------

_TOC_ENTRY = re.compile(r'<li class="niveau-(\d)"(?: data-hoofdstuk="([^"]*)")?><a href="#([^"]+)">'
                        r'<span class="titel">(.*?)</span>', re.S)
_PAGE_SLOT = re.compile(r'(<span class="pagina" data-doel="([^"]+)">)[^<]*(</span>)')
MAX_PASSES = 3


@dataclass(frozen=True)
class OutlineEntry:
    level: int  # 1 chapter, 2 paragraph; tables and charts hang under their chapter
    title: str
    anchor: str
    chapter: str | None  # for a table or chart: the chapter it stands in


def outline_entries(page: str) -> list[OutlineEntry]:
    """The table of contents of a rendered report: chapters, paragraphs, then tables and charts."""
    return [OutlineEntry(int(level), html.unescape(re.sub(r"<[^>]+>", "", title)).strip(), anchor, chapter or None)
            for level, chapter, anchor, title in _TOC_ENTRY.findall(page)]


def anchor_pages(pdf_path: Path) -> dict[str, int]:
    """{anchor: page number (1-based)} from the PDF's named destinations; Chromium makes one for every
    element that a link in the document points at."""
    reader = PdfReader(pdf_path)
    return {name.lstrip("/"): reader.get_destination_page_number(destination) + 1
            for name, destination in reader.named_destinations.items()}


def _with_page_numbers(page: str, pages: dict[str, int]) -> str:
    return _PAGE_SLOT.sub(lambda m: f"{m.group(1)}{pages.get(m.group(2), '')}{m.group(3)}", page)


def _add_outline(pdf_path: Path, entries: list[OutlineEntry], pages: dict[str, int], target: Path) -> None:
    # pikepdf (qpdf) rather than pypdf: Chromium's tagged PDF holds some 20,000 objects, which pypdf took over a
    # second to clone; qpdf copies them in a tenth of that.
    order = {entry.anchor: index for index, entry in enumerate(entries)}
    chapter_of, last = {}, None
    for entry in entries:
        if entry.chapter is None and entry.level == 1:
            last = entry.anchor
        chapter_of[entry.anchor] = entry.chapter or last
    # Under each chapter its paragraphs, tables and charts in page order (a stable sort keeps text order).
    entries = sorted(entries, key=lambda e: (order[chapter_of[e.anchor]] if chapter_of[e.anchor] else -1,
                                             e.level > 1 or e.chapter is not None, pages.get(e.anchor, 0),
                                             order[e.anchor]))
    with pikepdf.open(pdf_path) as document:
        with document.open_outline() as outline:
            chapters: dict[str, pikepdf.OutlineItem] = {}
            current = None
            for entry in entries:
                page = pages.get(entry.anchor)
                if page is None:
                    continue
                item = pikepdf.OutlineItem(entry.title, page - 1, "Fit")
                if entry.chapter is not None:
                    parent = chapters.get(entry.chapter)
                elif entry.level == 1:
                    parent = None
                else:
                    parent = current
                (parent.children if parent is not None else outline.root).append(item)
                if entry.level == 1 and entry.chapter is None:
                    chapters[entry.anchor] = current = item
        document.Root.PageMode = pikepdf.Name.UseOutlines
        document.save(target, deterministic_id=True)  # no random /ID: the same report gives the same file


def print_report_pdf(html_path: Path, pdf_path: Path, timeout: float = 120) -> tuple[Path, int]:
    """Print the report with page numbers in its table of contents and a bookmark for every chapter, paragraph,
    table and chart. Prints again until the numbers it filled in are the pages they point at. The numbers take
    no room of their own (a fixed-width slot), so where the headings fall does not depend on them: the first
    guess is the pages of the PDF this one replaces, which a small change leaves as they were (one print);
    without it, or when the pages moved, a second print has the right numbers. Returns (path, number of pages)."""
    html_path, pdf_path = Path(html_path).resolve(), Path(pdf_path)
    page = html_path.read_text(encoding="utf-8")
    entries = outline_entries(page)
    token = secrets.token_hex(4)
    work_html = html_path.with_name(f".{html_path.stem}.{token}.html")
    work_pdf = pdf_path.with_name(f".{pdf_path.stem}.{token}.pdf")
    pages = _earlier_pages(pdf_path)
    try:
        for _ in range(MAX_PASSES):
            work_html.write_text(_with_page_numbers(page, pages), encoding="utf-8")
            print_pdf(work_html, work_pdf, timeout)
            printed = anchor_pages(work_pdf)
            if printed == pages:
                break
            pages = printed
        partial = pdf_path.with_name(f".{pdf_path.name}.{token}.tmp")
        _add_outline(work_pdf, entries, pages, partial)
        os.replace(partial, pdf_path)
    finally:
        for leftover in (work_html, work_pdf, pdf_path.with_name(f".{pdf_path.name}.{token}.tmp")):
            leftover.unlink(missing_ok=True)
    return pdf_path, len(PdfReader(pdf_path).pages)


def _earlier_pages(pdf_path: Path) -> dict[str, int]:
    """The anchors' pages in the PDF at `pdf_path` from an earlier print, or none if there is no readable one."""
    try:
        return anchor_pages(pdf_path) if pdf_path.is_file() else {}
    except Exception:  # a damaged or foreign file is only a worse guess: print from scratch
        return {}
