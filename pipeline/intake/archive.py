"""Find submission files in the raw folder and archive each unchanged under its SHA-256.

A file is taken in only once it is stable (size and modification time unchanged over a short interval), so a
file still being copied is left for the next look instead of being judged "beschadigd". Its size is checked
before anything is copied: an oversized file is recorded (name, size, hash) but never copied.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from pipeline.config import env_number
from pipeline.intake.manifest import FROM_FOLDER, Manifest, write_manifest
from pipeline.intake.names import readable
from pipeline.intake.receipts import declared_receipts

_CHUNK = 1 << 20
DEFAULT_STABLE_SECONDS = 2.0


def stable_seconds() -> float:
    """How long a file must stay unchanged before it is taken in (WIR_STABIEL_SECONDEN)."""
    return env_number("WIR_STABIEL_SECONDEN", DEFAULT_STABLE_SECONDS)


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


@dataclass(frozen=True)
class RawFile:
    path: Path
    relative_path: str  # readable: bytes that are not UTF-8 shown as \xNN escapes
    sha256: str
    size_bytes: int
    received_at: dt.datetime  # when the monitor first received it (UTC, whole seconds): recorded once
    relative_bytes: bytes | None = None  # the name exactly as the file system has it (os.fsencode)
    modified_at: dt.datetime | None = None  # the file's own modification time (UTC): informative, can be years off
    source: str = ""  # where it came from: the raw folder, or who uploaded it to the portal
    source_kind: str = FROM_FOLDER  # "map" or "portaal"

    @property
    def name(self) -> str:
        """The name it was delivered under (the last part of its relative path), not that of a copy."""
        return PurePosixPath(self.relative_path).name


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


STILL_WRITTEN = "wordt nog geschreven (grootte of tijdstip veranderde tijdens het kijken); de volgende run " \
                "probeert het opnieuw"


def scan_raw_folder(raw_dir: Path, settle: float | None = None) -> RawScan:
    """All stable candidate files below raw_dir, in a stable order (received, then modified, then path).

    A file that disappears while the folder is read is simply not there; one that cannot be read, or is still
    changing, is skipped with its reason, so that it never stops the others. Waiting happens at most once per
    scan, and only when some file was modified within the last `settle` seconds.
    """
    files, skipped = [], []
    if not raw_dir.exists():
        return RawScan(files, skipped)
    settle = stable_seconds() if settle is None else settle
    received_at = utc_now()
    declared = declared_receipts(raw_dir)
    first: dict[Path, os.stat_result] = {}
    for path in sorted(p for p in raw_dir.rglob("*") if is_candidate(p)):
        try:
            first[path] = path.stat()
        except FileNotFoundError:
            continue
        except OSError as error:
            skipped.append(_unreadable(raw_dir, path, error))
    recent = [s for s in first.values() if time.time() - s.st_mtime < settle]
    if recent and settle > 0:
        _wait(settle)
    for path, before in first.items():
        relative_bytes = os.fsencode(path.relative_to(raw_dir))
        relative = readable(relative_bytes)
        try:
            stat = path.stat()
            if (stat.st_size, stat.st_mtime_ns) != (before.st_size, before.st_mtime_ns):
                skipped.append(Skipped(relative, STILL_WRITTEN))
                continue
            digest = sha256_of(path)
        except FileNotFoundError:
            continue
        except OSError as error:
            skipped.append(_unreadable(raw_dir, path, error))
            continue
        modified = dt.datetime.fromtimestamp(int(stat.st_mtime), tz=dt.UTC).replace(tzinfo=None)
        files.append(RawFile(path=path, relative_path=relative, relative_bytes=relative_bytes, sha256=digest,
                             size_bytes=stat.st_size, modified_at=modified,
                             received_at=min(declared.get(relative, received_at), received_at),  # never later
                             source=readable(os.fsencode(raw_dir))))
    order = sorted(files, key=lambda f: (f.received_at, f.modified_at, f.relative_path))
    return RawScan(order, skipped)


def _wait(seconds: float) -> None:
    time.sleep(seconds)


def _unreadable(raw_dir: Path, path: Path, error: OSError) -> Skipped:
    return Skipped(readable(os.fsencode(path.relative_to(raw_dir))),
                   f"kan niet worden gelezen ({_reason(error)}); controleer de rechten op het bestand")


def _reason(error: OSError) -> str:
    from pipeline.errors import dutch_os_error

    return "geen leesrechten" if isinstance(error, PermissionError) else dutch_os_error(error)


class ChangedWhileArchiving(OSError):
    """The file's content changed between hashing and copying: it is probably still being written."""


def archive_path(archive_dir: Path, sha256: str, original: Path) -> Path:
    suffix = original.suffix.lower() if original.suffix.isascii() and len(original.suffix) <= 6 else ""
    return archive_dir / sha256[:2] / f"{sha256}{suffix}"


def archive_file(raw: RawFile, archive_dir: Path, max_bytes: float | None = None) -> tuple[Path, Manifest]:
    """Copy the file byte for byte into the archive (atomically), verified by its hash, with its manifest.

    A file larger than `max_bytes` is not copied: its manifest records name, size and hash, and says so.
    """
    target = archive_path(archive_dir, raw.sha256, raw.path)
    copied = max_bytes is None or raw.size_bytes <= max_bytes
    if copied and not (target.exists() and sha256_of(target) == raw.sha256):
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".partial")
        try:
            shutil.copyfile(raw.path, partial)
            if sha256_of(partial) != raw.sha256:
                raise ChangedWhileArchiving(f"Het bestand {raw.relative_path} veranderde tijdens het archiveren.")
            os.replace(partial, target)
        finally:
            partial.unlink(missing_ok=True)
    # A manifest from an earlier attempt stands: it holds the moment the file was first received.
    return target, write_manifest(Manifest.of(raw, target, copied), target)
