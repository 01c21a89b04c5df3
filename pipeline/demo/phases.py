"""Phase trajectories per region: rising towards the picture of October 2020, with a few drops."""

from __future__ import annotations

import random

from pipeline.reference import Reference
from pipeline.reference.loader import PHASE_DIMENSIONS

# Bijlage 1 of the Voortgangsrapportage (January 2021): (afspraken, dynamiek, visie) in Oct 2020.
OCTOBER_2020 = {
    "Zeeland": (4, 4, 5), "West-Brabant": (4, 4, 5), "Zuid-Hollandse Eilanden": (4, 3, 4),
    "Haaglanden": (4, 3, 4), "Zuid-Limburg": (4, 3, 4), "Waardenland": (4, 4, 5),
    "Zuidoost-Brabant": (4, 4, 4), "Midden-Brabant": (4, 4, 5), "Noordoost-Brabant": (4, 4, 4),
    "Noord- en Midden-Limburg": (4, 4, 4), "Nijmegen (subregio Nijmegen)": (4, 4, 5),
    "Nijmegen (subregio Rivierenland)": (4, 3, 4), "Groningen": (4, 4, 5), "Twente": (4, 4, 4),
    "Arnhem (subregio Arnhem)": (4, 3, 4), "Arnhem (subregio Food Valley)": (4, 3, 5),
    "Arnhem (subregio Achterhoek)": (4, 4, 4), "Midden-IJssel": (4, 4, 5),
    "Amstelland en de Meerlanden": (4, 3, 3), "Zuid-Holland Noord": (4, 3, 3), "Friesland": (4, 4, 5),
    "Midden-Holland": (4, 4, 5), "Noord-Holland Noord": (4, 4, 5), "Rotterdam": (4, 4, 5),
    "Rotterdam (subregio Capelle / Krimpen)": (4, 4, 5), "Drenthe": (4, 4, 5),
    "Groot Amsterdam": (4, 4, 5), "Zwolle": (3, 3, 4), "Apeldoorn / Zutphen": (3, 3, 4),
    "Flevoland": (4, 4, 4), "Kennemerland": (4, 4, 5), "Zaanstreek / Waterland": (4, 4, 5),
    "Utrecht": (4, 3, 5), "'t Gooi": (4, 4, 4),
}
DEFAULT_FINAL = (4, 3, 4)
# Tables 1-3 of the same report: reporting regions per phase (1, 2, ...) at each earlier peildatum.
NATIONAL = {
    "afspraken": {"2019-03": (1, 7, 10, 16), "2019-10": (0, 7, 6, 21), "2020-03": (0, 3, 4, 27)},
    "dynamiek": {"2019-03": (2, 14, 17, 1), "2019-10": (1, 12, 19, 2), "2020-03": (0, 4, 13, 17)},
    "visie": {"2019-03": (4, 15, 13, 2, 0), "2019-10": (0, 11, 8, 13, 2), "2020-03": (0, 4, 6, 16, 8)},
}
# (dimension, peildatum of the drop): a region reported one phase lower than the time before.
DROPS = (("dynamiek", "2020-10"), ("visie", "2020-03"))
DROP_NOTES = (
    "Fase naar beneden bijgesteld: nieuwe bestuurders, de samenwerking wordt opnieuw opgebouwd.",
    "Fase bijgesteld: de eerdere visiesessies zijn door corona niet afgerond.",
)
REMARKS = (
    "Regiotafel komt maandelijks bij elkaar.",
    "Werkgeversorganisatie trekt de regionale aanpak.",
    "Regiovisie besproken in het bestuurlijk overleg.",
    "Samenwerking met gemeenten en onderwijs verder uitgebreid.",
    "Door corona zijn bijeenkomsten digitaal voortgezet.",
)

Trajectories = dict[str, dict[str, dict[str, object]]]  # peildatum → regio → field → value


def region_phases(reference: Reference, peildata: tuple[str, ...], rng: random.Random) -> Trajectories:
    """Every region's phases (codes) and remark per peildatum."""
    values: dict[str, dict[str, dict[str, int]]] = {dim: {} for dim in PHASE_DIMENSIONS}
    reporting = [r.regio for r in reference.reporting_regions]
    for index, dim in enumerate(PHASE_DIMENSIONS):
        top = len(reference.codes(dim))
        for region in reference.regions:
            final = min(top, OCTOBER_2020.get(region.regio, DEFAULT_FINAL)[index])
            values[dim][region.regio] = {peildata[-1]: final}
        _backwards(values[dim], reporting, peildata, NATIONAL.get(dim, {}), rng)
        others = [r.regio for r in reference.regions if not r.in_rapportage]
        _backwards(values[dim], others, peildata, {}, rng)
    notes = _drops(values, reporting, peildata, rng)
    result: Trajectories = {}
    for peildatum in peildata:
        result[peildatum] = {}
        for region in reference.regions:
            record: dict[str, object] = {dim: str(values[dim][region.regio][peildatum])
                                         for dim in PHASE_DIMENSIONS}
            remark = rng.choice(REMARKS) if rng.random() < 0.15 else None
            record["toelichting"] = notes.get((peildatum, region.regio), remark)
            result[peildatum][region.regio] = record
    return result


def _backwards(values: dict[str, dict[str, int]], regions: list[str], peildata: tuple[str, ...],
               national: dict[str, tuple[int, ...]], rng: random.Random) -> None:
    """Fill earlier peildata: the national histogram when known, else small random steps down."""
    for later, earlier in zip(peildata[::-1], peildata[-2::-1], strict=False):
        order = sorted(regions, key=lambda r: (values[r][later], rng.random()))
        histogram = national.get(earlier)
        if histogram and sum(histogram) == len(regions):
            targets = [phase for phase, count in enumerate(histogram, start=1) for _ in range(count)]
        else:
            targets = [max(1, values[r][later] - rng.choice((0, 0, 1))) for r in order]
        for region, target in zip(order, targets, strict=True):
            values[region][earlier] = min(target, values[region][later])


def _drops(values: dict[str, dict[str, dict[str, int]]], regions: list[str], peildata: tuple[str, ...],
           rng: random.Random) -> dict[tuple[str, str], str]:
    """Swap one region's phase with another's just before a drop: histograms stay the same."""
    notes = {}
    for (dim, peildatum), note in zip(DROPS, DROP_NOTES, strict=True):
        if peildatum not in peildata[1:]:
            continue  # a shorter set of peildata (a benchmark's smoke run)
        now = peildata.index(peildatum)
        before = peildata[now - 1]
        earlier = peildata[now - 2] if now >= 2 else None
        series = values[dim]
        pairs = [
            (a, b) for a in regions for b in regions
            if series[a][before] == series[a][peildatum]
            and series[b][before] == series[a][before] + 1
            and (earlier is None or series[b][earlier] <= series[a][before])
        ]
        if pairs:
            a, b = rng.choice(pairs)
            series[a][before], series[b][before] = series[b][before], series[a][before]
            notes[(peildatum, a)] = note
    return notes
