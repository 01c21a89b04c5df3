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
