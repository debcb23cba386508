"""The benchmark's plumbing (benchmarks/run.py, benchmarks/stages.py) on a tiny input, so a broken benchmark is found by
the tests. Its figures are not looked at: speed is measured by the benchmark, never asserted here."""
from __future__ import annotations

import subprocess
import sys

from conftest import ROOT


def test_the_benchmark_runs_its_plumbing_on_a_tiny_input():
    p = subprocess.run([sys.executable, "-m", "benchmarks.run", "--dry-run"], cwd=ROOT, capture_output=True, text=True,
                       timeout=600)
    assert p.returncode == 0, p.stdout[-2000:] + p.stderr[-3000:]
    out = p.stdout
    for label in ("cold checker check, cache warm", "python -c pass", "real corpus ×1 audit, cache cold",
                  "synthetic 20 audit", "40 / 20 synthetic files, CPU", "peak resident memory", "| **total** |"):
        assert label in out, label
    for stage in ("parse", "validate", "facts", "footing", "durable", "cross-check", "render", "other"):
        assert f"| {stage} |" in out, stage
    assert "NOT FOUND" not in out  # every stage function is still where benchmarks/stages.py wraps it
    assert "(dry run)" in out and " met" not in out and "MISSED" not in out  # a dry run judges no target
