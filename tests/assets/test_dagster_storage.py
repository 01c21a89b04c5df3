"""The project's SQLite event log: it asks the database once per process whether a peildatum exists."""

from __future__ import annotations

from dagster._core.storage.event_log.sql_event_log import SqlEventLogStorage

from tests.builders import cz_book, moment


def test_a_run_asks_once_whether_its_peildatum_exists(project, monkeypatch):
    asked: list[str] = []
    original = SqlEventLogStorage.has_dynamic_partition

    def counting(self, partitions_def_name: str, partition_key: str) -> bool:
        asked.append(partition_key)
        return original(self, partitions_def_name, partition_key)

    monkeypatch.setattr(SqlEventLogStorage, "has_dynamic_partition", counting)
    cz_book().write(project.raw / "cz.xlsx", received_at=moment(1))
    project.run()
    assert asked and asked.count("2020-10") == 1, len(asked)  # Dagster itself asks some 34 times per run


def test_a_deleted_peildatum_is_forgotten(tmp_path):
    from pipeline.dagster_storage import PooledSqliteEventLogStorage

    storage = PooledSqliteEventLogStorage(str(tmp_path))
    try:
        storage.add_dynamic_partitions("peildatum", ["2020-10"])
        assert storage.has_dynamic_partition("peildatum", "2020-10")
        storage.delete_dynamic_partition("peildatum", "2020-10")
        assert not storage.has_dynamic_partition("peildatum", "2020-10")
        assert not storage.has_dynamic_partition("peildatum", "2021-03")
    finally:
        storage.dispose()
