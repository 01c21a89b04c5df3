"""When did a file reach the monitor? By default the moment the monitor first saw it in the raw folder.

A file that reached team WIR earlier than it was put in the folder (by e-mail, during an outage; or the demo,
which plays out a past half year) can have its receipt moment declared in a hidden `.ontvangen.json` beside it:
{"cz.xlsx": "2020-11-20T09:00:00+01:00"}. A declaration counts only the first time the file is taken in:
after that the moment stands in the archive's manifest. The file's own modification time never counts: it
can be years off (a copied or unzipped file keeps the time it was saved).
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

from pipeline.intake.names import readable

DECLARATIONS = ".ontvangen.json"


def to_utc(moment: dt.datetime) -> dt.datetime:
    """Naive UTC, whole seconds (an aware moment is converted; a naive one is taken as UTC)."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
    return moment.replace(microsecond=0)


def declared_receipts(raw_dir: Path) -> dict[str, dt.datetime]:
    """Readable relative path → declared receipt moment (UTC), from every declaration file below raw_dir.

    A declaration that cannot be read is passed over: the file then counts as received when first seen.
    """
    declared: dict[str, dt.datetime] = {}
    for declarations in raw_dir.rglob(DECLARATIONS):
        try:
            entries = json.loads(declarations.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        folder = declarations.parent.relative_to(raw_dir)
        for name, moment in entries.items() if isinstance(entries, dict) else ():
            try:
                when = to_utc(dt.datetime.fromisoformat(str(moment)))
            except ValueError:
                continue
            declared[readable(os.fsencode(folder / name))] = when
    return declared


def declare_received(path: Path, moment: dt.datetime) -> Path:
    """Record that the file at `path` was received at `moment` (naive: UTC), beside it."""
    declarations = path.parent / DECLARATIONS
    try:
        entries = json.loads(declarations.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        entries = {}
    entries[path.name] = f"{to_utc(moment).isoformat()}Z"
    partial = declarations.with_name(declarations.name + ".partial")
    partial.write_text(json.dumps(entries, indent=1, sort_keys=True), encoding="utf-8")
    os.replace(partial, declarations)
    return path
