"""The asset graph as the Dagster UI shows it: a snapshot, the sensor, and checks with failing values."""

from __future__ import annotations

import datetime as dt

import dagster as dg

from assets.partitions import PEILDATUM
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
    assert {job.name for job in definitions.resolve_all_job_defs()} >= {"archiveer_aanleveringen",
                                                                        "verwerk_peildatum"}
    assert [sensor.name for sensor in definitions.sensors] == ["raw_folder_sensor"]
    assert [schedule.name for schedule in definitions.schedules] == ["rapport_na_deadline"]


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
        nothing = evaluate(dt.datetime(2021, 5, 1, 7))  # 2021-03's deadline passed, but nothing arrived
        assert isinstance(nothing, dg.SkipReason) and "niets ontvangen" in nothing.skip_message


def test_every_warehouse_step_shares_one_pool(project):
    graph = _definitions(project).resolve_asset_graph()
    pools = {key.to_user_string(): frozenset(graph.get(key).pools) for key in graph.get_all_asset_keys()}
    # Printing the PDF reads only the HTML file, so it needs no warehouse slot.
    assert {key for key, pool in pools.items() if pool != {"duckdb_warehouse"}} == {"progress_report_pdf"}


def _tick(definitions, instance, cursor=None) -> dg.SensorResult:
    sensor = definitions.resolve_sensor_def("raw_folder_sensor")
    return sensor(dg.build_sensor_context(instance=instance, resources=definitions.resources, cursor=cursor))


def _requested(result: dg.SensorResult) -> list[tuple[str, str | None]]:
    return [(r.job_name, r.partition_key) for r in result.run_requests]


def test_sensor_requests_runs_for_new_files_only(project):
    definitions = _definitions(project)
    cz_book().write(project.raw / "a.xlsx", received_at=moment(1))
    cz_book(peildatum="31-03-2020").write(project.raw / "b.xlsx", received_at=moment(2))
    (project.raw / "kapot.xlsx").write_bytes(b"niet een werkmap")
    with dg.instance_for_test() as instance:
        result = _tick(definitions, instance)
        # Oldest first; the earlier peildatum without the report; the unreadable file is archived by the first.
        assert _requested(result) == [("verwerk_peildatum_tabellen", "2020-03"), ("verwerk_peildatum", "2020-10")]
        added = result.dynamic_partitions_requests[0]
        assert (added.partitions_def_name, sorted(added.partition_keys)) == (PEILDATUM, ["2020-03", "2020-10"])
        instance.add_dynamic_partitions(PEILDATUM, ["2020-03", "2020-10"])

        assert _tick(definitions, instance, result.cursor).run_requests == []
        cz_book(projects=[project_row("CZ-9", "Zeeland")]).write(project.raw / "a.xlsx", received_at=moment(3))
        changed = _tick(definitions, instance, result.cursor)
        assert _requested(changed) == [("verwerk_peildatum", "2020-10")]
        # A correction of the earlier peildatum redoes the later one too, which compares with it.
        cz_book(peildatum="31-03-2020", projects=[project_row("CZ-8", "Zeeland")]).write(
            project.raw / "b.xlsx", received_at=moment(4))
        earlier = _tick(definitions, instance, changed.cursor)
        assert _requested(earlier) == [("verwerk_peildatum_tabellen", "2020-03"), ("verwerk_peildatum", "2020-10")]
        assert len({r.run_key for r in earlier.run_requests}) == 2
        (project.raw / "kapot-2.xlsx").write_bytes(b"ook geen werkmap")
        assert _requested(_tick(definitions, instance, earlier.cursor)) == [("archiveer_aanleveringen", None)]


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
    assert project.submission("cz.xlsx")["status"] == "geaccepteerd"
    regions = project.query("SELECT count(*) AS n FROM regions_per_peildatum WHERE peildatum = '2020-10'")
    assert regions["n"].item() == 6
    phases = project.query("""SELECT row_label, number FROM published_tables WHERE peildatum = '2020-10'
                              AND table_key = 'afspraken' AND col_label = 'okt-20' ORDER BY row_no""")
    counts = dict(zip(phases["row_label"], phases["number"], strict=True))
    # The six CZ regions are in phase 4 (tests.builders); the other 28 reporting regions sent nothing.
    assert (counts["Fase 4: Implementatiefase"], counts["Niet aangeleverd"], counts["Totaal"]) == (6, 28, 34)
    assert (project.reports / "2020-10" / "voortgangsrapportage-2020-10.pdf").exists()
