"""Render the Markdown of the Handleiding aanleveren to a self-contained HTML page and print it to an A4 PDF.

Raw HTML in the Markdown is never passed through: markdown-it escapes it as text, so the page holds only
the markup markdown-it itself writes. The PDF is printed by the report's Chromium printer.
"""

from __future__ import annotations

import html
import tempfile
from functools import cache
from importlib import resources
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token

from pipeline.report.pdf import print_pdf

PACKAGE = "pipeline.handleiding"
MASTER = "handleiding-aanleveren.md"
STYLESHEET = "handleiding.css"
TOC_LEVEL = "h2"  # the chapters listed under 'Inhoud'
TOC_TITLE = "Inhoud"
DEFAULT_TITLE = "Handleiding aanleveren WIR-monitor"

PAGE = """<!DOCTYPE html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
{css}
</style>
</head>
<body>
<main>
{intro}{toc}{body}</main>
</body>
</html>
"""


def handleiding_markdown() -> str:
    """The master text, read from the installed package."""
    return resources.files(PACKAGE).joinpath(MASTER).read_text(encoding="utf-8")


@cache
def _stylesheet() -> str:
    return resources.files(PACKAGE).joinpath(STYLESHEET).read_text(encoding="utf-8")


def _markdown() -> MarkdownIt:
    # CommonMark with raw HTML switched off (escaped as text) plus tables; no linkify, no typographer.
    return MarkdownIt("commonmark", {"html": False}).enable("table")


def _text_of(inline: Token) -> str:
    """The plain text of an inline token (code spans and emphasis included, markup left out)."""
    return "".join(child.content for child in inline.children or [] if child.type in ("text", "code_inline"))


def render_handleiding_html(markdown: str | None = None) -> str:
    """A complete HTML page: the first heading as title, a table of contents of the chapters, the text."""
    parser = _markdown()
    tokens = parser.parse(markdown if markdown is not None else handleiding_markdown())
    title, chapters, first_chapter = None, [], None
    for index, token in enumerate(tokens):
        if token.type != "heading_open":
            continue
        text = _text_of(tokens[index + 1])
        if token.tag == "h1" and title is None:
            title = text
        elif token.tag == TOC_LEVEL:
            anchor = f"h-{len(chapters) + 1}"
            token.attrSet("id", anchor)
            chapters.append((anchor, text))
            first_chapter = index if first_chapter is None else first_chapter
    split = len(tokens) if first_chapter is None else first_chapter
    render = parser.renderer.render
    intro = render(tokens[:split], parser.options, {})
    body = render(tokens[split:], parser.options, {})
    toc = ""
    if chapters:
        items = "".join(f'<li><a href="#{anchor}">{html.escape(text)}</a></li>\n' for anchor, text in chapters)
        toc = f'<nav class="inhoud">\n<h2>{TOC_TITLE}</h2>\n<ol>\n{items}</ol>\n</nav>\n'
    return PAGE.format(title=html.escape(title or DEFAULT_TITLE), css=_stylesheet(), intro=intro, toc=toc,
                       body=body)


def write_handleiding_html(output: Path, markdown: str | None = None) -> Path:
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(render_handleiding_html(markdown), encoding="utf-8")
    return output


def write_handleiding_pdf(output: Path, markdown: str | None = None, timeout: float = 120) -> Path:
    """Print the handleiding (default: the packaged master) to an A4 PDF at `output`; returns the path.

    Raises pipeline.report.pdf.PdfError (a Dutch message) when Chromium is missing or fails; an existing
    PDF at `output` stays until the new one is complete.
    """
    with tempfile.TemporaryDirectory(prefix="wir-handleiding-") as folder:
        page = write_handleiding_html(Path(folder) / "handleiding-aanleveren.html", markdown)
        return print_pdf(page, Path(output), timeout=timeout)
