"""The decisive test: submissions built from the published figures of seed 003 (ZN, January 2021) go
through the real pipeline, and every published figure of Tabel 1–8, 10–12 and Bijlage 1 comes out of
`tabellen-2020-10.xlsx` cell by cell."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from pipeline.reference import load_reference
from tests.tables import seed_003 as seed


def _sheet(workbook, name: str) -> dict[tuple[str | None, str], dict[str, object]]:
    """{(block, row label): {column: value}} from a sheet whose header is on row 2."""
    rows = list(workbook[name].iter_rows(values_only=True))
    header = rows[1]
    cells, block = {}, None
    for row in rows[2:]:
        if all(value is None for value in row[1:]):
            block = row[0]
            continue
        cells[(block, row[0])] = dict(zip(header[1:], row[1:], strict=True))
    return cells


@pytest.fixture(scope="module")
def workbook(seed_project):
    rejected = seed_project.query("SELECT file_name FROM submissions WHERE status = 'afgewezen'")
    assert rejected.empty, rejected
    return load_workbook(seed_project.reports / "2020-10" / "tabellen-2020-10.xlsx")


def _assert_counts(table: dict, published: dict[str, dict[str, int]], block: str | None = None) -> None:
    for label, columns in published.items():
        for column, expected in columns.items():
            assert table[(block, label)][column] == expected, (block, label, column)


@pytest.mark.parametrize(("sheet", "published"), [
    ("Afspraken", seed.AFSPRAKEN), ("Dynamiek", seed.DYNAMIEK), ("Visie", seed.VISIE)])
def test_tabel_1_2_3_phases(workbook, sheet, published):
    table = _sheet(workbook, sheet)
    _assert_counts(table, published)
    assert table[(None, "Totaal")] == seed.REGIO_TOTAAL
    assert (None, "Niet aangeleverd") not in table  # every region delivered in every period


def test_tabel_4_rubriek_x_concessiehouder(workbook):
    table = _sheet(workbook, "Rubriek x concessiehouder")
    _assert_counts(table, seed.RUBRIEK_X_CONCESSIEHOUDER)
    assert table[(None, "Totaal")] == seed.RUBRIEK_TOTAAL
    header = next(workbook["Rubriek x concessiehouder"].iter_rows(min_row=2, max_row=2, values_only=True))
    assert header[1:] == (*seed.RAPPORTAGEGROEPEN, "Totaal")


def test_tabel_5_betrokkenheid(workbook):
    table = _sheet(workbook, "Betrokkenheid")
    _assert_counts(table, seed.BETROKKENHEID)
    assert table[(None, "Onbekend")] == seed.BETROKKENHEID_ONBEKEND
    assert table[(None, "Totaal")] == seed.PROJECTEN


@pytest.mark.parametrize(("sheet", "published"), [
    ("Projectstatus", seed.PROJECTSTATUS), ("Impact", seed.IMPACT), ("Delen resultaten", seed.DELEN),
    ("Opschaalbaarheid", seed.OPSCHAALBAARHEID)])
def test_tabel_6_8_10_11_distributions(workbook, sheet, published):
    table = _sheet(workbook, sheet)
    _assert_counts(table, published)
    assert table[(None, "Totaal")] == seed.PROJECTEN
    printed = {label for label in published}
    assert all(value == 0 for (block, label), row in table.items() if label not in printed | {"Totaal"}
               for value in row.values())


def test_tabel_7_nieuwe_projecten(workbook):
    rows = list(workbook["Nieuwe projecten"].iter_rows(values_only=True))
    header = rows[1][1:]
    assert header == ("Start 2020", "Start 2021", "Totaal 2020 - 2021", "Procentueel", "Aanvang 2018 - 2019",
                      "Procentueel")
    keys = seed.NIEUWE_PROJECTEN_KOLOMMEN
    found = {row[0]: dict(zip(keys, row[1:], strict=True)) for row in rows[2:]}
    for label, expected in [*seed.NIEUWE_PROJECTEN.items(), ("Totaal", seed.NIEUWE_PROJECTEN_TOTAAL)]:
        for column, value in expected.items():
            digits = seed.NIEUWE_PROJECTEN_PRECISIE.get(column)
            shown = round(found[label][column], digits) if digits else found[label][column]
            assert shown == pytest.approx(value, abs=1e-9), (label, column)


def test_tabel_12_thema_technologie(workbook):
    table = _sheet(workbook, "Thema Technologie")
    for block, published in seed.THEMA_TECHNOLOGIE.items():
        _assert_counts(table, published, block)
        assert table[(block, "Totaal")] == seed.THEMA_TECHNOLOGIE_TOTAAL


def test_bijlage_1_regions(workbook):
    reference = load_reference()
    rows = {row[0]: row[1:] for row in workbook["Regio's"].iter_rows(min_row=3, values_only=True)}
    assert list(rows) == [r.regio for r in reference.reporting_regions]
    for printed_name, afspraken, visie, dynamiek in seed.BIJLAGE_1:
        regio = reference.resolve_region(printed_name).value
        expected = tuple(reference.label(dimensie, reference.resolve_term(dimensie, printed).value)
                         for dimensie, printed in (("afspraken", afspraken), ("dynamiek", dynamiek),
                                                   ("visie", visie)))
        assert rows[regio][1:] == expected, printed_name
    assert len(seed.BIJLAGE_1) == len(rows) == 34
