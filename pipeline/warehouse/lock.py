"""One writer at a time across processes: an OS file lock beside the warehouse.

DuckDB refuses a second process instead of queueing it; with this lock a CLI run, the sensor's runs
and `status` wait their turn (up to WIR_LOCK_TIMEOUT seconds) rather than fail.
"""

from __future__ import annotations

import fcntl
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

DEFAULT_TIMEOUT = 900.0
POLL = 0.2
_held = threading.local()  # re-entrant per thread: a nested connect must not wait for itself


class WarehouseBusy(Exception):
    """Another process kept the warehouse longer than the timeout."""


def lock_timeout() -> float:
    return float(os.environ.get("WIR_LOCK_TIMEOUT") or DEFAULT_TIMEOUT)


@contextmanager
def warehouse_lock(warehouse: Path, exclusive: bool, timeout: float | None = None, suffix: str = ".lock",
                   on_wait: Callable[[], None] | None = None) -> Iterator[None]:
    held: dict[str, int] = getattr(_held, "locks", None) or {}
    _held.locks = held
    key = str(warehouse.resolve()) + suffix
    if held.get(key):
        held[key] += 1
        try:
            yield
        finally:
            held[key] -= 1
        return
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    waited = lock_timeout() if timeout is None else timeout
    deadline = time.monotonic() + waited
    with open(warehouse.with_name(warehouse.name + suffix), "a+") as handle:
        mode = fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH
        while True:
            try:
                fcntl.flock(handle, mode | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if on_wait is not None:
                    on_wait()
                    on_wait = None
                if time.monotonic() >= deadline:
                    raise WarehouseBusy(
                        f"Het warehouse {warehouse} is langer dan {waited:.0f} "
                        "seconden in gebruik door een andere verwerking. Probeer het later opnieuw.") from None
                time.sleep(POLL)
        held[key] = 1
        try:
            yield
        finally:
            held[key] = 0
            fcntl.flock(handle, fcntl.LOCK_UN)


def run_lock(warehouse: Path, on_wait: Callable[[], None] | None = None):
    """Whole CLI runs one after the other (Dagster's fresh SQLite storage must not be created twice at once)."""
    return warehouse_lock(warehouse, exclusive=True, suffix=".run.lock", on_wait=on_wait)
