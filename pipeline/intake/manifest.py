"""The manifest beside each archived file: what the archive alone needs to rebuild the warehouse.

`<sha256>.manifest.json` holds the original name (readable, and losslessly as bytes), when the monitor first
received the file, its size and hash, and where it came from. It is written once, when the file is first
taken in, and never changed: a later run, or `wir-monitor herstel`, reads the receipt moment from here.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pipeline.intake.archive import RawFile

SUFFIX = ".manifest.json"
VERSION = 1
FROM_FOLDER = "map"  # taken from the raw folder
FROM_PORTAL = "portaal"  # uploaded to the portal


@dataclass(frozen=True)
class Manifest:
    sha256: str
    file_name: str  # readable
    relative_path: str  # readable, below the raw folder
    relative_bytes: bytes  # the path exactly as the file system had it
    size_bytes: int
    received_at: dt.datetime  # UTC
    modified_at: dt.datetime  # UTC, the file's own time: informative only
    source_kind: str
    source: str
    copied: bool  # False: too large, recorded but not copied into the archive
    archive_path: Path  # the archived copy (exists only when copied)

    @classmethod
    def of(cls, raw: RawFile, target: Path, copied: bool) -> Manifest:
        return cls(sha256=raw.sha256, file_name=raw.name, relative_path=raw.relative_path,
                   relative_bytes=raw.relative_path.encode() if raw.relative_bytes is None else raw.relative_bytes,
                   size_bytes=raw.size_bytes, received_at=raw.received_at,
                   modified_at=raw.modified_at or raw.received_at, source_kind=raw.source_kind, source=raw.source,
                   copied=copied, archive_path=target)

    def to_json(self) -> dict:
        return {
            "versie": VERSION,
            "sha256": self.sha256,
            "oorspronkelijke_naam": self.file_name,
            "pad": self.relative_path,
            "pad_bytes_hex": self.relative_bytes.hex(),
            "grootte_bytes": self.size_bytes,
            "ontvangen_op": _moment(self.received_at),
            "bestand_gewijzigd_op": _moment(self.modified_at),
            "herkomst": {"soort": self.source_kind, "plaats": self.source},
            "gearchiveerd": self.copied,
            "archiefbestand": self.archive_path.name,  # where the copy is (or would be, when not copied)
        }

    @classmethod
    def from_json(cls, data: dict, location: Path) -> Manifest:
        copied = bool(data["gearchiveerd"])
        return cls(sha256=data["sha256"], file_name=data["oorspronkelijke_naam"], relative_path=data["pad"],
                   relative_bytes=bytes.fromhex(data["pad_bytes_hex"]), size_bytes=int(data["grootte_bytes"]),
                   received_at=_parse(data["ontvangen_op"]), modified_at=_parse(data["bestand_gewijzigd_op"]),
                   source_kind=data["herkomst"]["soort"], source=data["herkomst"]["plaats"], copied=copied,
                   archive_path=location.parent / data["archiefbestand"])


def manifest_path(target: Path) -> Path:
    sha256 = target.name.split(".")[0]
    return target.parent / f"{sha256}{SUFFIX}"


def _moment(moment: dt.datetime) -> str:
    return f"{moment.isoformat()}Z"


def _parse(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).astimezone(dt.UTC).replace(tzinfo=None)


def write_manifest(manifest: Manifest, target: Path) -> Manifest:
    """Write the manifest unless one exists: the first record stands (it holds the first receipt)."""
    path = manifest_path(target)
    existing = read_manifest(path)
    if existing is not None:
        return existing
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    try:
        partial.write_text(json.dumps(manifest.to_json(), indent=1, ensure_ascii=False), encoding="utf-8")
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return manifest


def read_manifest(path: Path) -> Manifest | None:
    """The manifest at `path`, or None when there is none (or it is not one)."""
    try:
        return Manifest.from_json(json.loads(path.read_text(encoding="utf-8")), path)
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError):
        return None


def archive_manifests(archive_dir: Path) -> list[Manifest]:
    """Every manifest in the archive, in the order the files were received (then modified, then path)."""
    found = [m for m in (read_manifest(p) for p in sorted(archive_dir.glob(f"??/*{SUFFIX}"))) if m is not None]
    return sorted(found, key=lambda m: (m.received_at, m.modified_at, m.relative_path))
