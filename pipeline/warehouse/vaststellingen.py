"""Vaststellingen and heropeningen as append-only records in the archive, so `herstel` can replay them.

A lock lives in the warehouse (period_locks), but the archive is the truth: without a record there, a
warehouse rebuilt from the archive would have every vastgestelde peildatum open again. So each vaststelling
and heropening is also written to `<archief>/vaststellingen/` as one small JSON file, named by its moment and
a sequence number, written once (to a partial file first, then linked under a name that must not exist yet)
and never changed. A vaststelling records the files judged at that moment, so `herstel` can lock exactly
what was locked, with the same who, when and reason (which carries ZN's approval, see portal/approval.py).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

FOLDER = "vaststellingen"
VERSION = 1
LOCKED = "vastgesteld"
REOPENED = "heropend"
_NAME = re.compile(r"^(\d{8}T\d{6}Z)-(\d+)-")


class RecordDamaged(Exception):
    """A record in the archive that cannot be read; the message is Dutch and names the file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(
            f"Het vastleggingsbestand {path} in het archief is beschadigd of onleesbaar. Het legt een "
            "vaststelling of heropening vast, dus zonder dit bestand zou een herstel een peildatum verkeerd open "
            "of dicht zetten. Er is niets veranderd. Zet een goede kopie van dit bestand terug uit de back-up "
            "en voer de opdracht opnieuw uit.")


@dataclass(frozen=True)
class LockRecord:
    kind: str  # LOCKED or REOPENED
    peildatum: str  # the one the analyst named
    at: dt.datetime  # UTC, as period_locks.locked_at and period_events.happened_at
    by: str
    reason: str | None
    # A vaststelling: each lock it made (peildatum, reason), earlier peildata locked along first.
    locks: tuple[tuple[str, str | None], ...] = ()
    # The SHA-256 of every file judged at that moment, in the order judged: a lock covers exactly those, and a
    # file judged while its peildatum was locked is replayed so, before the heropening.
    judged: tuple[str, ...] = ()
    last_submission_id: int | None = None  # informative: the id in the warehouse it was made in
    path: Path | None = field(default=None, compare=False)

    def to_json(self) -> dict:
        data = {"versie": VERSION, "soort": self.kind, "peildatum": self.peildatum, "op": f"{self.at.isoformat()}Z",
                "door": self.by, "reden": self.reason}
        if self.kind == LOCKED:
            data["vastgesteld"] = [{"peildatum": key, "reden": why} for key, why in self.locks]
        return data | {"laatste_aanlevering": self.last_submission_id, "beoordeelde_bestanden": list(self.judged)}

    @classmethod
    def from_json(cls, data: dict, path: Path) -> LockRecord:
        kind = data["soort"]
        if kind not in (LOCKED, REOPENED) or int(data["versie"]) > VERSION:
            raise ValueError(kind)
        locks = tuple((str(item["peildatum"]), _text(item["reden"])) for item in data.get("vastgesteld", ()))
        judged = tuple(str(sha256) for sha256 in data.get("beoordeelde_bestanden", ()))
        if kind == LOCKED and not locks:
            raise ValueError("no locks")
        last = data.get("laatste_aanlevering")
        return cls(kind=kind, peildatum=str(data["peildatum"]), at=_parse(data["op"]), by=str(data["door"]),
                   reason=_text(data["reden"]), locks=locks, judged=judged,
                   last_submission_id=None if last is None else int(last), path=path)


def _text(value) -> str | None:
    return None if value is None else str(value)


def _parse(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).astimezone(dt.UTC).replace(tzinfo=None)


def folder(archive_dir: Path) -> Path:
    return archive_dir / FOLDER


def write_record(archive_dir: Path, record: LockRecord) -> Path:
    """Add the record under a name no other record has: existing records are never overwritten."""
    target = folder(archive_dir)
    target.mkdir(parents=True, exist_ok=True)
    sequence = max((int(m.group(2)) for p in target.iterdir() if (m := _NAME.match(p.name))), default=0) + 1
    partial = target / f".{record.kind}-{record.peildatum}-{os.getpid()}.partial"
    try:
        with open(partial, "w", encoding="utf-8") as handle:
            json.dump(record.to_json(), handle, indent=1, ensure_ascii=False)
            handle.flush()
            os.fsync(handle.fileno())  # a lock that the warehouse has must not be lost from the archive
        while True:
            path = target / f"{record.at:%Y%m%dT%H%M%S}Z-{sequence:04d}-{record.peildatum}-{record.kind}.json"
            try:
                os.link(partial, path)  # fails when the name exists: append-only, never replaced
                return path
            except FileExistsError:
                sequence += 1
            except OSError:  # a file system without hard links; the warehouse lock keeps other writers out
                if path.exists():
                    sequence += 1
                    continue
                os.replace(partial, path)
                return path
    finally:
        partial.unlink(missing_ok=True)


def read_records(archive_dir: Path) -> list[LockRecord]:
    """Every record, in the order they were made; `RecordDamaged` for the first one that cannot be read."""
    found = []
    source = folder(archive_dir)
    for path in sorted(source.glob("*.json")) if source.is_dir() else ():
        match = _NAME.match(path.name)
        try:
            if match is None:
                raise ValueError(path.name)
            found.append((int(match.group(2)), LockRecord.from_json(json.loads(path.read_text("utf-8")), path)))
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
            raise RecordDamaged(path) from error
    # In the order they were written (the sequence number), even should the clock have been set back.
    return [record for _, record in sorted(found, key=lambda item: item[0])]
