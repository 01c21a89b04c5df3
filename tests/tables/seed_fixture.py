"""Submission workbooks whose contents reproduce every published figure of seed 003 exactly.

`write_seed_submissions(raw_dir)` writes one workbook per concessiehouder per peildatum (2019-03,
2019-10, 2020-03, 2020-10) plus one DSW workbook for 2020-10 (DSW is not in the report and must
never change a table). After ingestion:

- the phase counts per peildatum are Tabel 1–3, and per region at 2020-10 exactly Bijlage 1 (region
  names and phase labels written AS PRINTED in the seed, aliases included); earlier phases are
  assigned by rank, so no region's phase ever goes down;
- 2019-03 and 2019-10 have no projects; 2020-03 has 268 and 2020-10 has 318 projects in reporting
  regions, whose attributes give Tabel 4, 5, 6, 7, 8, 10, 11 and 12 at once: the Technologie projects
  get the values of Tabel 12, the other projects the remainder (overall minus Technologie).

Everything is deterministic (the only shuffles use a seeded `random.Random`).
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from pipeline.reference import load_reference
from tests.builders import SubmissionBook, project_row, region_row
from tests.tables import seed_003 as seed

PEILDATA = {
    "2019-03": dt.date(2019, 3, 31),
    "2019-10": dt.date(2019, 10, 31),
    "2020-03": dt.date(2020, 3, 31),
    "2020-10": dt.date(2020, 10, 31),
}
PERIOD_LABEL = {"2019-03": "mrt-19", "2019-10": "okt-19", "2020-03": "mrt-20", "2020-10": "okt-20"}
RECEIVED_AFTER = dt.timedelta(days=21)

ZORGKANTOREN = ("CZ", "VGZ", "Menzis", "ENO", "Zorg en Zekerheid", "Zilveren Kruis")
ID_PREFIX = {"CZ": "CZ", "VGZ": "VGZ", "Menzis": "MEN", "ENO": "ENO", "Zorg en Zekerheid": "ZZ",
             "Zilveren Kruis": "ZK", "DSW": "DSW"}
FILE_SLUG = {"CZ": "cz", "VGZ": "vgz", "Menzis": "menzis", "ENO": "eno", "Zorg en Zekerheid": "zorg-en-zekerheid",
             "Zilveren Kruis": "zilveren-kruis", "DSW": "dsw"}

TECHNOLOGIE = "Technologie"
DSW_REGION = "Delft Westland Oostland"
PHASE_TABLES = {"afspraken": seed.AFSPRAKEN, "dynamiek": seed.DYNAMIEK, "visie": seed.VISIE}

NAME_STEMS = {
    "Anders opleiden / samenwerking met onderwijs": ("Regionale leerwerkplaats", "Praktijkleren BBL", "Ketenstage"),
    "Anders werken": ("Regionale flexpool", "Anders roosteren", "Zorgassistent in de huiskamer"),
    "Behandelfunctie / SOG": ("Duurzame medische zorg", "Regioverpleegkundige ANW", "Gezamenlijke ANW-dienst SO"),
    "Efficiënt werken": ("Minder administratieve lasten",),
    "Leren en verbeteren": ("Teamreflectie", "Lerend netwerk kwaliteit", "Regionale leercirkels"),
    "Nieuwe professionals aantrekken": ("Zij-instroom verzorgenden", "Wervingscampagne zorg", "Nieuwkomers in de zorg"),
    "Persoonsgerichte zorg": ("Zinvolle daginvulling", "Onbegrepen gedrag", "Familieparticipatie"),
    "Professionals behouden": ("Werkcoach in de zorg", "Vitaal aan het werk", "Behoud van leerlingen"),
    "Regionale strategievorming": ("Regiovisie 2030", "Stip op de horizon", "Regioanalyse capaciteit"),
    "Samenwerking in de keten": ("Coördinatiepunt ELV", "Crisisbedden Wlz", "Samenwerking huisarts en SO"),
    "Technologie": ("Spraakgestuurd ECD", "Slimme bril in de zorg", "Beeldbellen met mantelzorgers"),
}


@dataclass(frozen=True)
class SeedProject:
    """One project with its attributes as vocabulary labels (betrokken: a number, or None = unknown)."""

    project_id: str
    zorgkantoor: str
    regio: str
    hoofdrubriek: str
    startjaar: int
    status: str = "Lopend"
    betrokken: int | None = None
    impact: str = "Nog onbekend"
    delen: str = "Nog onbekend"
    opschaalbaarheid: str = "Nog onbekend"


# --- regions ----------------------------------------------------------------------------------------------

def _expand(counts: dict[str, dict[str, int]], period: str) -> list[str]:
    """A table column as a list of labels, each repeated as often as it is counted."""
    return [label for label, per_period in counts.items() for _ in range(per_period.get(period, 0))]


def _region_phases(reference) -> dict[str, dict[str, dict[str, str]]]:
    """{period key: {Bijlage-1 region name: {dimensie: label to write}}}.

    2020-10 is Bijlage 1 verbatim. For the earlier peildata, regions are ranked per dimension by their
    2020-10 phase (then by Bijlage order) and get that period's phases from high to low: because every
    column of Tabel 1–3 has at least as many regions in phase ≥ n as the column before it, no region's
    phase ever goes down.
    """
    names = [row[0] for row in seed.BIJLAGE_1]
    final = {row[0]: {"afspraken": row[1], "visie": row[2], "dynamiek": row[3]} for row in seed.BIJLAGE_1}
    result: dict[str, dict[str, dict[str, str]]] = {"2020-10": final}
    for key in ("2019-03", "2019-10", "2020-03"):
        result[key] = {name: {} for name in names}
        for dimensie, table in PHASE_TABLES.items():
            code = {name: int(reference.resolve_term(dimensie, final[name][dimensie]).value) for name in names}
            ranked = sorted(names, key=lambda n, c=code: (-c[n], names.index(n)))
            labels = sorted(_expand(table, PERIOD_LABEL[key]),
                            key=lambda label, d=dimensie: -int(reference.resolve_term(d, label).value))
            for name, label in zip(ranked, labels, strict=True):
                result[key][name][dimensie] = label
    # A light touch of the tolerances: the alias of dynamiek phase 1 in the oldest peildatum.
    for phases in result["2019-03"].values():
        if phases["dynamiek"] == "Fase 1: Autonome organisaties":
            phases["dynamiek"] = "Fase 1: Weinig samenwerkingsdynamiek"
    return result


# --- projects ---------------------------------------------------------------------------------------------

def _group_regions(reference) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {}
    for region in reference.reporting_regions:
        groups.setdefault(region.rapportagegroep, []).append(region.regio)
    return groups


def _concessiehouder(reference, regio: str) -> str:
    return reference.region(regio).concessiehouder


def _okt20_skeleton(reference, rng: random.Random) -> list[SeedProject]:
    """The 318 projects of 2020-10 with region and start year: Tabel 4 × Tabel 7."""
    groups = _group_regions(reference)
    next_region = Counter()
    projects: list[SeedProject] = []
    for rubriek, per_group in seed.RUBRIEK_X_CONCESSIEHOUDER.items():
        group_list = [g for g in seed.RAPPORTAGEGROEPEN for _ in range(per_group[g])]
        new = seed.NIEUWE_PROJECTEN[rubriek]
        older = new["Aanvang 2018 - 2019"]
        years = [2020] * new["Start 2020"] + [2021] * new["Start 2021"] + [2018 + i % 2 for i in range(older)]
        assert len(years) == len(group_list) == per_group["Totaal"], rubriek
        rng.shuffle(years)
        for group, year in zip(group_list, years, strict=True):
            regions = groups[group]
            regio = regions[next_region[group] % len(regions)]
            next_region[group] += 1
            projects.append(SeedProject("", _concessiehouder(reference, regio), regio, rubriek, year))
    # IDs per zorgkantoor, numbered in a stable order.
    numbered: list[SeedProject] = []
    counters: Counter = Counter()
    for project in sorted(projects, key=lambda p: (p.zorgkantoor, p.regio, p.hoofdrubriek, p.startjaar)):
        counters[project.zorgkantoor] += 1
        project_id = f"{ID_PREFIX[project.zorgkantoor]}-{counters[project.zorgkantoor]:03d}"
        numbered.append(replace(project, project_id=project_id))
    return numbered


def _deal(projects: list[SeedProject], field: str, values: list, rng: random.Random) -> list[SeedProject]:
    """Give `values` (a shuffled multiset of the same length) to the projects, one each."""
    assert len(values) == len(projects), (field, len(values), len(projects))
    values = list(values)
    rng.shuffle(values)
    return [replace(p, **{field: v}) for p, v in zip(projects, values, strict=True)]


def _remainder(overall: dict[str, dict[str, int]], technologie: dict[str, dict[str, int]], period: str
               ) -> tuple[list[str], list[str]]:
    """(labels for the Technologie projects, labels for all others) of one column."""
    tech = _expand(technologie, period)
    rest = Counter(_expand(overall, period))
    rest.subtract(Counter(tech))
    assert all(n >= 0 for n in rest.values()), (period, rest)
    return tech, [label for label in overall for _ in range(rest[label])]


def _betrokken_numbers(period: str, unknown: int, rng: random.Random) -> list[int | None]:
    """Numbers of involved organisations giving Tabel 5's classes; `10 of meer` has exactly 10 often."""
    examples = {"1 tot 3": (2, 3, 1, 2), "4 tot 6": (5, 4, 6, 5), "7 tot 9": (8, 7, 9, 8),
                "10 of meer": (10, 12, 10, 15, 11, 10, 24)}
    numbers: list[int | None] = []
    for label, per_period in seed.BETROKKENHEID.items():
        numbers += [examples[label][i % len(examples[label])] for i in range(per_period[period])]
    numbers += [None] * unknown
    rng.shuffle(numbers)
    return numbers


