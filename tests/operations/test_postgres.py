"""The production instance (deploy/dagster.postgres.yaml) on a real PostgreSQL server.

The fixture starts the Debian package's server on loopback in a temporary folder (as the `postgres` user when
the tests run as root, because PostgreSQL refuses root), sets up the database as deploy/README.md says, and
`wir-monitor run` then keeps its runs, events and partitions there. No server is a failure, not a
skip: CI has to prove that the documented production configuration works.
"""

from __future__ import annotations

import datetime as dt
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import psycopg2
import pytest
import yaml

from tests.builders import cz_book, moment
from tests.conftest import PROJECT_ROOT

DEPLOY_CONFIG = PROJECT_ROOT / "deploy" / "dagster.postgres.yaml"
SERVER_BINARIES = Path("/usr/lib/postgresql")
ADMIN, ADMIN_PASSWORD = "wir_admin", "beheer-wachtwoord"
# The role and database deploy/README.md tells the administrator to create.
DAGSTER_USER, DAGSTER_PASSWORD, DAGSTER_DB = "wir_monitor", "wachtwoord met spaties & tekens:@/", "wir_dagster"
TIMEOUT = 120  # seconds, for each server command and for the run


@dataclass(frozen=True)
class Server:
    port: int

    def connect(self, user: str = ADMIN, password: str = ADMIN_PASSWORD, dbname: str = "postgres"):
        return psycopg2.connect(host="127.0.0.1", port=self.port, user=user, password=password, dbname=dbname,
                                connect_timeout=10)

    def environment(self) -> dict[str, str]:
        """The variables deploy/dagster.postgres.yaml reads, for the database made by the fixture."""
        return {"WIR_PG_HOST": "127.0.0.1", "WIR_PG_PORT": str(self.port), "WIR_PG_USER": DAGSTER_USER,
                "WIR_PG_PASSWORD": DAGSTER_PASSWORD, "WIR_PG_DB": DAGSTER_DB}


def _binaries() -> Path:
    """The bin folder of the newest installed PostgreSQL server (the server, not only the psql client)."""
    found = [d / "bin" for d in SERVER_BINARIES.glob("*")
             if d.name.isdigit() and all((d / "bin" / tool).exists() for tool in ("postgres", "initdb", "pg_ctl"))]
    if not found:
        pytest.fail(f"No PostgreSQL server in {SERVER_BINARIES}/<version>/bin: install the Debian package "
                    "postgresql (scripts/install-system-packages.sh, which `make setup` runs).", pytrace=False)
    return max(found, key=lambda b: int(b.parent.name))


def _as_server_owner() -> list[str]:
    """PostgreSQL refuses to run as root: as root, run its commands as the `postgres` user of the Debian package."""
    if os.geteuid() != 0:
        return []
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        pytest.fail("Running as root, but there is no `postgres` user to run PostgreSQL as "
                    "(the Debian package postgresql creates it).", pytrace=False)
    return ["runuser", "-u", "postgres", "--"]


def _give_to_server_owner(path: Path) -> None:
    if os.geteuid() == 0:
        shutil.chown(path, "postgres", "postgres")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _server_command(command: list[str], folder: Path, what: str) -> None:
    done = subprocess.run([*_as_server_owner(), *command], cwd=folder, capture_output=True, text=True,
                          timeout=TIMEOUT)
    if done.returncode != 0:
        log = folder / "server.log"
        pytest.fail(f"PostgreSQL: {what} failed ({done.returncode}):\n{done.stdout}{done.stderr}"
                    + (f"\nserver.log:\n{log.read_text()}" if log.exists() else ""), pytrace=False)


