"""Self-check of the seed-003 fixture, without the pipeline's table code.

The workbooks are read back with the real intake parser; every published figure of the seed is then
recomputed here with plain pandas from the reporting regions' data and compared with `seed_003`.
"""

from __future__ import annotations

import pandas as pd
import pytest

from pipeline.intake.assess import read_submission
from pipeline.reference import load_reference
from tests.tables import seed_003 as seed
from tests.tables.seed_fixture import write_seed_submissions

PERIOD_LABEL = {"2019-03": "mrt-19", "2019-10": "okt-19", "2020-03": "mrt-20", "2020-10": "okt-20"}
PHASES = {"afspraken": seed.AFSPRAKEN, "dynamiek": seed.DYNAMIEK, "visie": seed.VISIE}
PROJECT_TABLES = {"projectstatus": seed.PROJECTSTATUS, "impact": seed.IMPACT, "delen": seed.DELEN,
                  "opschaalbaarheid": seed.OPSCHAALBAARHEID}
TECH_BLOCKS = {"Impact": "impact", "Resultaten te delen": "delen", "Opschaalbaar": "opschaalbaarheid"}


@pytest.fixture(scope="module")
def reference():
    return load_reference()


@pytest.fixture(scope="module")
def parsed(tmp_path_factory, reference):
    paths = write_seed_submissions(tmp_path_factory.mktemp("raw"))
    return {path: read_submission(path, reference) for path in paths}


@pytest.fixture(scope="module")
def data(parsed, reference):
    """(regions, projects) of all files, with labels instead of codes and the reporting flag."""
    regions, projects = [], []
    for path, submission in parsed.items():
        regions.append(submission.regions.assign(zorgkantoor=submission.zorgkantoor, peildatum=submission.peildatum,
                                                 file=path.name))
        projects.append(submission.projects.assign(zorgkantoor=submission.zorgkantoor,
                                                   peildatum=submission.peildatum, file=path.name))
    regions = pd.concat(regions, ignore_index=True)
    projects = pd.concat([p for p in projects if len(p)], ignore_index=True)
    for frame in (regions, projects):
        frame["period"] = frame["peildatum"].map(PERIOD_LABEL)
        frame["reporting"] = frame["regio"].map(lambda r: reference.region(r).in_rapportage)
        frame["rapportagegroep"] = frame["regio"].map(lambda r: reference.region(r).rapportagegroep)
    for dimensie in PHASES:
        regions[dimensie] = [reference.label(dimensie, code) for code in regions[dimensie]]
    for dimensie in (*PROJECT_TABLES, "hoofdrubriek"):
        projects[dimensie] = [reference.label(dimensie, code) for code in projects[dimensie]]
    return regions, projects


