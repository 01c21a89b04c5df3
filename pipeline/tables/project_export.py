"""The project data of one peildatum for analysts: `projecten-<P>.xlsx` and `projecten-<P>.parquet`.

One row per project in force for the peildatum, every submitted field (vocabulary fields as their labels)
plus where the project sits: region, zorgkantoorregio, the zorgkantoor that submitted it and the
concessiehouder column of the project tables. DSW's projects are included and marked, since analysts
look at them too; the national tables leave them out.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from pipeline.excel import put_text, save_deterministic

# (header, SQL over projects_per_peildatum p joined with ref_regions r): the submitted fields carry the
# template's headers (pipeline/intake/layout.py).
COLUMNS = (
    ("Peildatum", "p.peildatum"),
    ("Zorgkantoor", "p.concessiehouder"),  # the submitting zorgkantoor (the column's historical name)
    ("Concessiehouder", "p.rapportagegroep"),
    ("Zorgkantoorregio", "p.zorgkantoorregio"),
    ("Regio", "p.regio"),
    ("In landelijke tabellen", "CASE WHEN p.in_rapportage THEN 'ja' ELSE 'nee' END"),
    ("Project-ID", "p.project_id"),
    ("Projectnaam", "p.projectnaam"),
    ("Hoofdrubriek", "p.hoofdrubriek_label"),
    ("Startjaar", "p.startjaar"),
    ("Projectstatus", "p.projectstatus_label"),
    ("Aantal betrokken zorgorganisaties", "p.aantal_betrokken"),
    ("Mate van impact", "p.impact_label"),
    ("Delen van resultaten", "p.delen_label"),
    ("Opschaalbaarheid", "p.opschaalbaarheid_label"),
    ("Begroting (EUR)", "p.begroting"),
    ("Toelichting", "p.toelichting"),
)
NUMBER_COLUMNS = {"Startjaar": "0", "Aantal betrokken zorgorganisaties": "0", "Begroting (EUR)": "#,##0.00"}
HEADER_FILL = PatternFill("solid", fgColor="1F4E79")

_SELECT = f"""
SELECT {', '.join(f'{sql} AS "{header}"' for header, sql in COLUMNS)}
FROM projects_per_peildatum p JOIN ref_regions r ON r.regio = p.regio
WHERE p.peildatum = ?
ORDER BY NOT p.in_rapportage, r.region_order, p.project_id, p.concessiehouder
"""


def project_rows(connection: duckdb.DuckDBPyConnection, peildatum: str) -> pd.DataFrame:
    """The projects of the peildatum in the order of regios.csv (DSW last), then by Project-ID."""
    return connection.execute(_SELECT, [peildatum]).df()


def _to_parquet(connection: duckdb.DuckDBPyConnection, peildatum: str, path: Path) -> None:
    """From the query itself, so the file keeps the warehouse's types (a missing count stays NULL, not NaN)."""
    quoted = str(path).replace("'", "''")
    connection.execute(f"COPY ({_SELECT}) TO '{quoted}' (FORMAT parquet)", [peildatum])


def export_paths(reports_dir: Path, peildatum: str) -> tuple[Path, Path]:
    folder = reports_dir / peildatum
    return folder / f"projecten-{peildatum}.xlsx", folder / f"projecten-{peildatum}.parquet"


def _workbook(frame: pd.DataFrame, peildatum: str) -> Workbook:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Projecten"
    headers = [header for header, _ in COLUMNS]
    for position, header in enumerate(headers, start=1):
        cell = put_text(sheet.cell(1, position), header)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = HEADER_FILL
    for offset, record in enumerate(frame.itertuples(index=False), start=2):
        for position, (header, value) in enumerate(zip(headers, record, strict=True), start=1):
            cell = sheet.cell(offset, position)
            if pd.isna(value):
                continue
            if header in NUMBER_COLUMNS:
                cell.value = float(value) if header == "Begroting (EUR)" else int(value)
                cell.number_format = NUMBER_COLUMNS[header]
            else:
                put_text(cell, value)  # submitted text: never a formula
    for position, header in enumerate(headers, start=1):
        width = 60 if header in ("Projectnaam", "Toelichting") else max(12, len(header) + 2)
        sheet.column_dimensions[get_column_letter(position)].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{max(1, len(frame) + 1)}"
    workbook.properties.title = f"Projecten peildatum {peildatum}"
    return workbook


def write_project_export(connection: duckdb.DuckDBPyConnection, peildatum: str, reports_dir: Path
                         ) -> tuple[pd.DataFrame, Path, Path]:
    """Both files of the peildatum, each written whole or not at all; returns the rows and the paths."""
    frame = project_rows(connection, peildatum)
    xlsx, parquet = export_paths(reports_dir, peildatum)
    xlsx.parent.mkdir(parents=True, exist_ok=True)
    save_deterministic(_workbook(frame, peildatum), xlsx)
    partial = parquet.with_name(parquet.name + ".partial")
    _to_parquet(connection, peildatum, partial)
    partial.replace(parquet)
    return frame, xlsx, parquet

