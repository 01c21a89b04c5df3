"""Locations and limits, from environment variables with the contract's defaults."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


class SettingError(ValueError):
    """An environment variable with a value the monitor cannot use; its message is for the analyst."""

    def __init__(self, variable: str, value: str, expected: str) -> None:
        self.dutch_message = (f"de omgevingsvariabele {variable} heeft de waarde '{value}', maar moet {expected} "
                              f"zijn. Pas hem aan of haal hem weg (dan geldt de standaardwaarde).")
        super().__init__(self.dutch_message)


def env_number(variable: str, default: float, *, whole: bool = False, minimum: float = 0) -> float:
    """A number from the environment (the default when unset or empty), at least `minimum`."""
    raw = os.environ.get(variable, "").strip()
    if not raw:
        return int(default) if whole else default
    expected = f"een {'geheel ' if whole else ''}getal van minstens {minimum:g}"
    try:
        number = int(raw) if whole else float(raw.replace(",", "."))
    except ValueError:
        raise SettingError(variable, raw, expected) from None
    if not number >= minimum:  # also refuses nan
        raise SettingError(variable, raw, expected)
    return number


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
        defaults = cls()
        return cls(
            max_file_mb=env_number("WIR_MAX_FILE_MB", defaults.max_file_mb),
            max_unpacked_mb=env_number("WIR_MAX_UNPACKED_MB", defaults.max_unpacked_mb),
            max_ratio=env_number("WIR_MAX_RATIO", defaults.max_ratio),
            max_rows=env_number("WIR_MAX_ROWS", defaults.max_rows, whole=True),
            max_cells=env_number("WIR_MAX_CELLS", defaults.max_cells, whole=True),
        )
