"""Render the Markdown of the Handleiding aanleveren to a self-contained HTML page and print it to an A4 PDF.

Raw HTML in the Markdown is never passed through: markdown-it escapes it as text, so the page holds only
the markup markdown-it itself writes. Images (Markdown's `![tekst](img/naam.png)`) are the portal's
screenshots that ship in the package (`img/`): each is embedded as a data:image/png URI, so the page stays one
file that loads nothing. Any other image (a web address, another folder, another format) is left out; its
text stays. The PDF is printed by the report's Chromium printer.
"""

from __future__ import annotations

import base64
import html
import re
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
IMAGES = "img"  # the screenshots, package data beside the master (tests/portal_browser makes them)
_IMAGE_SOURCE = re.compile(r"^img/([a-z0-9][a-z0-9-]*\.png)$")
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

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


@cache
def _image_uri(name: str) -> str | None:
    """The packaged screenshot as a data URI; None if the package has no such PNG."""
    file = resources.files(PACKAGE).joinpath(IMAGES, name)
    if not file.is_file():
        return None
    data = file.read_bytes()
    if not data.startswith(_PNG_SIGNATURE):
        return None
    return "data:image/png;base64," + base64.b64encode(data).decode("ascii")


def image_names(markdown: str | None = None) -> list[str]:
    """The packaged images the text shows, in order (file names in `img/`)."""
    tokens = _markdown().parse(markdown if markdown is not None else handleiding_markdown())
    sources = [child.attrGet("src") or "" for token in tokens for child in token.children or []
               if child.type == "image"]
    return [match.group(1) for source in sources if (match := _IMAGE_SOURCE.match(source))]


def _render_image(self, tokens: list[Token], index: int, options, env) -> str:
    """A packaged PNG as a data URI, under its text as caption when it stands alone; anything else as text."""
    token = tokens[index]
    alt = self.renderInlineAsText(token.children or [], options, env)
    match = _IMAGE_SOURCE.match(token.attrGet("src") or "")
    uri = _image_uri(match.group(1)) if match else None
    if uri is None:
        return html.escape(alt)
    image = f'<img src="{uri}" alt="{html.escape(alt)}">'
    return image + (f"\n<figcaption>{html.escape(alt)}</figcaption>" if token.meta.get("figure") else "")


def _figures(tokens: list[Token]) -> None:
    """A paragraph that is one image only becomes a figure with its text as caption."""
    for index, token in enumerate(tokens[:-2]):
        children = tokens[index + 1].children or []
        if token.type == "paragraph_open" and len(children) == 1 and children[0].type == "image":
            token.tag = tokens[index + 2].tag = "figure"
            children[0].meta["figure"] = True


def _markdown() -> MarkdownIt:
    # CommonMark with raw HTML switched off (escaped as text) plus tables; no linkify, no typographer.
    parser = MarkdownIt("commonmark", {"html": False}).enable("table")
    parser.add_render_rule("image", _render_image)
    return parser


def _text_of(inline: Token) -> str:
    """The plain text of an inline token (code spans and emphasis included, markup left out)."""
    return "".join(child.content for child in inline.children or [] if child.type in ("text", "code_inline"))


def render_handleiding_html(markdown: str | None = None) -> str:
    """A complete HTML page: the first heading as title, a table of contents of the chapters, the text."""
    parser = _markdown()
    tokens = parser.parse(markdown if markdown is not None else handleiding_markdown())
    _figures(tokens)
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
