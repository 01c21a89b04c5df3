"""Warehouse: the DuckDB schema, versioned loading and the conformed tables."""
