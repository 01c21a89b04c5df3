"""The asset checks on `submissions`: every error rule belongs to a check, and only its own severity fails it."""

from __future__ import annotations

import dagster as dg
import pytest

from pipeline.config import Settings
from pipeline.definitions import build_definitions
from pipeline.intake.findings import FOUT, WAARSCHUWING
from pipeline.intake.messages import RULES
from pipeline.warehouse.quality import RULE_GROUPS
from tests.builders import cz_book, moment, project_row

pytestmark = pytest.mark.alleen_html  # no test here reads the PDF or the Word file


def test_every_error_rule_fails_exactly_one_blocking_check():
    for rule, (severity, _, _) in RULES.items():
        groups = [group.name for group in RULE_GROUPS if group.matches(rule, severity)]
        if severity == FOUT:
            assert len(groups) == 1, f"{rule}: {groups}"
            assert next(g for g in RULE_GROUPS if g.name == groups[0]).blocking_severity, rule


def test_every_listed_rule_exists():
    for group in RULE_GROUPS:
        for rule in group.rules:
            assert any(known == rule or (rule.endswith(".") and known.startswith(rule)) for known in RULES), \
                f"{group.name}: {rule}"
            for known, (severity, _, _) in RULES.items():
                if known == rule:
                    assert severity == group.severity, f"{group.name}: {rule} is a {severity}"


def _evaluations(project, *books) -> dict[str, dg.AssetCheckEvaluation]:
    for name, book, day in books:
        book.write(project.raw / name, received_at=moment(day))
    definitions = build_definitions(Settings.from_env(project.root))
    with dg.instance_for_test() as instance:
        definitions.resolve_job_def("archiveer_aanleveringen").execute_in_process(instance=instance)
        result = definitions.resolve_job_def("verwerk_peildatum").execute_in_process(
            instance=instance, partition_key="2020-10")
    return {e.check_name: e for e in result.get_asset_check_evaluations()}


def test_a_file_rejected_for_a_maximum_fails_its_check(project):
    evaluations = _evaluations(project, ("cz.xlsx", cz_book(projects=[
        project_row("CZ-1", "Zeeland", **{"Begroting (EUR)": 500_000_000})]), 1))
    failing = {name for name, evaluation in evaluations.items() if not evaluation.passed}
    assert failing == {"getallen_en_bereik", "alle_regio_s_aangeleverd"}
    table = evaluations["getallen_en_bereik"].metadata["afwijkende_waarden"].value
    assert "Begroting (EUR)" in table and "500.000.000" in table


def test_a_warning_does_not_fail_a_blocking_check(project):
    # The file name names another peildatum: a warning of the 'peildatum.' family, the file is accepted.
    evaluations = _evaluations(project, ("cz-2021-03.xlsx", cz_book(), 1))
    assert project.submission("cz-2021-03.xlsx")["status"] == "geaccepteerd"
    assert RULES["peildatum.bestandsnaam"][0] == WAARSCHUWING
    on_submissions = {group.name for group in RULE_GROUPS}
    assert {name for name, evaluation in evaluations.items() if not evaluation.passed} & on_submissions == set()
