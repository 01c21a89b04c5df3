"""The benchmark at a tiny scale (2 zorgkantoren × 2 peildata), so that it cannot rot. No timing is asserted."""

from __future__ import annotations

import json

from benchmarks.measure import STAGES
from benchmarks.run import main


def test_benchmark_runs_and_writes_every_stage(tmp_path, capsys):
    output = tmp_path / "benchmark.json"
    assert main(["--schalen", "0.25", "--zorgkantoren", "2", "--herhalingen", "1", "--werkmap", str(tmp_path / "werk"),
                 "--uit", str(output)]) == 0
    result = json.loads(output.read_text(encoding="utf-8"))
    (scale,) = result["scales"]
    assert scale["factor"] == 0.25
    assert (scale["files"], scale["peildata"]) == (4, 2)
    assert scale["project_rows"] > 0
    for run in ("full", "incremental"):
        assert set(scale[run]["stages"]) == set(STAGES)
        assert scale[run]["seconds"] > 0 and scale[run]["seconds_min"] > 0
        assert scale[run]["cpu_seconds"] > 0 and scale[run]["cpu_seconds_min"] > 0  # the process tree's CPU
        assert scale[run]["peak_mb"] > 0
    # Every stage of the pipeline really ran in the full run (a renamed asset would leave one at zero).
    for stage in ("read", "validate", "load", "tables", "report_html", "pdf"):
        assert scale["full"]["stages"][stage]["seconds"] > 0, stage
    assert scale["calamine_floor_seconds"] > 0
    # The lower bounds are measured, not derived from the targets.
    assert scale["unchanged_seconds"] > 0 and scale["pdf_alone_seconds"] > 0
    assert scale["transaction_floor_seconds"] > 0
    assert scale["ingest_floor_ratio_lower_bound"] > 1
    assert scale["safeguards_floor_seconds"] > 0
    assert scale["ingest_safeguards_ratio_lower_bound"] > 1
    assert 0 < scale["incremental_share_lower_bound"] < 1
    assert scale["changed_file"].endswith(".xlsx")
    table = capsys.readouterr().out
    assert "inname / vloer" in table and "(calamine + waarborgen) / vloer" in table
    assert "mediaan / min" in table and "CPU (CLI + Chromium)" in table


def test_scaled_set_of_factor_one_is_the_demo(tmp_path):
    import filecmp

    from pipeline.demo.generator import write_demo
    from pipeline.demo.scale import write_scaled
    from pipeline.reference import load_reference

    scaled = write_scaled(tmp_path / "raw", tmp_path / "reference", 1)
    demo = write_demo(tmp_path / "demo", load_reference())
    assert [p.relative_to(tmp_path / "raw") for p in scaled] == [p.relative_to(tmp_path / "demo") for p in demo]
    assert all(filecmp.cmp(a, b, shallow=False) for a, b in zip(scaled, demo, strict=True))
    assert load_reference(tmp_path / "reference").regions == load_reference().regions


def test_scales_add_peildata_and_sub_regions():
    from pipeline.demo.scale import extended_reference, half_years, scale_of
    from pipeline.reference import load_reference

    assert [(s.peildata, s.parts) for s in map(scale_of, (1, 10, 100))] == [(4, 1), (13, 3), (40, 10)]
    assert half_years(5) == ("2019-03", "2019-10", "2020-03", "2020-10", "2021-03")
    reference = load_reference()
    extended = extended_reference(reference, 3)
    assert len(extended.regions) == 3 * len(reference.regions)
    assert extended.resolve_region("Zeeland - deel 2").value == "Zeeland - deel 2"
    assert extended.resolve_region("AM - Regio Zeeland").value == "Zeeland"
    assert extended.region("Zeeland - deel 3").concessiehouder == reference.region("Zeeland").concessiehouder


def test_every_scaled_peildatum_is_one_the_intake_accepts():
    from pipeline.demo.scale import peildata_keys, scale_of
    from pipeline.intake import layout
    from pipeline.intake.parse import parse_identity
    from pipeline.periods import month_end
    from pipeline.reference import load_reference

    reference = load_reference()
    for factor in (1, 10, 100):
        count = scale_of(factor).peildata
        keys = peildata_keys(count)
        assert len(set(keys)) == count and list(keys) == sorted(keys)
        for key in keys:
            _, peildatum, findings = parse_identity({layout.KEY_PEILDATUM: (3, month_end(key))}, reference)
            assert peildatum == month_end(key), (factor, key, [f.rule for f in findings])
    assert peildata_keys(4) == ("2019-03", "2019-10", "2020-03", "2020-10")  # the demo's own
