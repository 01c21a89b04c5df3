"""Find submission files in the raw folder and archive each unchanged under its SHA-256."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

_CHUNK = 1 << 20


@dataclass(frozen=True)
class RawFile:
    path: Path
    relative_path: str
    sha256: str
    size_bytes: int
    received_at: dt.datetime  # when the file landed: its modification time, UTC, whole seconds


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def is_candidate(path: Path) -> bool:
    """Every regular file counts, except hidden files and Excel's lock files (~$name.xlsx)."""
    name = path.name
    return path.is_file() and not path.is_symlink() and not name.startswith((".", "~$"))


@dataclass(frozen=True)
class Skipped:
    """A file in the raw folder that could not be taken in this time; it stays there for the next run."""

    relative_path: str
    reason: str  # Dutch, for the analyst


@dataclass(frozen=True)
class RawScan:
    files: list[RawFile]
    skipped: list[Skipped]


def scan_raw_folder(raw_dir: Path) -> RawScan:
    """All candidate files below raw_dir, in a stable order (oldest first, then path).

    A file that disappears while the folder is read is simply not there; one that cannot be read is
    skipped with its reason, so that it never stops the others.
    """
    files, skipped = [], []
    if not raw_dir.exists():
        return RawScan(files, skipped)
    for path in sorted(p for p in raw_dir.rglob("*") if is_candidate(p)):
        relative = path.relative_to(raw_dir).as_posix()
        try:
            stat = path.stat()
            digest = sha256_of(path)
        except FileNotFoundError:
            continue
        except OSError as error:
            skipped.append(Skipped(relative, f"kan niet worden gelezen ({_reason(error)}); controleer de rechten "
                                             "op het bestand"))
            continue
        received = dt.datetime.fromtimestamp(int(stat.st_mtime), tz=dt.UTC).replace(tzinfo=None)
        files.append(RawFile(path=path, relative_path=relative, sha256=digest, size_bytes=stat.st_size,
                             received_at=received))
    return RawScan(sorted(files, key=lambda f: (f.received_at, f.relative_path)), skipped)


def _reason(error: OSError) -> str:
    return "geen leesrechten" if isinstance(error, PermissionError) else error.strerror or type(error).__name__


class ChangedWhileArchiving(OSError):
    """The file's content changed between hashing and copying: it is probably still being written."""


def archive_path(archive_dir: Path, sha256: str, original: Path) -> Path:
    suffix = original.suffix.lower() if original.suffix.isascii() and len(original.suffix) <= 6 else ""
    return archive_dir / sha256[:2] / f"{sha256}{suffix}"


def archive_file(raw: RawFile, archive_dir: Path) -> Path:
    """Copy the file byte for byte into the archive (atomically), verified by its hash."""
    target = archive_path(archive_dir, raw.sha256, raw.path)
    if target.exists() and sha256_of(target) == raw.sha256:
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    shutil.copyfile(raw.path, partial)
    if sha256_of(partial) != raw.sha256:
        partial.unlink()
        raise ChangedWhileArchiving(f"Het bestand {raw.relative_path} veranderde tijdens het archiveren.")
    os.replace(partial, target)
    return target
