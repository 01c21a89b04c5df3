"""Read untrusted workbooks in a child process with a memory and a time limit.

A reader in native code can abort the whole process (a Rust allocation failure is an abort, rc 134), exhaust
memory or loop; inside the run's own process that would end the run for every zorgkantoor. Here one child
process reads file after file (started once, so a file costs a pipe round trip, not an interpreter start);
its address space is capped with RLIMIT_AS and each file has a deadline. A child that dies, runs out of
memory or overruns is killed, the file gets a finding, and the next file gets a fresh child. A pool of such
children (one per core, at most two) reads the files of a batch side by side.

Protocol: length-prefixed pickles over the child's stdin and a private copy of its stdout (fd 1 itself is
pointed at the child's stderr, so a library that prints cannot corrupt a reply). The child's stderr goes to
a temporary file, read back only to tell an allocation failure from another crash.
"""

from __future__ import annotations

import atexit
import os
import pickle
import queue
import select
import struct
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, TypeVar

from pipeline.config import env_number
from pipeline.intake.findings import Finding
from pipeline.intake.messages import finding

MEMORY_VARIABLE = "WIR_READER_MEMORY_MB"
SECONDS_VARIABLE = "WIR_READER_SECONDS"
READERS_VARIABLE = "WIR_READERS"
DEFAULT_READERS = 2
DEFAULT_MEMORY_MB = 3072  # address space, not resident memory: the interpreter with pandas maps ~1 GB of it
DEFAULT_SECONDS = 120
_START_SECONDS = 300  # importing pandas and calamine, on a busy machine
_HEADER = struct.Struct("!Q")
Item = TypeVar("Item")
Result = TypeVar("Result")
_ALLOCATION_FAILED = (b"memory allocation of", b"MemoryError", b"Cannot allocate memory", b"std::bad_alloc")


class ReaderFailed(Exception):
    """Reading one file failed in a way that is the file's finding, not the run's end."""

    def __init__(self, failure: Finding):
        super().__init__(failure.message)
        self.finding = failure


@dataclass(frozen=True)
class ReaderLimits:
    memory_mb: int = DEFAULT_MEMORY_MB
    seconds: float = DEFAULT_SECONDS

    @classmethod
    def from_env(cls) -> ReaderLimits:
        return cls(memory_mb=env_number(MEMORY_VARIABLE, DEFAULT_MEMORY_MB, whole=True, minimum=64),
                   seconds=env_number(SECONDS_VARIABLE, DEFAULT_SECONDS, minimum=1))


class ReaderProcess:
    """The child that reads submissions; `call` runs one function of `pipeline.intake.reading` in it."""

    def __init__(self, limits: ReaderLimits | None = None):
        self.limits = limits or ReaderLimits.from_env()
        self.process: subprocess.Popen | None = None
        self.stderr = None
        self.sent_references: set[int] = set()
        self.lock = threading.Lock()

    def _start(self) -> subprocess.Popen:
        self.stderr = tempfile.TemporaryFile()  # noqa: SIM115 - lives as long as the child; closed in close()
        # One thread per numeric library: threads each reserve address space, and a reader needs none.
        environment = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
                       "RUST_BACKTRACE": "0"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "pipeline.intake.isolation", str(self.limits.memory_mb * 2**20)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.stderr, env=environment)
        self.sent_references = set()
        # The child says it is ready once its imports are done: a file's deadline never pays for the start.
        try:
            self._read_exactly(self.process, _HEADER.size, time.monotonic() + _START_SECONDS)
        except (TimeoutError, EOFError, OSError):
            raise ReaderFailed(self._crashed()) from None
        return self.process

    def close(self) -> None:
        process, self.process = self.process, None
        if process is not None and process.poll() is None:
            try:
                process.stdin.close()
                process.wait(timeout=5)
            except (OSError, subprocess.TimeoutExpired):
                process.kill()
                process.wait()
        if self.stderr is not None:
            self.stderr.close()
            self.stderr = None

    def _kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.close()

    def call(self, function: str, reference: Any, *args: Any) -> Any:
        """`function(reference, *args)` in the child; ReaderFailed when the child fails on it.

        One request at a time: a threaded server (the portal) shares the child, and replies carry no address.
        """
        with self.lock:
            return self._call(function, reference, *args)

    def _call(self, function: str, reference: Any, *args: Any) -> Any:
        process = self.process if self.process is not None and self.process.poll() is None else self._start()
        token = id(reference)
        # The reference goes over once per child: the child keeps it, and with it its memo of resolved values.
        payload = (function, token, None if token in self.sent_references else reference, args)
        try:
            data = pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)
            process.stdin.write(_HEADER.pack(len(data)) + data)
            process.stdin.flush()
            self.sent_references.add(token)
            status, result = pickle.loads(self._receive(process))
        except TimeoutError:
            self._kill()
            raise ReaderFailed(finding("bestand.te_traag", limit=_number(self.limits.seconds))) from None
        except (OSError, EOFError, pickle.UnpicklingError, struct.error):
            raise ReaderFailed(self._crashed()) from None
        if status == "ok":
            return result
        if status == "memory":
            self._kill()  # a process that hit its limit may be left in a bad state: start afresh
            raise ReaderFailed(finding("bestand.geheugen", limit=_number(self.limits.memory_mb)))
        raise ReaderFailed(finding("bestand.leesfout"))

    def _receive(self, process: subprocess.Popen) -> bytes:
        deadline = time.monotonic() + self.limits.seconds
        header = self._read_exactly(process, _HEADER.size, deadline)
        return self._read_exactly(process, _HEADER.unpack(header)[0], deadline)

    @staticmethod
    def _read_exactly(process: subprocess.Popen, size: int, deadline: float) -> bytes:
        chunks, missing, fd = [], size, process.stdout.fileno()
        while missing:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError
            ready, _, _ = select.select([fd], [], [], min(remaining, 1.0))
            if not ready:
                continue
            chunk = os.read(fd, min(missing, 1 << 20))
            if not chunk:
                raise EOFError
            chunks.append(chunk)
            missing -= len(chunk)
        return b"".join(chunks)

    def _crashed(self) -> Finding:
        """The child died: an allocation failure (past the memory limit) or another crash."""
        process = self.process
        if process is not None:
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        said = b""
        if self.stderr is not None:
            self.stderr.seek(0)
            said = self.stderr.read(1 << 20)
        self.close()
        if any(marker in said for marker in _ALLOCATION_FAILED):
            return finding("bestand.geheugen", limit=_number(self.limits.memory_mb))
        return finding("bestand.leesfout")