def _attributes(projects: list[SeedProject], period: str, rng: random.Random) -> list[SeedProject]:
    """Impact, delen, opschaalbaarheid (Tabel 8/10/11 with Tabel 12 inside) and betrokkenheid (Tabel 5)."""
    tech = [p for p in projects if p.hoofdrubriek == TECHNOLOGIE]
    rest = [p for p in projects if p.hoofdrubriek != TECHNOLOGIE]
    assert len(tech) == seed.THEMA_TECHNOLOGIE_TOTAAL[period]
    for field, overall, block in (("impact", seed.IMPACT, "Impact"), ("delen", seed.DELEN, "Resultaten te delen"),
                                  ("opschaalbaarheid", seed.OPSCHAALBAARHEID, "Opschaalbaar")):
        tech_values, rest_values = _remainder(overall, seed.THEMA_TECHNOLOGIE[block], period)
        tech = _deal(tech, field, tech_values, rng)
        rest = _deal(rest, field, rest_values, rng)
    by_id = {p.project_id: p for p in tech + rest}
    ordered = [by_id[p.project_id] for p in projects]
    numbers = _betrokken_numbers(period, seed.BETROKKENHEID_ONBEKEND[period], rng)
    return [replace(p, betrokken=n) for p, n in zip(ordered, numbers, strict=True)]


