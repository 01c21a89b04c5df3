"""Reference data shipped with the project: regions and vocabularies (CSV, editable by analysts)."""

from pipeline.reference.loader import Reference, Region, Term, load_reference

__all__ = ["Reference", "Region", "Term", "load_reference"]
