"""Warehouse assets: the reference data and the conformed per-peildatum tables."""

from collections.abc import Iterator

import dagster as dg
import duckdb

from assets.intake import submissions
from assets.metadata import table_preview
from assets.partitions import peildatum_partitions
from pipeline.reference import load_reference
from pipeline.resources import WarehouseResource
from pipeline.warehouse.conformed import rebuild
from pipeline.warehouse.load import load_reference_tables


@dg.asset(
    group_name="warehouse",
    kinds={"duckdb", "csv"},
    description="De referentiedata (regio's met zorgkantoor en rapportagegroep; de vocabulaires), "
                "geladen uit de CSV-bestanden van het project.",
)
def reference_tables(warehouse: WarehouseResource) -> dg.MaterializeResult:
    with warehouse.connect() as connection:
        regions, terms = load_reference_tables(connection, load_reference())
    return dg.MaterializeResult(metadata={"regio_s": regions, "vocabulairetermen": terms})


def _conformed(name: str, description: str) -> dg.AssetSpec:
    return dg.AssetSpec(name, group_name="warehouse", deps=[submissions, reference_tables], kinds={"duckdb"},
                        description=description)


REGIONS = _conformed(
    "regions_per_peildatum",
    "Per peildatum de fasen (afspraken, dynamiek, visie) van elke aangeleverde regio, uit de geldende versie per "
    "zorgkantoor. Regio's buiten de landelijke rapportage (DSW) staan erin met in_rapportage = false.")
PROJECTS = _conformed(
    "projects_per_peildatum",
    "Per peildatum alle projecten uit de geldende versie per zorgkantoor, met de labels van hoofdrubriek, "
    "status, impact, delen en opschaalbaarheid.")


REGIONS_COMPLETE = dg.AssetCheckSpec(
    name="alle_regio_s_aangeleverd", asset=REGIONS.key, partitions_def=peildatum_partitions,
    description="Elke regio van de landelijke rapportage heeft voor deze peildatum geaccepteerde fasen.")


# One step for both tables: they are rebuilt from the same versions in force, and a step of its own cost each
# peildatum a second round of Dagster's step events. Either can still be materialized alone (can_subset).
@dg.multi_asset(
    name="conformed_tables",
    specs=[REGIONS, PROJECTS],
    partitions_def=peildatum_partitions,
    check_specs=[REGIONS_COMPLETE],
    can_subset=True,
)
def conformed_tables(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    peildatum = context.partition_key
    tables = [spec.key.to_user_string() for spec in (REGIONS, PROJECTS) if spec.key in context.selected_asset_keys]
    with warehouse.connect() as connection:
        counts = rebuild(connection, peildatum, tables)
        if REGIONS.key in context.selected_asset_keys:
            yield from _regions_results(connection, peildatum, counts[REGIONS.key.to_user_string()],
                                        REGIONS_COMPLETE.key in context.selected_asset_check_keys)
        if PROJECTS.key in context.selected_asset_keys:
            yield _projects_result(connection, peildatum, counts[PROJECTS.key.to_user_string()])


def _regions_results(connection: duckdb.DuckDBPyConnection, peildatum: str, count: int, check: bool
                     ) -> Iterator[dg.MaterializeResult | dg.AssetCheckResult]:
    preview = connection.execute(
        """SELECT regio, concessiehouder, afspraken_label AS afspraken, dynamiek_label AS dynamiek,
                  visie_label AS visie, in_rapportage FROM regions_per_peildatum
           WHERE peildatum = ? ORDER BY region_order""", [peildatum]).df()
    yield dg.MaterializeResult(asset_key=REGIONS.key, metadata={
        "dagster/row_count": count,
        "in_rapportage": int(preview["in_rapportage"].sum()),
        "buiten_rapportage": int((~preview["in_rapportage"]).sum()),
        "voorbeeld": table_preview(preview, 40),
    })
    if check:
        missing = connection.execute(
            """SELECT regio, concessiehouder FROM ref_regions WHERE in_rapportage
               AND regio NOT IN (SELECT regio FROM regions_per_peildatum WHERE peildatum = ?)
               ORDER BY region_order""", [peildatum]).df()
        yield dg.AssetCheckResult(
            asset_key=REGIONS.key,
            check_name=REGIONS_COMPLETE.name,
            passed=missing.empty,
            severity=dg.AssetCheckSeverity.WARN,
            metadata={"ontbrekend": len(missing), "regio_s": table_preview(missing, 40)},
        )


def _projects_result(connection: duckdb.DuckDBPyConnection, peildatum: str, count: int) -> dg.MaterializeResult:
    per_holder = connection.execute(
        """SELECT concessiehouder, count(*) AS projecten, count(*) FILTER (WHERE in_rapportage)
                  AS in_rapportage FROM projects_per_peildatum WHERE peildatum = ? GROUP BY ALL
           ORDER BY 1""", [peildatum]).df()
    return dg.MaterializeResult(asset_key=PROJECTS.key, metadata={
        "dagster/row_count": count,
        "per_concessiehouder": table_preview(per_holder),
    })