def _reporting(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[frame["reporting"]]


def _counts(frame: pd.DataFrame, column: str, period: str) -> dict[str, int]:
    return frame.loc[frame["period"] == period, column].value_counts().to_dict()


def _published(table: dict[str, dict[str, int]], labels: list[str], period: str) -> dict[str, int]:
    """The seed's column over the whole vocabulary (a row the seed does not print is 0)."""
    assert set(table) <= set(labels)
    return {label: table.get(label, {}).get(period, 0) for label in labels}


def test_every_file_is_read_without_errors(parsed, reference):
    assert len(parsed) == 4 * 6 + 1
    for path, submission in parsed.items():
        errors = [f for f in submission.findings if f.is_error]
        assert not errors, (path.name, errors)
        assert submission.zorgkantoor in reference.concessiehouders
        assert submission.peildatum in PERIOD_LABEL
        assert submission.regions["regio__known"].all()
        assert not submission.projects["project_id"].duplicated().any(), path.name
        assert submission.regions["regio"].map(lambda r: reference.region(r).concessiehouder).eq(
            submission.zorgkantoor).all()


def test_files_are_received_in_time_order(parsed):
    stamps = [(path.stat().st_mtime, submission.peildatum) for path, submission in parsed.items()]
    assert stamps == sorted(stamps)
    assert [p for _, p in stamps] == sorted(p for _, p in stamps)


def test_phase_tables_1_to_3(data, reference):
    regions = _reporting(data[0])
    for period in seed.PERIODEN:
        in_period = regions[regions["period"] == period]
        assert sorted(in_period["regio"]) == sorted(r.regio for r in reference.reporting_regions), period
        assert len(in_period) == seed.REGIO_TOTAAL[period]
        for dimensie, table in PHASES.items():
            expected = _published(table, reference.labels(dimensie), period)
            computed = {label: _counts(regions, dimensie, period).get(label, 0) for label in expected}
            assert computed == expected, (dimensie, period)


def test_phases_never_go_down(data, reference):
    regions = _reporting(data[0])
    for dimensie in PHASES:
        codes = {label: reference.resolve_term(dimensie, label).value for label in reference.labels(dimensie)}
        wide = regions.assign(code=regions[dimensie].map(codes).astype(int)).pivot(
            index="regio", columns="peildatum", values="code")
        assert (wide.diff(axis=1).fillna(0) >= 0).all().all(), dimensie


def test_bijlage_1_as_printed(data, reference):
    regions = _reporting(data[0])
    okt = regions[regions["period"] == "okt-20"].set_index("regio__raw")
    assert sorted(okt.index) == sorted(row[0] for row in seed.BIJLAGE_1)  # every name written as printed
    for name, afspraken, visie, dynamiek in seed.BIJLAGE_1:
        row = okt.loc[name]
        assert row["regio"] == reference.resolve_region(name).value
        for dimensie, printed in (("afspraken", afspraken), ("visie", visie), ("dynamiek", dynamiek)):
            assert row[f"{dimensie}__raw"] == printed
            assert row[dimensie] == reference.label(dimensie, reference.resolve_term(dimensie, printed).value)


def test_no_projects_before_2020(data):
    projects = data[1]
    assert set(projects["period"]) == {"mrt-20", "okt-20"}


def test_project_counts(data):
    projects = _reporting(data[1])
    for period, total in seed.PROJECTEN.items():
        assert (projects["period"] == period).sum() == total


def test_tabel_4_rubriek_x_concessiehouder(data, reference):
    projects = _reporting(data[1])
    okt = projects[projects["period"] == "okt-20"]
    table = pd.crosstab(okt["hoofdrubriek"], okt["rapportagegroep"], margins=True, margins_name="Totaal")
    table = table.reindex(index=[*reference.labels("hoofdrubriek"), "Totaal"],
                          columns=[*seed.RAPPORTAGEGROEPEN, "Totaal"], fill_value=0)
    for rubriek, row in seed.RUBRIEK_X_CONCESSIEHOUDER.items():
        assert table.loc[rubriek].to_dict() == row, rubriek
    assert table.loc["Totaal"].to_dict() == seed.RUBRIEK_TOTAAL


def test_tabel_5_betrokkenheid(data):
    projects = _reporting(data[1])
    classes = pd.cut(projects["aantal_betrokken"].astype("float"), bins=[0, 3, 6, 9, float("inf")],
                     labels=["1 tot 3", "4 tot 6", "7 tot 9", "10 of meer"])
    projects = projects.assign(klasse=classes.astype(object).where(classes.notna(), "Onbekend"))
    for period in seed.PROJECT_PERIODEN:
        counts = _counts(projects, "klasse", period)
        assert {label: counts.get(label, 0) for label in seed.BETROKKENHEID} == {
            label: per_period[period] for label, per_period in seed.BETROKKENHEID.items()}
        assert counts.get("Onbekend", 0) == seed.BETROKKENHEID_ONBEKEND[period]
    okt = projects[projects["period"] == "okt-20"]["aantal_betrokken"]
    assert (okt == 10).sum() >= 3 and (okt > 10).sum() >= 3  # the class edge is exercised


@pytest.mark.parametrize("dimensie", list(PROJECT_TABLES))
def test_tabel_6_8_10_11(data, reference, dimensie):
    projects = _reporting(data[1])
    for period in seed.PROJECT_PERIODEN:
        expected = _published(PROJECT_TABLES[dimensie], reference.labels(dimensie), period)
        counts = _counts(projects, dimensie, period)
        assert {label: counts.get(label, 0) for label in expected} == expected, period
        assert sum(expected.values()) == seed.PROJECTEN[period]


def test_tabel_7_nieuwe_projecten(data, reference):
    projects = _reporting(data[1])
    okt = projects[projects["period"] == "okt-20"]
    year = 2020
    assert okt["startjaar"].between(2018, year + 1).all()
    new_total = (okt["startjaar"] >= year).sum()
    old_total = (okt["startjaar"] < year).sum()
    digits = seed.NIEUWE_PROJECTEN_PRECISIE
    for rubriek in reference.labels("hoofdrubriek"):
        mine = okt[okt["hoofdrubriek"] == rubriek]["startjaar"]
        new, old = int((mine >= year).sum()), int((mine < year).sum())
        computed = {"Start 2020": int((mine == 2020).sum()), "Start 2021": int((mine == 2021).sum()),
                    "Totaal 2020 - 2021": new, "Procentueel": round(new / new_total, digits["Procentueel"]),
                    "Aanvang 2018 - 2019": old,
                    "Procentueel (aanvang)": round(old / old_total, digits["Procentueel (aanvang)"])}
        assert computed == pytest.approx(seed.NIEUWE_PROJECTEN[rubriek], abs=1e-9), rubriek
    totals = seed.NIEUWE_PROJECTEN_TOTAAL
    assert (int((okt["startjaar"] == 2020).sum()), int((okt["startjaar"] == 2021).sum()), new_total, old_total) == (
        totals["Start 2020"], totals["Start 2021"], totals["Totaal 2020 - 2021"], totals["Aanvang 2018 - 2019"])


def test_tabel_12_thema_technologie(data, reference):
    projects = _reporting(data[1])
    tech = projects[projects["hoofdrubriek"] == "Technologie"]
    for period in seed.PROJECT_PERIODEN:
        assert (tech["period"] == period).sum() == seed.THEMA_TECHNOLOGIE_TOTAAL[period]
        for block, dimensie in TECH_BLOCKS.items():
            expected = _published(seed.THEMA_TECHNOLOGIE[block], reference.labels(dimensie), period)
            counts = _counts(tech, dimensie, period)
            assert {label: counts.get(label, 0) for label in expected} == expected, (block, period)


def test_dsw_is_delivered_but_not_reporting(data, parsed, reference):
    regions, projects = data
    dsw_regions = regions[regions["zorgkantoor"] == "DSW"]
    dsw_projects = projects[projects["zorgkantoor"] == "DSW"]
    assert list(dsw_regions["regio"]) == ["Delft Westland Oostland"] and not dsw_regions["reporting"].any()
    assert len(dsw_projects) == 3 and "Technologie" in set(dsw_projects["hoofdrubriek"])
    assert set(dsw_projects["period"]) == {"okt-20"}
    assert not reference.region("Delft Westland Oostland").in_rapportage


def test_aliases_are_exercised(data):
    regions, projects = data
    assert (regions["visie__raw"] == "Fase 4: Dialogosessie").any()
    assert (regions["dynamiek__raw"] == "Fase 1: Weinig samenwerkingsdynamiek").any()
    assert (projects["hoofdrubriek__raw"] == "Anders opleiden").any()
    assert (projects["opschaalbaarheid__raw"] == "Ja, naar enkele andere regio's").any()
    assert projects["impact__raw"].isna().any()  # empty = Nog onbekend


def test_project_ids_are_stable(data):
    projects = _reporting(data[1])
    mrt = projects[projects["period"] == "mrt-20"].set_index(["zorgkantoor", "project_id"])
    okt = projects[projects["period"] == "okt-20"].set_index(["zorgkantoor", "project_id"])
    assert set(mrt.index) <= set(okt.index)
    joined = mrt.join(okt, lsuffix="_mrt", rsuffix="_okt")
    for column in ("regio", "hoofdrubriek", "startjaar"):
        assert (joined[f"{column}_mrt"] == joined[f"{column}_okt"]).all(), column
    finished = ("Afgerond en succesvol verlopen", "Afgerond en niet succesvol verlopen")
    was_finished = joined["projectstatus_mrt"].isin(finished)
    assert (joined.loc[was_finished, "projectstatus_mrt"] == joined.loc[was_finished, "projectstatus_okt"]).all()


def test_deterministic(tmp_path, reference):
    first = write_seed_submissions(tmp_path / "a")
    second = write_seed_submissions(tmp_path / "b")
    for one, two in zip(first, second, strict=True):
        a, b = read_submission(one, reference), read_submission(two, reference)
        pd.testing.assert_frame_equal(a.projects, b.projects)
        pd.testing.assert_frame_equal(a.regions, b.regions)
        assert one.stat().st_mtime == two.stat().st_mtime
