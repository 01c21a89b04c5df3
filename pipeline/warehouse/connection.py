"""Short-lived DuckDB connections and transactions."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import duckdb

from pipeline.errors import WarehouseDamaged
from pipeline.warehouse.lock import warehouse_lock
from pipeline.warehouse.schema import ensure_schema

CHECKPOINT_THRESHOLD = "1GB"


class WarehouseMissing(Exception):
    """There is no warehouse file yet."""


class _Shared:
    def __init__(self) -> None:
        self.scope = ExitStack()
        self.connection: duckdb.DuckDBPyConnection | None = None


_shared = threading.local()  # per thread: {resolved warehouse path: _Shared}


def _shared_scopes() -> dict[str, _Shared]:
    if not hasattr(_shared, "scopes"):
        _shared.scopes = {}
    return _shared.scopes


@contextmanager
def shared_connection(path: Path, on_wait: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold the warehouse for the block: its lock, exclusively, from the start (waiting for it if need be),
    and one connection that every `connect(path)` in this thread gets, opened at the first use and closed at
    the end. Opening and closing a DuckDB file costs tens of milliseconds, and one run of a peildatum has a
    dozen steps that each connect. `wir-monitor run` wraps its whole command in this block, and every Dagster
    run its steps (`WarehouseResource`). Outside it, every `connect` takes the lock and opens a connection
    of its own."""
    scopes = _shared_scopes()
    key = str(path.resolve())
    if key in scopes:
        yield
        return
    with warehouse_lock(path, exclusive=True, on_wait=on_wait):
        shared = scopes[key] = _Shared()
        try:
            with shared.scope:
                yield
        finally:
            del scopes[key]


@contextmanager
def connect(path: Path, read_only: bool = False, timeout: float | None = None
            ) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open the warehouse (creating it and its schema when writing) and always close it; within
    `shared_connection(path)`, the shared connection. `timeout`: how long to wait for the lock (default
    WIR_LOCK_TIMEOUT; 0 to give up at once with `WarehouseBusy`)."""
    shared = _shared_scopes().get(str(path.resolve())) if _shared_scopes() else None
    if shared is not None and (shared.connection is not None or not read_only or path.exists()):
        if shared.connection is None:
            shared.connection = shared.scope.enter_context(_open(path, read_only=False))
        yield shared.connection
        return
    with _open(path, read_only, timeout) as connection:
        yield connection


@contextmanager
def _open(path: Path, read_only: bool, timeout: float | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    if read_only and not path.exists():
        raise WarehouseMissing(f"Er is nog geen warehouse op {path}: voer eerst 'wir-monitor run' uit.")
    path.parent.mkdir(parents=True, exist_ok=True)
    with warehouse_lock(path, exclusive=not read_only, timeout=timeout):
        connection = _connect(path, read_only)
        try:
            if not read_only:
                # A run commits hundreds of small transactions; DuckDB's default (16 MB of WAL) would rewrite
                # the file several times during one. Closing the connection still checkpoints.
                connection.execute(f"SET checkpoint_threshold = '{CHECKPOINT_THRESHOLD}'")
                ensure_schema(connection)
            yield connection
        finally:
            connection.close()


def _connect(path: Path, read_only: bool) -> duckdb.DuckDBPyConnection:
    """DuckDB's connection; a file it cannot make sense of is reported as a damaged warehouse, by its path."""
    existed = path.exists() and path.stat().st_size > 0
    try:
        return duckdb.connect(str(path), read_only=read_only)
    except duckdb.Error as error:
        text = str(error).lower()
        if existed and not any(word in text for word in ("lock", "space left", "permission", "read-only")):
            raise WarehouseDamaged(path) from error
        raise


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
