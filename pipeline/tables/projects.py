"""The project tables of chapter 4: distributions, crosstabs, new projects and theme profiles.

Counts come from DuckDB; the layout (every vocabulary label in order, totals) from `model`.
Only projects of reporting regions count (DSW never does).
"""

from __future__ import annotations

import re

import duckdb

from pipeline.periods import short_label
from pipeline.reference import Reference
from pipeline.tables import texts
from pipeline.tables.budget import budget_by_concessiehouder, budget_by_rubriek
from pipeline.tables.groups import reporting_groups
from pipeline.tables.model import BLOCK, COUNT, PERCENT, TOTAL, TOTAL_LABEL, Row, Table, count_rows
from pipeline.tables.periods import project_periods
from pipeline.tables.trends import status_trend

_RANGE = re.compile(r"^(\d+)-(\d+)$")
_FROM = re.compile(r"^(\d+)\+$")


def betrokkenheid_sql(reference: Reference) -> str:
    """The betrokkenheid class of `aantal_betrokken` as SQL, derived from the vocabulary codes (1-3, 10+)."""
    branches, unknown = [], None
    for code in reference.codes("betrokkenheid"):
        if match := _RANGE.match(code):
            branches.append(f"WHEN aantal_betrokken BETWEEN {match[1]} AND {match[2]} THEN '{code}'")
        elif match := _FROM.match(code):
            branches.append(f"WHEN aantal_betrokken >= {match[1]} THEN '{code}'")
        else:
            unknown = code
    return f"CASE WHEN aantal_betrokken IS NULL THEN '{unknown}' {' '.join(branches)} END"


def _field(reference: Reference, dimensie: str) -> str:
    return betrokkenheid_sql(reference) if dimensie == "betrokkenheid" else dimensie


def _counts(connection: duckdb.DuckDBPyConnection, expression: str, by: str, periods: list[str],
            hoofdrubriek: str | None = None, scope: str | None = None) -> dict[tuple[str, str], int]:
    """Project counts by (code of `expression`, value of `by`), of one concessiehouder when `scope` is given.

    Expressions come from code, never from data.
    """
    rows = connection.execute(
        f"""SELECT {expression} AS code, {by} AS col, count(*) AS n FROM projects_per_peildatum
            WHERE in_rapportage AND peildatum IN (SELECT unnest($periods::VARCHAR[]))
              AND ($hoofdrubriek::VARCHAR IS NULL OR hoofdrubriek = $hoofdrubriek)
              AND ($scope::VARCHAR IS NULL OR concessiehouder = $scope)
            GROUP BY ALL""", {"periods": periods, "hoofdrubriek": hoofdrubriek, "scope": scope}).fetchall()
    return {(code, col): n for code, col, n in rows}


def _labelled(counts: dict[tuple[str, str], int], reference: Reference, dimensie: str,
              column_label=short_label) -> dict[tuple[str, str], int]:
    # A code outside the vocabulary lands in no row; the count checks then report the difference.
    return {(reference.label_or_none(dimensie, code), column_label(col)): n for (code, col), n in counts.items()}


def _labels(reference: Reference, dimensie: str, counts: dict[tuple[str, str], int]) -> list[str]:
    """Vocabulary labels in order; for opschaalbaarheid 'Nog onbekend' only when it occurs (Outputs v1)."""
    labels = reference.labels(dimensie)
    if dimensie == "opschaalbaarheid":
        unknown = reference.label(dimensie, "O")
        if not any(n for (label, _), n in counts.items() if label == unknown):
            labels = [label for label in labels if label != unknown]
    return labels


def _table(key: str, columns: list[str], formats: tuple[str, ...], rows: list[Row]) -> Table:
    text = texts.TEXTS[key]
    return Table(key, text.sheet, text.title, text.dimension, tuple(columns), formats, tuple(rows))


def distribution(connection, reference: Reference, dimensie: str, peildatum: str, scope: str | None = None) -> Table:
    """Projects per label of one dimension: previous and this peildatum."""
    periods = project_periods(connection, peildatum)
    columns = [short_label(p) for p in periods]
    counts = _labelled(_counts(connection, _field(reference, dimensie), "peildatum", periods, scope=scope),
                       reference, dimensie)
    rows = count_rows(_labels(reference, dimensie, counts), columns, counts)
    return _table(dimensie, columns, (COUNT,) * len(columns), rows)


def _with_total_column(rows: list[Row]) -> list[Row]:
    return [Row(r.label, (*r.values, sum(r.values)), r.kind, r.block) for r in rows]


def rubriek_x_concessiehouder(connection, reference: Reference, peildatum: str) -> Table:
    columns = reporting_groups(reference)
    counts = _labelled(_counts(connection, "hoofdrubriek", "rapportagegroep", [peildatum]), reference,
                       "hoofdrubriek", column_label=str)
    rows = _with_total_column(count_rows(reference.labels("hoofdrubriek"), columns, counts))
    return _table("rubriek_x_concessiehouder", [*columns, TOTAL_LABEL], (COUNT,) * (len(columns) + 1), rows)


