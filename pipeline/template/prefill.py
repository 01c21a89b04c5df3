"""Content to prefill a template with: the zorgkantoor's latest accepted submission."""

from __future__ import annotations

from pathlib import Path

from pipeline.template.writer import TemplateContent
from pipeline.warehouse.connection import connect
from pipeline.warehouse.queries import latest_accepted, submission_rows


def prefill_content(warehouse: Path, zorgkantoor: str, peildatum: str
                    ) -> tuple[TemplateContent | None, str | None]:
    """(content, its peildatum) of the version in force at or before the peildatum, or (None, None)."""
    if not warehouse.exists():
        return None, None
    with connect(warehouse, read_only=True) as connection:
        found = latest_accepted(connection, zorgkantoor, peildatum)
        if found is None:
            return None, None
        submission_id, source = found
        regions, projects = submission_rows(connection, submission_id)
    return TemplateContent(regions=regions, projects=projects), source
