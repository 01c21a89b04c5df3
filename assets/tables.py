"""Table assets: every table of the progress report per peildatum, stored in the warehouse and as .xlsx."""

import dagster as dg
import pandas as pd

from assets.intake import submissions
from assets.metadata import table_preview
from assets.partitions import peildatum_partitions
from assets.warehouse import PROJECTS, REGIONS
from pipeline.reference import load_reference
from pipeline.report.numbering import report_table_numbers
from pipeline.resources import PathsResource, WarehouseResource
from pipeline.tables import invariants
from pipeline.tables.phases import phase_table, region_overview
from pipeline.tables.project_export import write_project_export
from pipeline.tables.projects import project_tables as compute_project_tables
from pipeline.tables.quality import quality_table
from pipeline.tables.store import load_tables, store_tables
from pipeline.tables.trends import highest_phase_trend
from pipeline.tables.workbook import WORKBOOK_ORDER, write_tables_workbook
from pipeline.warehouse.locking import lock_of

PHASES = ("afspraken", "dynamiek", "visie")


def _check(name: str, violations: list[invariants.Violation]) -> dg.AssetCheckResult:
    frame = pd.DataFrame([v.as_dict() for v in violations], columns=["tabel", "plaats", "gevonden", "verwacht"])
    return dg.AssetCheckResult(check_name=name, passed=not violations, severity=dg.AssetCheckSeverity.ERROR,
                               metadata={"afwijkingen": len(violations), "details": table_preview(frame, 50)})


def _spec(name: str, asset: str, description: str) -> dg.AssetCheckSpec:
    return dg.AssetCheckSpec(name=name, asset=asset, description=description, partitions_def=peildatum_partitions)