def opschaalbaarheid_x_rubriek(connection, reference: Reference, peildatum: str, scope: str | None = None) -> Table:
    raw = _counts(connection, "hoofdrubriek", "opschaalbaarheid", [peildatum], scope=scope)
    counts = {(reference.label_or_none("hoofdrubriek", code), reference.label_or_none("opschaalbaarheid", col)): n
              for (code, col), n in raw.items()}
    present = {(reference.label_or_none("opschaalbaarheid", col), ""): n for (_, col), n in raw.items()}
    columns = _labels(reference, "opschaalbaarheid", present)
    rows = _with_total_column(count_rows(reference.labels("hoofdrubriek"), columns, counts))
    return _table("opschaalbaarheid_x_rubriek", [*columns, TOTAL_LABEL], (COUNT,) * (len(columns) + 1), rows)


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def _years_label(first: int, last: int, word: str) -> str:
    return f"{word} {first}" if first == last else f"{word} {first} - {last}"


def _start_years(connection, peildatum: str) -> list[int]:
    return [row[0] for row in connection.execute(
        "SELECT DISTINCT startjaar FROM projects_per_peildatum WHERE in_rapportage AND peildatum = ?",
        [peildatum]).fetchall()]


def nieuwe_projecten(connection, reference: Reference, peildatum: str, scope: str | None = None) -> Table:
    """Per hoofdrubriek: projects starting in the peildatum's year or later, against all earlier ones.

    The start years are those of the national table also for one concessiehouder (`scope`), so the two
    compare column by column.
    """
    year = int(peildatum[:4])
    raw = _counts(connection, "hoofdrubriek", "startjaar", [peildatum], scope=scope)
    years = _start_years(connection, peildatum)
    last = max([year, *years])
    new_years = list(range(year, last + 1))
    earliest = min([y for y in years if y < year], default=None)
    per_label: dict[str, list[int]] = {}
    for label, code in zip(reference.labels("hoofdrubriek"), reference.codes("hoofdrubriek"), strict=True):
        new = [raw.get((code, y), 0) for y in new_years]
        earlier = sum(n for (c, y), n in raw.items() if c == code and int(y) < year)
        per_label[label] = [*new, sum(new), earlier]
    total_new = sum(v[-2] for v in per_label.values())
    total_earlier = sum(v[-1] for v in per_label.values())
    rows = []
    for label, values in per_label.items():
        *new, new_sum, earlier = values
        rows.append(Row(label, (*new, new_sum, _share(new_sum, total_new), earlier, _share(earlier, total_earlier))))
    sums = [sum(v[i] for v in per_label.values()) for i in range(len(new_years))]
    rows.append(Row(TOTAL_LABEL, (*sums, total_new, _share(total_new, total_new), total_earlier,
                                  _share(total_earlier, total_earlier)), TOTAL))
    earlier_label = (_years_label(earliest, year - 1, "Aanvang") if earliest is not None
                     else f"Aanvang vóór {year}")
    columns = [*(f"Start {y}" for y in new_years), _years_label(year, last, TOTAL_LABEL), texts.PERCENTAGE,
               earlier_label, texts.PERCENTAGE]
    formats = (*(COUNT,) * len(new_years), COUNT, PERCENT, COUNT, PERCENT)
    return _table("nieuwe_projecten", columns, formats, rows)


def theme_profile(connection, reference: Reference, hoofdrubriek: str, peildatum: str) -> Table:
    """Impact, sharing and scalability of the projects of one hoofdrubriek: previous and this peildatum."""
    periods = project_periods(connection, peildatum)
    columns = [short_label(p) for p in periods]
    rows: list[Row] = []
    for dimensie, block in texts.THEME_BLOCKS.items():
        counts = _labelled(_counts(connection, dimensie, "peildatum", periods, hoofdrubriek),
                           reference, dimensie)
        rows.append(Row(block, (None,) * len(columns), BLOCK, block))
        rows += count_rows(_labels(reference, dimensie, counts), columns, counts, block)
    label = reference.label("hoofdrubriek", hoofdrubriek)
    return Table(f"thema_{hoofdrubriek}", texts.THEME_SHEET.format(label=label), texts.THEME_TITLE.format(label=label),
                 texts.THEME_SHEET.format(label=label), tuple(columns), (COUNT,) * len(columns), tuple(rows))


def project_tables(connection, reference: Reference, peildatum: str) -> list[Table]:
    """Every project table of the workbook, in its order, and the theme profile of every hoofdrubriek."""
    tables = [rubriek_x_concessiehouder(connection, reference, peildatum)]
    tables += [distribution(connection, reference, d, peildatum) for d in ("betrokkenheid", "projectstatus")]
    tables.append(nieuwe_projecten(connection, reference, peildatum))
    tables += [distribution(connection, reference, d, peildatum) for d in ("impact", "delen", "opschaalbaarheid")]
    tables.append(opschaalbaarheid_x_rubriek(connection, reference, peildatum))
    tables += [budget_by_rubriek(connection, reference, peildatum),
               budget_by_concessiehouder(connection, reference, peildatum),
               status_trend(connection, reference, peildatum)]
    tables += [theme_profile(connection, reference, code, peildatum) for code in reference.codes("hoofdrubriek")]
    return tables

