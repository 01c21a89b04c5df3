"""The asset graph as the Dagster UI shows it: a snapshot, the sensor, and checks with failing values."""

from __future__ import annotations

import datetime as dt

import dagster as dg
import duckdb

from assets.batch import BATCH_TAG
from assets.partitions import PEILDATUM
from assets.sensors import PLAN_TAG
from pipeline.config import Settings
from pipeline.definitions import build_definitions
from tests.builders import cz_book, moment, project_row

EXPECTED_GRAPH = {
    "received_files": ("intake", False, []),
    "reference_tables": ("warehouse", False, []),
    "submissions": ("intake", True, ["bestand_en_structuur", "cellen_leesbaar", "getallen_en_bereik",
                                     "ontwikkeling_sinds_vorige_peildatum", "regio_s", "unieke_project_ids",
                                     "verplichte_velden", "vocabulaire"]),
    "regions_per_peildatum": ("warehouse", True, ["alle_regio_s_aangeleverd"]),
    "projects_per_peildatum": ("warehouse", True, []),
    "phase_tables": ("tabellen", True, ["fasen_tellen_op_tot_aantal_regio_s"]),
    "project_tables": ("tabellen", True, ["kruistabellen_kloppen", "zelfde_aantal_projecten"]),
    "data_quality_table": ("tabellen", True, []),
    "tables_workbook": ("tabellen", True, []),
    "project_export": ("tabellen", True, []),
    "progress_report_html": ("rapport", True, []),
    "progress_report_pdf": ("rapport", True, []),
    "progress_report_docx": ("rapport", True, []),
    "zorgkantoor_reports": ("rapport", True, []),
}


def _definitions(project) -> dg.Definitions:
    return build_definitions(Settings.from_env(project.root))


def test_graph_snapshot(project):
    graph = _definitions(project).resolve_asset_graph()
    found = {}
    for key in graph.get_all_asset_keys():
        node = graph.get(key)
        checks = sorted(c.name for c in graph.get_check_keys_for_assets([key]))
        found[key.to_user_string()] = (node.group_name, node.partitions_def is not None, checks)
        assert node.description and len(node.description) > 40, key
    assert found == EXPECTED_GRAPH
    definitions = _definitions(project)
    assert {job.name for job in definitions.resolve_all_job_defs()} >= {
        "archiveer_aanleveringen", "verwerk_peildatum", "verwerk_aanleveringen", "verstuur_uitnodigingen",
        "verstuur_herinneringen", "verstuur_meldingen"}
    assert [sensor.name for sensor in definitions.sensors] == ["raw_folder_sensor", "meldingen_na_verwerking"]
    assert [schedule.name for schedule in definitions.schedules] == [
        "rapport_na_deadline", "uitnodigingen_bij_opening", "herinneringen_voor_deadline"]


def test_the_schedule_reports_the_latest_peildatum_once_its_deadline_passed(project):
    schedule = _definitions(project).resolve_schedule_def("rapport_na_deadline")
    with dg.instance_for_test() as instance:
        def evaluate(day: dt.datetime):
            return schedule(dg.build_schedule_context(instance=instance, scheduled_execution_time=day))

        instance.add_dynamic_partitions(PEILDATUM, ["2020-03", "2020-10"])
        before = evaluate(dt.datetime(2020, 11, 30, 7))  # the deadline of 2020-10 is 30-11-2020
        assert before.partition_key == "2020-03"
        after = evaluate(dt.datetime(2020, 12, 1, 7))
        assert (after.partition_key, after.run_key) == ("2020-10", "rapport-2020-10")
        assert after.tags == {"wir-monitor/bijwerken": "tabellen,rapport"}  # it records what it made
        nothing = evaluate(dt.datetime(2021, 5, 1, 7))  # 2021-03's deadline passed, but nothing arrived
        assert isinstance(nothing, dg.SkipReason) and "niets ontvangen" in nothing.skip_message


def test_runs_guard_the_warehouse_with_its_one_lock_not_a_pool(project):
    """A pool slot was a second lock beside the file lock: the CLI held one and waited for the other."""
    definitions = _definitions(project)
    graph = definitions.resolve_asset_graph()
    assert not {key.to_user_string() for key in graph.get_all_asset_keys() if graph.get(key).pools}
    # All steps of a run in its own process: the run holds the warehouse from its first step to its last.
    for job in definitions.resolve_all_job_defs():
        assert job.executor_def.name == "in_process", job.name


