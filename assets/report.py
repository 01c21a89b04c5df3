"""Report assets: the half-year progress report per peildatum as HTML and PDF, and per zorgkantoor."""

from pathlib import Path

import dagster as dg

from assets.partitions import peildatum_partitions
from assets.tables import data_quality_table, phase_tables, project_tables, tables_workbook
from pipeline.intake.isolation import close_readers
from pipeline.reference import load_reference
from pipeline.report.document import national_document, zorgkantoor_document
from pipeline.report.files import (
    FORMATS_VARIABLE,
    report_docx_path,
    report_formats,
    report_html_path,
    report_pdf_path,
    zorgkantoor_html_path,
)
from pipeline.report.numbering import report_table_numbers
from pipeline.report.pdf import print_report_pdf
from pipeline.report.render import is_locked_page, is_published, write_html
from pipeline.report.word import write_docx
from pipeline.resources import PathsResource, WarehouseResource
from pipeline.tables.store import load_tables
from pipeline.tables.workbook import WORKBOOK_ORDER, write_tables_workbook
from pipeline.warehouse.locking import Lock, lock_of


@dg.asset(
    group_name="rapport",
    partitions_def=peildatum_partitions,
    deps=[phase_tables, project_tables, data_quality_table, tables_workbook],
    kinds={"html"},
    description="De voortgangsrapportage als één zelfstandig HTML-bestand (opent offline): de hoofdstukken "
                "van de analisten (redactie/<peildatum>/, anders het standaardsjabloon) met berekende getallen, "
                "genummerde tabellen en grafieken, projectkaarten en signalen.",
)
def progress_report_html(context: dg.AssetExecutionContext, warehouse: WarehouseResource,
                         paths: PathsResource) -> dg.MaterializeResult:
    peildatum = context.partition_key
    path = report_html_path(paths.reports, peildatum)
    with warehouse.connect(read_only=True) as connection:
        lock = lock_of(connection, peildatum)
        if is_published(path, lock):
            return _unchanged(context, path, lock)
        document = national_document(connection, load_reference(), peildatum)
    for warning in document.warnings:
        context.log.warning(f"Tekst: {warning}")
    write_html(document, path)
    # The workbook again, so that `vaststellen` (which runs the report only) drops CONCEPT from its titles.
    with warehouse.connect(read_only=True) as connection:
        tables = load_tables(connection, peildatum, list(WORKBOOK_ORDER))
    write_tables_workbook(tables, peildatum, paths.reports, report_table_numbers(peildatum, tables),
                          vastgesteld=lock is not None)
    return dg.MaterializeResult(metadata={
        "bestand": dg.MetadataValue.path(str(path)),
        "vaststelling": lock.text if lock else "concept",
        "tekst": "analisten" if document.from_analysts else "standaardsjabloon (geen tekst van de analisten)",
        "tabellen": len(document.table_numbers()),
        "waarschuwingen": dg.MetadataValue.md("\n".join(f"- {w}" for w in document.warnings) or "geen"),
        "samenvatting": dg.MetadataValue.md("\n\n".join(document.summary)),
    })


def _not_wanted(context: dg.AssetExecutionContext, path: Path) -> dg.MaterializeResult:
    """A version left out by WIR_RAPPORTFORMATEN; one from an earlier run would now belong to an older HTML."""
    setting = f"{FORMATS_VARIABLE}={','.join(report_formats())}"
    stale = path.exists()
    path.unlink(missing_ok=True)
    context.log.info(f"{path.name} niet gemaakt ({setting})"
                     + ("; de versie van een eerdere run is verwijderd." if stale else "."))
    return dg.MaterializeResult(metadata={"bestand": dg.MetadataValue.path(str(path)), "herschreven": False,
                                          "overgeslagen": setting})


def _unchanged(context: dg.AssetExecutionContext, path, lock: Lock) -> dg.MaterializeResult:
    context.log.info(f"Peildatum {context.partition_key} is vastgesteld; {path.name} blijft zoals het is.")
    return dg.MaterializeResult(metadata={"bestand": dg.MetadataValue.path(str(path)), "vaststelling": lock.text,
                                          "herschreven": False})


