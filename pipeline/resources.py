"""Dagster resources: the DuckDB warehouse and the folder locations."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Self

import dagster as dg
import duckdb

from pipeline.config import Settings
from pipeline.reference.loader import reference_dir
from pipeline.warehouse import processed
from pipeline.warehouse.connection import connect, shared_connection
from pipeline.warehouse.schema import ensure_schema


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


class WarehouseResource(dg.ConfigurableResource):
    """The DuckDB warehouse file, held by a run from its first step to its last.

    Every run that uses it - started by `wir-monitor`, the sensor, the schedule or the UI - takes the
    warehouse's one lock before its first step and keeps one connection until its last
    (pipeline/warehouse/lock.py): the same lock, taken in the same order, as a `wir-monitor` command.
    """

    path: str
    paths: PathsResource  # where the reports go: part of what a run records as processed

    @contextmanager
    def yield_for_execution(self, context: dg.InitResourceContext) -> Iterator[Self]:
        if context.dagster_run is None:  # a sensor's evaluation: it reads, without waiting (see the sensor)
            yield self
            return
        with shared_connection(Path(self.path), on_wait=lambda: context.log.info(
                "Het warehouse is in gebruik door een andere verwerking; deze run wacht tot die klaar is …")):
            yield self
            # Whoever started the run (CLI, sensor): what it brought up to date is not redone next time.
            if not context.instance.get_records_for_run(
                    context.run_id, of_type=dg.DagsterEventType.STEP_FAILURE, limit=1).records:
                with connect(Path(self.path)) as connection:
                    processed.record_run(connection, context.dagster_run.tags, reference_dir(), self.paths.reports)

    @contextmanager
    def connect_if_free(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """Read without waiting (for the sensor): `WarehouseBusy` at once while a run or command holds the
        warehouse. Before the first run there is no warehouse yet: then an empty one in memory."""
        if not Path(self.path).exists():
            connection = duckdb.connect(":memory:")
            try:
                ensure_schema(connection)
                yield connection
            finally:
                connection.close()
            return
        with connect(Path(self.path), read_only=True, timeout=0) as connection:
            yield connection

    @contextmanager
    def connect(self, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        with connect(Path(self.path), read_only=read_only) as connection:
            yield connection


def resources_from(settings: Settings) -> dict[str, dg.ConfigurableResource]:
    paths = PathsResource(raw_dir=str(settings.raw_dir), archive_dir=str(settings.archive_dir),
                          reports_dir=str(settings.reports_dir))
    return {"warehouse": WarehouseResource(path=str(settings.warehouse), paths=paths), "paths": paths}
