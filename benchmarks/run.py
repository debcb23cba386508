"""Benchmark: python -m benchmarks.run [--quick] [--dry-run] [--pairs N]

Every figure is paired with its floor, measured in the same run: the two commands alternate (A B A B …, each a fresh
process) and the figure is the median of the pairwise ratios, because on a shared machine a floor measured alone moves
by half within an hour while the ratio of neighbouring runs holds. Printed, never asserted (tests run the plumbing only,
on a tiny input: tests/test_benchmarks.py).

  1. cold `checker check` of seed 004 (CPU of the process: user + sys) against `python -c pass`; with checker's cache
     warm (the figure the target is for) and, for information, with the cache off;
  2. `checker audit -j 1 --format csv` of the real corpus ×40 (the case files of cases/ copied 40 times into a
     temporary folder, _meetings.yaml left out: 2,160 files) against the parse floor: the CPU of reading the same
     files with PyYAML's CSafeLoader (libyaml, nothing else; the floor process's start excluded, the audit's not),
     with checker's cache cold (a new empty cache folder for every run) and warm (a folder one unmeasured run filled);
  3. `checker audit --format csv` (its default worker processes) of 10,000 synthetic case files
     (benchmarks/generate.py, fixed seed) against the parse floor of the same files: CPU of the process and its workers;
  4. 20,000 against 10,000 synthetic files: CPU and wall time (the 10,000 runs of 3, in the same rounds); peak
     resident memory of the audit's processes together (sampled every 50 ms, summed over the process tree: an upper
     bound);
  5. where the CPU of one audit goes, by stage (parse, validate, facts, footing, durable, cross-check, render, other),
     each as a multiple of the parse floor, for the real corpus and for synthetic files: benchmarks/stages.py times the
     stage functions in one process with wrappers it puts in for that run.

Cache: CHECKER_CACHE_DIR=<temporary folder> for each run (cold: empty; warm: filled), so the user's cache is never
read or written. The case model's validator is kept there (checker/model/prebuilt.py); validated cases and the compiled
rule book too when checker has checker/cache.py: without it, "cache: なし" is printed and the warm audit is not run.

Full: 5 pairs of real audits, 3 rounds of synthetic ones, 11 pairs of checks (some 10 minutes on 2 cores). --quick:
real ×5, 1,000 and 2,000 synthetic files, 3 pairs (two minutes). --dry-run: the plumbing on a tiny input
(1 pair, real ×1, 20 and 40 synthetic files): its figures mean nothing.
"""
from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SEED_CASE = ROOT / "cases" / "seeds" / "004_ぴったり電子申請_災害弔慰金.yaml"
TARGETS = {  # issue 23, "Done when"
    "real_cold": 5.0,  # real corpus ×40, audit CPU ≤ 5× the parse floor, cache cold
    "real_warm": 3.0,  # … cache warm
    "synthetic": 4.5,  # 10,000 synthetic files ≤ 4.5× the parse floor (cold)
    "check": 11.0,  # cold checker check ≤ 11× python -c pass
    "scale": 2.1,  # 20,000 files ≤ 2.1× the time of 10,000
    "rss": 500.0,  # peak resident memory < 500 MB
}
MODES = {  # real copies; synthetic n; (small, large) for the scale; pairs of real audits; rounds of synthetic ones; pairs of
    # checks; synthetic files of the stage table
    "full": dict(copies=40, synthetic=10_000, scale=(10_000, 20_000), pairs=5, rounds=3, check_pairs=11, stage_synthetic=2_000),
    "quick": dict(copies=5, synthetic=1_000, scale=(1_000, 2_000), pairs=3, rounds=3, check_pairs=7, stage_synthetic=500),
    "dry": dict(copies=1, synthetic=20, scale=(20, 40), pairs=1, rounds=1, check_pairs=1, stage_synthetic=20),
}


# --- running a command ---------------------------------------------------------------------------------------------------

@dataclass
class Run:
    cpu: float  # user + sys seconds of the process and the children it waited for
    wall: float
    peak_mb: float  # resident memory: the sampled sum over the process tree, or the process's own maximum
    peak_pss_mb: float = 0.0  # the sampled sum of PSS over the process tree (shared pages divided among their sharers)


