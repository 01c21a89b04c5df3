"""Optional timing of pipeline stages for the benchmark: spans appended as JSON lines to $WIR_PERF_LOG.

Without the variable a span costs one environment lookup and writes nothing.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager

PERF_LOG_VARIABLE = "WIR_PERF_LOG"


@contextmanager
def span(stage: str, **details: object) -> Iterator[None]:
    """Time the block as `stage` (wall-clock start and end, so it lines up with other processes' clocks)."""
    path = os.environ.get(PERF_LOG_VARIABLE)
    if not path:
        yield
        return
    start = time.time()
    try:
        yield
    finally:
        record = {"stage": stage, "start": start, "end": time.time(), "pid": os.getpid(), **details}
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(record) + "\n")
