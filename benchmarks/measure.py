"""Measuring one `wir-monitor run`: wall time, memory of the process tree, and where the time went.

- Wall time: from spawning the CLI as a fresh subprocess (cold start: imports included) until it exits.
- Memory: a thread samples the CLI's process tree (the Python process and every descendant, such as
  Chromium) every SAMPLE_SECONDS from /proc and sums the proportional set size (PSS, from smaps_rollup;
  RSS where that is not readable), so shared pages of Chromium's processes are not counted twice. The peak
  of a stage is the highest sample while it ran; the Python process's own exact peak (VmHWM, from
  wait4's ru_maxrss) is reported beside it.
- CPU time: user + system time of the process tree (the CLI and every descendant, Chromium's included),
  summed over each process's own time as last read from /proc by the same sampler, as for the daemon's
  runs (benchmarks/daemon.py). Not wait4's rusage: it holds only the processes their parents reaped, and
  Chromium's zygote and renderers are not among them (measured: wait4 0.8-0.9 s of a print's 3.1-3.4 s).
  On a shared machine CPU time moves less than wall time.
- Stages: Dagster's event log gives every step's start and end (one step per asset); inside the
  `submissions` step the pipeline's own spans (pipeline/perf.py, enabled by WIR_PERF_LOG) split reading,
  validating and loading. See STEP_STAGES for which asset counts where.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

SAMPLE_SECONDS = 0.1
STAGES = ("startup", "read", "validate", "load", "feedback", "tables", "report_html", "pdf", "orchestration")
STEP_STAGES = {
    "received_files": "read",  # hash, archive and read the identity of every new file
    "reference_tables": "load",
    "conformed_tables": "load",  # regions_per_peildatum and projects_per_peildatum, one step
    "submissions": "feedback",  # what is left of the step after the read/validate/load spans
    "phase_tables": "tables",
    "project_tables": "tables",
    "data_quality_table": "tables",
    "tables_workbook": "tables",
    "progress_report_html": "report_html",
    "zorgkantoor_reports": "report_html",
    "progress_report_pdf": "pdf",
}
SPAN_STAGES = {"lezen": "read", "valideren": "validate", "laden": "load"}
INGEST_STAGES = ("read", "validate", "load")


@dataclass
class Stage:
    seconds: float = 0.0
    intervals: list[tuple[float, float]] = field(default_factory=list)
    peak_mb: float | None = None


@dataclass
class RunMeasurement:
    seconds: float
    cpu_seconds: float  # user + system of the process tree
    peak_mb: float  # process tree, sampled PSS
    python_peak_mb: float  # the CLI's Python process, exact (ru_maxrss)
    stages: dict[str, Stage]
    returncode: int
    output: str

    @property
    def ingest_seconds(self) -> float:
        return sum(self.stages[name].seconds for name in INGEST_STAGES)

    def as_dict(self) -> dict:
        return {
            "seconds": round(self.seconds, 3),
            "cpu_seconds": round(self.cpu_seconds, 3),
            "peak_mb": round(self.peak_mb, 1),
            "python_peak_mb": round(self.python_peak_mb, 1),
            "ingest_seconds": round(self.ingest_seconds, 3),
            "stages": {name: {"seconds": round(stage.seconds, 3),
                              "peak_mb": None if stage.peak_mb is None else round(stage.peak_mb, 1)}
                       for name, stage in self.stages.items()},
        }


class TreeSampler(threading.Thread):
    """Samples the memory and CPU time of a process and all its descendants until stopped."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid = pid
        self.samples: list[tuple[float, float]] = []  # (time, MB)
        self.cpu: dict[int, float] = {}  # pid -> its own CPU seconds, last read
        self._halt = threading.Event()

    def run(self) -> None:
        while not self._halt.is_set():
            pids = _tree(self.pid)
            self.samples.append((time.time(), sum(_memory_kb(pid) for pid in pids) / 1024))
            for pid in pids:
                self.cpu[pid] = max(self.cpu.get(pid, 0.0), cpu_seconds_of(pid))
            self._halt.wait(SAMPLE_SECONDS)

    def cpu_seconds(self) -> float:
        return sum(self.cpu.values())

    def stop(self) -> None:
        self._halt.set()
        self.join()

    def peak(self, intervals: list[tuple[float, float]] | None = None) -> float | None:
        if intervals is None:
            values = [mb for _, mb in self.samples]
        else:
            slack = SAMPLE_SECONDS  # a stage shorter than the interval still gets its nearest samples
            values = [mb for t, mb in self.samples if any(a - slack <= t <= b + slack for a, b in intervals)]
        return max(values) if values else None