def _tree_rss_kb(root: int) -> tuple[int, int]:
    """Resident memory of a process and all its descendants (the workers of `checker audit`), in kB: (RSS, PSS). RSS
    counts a page shared after fork once per process that maps it (an upper bound); PSS (/proc/PID/smaps_rollup) divides
    it among them, so the sum is the memory the tree holds."""
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
    total = pss = 0
    for p in tree:
        try:
            with open(f"/proc/{p}/status", "rb") as f:
                for line in f:
                    if line.startswith(b"VmRSS:"):
                        total += int(line.split()[1])
            with open(f"/proc/{p}/smaps_rollup", "rb") as f:
                for line in f:
                    if line.startswith(b"Pss:"):
                        pss += int(line.split()[1])
        except (OSError, ValueError):
            continue
    return total, pss


def run(cmd: list[str], env: dict | None = None, sample: bool = False, stdout=subprocess.DEVNULL) -> Run:
    """cmd in a fresh process (cwd: the repository); its exit code must be 0 or 1 (a finding is not a failure)."""
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=stdout, stderr=subprocess.PIPE, env=env)
    peak = [0, 0]
    done = threading.Event()
    sampler = None
    if sample and os.path.isdir("/proc"):
        def watch() -> None:
            while not done.wait(0.05):
                rss, pss = _tree_rss_kb(proc.pid)
                peak[0], peak[1] = max(peak[0], rss), max(peak[1], pss)

        sampler = threading.Thread(target=watch, daemon=True)
        sampler.start()
    err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t
    done.set()
    if sampler:
        sampler.join()
    proc.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        raise SystemExit(f"{' '.join(map(str, cmd))} failed (exit {code}):\n{err[-3000:]}")
    return Run(usage.ru_utime + usage.ru_stime, wall, max(peak[0], usage.ru_maxrss) / 1024, peak[1] / 1024)


def checker(*args: str) -> list[str]:
    return [sys.executable, "-m", "checker", *map(str, args)]


def floor_cmd(files_list: Path) -> list[str]:
    """The parse floor: a process reading the files listed in files_list with CSafeLoader, printing its CPU seconds
    (its own start excluded)."""
    code = ("import sys, time, yaml\n"
            "files = open(sys.argv[1], encoding='utf-8').read().split('\\n')\n"
            "t = time.process_time()\n"
            "for f in files:\n"
            "    with open(f, 'rb') as fh:\n"
            "        yaml.load(fh.read(), Loader=yaml.CSafeLoader)\n"
            "print(time.process_time() - t)\n")
    return [sys.executable, "-c", code, str(files_list)]


def floor(files_list: Path) -> float:
    out = subprocess.run(floor_cmd(files_list), capture_output=True, text=True, check=True).stdout
    return float(out)


# --- pairing ------------------------------------------------------------------------------------------------------------

@dataclass
class Paired:
    a: list[float] = field(default_factory=list)
    b: list[float] = field(default_factory=list)

    def add(self, a: float, b: float) -> None:
        self.a.append(a)
        self.b.append(b)

    @property
    def ratios(self) -> list[float]:
        return [x / y for x, y in zip(self.a, self.b)]

    @property
    def ratio(self) -> float:
        return statistics.median(self.ratios)

    def spread(self) -> str:
        r = self.ratios
        return f"[{min(r):.2f}–{max(r):.2f}, {len(r)} pairs]" if len(r) > 1 else "[1 pair]"


def med(xs) -> float:
    return statistics.median(xs)


# --- the report ---------------------------------------------------------------------------------------------------------

class Report:
    def __init__(self, mode: str):
        self.mode = mode
        self.rows: list[tuple[str, str, str, str, str]] = []

    def say(self, text: str = "") -> None:
        print(text, flush=True)

    def figure(self, label: str, measured: str, floor_text: str, ratio: float | None, spread: str, target: str = "",
               met: bool | None = None, sized: bool = True) -> None:
        """One figure beside its floor; whether its target is met is said only where this run's sizes are the target's
        (sized: the figure depends on the number of files)."""
        if not target:
            verdict = ""
        elif self.mode == "dry":
            verdict = "(dry run)"
        elif sized and self.mode != "full":
            verdict = "(sizes below the target's)"
        else:
            verdict = "met" if met else "MISSED"
        r = f"{ratio:.2f}× {spread}" if ratio is not None else spread
        self.rows.append((label, measured, floor_text, r, f"{target} {verdict}".strip()))
        self.say(f"  {label}: {measured}; floor {floor_text}; {r}; target {target or '—'} {verdict}".rstrip())

    def table(self) -> None:
        self.say()
        self.say("| figure | measured (median) | floor (median, same run) | ratio (median of pairs) | target |")
        self.say("|---|---|---|---|---|")
        for row in self.rows:
            self.say("| " + " | ".join(row) + " |")


