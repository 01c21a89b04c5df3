"""Budget (`Begroting (EUR)`) of the projects of one peildatum: per hoofdrubriek and per concessiehouder.

A budget is optional in the submission, so every row says how many projects gave one; the sum and the
average cover those projects only. Only projects of reporting regions count, as in every project table.
"""

from __future__ import annotations

import duckdb

from pipeline.reference import Reference
from pipeline.tables import texts
from pipeline.tables.groups import reporting_groups
from pipeline.tables.model import AMOUNT, COUNT, PERCENT, TOTAL, TOTAL_LABEL, Row, Table

COLUMNS = ("Projecten", "Met begroting", "Aandeel met begroting", "Begroting (EUR)",
           "Gemiddeld per project met begroting (EUR)")
FORMATS = (COUNT, COUNT, PERCENT, AMOUNT, AMOUNT)

_SUMS = """
SELECT {by} AS key, count(*) AS projects, count(begroting) AS budgeted, coalesce(sum(begroting), 0) AS total
FROM projects_per_peildatum
WHERE in_rapportage AND peildatum = ?
GROUP BY ALL
"""


def _values(projects: int, budgeted: int, total: float) -> tuple:
    return (projects, budgeted, budgeted / projects if projects else 0.0, total,
            total / budgeted if budgeted else None)


def _table(key: str, connection: duckdb.DuckDBPyConnection, by: str, labels: dict[str, str],
           peildatum: str) -> Table:
    """One row per label (also without projects), in the given order, and a closing Totaal."""
    sums = {k: (p, b, t) for k, p, b, t in connection.execute(_SUMS.format(by=by), [peildatum]).fetchall()}
    rows = [Row(label, _values(*sums.get(k, (0, 0, 0.0)))) for k, label in labels.items()]
    # Totals from the same sums: a key outside `labels` (none today) would show up as a margin difference.
    totals = [sum(s[i] for s in sums.values()) for i in range(3)]
    rows.append(Row(TOTAL_LABEL, _values(*totals), TOTAL))
    text = texts.TEXTS[key]
    return Table(key, text.sheet, text.title, text.dimension, COLUMNS, FORMATS, tuple(rows))


def budget_by_rubriek(connection: duckdb.DuckDBPyConnection, reference: Reference, peildatum: str) -> Table:
    labels = dict(zip(reference.codes("hoofdrubriek"), reference.labels("hoofdrubriek"), strict=True))
    return _table("begroting_x_rubriek", connection, "hoofdrubriek", labels, peildatum)


def budget_by_concessiehouder(connection: duckdb.DuckDBPyConnection, reference: Reference,
                              peildatum: str) -> Table:
    groups = reporting_groups(reference)
    return _table("begroting_x_concessiehouder", connection, "rapportagegroep", {g: g for g in groups}, peildatum)
