"""The reader child: an abort, an out-of-memory or a hang while reading one file is that file's finding.

The sheet pre-scan refuses the known ways to make calamine allocate (tests/intake/corpus.py); here its limits
are lifted, so that the reader itself meets the hostile file, as it would meet one we do not know yet.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from pipeline.config import Limits
from pipeline.intake.isolation import ReaderFailed, ReaderLimits, ReaderPool, ReaderProcess
from pipeline.reference import load_reference
from tests.builders import cz_book
from tests.hostile_files import PROJECTEN_XML, million_rows, rewrite

NO_SHEET_LIMITS = Limits(max_rows=10**9, max_cells=10**15)


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("isolation")
    good = cz_book().write(folder / "goed.xlsx")
    with zipfile.ZipFile(good) as archive:
        xml = archive.read(PROJECTEN_XML).decode()

    def far(reference: str) -> Path:
        row = reference.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        cell = f'<row r="{row}"><c r="{reference}" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
        return rewrite(good, folder / f"{reference}.xlsx", {PROJECTEN_XML: xml.replace("</sheetData>", cell).encode()})

    return {"goed": good, "hoek": far("XFD1048576"), "xfd3000": far("XFD3000"),
            "miljoen": rewrite(good, folder / "miljoen.xlsx", {PROJECTEN_XML: million_rows()})}


@pytest.fixture(scope="module")
def reference():
    return load_reference()


def _read(reader: ReaderProcess, reference, path: Path):
    return reader.call("submission", reference, path, path.name, None, NO_SHEET_LIMITS)


def _rule(reader: ReaderProcess, reference, path: Path) -> str:
    with pytest.raises(ReaderFailed) as failed:
        _read(reader, reference, path)
    return failed.value.finding.rule


def test_an_abort_in_the_reader_is_a_finding_and_the_next_file_is_read(files, reference):
    reader = ReaderProcess(ReaderLimits())
    try:
        assert _read(reader, reference, files["goed"]).zorgkantoor == "CZ"
        first = reader.process.pid
        # calamine allocates the whole grid up to XFD1048576: the allocation fails and Rust aborts (rc 134).
        assert _rule(reader, reference, files["hoek"]) in ("bestand.leesfout", "bestand.geheugen")
        parsed = _read(reader, reference, files["goed"])
        assert (parsed.zorgkantoor, parsed.peildatum, parsed.findings) == ("CZ", "2020-10", [])
        assert reader.process.pid != first  # a fresh child took over
    finally:
        reader.close()


def test_a_reader_past_its_memory_limit_is_a_finding(files, reference):
    # XFD3000 makes calamine build 49 million cells (1.6 GB); the child may map 1.5 GB.
    reader = ReaderProcess(ReaderLimits(memory_mb=1536))
    try:
        assert _rule(reader, reference, files["xfd3000"]) == "bestand.geheugen"
        assert _read(reader, reference, files["goed"]).findings == []
    finally:
        reader.close()


def test_a_reader_past_its_deadline_is_killed_and_a_finding(files, reference):
    reader = ReaderProcess(ReaderLimits(seconds=1))
    try:
        with pytest.raises(ReaderFailed) as failed:
            _read(reader, reference, files["miljoen"])
        assert failed.value.finding.rule == "bestand.te_traag"
        assert "langer dan 1 seconden" in failed.value.finding.message
        assert _read(reader, reference, files["goed"]).findings == []
    finally:
        reader.close()


def test_two_readers_read_side_by_side_and_an_abort_in_one_is_only_that_files_finding(files, reference):
    pool = ReaderPool(ReaderLimits(), size=2)

    def outcome(name: str) -> str:
        try:
            return pool.call("submission", reference, files[name], files[name].name, None, NO_SHEET_LIMITS).zorgkantoor
        except ReaderFailed as failed:
            return failed.finding.rule

    try:
        outcomes = pool.map(outcome, ["goed", "hoek", "goed", "goed", "goed"])
        assert outcomes[0] == "CZ" and outcomes[2:] == ["CZ"] * 3  # in the order of the files
        assert outcomes[1] in ("bestand.leesfout", "bestand.geheugen")
    finally:
        pool.close()


def test_closed_readers_are_gone_and_the_next_read_starts_them_anew(files, reference, monkeypatch):
    from pipeline.intake import isolation

    monkeypatch.setattr(isolation, "_READER", None)
    pool = isolation.reader()
    assert _read(pool.readers[0], reference, files["goed"]).zorgkantoor == "CZ"
    child = pool.readers[0].process
    isolation.close_readers()  # what the report steps do before Chromium starts
    assert child.poll() is not None and isolation._READER is None
    again = isolation.reader()
    try:
        assert again is not pool and _read(again.readers[0], reference, files["goed"]).zorgkantoor == "CZ"
    finally:
        isolation.close_readers()
