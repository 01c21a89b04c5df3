"""A phase change the zorgkantoor has explained in the Toelichting column no longer asks to explain it."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.builders import cz_book, cz_regions, moment, region_row

pytestmark = pytest.mark.alleen_html  # no test here reads the PDF or the Word file


def test_an_explained_phase_drop_does_not_ask_for_an_explanation(project):
    cz_book(peildatum=dt.date(2020, 3, 31), regions=cz_regions(afspraken="Fase 4: Implementatiefase")).write(
        project.raw / "cz-maart.xlsx", received_at=dt.datetime(2020, 4, 10))
    regions = cz_regions(afspraken="Fase 4: Implementatiefase")
    regions[0] = region_row("Zeeland", afspraken="Fase 3: Plan van aanpak",
                            toelichting="Het convenant is opgezegd; we beginnen opnieuw.")
    regions[1] = region_row("West-Brabant", afspraken="Fase 3: Plan van aanpak")
    cz_book(regions=regions).write(project.raw / "cz-oktober.xlsx", received_at=moment(1))
    project.run()
    drops = project.findings("cz-oktober.xlsx").query("rule == 'regio.fase_omlaag'").sort_values("excel_row")
    explained, unexplained = drops["action"].tolist()
    assert drops["excel_row"].tolist() == [2, 3]
    assert "licht het dan toe" not in explained and "u heeft de verandering toegelicht" in explained
    assert "licht het dan toe in de kolom Toelichting" in unexplained
