"""How big the HTML report is and how fast Chromium opens it, at the benchmark's scales (issue #18).

For each scale: the benchmark's submission set (benchmarks/run.py `generate`), one `wir-monitor run` on a fresh
warehouse, then the national report of the last peildatum opened from disk in Debian's Chromium (Playwright),
with every network request refused: the time from navigation to the load event and to every plotly chart drawn,
the fastest and the median of a few openings, each in a fresh browser context. Target: a 10× report opens in
under 3 s. Run by hand: `python -m benchmarks.report_load --schalen 1 10`.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.run import DEFAULT_WORKDIR, ROOT, _fresh, generate

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>"]
TARGET_10X_SECONDS = 3.0
OPENINGS = 5
DRAWN = """() => {
  const charts = document.querySelectorAll('.plotly-graph-div').length;
  return document.querySelectorAll('.plotly-graph-div .main-svg').length >= charts;
}"""


def build_report(workdir: Path, factor: float) -> Path:
    source = generate(workdir, factor, None)
    run_dir, env = _fresh(workdir, f"laden-{factor:g}", source)
    env["DAGSTER_HOME"] = str(run_dir)
    print(f"  wir-monitor run voor {factor:g}× …", flush=True)
    result = subprocess.run([sys.executable, "-m", "pipeline.cli", "run"], env=env, cwd=run_dir,
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"wir-monitor run faalde ({factor:g}×):\n{result.stdout}\n{result.stderr}")
    return sorted((run_dir / "reports").glob("*/voortgangsrapportage-*.html"))[-1].resolve()


def open_times(html: Path, openings: int = OPENINGS) -> dict:
    from playwright.sync_api import sync_playwright

    loads, drawn, refused = [], [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for _ in range(openings):
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file://")
                       else (refused.append(route.request.url), route.abort()))
            started = time.perf_counter()
            page.goto(html.as_uri(), wait_until="load", timeout=60_000)
            loaded = time.perf_counter()
            page.wait_for_function(DRAWN, timeout=60_000)
            finished = time.perf_counter()
            loads.append(loaded - started)
            drawn.append(finished - started)
            context.close()
        counts = None
        page = browser.new_page()
        page.goto(html.as_uri(), wait_until="load")
        counts = page.evaluate("""() => ({charts: document.querySelectorAll('.plotly-graph-div').length,
            regions: document.querySelectorAll('section.regiopagina').length,
            projects: document.querySelectorAll('table.projecten tbody tr').length})""")
        browser.close()
    return {"load_min": min(loads), "load_median": statistics.median(loads), "drawn_min": min(drawn),
            "drawn_median": statistics.median(drawn), "refused": refused, **counts}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Grootte en laadtijd van de HTML-rapportage per schaal.")
    parser.add_argument("--schalen", nargs="+", type=float, default=[1, 10])
    parser.add_argument("--werkmap", type=Path, default=DEFAULT_WORKDIR)
    parser.add_argument("--uitvoer", type=Path, default=ROOT / "benchmarks" / "results" / "report_load.json")
    args = parser.parse_args(argv)
    os.environ.setdefault("PYTHONPATH", str(ROOT))
    results = []
    for factor in args.schalen:
        html = build_report(args.werkmap, factor)
        measured = {"factor": factor, "html": str(html), "bytes": html.stat().st_size, **open_times(html),
                    "load_average": os.getloadavg()[0]}
        results.append(measured)
        print(f"{factor:g}×: {measured['bytes'] / 1e6:.2f} MB, {measured['regions']} regiopagina's, "
              f"{measured['projects']} projectregels, {measured['charts']} grafieken; geladen in "
              f"{measured['load_median']:.2f} s (mediaan, snelste {measured['load_min']:.2f} s), alle grafieken "
              f"getekend na {measured['drawn_median']:.2f} s (snelste {measured['drawn_min']:.2f} s); "
              f"{len(measured['refused'])} netwerkverzoeken geweigerd; belasting van de machine "
              f"{measured['load_average']:.1f}", flush=True)
    args.uitvoer.parent.mkdir(parents=True, exist_ok=True)
    args.uitvoer.write_text(json.dumps(results, indent=2), encoding="utf-8")
    failed = [r for r in results if r["factor"] >= 10 and r["drawn_median"] >= TARGET_10X_SECONDS]
    for result in failed:
        print(f"DOEL GEMIST: {result['factor']:g}× opent in {result['drawn_median']:.2f} s "
              f"(doel < {TARGET_10X_SECONDS:g} s)")
    return 1 if failed or any(r["refused"] for r in results) else 0


if __name__ == "__main__":
    raise SystemExit(main())
