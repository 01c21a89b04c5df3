"""Archiving the raw folder: a file that cannot be taken in now never stops the others, and is retried."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from pipeline.intake import archive
from tests.builders import cz_book, moment

pytestmark = pytest.mark.alleen_html  # no test here reads the PDF or the Word file


def test_a_file_changing_while_archived_is_retried_and_stops_nothing(project, monkeypatch, capsys):
    cz_book().write(project.raw / "a.xlsx", received_at=moment(1))
    cz_book(zorgkantoor="VGZ", regions=[], projects=[]).write(project.raw / "b.xlsx", received_at=moment(2))
    cz_book(peildatum="31-03-2020").write(project.raw / "c.xlsx", received_at=moment(3))
    copy = shutil.copyfile

    def still_being_written(source, target):  # b.xlsx grows while the mail client saves it
        copy(source, target)
        if Path(source).name == "b.xlsx":
            with open(target, "ab") as handle:
                handle.write(b"...")

    monkeypatch.setattr(archive.shutil, "copyfile", still_being_written)
    project.run()
    out = capsys.readouterr().out
    assert "Let op: b.xlsx is niet gearchiveerd: veranderde tijdens het archiveren" in out
    assert sorted(project.query("SELECT file_name FROM received_files")["file_name"]) == ["a.xlsx", "c.xlsx"]
    assert project.submission("a.xlsx")["status"] == project.submission("c.xlsx")["status"] == "geaccepteerd"
    assert not list(project.root.rglob("*.partial"))

    monkeypatch.setattr(archive.shutil, "copyfile", copy)
    project.run()
    assert "niet gearchiveerd" not in capsys.readouterr().out
    assert project.submission("b.xlsx")["zorgkantoor"] == "VGZ"


def test_a_file_removed_while_the_folder_is_read_is_passed_over(project, monkeypatch):
    cz_book().write(project.raw / "a.xlsx", received_at=moment(1))
    cz_book(peildatum="31-03-2020").write(project.raw / "weg.xlsx", received_at=moment(2))
    hash_of = archive.sha256_of

    def removed_meanwhile(path):
        if path.name == "weg.xlsx":
            path.unlink()
        return hash_of(path)

    monkeypatch.setattr(archive, "sha256_of", removed_meanwhile)
    project.run()
    assert project.query("SELECT file_name FROM received_files")["file_name"].tolist() == ["a.xlsx"]


def _half_written(path: Path, content: bytes) -> Path:
    path.write_bytes(content[: len(content) // 2])  # fresh: its modification time is now
    return path


def test_a_file_still_being_written_is_left_for_the_next_look(project, monkeypatch, capsys):
    cz_book().write(project.raw / "a.xlsx", received_at=moment(1))
    whole = cz_book(zorgkantoor="VGZ", regions=[], projects=[]).write(project.root / "b.xlsx").read_bytes()
    growing = _half_written(project.raw / "b.xlsx", whole)
    waited = []

    def mail_client_goes_on(seconds):  # while the monitor waits, the rest of the file is written
        waited.append(seconds)
        growing.write_bytes(whole)

    monkeypatch.setenv("WIR_STABIEL_SECONDEN", "600")  # the fake wait takes no time
    monkeypatch.setattr(archive, "_wait", mail_client_goes_on)
    project.run()
    out = capsys.readouterr().out
    assert waited == [600.0]
    assert "Let op: b.xlsx is niet gearchiveerd: wordt nog geschreven" in out
    assert project.query("SELECT file_name FROM received_files")["file_name"].tolist() == ["a.xlsx"]

    monkeypatch.setattr(archive, "_wait", lambda seconds: None)
    project.run()
    assert project.submission("b.xlsx")["zorgkantoor"] == "VGZ"
    assert "bestand.onleesbaar" not in project.findings("b.xlsx")["rule"].tolist()


def test_the_sensor_leaves_a_file_still_being_written_for_its_next_look(tmp_path, monkeypatch):
    import dagster as dg

    from assets.sensors import raw_folder_sensor
    from pipeline.config import Settings
    from pipeline.resources import resources_from

    raw = tmp_path / "raw"
    cz_book().write(raw / "a.xlsx", received_at=moment(1))
    whole = cz_book(zorgkantoor="VGZ").write(tmp_path / "b.xlsx").read_bytes()
    growing = _half_written(raw / "b.xlsx", whole)
    monkeypatch.setenv("WIR_STABIEL_SECONDEN", "600")
    monkeypatch.setattr(archive, "_wait", lambda seconds: growing.write_bytes(whole))
    resources = resources_from(Settings(raw_dir=raw, warehouse=tmp_path / "warehouse.duckdb",
                                        reports_dir=tmp_path / "reports", archive_dir=tmp_path / "archief"))
    with dg.instance_for_test() as instance:
        with dg.build_sensor_context(instance=instance, resources=resources) as context:
            result = raw_folder_sensor(context)
        assert sorted(json.loads(result.cursor)) == [archive.sha256_of(raw / "a.xlsx")]
        monkeypatch.setattr(archive, "_wait", lambda seconds: None)
        with dg.build_sensor_context(instance=instance, resources=resources, cursor=result.cursor) as context:
            later = raw_folder_sensor(context)
        assert archive.sha256_of(raw / "b.xlsx") in json.loads(later.cursor)
