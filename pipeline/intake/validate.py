"""Validate parsed submissions: the value rules of both data sheets, run over a whole batch at once.

Each rule is a Great Expectations expectation (type and arguments, see `_rules`). Two engines evaluate
them with the same outcome: by default a vectorised pandas implementation of exactly these expectation
types (GX's own pandas semantics: missing values skipped, pairs ignored when both are missing, every row of
a duplicate group unexpected); with WIR_VALIDATOR=great_expectations, Great Expectations itself. GX has a
fixed cost of seconds per import and per run, paid per peildatum, so it is imported here and only when
that engine is chosen. tests/intake/test_validation_engines.py holds both engines to the same findings.
"""

from __future__ import annotations

import itertools
import logging
import os
from dataclasses import dataclass, replace
from functools import cache

import pandas as pd

from pipeline.dutch import dutch_number
from pipeline.intake import layout
from pipeline.intake.findings import Finding
from pipeline.intake.layout import Column
from pipeline.intake.messages import finding, near_miss_texts
from pipeline.intake.parse import ParsedSubmission
from pipeline.intake.suggest import near_misses
from pipeline.reference import Reference

WHOLE_NUMBER = r"^-?\d+$"
AMOUNT = r"^-?\d+(?:\.\d+)?$"
# Where one cell breaks several rules, the first of these is reported.
RULE_PRIORITY = (
    "waarde.verplicht", "regio.onbekend", "waarde.vocabulaire", "waarde.geen_getal",
    "waarde.geen_bedrag", "waarde.bereik", "waarde.minimum", "waarde.maximum", "waarde.te_lang",
    "regio.ander_zorgkantoor",
    "regio.dubbel", "project.id_dubbel",
)
ENGINE_VARIABLE = "WIR_VALIDATOR"
GX_ENGINE = "great_expectations"
INDEX_COLUMNS = ["file_id", "excel_row"]


_RUN_NUMBERS = itertools.count(1)


@dataclass(frozen=True)
class Expectation:
    """A Great Expectations expectation as data: its class name and keyword arguments."""

    type: str
    kwargs: dict


@dataclass(frozen=True)
class Rule:
    """One expectation and how its failures become findings."""

    rule: str
    sheet: str
    column: Column
    expectation: Expectation


def _gx():
    import great_expectations as gx

    logging.getLogger("great_expectations").setLevel(logging.ERROR)
    return gx


@cache
def _context():
    gx = _gx()
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    return context


def _rules(sheet: str, columns: tuple[Column, ...], reference: Reference, year: int) -> list[Rule]:
    rules: list[Rule] = []

    def add(rule: str, target: Column, expectation: str, /, **kwargs: object) -> None:
        rules.append(Rule(rule, sheet, target, Expectation(expectation, kwargs)))

    for column in columns:
        field = column.field
        if column.required:
            add("waarde.verplicht", column, "ExpectColumnValuesToNotBeNull", column=f"{field}__raw")
        if column.kind == "term":
            add("waarde.vocabulaire", column, "ExpectColumnValuesToBeInSet", column=field,
                value_set=reference.codes(column.dimensie))
        elif column.kind == "region":
            add("regio.onbekend", column, "ExpectColumnValuesToBeInSet", column=field,
                value_set=[r.regio for r in reference.regions])
            add("regio.ander_zorgkantoor", column, "ExpectColumnPairValuesToBeInSet", column_A="zorgkantoor",
                column_B=field, value_pairs_set=[(r.concessiehouder, r.regio) for r in reference.regions])
        elif column.kind in ("whole", "amount"):
            add("waarde.geen_getal" if column.kind == "whole" else "waarde.geen_bedrag", column,
                "ExpectColumnValuesToMatchRegex", column=f"{field}__text",
                regex=WHOLE_NUMBER if column.kind == "whole" else AMOUNT)
            if column.year:
                add("waarde.bereik", column, "ExpectColumnValuesToBeBetween", column=field,
                    min_value=column.minimum, max_value=int(year) + layout.START_YEAR_MARGIN)
            elif column.minimum is not None:
                add("waarde.minimum", column, "ExpectColumnValuesToBeBetween", column=field,
                    min_value=column.minimum)
            if column.maximum is not None:
                add("waarde.maximum", column, "ExpectColumnValuesToBeBetween", column=field,
                    max_value=column.maximum)
        if column.max_length is not None:
            add("waarde.te_lang", column, "ExpectColumnValueLengthsToBeBetween", column=field,
                max_value=column.max_length)
    key = "regio" if sheet == layout.SHEET_REGIOS else "project_id"
    add("regio.dubbel" if key == "regio" else "project.id_dubbel", next(c for c in columns if c.field == key),
        "ExpectCompoundColumnsToBeUnique", column_list=["file_id", key])
    return rules


