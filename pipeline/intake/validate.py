"""Validate parsed submissions with Great Expectations: one suite per sheet, run over a batch.

All files of a batch are validated in one run (a `file_id` column keeps them apart), because a
GX run has a fixed cost that would otherwise be paid per file. Great Expectations is imported
here and only here, lazily: the import alone takes seconds.
"""

from __future__ import annotations

import itertools
import logging
from dataclasses import dataclass
from functools import cache

import pandas as pd

from pipeline.intake import layout
from pipeline.intake.findings import Finding
from pipeline.intake.layout import Column
from pipeline.intake.messages import finding
from pipeline.intake.parse import ParsedSubmission
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


_RUN_NUMBERS = itertools.count(1)


@dataclass(frozen=True)
class Rule:
    """One expectation and how its failures become findings."""

    rule: str
    sheet: str
    column: Column
    expectation: object


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
    gxe = _gx().expectations
    rules: list[Rule] = []
    for column in columns:
        field = column.field
        if column.required:
            rules.append(Rule("waarde.verplicht", sheet, column,
                              gxe.ExpectColumnValuesToNotBeNull(column=f"{field}__raw")))
        if column.kind == "term":
            rules.append(Rule("waarde.vocabulaire", sheet, column, gxe.ExpectColumnValuesToBeInSet(
                column=field, value_set=reference.codes(column.dimensie))))
        elif column.kind == "region":
            rules.append(Rule("regio.onbekend", sheet, column, gxe.ExpectColumnValuesToBeInSet(
                column=field, value_set=[r.regio for r in reference.regions])))
            rules.append(Rule("regio.ander_zorgkantoor", sheet, column, gxe.ExpectColumnPairValuesToBeInSet(
                column_A="zorgkantoor", column_B=field,
                value_pairs_set=[(r.concessiehouder, r.regio) for r in reference.regions])))
        elif column.kind in ("whole", "amount"):
            rules.append(Rule(
                "waarde.geen_getal" if column.kind == "whole" else "waarde.geen_bedrag", sheet, column,
                gxe.ExpectColumnValuesToMatchRegex(
                    column=f"{field}__text", regex=WHOLE_NUMBER if column.kind == "whole" else AMOUNT)))
            if field == "startjaar":
                rules.append(Rule("waarde.bereik", sheet, column, gxe.ExpectColumnValuesToBeBetween(
                    column=field, min_value=column.minimum, max_value=int(year) + layout.START_YEAR_MARGIN)))
            elif column.minimum is not None:
                rules.append(Rule("waarde.minimum", sheet, column, gxe.ExpectColumnValuesToBeBetween(
                    column=field, min_value=column.minimum)))
            if column.maximum is not None:
                rules.append(Rule("waarde.maximum", sheet, column, gxe.ExpectColumnValuesToBeBetween(
                    column=field, max_value=column.maximum)))
        if column.max_length is not None:
            rules.append(Rule("waarde.te_lang", sheet, column, gxe.ExpectColumnValueLengthsToBeBetween(
                column=field, max_value=column.max_length)))
    key = "regio" if sheet == layout.SHEET_REGIOS else "project_id"
    rules.append(Rule("regio.dubbel" if key == "regio" else "project.id_dubbel", sheet,
                      next(c for c in columns if c.field == key),
                      gxe.ExpectCompoundColumnsToBeUnique(column_list=["file_id", key])))
    return rules


def _message(rule: Rule, row: dict, reference: Reference, zorgkantoor: str | None) -> Finding | None:
    column = rule.column
    raw = row.get(f"{column.field}__raw")
    raw = None if pd.isna(raw) else raw
    common = {"sheet": rule.sheet, "row": int(row["excel_row"]), "column": column.header, "value": raw}
    if rule.rule == "waarde.vocabulaire":
        return finding(rule.rule, allowed="; ".join(reference.labels(column.dimensie)), **common)
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
        return finding(rule.rule, low=column.minimum, high=int(rule.expectation.max_value), **common)
    if rule.rule == "waarde.minimum":
        return finding(rule.rule, low=column.minimum, **common)
    if rule.rule == "waarde.maximum":
        return finding(rule.rule, high=f"{column.maximum:,}".replace(",", "."), **common)
    if rule.rule == "waarde.te_lang":
        return finding(rule.rule, length=len(str(row[column.field])), limit=column.max_length, **common)
    return finding(rule.rule, **common)


def _batch_frame(batch: dict[str, ParsedSubmission], sheet: str) -> pd.DataFrame | None:
    frames = []
    for file_id, parsed in batch.items():
        frame = parsed.regions if sheet == layout.SHEET_REGIOS else parsed.projects
        if frame is not None and len(frame):
            frames.append(frame.assign(file_id=file_id, zorgkantoor=parsed.zorgkantoor))
    return pd.concat(frames, ignore_index=True) if frames else None


def _run(frame: pd.DataFrame, rules: list[Rule], sheet: str) -> list[tuple[Rule, list[dict]]]:
    gx = _gx()
    context = _context()
    name = f"{sheet}-{next(_RUN_NUMBERS)}"
    source = context.data_sources.add_pandas(name)
    batch = source.add_dataframe_asset(sheet).add_batch_definition_whole_dataframe("batch")
    for index, rule in enumerate(rules):
        rule.expectation.meta = {"rule_index": index}
    suite = gx.ExpectationSuite(name=name, expectations=[rule.expectation for rule in rules])
    definition = gx.ValidationDefinition(name=name, data=batch, suite=context.suites.add(suite))
    result = definition.run(
        batch_parameters={"dataframe": frame},
        result_format={"result_format": "COMPLETE", "unexpected_index_column_names": ["file_id", "excel_row"]},
    )
    outcomes = []
    for expectation_result in result.results:
        if not expectation_result.success:
            rule = rules[expectation_result.expectation_config.meta["rule_index"]]
            outcomes.append((rule, expectation_result.result.get("unexpected_index_list") or []))
    return outcomes


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
