"""Build and write the feedback documents of a peildatum from the warehouse."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from pipeline.clock import dutch_time
from pipeline.feedback.render import FeedbackDocument, write_feedback
from pipeline.warehouse.load import note_feedback_failure
from pipeline.warehouse.queries import findings_of, submissions_of


def write_feedback_documents(connection: duckdb.DuckDBPyConnection, peildatum: str | None,
                             reports_dir: Path) -> list[Path]:
    """(Re)write the feedback of every judged file of the peildatum; returns the HTML paths."""
    written = []
    for row in submissions_of(connection, peildatum).itertuples(index=False):
        try:
            document = FeedbackDocument(
                file_name=row.file_name,
                zorgkantoor=_text(row.zorgkantoor),
                peildatum=_text(row.peildatum),
                received_at=dutch_time(row.received_at.to_pydatetime()),
                sha256=row.sha256,
                status=row.status,
                in_force=bool(row.in_force),
                errors=int(row.errors),
                warnings=int(row.warnings),
                findings=findings_of(connection, int(row.submission_id)),
                locked_at=None if pd.isna(row.locked_at) else dutch_time(row.locked_at.to_pydatetime()),
            )
            _, html = write_feedback(document, reports_dir)
        except OSError:
            raise  # the folder or the disk (full, no access), not this file: the run stops and says so
        except Exception:  # one file's feedback never stops the others': it becomes that file's finding
            note_feedback_failure(connection, int(row.submission_id))
            continue
        written.append(html)
    return written


def _text(value: object) -> str | None:
    return None if pd.isna(value) else str(value)
