"""Load `regios.csv`, `vocabulaire.csv` and `peildata.csv` (deadlines) and answer lookups against them."""

from __future__ import annotations

import csv
import datetime as dt
import os
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from pipeline.reference.keys import match_key, region_key

REFERENCE_DIR = Path(__file__).parent
# Another folder with the same CSV files (e.g. a benchmark's extended regions); default: the packaged one.
REFERENCE_DIR_VARIABLE = "WIR_REFERENCE_DIR"

PHASE_DIMENSIONS = ("afspraken", "dynamiek", "visie")
_PHASE_WORD = re.compile(r"^fase(\d+)(?::.*)?$")


@dataclass(frozen=True)
class Region:
    regio: str
    zorgkantoorregio: str
    concessiehouder: str
    rapportagegroep: str
    in_rapportage: bool
    aliassen: tuple[str, ...]
    order: int


@dataclass(frozen=True)
class Term:
    dimensie: str
    code: str
    label: str
    aliassen: tuple[str, ...]
    order: int


@dataclass(frozen=True)
class Match:
    """Result of resolving user text: the canonical value, and whether it was spelt differently."""

    value: str
    exact: bool


@dataclass
class Reference:
    regions: list[Region]
    terms: list[Term]
    deadlines: dict[str, dt.date] = field(default_factory=dict)  # peildatum key → last day to submit
    _region_index: dict[str, Region] = field(default_factory=dict, repr=False)
    _term_index: dict[tuple[str, str], Term] = field(default_factory=dict, repr=False)
    _zorgkantoor_index: dict[str, str] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for region in self.regions:
            for name in (region.regio, *region.aliassen):
                self._region_index.setdefault(region_key(name), region)
        for term in self.terms:
            for name in (term.label, *term.aliassen):
                self._term_index.setdefault((term.dimensie, match_key(name)), term)
        for holder in self.concessiehouders:
            self._zorgkantoor_index[match_key(holder)] = holder
        # A reporting group that belongs to exactly one concessiehouder names it too (Z&Z).
        groups: dict[str, set[str]] = {}
        for region in self.regions:
            groups.setdefault(region.rapportagegroep, set()).add(region.concessiehouder)
        for group, holders in groups.items():
            if len(holders) == 1:
                self._zorgkantoor_index.setdefault(match_key(group), next(iter(holders)))

    # --- regions -------------------------------------------------------------------------
    @property
    def concessiehouders(self) -> list[str]:
        return list(dict.fromkeys(r.concessiehouder for r in self.regions))

    @property
    def reporting_regions(self) -> list[Region]:
        return [r for r in self.regions if r.in_rapportage]

    def regions_of(self, concessiehouder: str) -> list[Region]:
        return [r for r in self.regions if r.concessiehouder == concessiehouder]

    def region(self, name: str) -> Region:
        return {r.regio: r for r in self.regions}[name]

    def resolve_region(self, text: object) -> Match | None:
        region = self._region_index.get(region_key(text))
        if region is None:
            return None
        return Match(region.regio, exact=str(text) == region.regio)

    def resolve_zorgkantoor(self, text: object) -> Match | None:
        holder = self._zorgkantoor_index.get(match_key(text))
        if holder is None:
            return None
        return Match(holder, exact=str(text) == holder)

    # --- vocabularies --------------------------------------------------------------------
    def vocabulary(self, dimensie: str) -> list[Term]:
        return [t for t in self.terms if t.dimensie == dimensie]

    def codes(self, dimensie: str) -> list[str]:
        return [t.code for t in self.vocabulary(dimensie)]

    def labels(self, dimensie: str) -> list[str]:
        return [t.label for t in self.vocabulary(dimensie)]

    def term(self, dimensie: str, code: str) -> Term:
        return {(t.dimensie, t.code): t for t in self.terms}[(dimensie, code)]

    def label(self, dimensie: str, code: str) -> str:
        return self.term(dimensie, code).label

    def label_or_none(self, dimensie: str, code: str) -> str | None:
        """The label of a code, or None for a code the vocabulary does not have."""
        return {t.code: t.label for t in self.vocabulary(dimensie)}.get(code)

    def resolve_term(self, dimensie: str, text: object) -> Match | None:
        """Resolve a label, an alias, and for phases also `Fase N` or the bare number N."""
        key = match_key(text)
        term = self._term_index.get((dimensie, key))
        if term is not None:
            return Match(term.code, exact=str(text) == term.label)
        if dimensie in PHASE_DIMENSIONS:
            number = _phase_number(key)
            if number is not None and number in self.codes(dimensie):
                return Match(number, exact=False)
        return None


def _phase_number(key: str) -> str | None:
    if key.isdigit():
        return str(int(key))
    if key.endswith(".0") and key[:-2].isdigit():
        return str(int(key[:-2]))
    match = _PHASE_WORD.match(key)
    # `Fase 3: <wrong text>` is not the phase: only a bare `Fase 3` is.
    if match and key == f"fase{match.group(1)}":
        return str(int(match.group(1)))
    return None


def _aliases(cell: str) -> tuple[str, ...]:
    return tuple(a.strip() for a in (cell or "").split(";") if a.strip())


def reference_dir() -> Path:
    """The folder with the reference CSV files: $WIR_REFERENCE_DIR, else the packaged pipeline/reference/."""
    return Path(os.environ.get(REFERENCE_DIR_VARIABLE) or REFERENCE_DIR)


def load_reference(directory: Path | None = None) -> Reference:
    directory = Path(directory or reference_dir())
    return _load(directory.resolve())


@cache
def _load(directory: Path) -> Reference:
    with open(directory / "regios.csv", encoding="utf-8", newline="") as handle:
        regions = [
            Region(
                regio=row["regio"].strip(),
                zorgkantoorregio=row["zorgkantoorregio"].strip(),
                concessiehouder=row["concessiehouder"].strip(),
                rapportagegroep=row["rapportagegroep"].strip(),
                in_rapportage=row["in_rapportage"].strip().lower() == "ja",
                aliassen=_aliases(row["aliassen"]),
                order=index,
            )
            for index, row in enumerate(csv.DictReader(handle))
        ]
    with open(directory / "vocabulaire.csv", encoding="utf-8", newline="") as handle:
        terms = [
            Term(
                dimensie=row["dimensie"].strip(),
                code=row["code"].strip(),
                label=row["label"].strip(),
                aliassen=_aliases(row["aliassen"]),
                order=index,
            )
            for index, row in enumerate(csv.DictReader(handle))
        ]
    deadlines = {}
    if (directory / "peildata.csv").exists():
        with open(directory / "peildata.csv", encoding="utf-8", newline="") as handle:
            deadlines = {row["peildatum"].strip(): dt.date.fromisoformat(row["deadline"].strip())
                         for row in csv.DictReader(handle)}
    return Reference(regions=regions, terms=terms, deadlines=deadlines)
