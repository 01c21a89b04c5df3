"""Report assets: the half-year progress report per peildatum as HTML and PDF, and per zorgkantoor."""

import dagster as dg

from assets.partitions import peildatum_partitions
from assets.tables import data_quality_table, phase_tables, project_tables
from pipeline.reference import load_reference
from pipeline.report.document import national_document, zorgkantoor_document
from pipeline.report.files import report_html_path, report_pdf_path, zorgkantoor_html_path
from pipeline.report.pdf import print_pdf
from pipeline.report.render import is_locked_page, is_published, write_html
from pipeline.resources import PathsResource, WarehouseResource
from pipeline.warehouse.locking import Lock, lock_of


@dg.asset(
    group_name="rapport",
    partitions_def=peildatum_partitions,
    deps=[phase_tables, project_tables, data_quality_table],
    kinds={"html"},
    description="De voortgangsrapportage als één zelfstandig HTML-bestand (opent offline): titelpagina met "
                "volledigheid, samenvatting met berekende getallen, procesresultaten, analyse van de "
                "transitieplannen met grafieken, fase per regio (Bijlage 1) en datakwaliteit.",
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
    write_html(document, path)
    return dg.MaterializeResult(metadata={
        "bestand": dg.MetadataValue.path(str(path)),
        "vaststelling": lock.text if lock else "concept",
        "tabellen": sum(len(s.exhibits) for s in document.sections),
        "samenvatting": dg.MetadataValue.md("\n\n".join(document.summary)),
    })


def _unchanged(context: dg.AssetExecutionContext, path, lock: Lock) -> dg.MaterializeResult:
    context.log.info(f"Peildatum {context.partition_key} is vastgesteld; {path.name} blijft zoals het is.")
    return dg.MaterializeResult(metadata={"bestand": dg.MetadataValue.path(str(path)), "vaststelling": lock.text,
                                          "herschreven": False})


@dg.asset(
    group_name="rapport",
    partitions_def=peildatum_partitions,
    deps=[progress_report_html],
    kinds={"pdf"},
    description="Dezelfde rapportage als PDF (A4, paginanummers), afgedrukt met headless Chromium.",
)
def progress_report_pdf(context: dg.AssetExecutionContext, paths: PathsResource) -> dg.MaterializeResult:
    peildatum = context.partition_key
    html, pdf = report_html_path(paths.reports, peildatum), report_pdf_path(paths.reports, peildatum)
    if pdf.exists() and pdf.stat().st_mtime >= html.stat().st_mtime and is_locked_page(html):
        context.log.info(f"Peildatum {peildatum} is vastgesteld; {pdf.name} blijft zoals het is.")
        return dg.MaterializeResult(metadata={"bestand": dg.MetadataValue.path(str(pdf)), "herschreven": False})
    path = print_pdf(html, pdf)
    return dg.MaterializeResult(metadata={"bestand": dg.MetadataValue.path(str(path)),
                                          "grootte_kb": round(path.stat().st_size / 1024)})


@dg.asset(
    group_name="rapport",
    partitions_def=peildatum_partitions,
    deps=[phase_tables, project_tables],
    kinds={"html"},
    description="Per zorgkantoor dezelfde rapportage beperkt tot zijn eigen regio's en projecten, met de "
                "landelijke cijfers ernaast en de projectenlijst van dat zorgkantoor.",
)
def zorgkantoor_reports(context: dg.AssetExecutionContext, warehouse: WarehouseResource,
                        paths: PathsResource) -> dg.MaterializeResult:
    peildatum = context.partition_key
    reference = load_reference()
    holders = list(dict.fromkeys(r.concessiehouder for r in reference.reporting_regions))
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
