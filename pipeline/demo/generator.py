"""A realistic, reproducible demo set of submissions: every zorgkantoor, four peildata, ~30 files.

Built on the real template, then edited the way people do (tolerated variations, one rejected
file and its correction, one accepted file superseded a week later). Each file's "received at" moment is
declared beside it (pipeline/intake/receipts.py), and is its mtime too; nothing depends on the clock.
"""

from __future__ import annotations

import datetime as dt
import os
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import pandas as pd
from openpyxl.workbook import Workbook

from pipeline.demo import variations as vary
from pipeline.demo.phases import region_phases
from pipeline.demo.projects import Register, project_register
from pipeline.excel import save_deterministic
from pipeline.intake import layout
from pipeline.intake.receipts import declare_received
from pipeline.naming import slug
from pipeline.periods import month_end
from pipeline.reference import Reference
from pipeline.template import TemplateContent, build_template

PEILDATA = ("2019-03", "2019-10", "2020-03", "2020-10")  # the first had no project register
SEED = 2021
REGION_FIELDS = [c.field for c in layout.REGION_COLUMNS]
PROJECT_FIELDS = [c.field for c in layout.PROJECT_COLUMNS]
CORRECTION_SUFFIX = "-correctie"
VARIATIONS = {  # (zorgkantoor, peildatum) → edits to an accepted file (warnings only)
    ("Zorg en Zekerheid", "2019-03"): [partial(vary.phases_as, style="fase")],
    ("CZ", "2019-10"): [partial(vary.region_alias, regio="Zeeland", alias="AM - Regio Zeeland")],
    ("ENO", "2019-10"): [partial(vary.phases_as, style="number")],
    ("VGZ", "2019-10"): [
        partial(vary.alias_label, sheet=layout.SHEET_PROJECTEN, field="hoofdrubriek", code="AO",
                alias="Anders opleiden"),
        partial(vary.extra_column, sheet=layout.SHEET_PROJECTEN, header="Contactpersoon", seed="VGZ"),
    ],
    ("Menzis", "2020-03"): [partial(vary.years_as_text, year=2019)],
    ("Zilveren Kruis", "2020-03"): [
        partial(vary.alias_label, sheet=layout.SHEET_REGIOS, field="visie", code="4",
                alias="Fase 4: Dialogosessie"),
        partial(vary.columns_first, sheet=layout.SHEET_PROJECTEN,
                fields=("regio", "project_id", "projectnaam", "projectstatus")),
    ],
    ("CZ", "2020-10"): [partial(vary.empty_row, sheet=layout.SHEET_PROJECTEN)],
}
# (zorgkantoor, peildatum) → how the first file differs, and days until the corrected file.
CORRECTIONS = {("VGZ", "2020-03"): ("draft", 7), ("Menzis", "2020-10"): ("mistakes", 3)}

Edit = Callable[[Workbook, Reference], None]


@dataclass(frozen=True)
class Submission:
    zorgkantoor: str
    peildatum: str
    name: str  # file name without extension
    received: dt.datetime
    content: TemplateContent
    edits: list[Edit] = field(default_factory=list)


def write_demo(raw_dir: Path, reference: Reference, submissions: list[Submission] | None = None) -> list[Path]:
    """Write the demo set (or `submissions`) into `raw_dir/<peildatum>/<zorgkantoor>.xlsx`; return the paths."""
    paths = []
    for submission in demo_submissions(reference) if submissions is None else submissions:
        workbook = build_template(reference, submission.zorgkantoor, submission.peildatum,
                                  submission.content)
        for edit in submission.edits:
            edit(workbook, reference)
        path = Path(raw_dir) / submission.peildatum / f"{submission.name}.xlsx"
        save_deterministic(workbook, path)
        moment = submission.received.timestamp()
        os.utime(path, (moment, moment))
        declare_received(path, dt.datetime.fromtimestamp(moment, dt.UTC))
        paths.append(path)
    return paths


def demo_submissions(reference: Reference, peildata: tuple[str, ...] = PEILDATA,
                     register: Register | None = None) -> list[Submission]:
    """The submissions of `peildata` (default the demo's four); `register` replaces the generated projects."""
    phases = region_phases(reference, peildata, random.Random(f"{SEED}-phases"))
    if register is None:
        register = project_register(reference, peildata[1:], random.Random(f"{SEED}-projects"))
    submissions = []
    for peildatum in peildata:
        for holder in reference.concessiehouders:
            regions = [{"regio": r.regio, **phases[peildatum][r.regio]} for r in reference.regions_of(holder)]
            projects = register[holder].get(peildatum, [])
            content = _content(regions, projects)
            received = _received(holder, peildatum)
            edits = list(VARIATIONS.get((holder, peildatum), []))
            kind, delay = CORRECTIONS.get((holder, peildatum), (None, 0))
            if kind == "draft":
                submissions.append(Submission(holder, peildatum, slug(holder), received,
                                              _content(*_draft(regions, projects)), edits))
            elif kind == "mistakes":
                submissions.append(Submission(holder, peildatum, slug(holder), received, content,
                                              [*edits, partial(vary.mistakes, zorgkantoor=holder)]))
            name = slug(holder) + (CORRECTION_SUFFIX if kind else "")
            submissions.append(Submission(holder, peildatum, name, received + dt.timedelta(days=delay),
                                          content, edits))
    return submissions


def _content(regions: list[dict], projects: list[dict]) -> TemplateContent:
    return TemplateContent(regions=pd.DataFrame(regions, columns=REGION_FIELDS),
                           projects=pd.DataFrame(projects, columns=PROJECT_FIELDS))


def _received(zorgkantoor: str, peildatum: str) -> dt.datetime:
    """A working-day moment two to four weeks after the peildatum, fixed per zorgkantoor."""
    rng = random.Random(f"{SEED}-received-{zorgkantoor}-{peildatum}")
    day = month_end(peildatum) + dt.timedelta(days=rng.randint(12, 26))
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return dt.datetime.combine(day, dt.time(rng.randint(8, 16), rng.randrange(60)), tzinfo=dt.UTC)


def _draft(regions: list[dict], projects: list[dict]) -> tuple[list[dict], list[dict]]:
    """The first version of a file that is corrected later: a few values not yet right."""
    regions = [dict(r) for r in regions]
    projects = [dict(p) for p in projects]
    if regions:
        regions[0]["toelichting"] = None
    budgets = [p for p in projects if p["begroting"]]
    if budgets:
        budgets[0]["begroting"] *= 10  # a zero too many
    completed = [p for p in projects if p["projectstatus"] == "AS"]
    if completed:
        completed[0]["projectstatus"] = "L"  # not yet updated
    if len(projects) > 5:
        projects[5]["aantal_betrokken"] = 3
    return regions, projects
