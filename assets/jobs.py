"""Jobs over the asset graph: archiving the raw folder, and processing one peildatum."""

import dagster as dg

from assets.partitions import peildatum_partitions

UNPARTITIONED = dg.AssetSelection.assets("received_files", "reference_tables")

archive_job = dg.define_asset_job(
    name="archiveer_aanleveringen",
    selection=UNPARTITIONED,
    description="Archiveert nieuwe bestanden uit de map met aanleveringen en laadt de referentiedata.",
)

peildatum_job = dg.define_asset_job(
    name="verwerk_peildatum",
    selection=dg.AssetSelection.all() - UNPARTITIONED,
    partitions_def=peildatum_partitions,
    description="Beoordeelt, laadt en verwerkt alle aanleveringen van één peildatum.",
)