def _message(rule: Rule, row: dict, reference: Reference, zorgkantoor: str | None) -> Finding | None:
    column = rule.column
    raw = row.get(f"{column.field}__raw")
    raw = None if pd.isna(raw) else raw
    common = {"sheet": rule.sheet, "row": int(row["excel_row"]), "column": column.header, "value": raw}
    if rule.rule == "waarde.vocabulaire":
        item = finding(rule.rule, allowed="; ".join(reference.labels(column.dimensie)), **common)
        suggested = near_misses(reference, column.dimensie, raw)
        if not suggested:
            return item
        texts = near_miss_texts(suggested)
        return replace(item, message=item.message + texts["hint"], action=texts["action"])
    if rule.rule == "regio.onbekend":
        allowed = [r.regio for r in reference.regions_of(zorgkantoor)] if zorgkantoor else \
            [r.regio for r in reference.regions]
        return finding(rule.rule, allowed="; ".join(allowed), **common)
    if rule.rule == "regio.ander_zorgkantoor":
        if not zorgkantoor:
            return None  # the unknown zorgkantoor is already reported
        owner = reference.region(row[column.field]).concessiehouder
        allowed = "; ".join(r.regio for r in reference.regions_of(zorgkantoor))
        return finding(rule.rule, owner=owner, zorgkantoor=zorgkantoor, allowed=allowed, **common)
    if rule.rule in ("regio.dubbel", "project.id_dubbel") and raw is None:
        return None  # an empty key is reported as required
    if rule.rule == "waarde.bereik":
        return finding(rule.rule, low=column.minimum, high=int(rule.expectation.kwargs["max_value"]), **common)
    if rule.rule == "waarde.minimum":
        return finding(rule.rule, low=dutch_number(column.minimum), **common)
    if rule.rule == "waarde.maximum":
        return finding(rule.rule, high=dutch_number(column.maximum), **common)
    if rule.rule == "waarde.te_lang":
        return finding(rule.rule, length=dutch_number(len(str(row[column.field]))),
                       limit=dutch_number(column.max_length), **common)
    return finding(rule.rule, **common)


def _batch_frame(batch: dict[str, ParsedSubmission], sheet: str) -> pd.DataFrame | None:
    frames = []
    for file_id, parsed in batch.items():
        frame = parsed.regions if sheet == layout.SHEET_REGIOS else parsed.projects
        if frame is not None and len(frame):
            frames.append(frame.assign(file_id=file_id, zorgkantoor=parsed.zorgkantoor))
    return pd.concat(frames, ignore_index=True) if frames else None


def _unexpected(frame: pd.DataFrame, expectation: Expectation) -> pd.Series:
    """The rows that break the expectation (True), with Great Expectations' pandas semantics."""
    kwargs = expectation.kwargs
    if expectation.type == "ExpectColumnValuesToNotBeNull":
        return frame[kwargs["column"]].isna()
    if expectation.type == "ExpectCompoundColumnsToBeUnique":  # rows with every value missing are ignored
        values = frame[kwargs["column_list"]]
        considered = values.notna().any(axis=1)
        return considered & values[considered].duplicated(keep=False).reindex(frame.index, fill_value=False)
    if expectation.type == "ExpectColumnPairValuesToBeInSet":  # rows with both values missing are ignored
        pairs = {tuple(pair) for pair in kwargs["value_pairs_set"]}
        first, second = frame[kwargs["column_A"]], frame[kwargs["column_B"]]
        considered = first.notna() | second.notna()
        inside = [(None if pd.isna(a) else a, None if pd.isna(b) else b) in pairs for a, b in zip(first, second,
                                                                                                 strict=True)]
        return considered & ~pd.Series(inside, index=frame.index, dtype=bool)
    column = frame[kwargs["column"]]  # a column map expectation: missing values are skipped
    present = column.notna()
    values = column[present]
    if expectation.type == "ExpectColumnValuesToBeInSet":
        expected = values.isin(kwargs["value_set"])
    elif expectation.type == "ExpectColumnValuesToMatchRegex":
        expected = values.astype(str).str.contains(kwargs["regex"])
    elif expectation.type in ("ExpectColumnValuesToBeBetween", "ExpectColumnValueLengthsToBeBetween"):
        measured = values.astype(str).str.len() if expectation.type == "ExpectColumnValueLengthsToBeBetween" \
            else values
        expected = pd.Series(True, index=values.index)
        if kwargs.get("min_value") is not None:
            expected &= measured >= kwargs["min_value"]
        if kwargs.get("max_value") is not None:
            expected &= measured <= kwargs["max_value"]
    else:
        raise ValueError(f"Geen vectoriële uitvoering voor {expectation.type}")
    return present & ~expected.astype(bool).reindex(frame.index, fill_value=True)


