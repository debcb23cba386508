"""Where an audit's CPU goes, stage by stage: python -m benchmarks.stages PATH… [checker audit options]

(--check FILE: where a cold `checker check FILE` goes instead, by phase: the imports in steps, then the command.)

Runs `checker audit PATH… -j 1 --format csv -o <temp>` in this one process, with process-time wrappers put around the
functions of each stage (monkeypatched here, for this run only: the package holds no timing code; wrapped functions
are called per file, per case or per block, never per rule: each wrapped call reads the process clock twice). A stage's time is
exclusive: while a wrapped function calls another stage's function, the time goes to the inner stage. What no stage
covers (starting, importing, loading and compiling the rules, making the rows) is `other`. Before the audit, the same
files are read with PyYAML's CSafeLoader (the parse floor), so every stage is also given as a multiple of that floor.

Prints one JSON object: {"files", "floor", "total", "stages": {stage: seconds}, "calls": {stage: n}, "missing":
[targets not found], "overhead": estimated seconds the wrappers themselves cost}. benchmarks/run.py prints it as a
table.

A stage lists the functions it wraps as module:attribute; a target that the code no longer has is reported as
missing (the stage then covers less, and says so), never an error: the engine's functions change.
"""
from __future__ import annotations

import argparse
import importlib
import json
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

STAGES: dict[str, tuple[str, ...]] = {  # a target written ?module:name is one the code may not have (not said missing)
    # the YAML read with line numbers (read_case_data: a file; load_yaml_text: bytes the case cache read)
    "parse": ("checker.input.loader:read_case_data", "checker.input.loader:load_yaml_file",
              "checker.input.loader:load_yaml_text"),
    "validate": ("checker.input.loader:case_from_data",),
    # the content-keyed caches (checker/cache.py, issue 23.3): keys, reading and writing entries
    # (and the audit's kept verdicts: checking an entry's shape and packing one; run/kept.py)
    "cache": ("?checker.cache:Store.get", "?checker.cache:Store.put", "?checker.cache:Store._write", "?checker.cache:key",
              "?checker.run.kept:fits", "?checker.run.kept:pack"),
    "facts": ("checker.engine:to_facts", "checker.engine:read_case", "checker.engine.compiler:Codec.flatten"),
    # Engine._footing: for a case with 出所, the rules an entry can mark judged by the evaluator that finds the deciding
    # facts (judge_with_premise) and their 出所 (provenance_of), once a case (per (case, rule) those are too many calls
    # to time one by one: the process clock costs about 2 µs a read on a VM, seconds over an audit)
    "footing": ("checker.engine:Engine._footing",),
    "durable": ("checker.engine:Engine.fire",),
    # the other rules judged by the verdict-only evaluator, and every verdict compared with durable-rules'
    "cross-check": ("checker.engine:Engine._marks",),
    "render": ("checker.report.output:write_report", "checker.report.output:write_stdout"),
}
ORDER = (*STAGES, "other")
FLOOR = """
import sys, time, yaml
files = [l for l in sys.stdin.read().split("\\n") if l]
t = time.process_time()
for f in files:
    with open(f, "rb") as fh:
        yaml.load(fh.read(), Loader=yaml.CSafeLoader)
print(time.process_time() - t)
"""


def parse_floor(files: list[str]) -> float:
    """CPU seconds of reading files with CSafeLoader (libyaml, no validation), in a fresh process, its start excluded."""
    import subprocess

    out = subprocess.run([sys.executable, "-c", FLOOR], input="\n".join(files), capture_output=True, text=True, check=True)
    return float(out.stdout)


class Timer:
    """Exclusive process time per stage: the time between two switches goes to the stage on top of the stack."""

    def __init__(self):
        self.acc: dict = defaultdict(float)
        self.calls: dict = defaultdict(int)
        self.stack: list = ["other"]
        self.last = time.process_time()

    def _switch(self) -> None:
        now = time.process_time()
        self.acc[self.stack[-1]] += now - self.last
        self.last = now

    def wrap(self, stage: str, fn):
        timer = self

        def timed(*args, **kwargs):
            timer._switch()
            timer.stack.append(stage)
            timer.calls[stage] += 1
            try:
                return fn(*args, **kwargs)
            finally:
                timer._switch()
                timer.stack.pop()

        timed.__wrapped__ = fn
        timed.__name__ = getattr(fn, "__name__", "timed")
        return timed

    def per_call(self) -> float:
        """What one wrapped call costs the wrappers (two clock reads and the bookkeeping), measured here."""
        probe = Timer()
        f = probe.wrap("probe", lambda: None)
        n = 20000
        t = time.process_time()
        for _ in range(n):
            f()
        return (time.process_time() - t) / n


