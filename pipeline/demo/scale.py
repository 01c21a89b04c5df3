"""The demo set at a scale factor, for benchmarks: more peildata and more regions, the same organisations.

Factor s multiplies both the number of peildata and the number of regions by about √s: 1× is the demo
itself (4 peildata, 34 regions plus DSW, ~320 projects per peildatum), 10× has 13 peildata and each region
split into 3 (sub-regions "Zeeland - deel 2", …), 100× has 40 peildata and 10 parts per region. Peildata
follow the demo's rhythm (March and October) while they fit before LAST_PEILDATUM; more (100×) are monthly
from the first year the intake accepts, so no scaled file is rejected as lying in the future. Projects
per region stay the same, so projects per peildatum grow by √s and all project rows together by s. The
zorgkantoren do not multiply: there is still one file per zorgkantoor per peildatum, only bigger.

Sub-regions exist only in an extended reference (regios.csv), written beside the other reference files
into a folder that the pipeline reads through WIR_REFERENCE_DIR.
"""

from __future__ import annotations

import csv
import math
import random
import shutil
from dataclasses import dataclass, replace
from pathlib import Path

from pipeline.demo.generator import PEILDATA, SEED, demo_submissions, write_demo
from pipeline.demo.projects import Register, project_register
from pipeline.intake.layout import FIRST_PEILDATUM_YEAR
from pipeline.reference import Reference, load_reference
from pipeline.reference.loader import REFERENCE_DIR

# In the past, so that every scaled peildatum stays valid whatever day the benchmark runs.
LAST_PEILDATUM = "2025-10"
REGION_HEADER = ("regio", "zorgkantoorregio", "concessiehouder", "rapportagegroep", "in_rapportage", "aliassen")


@dataclass(frozen=True)
class Scale:
    factor: float
    peildata: int  # see peildata_keys
    parts: int  # each region plus parts - 1 sub-regions


def scale_of(factor: float) -> Scale:
    root = math.sqrt(factor)
    return Scale(factor, peildata=max(1, round(len(PEILDATA) * root)), parts=max(1, round(root)))


def half_years(count: int, first: str = PEILDATA[0]) -> tuple[str, ...]:
    """`count` peildata in the demo's rhythm (March and October), from `first` on."""
    year, month = int(first[:4]), int(first[5:])
    keys = []
    for _ in range(count):
        keys.append(f"{year:04d}-{month:02d}")
        year, month = (year, 10) if month == 3 else (year + 1, 3)
    return tuple(keys)


def peildata_keys(count: int) -> tuple[str, ...]:
    """`count` peildata the intake accepts: half-years from the demo's first peildatum while the last one is
    no later than LAST_PEILDATUM, else monthly from March of the first year a peildatum may have."""
    keys = half_years(count)
    if keys[-1] <= LAST_PEILDATUM:
        return keys
    year, month = FIRST_PEILDATUM_YEAR, 3
    keys = []
    for _ in range(count):
        keys.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    if keys[-1] > LAST_PEILDATUM:
        raise ValueError(f"{count} peildata passen niet tussen {FIRST_PEILDATUM_YEAR} en {LAST_PEILDATUM}.")
    return tuple(keys)


def sub_region(regio: str, part: int) -> str:
    return regio if part == 1 else f"{regio} - deel {part}"


def extended_reference(reference: Reference, parts: int) -> Reference:
    """Every region followed by its sub-regions 2..parts (same zorgkantoorregio and concessiehouder)."""
    regions = [replace(region, regio=sub_region(region.regio, part), aliassen=region.aliassen if part == 1 else ())
               for region in reference.regions for part in range(1, parts + 1)]
    regions = [replace(region, order=index) for index, region in enumerate(regions)]
    return Reference(regions=regions, terms=list(reference.terms))


def write_reference(reference: Reference, source: Path, target: Path) -> Path:
    """All reference files of `source`, with regios.csv replaced by the regions of `reference`."""
    target.mkdir(parents=True, exist_ok=True)
    for path in sorted(source.glob("*.csv")):
        shutil.copyfile(path, target / path.name)
    with open(target / "regios.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(REGION_HEADER)
        for r in reference.regions:
            writer.writerow((r.regio, r.zorgkantoorregio, r.concessiehouder, r.rapportagegroep,
                             "ja" if r.in_rapportage else "nee", ";".join(r.aliassen)))
    return target


def scaled_register(reference: Reference, parts: int, peildata: tuple[str, ...]) -> Register:
    """Projects of each part of every region, as in the demo; after the demo's three register peildata the
    projects carry on as they were (the register of part 1 is exactly the demo's)."""
    base_peildata = peildata[1:len(PEILDATA)]
    register: Register = {holder: {p: [] for p in peildata[1:]} for holder in reference.concessiehouders}
    for part in range(1, parts + 1):
        names = {r.regio: sub_region(r.regio, part) for r in reference.regions}
        own = Reference(regions=[replace(r, regio=names[r.regio], aliassen=()) for r in reference.regions],
                        terms=list(reference.terms))
        rng = random.Random(f"{SEED}-projects" + (f"-{part}" if part > 1 else ""))
        generated = project_register(own, base_peildata, rng)
        for holder, per_peildatum in generated.items():
            for index, peildatum in enumerate(peildata[1:]):
                source = base_peildata[min(index, len(base_peildata) - 1)]
                records = per_peildatum[source]
                if part > 1:
                    records = [{**record, "project_id": f"{record['project_id']}-{part}"} for record in records]
                register[holder][peildatum].extend(records)
    return register


def write_scaled(raw_dir: Path, reference_dir: Path, factor: float, zorgkantoren: int | None = None,
                 source: Path = REFERENCE_DIR) -> list[Path]:
    """The submission set at `factor` into `raw_dir` and its reference into `reference_dir`; returns the files.

    `zorgkantoren` keeps only the first n zorgkantoren (for a quick smoke run)."""
    scale = scale_of(factor)
    reference = extended_reference(load_reference(source), scale.parts)
    write_reference(reference, source, reference_dir)
    peildata = peildata_keys(scale.peildata)
    register = scaled_register(reference if scale.parts == 1 else load_reference(source), scale.parts, peildata)
    submissions = demo_submissions(reference, peildata, register)
    if zorgkantoren is not None:
        kept = set(reference.concessiehouders[:zorgkantoren])
        submissions = [s for s in submissions if s.zorgkantoor in kept]
    return write_demo(raw_dir, reference, submissions)
