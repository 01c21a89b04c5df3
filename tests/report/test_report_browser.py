"""The rendered report in Debian's Chromium (Playwright), opened from disk with every network request refused:
the project lists sort and filter, and a chart's hover gives the exact figure, all offline."""

from __future__ import annotations

import pytest

from pipeline.reference import load_reference
from pipeline.report.regions import region_anchors
from tests.portal_browser.conftest import CHROMIUM, CHROMIUM_ARGS

PEILDATUM = "2020-10"


@pytest.fixture(scope="module")
def offline_page(seed_project):
    from playwright.sync_api import sync_playwright

    path = seed_project.reports / PEILDATUM / f"voortgangsrapportage-{PEILDATUM}.html"
    refused: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=[
            *CHROMIUM_ARGS, "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>"])
        page = browser.new_page(viewport={"width": 1280, "height": 900})

        def route(request_route):
            if request_route.request.url.startswith("file://"):
                request_route.continue_()
            else:
                refused.append(request_route.request.url)
                request_route.abort()

        page.route("**/*", route)
        page.goto(path.as_uri(), wait_until="load")
        yield page, refused
        browser.close()


def _budgets(table) -> list[float]:
    return [float(v) for v in table.locator("tbody tr:not([hidden]) td:last-child").evaluate_all(
        "cells => cells.map(c => c.dataset.sort)")]


def test_a_project_list_sorts_and_filters_offline(seed_project, offline_page):
    page, refused = offline_page
    regio = seed_project.query(f"""SELECT regio FROM projects_per_peildatum WHERE peildatum = '{PEILDATUM}'
        AND in_rapportage GROUP BY regio ORDER BY count(*) DESC, regio LIMIT 1""")["regio"][0]
    anchor = region_anchors(load_reference())[regio]
    table = page.locator(f"#{anchor}-projecten")
    stored = seed_project.query(f"""SELECT project_id, projectnaam, coalesce(begroting, -1) AS begroting
        FROM projects_per_peildatum WHERE peildatum = '{PEILDATUM}' AND regio = '{regio}'""")
    assert table.locator("tbody tr").count() == len(stored) >= 5

    header = table.locator("thead th").last
    header.click()
    first = header.get_attribute("aria-sort")
    assert first in ("ascending", "descending")
    assert _budgets(table) == sorted(stored["begroting"], reverse=first == "descending")
    header.press("Enter")  # the keyboard sorts too
    assert header.get_attribute("aria-sort") != first
    assert _budgets(table) == sorted(stored["begroting"], reverse=first != "descending")

    word = max(stored["projectnaam"].iloc[0].split(), key=len)  # a word of one project's name
    expected = {r.project_id for r in stored.itertuples() if word.lower() in r.projectnaam.lower()}
    page.locator(f'input[data-filter="{anchor}-projecten"]').fill(word)
    shown = table.locator("tbody tr:not([hidden])").evaluate_all("rows => rows.map(r => r.dataset.projectId)")
    assert set(shown) == expected and 0 < len(expected) < len(stored)
    assert page.locator(f"#{anchor}-projecten-telling").inner_text() == f"{len(expected)} van {len(stored)} projecten"
    page.locator(f'input[data-filter="{anchor}-projecten"]').fill("")
    assert table.locator("tbody tr:not([hidden])").count() == len(stored)
    assert refused == []


def _hover(page, key: str, curve: int, point: int) -> tuple[str, dict]:
    chart = page.locator(f'figure[data-grafiek="{key}"] .plotly-graph-div').first
    chart.scroll_into_view_if_needed()
    label = chart.evaluate(f"""div => {{
        Plotly.Fx.hover(div, [{{curveNumber: {curve}, pointNumber: {point}}}]);
        return div.querySelector('.hoverlayer').textContent;
    }}""")
    figure = chart.evaluate(f"""div => ({{x: div.data[{curve}].x[{point}], y: div.data[{curve}].y[{point}],
                                         name: div.data[{curve}].name}})""")
    return label, figure


def test_a_chart_hover_shows_the_exact_figure_offline(offline_page):
    page, refused = offline_page
    label, figure = _hover(page, "trend_fasen", 0, 0)
    # The figure as the table shows it: one decimal, a Dutch comma.
    assert f"{figure['x']}: {figure['y'] * 100:.1f}%".replace(".", ",") in label and figure["name"] in label
    label, figure = _hover(page, "afspraken", 0, 0)  # a stacked bar: regions in one phase at one peildatum
    assert f"{figure['x']}: {figure['y']} regio's" in label and figure["name"] in label
    label, figure = _hover(page, "rubriek_x_concessiehouder", 0, 0)  # a horizontal bar
    assert f"{figure['y']}: {figure['x']} projecten" in label and figure["name"] in label
    assert refused == []
