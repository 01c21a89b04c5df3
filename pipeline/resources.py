"""Dagster resources: the DuckDB warehouse and the folder locations."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import duckdb

from pipeline.config import Settings
from pipeline.warehouse.connection import connect

# DuckDB allows one writing process per file: every asset and check touching it shares this pool.
WAREHOUSE_POOL = "duckdb_warehouse"


class WarehouseResource(dg.ConfigurableResource):
    """The DuckDB warehouse file. Connections are opened per use and closed straight after."""

    path: str

    @contextmanager
    def connect(self, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        with connect(Path(self.path), read_only=read_only) as connection:
            yield connection


class PathsResource(dg.ConfigurableResource):
    """Where submissions land, where they are archived and where reports are written."""

    raw_dir: str
    archive_dir: str
    reports_dir: str

    @property
    def raw(self) -> Path:
        return Path(self.raw_dir)

    @property
    def archive(self) -> Path:
        return Path(self.archive_dir)

    @property
    def reports(self) -> Path:
        return Path(self.reports_dir)


def resources_from(settings: Settings) -> dict[str, dg.ConfigurableResource]:
    return {
        "warehouse": WarehouseResource(path=str(settings.warehouse)),
        "paths": PathsResource(raw_dir=str(settings.raw_dir), archive_dir=str(settings.archive_dir),
                               reports_dir=str(settings.reports_dir)),
    }
