"""The case model's validator kept between starts (checker/model/prebuilt.py): the same validation from the cache as
built, a bad entry never used, and the cache off, cold and warm giving the same bytes."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from pydantic import ValidationError
from pydantic_core import SchemaValidator

from conftest import CASES, ROOT, SEED004

from checker.model import Case, prebuilt


def _schema_and_config():
    Case.model_rebuild(force=True)  # the schema as pydantic builds it
    return Case.__pydantic_validator__.__reduce__()[1][:2]


def _outcome(validator, data):
    try:
        return "ok", validator.validate_python(data)
    except ValidationError as e:
        return "error", (str(e), e.errors(include_url=False, include_context=False))


def test_the_model_sources_cover_every_module_importing_the_model_loads():
    """The cache key hashes prebuilt.sources(): any checker module the model's import loads must be among them, or a
    change to it would keep a stale validator."""
    code = "import sys, checker.model; print('\\n'.join(m.__file__ for n, m in sys.modules.items() if n.startswith('checker')))"
    files = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True,
                           env={**os.environ, "CHECKER_CACHE": "off"}).stdout.split()
    from pathlib import Path

    assert {Path(f).resolve() for f in files} <= set(prebuilt.sources())


def test_the_validator_from_the_stored_schema_validates_as_the_built_one():
    """Every real case, 300 synthetic ones and every bad input: the same model or the same errors."""
    import yaml

    from benchmarks.generate import cases

    schema, config = _schema_and_config()
    stored = json.loads(json.dumps({"schema": prebuilt.encode(schema), "config": prebuilt.encode(config)}))
    again = SchemaValidator(prebuilt.decode(stored["schema"]), stored["config"])
    built = Case.__pydantic_validator__
    inputs = list(cases(300, seed=23))
    for p in sorted(CASES.rglob("*.yaml")) + sorted((ROOT / "tests" / "bad_inputs" / "cases").glob("*.yaml")):
        if p.name.startswith("_"):
            continue
        try:
            inputs.append(yaml.safe_load(p.read_text(encoding="utf-8")))
        except Exception:  # noqa: BLE001 (not YAML a case is read from: tests/test_bad_inputs.py)
            continue
    errors = 0
    for data in inputs:
        a, b = _outcome(built, data), _outcome(again, data)
        assert a[0] == b[0]
        if a[0] == "ok":
            assert a[1] == b[1] and a[1].written_unknown == b[1].written_unknown
        else:
            errors += 1
            assert a[1] == b[1]
    assert errors >= 20  # the bad inputs were validated, and failed


@pytest.fixture
def cache_at(tmp_path, monkeypatch):
    """The cache on, in tmp_path (the suite may run with it off)."""
    monkeypatch.delenv("CHECKER_CACHE", raising=False)
    monkeypatch.setenv("CHECKER_CACHE_DIR", str(tmp_path))
    return tmp_path


def test_install_reads_what_it_stored(cache_at):
    tmp_path = cache_at
    assert prebuilt.install(Case) == "built"
    (entry,) = tmp_path.glob("case-model-*.json")
    assert prebuilt.install(Case) == "cache"
    assert Case.model_validate({"件名": "x", "区分": "業務委託", "担当課": "情報システム課", "付議日": "令和5年12月21日"}).title == "x"
    assert list(tmp_path.glob("case-model-*.json")) == [entry]
    assert entry.stat().st_mode & 0o077 == 0  # the user's own


def test_old_entries_are_pruned(cache_at):
    for i in range(prebuilt.KEEP + 3):
        old = cache_at / f"case-model-{i:032x}.json"
        old.write_text("{}")
        os.utime(old, (1_000_000 + i, 1_000_000 + i))
    assert prebuilt.install(Case) == "built"
    kept = sorted(p.name for p in cache_at.glob("case-model-*.json"))
    assert len(kept) == prebuilt.KEEP
    assert f"case-model-{prebuilt.key()}.json" in kept and "case-model-" + f"{0:032x}.json" not in kept


def test_cache_off_stores_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("CHECKER_CACHE_DIR", str(tmp_path))
    monkeypatch.setenv("CHECKER_CACHE", "off")
    assert prebuilt.install(Case) == "deferred"
    assert not list(tmp_path.iterdir())


def _tamper(entry, body_edit=None, head_edit=None, raw=None):
    head, _, body = entry.read_bytes().partition(b"\n")
    if raw is not None:
        entry.write_bytes(raw)
        return
    meta = json.loads(head)
    if body_edit:
        body = body_edit(body)
        meta["sha256"] = __import__("hashlib").sha256(body).hexdigest()
    if head_edit:
        head_edit(meta)
    entry.write_bytes(json.dumps(meta).encode() + b"\n" + body)


@pytest.mark.parametrize("how", ["truncated", "not json", "foreign key", "bad digest", "names os.system",
                                 "names a dunder", "names an unloaded module", "names a builtin", "not a schema"])
def test_a_bad_entry_is_rebuilt_never_used(cache_at, how):
    tmp_path = cache_at
    assert prebuilt.install(Case) == "built"
    (entry,) = tmp_path.glob("case-model-*.json")
    good = entry.read_bytes()
    ref = b'{"$py":["f","checker.model.base","_flag"]}'
    assert ref in good
    edits = {
        "truncated": dict(raw=good[: len(good) // 2]),
        "not json": dict(raw=b"\x80\x81 not json\n{"),
        "foreign key": dict(head_edit=lambda m: m.update(key="0" * 32)),
        "bad digest": dict(head_edit=lambda m: m.update(sha256="0" * 64)),
        "names os.system": dict(body_edit=lambda b: b.replace(ref, b'{"$py":["f","os","system"]}', 1)),
        "names a dunder": dict(body_edit=lambda b: b.replace(ref, b'{"$py":["f","checker.model.base","_flag.__globals__"]}', 1)),
        "names an unloaded module": dict(body_edit=lambda b: b.replace(ref, b'{"$py":["f","checker.model.nothing","f"]}', 1)),
        "names a builtin": dict(body_edit=lambda b: b.replace(ref, b'{"$py":["f","builtins","eval"]}', 1)),
        "not a schema": dict(body_edit=lambda b: b'{"schema":{"type":"no such type"},"config":{}}'),
    }
    _tamper(entry, **edits[how])
    assert prebuilt.install(Case) == "built"
    assert entry.read_bytes() == good  # rewritten
    assert prebuilt.install(Case) == "cache"


def test_decode_finds_only_names_of_the_model_and_pydantic():
    for module, name in [("os", "system"), ("builtins", "eval"), ("subprocess", "run"), ("checker.cli", "main"),
                         ("checker.model.base", "__class__"), ("checker.model.base", "jp.re.compile"),
                         ("pydantic.plugin._loader", "os.popen"), ("pydantic._internal._validators", "import_string"),
                         ("checker.model.case", "_prov.parse"), ("checker.model.form", "form_fields")]:
        with pytest.raises((LookupError, AttributeError)):
            prebuilt.decode({"$py": ["f", module, name]})
    with pytest.raises(LookupError):
        prebuilt.decode({"$py": ["m", "checker.model.case", "Case", "model_validate"]})  # pydantic's, not the model's
    assert prebuilt.decode({"$py": ["f", "checker.model.base", "_flag"]}) is __import__("checker.model.base").model.base._flag


def test_a_lambda_is_not_stored():
    with pytest.raises(prebuilt._Unstorable):
        prebuilt.encode({"type": "function-plain", "function": lambda v: v})


@pytest.mark.slow
def test_same_bytes_with_the_cache_off_cold_and_warm(tmp_path):
    """checker check of every real case, json: the same bytes whether the validator was built (cache off), built and
    stored (cold) or read (warm)."""
    outs = []
    base = {k: v for k, v in os.environ.items() if k != "CHECKER_CACHE"}
    for mode in ("off", "cold", "warm"):
        env = {**base, "CHECKER_CACHE_DIR": str(tmp_path / "cache")}
        if mode == "off":
            env["CHECKER_CACHE"] = "off"
        p = subprocess.run([sys.executable, "-m", "checker", "check", str(CASES), "--all", "--format", "json"], cwd=ROOT,
                           capture_output=True, env=env)
        assert p.returncode in (0, 1), p.stderr.decode()
        outs.append(p.stdout)
        assert bool(list((tmp_path / "cache").glob("case-model-*.json"))) == (mode != "off")
    assert outs[0] == outs[1] == outs[2]
    assert len(outs[0]) > 1000
    seed = subprocess.run([sys.executable, "-m", "checker", "check", str(SEED004)], cwd=ROOT, capture_output=True,
                          env={**base, "CHECKER_CACHE_DIR": str(tmp_path / "cache")})
    assert seed.returncode in (0, 1) and b"Traceback" not in seed.stderr
