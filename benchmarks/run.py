"""Benchmark: python -m benchmarks.run [--sizes 1000,10000,20000]

Prints: cold start of `checker check` on one case; engine throughput on synthetic cases;
the time of the durable-rules path against the independent evaluator alone; peak RSS.
Numbers are measured, not asserted (see README, 性能).
"""
from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def cold_start(runs: int = 5) -> float:
    case = ROOT / "cases" / "seeds" / "004_ぴったり電子申請_災害弔慰金.yaml"
    best = float("inf")
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "checker.cli", "check", str(case)], cwd=ROOT, capture_output=True)
        best = min(best, time.perf_counter() - t)
    return best


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1000,10000,20000")
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    from benchmarks.generate import cases
    from checker.engine import Engine
    from checker.facts import to_facts
    from checker.model import Case
    from checker.oracle import judge
    from checker.rules import load_rulebook

    print(f"cold start, checker check (1 case, best of 5): {cold_start():.3f} s")
    book = load_rulebook([ROOT / "rules"])
    engine = Engine(book)
    print(f"rules: {len(book.ids())} ids → {engine.durable_rules} durable rules")
    times = {}
    for n in [int(x) for x in args.sizes.split(",")]:
        models = [(str(i), Case.model_validate(d)) for i, d in enumerate(cases(n))]
        t = time.perf_counter()
        engine.run(models)
        dt = time.perf_counter() - t
        times[n] = dt
        facts = [to_facts(c) for _, c in models]
        t = time.perf_counter()
        engine.fire(facts)
        d_fire = time.perf_counter() - t
        t = time.perf_counter()
        for f in facts:
            for rid in book.ids():
                judge(book.versions(rid), f)
        d_oracle = time.perf_counter() - t
        print(f"{n:>6} cases: {dt:7.2f} s total ({n / dt:,.0f} cases/s); durable-rules alone {d_fire:.2f} s, "
              f"independent evaluator alone {d_oracle:.2f} s (ratio {d_fire / d_oracle:.2f})")
    if 10000 in times and 20000 in times:
        print(f"20k / 10k time: {times[20000] / times[10000]:.2f}×")
    print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
