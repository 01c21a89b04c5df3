"""Resource limits: bombs and huge sheets are rejected with a Dutch finding, within bounded memory."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.config import Limits
from pipeline.intake.workbook import UnreadableWorkbook, open_workbook
from tests.builders import cz_book, moment
from tests.hostile_files import PROJECTEN_XML, entity_bomb, million_rows, rewrite, zeros

pytestmark = pytest.mark.alleen_html  # no test here reads the PDF or the Word file

PEAK_MEMORY_MB = 400  # the interpreter with pandas and calamine loaded is ~120 MB of that


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("hostile")
    good = cz_book().write(folder / "goed.xlsx")
    return {
        "bom": rewrite(good, folder / "bom.xlsx", {"xl/media/image1.png": zeros(1024)}),
        "miljoen_rijen": rewrite(good, folder / "miljoen.xlsx", {PROJECTEN_XML: million_rows()}),
        "entiteiten": rewrite(good, folder / "entiteiten.xlsx", {PROJECTEN_XML: entity_bomb()}),
    }


def _open_in_subprocess(path: Path) -> dict:
    script = (
        "import json, re, sys, time; from pathlib import Path\n"
        "from pipeline.intake.workbook import UnreadableWorkbook, open_workbook\n"
        "start = time.monotonic()\n"
        "try:\n    open_workbook(Path(sys.argv[1])); rule = None\n"
        "except UnreadableWorkbook as e:\n    rule = e.finding.rule; message = e.finding.message\n"
        # VmHWM is this process image's own peak; ru_maxrss would include the parent's from before exec.
        "peak = int(re.search(r'VmHWM:\\s+(\\d+)', Path('/proc/self/status').read_text()).group(1)) / 1024\n"
        "print(json.dumps({'rule': rule, 'seconds': time.monotonic() - start, 'peak_mb': peak}))\n")
    result = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True, text=True, timeout=300,
                            check=True)
    return json.loads(result.stdout)


@pytest.mark.parametrize(("case", "rule"), [
    ("bom", "bestand.uitgepakt_te_groot"), ("miljoen_rijen", "blad.te_groot"),
    ("entiteiten", "bestand.onleesbaar")])
def test_hostile_files_cost_bounded_memory(hostile, case, rule):
    assert hostile[case].stat().st_size < 8 * 2**20  # each of them is small as sent
    outcome = _open_in_subprocess(hostile[case])
    print(f"{case}: {outcome}")
    assert outcome["peak_mb"] < PEAK_MEMORY_MB, outcome
    # calamine's XML reader does not expand entity definitions: it refuses the sheet instead.
    assert outcome["rule"] == rule


def test_configured_limits_apply(tmp_path):
    book = cz_book(projects=[]).write(tmp_path / "cz.xlsx")
    with pytest.raises(UnreadableWorkbook) as small:
        open_workbook(book, limits=Limits(max_file_mb=0.001))
    assert small.value.finding.rule == "bestand.te_groot" and "MB" in small.value.finding.message
    with pytest.raises(UnreadableWorkbook) as rows:
        open_workbook(book, limits=Limits(max_rows=3))
    assert rows.value.finding.rule == "blad.te_groot" and rows.value.finding.sheet == "Regio's"


def test_a_bomb_among_good_files_is_archived_rejected_and_stops_nothing(project, hostile):
    cz_book().write(project.raw / "goed.xlsx", received_at=moment(1))
    (project.raw / "bom.xlsx").write_bytes(hostile["bom"].read_bytes())
    project.run()
    assert project.submission("goed.xlsx")["status"] == "geaccepteerd"
    bomb = project.query("SELECT s.status, f.rule, f.message FROM submissions s JOIN findings f USING (submission_id)"
                         " WHERE s.file_name = 'bom.xlsx'")
    assert bomb[["status", "rule"]].values.tolist() == [["afgewezen", "bestand.uitgepakt_te_groot"]]
    assert "pakt uit tot" in bomb["message"][0]
    archived = project.query("SELECT archive_path FROM received_files WHERE file_name = 'bom.xlsx'")
    assert Path(archived["archive_path"][0]).read_bytes() == hostile["bom"].read_bytes()
