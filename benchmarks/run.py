"""Benchmark: python -m benchmarks.run [--sizes 1000,10000,20000] [--ratio-cases 3000]

What it measures, as a user would see it (every figure from a separate `checker` process), each beside its floor
measured in the same run, and as a ratio to it (the machine's speed drifts; the ratios hold):
  - cold start of `checker check` on one case (seed 004; best of 5), against `python -c pass` (best of 5);
  - `checker audit DIR --format csv` over 1k, 10k and 20k generated case files (YAML on disk, written by
    benchmarks/generate.py with a fixed seed): wall time, cases/s, CPU per case (user + sys of the process and its
    workers), peak RSS; against the parse floor: the CPU per case of reading the same files with PyYAML's
    CSafeLoader (libyaml, no validation, nothing else) in one process;
  - the durable-rules path against the independent evaluator on the same cases (in process: the
    compiled rules fired over the facts, and the evaluator judging the same facts alone).
Numbers are printed, not asserted (README, 性能; docs/engine.md).
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SEED_CASE = ROOT / "cases" / "seeds" / "004_ぴったり電子申請_災害弔慰金.yaml"
TARGETS = {"cold": 0.2, "rate": 2000, "scale": 2.1, "rss": 500, "parse_ratio": 2.0}
PARSE_FLOOR = """
import sys, time, yaml
from pathlib import Path
files = sorted(Path(sys.argv[1]).rglob("*.yaml"))
t = time.process_time()
for f in files:
    yaml.load(f.read_bytes(), Loader=yaml.CSafeLoader)
