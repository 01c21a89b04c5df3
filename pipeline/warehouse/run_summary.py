"""What a run judged: per zorgkantoor and peildatum the files accepted and rejected, and where the feedback is."""

from __future__ import annotations

from pathlib import Path

import duckdb

from pipeline import periods
from pipeline.feedback.render import feedback_folder

NAMES_SHOWN = 5  # rejected files named per line; more are counted


def last_submission_id(connection: duckdb.DuckDBPyConnection) -> int:
    return connection.execute("SELECT coalesce(max(submission_id), 0) FROM submissions").fetchone()[0]


def verdict_summary(connection: duckdb.DuckDBPyConnection, since: int, reports_dir: Path) -> list[str]:
    """Lines (Dutch) about the files judged after submission `since`; one line when there were none."""
    rows = connection.execute(
        """SELECT zorgkantoor, peildatum,
                  count(*) FILTER (WHERE status = 'geaccepteerd') AS accepted,
                  list(file_name ORDER BY received_at, submission_id) FILTER (WHERE status = 'afgewezen') AS rejected
           FROM submissions WHERE submission_id > ?
           GROUP BY ALL ORDER BY peildatum NULLS FIRST, zorgkantoor NULLS LAST""", [since]).fetchall()
    if not rows:
        return ["Geen nieuwe bestanden beoordeeld."]
    judged = sum(accepted + len(rejected or []) for _, _, accepted, rejected in rows)
    lines = [f"Oordelen van deze run ({judged} bestand{'en' if judged != 1 else ''}):"]
    folders = []
    for zorgkantoor, peildatum, accepted, rejected in rows:
        rejected = rejected or []
        counts = [f"{accepted} geaccepteerd"] if accepted else []
        if rejected:
            shown = ", ".join(rejected[:NAMES_SHOWN]) + (f" en {len(rejected) - NAMES_SHOWN} meer"
                                                         if len(rejected) > NAMES_SHOWN else "")
            counts.append(f"{len(rejected)} afgewezen ({shown})")
        who = zorgkantoor or "zorgkantoor onbekend"
        when = periods.short_label(peildatum) if peildatum else "zonder leesbare peildatum"
        lines.append(f"  {who}, {when}: {', '.join(counts)}")
        folder = feedback_folder(reports_dir, peildatum)
        if folder not in folders:
            folders.append(folder)
    lines.append("Terugkoppeling per bestand staat in: " + ", ".join(str(f) for f in folders))
    return lines
