"""Fixtures: a throw-away project folder, and the real CLI run on it."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from pipeline.cli import main
from pipeline.reference import load_reference

PROJECT_ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Project:
    """A project folder with its own raw folder, warehouse, reports and Dagster instance."""

    root: Path

    @property
    def raw(self) -> Path:
        return self.root / "raw"

    @property
    def reports(self) -> Path:
        return self.root / "reports"

    @property
    def warehouse(self) -> Path:
        return self.root / "data" / "warehouse.duckdb"

    def cli(self, *args: str) -> int:
        return main(["--raw-dir", str(self.raw), "--warehouse", str(self.warehouse),
                     "--reports-dir", str(self.reports), *args])

    def run(self) -> None:
        assert self.cli("run") == 0

    def query(self, sql: str, params: list | None = None) -> pd.DataFrame:
        with duckdb.connect(str(self.warehouse), read_only=True) as connection:
            return connection.execute(sql, params or []).df()

    def submission(self, file_name: str) -> pd.Series:
        rows = self.query("SELECT * FROM submissions WHERE file_name = ?", [file_name])
        assert len(rows) == 1, f"{file_name}: {len(rows)} submissions"
        return rows.iloc[0]

    def findings(self, file_name: str) -> pd.DataFrame:
        return self.query(
            """SELECT f.* FROM findings f JOIN submissions s USING (submission_id)
               WHERE s.file_name = ? ORDER BY finding_no""", [file_name])


def located(findings: pd.DataFrame) -> set[tuple]:
    """Findings as (rule, sheet, excel row, column, value), None where a part is absent."""
    plain = findings.astype(object).where(findings.notna(), None)
    return {
        (f.rule, f.sheet, None if f.excel_row is None else int(f.excel_row), f.column_name, f.value)
        for f in plain.itertuples()
    }


@pytest.fixture(autouse=True, scope="module")
def _report_formats(request: pytest.FixtureRequest) -> Iterator[None]:
    # Printing the PDF and drawing Word's charts is most of a run's time; modules that read neither skip them.
    # Module scope, so the module's own fixtures run with it too: the mark is read from the module only.
    with pytest.MonkeyPatch.context() as patch:
        if request.node.get_closest_marker("alleen_html"):
            patch.setenv("WIR_RAPPORTFORMATEN", "html")
        yield


def make_project(root: Path, monkeypatch: pytest.MonkeyPatch) -> Project:
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(PROJECT_ROOT / "dagster.yaml", root / "dagster.yaml")
    monkeypatch.chdir(root)
    monkeypatch.setenv("DAGSTER_HOME", str(root))
    return Project(root)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Project:
    return make_project(tmp_path / "project", monkeypatch)


HOSTILE_NAME = "<script>alert(1)</script>"


@pytest.fixture(scope="session")
def seed_project(tmp_path_factory):
    """The seed-003 submissions through the real pipeline, one project renamed to hostile markup."""
    from openpyxl import load_workbook

    from tests.tables.seed_fixture import write_seed_submissions

    with pytest.MonkeyPatch.context() as patch:
        project = make_project(tmp_path_factory.mktemp("seed003"), patch)
        paths = write_seed_submissions(project.raw)
        target = next(p for p in paths if "2020-10" in p.name and "vgz" in p.name)
        stat = target.stat()
        workbook = load_workbook(target)
        workbook["Projecten"]["B2"].value = HOSTILE_NAME  # a name changes no figure
        workbook.save(target)
        os.utime(target, (stat.st_atime, stat.st_mtime))
        project.run()
        yield project


@pytest.fixture(scope="module")
def module_monkeypatch():
    with pytest.MonkeyPatch.context() as patch:
        yield patch


@pytest.fixture(scope="session")
def reference():
    return load_reference()
