"""The table checks pass on good data and fail, with the numbers, on data made inconsistent on purpose."""

from __future__ import annotations

import shutil

import dagster as dg
import duckdb
import pytest

from pipeline.config import Settings
from pipeline.definitions import build_definitions
from pipeline.tables.store import load_tables
from pipeline.warehouse.connection import connect
from tests.builders import cz_book, moment, project_row
from tests.conftest import make_project

pytestmark = pytest.mark.alleen_html  # no test here reads the PDF or the Word file

TABLE_ASSETS = [dg.AssetKey("phase_tables"), dg.AssetKey("project_tables")]


def _checks(project) -> dict[str, dg.AssetCheckEvaluation]:
    definitions = build_definitions(Settings.from_env(project.root))
    with dg.instance_for_test() as instance:
        definitions.resolve_job_def("archiveer_aanleveringen").execute_in_process(instance=instance)
        job = definitions.resolve_job_def("verwerk_peildatum")
        job.execute_in_process(instance=instance, partition_key="2020-10")
        return {e.check_name: e for e in job.execute_in_process(
            instance=instance, partition_key="2020-10", asset_selection=TABLE_ASSETS).get_asset_check_evaluations()}


@pytest.fixture
def cz_project(project):
    cz_book(projects=[project_row("CZ-1", "Zeeland"), project_row("CZ-2", "Haaglanden", Hoofdrubriek="Anders werken"),
                      project_row("CZ-3", "Haaglanden", Opschaalbaarheid=None)]).write(
        project.raw / "cz.xlsx", received_at=moment(1))
    return project


def test_checks_pass_on_good_data(cz_project):
    checks = _checks(cz_project)
    assert {name: c.passed for name, c in checks.items()} == {
        "fasen_tellen_op_tot_aantal_regio_s": True, "kruistabellen_kloppen": True, "zelfde_aantal_projecten": True}


def _tamper(project, statement: str) -> None:
    with duckdb.connect(str(project.warehouse)) as connection:
        connection.execute(statement)


def _recheck(project) -> dict[str, dg.AssetCheckEvaluation]:
    """The table assets once more, on the warehouse as it is now."""
    definitions = build_definitions(Settings.from_env(project.root))
    with dg.instance_for_test() as instance:
        instance.add_dynamic_partitions("peildatum", ["2020-10"])
        result = definitions.resolve_job_def("verwerk_peildatum").execute_in_process(
            instance=instance, partition_key="2020-10", asset_selection=TABLE_ASSETS)
    return {e.check_name: e for e in result.get_asset_check_evaluations()}


def test_checks_fail_visibly_on_inconsistent_data(cz_project):
    _checks(cz_project)
    # Conformed rows the upstream assets would never write: an unknown phase and an unknown hoofdrubriek.
    _tamper(cz_project, "UPDATE regions_per_peildatum SET afspraken = '9' WHERE regio = 'Zeeland'")
    _tamper(cz_project, "UPDATE projects_per_peildatum SET hoofdrubriek = 'XX' WHERE project_id = 'CZ-1'")
    _tamper(cz_project, "UPDATE projects_per_peildatum SET impact = 'ZZ' WHERE project_id = 'CZ-2'")
    checks = _recheck(cz_project)
    phases = checks["fasen_tellen_op_tot_aantal_regio_s"]
    assert not phases.passed and phases.severity == dg.AssetCheckSeverity.ERROR
    details = phases.metadata["details"].value
    assert "afspraken" in details and "okt-20: som van de fasen" in details and "33" in details and "34" in details
    margins = checks["kruistabellen_kloppen"]
    assert not margins.passed
    assert "rubriek_x_concessiehouder" in margins.metadata["details"].value
    assert "eindtotaal" in margins.metadata["details"].value
    counts = checks["zelfde_aantal_projecten"]
    assert not counts.passed
    assert "impact" in counts.metadata["details"].value and "Totaal okt-20" in counts.metadata["details"].value


def test_same_raw_folder_same_tables(tmp_path, monkeypatch):
    first = make_project(tmp_path / "eerste", monkeypatch)
    assert first.cli("demo") == 0
    first.run()
    second = make_project(tmp_path / "tweede", monkeypatch)
    shutil.copytree(first.raw, second.raw)
    second.run()
    for peildatum in ("2019-03", "2019-10", "2020-03", "2020-10"):
        workbook = f"{peildatum}/tabellen-{peildatum}.xlsx"
        assert (first.reports / workbook).read_bytes() == (second.reports / workbook).read_bytes(), peildatum
        with connect(first.warehouse, read_only=True) as a, connect(second.warehouse, read_only=True) as b:
            assert load_tables(a, peildatum) == load_tables(b, peildatum)
    before = (second.reports / "2020-10/tabellen-2020-10.xlsx").read_bytes()
    second.run()
    assert (second.reports / "2020-10/tabellen-2020-10.xlsx").read_bytes() == before


def test_a_project_counted_in_the_wrong_row_fails_the_crosstab_check(cz_project):
    """Cells, totals and grand total still add up; only an independent count per row tells."""
    _checks(cz_project)
    # CZ-2 is 'Anders werken' (its label), but the crosstabs count by code: now under Technologie.
    _tamper(cz_project, "UPDATE projects_per_peildatum SET hoofdrubriek = 'TE' WHERE project_id = 'CZ-2'")
    margins = _recheck(cz_project)["kruistabellen_kloppen"]
    assert not margins.passed
    details = margins.metadata["details"].value
    assert "rij Anders werken: projecten" in details and "rij Technologie: projecten" in details
    assert "eindtotaal" not in details