def _statuses_okt20(projects: list[SeedProject], rng: random.Random) -> list[SeedProject]:
    """Start 2021 ↔ `Nog niet gestart` (both 30); finished and stopped projects are the oldest ones."""
    counts = {label: per_period["okt-20"] for label, per_period in seed.PROJECTSTATUS.items()}
    later = [p for p in projects if p.startjaar == 2021]
    assert len(later) == counts["Nog niet gestart"]
    earlier = [p for p in projects if p.startjaar != 2021]
    order = sorted(earlier, key=lambda p: (p.startjaar, rng.random()))
    oldest_first = ("Vroegtijdig gestopt of helemaal niet gestart", "Afgerond en niet succesvol verlopen",
                    "Afgerond en succesvol verlopen", "Lopend")
    statuses = [label for label in oldest_first for _ in range(counts[label])]
    status = {p.project_id: s for p, s in zip(order, statuses, strict=True)}
    status.update({p.project_id: "Nog niet gestart" for p in later})
    return [replace(p, status=status[p.project_id]) for p in projects]


def _mrt20_projects(okt20: list[SeedProject], rng: random.Random) -> list[SeedProject]:
    """The 268 projects of 2020-03: those of 2020-10 minus 50 that were added later.

    Added later: all 30 that start in 2021 and 20 that start in 2020, of which exactly 5 Technologie
    (46 − 41). Statuses are consistent with 2020-10: what was finished in March is still finished.
    """
    new_tech = seed.THEMA_TECHNOLOGIE_TOTAAL["okt-20"] - seed.THEMA_TECHNOLOGIE_TOTAAL["mrt-20"]
    new_total = seed.PROJECTEN["okt-20"] - seed.PROJECTEN["mrt-20"]
    later = {p.project_id for p in okt20 if p.startjaar == 2021}
    start_2020 = [p for p in okt20 if p.startjaar == 2020 and p.status == "Lopend"]
    tech_2020 = [p for p in start_2020 if p.hoofdrubriek == TECHNOLOGIE]
    other_2020 = [p for p in start_2020 if p.hoofdrubriek != TECHNOLOGIE]
    tech_later = sum(1 for p in okt20 if p.project_id in later and p.hoofdrubriek == TECHNOLOGIE)
    later |= {p.project_id for p in rng.sample(tech_2020, new_tech - tech_later)}
    later |= {p.project_id for p in rng.sample(other_2020, new_total - len(later))}
    kept = [p for p in okt20 if p.project_id not in later]
    assert len(kept) == seed.PROJECTEN["mrt-20"]

    counts = {label: per_period["mrt-20"] for label, per_period in seed.PROJECTSTATUS.items()}
    status: dict[str, str] = {}
    for label in ("Vroegtijdig gestopt of helemaal niet gestart", "Afgerond en niet succesvol verlopen",
                  "Afgerond en succesvol verlopen"):
        finished = [p for p in kept if p.status == label]
        status.update({p.project_id: label for p in finished[:counts[label]]})
    not_started = [p for p in kept if p.startjaar == 2020 and p.project_id not in status]
    status.update({p.project_id: "Nog niet gestart" for p in rng.sample(not_started, counts["Nog niet gestart"])})
    kept = [replace(p, status=status.get(p.project_id, "Lopend")) for p in kept]
    assert Counter(p.status for p in kept) == Counter(counts), Counter(p.status for p in kept)
    return kept


