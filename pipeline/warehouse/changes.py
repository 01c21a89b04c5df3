"""Has anything changed since the last `wir-monitor run`? Answered without importing Dagster or pandas.

Most runs during a half year find nothing new. Starting Dagster for that costs seconds; this check costs a
hash of each file in the raw folder and a few queries: nothing changed when every file is already received
(by its SHA-256, as the archive step would find) and no peildatum is out of date by the rule of
`processed.to_process`, the rule the run itself applies. Anything else - a new or changed file, a file that
cannot be read now, a missing report, new code or reference data - goes through the full run.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.intake.archive import scan_raw_folder
from pipeline.reference.loader import reference_dir
from pipeline.warehouse import processed
from pipeline.warehouse.connection import connect


def nothing_changed(raw_dir: Path, warehouse: Path, reports_dir: Path, target: str | None) -> bool:
    if not warehouse.exists():
        return False
    scan = scan_raw_folder(raw_dir)
    if scan.skipped:
        return False  # the full run says which file it left, and why
    with connect(warehouse, read_only=True) as connection:
        received = {sha256 for (sha256,) in connection.execute("SELECT sha256 FROM received_files").fetchall()}
        if any(raw.sha256 not in received for raw in scan.files):
            return False
        keys = {key for (key,) in connection.execute(
            "SELECT DISTINCT peildatum FROM received_files WHERE peildatum IS NOT NULL").fetchall()}
        if not keys or (target and target not in keys):
            return False  # the full run explains that there is nothing to report
        return not processed.to_process(connection, reference_dir(), reports_dir, target)
