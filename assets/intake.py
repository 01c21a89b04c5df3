"""Intake assets: archive every file in the raw folder, then judge and load it per peildatum."""


import dagster as dg
import pandas as pd

from assets.metadata import table_preview
from assets.partitions import PEILDATUM, peildatum_partitions
from pipeline.feedback.documents import write_feedback_documents
from pipeline.reference import load_reference
from pipeline.resources import PathsResource, WarehouseResource
from pipeline.warehouse.ingest import Judgement, archive_new_files, judge_pending
from pipeline.warehouse.quality import RULE_GROUPS, failures, latest_findings
from pipeline.warehouse.queries import peildata

FAILING_VALUES_SHOWN = 50
SKIPPED_METADATA = "niet_gearchiveerd"  # files left in the raw folder for the next run (the CLI shows them)


def _judgement_table(judgements: list[Judgement]) -> pd.DataFrame:
    return pd.DataFrame(
        [(j.file_name, j.zorgkantoor or "onbekend", j.status, j.errors, j.warnings) for j in judgements],
        columns=["bestand", "zorgkantoor", "oordeel", "fouten", "waarschuwingen"],
    )


@dg.asset(
    group_name="intake",
    kinds={"excel", "duckdb"},
    description=(
        "Alle bestanden in de map met aanleveringen, onveranderd gearchiveerd onder hun SHA-256 en "
        "geregistreerd met hun peildatum. Een byte-identiek bestand wordt herkend en verandert niets. "
        "Bestanden zonder leesbare peildatum worden hier direct beoordeeld (afgewezen) en krijgen terugkoppeling."
    ),
)
def received_files(context: dg.AssetExecutionContext, warehouse: WarehouseResource,
                   paths: PathsResource) -> dg.MaterializeResult:
    reference = load_reference()
    with warehouse.connect() as connection:
        summary = archive_new_files(connection, paths.raw, paths.archive, reference)
        unattributed = judge_pending(connection, reference, None)
        if unattributed:
            write_feedback_documents(connection, None, paths.reports)
        known_peildata = set(peildata(connection))
        per_peildatum = connection.execute(
            """SELECT coalesce(peildatum, '(onbekend)') AS peildatum, count(*) AS bestanden
               FROM received_files GROUP BY ALL ORDER BY 1""").df()
        total = int(per_peildatum["bestanden"].sum()) if len(per_peildatum) else 0
    # Every peildatum in the warehouse, not only those of new files: the instance may be newer than the data.
    known = set(context.instance.get_dynamic_partitions(PEILDATUM))
    new_partitions = sorted(known_peildata - known)
    if new_partitions:
        context.instance.add_dynamic_partitions(PEILDATUM, new_partitions)
    for item in summary.skipped:
        context.log.warning(f"{item.relative_path} is niet gearchiveerd: {item.reason}.")
    return dg.MaterializeResult(metadata={
        "dagster/row_count": total,
        "nieuwe_bestanden": len(summary.new_files),
        "al_bekend": summary.already_known,
        "zonder_peildatum": summary.unattributed,
        "te_groot_niet_gekopieerd": ", ".join(summary.too_large) or "geen",
        "bestanden_totaal": total,
        "nieuwe_peildata": ", ".join(new_partitions) or "geen",
        "per_peildatum": table_preview(per_peildatum),
        "zonder_peildatum_beoordeeld": table_preview(_judgement_table(unattributed)),
        SKIPPED_METADATA: dg.MetadataValue.json([{"bestand": i.relative_path, "reden": i.reason}
                                                 for i in summary.skipped]),
    })


@dg.asset(
    group_name="intake",
    partitions_def=peildatum_partitions,
    deps=[received_files],
    kinds={"duckdb"},
    check_specs=[
        dg.AssetCheckSpec(name=group.name, asset="submissions", description=group.description,
                          partitions_def=peildatum_partitions)
        for group in RULE_GROUPS
    ],
    description=(
        "De aanleveringen van deze peildatum: elk nieuw bestand gelezen, genormaliseerd en gevalideerd "
        "(Great Expectations plus de regels over rijen en peildata heen), met al zijn bevindingen. "
        "De beoordelingen en geaccepteerde versies van de peildatum worden in één transactie geladen "
        "(faalt die, dan elk bestand in een eigen transactie); een afgewezen bestand "
        "vervangt nooit een geaccepteerde versie."
    ),
)
def submissions(context: dg.AssetExecutionContext, warehouse: WarehouseResource, paths: PathsResource):
    peildatum = context.partition_key
    reference = load_reference()
    with warehouse.connect() as connection:
        judgements = judge_pending(connection, reference, peildatum)
        write_feedback_documents(connection, peildatum, paths.reports)
        overview = connection.execute(
            """SELECT status AS oordeel, count(*) AS bestanden, sum(errors) AS fouten,
                      sum(warnings) AS waarschuwingen FROM submissions WHERE peildatum = ?
               GROUP BY ALL ORDER BY 1""", [peildatum]).df()
        findings = latest_findings(connection, peildatum)
    yield dg.MaterializeResult(metadata={
        "nieuw_beoordeeld": len(judgements),
        "geaccepteerd": sum(j.status == "geaccepteerd" for j in judgements),
        "afgewezen": sum(j.status == "afgewezen" for j in judgements),
        "nieuwe_bestanden": table_preview(_judgement_table(judgements)),
        "alle_versies": table_preview(overview),
        "terugkoppeling": dg.MetadataValue.path(str(paths.reports / peildatum / "terugkoppeling")),
    })
    for group in RULE_GROUPS:
        failing = failures(findings, group)
        yield dg.AssetCheckResult(
            check_name=group.name,
            passed=failing.empty,
            severity=dg.AssetCheckSeverity.ERROR if group.blocking_severity else dg.AssetCheckSeverity.WARN,
            metadata={
                "aantal": len(failing),
                "bestanden": ", ".join(sorted(failing["bestand"].unique())) if len(failing) else "geen",
                "afwijkende_waarden": table_preview(failing.drop(columns=["rule", "severity"]), FAILING_VALUES_SHOWN),
            },
        )
