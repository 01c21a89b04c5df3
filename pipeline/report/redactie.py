"""The analysts' texts of a peildatum: `<redactie>/<YYYY-MM>/`, one Markdown file per chapter.

`omslag.md` holds the cover and letter fields (YAML between `---` lines) and the letter text; every other
`*.md` file is a chapter, taken in file-name order. Without a folder the packaged skeleton (seed 003's
chapters) is used and the report says it has no analyst text.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import yaml

from pipeline import periods

REDACTIE_VARIABLE = "WIR_REDACTIE_DIR"
COVER_FILE = "omslag.md"
COVER_FIELDS = ("titel", "ondertitel", "afzender", "datum", "plaats", "geadresseerde", "onderwerp", "kenmerk",
                "aanhef", "afsluiting", "ondertekening")
_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.S)


class RedactieFolderError(Exception):
    """A problem with the folder or the cover file; `dutch_message` is shown to the user."""

    @property
    def dutch_message(self) -> str:
        return str(self)


@dataclass(frozen=True)
class Source:
    name: str  # as shown in messages: 2020-10/03-procesresultaten.md
    text: str
    first_line: int = 1  # the line of the file where `text` starts (after a cover's fields)


@dataclass(frozen=True)
class Texts:
    cover: dict[str, str]
    letter: Source
    chapters: list[Source]
    from_analysts: bool  # False: the default skeleton, no analyst text yet


def redactie_root() -> Path:
    """$WIR_REDACTIE_DIR, else `redactie/` in the working folder."""
    return Path(os.environ.get(REDACTIE_VARIABLE) or "redactie").resolve()


def skeleton_dir() -> Path:
    return Path(str(resources.files("pipeline.report").joinpath("skeleton")))


def _markdown_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.md") if p.is_file())


def load_texts(root: Path, peildatum: str) -> Texts:
    folder = root / peildatum
    from_analysts = folder.is_dir() and any(_markdown_files(folder))
    source_dir = folder if from_analysts else skeleton_dir()
    label = peildatum if from_analysts else "standaardsjabloon"
    files = _markdown_files(source_dir)
    cover_path = source_dir / COVER_FILE
    if not cover_path.exists():
        cover_path = skeleton_dir() / COVER_FILE
    cover, letter = _cover(cover_path, f"{label}/{COVER_FILE}")
    chapters = [Source(f"{label}/{p.name}", p.read_text(encoding="utf-8")) for p in files if p.name != COVER_FILE]
    return Texts(cover, letter, chapters, from_analysts)


def _cover(path: Path, name: str) -> tuple[dict[str, str], Source]:
    text = path.read_text(encoding="utf-8")
    match = _FRONT_MATTER.match(text)
    if not match:
        raise RedactieFolderError(f"{name}, regel 1: het bestand begint niet met de velden tussen twee regels "
                                  "'---' (zie docs/analist.md, 'De omslag en de brief').")
    try:
        fields = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError as error:
        line = getattr(getattr(error, "problem_mark", None), "line", 0) + 2
        raise RedactieFolderError(f"{name}, regel {line}: de velden zijn geen geldige YAML "
                                  f"({getattr(error, 'problem', error)}).") from None
    if not isinstance(fields, dict):
        raise RedactieFolderError(f"{name}, regel 2: verwacht velden als 'titel: ...'.")
    unknown = sorted(set(map(str, fields)) - set(COVER_FIELDS))
    if unknown:
        raise RedactieFolderError(f"{name}: onbekend veld {', '.join(unknown)}; geldig zijn {', '.join(COVER_FIELDS)}.")
    cover = {key: "" if fields.get(key) is None else str(fields[key]).strip() for key in COVER_FIELDS}
    first_line = match.group(0).count("\n") + 1
    return cover, Source(name, text[match.end():], first_line)


def previous_folder(root: Path, peildatum: str) -> Path | None:
    """The latest earlier peildatum folder with texts."""
    earlier = sorted(p for p in root.glob("*-*") if p.is_dir() and periods.is_peildatum_key(p.name)
                     and p.name < peildatum and any(_markdown_files(p)))
    return earlier[-1] if earlier else None


def start_peildatum(root: Path, peildatum: str) -> tuple[Path, list[Path], Path | None]:
    """Create `<root>/<peildatum>/` from the previous peildatum's texts, else from the skeleton.

    Never overwrites a file: returns (folder, files written, the folder copied from or None for the skeleton).
    """
    folder = root / peildatum
    origin = previous_folder(root, peildatum)
    source = origin or skeleton_dir()
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for path in _markdown_files(source):
        target = folder / path.name
        if not target.exists():
            shutil.copyfile(path, target)
            written.append(target)
    return folder, written, origin


def fingerprint(root: Path, peildatum: str) -> str:
    """A hash of the texts a report of `peildatum` is written from: a changed chapter redoes the report."""
    digest = hashlib.sha256()
    folder = root / peildatum
    for path in _markdown_files(folder) if folder.is_dir() else []:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()
