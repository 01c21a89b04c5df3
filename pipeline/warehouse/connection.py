"""Short-lived DuckDB connections and transactions."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from pipeline.warehouse.lock import warehouse_lock
from pipeline.warehouse.schema import ensure_schema


class WarehouseMissing(Exception):
    """There is no warehouse file yet."""


@contextmanager
def connect(path: Path, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open the warehouse (creating it and its schema when writing) and always close it."""
    if read_only and not path.exists():
        raise WarehouseMissing(f"Er is nog geen warehouse op {path}: voer eerst 'wir-monitor run' uit.")
    path.parent.mkdir(parents=True, exist_ok=True)
    with warehouse_lock(path, exclusive=not read_only):
        connection = duckdb.connect(str(path), read_only=read_only)
        try:
            if not read_only:
                ensure_schema(connection)
            yield connection
        finally:
            connection.close()


@contextmanager
def transaction(connection: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """All statements inside commit together or not at all."""
    connection.begin()
    try:
        yield connection
    except BaseException:
        connection.rollback()
        raise
    connection.commit()
