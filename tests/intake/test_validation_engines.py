"""The vectorised validation engine finds exactly what Great Expectations finds, on every test workbook.

The default engine re-implements the GX expectation types of `validate._rules` in pandas for speed; GX
stays the reference. Both validate the same batch: every error and tolerance case of the intake tests,
the demo set (with its rejected file) and a property-based stream of messy project rows.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.demo.generator import write_demo
from pipeline.intake import validate
from pipeline.intake.assess import read_submission
from pipeline.reference import load_reference
from tests.builders import SubmissionBook, cz_book, project_row
from tests.intake.test_error_rules import CASES as ERROR_CASES
from tests.intake.test_tolerances import CASES as TOLERANCE_CASES


def _both(monkeypatch, batch, year=2020):
    reference = load_reference()
    monkeypatch.setenv(validate.ENGINE_VARIABLE, validate.GX_ENGINE)
    expected = validate.validate_batch(batch, reference, year)
    monkeypatch.setenv(validate.ENGINE_VARIABLE, "pandas")
    found = validate.validate_batch(batch, reference, year)
    return expected, found


def _read(paths):
    reference = load_reference()
    return {path.name: read_submission(path, reference) for path in paths}


def test_engines_agree_on_every_intake_case(tmp_path, monkeypatch):
    paths = []
    for name, (book, _) in {**ERROR_CASES, **TOLERANCE_CASES}.items():
        if isinstance(book, SubmissionBook):
            paths.append(book.write(tmp_path / name))
    expected, found = _both(monkeypatch, _read(paths))
    assert sum(map(len, expected.values())) > 20  # the cases really break rules
    assert found == expected


def test_engines_agree_on_the_demo_set(tmp_path, monkeypatch):
    paths = write_demo(tmp_path / "raw", load_reference())
    batch = _read(paths)
    expected, found = _both(monkeypatch, batch)
    assert any(expected.values())  # the demo's rejected file
    assert found == expected


MESSY = st.one_of(st.none(), st.just(""), st.just("  "), st.integers(-5, 2030), st.floats(-1, 3000),
                  st.sampled_from(["Lopend", "lopend ", "Fase 3", "2019", "2.019", "1.000,50", "€ 25.000", "x",
                                   "Zeeland", "Twente", "Atlantis", "Technologie", "Tecnologie", "CZ-1", "=1+1"]))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.fixed_dictionaries({
    "Project-ID": st.sampled_from(["CZ-1", "CZ-2", "CZ-3", None]), "Regio": MESSY, "Hoofdrubriek": MESSY,
    "Startjaar": MESSY, "Projectstatus": MESSY, "Aantal betrokken zorgorganisaties": MESSY,
    "Begroting (EUR)": MESSY, "Opschaalbaarheid": MESSY}), min_size=1, max_size=6))
def test_engines_agree_on_messy_rows(tmp_path_factory, monkeypatch, rows):
    projects = [project_row("CZ-9", "Zeeland", **{k: v for k, v in row.items() if k != "Project-ID"},
                            **{"Project-ID": row["Project-ID"]}) for row in rows]
    path = cz_book(projects=projects).write(tmp_path_factory.mktemp("messy") / "rommelig.xlsx")
    expected, found = _both(monkeypatch, _read([path]))
    assert found == expected


@pytest.mark.parametrize("engine", ["pandas", validate.GX_ENGINE])
def test_either_engine_reports_a_wrong_term(tmp_path, monkeypatch, engine):
    path = cz_book(projects=[project_row("CZ-1", "Zeeland", Hoofdrubriek="Tecnologie")]).write(tmp_path / "a.xlsx")
    monkeypatch.setenv(validate.ENGINE_VARIABLE, engine)
    findings = validate.validate_batch(_read([path]), load_reference(), 2020)["a.xlsx"]
    assert [(f.rule, f.row, f.value) for f in findings] == [("waarde.vocabulaire", 2, "Tecnologie")]