def _tree(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as handle:
                stat = handle.read()
        except OSError:
            continue
        parent = int(stat[stat.rindex(b")") + 2:].split()[1])
        children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo += children.get(pid, [])
    return found


def cpu_seconds_of(pid: int) -> float:
    """The user + system time of the process itself (not of its children), or 0 once it is gone."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            fields = handle.read().rsplit(b")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _memory_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as handle:
            for line in handle:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    try:
        with open(f"/proc/{pid}/statm", "rb") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024
    except OSError:
        return 0


def run_cli(args: list[str], env: dict[str, str], cwd: Path, perf_log: Path, dagster_home: Path
            ) -> RunMeasurement:
    """Run `wir-monitor <args>` as a fresh process and measure it."""
    perf_log.unlink(missing_ok=True)
    env = {**env, "WIR_PERF_LOG": str(perf_log), "DAGSTER_HOME": str(dagster_home)}
    started = time.time()
    clock = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "pipeline.cli", *args], cwd=cwd, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    sampler = TreeSampler(process.pid)
    sampler.start()
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - clock
    sampler.stop()
    process.returncode = os.waitstatus_to_exitcode(status)
    stages = _stages(dagster_home, perf_log, started, started + seconds)
    for stage in stages.values():
        stage.peak_mb = sampler.peak(stage.intervals)
    return RunMeasurement(seconds=seconds, cpu_seconds=sampler.cpu_seconds(),
                          peak_mb=sampler.peak() or 0.0, python_peak_mb=usage.ru_maxrss / 1024,
                          stages=stages, returncode=process.returncode, output=output)


def _stages(dagster_home: Path, perf_log: Path, started: float, ended: float) -> dict[str, Stage]:
    stages = {name: Stage() for name in STAGES}
    steps, first_run = _steps(dagster_home, started)
    for step_key, interval in steps:
        stage = stages[STEP_STAGES.get(step_key, "orchestration")]
        stage.intervals.append(interval)
        stage.seconds += interval[1] - interval[0]
    spans = [json.loads(line) for line in perf_log.read_text().splitlines()] if perf_log.exists() else []
    for span in spans:
        stage = stages[SPAN_STAGES[span["stage"]]]
        stage.intervals.append((span["start"], span["end"]))
        stage.seconds += span["end"] - span["start"]
        stages["feedback"].seconds -= span["end"] - span["start"]
    startup = (first_run or ended) - started
    stages["startup"] = Stage(seconds=startup, intervals=[(started, started + startup)])
    accounted = sum(stage.seconds for name, stage in stages.items() if name != "orchestration")
    stages["orchestration"] = Stage(seconds=max(0.0, (ended - started) - accounted), intervals=[(started, ended)])
    return stages


def _steps(dagster_home: Path, since: float) -> tuple[list[tuple[str, tuple[float, float]]], float | None]:
    """(step key, (start, end)) of every step of the runs created since `since`, and the first run's start."""
    from dagster import DagsterEventType, DagsterInstance

    wanted = {DagsterEventType.STEP_START, DagsterEventType.STEP_SUCCESS, DagsterEventType.STEP_FAILURE}
    steps = []
    first = None
    with DagsterInstance.from_config(str(dagster_home)) as instance:
        for record in instance.get_run_records():
            created = record.create_timestamp.timestamp()
            if created < since:
                continue
            first = created if first is None else min(first, created)
            starts: dict[str, float] = {}
            for entry in instance.all_logs(record.dagster_run.run_id, of_type=wanted):
                if entry.dagster_event.event_type == DagsterEventType.STEP_START:
                    starts[entry.step_key] = entry.timestamp
                elif entry.step_key in starts:
                    steps.append((entry.step_key, (starts.pop(entry.step_key), entry.timestamp)))
    return steps, first


def best_of(times: int, measure, *args) -> float:
    """The fastest of `times` measurements: noise on a shared machine only ever adds time."""
    return min(measure(*args) for _ in range(times))


def calamine_floor(raw_dir: Path) -> float:
    """Seconds to parse every sheet of every file in `raw_dir` with python-calamine alone."""
    import python_calamine

    from pipeline.intake.archive import is_candidate  # the files the monitor reads (not .ontvangen.json)

    paths = sorted(p for p in raw_dir.rglob("*") if is_candidate(p))
    clock = time.perf_counter()
    for path in paths:
        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
        for name in workbook.sheet_names:
            workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
    return time.perf_counter() - clock


def safeguards_floor(raw_dir: Path, workdir: Path) -> float:
    """Seconds for what the intake must do to every file besides parsing it, with the pipeline's own functions:
    hash and archive it (the brief: before anything else), and the one bounded streaming pass that inflates every
    zip part within the limits (zip bombs) and scans the sheet XML (reach, hidden rows, formulas without a
    stored value)."""
    from pipeline.config import Limits
    from pipeline.intake.archive import archive_file, scan_raw_folder
    from pipeline.intake.sheet_xml import scan_workbook

    archive = workdir / "vloer-archief"
    shutil.rmtree(archive, ignore_errors=True)
    limits = Limits.from_env()
    try:
        clock = time.perf_counter()
        for raw in scan_raw_folder(raw_dir).files:
            archive_file(raw, archive)
            scan_workbook(raw.path, limits)
        return time.perf_counter() - clock
    finally:
        shutil.rmtree(archive, ignore_errors=True)


def transaction_floor(files: int, workdir: Path) -> float:
    """Seconds for `files` transactions that each store one judgement row and commit, in a fresh warehouse
    with the project's schema: what one transaction per file costs before a single cell is loaded."""
    import duckdb

    from pipeline.warehouse.schema import ensure_schema

    path = workdir / "transactievloer.duckdb"
    for leftover in (path, path.with_name(path.name + ".wal")):
        leftover.unlink(missing_ok=True)
    connection = duckdb.connect(str(path))
    try:
        ensure_schema(connection)
        clock = time.perf_counter()
        for number in range(files):
            connection.begin()
            connection.execute(
                """INSERT INTO submissions (sha256, file_name, zorgkantoor, peildatum, received_at, validated_at,
                       status, errors, warnings)
                   VALUES (?, 'bestand.xlsx', 'CZ', '2020-10', now(), now(), 'geaccepteerd', 0, 0)""",
                [f"vloer-{number}"])
            connection.commit()
        return time.perf_counter() - clock
    finally:
        connection.close()
        path.unlink(missing_ok=True)


def pdf_alone(html: Path, workdir: Path) -> float:
    """Seconds for Chromium to print the report's HTML to PDF, measured apart from the pipeline."""
    from pipeline.report.pdf import print_pdf

    target = workdir / "alleen-pdf.pdf"
    clock = time.perf_counter()
    print_pdf(html, target)
    seconds = time.perf_counter() - clock
    target.unlink(missing_ok=True)
    return seconds
