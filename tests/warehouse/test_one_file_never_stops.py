"""A run is never stopped by one file: whatever fails for it while it is registered, read, assessed, loaded or
given feedback becomes its finding, the others are judged exactly as without the failure, and a later run
does not meet the file again as a failure."""

from __future__ import annotations

import hashlib

import pytest

from pipeline.feedback import documents
from pipeline.warehouse import ingest, load
from tests.builders import cz_book, moment
from tests.conftest import make_project

pytestmark = pytest.mark.alleen_html  # no test here reads the PDF or the Word file

VICTIM = "vgz.xlsx"
VERDICTS = "SELECT file_name, zorgkantoor, peildatum, status, errors, warnings FROM submissions ORDER BY file_name"
FINDINGS = """SELECT s.file_name, f.finding_no, f.rule, f.sheet, f.excel_row, f.column_name, f.value, f.message
              FROM findings f JOIN submissions s USING (submission_id) ORDER BY ALL"""


class Injected(RuntimeError):
    """An English library message that must never reach anyone."""


def _write(project) -> str:
    cz_book().write(project.raw / "cz.xlsx", received_at=moment(2))
    cz_book(zorgkantoor="VGZ", regions=[]).write(project.raw / VICTIM, received_at=moment(3))
    cz_book(regions=[]).write(project.raw / "cz-fout.xlsx", received_at=moment(4))
    return hashlib.sha256((project.raw / VICTIM).read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def undisturbed(tmp_path_factory, module_monkeypatch):
    project = make_project(tmp_path_factory.mktemp("ongestoord"), module_monkeypatch)
    _write(project)
    project.run()
    return project.query(VERDICTS), project.query(FINDINGS)


def _fail_for(victim: str, original, concerns):
    def failing(*args, **kwargs):
        if concerns(victim, *args):
            raise Injected("Something went badly wrong in the library")
        return original(*args, **kwargs)
    return failing


def _unrecorded_failure(parsed) -> bool:
    return not any(f.rule == "bestand.verwerkingsfout" for f in parsed.findings)


STAGES = {
    # stage: (module, function, whether a call concerns the victim (by hash), the rule the victim gets)
    "registreren": (ingest, "read_identity", lambda victim, path, *_: path.stem == victim, None),
    "lezen": (ingest, "read_submission", lambda victim, path, *_: path.stem == victim, "bestand.verwerkingsfout"),
    "beoordelen": (ingest, "assess_batch", lambda victim, batch, *_: victim in batch, "bestand.verwerkingsfout"),
    # Each file's judgement, in the batch's one transaction as well as in a transaction of its own.
    "laden": (load, "_record",
              lambda victim, _, sha256, parsed, *rows: sha256 == victim and _unrecorded_failure(parsed),
              "bestand.verwerkingsfout"),
    "terugkoppeling": (documents, "write_feedback", lambda victim, document, *_: document.sha256 == victim,
                       "terugkoppeling.niet_geschreven"),
}


@pytest.mark.parametrize("stage", list(STAGES))
def test_a_failure_at_any_stage_is_that_files_finding(stage, undisturbed, tmp_path, monkeypatch, capsys):
    expected_verdicts, expected_findings = undisturbed
    project = make_project(tmp_path / stage, monkeypatch)
    victim = _write(project)
    module, name, concerns, rule = STAGES[stage]
    monkeypatch.setattr(module, name, _fail_for(victim, getattr(module, name), concerns))
    project.run()

    others = expected_verdicts["file_name"] != VICTIM
    verdicts = project.query(VERDICTS)
    assert verdicts[verdicts["file_name"] != VICTIM].reset_index(drop=True).equals(
        expected_verdicts[others].reset_index(drop=True))
    findings = project.query(FINDINGS)
    assert findings[findings["file_name"] != VICTIM].reset_index(drop=True).equals(
        expected_findings[expected_findings["file_name"] != VICTIM].reset_index(drop=True))

    victim_row = project.submission(VICTIM)  # judged, whatever happened
    victim_findings = project.findings(VICTIM)
    if stage == "registreren":  # without its peildatum it is judged among the files without one
        assert victim_row["status"] == "afgewezen"
    elif stage == "terugkoppeling":  # the verdict stands; its feedback could not be written
        assert victim_row["status"] == expected_verdicts[~others]["status"].iloc[0]
        assert rule in victim_findings["rule"].tolist()
    else:
        assert victim_row["status"] == "afgewezen"
        assert victim_findings[["rule", "message"]].values.tolist() == [
            [rule, f"Bij het {stage} van dit bestand liep de WIR-monitor vast; het bestand is daarom niet gebruikt."]]
    out = capsys.readouterr()
    assert "Injected" not in out.out + out.err and "Something" not in out.out + out.err

    project.run()  # the file stays judged: the next run meets no failure and judges nothing anew
    assert project.query(VERDICTS).equals(verdicts)
