"""An analyst's Markdown (after its expressions are rendered) as report blocks, with markdown-it-py.

Raw HTML is off: what an analyst types is text, in every format. A paragraph that is only a block marker
becomes the block the expression asked for.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

from pipeline.naming import slug
from pipeline.report.blocks import Heading, ListBlock, Paragraph, Run, Runs
from pipeline.report.expressions import MARKER_PATTERN

UNNUMBERED = re.compile(r"\s*\{(?:-|\.unnumbered)\}\s*$")


@cache
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})


def _runs(token: Token) -> Runs:
    runs: list[Run] = []
    bold = italic = 0
    href: str | None = None
    for child in token.children or []:
        if child.type == "strong_open":
            bold += 1
        elif child.type == "strong_close":
            bold -= 1
        elif child.type == "em_open":
            italic += 1
        elif child.type == "em_close":
            italic -= 1
        elif child.type == "link_open":
            href = str(child.attrGet("href") or "")
        elif child.type == "link_close":
            href = None
        elif child.type in ("softbreak", "hardbreak"):
            runs.append(Run(" ", bold > 0, italic > 0, href))
        elif child.type in ("text", "code_inline"):
            runs.append(Run(child.content, bold > 0, italic > 0, href))
        elif child.type == "image":
            runs.append(Run(child.content or "", bold > 0, italic > 0, href))
    merged: list[Run] = []
    for run in runs:  # neighbours with the same emphasis as one run: fewer runs in Word
        if merged and (merged[-1].bold, merged[-1].italic, merged[-1].href) == (run.bold, run.italic, run.href):
            merged[-1] = Run(merged[-1].text + run.text, run.bold, run.italic, run.href)
        else:
            merged.append(run)
    return tuple(merged)


def split_title(markdown: str) -> tuple[str | None, bool, int, str]:
    """(title of the leading '# ' heading, unnumbered?, line after it, the rest) of a chapter's text."""
    lines = markdown.splitlines(keepends=True)
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        if line.startswith("# "):
            title = line[2:].strip()
            unnumbered = bool(UNNUMBERED.search(title))
            return UNNUMBERED.sub("", title).strip(), unnumbered, index + 1, "".join(lines[index + 1:])
        return None, False, 0, markdown
    return None, False, 0, markdown


class HeadingNumbers:
    """Numbers paragraphs (2.1) and subparagraphs (2.1.1) of a numbered chapter; anchors are unique."""

    def __init__(self, chapter_number: str | None, chapter_anchor: str):
        self.chapter_number = chapter_number
        self.chapter_anchor = chapter_anchor
        self.counts = [0, 0]
        self.seen: set[str] = set()

    def heading(self, level: int, runs: Runs, unnumbered: bool) -> Heading:
        number = None
        level = min(level, 3)
        if self.chapter_number and not unnumbered:
            index = level - 2
            self.counts[index] += 1
            for deeper in range(index + 1, len(self.counts)):
                self.counts[deeper] = 0
            number = ".".join([self.chapter_number, *(str(c) for c in self.counts[:index + 1])])
        base = f"{self.chapter_anchor}-{slug(''.join(r.text for r in runs)) or 'kop'}"
        anchor, suffix = base, 2
        while anchor in self.seen:
            anchor, suffix = f"{base}-{suffix}", suffix + 1
        self.seen.add(anchor)
        return Heading(level, runs, anchor, number)


def to_blocks(markdown: str, numbers: HeadingNumbers, block_for: Callable[[int], list]) -> list:
    """Blocks of a chapter's body; `block_for(i)` gives the blocks of the i-th block marker."""
    blocks: list = []
    tokens = _parser().parse(markdown)
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.type == "heading_open":
            inline = tokens[index + 1]
            text = inline.content
            unnumbered = bool(UNNUMBERED.search(text))
            if unnumbered:
                inline.children[-1].content = UNNUMBERED.sub("", inline.children[-1].content)
            blocks.append(numbers.heading(max(2, int(token.tag[1])), _runs(inline), unnumbered))
            index += 3
            continue
        if token.type == "paragraph_open":
            inline = tokens[index + 1]
            marker = MARKER_PATTERN.match(inline.content.strip())
            if marker:
                blocks.extend(block_for(int(marker.group(1))))
            elif inline.content.strip():
                blocks.append(Paragraph(_runs(inline)))
            index += 3
            continue
        if token.type in ("bullet_list_open", "ordered_list_open"):
            closing = token.type.replace("_open", "_close")
            depth, items, cursor = 1, [], index + 1
            while cursor < len(tokens) and depth:
                inner = tokens[cursor]
                if inner.type == token.type:
                    depth += 1
                elif inner.type == closing:
                    depth -= 1
                elif inner.type == "inline":
                    items.append(_runs(inner))
                cursor += 1
            blocks.append(ListBlock(tuple(items), ordered=token.type == "ordered_list_open"))
            index = cursor
            continue
        if token.type in ("fence", "code_block") and token.content.strip():
            blocks.append(Paragraph((Run(token.content.strip()),)))
        index += 1
    return blocks
