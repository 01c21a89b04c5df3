"""Dagster's SQLite event log, without a new database engine and connection for every event.

Dagster's SqliteEventLogStorage creates a SQLAlchemy engine, opens a connection, writes one event, commits
and closes again for every event: a run of one peildatum stores about 75 events (steps, materializations,
asset checks), and half the run's orchestration time went into those connections. This subclass keeps one
engine (with its connection pool) per database file for the few most recent runs, and lets SQLite write
its WAL without a sync per commit (synchronous=NORMAL: the database stays consistent; a power cut may lose
the last events, never corrupt them). Everything else, including the files on disk, is Dagster's own.

It also remembers, per process, which dynamic partitions (peildata) it has seen exist: Dagster asks
`has_dynamic_partition` for the run's partition some 34 times per run (each a query on the index database,
2 s per 100× run). Peildata are only ever added; a partition deleted here is forgotten at once, and one
deleted by another process is not seen by a running command, which ends within minutes.
dagster.yaml configures it as the instance's event log storage; Dagster is pinned exactly (pyproject.toml).
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
import weakref
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager

from dagster._core.storage.event_log.sqlite.sqlite_event_log import INDEX_SHARD_NAME, SqliteEventLogStorage
from dagster._core.storage.sqlite import SQLITE_BUSY_TIMEOUT_SECONDS, create_db_conn_string
from sqlalchemy import create_engine, event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import NullPool

KEPT_ENGINES = 4  # the index database and the shards of the latest runs


def _pragmas(connection, _record) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


class PooledSqliteEventLogStorage(SqliteEventLogStorage):
    """SqliteEventLogStorage that reuses its engine and connections per database file."""

    def __init__(self, base_dir: str, inst_data=None):
        self._engines: OrderedDict[str, Engine] = OrderedDict()  # before Dagster's __init__, which connects
        self._engines_lock = threading.Lock()
        self._template: str | None = None
        self._known_partitions: set[tuple[str, str]] = set()
        super().__init__(base_dir, inst_data=inst_data)

    @classmethod
    def from_config_value(cls, inst_data, config_value) -> PooledSqliteEventLogStorage:
        return cls(inst_data=inst_data, **config_value)

    def _engine(self, shard: str) -> Engine:
        with self._engines_lock:
            engine = self._engines.get(shard)
            if engine is not None:
                self._engines.move_to_end(shard)
                return engine
            engine = create_engine(create_db_conn_string(self._base_dir, shard),
                                   connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS})
            event.listen(engine, "connect", _pragmas)
            self._engines[shard] = engine
            while len(self._engines) > KEPT_ENGINES:
                _, oldest = self._engines.popitem(last=False)
                oldest.dispose()
            return engine

    def _dispose_engines(self) -> None:
        with self._engines_lock:
            while self._engines:
                _, engine = self._engines.popitem()
                engine.dispose()

    def _new_shard_from_template(self, shard: str) -> bool:
        """A new run's database as a copy of an empty one made once per process by Dagster's own `_initdb`
        (creating the tables and stamping the migration version costs far more than copying the file)."""
        path = self.path_for_shard(shard)
        if shard == INDEX_SHARD_NAME or os.path.exists(path):
            return False
        if self._template is None:
            folder = tempfile.mkdtemp(prefix="wir-dagster-")
            weakref.finalize(self, shutil.rmtree, folder, True)
            engine = create_engine(create_db_conn_string(folder, "template"), poolclass=NullPool)
            self._initdb(engine)
            engine.dispose()  # the last connection checkpoints the WAL into the file
            self._template = os.path.join(folder, "template.db")
        partial = f"{path}.{os.getpid()}.partial"
        shutil.copyfile(self._template, partial)
        os.replace(partial, path)
        return True

    @contextmanager
    def _connect(self, shard: str) -> Iterator[Connection]:
        with self._db_lock:
            engine = self._engine(shard)
            if shard not in self._initialized_dbs:
                if not self._new_shard_from_template(shard):
                    self._initdb(engine)
                self._initialized_dbs.add(shard)
            with engine.connect() as conn, conn.begin():
                yield conn

    def has_dynamic_partition(self, partitions_def_name: str, partition_key: str) -> bool:
        if (partitions_def_name, partition_key) in self._known_partitions:
            return True
        found = super().has_dynamic_partition(partitions_def_name, partition_key)
        if found:
            self._known_partitions.add((partitions_def_name, partition_key))
        return found

    def delete_dynamic_partition(self, partitions_def_name: str, partition_key: str) -> None:
        self._known_partitions.discard((partitions_def_name, partition_key))
        super().delete_dynamic_partition(partitions_def_name, partition_key)

    def wipe(self) -> None:
        self._known_partitions.clear()
        self._dispose_engines()  # before Dagster deletes the database files under them
        super().wipe()

    def dispose(self) -> None:
        self._dispose_engines()
        super().dispose()
