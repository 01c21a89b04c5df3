"""The handleidingen stay true to the code: every table, command, option, check and variable is described."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from pipeline.cli import build_parser
from pipeline.config import Settings
from pipeline.definitions import build_definitions
from pipeline.intake import layout
from pipeline.reference import load_reference
from pipeline.tables import texts

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DOCS = PROJECT_ROOT / "docs"
# Link targets that other parts of issue #7 are adding; remove an entry once its file is in the repository.
PENDING_TARGETS: set[str] = set()
PENDING_COMMANDS: tuple[str, ...] = ()
PENDING_SCHEDULES: tuple[str, ...] = ()


def read(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def definitions(tmp_path_factory):
    return build_definitions(Settings.from_env(tmp_path_factory.mktemp("project")))


def subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def test_index_links_every_document():
    index = read("README.md")
    for name in ("analist.md", "handleiding-aanleveren.md", "lezer-zn.md"):
        assert f"]({name})" in index, name


@pytest.mark.parametrize("name", ["README.md", "analist.md", "handleiding-aanleveren.md", "lezer-zn.md"])
def test_relative_links_resolve(name):
    tokens = MarkdownIt("commonmark").enable("table").parse(read(name))
    links = [child.attrGet("href") for token in tokens for child in token.children or []
             if child.type == "link_open"]
    for href in links:
        if re.match(r"^[a-z]+:", href) or href.startswith("#"):
            continue
        target = (DOCS / href.split("#")[0]).resolve()
        relative = target.relative_to(PROJECT_ROOT).as_posix()
        assert target.exists() or relative in PENDING_TARGETS, f"{name}: link naar {href} bestaat niet"


def test_analist_describes_every_command_and_option():
    text = read("analist.md")
    for name, parser in subcommands().items():
        assert f"wir-monitor {name}" in text, name
        for action in parser._actions:
            if action.option_strings and "--help" not in action.option_strings:
                # Either spelling will do: `-o` or `--output`.
                assert any(f"{option} " in text for option in action.option_strings), (name, action.option_strings)
    for name in PENDING_COMMANDS:
        assert f"wir-monitor {name}" in text, name
    for action in build_parser()._actions:
        if action.option_strings and "--help" not in action.option_strings:
            assert any(f"`{option} " in text for option in action.option_strings), action.option_strings


def test_analist_describes_every_environment_variable():
    text = read("analist.md")
    sources = [*PROJECT_ROOT.glob("pipeline/**/*.py"), *PROJECT_ROOT.glob("assets/**/*.py")]
    variables = {v for path in sources for v in re.findall(r"\bWIR_[A-Z_]+\b", path.read_text(encoding="utf-8"))}
    assert {"WIR_RAW_DIR", "WIR_WAREHOUSE", "WIR_REPORTS_DIR", "WIR_LOCK_TIMEOUT"} <= variables
    for variable in sorted(variables | {"DAGSTER_HOME"}):
        assert f"`{variable}`" in text, variable


def test_analist_describes_every_asset_group_check_job_sensor_and_schedule(definitions):
    text = read("analist.md")
    graph = definitions.resolve_asset_graph()
    for key in graph.get_all_asset_keys():
        node = graph.get(key)
        assert f"`{key.to_user_string()}`" in text, key
        assert f"**{node.group_name}**" in text, node.group_name
        for check in graph.get_check_keys_for_assets([key]):
            assert f"`{check.name}`" in text, check.name
    for job in definitions.resolve_all_job_defs():
        if not job.name.startswith("__"):
            assert f"`{job.name}`" in text, job.name
    for sensor in definitions.sensors or []:
        assert f"`{sensor.name}`" in text, sensor.name
    for schedule in [*(definitions.schedules or []), *PENDING_SCHEDULES]:
        name = getattr(schedule, "name", schedule)
        assert f"`{name}`" in text, name


def test_lezer_describes_every_sheet_of_the_tables_workbook():
    text = flat(read("lezer-zn.md"))
    sheets = [t.sheet for key, t in texts.TEXTS.items()]
    sheets.append(texts.THEME_SHEET.format(label=load_reference().label("hoofdrubriek", texts.PUBLISHED_THEME)))
    for sheet in sheets:
        assert re.search(rf"^### .*{re.escape(sheet)}", read("lezer-zn.md"), re.MULTILINE), sheet
    for column in texts.QUALITY_COLUMNS:
        assert column in text, column
    for status in (texts.STATUS_IN_FORCE, texts.STATUS_IN_FORCE_NEWER_REJECTED, texts.STATUS_REJECTED,
                   texts.STATUS_MISSING):
        assert f"*{status}*" in text, status
    for word in (texts.NOT_DELIVERED, texts.PERCENTAGE, *texts.THEME_BLOCKS.values(), *texts.RAPPORTAGEGROEP_ORDER):
        assert word in text, word


def test_lezer_defines_every_phase_and_counts_the_reporting_regions():
    text = flat(read("lezer-zn.md"))
    reference = load_reference()
    for dimensie in ("afspraken", "dynamiek", "visie"):
        for label in reference.labels(dimensie):
            assert f"| {label} |" in read("lezer-zn.md"), label
    for label in reference.labels("betrokkenheid"):
        assert label in text, label
    assert f"nu {len(reference.reporting_regions)}" in text


def test_handleiding_uses_the_column_names_of_the_contract():
    text = read("handleiding-aanleveren.md")
    for column in (*layout.REGION_COLUMNS, *layout.PROJECT_COLUMNS):
        required = "ja" if column.required else "nee"
        assert re.search(rf"^\| `{re.escape(column.header)}` \| {required} \|", text, re.MULTILINE), column.header
    for key in layout.AANLEVERING_KEYS:
        assert f"| `{key}` |" in text, key
    assert f"van {layout.FIRST_START_YEAR} tot en met twee jaar na" in flat(text)
    assert layout.START_YEAR_MARGIN == 2


def test_handleiding_states_the_limits_of_every_column():
    rows = {line.split("|")[1].strip(" `"): line for line in read("handleiding-aanleveren.md").splitlines()
            if line.startswith("| `")}

    def nl(number: int) -> str:
        return f"{number:,}".replace(",", ".")

    for column in (*layout.REGION_COLUMNS, *layout.PROJECT_COLUMNS):
        row = rows[column.header]
        if getattr(column, "max_length", None):
            assert f"hoogstens {nl(column.max_length)} tekens" in row, column.header
        if getattr(column, "maximum", None):
            assert f"{nl(column.minimum)} tot en met {nl(column.maximum)}" in row, column.header