def _machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(next(x for x in Path("/proc/meminfo").read_text().splitlines() if x.startswith("MemTotal")).split()[1])
        mem = f", {kb / 1024 / 1024:.0f} GiB"
    except (OSError, StopIteration, ValueError):
        pass
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:
        cpus = os.cpu_count()
    return f"{cpus} CPUs ({cpu}){mem}"


def _load() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "?"


def _versions() -> str:
    from importlib.metadata import PackageNotFoundError, version

    out = [f"Python {platform.python_version()}"]
    for p in ("pydantic", "pydantic-core", "durable-rules", "PyYAML"):
        try:
            out.append(f"{p} {version(p)}")
        except PackageNotFoundError:
            pass
    return ", ".join(out)


def _commit() -> str:
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
        return head + (" (with uncommitted changes)" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "?"


def has_cache() -> bool:
    """Whether checker caches validated cases and the compiled rule book (issue 23, item 3: checker/cache.py)."""
    return (ROOT / "checker" / "cache.py").is_file()


def auto_jobs(n: int) -> int:
    """The worker processes `checker audit` starts by default for n files (checker.run.audit.auto_jobs)."""
    sys.path.insert(0, str(ROOT))
    from checker.run.audit import auto_jobs as jobs

    return jobs(n)


# --- the inputs ---------------------------------------------------------------------------------------------------------

def real_corpus(dest: Path, copies: int) -> list[Path]:
    """The case files of cases/ (as `checker audit cases/` reads them: _meetings.yaml left out) copied `copies` times.

    Each copy of a YAML file ends with a comment naming its copy (`# 複写 N`): the same facts, other bytes. Copied byte
    for byte, the 2,160 files would be 54 contents, and checker's cache, keyed by a file's bytes, would hold 2,106 of
    them after their first copy within a single "cold" run: the cold figure would not be cold."""
    sys.path.insert(0, str(ROOT))
    from checker.input.loader import case_files

    src = ROOT / "cases"
    files = case_files([src])
    out = []
    for i in range(copies):
        for f in files:
            to = dest / f"copy{i:02d}" / f.relative_to(src)
            to.parent.mkdir(parents=True, exist_ok=True)
            if f.suffix.lower() in (".yaml", ".yml"):
                data = f.read_bytes()
                to.write_bytes(data + (b"" if data.endswith(b"\n") else b"\n") + f"# 複写 {i}\n".encode(_encoding(data)))
            else:
                shutil.copyfile(f, to)
            out.append(to)
    return out


def _encoding(data: bytes) -> str:
    """The encoding a copy's comment is written in: the file's own (UTF-8, or CP932 from a Windows PC)."""
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        return "cp932"


def synthetic(dest: Path, n: int) -> list[Path]:
    """n synthetic case files (benchmarks/generate.py, its fixed seed), 1,000 a folder: dest/000, dest/001, …"""
    from benchmarks.generate import cases

    out = []
    for i, d in enumerate(cases(n)):
        sub = dest / f"{i // 1000:03d}"
        if i % 1000 == 0:
            sub.mkdir(parents=True, exist_ok=True)
        p = sub / f"case_{i:05d}.yaml"
        p.write_text(yaml.safe_dump(d, allow_unicode=True, sort_keys=False), encoding="utf-8")
        out.append(p)
    return out


def listing(files: list[Path], path: Path) -> Path:
    path.write_text("\n".join(map(str, files)), encoding="utf-8")
    return path


# --- the measurements ---------------------------------------------------------------------------------------------------

class Bench:
    def __init__(self, mode: str, work: Path, pairs: int | None):
        self.mode = mode
        self.cfg = dict(MODES[mode])
        if pairs:
            self.cfg.update(pairs=pairs, rounds=pairs, check_pairs=pairs)
        self.work = work
        self.report = Report(mode)
        self.cache = has_cache()
        self.peak = 0.0
        self.peak_pss = 0.0

    def env(self, cache: Path | None = None, off: bool = False) -> dict:
        env = {k: v for k, v in os.environ.items() if k not in ("CHECKER_CACHE", "CHECKER_CACHE_DIR")}
        env["CHECKER_CACHE_DIR"] = str(cache or self.work / "cache-unused")
        if off:
            env["CHECKER_CACHE"] = "off"
        return env

    def fresh_cache(self) -> Path:
        return Path(tempfile.mkdtemp(prefix="cache-", dir=self.work))

    def warm_cache(self, *args: str) -> Path:
        """A cache folder filled by one unmeasured run of checker args."""
        d = self.fresh_cache()
        run(checker(*args), self.env(d))
        return d

    def cold_check(self) -> None:
        r = self.report
        n = self.cfg["check_pairs"]
        r.say(f"cold checker check (seed 004, text to /dev/null) against python -c pass, {n} pair{'s' if n > 1 else ''}:")
        warm = self.warm_cache("check", SEED_CASE)
        for label, env in (("cold checker check, cache warm", self.env(warm)),
                           ("cold checker check, cache off (information)", self.env(off=True))):
            p = Paired()
            for _ in range(n):
                a = run(checker("check", SEED_CASE), env)
                b = run([sys.executable, "-c", "pass"], env)
                p.add(a.cpu, b.cpu)
            target = f"≤ {TARGETS['check']:g}×" if "warm" in label else ""
            r.figure(label, f"{med(p.a) * 1000:.0f} ms CPU", f"python -c pass {med(p.b) * 1000:.0f} ms", p.ratio, p.spread(),
                     target, p.ratio <= TARGETS["check"] if target else None, sized=False)
            if "warm" in label:
                start = med(p.b)
        # where it goes: the phases of the same check in one process (the median of as many runs), × python -c pass
        got: dict = {}
        for _ in range(n):
            out = subprocess.run([sys.executable, "-m", "benchmarks.stages", "--check", str(SEED_CASE)], cwd=ROOT,
                                 env=self.env(warm), capture_output=True, text=True)
            if out.returncode != 0:
                raise SystemExit(f"benchmarks.stages --check failed:\n{out.stderr[-3000:]}")
            res = json.loads(out.stdout.strip().splitlines()[-1])
            for k, v in res["phases"].items():
                got.setdefault(k, []).append(v)
        r.say(f"  where a cold check goes (benchmarks/stages.py --check, cache warm; median of {n} run{'s' if n > 1 else ''}; "
              f"× python -c pass {start * 1000:.0f} ms, which is the interpreter's start):")
        for k, v in got.items():
            r.say(f"    {k:<55}{med(v) * 1000:6.0f} ms  {med(v) / start:5.1f}×")
        if res["missing"]:
            r.say(f"    NOT FOUND (a phase covers less): {', '.join(res['missing'])}")

    def real(self) -> list[Path]:
        r = self.report
        copies, n = self.cfg["copies"], self.cfg["pairs"]
        folder = self.work / "real"
        files = real_corpus(folder, copies)
        files_list = listing(files, self.work / "real.txt")
        r.say(f"real corpus ×{copies} ({len(files):,} files), checker audit -j 1 --format csv against the CSafeLoader parse "
              f"floor of the same files, {n} pair{'s' if n > 1 else ''}; cache: {'あり' if self.cache else 'なし'}")
        args = ("audit", folder, "-j", "1", "--format", "csv", "-o", self.work / "real.csv")
        states = [("cold", None)]
        if self.cache:
            states.append(("warm", self.warm_cache(*args)))
        else:
            r.say("  cache: なし (checker/cache.py is not in this checker: validated cases and the rule book are not "
                  "cached, so there is no warm figure; the case model's validator is kept all the same)")
        for state, warm in states:
            p = Paired()
            for _ in range(n):
                cache = warm or self.fresh_cache()
                a = run(checker(*args), self.env(cache))
                if warm is None:
                    shutil.rmtree(cache, ignore_errors=True)
                p.add(a.cpu, floor(files_list))
            per = med(p.a) / len(files) * 1000
            r.figure(f"real corpus ×{copies} audit, cache {state}", f"{med(p.a):.2f} s CPU ({per:.2f} ms/file)",
                     f"{med(p.b):.2f} s", p.ratio, p.spread(), f"≤ {TARGETS['real_' + state]:g}×",
                     p.ratio <= TARGETS["real_" + state])
        return files

    def synthetic(self) -> None:
        r = self.report
        n = self.cfg["rounds"]
        small, large = self.cfg["scale"]
        size = self.cfg["synthetic"]
        folder = self.work / "synthetic"
        r.say(f"synthetic case files (benchmarks/generate.py): writing {max(large, size):,} …")
        files = synthetic(folder, max(large, size))
        subs = sorted(p for p in folder.iterdir() if p.is_dir())

        def part(k: int) -> tuple[list[Path], list[Path]]:  # (the folders holding the first k files, those files)
            if k % 1000 == 0:
                return subs[:k // 1000], files[:k]
            d = self.work / f"synthetic-{k}"  # fewer than a folder's 1,000 (--dry-run): a folder of their own
            if not d.exists():
                d.mkdir()
                for f in files[:k]:
                    shutil.copyfile(f, d / f.name)
            return [d], sorted(d.glob("*.yaml"))

        def audit(k: int, cache: Path) -> Run:
            folders, _ = part(k)
            return run(checker("audit", *folders, "--format", "csv", "-o", self.work / f"synthetic-{k}.csv"), self.env(cache),
                       sample=True)

        size_files = part(size)[1]
        size_list = listing(size_files, self.work / f"synthetic-{size}.txt")
        jobs = auto_jobs(size)
        r.say(f"synthetic {size:,} files, checker audit --format csv ({jobs} worker process{'es' if jobs > 1 else ''}, "
              f"its default) against the parse floor of the same files; and {large:,} against {small:,} files; "
              f"{n} round{'s' if n > 1 else ''}, cache cold:")
        vs_floor, scale_cpu, scale_wall = Paired(), Paired(), Paired()
        for _ in range(n):
            cache = self.fresh_cache()
            a = audit(size, cache)
            shutil.rmtree(cache, ignore_errors=True)
            vs_floor.add(a.cpu, floor(size_list))
            self.peak = max(self.peak, a.peak_mb)
            self.peak_pss = max(self.peak_pss, a.peak_pss_mb)
            base = a if small == size else audit(small, self.fresh_cache())
            cache = self.fresh_cache()
            big = audit(large, cache)
            shutil.rmtree(cache, ignore_errors=True)
            self.peak = max(self.peak, base.peak_mb, big.peak_mb)
            self.peak_pss = max(self.peak_pss, base.peak_pss_mb, big.peak_pss_mb)
            scale_cpu.add(big.cpu, base.cpu)
            scale_wall.add(big.wall, base.wall)
        r.figure(f"synthetic {size:,} audit ({jobs} proc.), cache cold",
                 f"{med(vs_floor.a):.2f} s CPU ({med(vs_floor.a) / size * 1000:.2f} ms/file)", f"{med(vs_floor.b):.2f} s",
                 vs_floor.ratio, vs_floor.spread(), f"≤ {TARGETS['synthetic']:g}×", vs_floor.ratio <= TARGETS["synthetic"])
        r.figure(f"{large:,} / {small:,} synthetic files, CPU", f"{med(scale_cpu.a):.2f} s", f"{small:,} files {med(scale_cpu.b):.2f} s",
                 scale_cpu.ratio, scale_cpu.spread(), f"≤ {TARGETS['scale']:g}×", scale_cpu.ratio <= TARGETS["scale"])
        r.figure(f"{large:,} / {small:,} synthetic files, wall (information)", f"{med(scale_wall.a):.2f} s",
                 f"{small:,} files {med(scale_wall.b):.2f} s", scale_wall.ratio, scale_wall.spread())
        pss = self.peak_pss > 0  # /proc/PID/smaps_rollup: Linux 4.14 and later
        r.figure(f"peak memory (audits of {small:,}–{large:,} files, the sum over the processes of their PSS: a page "
                 f"shared after fork divided among its sharers)", f"{self.peak_pss:,.0f} MB" if pss else "—", "—",
                 None, "", f"< {TARGETS['rss']:g} MB", self.peak_pss < TARGETS["rss"] if pss else None)
        r.figure("peak resident memory (the same audits, the sum of RSS: a shared page counted once per process; an upper "
                 "bound, information)", f"{self.peak:,.0f} MB", "—", None, "")

    def stages(self) -> None:
        r = self.report
        real = self.work / "real"
        k = self.cfg["stage_synthetic"]
        d = self.work / f"stage-synthetic-{k}"
        d.mkdir()
        for i, f in enumerate(sorted((self.work / "synthetic").rglob("*.yaml"))[:k]):
            shutil.copyfile(f, d / f.name)
        cols = []
        runs = [(f"real ×{self.cfg['copies']}", real, self.fresh_cache())]
        if self.cache:
            runs.append((f"real ×{self.cfg['copies']} warm", real, self.warm_cache("audit", real, "-j", "1", "--format", "csv",
                                                                                  "-o", self.work / "warm.csv")))
        runs.append((f"synthetic {k:,}", d, self.fresh_cache()))
        for label, path, cache in runs:
            out = subprocess.run([sys.executable, "-m", "benchmarks.stages", str(path)], cwd=ROOT, env=self.env(cache),
                                 capture_output=True, text=True)
            if out.returncode != 0:
                raise SystemExit(f"benchmarks.stages {path} failed:\n{out.stderr[-3000:]}")
            cols.append((label, json.loads(out.stdout.strip().splitlines()[-1])))
        from benchmarks.stages import ORDER, STAGES

        r.say()
        r.say("where one audit's CPU goes (benchmarks/stages.py: one process, -j 1, cache cold unless warm is said; exclusive process time of "
              "the stage functions; × the CSafeLoader parse floor of the same files, measured just before):")
        r.say()
        r.say("| stage | " + " | ".join(f"{c} ms/file | {c} × floor" for c, _ in cols) + " |")
        r.say("|---|" + "---|---|" * len(cols))
        for stage in ORDER:
            if stage == "cache" and not self.cache:
                continue
            cells = []
            for _, s in cols:
                t = s["stages"].get(stage, 0.0)
                cells += [f"{t / s['files'] * 1000:.2f}", f"{t / s['floor']:.2f}"]
            r.say(f"| {stage} | " + " | ".join(cells) + " |")
        cells = []
        for _, s in cols:
            cells += [f"**{s['total'] / s['files'] * 1000:.2f}**", f"**{s['total'] / s['floor']:.2f}**"]
        r.say("| **total** | " + " | ".join(cells) + " |")
        cells = []
        for _, s in cols:
            cells += [f"{s['floor'] / s['files'] * 1000:.2f}", "1"]
        r.say("| (parse floor) | " + " | ".join(cells) + " |")
        r.say()
        for c, s in cols:
            r.say(f"  {c}: {s['files']:,} files; calls {s['calls']}; wrappers' own cost ≈ {s['overhead'] * 1000:.0f} ms"
                  + (f"; NOT FOUND (stage covers less): {', '.join(s['missing'])}" if s["missing"] else ""))
        r.say("  stages: " + "; ".join(f"{k} = {', '.join(t.lstrip('?') for t in v)}" for k, v in STAGES.items()
                                      if k != "cache" or self.cache) + "; other = the rest "
              "(start, imports, rule book, rows, waivers)")


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="real ×5, 1,000 and 2,000 synthetic files, 3 pairs")
    ap.add_argument("--dry-run", action="store_true", help="the plumbing on a tiny input (figures mean nothing)")
    ap.add_argument("--pairs", type=int, default=None, help="pairs (rounds) of alternating runs for every figure")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder (its path is printed)")
    args = ap.parse_args(argv)
    mode = "dry" if args.dry_run else "quick" if args.quick else "full"

    # bytecode as an installed checker has it (pip compiles on install; PYTHONDONTWRITEBYTECODE would otherwise make
    # every start compile checker's sources again)
    compiled = subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "checker")], capture_output=True).returncode == 0

    work = Path(tempfile.mkdtemp(prefix="checker-bench-"))
    bench = Bench(mode, work, args.pairs)
    r = bench.report
    started = time.time()
    r.say(f"benchmarks.run ({mode}{': the figures mean nothing' if mode == 'dry' else ''}), "
          f"{_dt.datetime.now().astimezone().isoformat(timespec='minutes')}, checker {_commit()}")
    r.say(f"machine: {_machine()}; {_versions()}; load average at start {_load()}; "
          f"bytecode {'compiled' if compiled else 'NOT compiled (the starts include compiling)'}")
    r.say("every ratio: the median of the ratios of alternating runs (A B A B …), [min–max] over the pairs")
    r.say()
    try:
        bench.cold_check()
        bench.real()
        bench.synthetic()
        bench.stages()
    finally:
        if args.keep:
            r.say(f"(kept: {work})")
        else:
            shutil.rmtree(work, ignore_errors=True)
    r.table()
    r.say()
    r.say(f"{time.time() - started:.0f} s; load average at the end {_load()} (other processes on the machine make the "
          "single figures move; the paired ratios hold better)")


if __name__ == "__main__":
    main()
