"""The archive is the truth: a manifest beside each archived file, receipt moments recorded once, odd names kept
losslessly, oversized files recorded without being copied, and `wir-monitor herstel` rebuilding the same
warehouse from the archive alone."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import random
import shutil

import duckdb
import pandas as pd
import pytest

from pipeline.reference import load_reference
from pipeline.warehouse.status import status_overview
from tests.builders import cz_book, moment, project_row
from tests.conftest import make_project

pytestmark = pytest.mark.alleen_html  # no test here reads the PDF or the Word file

ODD_NAME = b"caf\xe9-vgz.xlsx"  # 'café' as a Windows attachment names it (cp1252), not UTF-8
ODD_READABLE = "caf\\xe9-vgz.xlsx"
TOO_LARGE = 100_000  # bytes; the limit below is 50 kB
SNAPSHOTS = {
    "received_files": "SELECT * EXCLUDE (archived_at) FROM received_files",
    "submissions": "SELECT * EXCLUDE (validated_at) FROM submissions",
    "findings": "SELECT * FROM findings",
    "regions": "SELECT * FROM regions_per_peildatum",
    "projects": "SELECT * FROM projects_per_peildatum",
    "tables": "SELECT * FROM published_tables",
}


@pytest.fixture(scope="module")
def archived(tmp_path_factory, module_monkeypatch):
    """Versions, a rejection, a file named in cp1252, one too large and one with a years-old mtime; one run."""
    module_monkeypatch.setenv("WIR_MAX_FILE_MB", "0.05")
    module_monkeypatch.setenv("WIR_STABIEL_SECONDEN", "0.2")
    project = make_project(tmp_path_factory.mktemp("archief"), module_monkeypatch)
    cz_book(peildatum=dt.date(2020, 3, 31)).write(project.raw / "cz-2020-03.xlsx", received_at=moment(1))
    cz_book().write(project.raw / "cz.xlsx", received_at=moment(2))
    cz_book(zorgkantoor="VGZ", regions=[], projects=[]).write(project.raw / "vgz.xlsx", received_at=moment(3))
    cz_book(projects=[project_row("CZ-1", "Zeeland")]).write(project.raw / "cz-v2.xlsx", received_at=moment(4))
    odd = cz_book(zorgkantoor="Menzis", regions=[]).write(project.raw / "odd.xlsx")
    os.rename(odd, os.path.join(os.fsencode(project.raw), ODD_NAME))
    (project.raw / "groot.xlsx").write_bytes(random.Random(14).randbytes(TOO_LARGE))
    old = cz_book(zorgkantoor="DSW", regions=[]).write(project.raw / "oud.xlsx")
    stamp = dt.datetime(2014, 5, 1, tzinfo=dt.UTC).timestamp()
    os.utime(old, (stamp, stamp))  # a copied file keeps the time it was saved: years before it arrived
    project.started = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
    project.run()
    project.finished = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    return project


def _manifest(project, sha256: str) -> dict:
    return json.loads((project.root / "data" / "archief" / sha256[:2] / f"{sha256}.manifest.json").read_text())


def test_a_name_that_is_not_utf8_is_kept_losslessly_and_shown_readably(archived):
    row = archived.query("SELECT * FROM received_files WHERE file_name = ?", [ODD_READABLE]).iloc[0]
    assert bytes(row["raw_path_bytes"]) == ODD_NAME
    manifest = _manifest(archived, row["sha256"])
    assert bytes.fromhex(manifest["pad_bytes_hex"]) == ODD_NAME and manifest["oorspronkelijke_naam"] == ODD_READABLE
    assert archived.submission(ODD_READABLE)["zorgkantoor"] == "Menzis"
    pages = [p.read_text() for p in archived.reports.rglob("terugkoppeling/*menzis*.html")]
    assert len(pages) == 1 and ODD_READABLE in pages[0]


def test_an_oversized_file_is_recorded_but_never_copied(archived):
    sha256 = hashlib.sha256((archived.raw / "groot.xlsx").read_bytes()).hexdigest()
    row = archived.query("SELECT * FROM received_files WHERE sha256 = ?", [sha256]).iloc[0]
    assert (row["file_name"], row["size_bytes"], bool(row["copied"])) == ("groot.xlsx", TOO_LARGE, False)
    archive = archived.root / "data" / "archief"
    assert [p.name for p in archive.rglob(f"{sha256}*")] == [f"{sha256}.manifest.json"]
    manifest = _manifest(archived, sha256)
    assert (manifest["grootte_bytes"], manifest["gearchiveerd"]) == (TOO_LARGE, False)
    assert archived.submission("groot.xlsx")["status"] == "afgewezen"
    assert archived.findings("groot.xlsx")["rule"].tolist() == ["bestand.te_groot"]
    page = next(archived.reports.rglob(f"terugkoppeling/*{sha256[:8]}.html")).read_text()
    assert "Het bestand is 0,10 MB; de grens is 0,05 MB" in page


def test_received_is_when_the_monitor_first_saw_the_file_recorded_once(archived):
    received = dict(archived.query("SELECT file_name, received_at FROM received_files").values.tolist())
    assert received["cz.xlsx"] == moment(2)  # declared beside the file (as the demo does)
    first_seen = received["oud.xlsx"].to_pydatetime()
    assert archived.started <= first_seen <= archived.finished  # not its mtime in 2014
    for name, sha256 in archived.query("SELECT file_name, sha256 FROM received_files").values.tolist():
        manifest = _manifest(archived, sha256)
        assert dt.datetime.fromisoformat(manifest["ontvangen_op"]).replace(tzinfo=None) == received[name]


def status_overview_of(warehouse, peildatum: str) -> dict[str, str]:
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        overview = status_overview(connection, load_reference(), peildatum)
    return dict(zip(overview["zorgkantoor"], overview["tijdigheid"], strict=True))


def _snapshot(warehouse) -> dict[str, pd.DataFrame]:
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        return {name: connection.execute(f"{sql} ORDER BY ALL").df() for name, sql in SNAPSHOTS.items()}


def test_herstel_rebuilds_the_same_warehouse_from_the_archive_alone(archived, capsys):
    from pipeline.intake.manifest import archive_manifests

    expected = _snapshot(archived.warehouse)
    timeliness = {p: status_overview_of(archived.warehouse, p) for p in ("2020-03", "2020-10")}
    shutil.move(archived.raw, archived.root / "raw-weg")  # the archive alone
    try:
        rebuilt = archived.root / "data" / "herbouwd.duckdb"
        assert archived.cli("herstel", "--naar", str(rebuilt)) == 0
    finally:
        shutil.move(archived.root / "raw-weg", archived.raw)
    assert "7 bestand(en) uit het archief" in capsys.readouterr().out
    found = _snapshot(rebuilt)
    for name, frame in expected.items():
        assert len(frame), name
        pd.testing.assert_frame_equal(found[name], frame, obj=name)
    assert {p: status_overview_of(rebuilt, p) for p in ("2020-03", "2020-10")} == timeliness
    assert len(archive_manifests(archived.root / "data" / "archief")) == 7


def test_a_damaged_warehouse_is_named_and_herstel_repairs_it(tmp_path, monkeypatch, capsys):
    project = make_project(tmp_path / "project", monkeypatch)
    cz_book().write(project.raw / "cz.xlsx", received_at=moment(2))
    project.run()
    (manifest,) = (project.root / "data" / "archief").rglob("*.manifest.json")
    recorded = manifest.read_text()
    manifest.unlink()  # as archived before manifests existed: the next full run writes it from the warehouse
    cz_book(zorgkantoor="VGZ").write(project.raw / "vgz.xlsx", received_at=moment(3))
    project.run()
    assert json.loads(manifest.read_text())["ontvangen_op"] == json.loads(recorded)["ontvangen_op"]
    verdicts = project.query("SELECT file_name, status, received_at FROM submissions ORDER BY ALL")
    with open(project.warehouse, "r+b") as handle:  # a disk error over the file's header
        handle.write(bytes(8192))
    capsys.readouterr()
    assert project.cli("status") == 2
    err = capsys.readouterr().err
    assert f"het warehouse-bestand {project.warehouse} is beschadigd" in err and "wir-monitor herstel" in err
    assert "Error" not in err and "Traceback" not in err

    monkeypatch.setenv("WIR_ARCHIVE_DIR", str(tmp_path / "verkeerde-map"))
    assert project.cli("herstel") == 1  # a wrong archive folder costs nothing: the warehouse stays in place
    assert "staat geen enkel bestand met manifest" in capsys.readouterr().err
    assert project.warehouse.exists() and not list(project.warehouse.parent.glob("*.voor-herstel-*"))
    monkeypatch.delenv("WIR_ARCHIVE_DIR")

    stray = manifest.parent / ("ab" * 32 + ".xlsx")
    stray.write_bytes(b"zonder manifest")  # e.g. copied in by hand: when it was received is unknown
    assert project.cli("herstel") == 0
    out = capsys.readouterr().out
    assert "Het bestaande warehouse is bewaard als" in out
    assert f"Let op: 1 bestand(en) in het archief hebben geen leesbaar manifest en zijn niet opgenomen, omdat " \
           f"niet vaststaat wanneer ze zijn ontvangen: {stray.name}." in out
    assert list(project.warehouse.parent.glob("warehouse.duckdb.voor-herstel-*"))
    pd.testing.assert_frame_equal(
        project.query("SELECT file_name, status, received_at FROM submissions ORDER BY ALL"), verdicts)
    assert project.cli("status") == 0


def test_a_declared_receipt_counts_but_never_later_than_first_sight(tmp_path):
    from pipeline.intake.archive import scan_raw_folder
    from pipeline.intake.receipts import declare_received

    before = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
    declare_received(cz_book().write(tmp_path / "raw" / "cz.xlsx"), moment(2))
    declare_received(cz_book().write(tmp_path / "raw" / "sub" / "vgz.xlsx"), dt.datetime(2042, 1, 1))  # a typo
    received = {f.relative_path: f.received_at for f in scan_raw_folder(tmp_path / "raw", settle=0).files}
    assert received["cz.xlsx"] == moment(2)
    assert before <= received["sub/vgz.xlsx"] <= dt.datetime.now(dt.UTC).replace(tzinfo=None)