def seed_projects() -> dict[str, list[SeedProject]]:
    """{period key: projects} for 2020-03 and 2020-10 (reporting regions only)."""
    reference = load_reference()
    rng = random.Random(3)
    okt20 = _statuses_okt20(_okt20_skeleton(reference, rng), rng)
    mrt20 = _mrt20_projects(okt20, rng)
    return {"2020-03": _attributes(mrt20, "mrt-20", rng), "2020-10": _attributes(okt20, "okt-20", rng)}


# --- writing ----------------------------------------------------------------------------------------------

def _place(regio: str) -> str:
    return regio.split("(subregio ")[-1].rstrip(")") if "(subregio " in regio else regio


def _project_record(project: SeedProject, index: int) -> dict:
    stems = NAME_STEMS[project.hoofdrubriek]
    number = int(project.project_id.rsplit("-", 1)[1])
    fields = {
        "Projectnaam": f"{stems[number % len(stems)]} {_place(project.regio)}",
        "Hoofdrubriek": project.hoofdrubriek,
        "Startjaar": project.startjaar,
        "Projectstatus": project.status,
        "Aantal betrokken zorgorganisaties": project.betrokken,
        "Mate van impact": project.impact,
        "Delen van resultaten": project.delen,
        "Opschaalbaarheid": project.opschaalbaarheid,
        "Begroting (EUR)": 20000 + 2500 * (number % 17),
    }
    # A few aliases and empty cells, to exercise normalisation (all resolve to the same labels).
    if project.hoofdrubriek == "Anders opleiden / samenwerking met onderwijs" and project.zorgkantoor == "VGZ":
        fields["Hoofdrubriek"] = "Anders opleiden"
    if project.opschaalbaarheid == "Ja naar enkele andere regio's" and project.zorgkantoor == "Menzis":
        fields["Opschaalbaarheid"] = "Ja, naar enkele andere regio's"
    for column in ("Mate van impact", "Delen van resultaten"):
        if fields[column] == "Nog onbekend" and index % 2 == 0:
            fields[column] = None  # empty = Nog onbekend
    return project_row(project.project_id, project.regio, **fields)