def _tick(definitions, instance, cursor=None) -> dg.SensorResult:
    sensor = definitions.resolve_sensor_def("raw_folder_sensor")
    with dg.build_sensor_context(instance=instance, resources=definitions.resources, cursor=cursor) as context:
        return sensor(context)


def _requested(result: dg.SensorResult) -> list[str]:
    """What the sensor's one run will process: the peildata it saw out of date, the one with its report marked."""
    assert all(r.job_name == "verwerk_aanleveringen" and r.partition_key is None for r in result.run_requests)
    assert len(result.run_requests) <= 1
    return [r.tags[PLAN_TAG] for r in result.run_requests]


def test_sensor_requests_runs_for_new_files_only(project):
    definitions = _definitions(project)
    cz_book().write(project.raw / "a.xlsx", received_at=moment(1))
    cz_book(peildatum="31-03-2020").write(project.raw / "b.xlsx", received_at=moment(2))
    (project.raw / "kapot.xlsx").write_bytes(b"niet een werkmap")
    with dg.instance_for_test() as instance:
        result = _tick(definitions, instance)
        # Oldest first; the earlier peildatum without the report; the unreadable file is archived by the first.
        assert _requested(result) == ["2020-03,2020-10+rapportage"]
        added = result.dynamic_partitions_requests[0]
        assert (added.partitions_def_name, sorted(added.partition_keys)) == (PEILDATUM, ["2020-03", "2020-10"])
        instance.add_dynamic_partitions(PEILDATUM, ["2020-03", "2020-10"])
        # While those runs wait in the queue, a tick asks for the same runs (Dagster drops a known run key).
        again = _tick(definitions, instance, result.cursor)
        assert [r.run_key for r in again.run_requests] == [r.run_key for r in result.run_requests]

        cz_book(projects=[project_row("CZ-9", "Zeeland")]).write(project.raw / "a.xlsx", received_at=moment(3))
        changed = _tick(definitions, instance, result.cursor)
        assert _requested(changed) == ["2020-03,2020-10+rapportage"]
        assert changed.run_requests[0].run_key != result.run_requests[0].run_key  # a new run for the change

    project.run()  # now everything is processed, by the CLI
    with dg.instance_for_test() as instance:
        assert _tick(definitions, instance).run_requests == []
        # A correction of the earlier peildatum redoes the later one too, which compares with it.
        cz_book(peildatum="31-03-2020", projects=[project_row("CZ-8", "Zeeland")]).write(
            project.raw / "b.xlsx", received_at=moment(4))
        earlier = _tick(definitions, instance)
        assert _requested(earlier) == ["2020-03,2020-10+rapportage"]
        project.run()
        (project.raw / "kapot-2.xlsx").write_bytes(b"ook geen werkmap")
        assert _requested(_tick(definitions, instance)) == ["alleen archiveren"]


def test_an_unusable_setting_stops_the_sensor_with_a_dutch_reason(project, monkeypatch):
    definitions = _definitions(project)
    cz_book().write(project.raw / "a.xlsx", received_at=moment(1))
    monkeypatch.setenv("WIR_RAPPORTFORMATEN", "pdf,odt")
    with dg.instance_for_test() as instance:
        skipped = _tick(definitions, instance)
    assert isinstance(skipped, dg.SkipReason)
    assert "WIR_RAPPORTFORMATEN heeft de waarde 'pdf,odt'" in skipped.skip_message


def test_the_sensor_skips_what_the_cli_processed_by_the_same_rule(project):
    """On its first start the sensor redid every peildatum that `wir-monitor run` had already done."""
    definitions = _definitions(project)
    cz_book(peildatum="31-03-2020").write(project.raw / "voorjaar.xlsx", received_at=moment(1))
    cz_book().write(project.raw / "najaar.xlsx", received_at=moment(2))
    project.run()
    with dg.instance_for_test() as instance:  # a fresh instance and an empty cursor: the daemon's first start
        assert _requested(_tick(definitions, instance)) == []
        # A new file for the latest peildatum: only that one, with its report; the earlier one is up to date.
        cz_book(projects=[project_row("CZ-9", "Zeeland")]).write(project.raw / "correctie.xlsx",
                                                                 received_at=moment(3))
        assert _requested(_tick(definitions, instance)) == ["2020-10+rapportage"]
        # Its report removed by hand: redone, as the CLI would (same rule: the outputs must exist).
        (project.reports / "2020-03" / "tabellen-2020-03.xlsx").unlink()
        assert _requested(_tick(definitions, instance)) == ["2020-03,2020-10+rapportage"]


