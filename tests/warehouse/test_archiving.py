"""Archiving the raw folder: a file that cannot be taken in now never stops the others, and is retried."""

from __future__ import annotations

import shutil
from pathlib import Path

from pipeline.intake import archive
from tests.builders import cz_book, moment


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
