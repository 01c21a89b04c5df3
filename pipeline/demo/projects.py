"""The project register: projects persist from one peildatum to the next while their status evolves.

Counts follow the Voortgangsrapportage (January 2021): 200 / 268 / 318 reporting projects in
okt-19 / mrt-20 / okt-20, themes per concessiehouder as its table 4, status as its table 6.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

from pipeline.demo.names import GENERIC, NAMES, unique_name
from pipeline.periods import parse_key
from pipeline.reference import Reference

NEW_PER_PERIOD = (199, 69, 50)  # reporting projects added per register peildatum (+1 dropped later)
THEMES = {  # table 4: hoofdrubriek per reporting group in October 2020
    "CZ": {"AO": 6, "AW": 5, "BF": 4, "LV": 3, "NP": 8, "PZ": 5, "PB": 7, "RS": 1, "SK": 14, "TE": 12},
    "Zilveren Kruis (De Friesland)": {"LV": 1, "NP": 1, "PB": 1, "RS": 2, "SK": 7, "TE": 2},
    "ENO": {"AO": 1, "RS": 2, "SK": 3, "TE": 1},
    "Menzis": {"AO": 2, "AW": 2, "BF": 2, "LV": 2, "NP": 9, "PZ": 3, "PB": 13, "RS": 4, "SK": 1, "TE": 5},
    "VGZ": {"AO": 10, "AW": 1, "BF": 9, "NP": 12, "PZ": 5, "PB": 12, "RS": 11, "SK": 4, "TE": 12},
    "Zilveren Kruis": {"AO": 3, "AW": 5, "BF": 8, "LV": 8, "NP": 3, "PZ": 8, "PB": 5, "RS": 16, "SK": 27,
                       "TE": 12},
    "Z&Z": {"AO": 3, "AW": 2, "BF": 1, "LV": 2, "NP": 2, "PZ": 3, "PB": 1, "SK": 2, "TE": 2},
}
OTHER_THEMES = {"SK": 2, "TE": 1, "NP": 1, "PB": 1, "RS": 1}  # groups outside the national tables
# Early registers were about the labour market; later ones about strategy, the chain and technology.
ERA = {"NP": 0.0, "PB": 0.05, "AO": 0.15, "BF": 0.25, "LV": 0.3, "EW": 0.4, "AW": 0.45, "PZ": 0.55,
       "TE": 0.55, "SK": 0.65, "RS": 0.7}
START_MIX = (((2018, 0.45),), ((2019, 0.087), (2021, 0.116)), ((2021, 0.44),))  # share per cohort
DEFAULT_START = (2019, 2020, 2020)
LATE_STARTS = 10  # per 199 first-cohort projects: registered in 2019 before they started
# (status, register index from which it holds, projects per 199 first-cohort projects)
ENDINGS = (("VG", 0, 3), ("VG", 1, 3), ("ANS", 0, 2), ("ANS", 1, 3), ("ANS", 2, 2),
           ("AS", 0, 4), ("AS", 1, 8), ("AS", 2, 19))
WEIGHTS = {  # tables 8, 10, 11 (October 2020) and table 5 (organisations involved)
    "impact": {"KB": 40, "KV": 54, "GB": 27, "GV": 111, "GRB": 12, "GRG": 74},
    "delen": {"N": 69, "NT": 93, "J": 156},
    "opschaalbaarheid": {"NZ": 54, "NN": 86, "JR": 58, "JA": 77, "JL": 43},
}
EARLY = {"delen": ({"J"}, "NT"), "opschaalbaarheid": ({"JR", "JA", "JL"}, "NN")}  # before maturing
UNKNOWN_SHARE = {"impact": 0.1, "delen": 0.22, "opschaalbaarheid": 0.0}
INVOLVED = ((range(1, 4), 20), (range(4, 7), 95), (range(7, 10), 122), (range(10, 17), 61))
NOTES = {
    "AS": "Afgerond; resultaten gedeeld in de regiotafel.",
    "ANS": "Afgerond; doelen niet gehaald, lessen worden gedeeld.",
    "VG": "Gestopt: onvoldoende deelnemende organisaties.",
    "NG": "Start gepland in {startjaar}.",
}
REMARKS = ("Vertraging door corona.", "Subsidie uit de ontwikkelgelden toegekend.",
           "Evaluatie gepland in het voorjaar.", "Samen met ROC en hogeschool.",
           "Uitbreiding naar de wijkverpleging in voorbereiding.")


@dataclass
class Project:
    zorgkantoor: str
    regio: str
    hoofdrubriek: str
    first: int  # register index of its first peildatum
    last: int  # register index of its last peildatum
    project_id: str = ""
    projectnaam: str = ""
    startjaar: int = 2019
    late_start: bool = False
    ending: tuple[str, int] | None = None
    aantal_betrokken: int | None = None
    begroting: int | None = None
    finals: dict[str, str] = field(default_factory=dict)
    matures: dict[str, int] = field(default_factory=dict)  # register index of the final value
    unknown: dict[str, object] = field(default_factory=dict)  # "O" or None (left empty) at first
    remark: str | None = None

    def status(self, index: int, year: int) -> str:
        if self.ending and index >= self.ending[1]:
            return self.ending[0]
        if self.startjaar > year or (self.late_start and index == self.first):
            return "NG"
        return "L"

    def record(self, index: int, year: int) -> dict[str, object]:
        status = self.status(index, year)
        values: dict[str, object] = {}
        for dim, final in self.finals.items():
            early_set, early = EARLY.get(dim, (set(), final))
            if index == self.first and dim in self.unknown:
                values[dim] = self.unknown[dim]
            else:
                values[dim] = early if final in early_set and index < self.matures[dim] else final
        note = NOTES[status].format(startjaar=self.startjaar) if status in NOTES else None
        return {"project_id": self.project_id, "projectnaam": self.projectnaam, "regio": self.regio,
                "hoofdrubriek": self.hoofdrubriek, "startjaar": self.startjaar, "projectstatus": status,
                "aantal_betrokken": self.aantal_betrokken, **values, "begroting": self.begroting,
                "toelichting": note or self.remark}


Register = dict[str, dict[str, list[dict[str, object]]]]  # zorgkantoor → peildatum → records


def project_register(reference: Reference, peildata: tuple[str, ...], rng: random.Random) -> Register:
    """Project records (codes) per zorgkantoor for each peildatum in `peildata` (all with a register)."""
    groups: dict[str, list] = {}
    for region in reference.regions:
        groups.setdefault(region.rapportagegroep, []).append(region)
    reporting = {g: THEMES.get(g, OTHER_THEMES) for g, rs in groups.items() if rs[0].in_rapportage}
    cohorts = [_largest_remainder(n, {g: sum(t.values()) for g, t in reporting.items()})
               for n in NEW_PER_PERIOD[:-1]]
    projects: list[Project] = []
    for group, regions in groups.items():
        themes = reporting.get(group, OTHER_THEMES)
        total = sum(themes.values())
        if group in reporting:
            sizes = [cohort[group] for cohort in cohorts]
        else:
            sizes = list(_largest_remainder(total, dict(enumerate(NEW_PER_PERIOD))).values())[:-1]
        projects += _group_projects(regions, themes, [*sizes, total - sum(sizes)], reference, rng)
    largest = max(reporting, key=lambda g: sum(reporting[g].values()))
    dropped = Project(groups[largest][0].concessiehouder, rng.choice(groups[largest]).regio, "NP", 0, 0,
                      startjaar=2018, remark="Samengevoegd met een ander project.")
    reporting_regions = {r.regio for r in reference.reporting_regions}
    for in_tables in (True, False):  # national shares apply to the reporting projects
        _plan([p for p in projects if (p.regio in reporting_regions) == in_tables], rng)
    _attributes([*projects, dropped], len(peildata), reference, rng)
    _identify([*projects, dropped], reference, rng)
    register: Register = {holder: {p: [] for p in peildata} for holder in reference.concessiehouders}
    for index, peildatum in enumerate(peildata):
        year, _ = parse_key(peildatum)
        for project in sorted([*projects, dropped], key=lambda p: p.project_id):
            if project.first <= index <= project.last:
                register[project.zorgkantoor][peildatum].append(project.record(index, year))
    return register


def _largest_remainder(total: int, weights: dict) -> dict:
    shares = {key: total * w / sum(weights.values()) for key, w in weights.items()}
    result = {key: math.floor(share) for key, share in shares.items()}
    for key in sorted(shares, key=lambda k: result[k] - shares[k])[: total - sum(result.values())]:
        result[key] += 1
    return result


def _group_projects(regions: list, themes: dict[str, int], sizes: list[int], reference: Reference,
                    rng: random.Random) -> list[Project]:
    known = set(reference.codes("hoofdrubriek"))
    codes = [code for code, count in themes.items() if code in known for _ in range(count)]
    codes.sort(key=lambda code: ERA.get(code, 0.5) + rng.uniform(0, 0.6))
    weights = [rng.uniform(0.6, 1.4) for _ in regions]
    projects, start = [], 0
    for first, size in enumerate(sizes):
        for code in codes[start:start + size]:
            region = rng.choices(regions, weights)[0]
            projects.append(Project(region.concessiehouder, region.regio, code, first, len(sizes) - 1))
        start += size
    return projects


def _plan(projects: list[Project], rng: random.Random) -> None:
    """Start years, late starts and endings per cohort, as shares of the national counts."""
    for first, mix in enumerate(START_MIX):
        cohort = [p for p in projects if p.first == first]
        rng.shuffle(cohort)
        start = 0
        for year, share in mix:
            for project in cohort[start:start + round(share * len(cohort))]:
                project.startjaar = year
            start += round(share * len(cohort))
        for project in cohort[start:]:
            project.startjaar = DEFAULT_START[first]
    first_cohort = [p for p in projects if p.first == 0]
    scale = len(first_cohort) / NEW_PER_PERIOD[0]
    late = [p for p in first_cohort if p.startjaar == 2019][: round(LATE_STARTS * scale)]
    for project in late:
        project.late_start = True
    candidates = sorted((p for p in first_cohort if not p.late_start),
                        key=lambda p: (p.startjaar, rng.random()))
    endings = [(status, index) for status, index, count in ENDINGS for _ in range(round(count * scale))]
    for project, ending in zip(candidates, endings, strict=False):
        project.ending = ending


def _attributes(projects: list[Project], periods: int, reference: Reference, rng: random.Random) -> None:
    for project in projects:
        bucket = rng.choices([r for r, _ in INVOLVED], [w for _, w in INVOLVED])[0]
        project.aantal_betrokken = None if rng.random() < 0.06 else rng.choice(bucket)
        budget = math.exp(rng.uniform(math.log(15000), math.log(450000)))
        project.begroting = None if rng.random() < 0.1 else int(round(budget / 500) * 500)
        for dim, weights in WEIGHTS.items():
            codes = [c for c in weights if c in reference.codes(dim)] or reference.codes(dim)
            project.finals[dim] = rng.choices(codes, [weights.get(c, 1) for c in codes])[0]
            project.matures[dim] = min(periods - 1, project.first + rng.choice((0, 1, 1, 2)))
            if project.first < periods - 1 and rng.random() < UNKNOWN_SHARE[dim]:
                project.unknown[dim] = None if rng.random() < 0.4 else "O"
        project.remark = project.remark or (rng.choice(REMARKS) if rng.random() < 0.1 else None)


def _identify(projects: list[Project], reference: Reference, rng: random.Random) -> None:
    """IDs in order of registration, stable across peildata; names unique per zorgkantoor."""
    order = sorted(projects, key=lambda p: (p.first, rng.random()))
    counters: dict[str, int] = {}
    taken: dict[str, set[str]] = {}
    for project in order:
        holder = project.zorgkantoor
        counters[holder] = counters.get(holder, 0) + 1
        project.project_id = f"{_prefix(holder)}-{counters[holder]:04d}"
        base = rng.choice(NAMES.get(project.hoofdrubriek, GENERIC))
        project.projectnaam = unique_name(base, project.regio, taken.setdefault(holder, set()))


def _prefix(zorgkantoor: str) -> str:
    words = zorgkantoor.split()
    return "".join(w[0] for w in words).upper() if len(words) > 1 else zorgkantoor.upper()[:3]
