"""Locations and limits, from environment variables with the contract's defaults."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    raw_dir: Path
    warehouse: Path
    reports_dir: Path
    archive_dir: Path

    @classmethod
    def from_env(cls, base: Path | None = None, overrides: dict[str, str | None] | None = None) -> Settings:
        """Locations from `overrides` (e.g. command-line flags), else the environment, else the defaults."""
        base = Path(base or os.getcwd())
        overrides = overrides or {}

        def location(variable: str, default: str) -> Path:
            path = Path(overrides.get(variable) or os.environ.get(variable) or default)
            return path if path.is_absolute() else (base / path)

        warehouse = location("WIR_WAREHOUSE", "data/warehouse.duckdb")
        return cls(
            raw_dir=location("WIR_RAW_DIR", "raw"),
            warehouse=warehouse,
            reports_dir=location("WIR_REPORTS_DIR", "reports"),
            archive_dir=location("WIR_ARCHIVE_DIR", str(warehouse.parent / "archief")),
        )


@dataclass(frozen=True)
class Limits:
    """What one submission file may cost; configurable because a region's register may grow."""

    max_file_mb: float = 25
    max_unpacked_mb: float = 250  # all parts of the .xlsx zip together, unpacked
    max_ratio: float = 250  # unpacked/packed per part: higher is a decompression bomb, not a workbook
    max_rows: int = 50_000  # per sheet
    max_cells: int = 2_000_000  # per workbook

    @classmethod
    def from_env(cls) -> Limits:
        def value(variable: str, default: float) -> float:
            return float(os.environ.get(variable) or default)

        defaults = cls()
        return cls(
            max_file_mb=value("WIR_MAX_FILE_MB", defaults.max_file_mb),
            max_unpacked_mb=value("WIR_MAX_UNPACKED_MB", defaults.max_unpacked_mb),
            max_ratio=value("WIR_MAX_RATIO", defaults.max_ratio),
            max_rows=int(value("WIR_MAX_ROWS", defaults.max_rows)),
            max_cells=int(value("WIR_MAX_CELLS", defaults.max_cells)),
        )
