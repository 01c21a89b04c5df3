"""A finding: one thing the monitor has to say about a submission, located in the workbook."""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.dutch import dutch_number
from pipeline.visible import visible

FOUT = "fout"
WAARSCHUWING = "waarschuwing"


@dataclass(frozen=True)
class Finding:
    severity: str  # FOUT rejects the submission; WAARSCHUWING is accepted
    rule: str  # stable identifier of the rule, for tests and analysis
    message: str  # what is wrong (Dutch)
    action: str  # what to do (Dutch)
    sheet: str | None = None
    row: int | None = None  # Excel row number
    column: str | None = None
    value: str | None = None
    # (sheet, Excel row, column) of the cells this finding already explains, so no other rule repeats it
    covers: tuple[tuple[str, int, str], ...] = field(default=(), compare=False, repr=False)

    @property
    def is_error(self) -> bool:
        return self.severity == FOUT

    def sort_key(self) -> tuple:
        return (
            0 if self.is_error else 1,
            self.sheet or "",
            self.row or 0,
            self.column or "",
            self.rule,
        )


def display_value(value: object, limit: int = 200) -> str | None:
    """The value as shown back to the user: text, shortened, never None for a present value.

    A number as a Dutch Excel shows it in a cell without number format: 2019,5 and -250,75, not 2019.5.
    A control character is shown by its code ([U+000B]), never passed on.
    """
    if value is None:
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = dutch_number(value, grouped=False)
    text = visible(str(value))
    return text if len(text) <= limit else text[: limit - 1] + "…"
