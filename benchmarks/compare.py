"""Two versions of the code measured in turn on the same submissions: the incremental run of one scale.

On a machine shared with other work, the load moves from minute to minute, and with it even the CPU time of the
same work; measured hours apart, two versions cannot be compared. Here each pair runs the other version first
and this one second, minutes apart: for each, a full run on a fresh warehouse, one changed file, then the
measured incremental run. The other version is a folder with its code, e.g. `git archive main | tar -x -C /tmp/oud`.

    python -m benchmarks.compare --ander /tmp/oud --schaal 1 --paren 3
"""

from __future__ import annotations

import json
import os
import statistics
import sys
from pathlib import Path

from benchmarks.measure import run_cli
from benchmarks.run import DEFAULT_WORKDIR, ROOT, _fresh, change_one_file, generate


def measure_pair(workdir: Path, source: Path, factor: float, name: str, code: Path) -> dict:
    run_dir, env = _fresh(workdir, f"vergelijk-{name}-{factor:g}", source)
    env["PYTHONPATH"] = str(code)  # before the editable install: this version's `pipeline` and `assets`
    full = run_cli(["run"], env, run_dir, run_dir / "perf.jsonl", run_dir)
    change_one_file(run_dir / "raw")
    load = os.getloadavg()[0]
    incremental = run_cli(["run"], env, run_dir, run_dir / "perf.jsonl", run_dir)
    for run in (full, incremental):
        if run.returncode != 0:
            raise SystemExit(f"wir-monitor run faalde ({name}):\n{run.output}")
    return {"code": name, "full_seconds": round(full.seconds, 2), "full_cpu_seconds": round(full.cpu_seconds, 2),
            "full_peak_mb": round(full.peak_mb), "seconds": round(incremental.seconds, 2),
            "cpu_seconds": round(incremental.cpu_seconds, 2), "peak_mb": round(incremental.peak_mb),
            "pdf_stage_seconds": round(incremental.stages["pdf"].seconds, 2), "load": round(load, 1)}


def main(argv: list[str] | None = None) -> int:
    from pipeline.cli_text import DutchArgumentParser

    parser = DutchArgumentParser(prog="python -m benchmarks.compare",
                                 description="Meet een andere versie van de code en deze om en om: de incrementele "
                                             "run na één gewijzigd bestand.")
    parser.add_argument("--ander", type=Path, required=True, help="map met de andere versie van de code")
    parser.add_argument("--schaal", type=float, default=1, help="schaalfactor (standaard: 1)")
    parser.add_argument("--paren", type=int, default=3, help="hoe vaak beide versies gemeten worden (standaard: 3)")
    parser.add_argument("--werkmap", type=Path, default=DEFAULT_WORKDIR, help="map voor aanleveringen en runs")
    args = parser.parse_args(argv)
    workdir = args.werkmap.resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    source = generate(workdir, args.schaal, None)
    rows = []
    for _ in range(args.paren):
        for name, code in (("ander", args.ander.resolve()), ("deze", ROOT)):
            rows.append(measure_pair(workdir, source, args.schaal, name, code))
            print(json.dumps(rows[-1]), flush=True)
    for name in ("ander", "deze"):
        mine = [row for row in rows if row["code"] == name]
        print(f"{name}: incrementele run wandklok mediaan / min "
              f"{statistics.median(r['seconds'] for r in mine):.2f} / {min(r['seconds'] for r in mine):.2f} s, "
              f"CPU mediaan / min {statistics.median(r['cpu_seconds'] for r in mine):.2f} / "
              f"{min(r['cpu_seconds'] for r in mine):.2f} s, piek {max(r['peak_mb'] for r in mine)} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
