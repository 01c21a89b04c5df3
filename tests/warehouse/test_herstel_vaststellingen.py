"""The records of vaststellingen in the archive: append-only, and a damaged one stops `herstel` with a Dutch
message naming it, before anything is moved. (The replay itself is tested in tests/operations/test_cycle.py,
on the whole cycle of vaststellen and heropenen.)"""

from __future__ import annotations

import datetime as dt
import json
import random

from pipeline.intake.archive import archive_path
from pipeline.intake.manifest import Manifest, write_manifest
from pipeline.warehouse.vaststellingen import LOCKED, REOPENED, LockRecord, read_records, write_record

AT = dt.datetime(2021, 1, 15, 10)


def test_records_are_never_overwritten(tmp_path):
    first = write_record(tmp_path, LockRecord(REOPENED, "2020-10", AT, "a", "eerste"))
    second = write_record(tmp_path, LockRecord(REOPENED, "2020-10", AT, "b", "tweede"))  # the same second
    assert first != second and json.loads(first.read_text())["reden"] == "eerste"
    assert [r.reason for r in read_records(tmp_path)] == ["eerste", "tweede"]
    assert not list(tmp_path.rglob("*.partial"))


def test_a_damaged_record_is_named_and_nothing_is_moved(project, capsys):
    archive = project.root / "data" / "archief"
    sha256 = "ab" * 32
    target = archive_path(archive, sha256, project.raw / "cz.xlsx")
    target.parent.mkdir(parents=True)
    target.write_bytes(b"een aanlevering")
    write_manifest(Manifest(sha256, "cz.xlsx", "cz.xlsx", b"cz.xlsx", 15, AT, AT, "map", "raw", True, target), target)
    lock = LockRecord(LOCKED, "2020-10", AT, "analist", None, locks=(("2020-10", None),), judged=(sha256,))
    write_record(archive, lock)
    damaged = write_record(archive, LockRecord(REOPENED, "2020-10", AT, "analist", "correctie"))
    whole = damaged.read_bytes()
    project.warehouse.parent.mkdir(parents=True, exist_ok=True)
    project.warehouse.write_bytes(b"het warehouse van nu")
    for broken in (whole[:40], random.Random(14).randbytes(len(whole)), b"[]"):  # cut off, noise, not a record
        damaged.write_bytes(broken)
        capsys.readouterr()
        assert project.cli("herstel") == 1
        err = capsys.readouterr().err
        assert f"Het vastleggingsbestand {damaged} in het archief is beschadigd of onleesbaar." in err
        assert "Er is niets veranderd. Zet een goede kopie van dit bestand terug" in err
        assert "Traceback" not in err and "Error" not in err
        assert project.warehouse.read_bytes() == b"het warehouse van nu"
        assert not list(project.warehouse.parent.glob("*.voor-herstel-*"))
