"""What a run judged: per zorgkantoor and peildatum the files accepted and rejected, and where the feedback is."""

from __future__ import annotations

from pathlib import Path

import duckdb

from pipeline import periods
from pipeline.feedback.render import feedback_folder

NAMES_SHOWN = 5  # rejected files named per line; more are counted
FOLDERS_SHOWN = 4  # feedback folders named one by one (a half-year's run); more are given by their pattern


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
    folders: dict[Path, str | None] = {}
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
        folders.setdefault(feedback_folder(reports_dir, peildatum), peildatum)
    lines.append(_feedback_line(folders, reports_dir))
    return lines


def _feedback_line(folders: dict[Path, str | None], reports_dir: Path) -> str:
    if len(folders) <= FOLDERS_SHOWN:
        return "Terugkoppeling per bestand staat in: " + ", ".join(str(folder) for folder in folders)
    dated = sorted(peildatum for peildatum in folders.values() if peildatum)
    pattern = feedback_folder(reports_dir, "<peildatum>")
    line = (f"Terugkoppeling per bestand staat per peildatum in {pattern} ({len(dated)} peildata, "
            f"{periods.short_label(dated[0])} tot en met {periods.short_label(dated[-1])})")
    unattributed = feedback_folder(reports_dir, None)
    return line + (f", en in {unattributed}" if unattributed in folders else "")
