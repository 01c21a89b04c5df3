"""Jobs over the asset graph: archiving the raw folder, and processing one peildatum."""

import dagster as dg

from assets.partitions import peildatum_partitions

UNPARTITIONED = dg.AssetSelection.assets("received_files", "reference_tables")
REPORT = dg.AssetSelection.groups("rapport")

archive_job = dg.define_asset_job(
    name="archiveer_aanleveringen",
    selection=UNPARTITIONED,
    description="Archiveert nieuwe bestanden uit de map met aanleveringen en laadt de referentiedata.",
)

# Both peildatum jobs start with the archive step, so a run started by the sensor, the schedule or the UI
# first archives and registers what is new in the raw folder, whatever ran before it.
peildatum_job = dg.define_asset_job(
    name="verwerk_peildatum",
    selection=dg.AssetSelection.all(),
    partitions_def=peildatum_partitions,
    description="Archiveert nieuwe bestanden en beoordeelt, laadt en verwerkt alle aanleveringen van één "
                "peildatum, tot en met de rapportage.",
)

peildatum_tables_job = dg.define_asset_job(
    name="verwerk_peildatum_tabellen",
    selection=dg.AssetSelection.all() - REPORT,
    partitions_def=peildatum_partitions,
    description="Als verwerk_peildatum, zonder de rapportage: voor een eerdere peildatum, waarvan de latere "
                "peildata de tabellen als vergelijking gebruiken.",
)