def test_a_file_found_by_the_sensor_is_archived_judged_and_reported(project):
    """What dagster-daemon does with the sensor's runs, without any run of the CLI before it."""
    definitions = _definitions(project)
    cz_book().write(project.raw / "cz.xlsx", received_at=moment(1))
    with dg.instance_for_test() as instance:
        result = _tick(definitions, instance)
        for request in result.dynamic_partitions_requests:
            instance.add_dynamic_partitions(request.partitions_def_name, list(request.partition_keys))
        for request in result.run_requests:
            outcome = definitions.resolve_job_def(request.job_name).execute_in_process(
                instance=instance, partition_key=request.partition_key)
            assert outcome.success
        # One launched run; inside it, a run per peildatum: its materializations and checks per partition.
        inside = [run for run in instance.get_runs() if BATCH_TAG in run.tags]
        assert [(run.job_name, run.tags.get("dagster/partition")) for run in inside] == [
            ("verwerk_peildatum", "2020-10"), ("archiveer_aanleveringen", None)]
        assert {run.tags[BATCH_TAG] for run in inside} == {outcome.run_id}
        (materialized,) = instance.fetch_materializations(dg.AssetKey("submissions"), limit=10).records
        assert materialized.partition_key == "2020-10" and materialized.run_id == inside[0].run_id
        assert materialized.asset_materialization.metadata  # what the UI shows per partition
        checks = instance.all_logs(inside[0].run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION)
        assert len(checks) == sum(len(names) for _, _, names in EXPECTED_GRAPH.values())
        assert {event.dagster_event.event_specific_data.partition for event in checks} == {"2020-10"}
    assert project.submission("cz.xlsx")["status"] == "geaccepteerd"
    regions = project.query("SELECT count(*) AS n FROM regions_per_peildatum WHERE peildatum = '2020-10'")
    assert regions["n"].item() == 6
    phases = project.query("""SELECT row_label, number FROM published_tables WHERE peildatum = '2020-10'
                              AND table_key = 'afspraken' AND col_label = 'okt-20' ORDER BY row_no""")
    counts = dict(zip(phases["row_label"], phases["number"], strict=True))
    # The six CZ regions are in phase 4 (tests.builders); the other 28 reporting regions sent nothing.
    assert (counts["Fase 4: Implementatiefase"], counts["Niet aangeleverd"], counts["Totaal"]) == (6, 28, 34)
    assert (project.reports / "2020-10" / "voortgangsrapportage-2020-10.pdf").exists()


def test_each_conformed_table_can_be_materialized_alone(project):
    """Both tables are one step (conformed_tables), yet the UI can still rebuild either on its own."""
    cz_book().write(project.raw / "cz.xlsx", received_at=moment(1))
    assert project.cli("run") == 0
    regions_before = project.query("SELECT * FROM regions_per_peildatum ORDER BY regio")
    with duckdb.connect(str(project.warehouse)) as connection:
        connection.execute("DELETE FROM projects_per_peildatum")
    definitions = _definitions(project)
    with dg.instance_for_test() as instance:
        instance.add_dynamic_partitions(PEILDATUM, ["2020-10"])
        outcome = definitions.resolve_implicit_global_asset_job_def().execute_in_process(
            instance=instance, partition_key="2020-10", asset_selection=[dg.AssetKey("projects_per_peildatum")])
        assert outcome.success
        materialized = [event.asset_key.to_user_string() for event in outcome.get_asset_materialization_events()]
        assert materialized == ["projects_per_peildatum"]
        assert not instance.all_logs(outcome.run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION)
    projects = project.query("SELECT count(*) AS n FROM projects_per_peildatum WHERE peildatum = '2020-10'")
    assert projects["n"].item() == 2  # CZ-1 and CZ-2 (tests.builders)
    assert project.query("SELECT * FROM regions_per_peildatum ORDER BY regio").equals(regions_before)