def install(timer: Timer) -> list[str]:
    """Wrap every stage's targets; returns the targets not found."""
    missing = []
    for stage, targets in STAGES.items():
        for target in targets:
            optional = target.startswith("?")
            module, _, attr = target.lstrip("?").partition(":")
            try:
                owner = importlib.import_module(module)
                *path, name = attr.split(".")
                for p in path:
                    owner = getattr(owner, p)
                fn = getattr(owner, name)
            except (ImportError, AttributeError):
                if not optional:
                    missing.append(target)
                continue
            setattr(owner, name, timer.wrap(stage, fn))
    return missing


CHECK_IMPORTS = (  # the imports of a cold `checker check`, in steps (each step's time excludes the steps before it)
    ("import click and checker.cli", ("checker.cli",)),
    ("import pydantic", ("pydantic", "pydantic.fields", "pydantic.main", "pydantic.functional_validators",
                         "pydantic.functional_serializers")),
    ("import the case model (its classes; its validator from the cache)", ("checker.model",)),
    ("import the rules, the engine, durable-rules", ("checker.rules", "checker.engine", "durable.engine")),
    ("import the run and report modules", ("checker.run.check", "checker.input.loader", "checker.report.model",
                                           "checker.report.terminal", "checker.report.output")),
)
CHECK_PHASES = {
    "load the rule book": ("checker.run.check:load_book",),  # the name run/check.py calls it by
    "compile and register the rulesets": ("checker.engine:Engine.__init__",),
    "read and validate the case": ("checker.input.loader:load_cases",),
    "judge (durable-rules and the evaluator)": ("checker.engine:Engine.run",),
    "render the text": ("checker.report.output:write_stdout",),
}


def check_phases(file: str) -> dict:
    """A cold `checker check FILE` (text to stdout, thrown away) in this process, by phase: the imports in steps, then
    the command with its phases wrapped. The interpreter's own start is not in it (benchmarks/run.py pairs the whole
    process with `python -c pass`)."""
    import contextlib
    import io

    start = time.process_time()
    out: dict = {}
    for label, modules in CHECK_IMPORTS:
        t = time.process_time()
        for m in modules:
            importlib.import_module(m)
        out[label] = time.process_time() - t
    timer = Timer()
    stages = dict(STAGES)
    try:
        STAGES.clear()
        STAGES.update(CHECK_PHASES)
        missing = install(timer)
    finally:
        STAGES.clear()
        STAGES.update(stages)
    import checker.cli

    timer.last = time.process_time()
    with contextlib.redirect_stdout(io.TextIOWrapper(io.BytesIO(), encoding="utf-8")):
        try:
            checker.cli.main(["check", file], prog_name="checker")
        except SystemExit as e:
            if e.code not in (0, 1, None):
                raise
    timer._switch()
    out.update({k: v for k, v in timer.acc.items() if k != "other"})
    total = time.process_time() - start
    out["other (click, the verdicts' report, waivers …)"] = total - sum(out.values())
    return {"phases": out, "total": total, "missing": missing}


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="*")
    ap.add_argument("--check", metavar="FILE", help="instead: a cold checker check of FILE, by phase")
    args, extra = ap.parse_known_args(argv)
    if args.check:
        print(json.dumps(check_phases(args.check), ensure_ascii=False))
        return
    start = time.process_time()
    from checker.input.loader import case_files  # imported before the clock of the stages (it is in `total`)

    files = [str(p) for p in case_files(args.paths)]
    floor = parse_floor(files)
    timer = Timer()
    import checker.cli

    missing = install(timer)
    timer.last = time.process_time()
    with tempfile.TemporaryDirectory() as d:
        try:
            checker.cli.main(["audit", *args.paths, "-j", "1", "--format", "csv", "-o", str(Path(d) / "audit.csv"), *extra],
                             prog_name="checker")
        except SystemExit as e:
            if e.code not in (0, 1, None):
                raise
    timer._switch()
    total = time.process_time() - start
    stages = {k: v for k, v in timer.acc.items() if k != "other"}
    stages["other"] = total - sum(stages.values())
    calls = dict(timer.calls)
    print(json.dumps({"files": len(files), "floor": floor, "total": total, "stages": stages, "calls": calls,
                      "missing": missing, "overhead": timer.per_call() * sum(calls.values())}))


if __name__ == "__main__":
    main()
