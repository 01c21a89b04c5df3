"""Per zorgkantoor the state of the submissions of one peildatum."""

from __future__ import annotations

import duckdb
import pandas as pd

from pipeline.clock import dutch_time
from pipeline.deadlines import timeliness
from pipeline.reference import Reference

KENMERK_LENGTH = 16  # as the feedback shows it


def status_overview(connection: duckdb.DuckDBPyConnection, reference: Reference, peildatum: str) -> pd.DataFrame:
    # The latest file as everywhere else: by received_at, then submission_id (two files saved the same second).
    files = connection.execute(
        """SELECT zorgkantoor, count(*) AS ontvangen,
                  count(*) FILTER (WHERE status = 'geaccepteerd') AS geaccepteerd,
                  count(*) FILTER (WHERE status = 'afgewezen') AS afgewezen,
                  arg_max(status, (received_at, submission_id)) AS laatste_oordeel,
                  arg_max(errors, (received_at, submission_id)) AS fouten,
                  arg_max(warnings, (received_at, submission_id)) AS waarschuwingen,
                  min(received_at) AS eerste_ontvangst
           FROM submissions WHERE peildatum = ? AND zorgkantoor IS NOT NULL GROUP BY zorgkantoor""",
        [peildatum]).df().set_index("zorgkantoor")
    in_force = {row[0]: row[1:] for row in connection.execute(
        "SELECT zorgkantoor, received_at, file_name, sha256 FROM current_submissions WHERE peildatum = ?",
        [peildatum]).fetchall()}
    delivered = {row[0] for row in connection.execute(
        """SELECT x.regio FROM current_submissions s JOIN submission_regions x USING (submission_id)
           WHERE s.peildatum = ?""", [peildatum]).fetchall()}
    deadline = reference.deadlines.get(peildatum)
    rows = []
    for holder in reference.concessiehouders:
        counts = files.loc[holder] if holder in files.index else None
        regions = reference.regions_of(holder)
        missing = [r.regio for r in regions if r.regio not in delivered]
        rows.append({
            "zorgkantoor": holder,
            "ontvangen": int(counts["ontvangen"]) if counts is not None else 0,
            "geaccepteerd": int(counts["geaccepteerd"]) if counts is not None else 0,
            "afgewezen": int(counts["afgewezen"]) if counts is not None else 0,
            "laatste_oordeel": counts["laatste_oordeel"] if counts is not None else "niets ontvangen",
            "fouten": int(counts["fouten"]) if counts is not None else 0,
            "waarschuwingen": int(counts["waarschuwingen"]) if counts is not None else 0,
            "tijdigheid": timeliness(counts["eerste_ontvangst"] if counts is not None else None, deadline),
            "in_gebruik_sinds": f"{dutch_time(in_force[holder][0]):%d-%m-%Y %H:%M}" if holder in in_force else "-",
            # The version in use, as its feedback names it: the file and its kenmerk (start of its SHA-256).
            "bestand_in_gebruik": in_force[holder][1] if holder in in_force else "-",
            "kenmerk": in_force[holder][2][:KENMERK_LENGTH] if holder in in_force else "-",
            "regio_s": f"{len(regions) - len(missing)}/{len(regions)}",
            "ontbrekende_regio_s": ", ".join(missing) or "-",
        })
    return pd.DataFrame(rows)


def unattributed_count(connection: duckdb.DuckDBPyConnection) -> int:
    return connection.execute("SELECT count(*) FROM submissions WHERE peildatum IS NULL").fetchone()[0]


def unrecognised_files(connection: duckdb.DuckDBPyConnection, peildatum: str) -> list[str]:
    """Files of the peildatum whose zorgkantoor was not recognised: they count for no zorgkantoor's row."""
    rows = connection.execute(
        """SELECT file_name FROM submissions WHERE peildatum = ? AND zorgkantoor IS NULL
           ORDER BY received_at, submission_id""", [peildatum]).fetchall()
    return [row[0] for row in rows]
