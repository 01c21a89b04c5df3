"""Rebuild the warehouse from the archive alone (`wir-monitor herstel`).

The archive is the truth: every file the monitor ever took in lies there unchanged, with a manifest that says
when it was received. Registering those manifests in a fresh warehouse, oldest first, and then running the
pipeline as `wir-monitor run` does, gives the same verdicts, timeliness and tables as before.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from pipeline.intake.manifest import SUFFIX, Manifest
from pipeline.reference import Reference
from pipeline.warehouse.connection import connect
from pipeline.warehouse.ingest import register_manifest


def set_aside(warehouse: Path, moment: dt.datetime) -> Path | None:
    """Move an existing warehouse file (and its write-ahead log) out of the way, never delete it."""
    if not warehouse.exists():
        return None
    aside = warehouse.with_name(f"{warehouse.name}.voor-herstel-{moment:%Y%m%d-%H%M%S}")
    os.replace(warehouse, aside)
    wal = warehouse.with_name(warehouse.name + ".wal")
    if wal.exists():
        os.replace(wal, aside.with_name(aside.name + ".wal"))
    return aside


def without_manifest(archive_dir: Path, manifests: list[Manifest]) -> list[Path]:
    """Archived files that no readable manifest describes: `herstel` cannot know when they were received."""
    described = {m.sha256 for m in manifests}
    return sorted(p for p in archive_dir.glob("??/*") if p.is_file() and not p.name.endswith((SUFFIX, ".partial"))
                  and p.name.split(".")[0] not in described)


def register_archive(warehouse: Path, manifests: list[Manifest], reference: Reference) -> None:
    """Register the archived files in a new warehouse, in the order they were received."""
    with connect(warehouse) as connection:
        for manifest in manifests:
            register_manifest(connection, manifest, reference)
