"""Peildatum partitions: one per `YYYY-MM` found in submissions, added as files arrive."""

import dagster as dg

PEILDATUM = "peildatum"
peildatum_partitions = dg.DynamicPartitionsDefinition(name=PEILDATUM)