def _dsw_project(project_id: str, name: str, rubriek: str, year: int, status: str, betrokken: int | None,
                 impact: str | None, delen: str | None, opschaal: str | None) -> dict:
    return project_row(project_id, DSW_REGION, **{
        "Projectnaam": name, "Hoofdrubriek": rubriek, "Startjaar": year, "Projectstatus": status,
        "Aantal betrokken zorgorganisaties": betrokken, "Mate van impact": impact,
        "Delen van resultaten": delen, "Opschaalbaarheid": opschaal})


def _dsw_book(peildatum: dt.date) -> SubmissionBook:
    """DSW (in_rapportage = nee): values that would visibly change the tables if they were counted."""
    regions = [region_row(DSW_REGION, "Fase 4: Implementatiefase", "Fase 4: Samenwerking vanuit visie",
                          "Fase 5: Strategische keuzes")]
    projects = [
        _dsw_project("DSW-1", "Zorgtechnologie Westland", "Technologie", 2020, "Lopend", 2,
                     "Op grote schaal met grote betekenis", "Ja, vanwege meerdere redenen",
                     "Ja, landelijk opschaalbaar"),
        _dsw_project("DSW-2", "Ketenzorg dementie Delft", "Samenwerking in de keten", 2021, "Nog niet gestart",
                     None, None, None, None),
        _dsw_project("DSW-3", "Vitaal aan het werk Oostland", "Professionals behouden", 2019,
                     "Afgerond en succesvol verlopen", 10, "Op kleine schaal met beperkte betekenis",
                     "Nee, geen resultaten te delen", "Niet zinvol om op te schalen"),
    ]
    return SubmissionBook(zorgkantoor="DSW", peildatum=peildatum, regions=regions, projects=projects)


def _books(reference) -> Iterable[tuple[str, str, SubmissionBook]]:
    """(period key, zorgkantoor, book) in the order the files are received."""
    phases = _region_phases(reference)
    projects = seed_projects()
    owner = {row[0]: _concessiehouder(reference, reference.resolve_region(row[0]).value) for row in seed.BIJLAGE_1}
    for key, peildatum in PEILDATA.items():
        for zorgkantoor in ZORGKANTOREN:
            # 2020-10 names the regions as Bijlage 1 prints them; the earlier peildata use the canonical names.
            regions = [region_row(name if key == "2020-10" else reference.resolve_region(name).value,
                                  afspraken=p["afspraken"], dynamiek=p["dynamiek"], visie=p["visie"])
                       for name, p in phases[key].items() if owner[name] == zorgkantoor]
            own = sorted((p for p in projects.get(key, []) if p.zorgkantoor == zorgkantoor),
                         key=lambda p: p.project_id)
            records = [_project_record(p, i) for i, p in enumerate(own)]
            yield key, zorgkantoor, SubmissionBook(zorgkantoor=zorgkantoor, peildatum=peildatum,
                                                   regions=regions, projects=records)
        if key == "2020-10":
            yield key, "DSW", _dsw_book(peildatum)


def write_seed_submissions(raw_dir: Path) -> list[Path]:
    """Write the seed-003 submissions under `raw_dir/<YYYY-MM>/`; the paths in order of receipt."""
    reference = load_reference()
    paths: list[Path] = []
    for index, (key, zorgkantoor, book) in enumerate(_books(reference)):
        received = dt.datetime.combine(PEILDATA[key] + RECEIVED_AFTER, dt.time(9)) + dt.timedelta(minutes=10 * index)
        path = Path(raw_dir) / key / f"wir-{FILE_SLUG[zorgkantoor]}-{key}.xlsx"
        paths.append(book.write(path, received_at=received))
    return paths