def _run_pandas(frame: pd.DataFrame, rules: list[Rule]) -> list[tuple[Rule, list[dict]]]:
    outcomes = []
    for rule in rules:
        unexpected = _unexpected(frame, rule.expectation).to_numpy(dtype=bool)
        if unexpected.any():
            outcomes.append((rule, frame.loc[unexpected, INDEX_COLUMNS].to_dict("records")))
    return outcomes


def _run_gx(frame: pd.DataFrame, rules: list[Rule], sheet: str) -> list[tuple[Rule, list[dict]]]:
    gx = _gx()
    context = _context()
    name = f"{sheet}-{next(_RUN_NUMBERS)}"
    source = context.data_sources.add_pandas(name)
    batch = source.add_dataframe_asset(sheet).add_batch_definition_whole_dataframe("batch")
    expectations = []
    for index, rule in enumerate(rules):
        expectation = getattr(gx.expectations, rule.expectation.type)(**rule.expectation.kwargs)
        expectation.meta = {"rule_index": index}
        expectations.append(expectation)
    suite = gx.ExpectationSuite(name=name, expectations=expectations)
    definition = gx.ValidationDefinition(name=name, data=batch, suite=context.suites.add(suite))
    result = definition.run(
        batch_parameters={"dataframe": frame},
        result_format={"result_format": "COMPLETE", "unexpected_index_column_names": INDEX_COLUMNS},
    )
    outcomes = []
    for expectation_result in result.results:
        if not expectation_result.success:
            rule = rules[expectation_result.expectation_config.meta["rule_index"]]
            outcomes.append((rule, expectation_result.result.get("unexpected_index_list") or []))
    return outcomes


def _run(frame: pd.DataFrame, rules: list[Rule], sheet: str) -> list[tuple[Rule, list[dict]]]:
    if os.environ.get(ENGINE_VARIABLE, "").strip().lower() == GX_ENGINE:
        return _run_gx(frame, rules, sheet)
    return _run_pandas(frame, rules)


def validate_batch(batch: dict[str, ParsedSubmission], reference: Reference, year: int
                   ) -> dict[str, list[Finding]]:
    """Findings per file_id for the value rules of both data sheets."""
    findings: dict[str, list[Finding]] = {file_id: [] for file_id in batch}
    for sheet, columns in layout.SHEET_COLUMNS.items():
        frame = _batch_frame(batch, sheet)
        if frame is None:
            continue
        rules = _rules(sheet, columns, reference, year)
        indexed = frame.set_index(["file_id", "excel_row"], drop=False)
        by_header = {c.header: c.field for c in columns}
        seen: dict[tuple, str] = {(file_id, row, by_header[header]): f.rule for file_id, parsed in batch.items()
                                  for f in parsed.findings for cell_sheet, row, header in f.covers
                                  if cell_sheet == sheet and header in by_header}
        for rule, failures in sorted(_run(frame, rules, sheet), key=lambda o: RULE_PRIORITY.index(o[0].rule)):
            for failure in failures:
                file_id, excel_row = failure["file_id"], int(failure["excel_row"])
                location = (file_id, excel_row, rule.column.field)
                if location in seen:
                    continue
                row = indexed.loc[(file_id, excel_row)]
                row = (row.iloc[0] if isinstance(row, pd.DataFrame) else row).to_dict()
                item = _message(rule, row, reference, batch[file_id].zorgkantoor)
                if item is not None:
                    seen[location] = rule.rule
                    findings[file_id].append(item)
    return findings
