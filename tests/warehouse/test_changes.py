"""`wir-monitor run` with nothing changed says so at once, without starting Dagster; any change runs fully."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.builders import cz_book, moment, project_row

PROBE = ("import sys; from pipeline.cli import main; code = main(sys.argv[1:]); "
         "print('dagster geladen' if 'dagster' in sys.modules else 'zonder dagster'); sys.exit(code)")


def _run(project) -> str:
    done = subprocess.run([sys.executable, "-c", PROBE, "--raw-dir", str(project.raw), "--warehouse",
                           str(project.warehouse), "--reports-dir", str(project.reports), "run"],
                          cwd=project.root, env={**os.environ, "DAGSTER_HOME": str(project.root)},
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_nothing_changed_is_said_without_dagster_and_a_change_runs(project):
    cz_book().write(project.raw / "cz.xlsx", received_at=moment(1))
    first = _run(project)
    assert "Niets veranderd" not in first and "dagster geladen" in first
    again = _run(project)
    assert "Niets veranderd sinds de vorige verwerking" in again and "zonder dagster" in again
    # As the analyst starts it: nothing on stderr (a gc.freeze() at exit made DuckDB print its leak report).
    done = subprocess.run([str(Path(sys.executable).with_name("wir-monitor")), "--raw-dir", str(project.raw),
                           "--warehouse", str(project.warehouse), "--reports-dir", str(project.reports), "run"],
                          cwd=project.root, env={**os.environ, "DAGSTER_HOME": str(project.root)},
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0 and "Niets veranderd" in done.stdout and done.stderr == "", done.stderr
    # The same bytes under another name change nothing either.
    (project.raw / "kopie.xlsx").write_bytes((project.raw / "cz.xlsx").read_bytes())
    assert "Niets veranderd" in _run(project)
    # A changed file, a removed report: each is a real run again.
    cz_book(projects=[project_row("CZ-9", "Zeeland")]).write(project.raw / "cz.xlsx", received_at=moment(2))
    assert "Niets veranderd" not in _run(project)
    assert "Niets veranderd" in _run(project)
    (project.reports / "2020-10" / "voortgangsrapportage-2020-10.pdf").unlink()
    rerun = _run(project)
    assert "Niets veranderd" not in rerun and "Peildatum okt-20 verwerken en rapporteren" in rerun
    assert (project.reports / "2020-10" / "voortgangsrapportage-2020-10.pdf").exists()