@dg.asset(
    group_name="rapport",
    partitions_def=peildatum_partitions,
    deps=[progress_report_html],
    kinds={"pdf"},
    description="Dezelfde rapportage als PDF (A4, paginanummers), afgedrukt met headless Chromium; de "
                "inhoudsopgave krijgt paginanummers en elk hoofdstuk, elke paragraaf, tabel en figuur een bladwijzer.",
)
def progress_report_pdf(context: dg.AssetExecutionContext, paths: PathsResource) -> dg.MaterializeResult:
    peildatum = context.partition_key
    html, pdf = report_html_path(paths.reports, peildatum), report_pdf_path(paths.reports, peildatum)
    if pdf.exists() and pdf.stat().st_mtime >= html.stat().st_mtime and is_locked_page(html):
        context.log.info(f"Peildatum {peildatum} is vastgesteld; {pdf.name} blijft zoals het is.")
        return dg.MaterializeResult(metadata={"bestand": dg.MetadataValue.path(str(pdf)), "herschreven": False})
    if "pdf" not in report_formats():
        return _not_wanted(context, pdf)
    close_readers()  # their memory to Chromium: the run's peak is while it prints
    path, pages = print_report_pdf(html, pdf)
    return dg.MaterializeResult(metadata={"bestand": dg.MetadataValue.path(str(path)), "pagina_s": pages,
                                          "grootte_kb": round(path.stat().st_size / 1024)})


@dg.asset(
    group_name="rapport",
    partitions_def=peildatum_partitions,
    deps=[progress_report_html],
    kinds={"docx"},
    description="Dezelfde rapportage als Word-bestand voor ZN om in te redigeren: kopstijlen, een "
                "inhoudsopgave-veld, echte tabellen met herhaalde kopregel, grafieken als afbeelding, "
                "paginanummers en CONCEPT tot de peildatum is vastgesteld.",
)
def progress_report_docx(context: dg.AssetExecutionContext, warehouse: WarehouseResource,
                         paths: PathsResource) -> dg.MaterializeResult:
    peildatum = context.partition_key
    html, path = report_html_path(paths.reports, peildatum), report_docx_path(paths.reports, peildatum)
    if path.exists() and path.stat().st_mtime >= html.stat().st_mtime and is_locked_page(html):
        context.log.info(f"Peildatum {peildatum} is vastgesteld; {path.name} blijft zoals het is.")
        return dg.MaterializeResult(metadata={"bestand": dg.MetadataValue.path(str(path)), "herschreven": False})
    if "docx" not in report_formats():
        return _not_wanted(context, path)
    with warehouse.connect(read_only=True) as connection:
        document = national_document(connection, load_reference(), peildatum)
    close_readers()  # their memory to Chromium, which draws the charts for Word
    write_docx(document, path)
    return dg.MaterializeResult(metadata={"bestand": dg.MetadataValue.path(str(path)),
                                          "grootte_kb": round(path.stat().st_size / 1024)})


@dg.asset(
    group_name="rapport",
    partitions_def=peildatum_partitions,
    deps=[phase_tables, project_tables],
    kinds={"html"},
    description="Per zorgkantoor dezelfde rapportage beperkt tot zijn eigen regio's en projecten, met de "
                "landelijke cijfers ernaast, de signalen met de toelichting van dat zorgkantoor en zijn "
                "projectenlijst; DSW (buiten de landelijke tabellen) krijgt een eigen overzicht.",
)
def zorgkantoor_reports(context: dg.AssetExecutionContext, warehouse: WarehouseResource,
                        paths: PathsResource) -> dg.MaterializeResult:
    peildatum = context.partition_key
    reference = load_reference()
    holders = reference.concessiehouders  # DSW too: its own page, outside the national tables
    written = []
    with warehouse.connect(read_only=True) as connection:
        lock = lock_of(connection, peildatum)
        for holder in holders:
            path = zorgkantoor_html_path(paths.reports, peildatum, holder)
            if not is_published(path, lock):
                write_html(zorgkantoor_document(connection, reference, peildatum, holder), path)
            written.append(path)
    return dg.MaterializeResult(metadata={
        "zorgkantoren": len(written),
        "map": dg.MetadataValue.path(str(written[0].parent) if written else str(paths.reports)),
    })
