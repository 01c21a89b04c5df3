"""Fuzz the intake in CI: one bounded batch of mutated workbooks through the real pipeline (see fuzz.py).

WIR_FUZZ_CASES (default 30) and WIR_FUZZ_SEED set the batch; the long run by hand is
`python -m tests.intake.fuzz --minuten 25`.
"""

from __future__ import annotations

import os

import pytest

from tests.intake.fuzz import MUTATIONS, baseline, run_batch

pytestmark = pytest.mark.alleen_html  # no test here reads the PDF or the Word file

CASES = int(os.environ.get("WIR_FUZZ_CASES") or 30)
SEED = int(os.environ.get("WIR_FUZZ_SEED") or 20261204)


def test_mutated_files_get_a_verdict_and_change_no_other_verdict(tmp_path):
    expected = baseline(tmp_path / "basis")
    assert [status for status, _ in expected.values()] == [("geaccepteerd",), ("geaccepteerd",)]
    batch = run_batch(tmp_path / "batch", SEED, CASES, expected)
    print(f"{len(batch.cases)} mutants, run {batch.seconds:.1f} s: {sorted(set(batch.cases.values()))}")
    assert len(batch.cases) == CASES and len(set(batch.cases.values())) >= min(CASES, len(MUTATIONS)) // 2
    assert batch.failures == []