@pytest.fixture(scope="module")
def postgres() -> Iterator[Server]:
    """A throw-away PostgreSQL server on 127.0.0.1 with password login only, stopped at teardown whatever happens."""
    binaries = _binaries()
    owner = _as_server_owner()
    # In /tmp itself when root: pytest's own temporary folders are closed to the `postgres` user.
    folder = Path(tempfile.mkdtemp(prefix="wir-pg-", dir="/tmp" if owner else None))
    data = folder / "data"
    try:
        _give_to_server_owner(folder)
        password_file = folder / "admin-password"
        password_file.write_text(ADMIN_PASSWORD + "\n")
        _give_to_server_owner(password_file)
        _server_command([str(binaries / "initdb"), "-D", str(data), "-U", ADMIN, f"--pwfile={password_file}",
                         "--auth=scram-sha-256", "--encoding=UTF8", "--no-locale", "--no-sync"], folder, "initdb")
        server = Server(port=_free_port())
        with (data / "postgresql.conf").open("a") as conf:
            conf.write(f"listen_addresses = '127.0.0.1'\nport = {server.port}\n"
                       f"unix_socket_directories = '{folder}'\n"
                       "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n")  # a test server: speed
        _server_command([str(binaries / "pg_ctl"), "-D", str(data), "-l", str(folder / "server.log"),
                         "-w", "-t", "60", "start"], folder, "start")
        connection = server.connect()
        try:
            connection.autocommit = True  # CREATE DATABASE runs outside a transaction
            with connection.cursor() as cursor:
                cursor.execute(f"CREATE ROLE {DAGSTER_USER} LOGIN PASSWORD %s", [DAGSTER_PASSWORD])
                cursor.execute(f"CREATE DATABASE {DAGSTER_DB} OWNER {DAGSTER_USER}")
        finally:
            connection.close()
        yield server
    finally:
        if (data / "postmaster.pid").exists():
            subprocess.run([*owner, str(binaries / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
                           cwd=folder, capture_output=True, timeout=TIMEOUT, check=False)
        shutil.rmtree(folder, ignore_errors=True)


def test_production_config_keeps_the_local_run_queue_and_telemetry():
    local = yaml.safe_load((PROJECT_ROOT / "dagster.yaml").read_text())
    production = yaml.safe_load(DEPLOY_CONFIG.read_text())
    assert production["concurrency"] == local["concurrency"]
    assert production["telemetry"] == local["telemetry"]


def test_the_pipeline_runs_on_the_production_instance(postgres, tmp_path, monkeypatch):
    from dagster import AssetKey, DagsterInstance, DagsterRunStatus
    from dagster_postgres import PostgresEventLogStorage, PostgresRunStorage, PostgresScheduleStorage

    home = tmp_path / "dagster-home"
    home.mkdir()
    shutil.copy(DEPLOY_CONFIG, home / "dagster.yaml")  # the shipped file itself, as deploy/README.md says
    raw = tmp_path / "raw"
    cz_book(peildatum=dt.date(2020, 3, 31)).write(raw / "cz-voorjaar.xlsx", received_at=moment(1))
    cz_book().write(raw / "cz-najaar.xlsx", received_at=moment(2))
    warehouse = tmp_path / "data" / "warehouse.duckdb"
    environment = {"DAGSTER_HOME": str(home), "WIR_DAGSTER_LOGS": str(tmp_path / "dagster-logs"),
                   **postgres.environment(), "WIR_RAW_DIR": str(raw), "WIR_WAREHOUSE": str(warehouse),
                   "WIR_ARCHIVE_DIR": str(tmp_path / "data" / "archief"), "WIR_REPORTS_DIR": str(tmp_path / "reports")}

    done = subprocess.run([str(Path(sys.executable).with_name("wir-monitor")), "run"], cwd=tmp_path,
                          env={**os.environ, **environment}, capture_output=True, text=True, timeout=TIMEOUT)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Klaar: 2 peildata verwerkt." in done.stdout

    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    with DagsterInstance.from_config(str(home)) as instance:
        assert isinstance(instance.run_storage, PostgresRunStorage)
        assert isinstance(instance.event_log_storage, PostgresEventLogStorage)
        assert isinstance(instance.schedule_storage, PostgresScheduleStorage)
        runs = instance.get_runs()
        assert sorted((r.job_name, r.tags.get("dagster/partition"), r.status) for r in runs) == [
            ("archiveer_aanleveringen", None, DagsterRunStatus.SUCCESS),
            ("verwerk_peildatum", "2020-03", DagsterRunStatus.SUCCESS),
            ("verwerk_peildatum", "2020-10", DagsterRunStatus.SUCCESS)]
        assert sorted(instance.get_dynamic_partitions("peildatum")) == ["2020-03", "2020-10"]
        assert instance.get_materialized_partitions(AssetKey("submissions")) == {"2020-03", "2020-10"}
        assert instance.get_materialized_partitions(AssetKey("progress_report_pdf")) == {"2020-10"}
    assert not list(home.rglob("*.db")), "no SQLite storage next to the PostgreSQL instance"

    connection = postgres.connect(DAGSTER_USER, DAGSTER_PASSWORD, DAGSTER_DB)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT status, count(*) FROM runs GROUP BY status")
            assert cursor.fetchall() == [("SUCCESS", 3)]
            cursor.execute("SELECT count(*) FROM event_logs WHERE dagster_event_type = 'ASSET_MATERIALIZATION'")
            assert cursor.fetchone()[0] > 0
    finally:
        connection.close()
    with duckdb.connect(str(warehouse), read_only=True) as warehouse_connection:
        assert warehouse_connection.execute("SELECT peildatum, status FROM submissions ORDER BY 1").fetchall() == [
            ("2020-03", "geaccepteerd"), ("2020-10", "geaccepteerd")]