@dg.asset(
    group_name="tabellen",
    partitions_def=peildatum_partitions,
    deps=[REGIONS],
    kinds={"duckdb"},
    check_specs=[_spec("fasen_tellen_op_tot_aantal_regio_s", "phase_tables",
                       "In elke kolom van de drie fasetabellen telt elke regio van de landelijke rapportage "
                       "precies één keer mee: de som is het aantal rapporterende regio's.")],
    description="De fasetabellen (afspraken, samenwerkingsdynamiek, regiovisie) over de laatste vier peildata, "
                "het overzicht per regio (Bijlage 1) en het aandeel regio's in de hoogste fase over alle "
                "peildata. Een regio zonder geaccepteerde gegevens telt als 'Niet aangeleverd'.",
)
def phase_tables(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    peildatum = context.partition_key
    reference = load_reference()
    with warehouse.connect() as connection:
        tables = [phase_table(connection, reference, d, peildatum) for d in PHASES]
        tables += [region_overview(connection, reference, peildatum),
                   highest_phase_trend(connection, reference, peildatum)]
        cells = store_tables(connection, peildatum, tables)
        stored = load_tables(connection, peildatum, [t.key for t in tables[:3]])
        violations = invariants.phase_violations(list(stored.values()),
                                                 invariants.reporting_region_count(connection))
    yield dg.MaterializeResult(metadata={
        "cellen": cells,
        **{table.key: table_preview(table.to_frame()) for table in (*tables[:3], tables[-1])},
    })
    yield _check("fasen_tellen_op_tot_aantal_regio_s", violations)


@dg.asset(
    group_name="tabellen",
    partitions_def=peildatum_partitions,
    deps=[PROJECTS],
    kinds={"duckdb"},
    check_specs=[
        _spec("kruistabellen_kloppen", "project_tables", "In elke kruistabel zijn rij- en kolomtotalen de som "
              "van hun cellen en het aantal projecten met dat label, en is het eindtotaal het aantal projecten "
              "van de peildatum."),
        _spec("zelfde_aantal_projecten", "project_tables", "Elke projecttabel en elk themaprofiel telt alle "
              "projecten van elke getoonde peildatum."),
    ],
    description="De projecttabellen: hoofdrubriek × concessiehouder, betrokkenheid, projectstatus, nieuwe "
                "projecten naar startjaar, impact, delen van resultaten, opschaalbaarheid (ook × hoofdrubriek), "
                "de begroting per hoofdrubriek en per concessiehouder, de projectstatus over alle peildata "
                "en het themaprofiel van elke hoofdrubriek. Alleen projecten van rapporterende regio's tellen.",
)
def project_tables(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    peildatum = context.partition_key
    reference = load_reference()
    with warehouse.connect() as connection:
        tables = compute_project_tables(connection, reference, peildatum)
        cells = store_tables(connection, peildatum, tables)
        # The checks read the tables back as published, and count against the conformed projects.
        by_key = load_tables(connection, peildatum, [t.key for t in tables])
        count = invariants.project_count(connection, peildatum)
        margins = invariants.margin_violations(connection, by_key, peildatum)
        counts = invariants.project_count_violations(connection, by_key, peildatum)
        counts += invariants.theme_violations(connection, [t for k, t in by_key.items() if k.startswith("thema_")],
                                              peildatum)
    yield dg.MaterializeResult(metadata={
        "projecten": count,
        "cellen": cells,
        "projectstatus": table_preview(by_key["projectstatus"].to_frame()),
        "rubriek_x_concessiehouder": table_preview(by_key["rubriek_x_concessiehouder"].to_frame()),
    })
    yield _check("kruistabellen_kloppen", margins)
    yield _check("zelfde_aantal_projecten", counts)


@dg.asset(
    group_name="tabellen",
    partitions_def=peildatum_partitions,
    deps=[submissions, REGIONS],
    kinds={"duckdb"},
    description="Per zorgkantoor de stand van de aanlevering voor deze peildatum: status, ontvangen op, "
                "fouten, waarschuwingen en aangeleverde tegen verwachte regio's.",
)
def data_quality_table(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    peildatum = context.partition_key
    with warehouse.connect() as connection:
        table = quality_table(connection, load_reference(), peildatum)
        store_tables(connection, peildatum, [table])
    return dg.MaterializeResult(metadata={"datakwaliteit": table_preview(table.to_frame())})


@dg.asset(
    group_name="tabellen",
    partitions_def=peildatum_partitions,
    deps=[phase_tables, project_tables, data_quality_table],
    kinds={"excel"},
    description="Het tabellenboek tabellen-<peildatum>.xlsx: elke tabel van de rapportage op een eigen "
                "tabblad, zoals ZN ze overneemt in de rapportage aan VWS.",
)
def tables_workbook(context: dg.AssetExecutionContext, warehouse: WarehouseResource,
                    paths: PathsResource) -> dg.MaterializeResult:
    peildatum = context.partition_key
    with warehouse.connect(read_only=True) as connection:
        tables = load_tables(connection, peildatum, list(WORKBOOK_ORDER))
        vastgesteld = lock_of(connection, peildatum) is not None
    # Each sheet carries the number its table has in the report, and CONCEPT until vastgesteld.
    path = write_tables_workbook(tables, peildatum, paths.reports, report_table_numbers(peildatum, tables),
                                 vastgesteld)
    return dg.MaterializeResult(metadata={"bestand": dg.MetadataValue.path(str(path)),
                                          "tabbladen": len(WORKBOOK_ORDER)})


@dg.asset(
    group_name="tabellen",
    partitions_def=peildatum_partitions,
    deps=[project_tables],
    kinds={"excel", "parquet"},
    description="De projectgegevens zelf voor analisten: projecten-<peildatum>.xlsx en .parquet, één rij per "
                "project met alle aangeleverde velden plus regio, zorgkantoorregio, zorgkantoor en "
                "concessiehouder (DSW gemarkeerd als buiten de landelijke tabellen).",
)
def project_export(context: dg.AssetExecutionContext, warehouse: WarehouseResource,
                   paths: PathsResource) -> dg.MaterializeResult:
    with warehouse.connect(read_only=True) as connection:
        frame, xlsx, parquet = write_project_export(connection, context.partition_key, paths.reports)
    return dg.MaterializeResult(metadata={
        "projecten": len(frame),
        "xlsx": dg.MetadataValue.path(str(xlsx)),
        "parquet": dg.MetadataValue.path(str(parquet)),
        "voorbeeld": table_preview(frame[["Regio", "Project-ID", "Projectnaam", "Projectstatus"]]),
    })
