"""The demo set: reproducible, complete, realistic, and judged by the real intake as intended."""

from __future__ import annotations

from collections import Counter
from itertools import pairwise, product
from pathlib import Path

import pytest

from pipeline.demo import write_demo
from pipeline.demo.generator import PEILDATA
from pipeline.intake.assess import assess_batch, is_accepted, read_submission
from pipeline.intake.history import PreviousProject, PreviousRegion, PreviousState
from pipeline.periods import month_end
from pipeline.reference import load_reference

EXPECTED_PROJECTS = {"2019-03": 0, "2019-10": 200, "2020-03": 268, "2020-10": 318}


@pytest.fixture(scope="module")
def reference():
    return load_reference()


@pytest.fixture(scope="module")
def demo(tmp_path_factory, reference):
    """Two runs of the generator, and every file of the first read and judged once."""
    first = tmp_path_factory.mktemp("raw1")
    second = tmp_path_factory.mktemp("raw2")
    paths = write_demo(first, reference)
    write_demo(second, reference)
    parsed = {path: read_submission(path, reference) for path in paths}
    states: dict[str, PreviousState] = {}
    for peildatum in PEILDATA:
        batch = {str(p): s for p, s in parsed.items() if s.peildatum == peildatum}
        assess_batch(batch, reference, int(peildatum[:4]),
                     previous=lambda zk: states.get(zk, PreviousState()))
        for zorgkantoor, submission in _in_force(parsed, peildatum).items():
            states[zorgkantoor] = _state(submission, peildatum)
    return first, second, paths, parsed


def _in_force(parsed, peildatum: str) -> dict:
    """Per zorgkantoor the latest accepted submission (by received time = mtime)."""
    result = {}
    for path in sorted(parsed, key=lambda p: p.stat().st_mtime):
        submission = parsed[path]
        if submission.peildatum == peildatum and is_accepted(submission):
            result[submission.zorgkantoor] = submission
    return result


def _state(submission, peildatum: str) -> PreviousState:
    regions = {row.regio: PreviousRegion(peildatum, {f: getattr(row, f) for f in ("afspraken", "dynamiek", "visie")})
               for row in submission.regions.itertuples()}
    projects = {row.project_id: PreviousProject(peildatum, row.projectnaam, row.projectstatus)
                for row in submission.projects.itertuples()}
    return PreviousState(regions=regions, projects=projects)


def test_deterministic_bytes_and_mtimes(demo):
    first, second, paths, _ = demo
    for path in paths:
        twin = second / path.relative_to(first)
        assert twin.read_bytes() == path.read_bytes(), path.name
        assert twin.stat().st_mtime == path.stat().st_mtime, path.name
    assert sorted(p.relative_to(second) for p in second.rglob("*.xlsx")) == sorted(
        p.relative_to(first) for p in paths)


def test_every_zorgkantoor_and_peildatum(demo, reference):
    _, _, paths, parsed = demo
    assert 28 <= len(paths) <= 32
    present = {(s.zorgkantoor, s.peildatum) for s in parsed.values()}
    assert present == set(product(reference.concessiehouders, PEILDATA))
    for path, submission in parsed.items():
        assert path.parent.name == submission.peildatum
        assert submission.peildatum_date == month_end(submission.peildatum)


def test_exactly_one_rejected_file(demo):
    first, _, _, parsed = demo
    rejected = [p for p, s in parsed.items() if not is_accepted(s)]
    assert [p.relative_to(first) for p in rejected] == [Path("2020-10/menzis.xlsx")]
    rules = {f.rule for f in parsed[rejected[0]].findings if f.is_error}
    assert rules == {"waarde.vocabulaire", "regio.ander_zorgkantoor", "waarde.verplicht"}


def test_corrections_arrive_later_and_are_accepted(demo):
    first, _, _, parsed = demo
    for peildatum, name in (("2020-10", "menzis"), ("2020-03", "vgz")):
        original = first / peildatum / f"{name}.xlsx"
        correction = first / peildatum / f"{name}-correctie.xlsx"
        assert correction.stat().st_mtime > original.stat().st_mtime
        assert is_accepted(parsed[correction])
    vgz = [parsed[first / "2020-03" / n] for n in ("vgz.xlsx", "vgz-correctie.xlsx")]
    assert is_accepted(vgz[0])
    assert not vgz[0].projects["begroting"].equals(vgz[1].projects["begroting"])


def test_tolerated_variations_give_warnings_only(demo):
    _, _, _, parsed = demo
    tolerated = [s for s in parsed.values() if is_accepted(s) and any(
        f.rule in ("waarde.genormaliseerd", "waarde.getal_als_tekst") for f in s.findings)]
    assert len(tolerated) >= 6
    rules = Counter(f.rule for s in parsed.values() if is_accepted(s) for f in s.findings)
    assert rules["regio.fase_omlaag"] >= 1
    assert rules["project.ontbreekt"] >= 1


def test_project_counts_and_distribution(demo, reference):
    _, _, _, parsed = demo
    reporting = {r.regio for r in reference.reporting_regions}
    for peildatum, expected in EXPECTED_PROJECTS.items():
        in_force = _in_force(parsed, peildatum)
        assert set(in_force) == set(reference.concessiehouders)
        per_holder = {zk: int(s.projects["regio"].isin(reporting).sum()) for zk, s in in_force.items()}
        assert abs(sum(per_holder.values()) - expected) <= expected * 0.05, peildatum
    largest = sorted(per_holder, key=per_holder.get, reverse=True)[:3]
    assert set(largest) == {"VGZ", "Zilveren Kruis", "CZ"}
    assert min((n, zk) for zk, n in per_holder.items() if n) == (per_holder["ENO"], "ENO")


def test_projects_persist_with_stable_ids(demo):
    _, _, _, parsed = demo
    registers = [_in_force(parsed, p) for p in PEILDATA[1:]]
    for before, after in pairwise(registers):
        for zorgkantoor, submission in before.items():
            old = dict(zip(submission.projects["project_id"], submission.projects["projectnaam"], strict=True))
            new = dict(zip(after[zorgkantoor].projects["project_id"], after[zorgkantoor].projects["projectnaam"],
                           strict=True))
            kept = [pid for pid in old if pid in new]
            assert len(kept) >= len(old) - 1
            assert all(old[pid] == new[pid] for pid in kept)
            assert all(pid.split("-")[0] == next(iter(old)).split("-")[0] for pid in new)


def test_phases_end_near_the_picture_of_october_2020(demo, reference):
    _, _, _, parsed = demo
    last = _in_force(parsed, PEILDATA[-1])
    rows = [row for s in last.values() for row in s.regions.itertuples()]
    assert sum(row.afspraken == "4" for row in rows) >= 0.8 * len(rows)
    assert all(row.dynamiek in ("3", "4") for row in rows)
    first = _in_force(parsed, PEILDATA[0])
    early = [row for s in first.values() for row in s.regions.itertuples()]
    assert sum(int(r.visie) for r in early) < sum(int(r.visie) for r in rows)
