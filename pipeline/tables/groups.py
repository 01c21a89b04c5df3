"""The concessiehouder columns of the project tables, in the order the report has always printed them."""

from __future__ import annotations

from pipeline.reference import Reference
from pipeline.tables import texts


def reporting_groups(reference: Reference) -> list[str]:
    """The rapportagegroepen of the reporting regions: those of RAPPORTAGEGROEP_ORDER first, then any other."""
    groups = list(dict.fromkeys(r.rapportagegroep for r in reference.reporting_regions))
    return [g for g in texts.RAPPORTAGEGROEP_ORDER if g in groups] + \
        [g for g in groups if g not in texts.RAPPORTAGEGROEP_ORDER]
