"""Dagster asset modules: thin wiring of the domain logic in `pipeline/` into the asset graph."""
