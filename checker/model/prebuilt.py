"""The case model's built validator, kept between starts (cold start: docs/engine.md, Measured).

Building the validator of `Case` (pydantic's schema generation over the classes of the case model) costs about a
tenth of a cold `checker check`. The classes are declared with `defer_build` (base.py), so importing them builds no
schema; `install(Case)` then gives `Case` its validator:

- from the cache folder, when it holds an entry made by the same sources of the case model (checker/model/*.py,
  jp.py, provenance.py), the same Python and the same pydantic and pydantic-core: the core schema pydantic generated,
  stored as JSON, every function and class in it written as a name (module and qualified name) and found again by
  that name: only what the model's own modules define (or one of pydantic's constraint checks), in modules already
  loaded (never imported), reached through classes, never a dunder;
- else built as pydantic builds it, and stored for the next start (written to a temporary file, then renamed).

An entry that cannot be read, is not for these sources and versions, fails its digest or names anything that cannot
be found is not used: the validator is built again and the entry rewritten. Nothing is ever executed from it; the
schema it holds is data that pydantic-core compiles, as pydantic does.

The folder is the one of checker's caches: $CHECKER_CACHE_DIR, else $XDG_CACHE_HOME/checker, else ~/.cache/checker;
CHECKER_CACHE=off (or 0, no, false, none) keeps nothing (the validator is then built on its first use, as pydantic's
defer_build does). The entry is one file, case-model-<key>.json (0600; the folder made 0700), beside the other caches'
entries; the newest KEEP of them stay (several checkouts may share the folder).
"""
from __future__ import annotations

import hashlib
import json
import os
import sys
import types
from functools import partial
from pathlib import Path

FORMAT = 1
_REF = "$py"  # {"$py": [kind, …]}: a function, a bound class method, a class or a partial in the schema
_ROOT = Path(__file__).resolve().parent.parent  # checker/
# what a stored schema may name: the functions and classes of the model's own modules, and pydantic's constraint checks
_MODEL_MODULES = frozenset({"checker.jp", "checker.provenance", *(f"checker.model.{m}" for m in (
    "base", "camera", "case", "consistency", "densan", "itaku", "ketsugo", "mynumber", "teikyo"))})
_PYDANTIC = frozenset(("pydantic._internal._validators", f"{c}_validator") for c in (
    "min_length", "max_length", "greater_than", "greater_than_or_equal", "less_than", "less_than_or_equal", "multiple_of"))
_OFF = {"off", "0", "no", "false", "none"}


class _Unstorable(Exception):
    """A schema holding something that cannot be written as data (a lambda, a local function): not cached."""


def folder() -> Path | None:
    """The cache folder, or None when caching is off: the environment, read as checker's caches read it (importing the
    model loads nothing of checker's above it: tests/test_cold_start.py; a command line option for the cache reaches it through the
    environment, which the model's import, inside a command, reads after the options are parsed)."""
    if os.environ.get("CHECKER_CACHE", "").strip().lower() in _OFF:
        return None
    d = os.environ.get("CHECKER_CACHE_DIR")
    if d:
        return Path(d)
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg and os.path.isabs(xdg):
        return Path(xdg) / "checker"
    try:
        return Path.home() / ".cache" / "checker"
    except (RuntimeError, KeyError, OSError):  # no home directory
        return None


def sources() -> list[Path]:
    """The files whose code makes the case model's schema (tests/test_cold_start.py: every checker module that
    importing checker.model loads is among them)."""
    return sorted([_ROOT / "__init__.py", _ROOT / "jp.py", _ROOT / "provenance.py", *(_ROOT / "model").glob("*.py")])


