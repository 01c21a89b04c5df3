"""A value just outside its vocabulary gets the label it probably meant, instead of the whole drop-down list."""

from __future__ import annotations

import pytest

from pipeline.intake import validate
from pipeline.intake.assess import read_submission
from pipeline.intake.suggest import near_misses
from pipeline.reference import load_reference
from tests.builders import cz_book, cz_regions, project_row, region_row


@pytest.mark.parametrize(("dimensie", "value", "expected"), [
    ("projectstatus", "Afgerond", ["Afgerond en niet succesvol verlopen", "Afgerond en succesvol verlopen"]),
    ("visie", "Fase 5: Strategische keuze", ["Fase 5: Strategische keuzes"]),
    ("dynamiek", "Fase 3: Intrinsieke motivatei", ["Fase 3: Intrinsieke motivatie"]),
    ("hoofdrubriek", "Tecnologie", ["Technologie"]),
    ("hoofdrubriek", "Efficient werkn", ["Efficiënt werken"]),  # close to an alias: the label is suggested
    ("projectstatus", "Bijna klaar, nog even", []),
    ("afspraken", "Fase 5", []),
    ("projectstatus", "Af", []),
])
def test_near_misses(dimensie, value, expected):
    assert near_misses(load_reference(), dimensie, value) == expected


def _findings(tmp_path, book):
    reference = load_reference()
    parsed = read_submission(book.write(tmp_path / "near.xlsx"), reference)
    return [f for f in validate.validate_batch({"f": parsed}, reference, 2020)["f"] if f.rule == "waarde.vocabulaire"]


def test_the_finding_suggests_instead_of_listing(tmp_path):
    regions = [region_row("Zeeland", visie="Fase 5: Strategische keuze"), *cz_regions()[1:]]
    book = cz_book(regions=regions, projects=[project_row("CZ-1", "Zeeland", Projectstatus="Afgerond")])
    by_column = {f.column: f for f in _findings(tmp_path, book)}
    visie = by_column["Regiovisie"]
    assert visie.message.endswith("Bedoelt u 'Fase 5: Strategische keuzes'?")
    assert "Fase 1: Nog geen afspraak over" not in visie.action  # not the whole list
    status = by_column["Projectstatus"]
    assert "Bedoelt u 'Afgerond en niet succesvol verlopen' of 'Afgerond en succesvol verlopen'?" in status.message
    assert status.action.startswith("Kies 'Afgerond en niet succesvol verlopen' of 'Afgerond en succesvol verlopen'")


def test_without_a_near_miss_the_whole_list_stays(tmp_path):
    book = cz_book(regions=cz_regions(), projects=[project_row("CZ-1", "Zeeland", Projectstatus="Bijna klaar")])
    (item,) = _findings(tmp_path, book)
    assert "Bedoelt u" not in item.message
    assert "Lopend" in item.action and "Nog niet gestart" in item.action
