"""What each phase of the three phase dimensions means (`fasen.csv`), as the report explains it."""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

from pipeline.reference.loader import reference_dir

PHASE_FILE = "fasen.csv"


@cache
def _load(directory: Path) -> dict[tuple[str, str], str]:
    # A reference folder without the file (an older copy) still loads; the packaged one then describes the phases.
    path = directory / PHASE_FILE
    if not path.exists():
        path = Path(__file__).parent / PHASE_FILE
    with open(path, encoding="utf-8", newline="") as handle:
        return {(row["dimensie"].strip(), row["code"].strip()): row["beschrijving"].strip()
                for row in csv.DictReader(handle)}


def phase_descriptions(directory: Path | None = None) -> dict[tuple[str, str], str]:
    """{(dimensie, code): description} for the phases of afspraken, dynamiek and visie."""
    return _load(Path(directory or reference_dir()).resolve())
