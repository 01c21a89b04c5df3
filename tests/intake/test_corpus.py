"""The bad-input corpus through one real `wir-monitor run`, as a separate process, like an analyst runs it.

For every case: exit status 0, the file archived byte for byte, the expected findings (and no other errors)
located to sheet, row and column in the warehouse and in the feedback workbook the zorgkantoor gets. Good
files of other zorgkantoren in the same run are accepted, and nothing a user reads shows a Python traceback.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.builders import SubmissionBook, moment, project_row, region_row, set_received_at
from tests.conftest import located, make_project
from tests.intake.corpus import ACCEPTED, CASES, REJECTED, copy_as, write_case

pytestmark = pytest.mark.alleen_html  # no test here reads the PDF or the Word file

PYTHON_ERRORS = ("Traceback", "Exception", "Error:", 'File "')
# A Python or library exception name, such as CalamineError or XmlError, means nothing to a zorgkantoor.
EXCEPTION_NAME = re.compile(r"[A-Za-z]*(?:Error|Exception)\b|Calamine")


def _good_book(zorgkantoor: str, regions: list[str], extra_projects: int = 0) -> SubmissionBook:
    prefix = zorgkantoor.split()[0].upper()
    projects = [project_row(f"{prefix}-{n}", regions[n % len(regions)]) for n in range(1, 4 + extra_projects)]
    return SubmissionBook(zorgkantoor=zorgkantoor, regions=[region_row(name) for name in regions], projects=projects)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, module_monkeypatch, reference):
    project = make_project(tmp_path_factory.mktemp("corpus"), module_monkeypatch)
    sent = {}
    for case in CASES.values():
        path = write_case(case, project.raw / "2020-10-corpus")
        set_received_at(path, moment(2))
        sent[case.name] = path.read_bytes()

    def regions(holder):
        return [r.regio for r in reference.regions_of(holder)]

    vgz = _good_book("VGZ", regions("VGZ")).write(project.raw / "goed_vgz.xlsx", received_at=moment(1))
    _good_book("Menzis", regions("Menzis")).write(project.raw / "goed_menzis.xlsx", received_at=moment(1))
    set_received_at(copy_as(vgz, project.raw / "later" / "identiek.xlsx"), moment(3))
    zk = regions("Zilveren Kruis")
    _good_book("Zilveren Kruis", zk).write(project.raw / "zk_eerste.xlsx", received_at=moment(1, 9))
    _good_book("Zilveren Kruis", zk, extra_projects=2).write(project.raw / "zk_tweede.xlsx", received_at=moment(1, 15))

    environment = {**os.environ, "DAGSTER_HOME": str(project.root)}
    result = subprocess.run(
        [sys.executable, "-m", "pipeline.cli", "--raw-dir", str(project.raw), "--warehouse", str(project.warehouse),
         "--reports-dir", str(project.reports), "run"],
        cwd=project.root, env=environment, capture_output=True, text=True, timeout=900)
    return project, result, sent


def _feedback_rows(project, sha256: str) -> list[tuple]:
    (sheet_file,) = project.reports.rglob(f"terugkoppeling/*-{sha256[:8]}.xlsx")
    return [tuple(c.value for c in row) for row in load_workbook(sheet_file).active.iter_rows()]


def test_the_corpus_is_large_enough():
    assert len(CASES) >= 60
    assert {case.status for case in CASES.values()} == {ACCEPTED, REJECTED}


def test_the_run_ends_normally_and_says_nothing_technical(corpus):
    project, result, _ = corpus
    assert result.returncode == 0, result.stderr
    for text in (result.stdout, result.stderr):
        assert not any(marker in text for marker in PYTHON_ERRORS), text
    for page in project.reports.rglob("terugkoppeling/*.html"):
        text = page.read_text(encoding="utf-8")
        assert not any(marker in text for marker in PYTHON_ERRORS), page.name
    texts = project.query("SELECT message || ' ' || action AS text FROM findings")["text"]
    assert not [text for text in texts if EXCEPTION_NAME.search(text)]


@pytest.mark.parametrize("name", sorted(CASES))
def test_case(corpus, name):
    project, _, sent = corpus
    case = CASES[name]
    archived = project.query("SELECT sha256, archive_path FROM received_files WHERE file_name = ?", [name])
    assert len(archived) == 1, "not archived"
    assert Path(archived["archive_path"][0]).read_bytes() == sent[name]

    submission = project.submission(name)
    assert submission["status"] == case.status
    findings = project.findings(name)
    found = located(findings)
    for expected in case.findings:
        assert any(f[: len(expected)] == expected for f in found), f"missing {expected}; got {found}"
    errors = {f[:4] for f in located(findings[findings["severity"] == "fout"])}
    expected_errors = {e[:4] for e in case.findings} if case.status == REJECTED else set()
    assert errors == expected_errors
    said = findings["message"] + " " + findings["action"]
    for text in case.message_contains:
        assert said.str.contains(text, regex=False).any(), said.tolist()

    feedback = _feedback_rows(project, archived["sha256"][0])
    for finding in findings.astype(object).where(findings.notna(), None).itertuples():
        row = None if finding.excel_row is None else int(finding.excel_row)
        assert any(r[1:4] == (finding.sheet, row, finding.column_name) and r[5] == finding.message
                   for r in feedback), (finding, feedback)

    if case.stored_names:
        names = project.query("SELECT projectnaam FROM submission_projects WHERE submission_id = ?",
                              [int(submission["submission_id"])])["projectnaam"].tolist()
        assert set(case.stored_names) <= set(names), names


def test_good_files_of_other_zorgkantoren_are_processed_normally(corpus, reference):
    project, _, _ = corpus
    for name, holder in (("goed_vgz.xlsx", "VGZ"), ("goed_menzis.xlsx", "Menzis")):
        submission = project.submission(name)
        assert (submission["status"], submission["errors"]) == (ACCEPTED, 0)
        in_force = project.query("SELECT count(*) AS n FROM regions_per_peildatum WHERE submission_id = ?",
                                 [int(submission["submission_id"])])["n"][0]
        assert in_force == len(reference.regions_of(holder))


def test_a_byte_identical_file_changes_nothing(corpus):
    project, _, _ = corpus
    hashes = project.query("SELECT file_name FROM received_files WHERE sha256 = "
                           "(SELECT sha256 FROM received_files WHERE file_name = 'goed_vgz.xlsx')")
    assert hashes["file_name"].tolist() == ["goed_vgz.xlsx"]
    assert project.query("SELECT count(*) AS n FROM submissions WHERE file_name = 'identiek.xlsx'")["n"][0] == 0
    assert project.query("SELECT count(*) AS n FROM submissions WHERE zorgkantoor = 'VGZ'")["n"][0] == 1


def test_two_files_of_one_zorgkantoor_in_one_run_the_later_one_counts(corpus):
    project, _, _ = corpus
    first, second = project.submission("zk_eerste.xlsx"), project.submission("zk_tweede.xlsx")
    assert first["status"] == second["status"] == ACCEPTED
    assert second["supersedes"] == first["submission_id"]
    current = project.query("SELECT s.file_name FROM current_submissions c JOIN submissions s USING (submission_id)"
                            " WHERE s.zorgkantoor = 'Zilveren Kruis'")
    assert current["file_name"].tolist() == ["zk_tweede.xlsx"]
    projects = project.query("SELECT count(*) AS n FROM projects_per_peildatum WHERE submission_id = ?",
                             [int(second["submission_id"])])
    assert projects["n"][0] == 5