def key() -> str:
    import pydantic
    import pydantic_core

    h = hashlib.sha256(f"{FORMAT}\0{sys.version}\0{pydantic.VERSION}\0{pydantic_core.__version__}\0".encode())
    for p in sources():
        h.update(p.name.encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()[:32]


# --- the schema as data ------------------------------------------------------------------------------------------------

def _find(module: str, qualname: str):
    """The function or class named module:qualname: defined in one of the model's modules (or one of pydantic's
    constraint checks), already loaded (never imported here), reached through classes only, never a dunder."""
    if module not in _MODEL_MODULES and (module, qualname) not in _PYDANTIC:
        raise LookupError(module)
    obj = sys.modules.get(module)
    if obj is None:
        raise LookupError(module)
    for i, part in enumerate(qualname.split(".")):
        if not part.isidentifier() or part.startswith("__") or (i and not isinstance(obj, type)):
            raise LookupError(qualname)
        obj = getattr(obj, part)
    if getattr(obj, "__module__", None) != module:  # defined there, not imported into it
        raise LookupError(qualname)
    return obj


def _name(obj) -> list:
    """[module, qualname] of a function or class that can be found again by it (else _Unstorable)."""
    module, qualname = getattr(obj, "__module__", None), getattr(obj, "__qualname__", None)
    if not isinstance(module, str) or not isinstance(qualname, str):
        raise _Unstorable(repr(obj))
    try:
        found = _find(module, qualname)
    except (LookupError, AttributeError):
        raise _Unstorable(f"{module}:{qualname}") from None
    if found is not obj:
        raise _Unstorable(f"{module}:{qualname}")
    return [module, qualname]


_NOT_VALIDATION = ("metadata", "serialization")


def encode(o):
    """The schema as JSON data, for validation only: a schema node's 'metadata' (pydantic's notes for JSON Schema) and
    'serialization' (read by the serializer, never by the validator) are left out."""
    if o is None or isinstance(o, (str, bool, int)):
        return o
    if isinstance(o, float):
        if o != o or o in (float("inf"), float("-inf")):
            raise _Unstorable(repr(o))
        return o
    if isinstance(o, dict):
        if _REF in o or not all(isinstance(k, str) for k in o):
            raise _Unstorable("a mapping the format cannot hold")
        node = isinstance(o.get("type"), str)  # a schema node (a mapping of field names has no 'type' string)
        return {k: encode(v) for k, v in o.items() if not (node and k in _NOT_VALIDATION)}
    if isinstance(o, list):
        return [encode(v) for v in o]
    if isinstance(o, types.FunctionType):
        return {_REF: ["f", *_name(o)]}
    if isinstance(o, types.MethodType) and isinstance(o.__self__, type):  # a classmethod bound to its class
        if getattr(o.__self__, o.__func__.__name__, None) != o:
            raise _Unstorable(repr(o))
        return {_REF: ["m", *_name(o.__self__), o.__func__.__name__]}
    if isinstance(o, type):
        return {_REF: ["c", *_name(o)]}
    if type(o) is partial:
        return {_REF: ["p", encode(o.func), [encode(a) for a in o.args], encode(dict(o.keywords))]}
    raise _Unstorable(type(o).__name__)


def decode(o):
    if isinstance(o, list):
        return [decode(v) for v in o]
    if not isinstance(o, dict):
        return o
    ref = o.get(_REF)
    if ref is None:
        return {k: decode(v) for k, v in o.items()}
    kind, *rest = ref
    if kind == "f":
        obj = _find(*rest)
        if not isinstance(obj, types.FunctionType):
            raise LookupError(rest)
        return obj
    if kind == "c":
        obj = _find(*rest)
        if not isinstance(obj, type):
            raise LookupError(rest)
        return obj
    if kind == "m":
        module, qualname, name = rest
        cls = _find(module, qualname)
        if not isinstance(cls, type) or not name.isidentifier() or name.startswith("__"):
            raise LookupError(rest)
        obj = getattr(cls, name)
        if not (isinstance(obj, types.MethodType) and obj.__self__ is cls and obj.__func__.__module__ in _MODEL_MODULES):
            raise LookupError(rest)
        return obj
    if kind == "p":
        func, args, kw = rest
        func = decode(func)
        if not isinstance(func, types.FunctionType) or not isinstance(args, list) or not isinstance(kw, dict):
            raise LookupError(rest)
        return partial(func, *decode(args), **decode(kw))
    raise LookupError(kind)


# --- install -----------------------------------------------------------------------------------------------------------

def _read(path: Path, k: str):
    """(schema, config) of a usable entry, else None."""
    try:
        raw = path.read_bytes()
        head, _, body = raw.partition(b"\n")
        meta = json.loads(head)
        if meta.get("format") != FORMAT or meta.get("key") != k or meta.get("sha256") != hashlib.sha256(body).hexdigest():
            return None
        data = json.loads(body.decode("utf-8"))  # a str: json.loads(bytes) decodes with surrogatepass, 6× slower
        return decode(data["schema"]), data["config"]
    except (OSError, ValueError, LookupError, AttributeError, TypeError):
        return None


def _write(path: Path, k: str, schema, config) -> None:
    try:
        body = json.dumps({"schema": encode(schema), "config": encode(config)}, ensure_ascii=False,
                          separators=(",", ":")).encode()
    except _Unstorable:
        return
    head = json.dumps({"format": FORMAT, "key": k, "sha256": hashlib.sha256(body).hexdigest()}).encode()
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0), 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(head + b"\n" + body)
        os.replace(tmp, path)
    except OSError:  # a read-only or full cache folder: checker runs as without it
        try:
            tmp.unlink()
        except OSError:
            pass
        return
    _prune(path.parent)


KEEP = 8  # entries kept (one per version of the model's sources: several checkouts may share the folder)


def _prune(d: Path) -> None:
    """The newest KEEP entries stay; older ones (other sources, other versions) are removed."""
    try:
        entries = sorted(d.glob("case-model-*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in entries[KEEP:]:
            old.unlink()
    except OSError:
        pass


def install(cls) -> str:
    """Give cls (declared with defer_build) its validator: from the cache, or built and stored. Returns what was done:
    'cache', 'built' or 'deferred' (caching off: pydantic builds it on first use).

    From the cache only the validator is set: the serializer (model_dump, which checker itself never calls) and the core
    schema stay pydantic's placeholders, and their first use builds the model as pydantic always does."""
    d = folder()
    if d is None:
        return "deferred"
    from pydantic_core import SchemaError, SchemaValidator

    k = key()
    path = d / f"case-model-{k}.json"
    found = _read(path, k)
    if found is not None:
        schema, config = found
        try:
            cls.__pydantic_validator__ = SchemaValidator(schema, config)
            return "cache"
        except (SchemaError, TypeError, ValueError):
            pass
    cls.model_rebuild()
    schema, config = cls.__pydantic_validator__.__reduce__()[1][:2]
    _write(path, k, schema, config)
    return "built"