print(time.process_time() - t, len(files))
"""


def _checker(*args: str) -> list[str]:
    return [sys.executable, "-m", "checker.cli", *args]


def _tree_rss_kb(root: int) -> int:
    """Resident memory of a process and all its descendants (worker processes of `checker audit -j`), in kB.

    Pages shared after fork are counted once per process: an upper bound.
    """
    parent: dict[int, int] = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                with open(f"/proc/{d}/stat", "rb") as f:
                    parent[int(d)] = int(f.read().rsplit(b")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    tree, grew = {root}, True
    while grew:
        more = {p for p, pp in parent.items() if pp in tree} - tree
        grew = bool(more)
        tree |= more
    total = 0
    for p in tree:
        try:
            with open(f"/proc/{p}/status", "rb") as f:
                for line in f:
                    if line.startswith(b"VmRSS:"):
                        total += int(line.split()[1])
        except (OSError, ValueError):
            continue
    return total


def timed(cmd: list[str]) -> tuple[float, float, int, float]:
    """(wall seconds, peak resident memory in MB of the process and its workers together, exit code, CPU seconds:
    user + sys of the process and of the workers it waited for)."""
    import threading

    t = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.05):
            peak[0] = max(peak[0], _tree_rss_kb(proc.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    _, status, usage = os.wait4(proc.pid, 0)
    dt = time.perf_counter() - t
    done.set()
    sampler.join()
    proc.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        raise SystemExit(f"{' '.join(cmd[2:])} failed (exit {code}):\n{err[-3000:]}")
    return dt, max(peak[0], usage.ru_maxrss) / 1024, code, usage.ru_utime + usage.ru_stime


def parse_floor(folder: Path) -> float:
    """CPU seconds per file of reading every case file under folder with CSafeLoader (one process)."""
    out = subprocess.run([sys.executable, "-c", PARSE_FLOOR, str(folder)], capture_output=True, text=True, check=True).stdout
    cpu, n = out.split()
    return float(cpu) / int(n)


def write_cases(n: int, folder: Path) -> None:
    from benchmarks.generate import cases

    for i, d in enumerate(cases(n)):
        sub = folder / f"{i // 1000:03d}"
        if i % 1000 == 0:
            sub.mkdir(parents=True, exist_ok=True)
        (sub / f"case_{i:05d}.yaml").write_text(yaml.safe_dump(d, allow_unicode=True, sort_keys=False), encoding="utf-8")
    os.sync()  # the files on disk before the clock starts: no writeback competing with the audit


def ratio(n: int) -> tuple[float, float]:
    """Seconds for durable-rules to fire the compiled rules over n cases' facts, and for the evaluator alone."""
    sys.path.insert(0, str(ROOT))
    from benchmarks.generate import cases
    from checker.engine import Engine
    from checker.engine.facts import to_facts
    from checker.model import Case
    from checker.engine.oracle import judge
    from checker.rules import load_rulebook

    book = load_rulebook([ROOT / "rules"])
    engine = Engine(book)
    facts = [to_facts(Case.model_validate(d)) for d in cases(n)]
    t = time.perf_counter()
    for i in range(0, n, engine.batch):
        engine.fire(facts[i:i + engine.batch])
    d_fire = time.perf_counter() - t
    t = time.perf_counter()
    versions = [book.versions(rid) for rid in book.ids()]
    for f in facts:
        for v in versions:
            judge(v, f)
    return d_fire, time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,10000,20000")
    ap.add_argument("--ratio-cases", type=int, default=3000)
    args = ap.parse_args()
    sizes = [int(x) for x in args.sizes.split(",")]

    ok = True

    def line(label: str, value: str, met: bool | None = None) -> None:
        nonlocal ok
        mark = "" if met is None else ("  ok" if met else "  (target missed)")
        ok = ok and met is not False
        print(f"{label:<44}{value}{mark}", flush=True)

    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
    floor = min(timed([sys.executable, "-c", "pass"])[0] for _ in range(5))
    best = min(timed(_checker("check", str(SEED_CASE)))[0] for _ in range(5))
    line("python -c pass (best of 5)", f"{floor:.3f} s")
    line("cold start, checker check (1 case)", f"{best:.3f} s = {best / floor:.1f}× python -c pass (target ≤ {TARGETS['cold']} s)",
         best <= TARGETS["cold"])

    times: dict[int, float] = {}
    peak = 0.0
    work = Path(tempfile.mkdtemp(prefix="checker-bench-"))
    try:
        for n in sizes:
            folder = work / f"cases-{n}"
            write_cases(n, folder)
            out = work / f"audit-{n}.csv"
            dt, rss, _, cpu = timed(_checker("audit", str(folder), "--format", "csv", "-o", str(out)))
            times[n], peak = dt, max(peak, rss)
            rate = n / dt
            line(f"checker audit, {n:,} case files", f"{dt:7.2f} s  {rate:,.0f} cases/s  peak RSS {rss:,.0f} MB",
                 rate >= TARGETS["rate"] and rss < TARGETS["rss"])
            per, floor_per = cpu / n * 1000, parse_floor(folder) * 1000
            line("  CPU per case / CSafeLoader parse floor", f"{per:.2f} ms / {floor_per:.2f} ms = {per / floor_per:.1f}× "
                 f"(target ≤ {TARGETS['parse_ratio']:.0f}×)", per / floor_per <= TARGETS["parse_ratio"])
            shutil.rmtree(folder)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if 10000 in times and 20000 in times:
        k = times[20000] / times[10000]
        line("20k / 10k time", f"{k:.2f}× (target ≤ {TARGETS['scale']}×)", k <= TARGETS["scale"])
    if sizes:
        line("peak RSS (largest run)", f"{peak:,.0f} MB (target < {TARGETS['rss']} MB)", peak < TARGETS["rss"])
    d_fire, d_oracle = ratio(args.ratio_cases)
    if sizes:
        print(f"(checker audit ran with its default worker processes on {os.cpu_count()} CPUs; RSS is the sum over them)")
    line(f"durable-rules vs independent evaluator ({args.ratio_cases:,})",
         f"{d_fire:.2f} s vs {d_oracle:.2f} s (ratio {d_fire / d_oracle:.2f})")
    print("all targets met" if ok else "some targets missed (numbers above)")


if __name__ == "__main__":
    main()
