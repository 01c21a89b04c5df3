"""Fuzzing the intake: mutated workbooks among good ones, through one real `wir-monitor run` per batch.

The property, per batch: the run exits 0 and prints no traceback; every mutated file is archived and gets a
verdict (accepted or rejected, with findings that each name a rule); every good file gets exactly the verdict
(status and findings) it gets in a run without the mutants.

Mutations work on a valid .xlsx at zip level (truncation, bit flips, a part dropped or doubled) and at XML level
(an element repeated, a huge dimension, a far cell, another encoding, tags in a comment, a DOCTYPE, a number of
thousands of digits, control characters, an XML part cut off or with flipped bytes).

In CI a bounded batch runs (tests/intake/test_fuzz.py). By hand, for as long as you like:

    .venv/bin/python -m tests.intake.fuzz --minuten 25 [--seed 1] [--per-batch 40]

It prints the cases, minutes and failures; a failing batch's folder is kept, with the seed to replay it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

import duckdb

from tests.builders import SubmissionBook, cz_book, project_row, region_row, set_received_at

PROJECT_ROOT = Path(__file__).resolve().parents[2]
PYTHON_ERRORS = ("Traceback", 'File "')
RECEIVED = dt.datetime(2020, 11, 2, 9, 0)
SHEET_PARTS = ("xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml", "xl/worksheets/sheet3.xml")


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def _zip(parts: list[tuple[str, bytes]]) -> bytes:
    import warnings

    buffer = BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        warnings.simplefilter("ignore")  # a doubled part is one of the mutations
        for name, content in parts:
            archive.writestr(name, content)
    return buffer.getvalue()


def _xml_mutation(change: Callable[[bytes, random.Random], bytes], parts_from: tuple[str, ...] | None = None):
    def mutate(data: bytes, rng: random.Random) -> bytes:
        parts = _parts(data)
        names = [n for n in (parts_from or tuple(parts)) if n in parts and n.endswith((".xml", ".rels"))]
        name = rng.choice(names)
        parts[name] = change(parts[name], rng)
        return _zip(list(parts.items()))

    mutate.__name__ = change.__name__
    return mutate


# --- zip level ---------------------------------------------------------------------------------------------------

def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(0, len(data))]


def flip_bits(data: bytes, rng: random.Random) -> bytes:
    mutable = bytearray(data)
    for _ in range(rng.randint(1, 16)):
        mutable[rng.randrange(len(mutable))] ^= 1 << rng.randrange(8)
    return bytes(mutable)


def drop_part(data: bytes, rng: random.Random) -> bytes:
    parts = list(_parts(data).items())
    parts.pop(rng.randrange(len(parts)))
    return _zip(parts)


def double_part(data: bytes, rng: random.Random) -> bytes:
    parts = list(_parts(data).items())
    name, content = rng.choice(parts)
    other = content.replace(b"CZ-1", b"CZ-9") if rng.random() < 0.5 else content
    return _zip([*parts, (name, other)])


# --- XML level ---------------------------------------------------------------------------------------------------

def repeat_element(xml: bytes, rng: random.Random) -> bytes:
    elements = list(re.finditer(rb"<(row|c|si|sheet|Relationship|Override)\b[^>]*?(?:/>|>.*?</\1>)", xml, re.DOTALL))
    if not elements:
        return xml + xml[: rng.randrange(1, 64)]
    element = rng.choice(elements)
    return xml[: element.end()] + element.group() * rng.choice((1, 2, 100, 5000)) + xml[element.end():]


def huge_dimension(xml: bytes, rng: random.Random) -> bytes:
    far = rng.choice((b"XFD1048576", b"A1048576", b"XFD1", b"ZZ99999"))
    if b"<dimension" in xml:
        return re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:' + far + b'"', xml)
    return xml.replace(b"<sheetData", b'<dimension ref="A1:' + far + b'"/><sheetData', 1)


def far_cell(xml: bytes, rng: random.Random) -> bytes:
    references = re.findall(rb' r="([A-Z]+\d+)"', xml)
    if not references:
        return xml
    far = rng.choice((b"XFD1048576", b"XFD3000", b"A1048576", b"AAA50001", b"XFE1", b"A0", b"A99999999"))
    return xml.replace(b' r="' + rng.choice(references) + b'"', b' r="' + far + b'"', 1)


def odd_encoding(xml: bytes, rng: random.Random) -> bytes:
    text = xml.decode("utf-8", "replace")
    choice = rng.randrange(4)
    if choice == 0:  # UTF-16 with BOM, declaration adjusted: valid XML, not what Excel writes
        return text.replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")
    if choice == 1:  # says Latin-1, is UTF-8
        return xml.replace(b'encoding="UTF-8"', b'encoding="ISO-8859-1"')
    if choice == 2:  # Latin-1 bytes in a document that says UTF-8
        return text.replace("Project", "Projéct").encode("latin-1", "replace")
    return b"\xef\xbb\xbf" + xml.replace(b'encoding="UTF-8"', b'encoding="bogus-8"')


def comment_tags(xml: bytes, rng: random.Random) -> bytes:
    comment = b"<!--" + b'<c r="A1"><f>' * rng.choice((100, 5000, 20000)) + b"-->"
    position = xml.find(b">", xml.find(b"<", 2)) + 1 if xml.startswith(b"<?") else 0
    return xml[:position] + comment + xml[position:]


def doctype(xml: bytes, rng: random.Random) -> bytes:
    entities = '<!ENTITY a0 "wir">' + "".join(f'<!ENTITY a{i} "{("&a" + str(i - 1) + ";") * 10}">'
                                              for i in range(1, rng.randint(2, 9)))
    body = xml.split(b"?>", 1)[-1]
    return b'<?xml version="1.0"?><!DOCTYPE x [' + entities.encode() + b"]>" + body


def long_number(xml: bytes, rng: random.Random) -> bytes:
    digits = b"9" * rng.choice((25, 400, 4301, 20000))
    values = list(re.finditer(rb"<(v|t)>[^<]*</\1>", xml))
    if not values:
        return xml
    value = rng.choice(values)
    tag = value.group(1)
    return xml[: value.start()] + b"<" + tag + b">" + digits + b"</" + tag + b">" + xml[value.end():]


def control_characters(xml: bytes, rng: random.Random) -> bytes:
    texts = list(re.finditer(rb"<t(?: [^>]*)?>([^<]*)</t>", xml))
    if not texts:
        return xml
    text = rng.choice(texts)
    escaped = rng.choice((b"_x000B_", b"_x0000_", b"_x001B_[2J", b"_xD800_", b"_x0085_", b"_x00_"))
    return xml[: text.end(1)] + escaped + xml[text.end(1):]


def cut_xml(xml: bytes, rng: random.Random) -> bytes:
    return xml[: rng.randrange(len(xml))]


def flip_xml_bytes(xml: bytes, rng: random.Random) -> bytes:
    mutable = bytearray(xml)
    for _ in range(rng.randint(1, 8)):
        mutable[rng.randrange(len(mutable))] = rng.choice(b'<>&"\x00\xff/=')
    return bytes(mutable)


MUTATIONS: dict[str, Callable[[bytes, random.Random], bytes]] = {
    "afgekapt": truncate,
    "bitflips": flip_bits,
    "onderdeel_weg": drop_part,
    "onderdeel_dubbel": double_part,
    "element_herhaald": _xml_mutation(repeat_element),
    "enorme_dimensie": _xml_mutation(huge_dimension, SHEET_PARTS),
    "verre_cel": _xml_mutation(far_cell, SHEET_PARTS),
    "andere_codering": _xml_mutation(odd_encoding),
    "tags_in_commentaar": _xml_mutation(comment_tags),
    "doctype": _xml_mutation(doctype),
    "lang_getal": _xml_mutation(long_number, (*SHEET_PARTS, "xl/sharedStrings.xml")),
    "stuurtekens": _xml_mutation(control_characters),
    "xml_afgekapt": _xml_mutation(cut_xml),
    "xml_bytes": _xml_mutation(flip_xml_bytes),
}


def base_books() -> list[SubmissionBook]:
    """The valid workbooks the mutants start from: CZ in two shapes (the mutants are all of CZ)."""
    projects = [project_row(f"CZ-{n}", "Zeeland", Toelichting="Samen met de gemeente") for n in range(1, 6)]
    return [cz_book(), cz_book(projects=projects)]


def good_books() -> dict[str, SubmissionBook]:
    """Files of other zorgkantoren, whose verdicts the mutants must not change."""
    from pipeline.reference import load_reference

    reference = load_reference()

    def book(holder: str) -> SubmissionBook:
        regions = [r.regio for r in reference.regions_of(holder)]
        prefix = holder.split()[0].upper()
        return SubmissionBook(zorgkantoor=holder, regions=[region_row(name) for name in regions],
                              projects=[project_row(f"{prefix}-{n}", regions[n % len(regions)]) for n in range(1, 4)])

    return {"goed_vgz.xlsx": book("VGZ"), "goed_menzis.xlsx": book("Menzis")}


@dataclass
class Batch:
    seed: int
    cases: dict[str, str] = field(default_factory=dict)  # file name → mutation
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0


def _run(root: Path) -> subprocess.CompletedProcess:
    environment = {**os.environ, "DAGSTER_HOME": str(root)}
    return subprocess.run(
        [sys.executable, "-m", "pipeline.cli", "--raw-dir", str(root / "raw"), "--warehouse",
         str(root / "data" / "warehouse.duckdb"), "--reports-dir", str(root / "reports"), "run"],
        cwd=root, env=environment, capture_output=True, text=True, timeout=1800)


def _project(root: Path) -> Path:
    shutil.rmtree(root, ignore_errors=True)
    (root / "raw").mkdir(parents=True)
    shutil.copy(PROJECT_ROOT / "dagster.yaml", root / "dagster.yaml")
    for name, book in good_books().items():
        book.write(root / "raw" / name, received_at=RECEIVED)
    return root


def _verdicts(root: Path, names: list[str]) -> dict[str, tuple]:
    with duckdb.connect(str(root / "data" / "warehouse.duckdb"), read_only=True) as connection:
        verdicts = {}
        for name in names:
            rows = connection.execute(
                "SELECT submission_id, status FROM submissions WHERE file_name = ?", [name]).fetchall()
            findings = connection.execute(
                """SELECT f.rule, f.severity, f.sheet, f.excel_row, f.column_name, f.value, f.message
                   FROM findings f JOIN submissions s USING (submission_id) WHERE s.file_name = ?
                   ORDER BY ALL""", [name]).fetchall()
            verdicts[name] = (tuple(status for _, status in rows), tuple(findings))
        return verdicts


def _archived(root: Path) -> dict[str, str]:
    with duckdb.connect(str(root / "data" / "warehouse.duckdb"), read_only=True) as connection:
        return dict(connection.execute("SELECT file_name, sha256 FROM received_files").fetchall())


def baseline(root: Path) -> dict[str, tuple]:
    """The verdicts of the good files in a run without mutants."""
    result = _run(_project(root))
    assert result.returncode == 0, result.stderr
    return _verdicts(root, list(good_books()))


def run_batch(root: Path, seed: int, cases: int, expected: dict[str, tuple]) -> Batch:
    """One run with `cases` mutants among the good files; the property's violations in `failures`."""
    rng = random.Random(seed)
    batch = Batch(seed)
    _project(root)
    sources = []
    for number, book in enumerate(base_books()):
        path = book.write(Path(tempfile.mkdtemp()) / f"basis{number}.xlsx")
        sources.append(path.read_bytes())
        shutil.rmtree(path.parent)
    for number in range(cases):
        mutation = rng.choice(sorted(MUTATIONS))
        data = MUTATIONS[mutation](rng.choice(sources), rng)
        name = f"fuzz-{seed}-{number:03d}-{mutation}" + rng.choice((".xlsx", ".xlsx", ".xlsx", ".xls", ".xlsm"))
        (root / "raw" / "cz" / name).parent.mkdir(exist_ok=True)
        (root / "raw" / "cz" / name).write_bytes(data)
        set_received_at(root / "raw" / "cz" / name, RECEIVED + dt.timedelta(minutes=number))
        batch.cases[name] = mutation
    start = time.monotonic()
    result = _run(root)
    batch.seconds = time.monotonic() - start
    if result.returncode != 0:
        batch.failures.append(f"exit {result.returncode}: {result.stderr[-2000:]}")
        return batch
    for text in (result.stdout, result.stderr):
        if any(marker in text for marker in PYTHON_ERRORS):
            batch.failures.append(f"traceback in the output: {text[-2000:]}")
    archived = _archived(root)
    judged = _verdicts(root, list(batch.cases))
    first_of_hash: dict[str, str] = {}
    for name, mutation in batch.cases.items():
        if name not in archived:
            # A mutant byte-identical to an earlier one is taken in once, under the earlier name.
            data = (root / "raw" / "cz" / name).read_bytes()
            if not any(other in archived and (root / "raw" / "cz" / other).read_bytes() == data
                       for other in batch.cases if other != name):
                batch.failures.append(f"{name} ({mutation}): not archived")
            continue
        first_of_hash.setdefault(archived[name], name)
        statuses, findings = judged[name]
        if len(statuses) != 1 or statuses[0] not in ("geaccepteerd", "afgewezen"):
            batch.failures.append(f"{name} ({mutation}): no verdict ({statuses})")
        elif statuses[0] == "afgewezen" and not any(f[1] == "fout" for f in findings):
            batch.failures.append(f"{name} ({mutation}): rejected without an error finding")
    for name, verdict in _verdicts(root, list(expected)).items():
        if verdict != expected[name]:
            batch.failures.append(f"{name}: verdict changed from {expected[name]} to {verdict}")
    return batch


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Fuzz de inname: gemuteerde werkmappen door echte runs.")
    parser.add_argument("--minuten", type=float, default=20, help="hoe lang (standaard 20)")
    parser.add_argument("--seed", type=int, default=1, help="eerste seed; elke batch de volgende")
    parser.add_argument("--per-batch", type=int, default=40, help="gemuteerde bestanden per run (standaard 40)")
    parser.add_argument("--map", type=Path, default=Path(tempfile.gettempdir()) / "wir-fuzz")
    options = parser.parse_args(argv)
    expected = baseline(options.map / "basis")
    start, seed, cases, failed = time.monotonic(), options.seed, 0, []
    per_mutation: dict[str, int] = {}
    while time.monotonic() - start < options.minuten * 60:
        batch = run_batch(options.map / "batch", seed, options.per_batch, expected)
        cases += len(batch.cases)
        for mutation in batch.cases.values():
            per_mutation[mutation] = per_mutation.get(mutation, 0) + 1
        print(f"seed {seed}: {len(batch.cases)} gevallen, run {batch.seconds:.1f} s, "
              f"{len(batch.failures)} fouten", flush=True)
        if batch.failures:
            failed.append(batch)
            kept = options.map / f"mislukt-seed-{seed}"
            shutil.rmtree(kept, ignore_errors=True)
            shutil.copytree(options.map / "batch", kept)
            for failure in batch.failures:
                print(f"  {failure}", flush=True)
        seed += 1
    minutes = (time.monotonic() - start) / 60
    print(f"\n{cases} gevallen in {seed - options.seed} runs, {minutes:.1f} minuten; "
          f"{sum(len(b.failures) for b in failed)} fouten in {len(failed)} runs")
    print("per mutatie: " + ", ".join(f"{name} {count}" for name, count in sorted(per_mutation.items())))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
