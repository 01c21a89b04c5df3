"""The portal on PostgreSQL as deploy/README.md sets it up: its own role and database, WIR_PORTAL_DATABASE_URL,
accounts made by the CLI, and an upload through the API of the running `wir-monitor portal`."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from urllib.parse import quote

import requests

from tests.operations.test_postgres import postgres  # noqa: F401  (the throw-away PostgreSQL server)
from tests.portal.conftest import corrected_book
from tests.portal_browser.conftest import _free_port

ROLE, PASSWORD, DATABASE = "wir_portaal", "een wachtwoord met @ en :", "wir_portaal"


def test_the_portal_runs_on_postgresql(postgres, tmp_path):  # noqa: F811
    connection = postgres.connect()
    connection.autocommit = True
    with connection.cursor() as cursor:  # as deploy/README.md, section 6
        cursor.execute(f"CREATE ROLE {ROLE} LOGIN PASSWORD %s", [PASSWORD])
        cursor.execute(f"CREATE DATABASE {DATABASE} OWNER {ROLE}")
    connection.close()
    url = f"postgres://{ROLE}:{quote(PASSWORD, safe='')}@127.0.0.1:{postgres.port}/{DATABASE}"
    environment = {**os.environ, "WIR_PORTAL_DATABASE_URL": url, "WIR_RAW_DIR": str(tmp_path / "raw"),
                   "WIR_WAREHOUSE": str(tmp_path / "data" / "wh.duckdb"), "WIR_REPORTS_DIR": str(tmp_path / "reports")}
    environment.pop("DJANGO_SETTINGS_MODULE", None)

    def cli(*args: str) -> str:
        done = subprocess.run([sys.executable, "-m", "pipeline.cli", *args], env=environment, cwd=tmp_path,
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        return done.stdout

    cli("gebruiker", "toevoegen", "--email", "cz@example.nl", "--rol", "zorgkantoor", "--zorgkantoor", "CZ")
    token = cli("gebruiker", "token", "--email", "cz@example.nl").strip()
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "portal", "--port", str(port)], cwd=tmp_path,
                              env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        base = f"http://127.0.0.1:{port}/api/v1/aanleveringen"
        deadline = time.monotonic() + 120
        while True:
            try:
                requests.get(base, timeout=10)
                break
            except requests.RequestException:  # not listening yet, or busy with its first request
                assert server.poll() is None, server.stdout.read()
                assert time.monotonic() < deadline, "het portaal startte niet"
                time.sleep(0.2)
        path = corrected_book().write(tmp_path / "goed.xlsx")
        with open(path, "rb") as handle:
            answer = requests.post(base, headers={"Authorization": f"Token {token}"}, files={"bestand": handle},
                                   timeout=60)
        assert answer.status_code == 201, answer.text
        assert answer.json()["status"] == "geaccepteerd"
    finally:
        server.terminate()
        server.wait(timeout=30)
    stored = postgres.connect(user=ROLE, password=PASSWORD, dbname=DATABASE)
    try:
        with stored.cursor() as cursor:
            cursor.execute("SELECT kenmerk, zorgkantoor, status FROM portal_submission")
            assert cursor.fetchall() == [(answer.json()["kenmerk"], "CZ", "geaccepteerd")]
            cursor.execute("SELECT actie FROM portal_auditevent ORDER BY id")
            assert [row[0] for row in cursor.fetchall()] == ["account_aangemaakt", "token", "aanlevering"]
    finally:
        stored.close()
    assert not (tmp_path / "data" / "portaal" / "portaal.sqlite3").exists()
