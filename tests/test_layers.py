"""Issue 11.2: the folders show the pipeline (input → rules → engine → run → report), and report/ only renders.

Each folder imports only the folders below it (ALLOWED). report/ imports nothing from the run layer, the engine, the
rules or the input: neither in its source (every
`import` and `from … import` of every module, including those inside functions) nor when all its modules are
imported in a fresh interpreter. The CLI holds one error ladder and decides no exit code itself.
"""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "checker" / "report"
FORBIDDEN = ("checker.run", "checker.engine", "checker.input", "checker.rules", "durable")
# input → rules → engine → run → report: what each folder (or top-level module) may import of checker's own
BASE = {"errors", "jp", "provenance", "verdict", "model"}
ALLOWED = {
    "errors": set(), "jp": set(), "provenance": set(), "model": {"jp", "provenance", "errors", "cache"}, "verdict": {"provenance", "model"},
    "input": BASE | {"cache"}, "rules": BASE | {"input"}, "engine": BASE | {"input", "rules"}, "report": BASE,
    "run": BASE | {"input", "rules", "engine", "report", "cache"}, "cli": {"errors", "report", "run", "usage", "cache"},
    "usage": {"errors", "jp"}, "__main__": {"cli"},
    "cache": set(),  # the content-keyed cache (issue 23): the loader, the run layer and the form's entries (model.form)
    # use it, the CLI sets where it is
}


def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, absolute module name) of every import in a module of checker/report/."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.extend((node.lineno, a.name) for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative to checker.report
                pkg = ["checker", "report"][: 3 - node.level] if node.level <= 2 else []
                base = ".".join([*pkg, base] if base else pkg)
            out.extend((node.lineno, f"{base}.{a.name}" if node.module is None else base) for a in node.names)
    return out


def test_report_modules_import_no_run_engine_or_loader():
    found = [f"{p.name}:{line}: {m}" for p in sorted(REPORT.glob("*.py")) for line, m in _imports(p)
             if any(m == f or m.startswith(f + ".") for f in FORBIDDEN)]
    assert not found, found
    # the helper itself sees relative imports (a guard that cannot fail is a defect)
    seen = {m for _, m in _imports(REPORT / "html.py")}
    assert {"checker.report.model", "checker.verdict", "markupsafe"} <= seen, seen


def _layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "checker"


def _own_imports(path: Path) -> list[tuple[int, str]]:
    """(line, module) of every import of checker's own in any module of checker/ (relative ones resolved)."""
    rel = path.relative_to(ROOT).with_suffix("").parts
    pkg = list(rel[:-1]) if rel[-1] != "__init__" else list(rel[:-1])
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = pkg[: len(pkg) - (node.level - 1)]
            if node.module:
                out.append((node.lineno, ".".join(base + [node.module])))
            else:
                out.extend((node.lineno, ".".join(base + [a.name])) for a in node.names)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            out.extend((node.lineno, n) for n in names if n.startswith("checker."))
    return out


def test_each_folder_imports_only_what_lies_below_it_in_the_pipeline():
    bad = []
    for p in sorted((ROOT / "checker").rglob("*.py")):
        own = _layer(".".join(p.relative_to(ROOT).with_suffix("").parts))
        if own == "__init__":
            continue
        for line, m in _own_imports(p):
            other = _layer(m)
            if other != own and other not in ALLOWED[own]:
                bad.append(f"{p.relative_to(ROOT)}:{line}: {own} imports {m}")
    assert not bad, bad
    # the walk sees what it must (a guard that cannot fail is a defect)
    seen = {m for _, m in _own_imports(ROOT / "checker" / "run" / "audit.py")}
    assert {"checker.input.loader", "checker.report.model", "checker.engine"} <= seen, seen


def test_importing_every_report_module_loads_no_engine_or_loader():
    mods = [f"checker.report.{p.stem}" for p in sorted(REPORT.glob("*.py")) if p.stem != "__init__"]
    code = ("import importlib, sys\n"
            f"for m in {mods!r}: importlib.import_module(m)\n"
            f"bad = sorted(m for m in sys.modules if m.startswith({FORBIDDEN!r}))\n"
            "print(bad)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]", out


def test_cli_has_one_error_ladder_and_no_exit_code_of_its_own():
    src = (ROOT / "checker" / "cli.py").read_text(encoding="utf-8")
    tree = ast.parse(src)
    handlers = [n for n in ast.walk(tree) if isinstance(n, ast.ExceptHandler)]
    caught = sorted(ast.unparse(h.type) for h in handlers if h.type is not None)
    assert caught == ["(InputError, InputErrors)", "EngineDisagreement", "EngineUnavailable", "OSError"], caught
    # the exit code of a completed run is the Result's, never read off the printed marks
    assert "glyph" not in src and "EXIT_FINDINGS" not in src and "EXIT_OK" not in src