def _number(value: float) -> str:
    from pipeline.dutch import dutch_number

    return dutch_number(int(value)) if float(value).is_integer() else dutch_number(value)


class ReaderPool:
    """A few reader children side by side, so that the files of a batch are read on every core.

    `call` takes whichever child is idle (waiting for one when all are busy); a child that fails is replaced
    on its next use, as in ReaderProcess, while the others go on.
    """

    def __init__(self, limits: ReaderLimits | None = None, size: int = 1):
        self.limits = limits or ReaderLimits.from_env()
        self.readers = [ReaderProcess(self.limits) for _ in range(max(1, size))]
        self.idle: queue.SimpleQueue[ReaderProcess] = queue.SimpleQueue()
        for child in self.readers:
            self.idle.put(child)

    @property
    def size(self) -> int:
        return len(self.readers)

    def call(self, function: str, reference: Any, *args: Any) -> Any:
        """As ReaderProcess.call, in an idle child."""
        child = self.idle.get()
        try:
            return child.call(function, reference, *args)
        finally:
            self.idle.put(child)

    def map(self, work: Callable[[Item], Result], items: list[Item]) -> list[Result]:
        """`work(item)` for every item, as many at a time as there are children; the results in item order.
        `work` calls `call` (threads wait on the children's pipes, so they need no core of their own)."""
        if self.size == 1 or len(items) < 2:
            return [work(item) for item in items]
        with ThreadPoolExecutor(max_workers=self.size, thread_name_prefix="lezer") as executor:
            return list(executor.map(work, items))

    def close(self) -> None:
        for child in self.readers:
            child.close()


def pool_size() -> int:
    """Reader children (WIR_READERS): by default one per core, at most two (each holds pandas: ~60 MB)."""
    default = min(DEFAULT_READERS, os.cpu_count() or 1)
    return env_number(READERS_VARIABLE, default, whole=True, minimum=1)


_READER: ReaderPool | None = None


def reader() -> ReaderPool:
    """The process-wide reader children, started on first use and stopped at exit (and anew when their limits
    or number were changed)."""
    global _READER
    limits, size = ReaderLimits.from_env(), pool_size()
    if _READER is not None and (_READER.limits, _READER.size) != (limits, size):
        _READER.close()
        _READER = None
    if _READER is None:
        _READER = ReaderPool(limits, size)
        atexit.register(_READER.close)
    return _READER


def close_readers() -> None:
    """Stop the reader children, if any: each holds pandas (60-80 MB), which Chromium can use when the report is
    printed. A later read starts them anew."""
    global _READER
    if _READER is not None:
        _READER.close()
        _READER = None


def _serve() -> None:
    """The child's loop: read a request, run it, reply; a MemoryError is reported as such."""
    import resource
    import traceback

    memory = int(sys.argv[1])
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    replies = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # whatever a library prints goes to stderr, never into a reply
    requests = sys.stdin.buffer
    from pipeline.intake import reading

    references: dict[int, Any] = {}
    replies.write(_HEADER.pack(0))  # ready
    replies.flush()
    while header := requests.read(_HEADER.size):
        function, token, reference, args = pickle.loads(requests.read(_HEADER.unpack(header)[0]))
        if reference is not None:
            references[token] = reference
        try:
            reply = ("ok", getattr(reading, function)(references[token], *args))
        except MemoryError:
            reply = ("memory", None)
        except Exception:  # whatever a reader raises is this file's finding, never the run's end
            traceback.print_exc()  # into the child's stderr file, for whoever debugs; never shown to a user
            reply = ("failed", None)
        try:
            data = pickle.dumps(reply, protocol=pickle.HIGHEST_PROTOCOL)
        except MemoryError:
            data = pickle.dumps(("memory", None))
        replies.write(_HEADER.pack(len(data)) + data)
        replies.flush()


if __name__ == "__main__":
    _serve()
