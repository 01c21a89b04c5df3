"""When a command cannot complete (disk full, a folder that cannot be written, a damaged warehouse) the user
reads one Dutch sentence that names the place: no traceback frames and no English library text, also not
from Dagster's own logging. The details go to a log file beside the warehouse."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.builders import cz_book, moment
from tests.conftest import make_project

pytestmark = pytest.mark.alleen_html  # no test here reads the PDF or the Word file

DISK_FULL = """
import errno, sys, types
from pipeline.intake import archive
def full(source, target):
    raise OSError(errno.ENOSPC, "No space left on device", str(target))
archive.shutil = types.SimpleNamespace(copyfile=full)
from pipeline.cli import main
sys.exit(main(sys.argv[1:]))
"""
PLAIN = "import sys\nfrom pipeline.cli import main\nsys.exit(main(sys.argv[1:]))\n"
ENGLISH = ("Traceback", "File \"", "Error", "error:", "No space", "exception", "Not a directory", "not a valid")


def _cli(project, script: str, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", script, "--raw-dir", str(project.raw), "--warehouse", str(project.warehouse),
         "--reports-dir", str(project.reports), *args],
        cwd=project.root, env={**os.environ, "DAGSTER_HOME": str(project.root), **(env or {})},
        capture_output=True, text=True, timeout=300)


@pytest.fixture
def one_file(tmp_path, monkeypatch):
    project = make_project(tmp_path / "project", monkeypatch)
    cz_book().write(project.raw / "cz.xlsx", received_at=moment(2))
    return project


def _dutch_only(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 2, result.stderr
    text = result.stdout + result.stderr
    assert not [word for word in ENGLISH if word in text], text
    return result.stderr


def test_a_full_disk_is_told_in_dutch(one_file):
    err = _dutch_only(_cli(one_file, DISK_FULL, "run"))
    assert "de schijf is vol" in err and str(one_file.root / "data" / "archief") in err
    assert "Maak ruimte vrij" in err
    assert one_file.query("SELECT count(*) AS n FROM received_files")["n"][0] == 0  # nothing half taken in


def test_a_folder_that_cannot_be_written_is_named(one_file):
    blocker = one_file.root / "geen-map"
    blocker.write_text("een bestand waar een map hoort")
    err = _dutch_only(_cli(one_file, PLAIN, "run", env={"WIR_ARCHIVE_DIR": str(blocker / "archief")}))
    assert "een deel van het pad is een bestand en geen map" in err and str(blocker) in err


def test_a_damaged_warehouse_is_named_by_run_and_status(one_file):
    one_file.warehouse.parent.mkdir(parents=True)
    one_file.warehouse.write_bytes(b"\x00" * 4096 + b"geen DuckDB")
    for command in ("run", "status"):
        err = _dutch_only(_cli(one_file, PLAIN, command))
        assert f"het warehouse-bestand {one_file.warehouse} is beschadigd" in err


def test_an_unexpected_failure_names_the_log_not_the_exception(one_file):
    broken = PLAIN.replace("from pipeline.cli", "import pipeline.warehouse.ingest as i\n"
                                                "i.scan_raw_folder = lambda *a: 1 / 0\nfrom pipeline.cli")
    err = _dutch_only(_cli(one_file, broken, "run"))
    log = one_file.warehouse.parent / "wir-monitor-fouten.log"
    assert f"er ging onverwacht iets mis. De technische details staan in {log}." in err
    assert "ZeroDivisionError" in log.read_text()
