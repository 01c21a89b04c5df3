"""The one lock on a warehouse: an OS file lock beside it, taken the same way on every path.

DuckDB refuses a second writing process instead of queueing it. Everything that writes the warehouse - a
`wir-monitor` command, and every Dagster run whether the sensor, the schedule or the UI started it - takes
this lock exclusively once, before anything else that could wait, and keeps it to its end (the CLI for the
whole command, a run from its first step to its last, see `WarehouseResource`). Nothing waits for anything
else while holding it: there is no Dagster pool and no second lock file, so two processes can never wait
for each other. Readers (`status`, the sensor) take it shared.

Waiting sleeps between attempts (no CPU), ends after WIR_LOCK_TIMEOUT seconds with `WarehouseBusy` ("bezet"),
and a signal (Ctrl-C, SIGTERM) ends it at once.
"""

from __future__ import annotations

import fcntl
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from pipeline.config import env_number

DEFAULT_TIMEOUT = 900.0
POLL = 0.2  # seconds between attempts: a handful of system calls per second while waiting
_held = threading.local()  # re-entrant per thread: a nested connect must not wait for itself


class WarehouseBusy(Exception):
    """Another process kept the warehouse longer than the timeout (the message is Dutch)."""


def lock_timeout() -> float:
    return env_number("WIR_LOCK_TIMEOUT", DEFAULT_TIMEOUT)


def lock_path(warehouse: Path) -> Path:
    return warehouse.with_name(warehouse.name + ".lock")


def busy_message(warehouse: Path, waited: float) -> str:
    return (f"Het warehouse {warehouse} is bezet: een andere verwerking (een andere opdracht, de sensor of een "
            f"run uit Dagster) gebruikt het al langer dan {waited:.0f} seconden (WIR_LOCK_TIMEOUT). "
            "Probeer het later opnieuw.")


@contextmanager
def warehouse_lock(warehouse: Path, exclusive: bool, timeout: float | None = None,
                   on_wait: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold the warehouse's lock (exclusive to write, shared to read) for the block.

    Re-entrant within a thread; a shared hold cannot become exclusive (that could deadlock two readers).
    """
    held: dict[str, list] = getattr(_held, "locks", None) or {}
    _held.locks = held
    key = str(warehouse.resolve())
    if key in held:
        if exclusive and not held[key][1]:
            raise RuntimeError("a shared warehouse lock cannot become exclusive")
        held[key][0] += 1
        try:
            yield
        finally:
            held[key][0] -= 1
        return
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    waited = lock_timeout() if timeout is None else timeout
    deadline = time.monotonic() + waited
    with open(lock_path(warehouse), "a+") as handle:
        mode = fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH
        while True:
            try:
                fcntl.flock(handle, mode | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise WarehouseBusy(busy_message(warehouse, waited)) from None
                if on_wait is not None:
                    on_wait()
                    on_wait = None
                # A plain sleep: a signal handler that raises (Ctrl-C, SIGTERM) ends the wait at once.
                time.sleep(min(POLL, max(deadline - time.monotonic(), 0.0)))
        held[key] = [1, exclusive]
        try:
            yield
        finally:
            del held[key]
            fcntl.flock(handle, fcntl.LOCK_UN)
