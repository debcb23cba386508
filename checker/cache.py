"""Caches keyed by content (issue 23): validated cases and the loaded, compiled rule book, kept between runs.

What is kept, and under what key (a SHA-256 over all of it; docs/engine.md 「Cache」):
- a validated case (input.loader.load_case): the Case as loading makes it (with what the loader attaches: the entries
  written 不明, the places of its 承諾・免除) and the line of its 前回の案件, keyed by the file's bytes, its kind (YAML or
  workbook) and `version()`: a hash of every file of the checker package, the versions of Python, pydantic and
  pydantic-core, and the installed PyYAML (and openpyxl for a workbook: `library()`). A file with errors is never
  stored: its errors are found again, with their file:line, on every run. Where the file is (前回の案件 is resolved
  against its folder) is worked out again on every run, never kept;
- the rule book (run.load_book) with its compiled durable-rules definitions (engine.compiler.precompile), keyed by the
  paths and bytes of every pack, catalogue, 法令 and examples file beside them (rules.rulebook_inputs), `version()` and
  the installed durable-rules (`library()`: its extension module's file and its dist-info, which names the version);
- the form's entries by label path (model.form._index: what a message says to write), keyed by `version()` alone.

Where: `--cache DIR`, else $CHECKER_CACHE_DIR, else $XDG_CACHE_HOME/checker, else ~/.cache/checker. Off: `--no-cache`,
or CHECKER_CACHE=off (`--cache DIR` on the command line wins over the environment).

Safe by construction. An entry is MAGIC, an HMAC-SHA256 tag, then a pickle. The tag covers MAGIC, the kind, the key
and the pickle, under a secret of 32 random bytes made once per cache folder (the file `key`, mode 0600, in a folder
made 0700). Nothing is unpickled before its tag is checked: a truncated, flipped, foreign (made under another key: another
machine, another user, a copied folder) or renamed entry fails the check and is rebuilt, and a stale one (other checker
sources, other library versions) is never looked up, its key being another. The audit's verdicts of a case are kept
too (engine.Engine._run_kept), keyed by the case's key and the rule book's.

Where the entries are: one SQLite database in the folder (`entries.db`, mode 0600; a row per entry: kind, key, the
entry's bytes), in WAL mode, each entry written in its own transaction. A file per entry, as the first version had,
cost a cold audit some 0.3–1 ms of CPU per file (creating, writing and renaming it, mostly in the kernel): more than
reading and validating the file again; a row costs about 0.08 ms to write and 0.04 to read. SQLite's locking lets
concurrent writers (audit -j N, two commands at once) leave either a whole entry or none, and a crash too. A database
file that is not a regular file of the user's own, mode 0600 (a symlink, a FIFO planted there), is not opened; one that
is not a database (damaged) is made afresh. A key file that is not ours or that others may read, or a folder or
database that cannot be made, read or written, makes the cache unused for the run: every command still works and
prints the same bytes. What is not defended: someone who can write the user's own cache folder and read its key (the
user, or anyone acting as the user) can make checker load any pickle, which is running code as that user.
"""
from __future__ import annotations

import hashlib
import hmac
import os
import pickle
import secrets
import stat
import sys
from pathlib import Path

ENV_DIR = "CHECKER_CACHE_DIR"
ENV_SWITCH = "CHECKER_CACHE"  # off (0, no, false): no cache
OFF_WORDS = ("off", "0", "no", "false", "none")
MAGIC = b"checker-cache/1\n"  # the format of an entry; another format is another MAGIC (old entries then fail)
TAG = 32  # bytes of HMAC-SHA256
KEY_FILE = "key"
DB_FILE = "entries.db"
MAX_ENTRY = 64 * 1024 * 1024  # an entry bigger than this is not read (the rule book's is some 450 KB)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)

_settings: dict = {"dir": None, "off": False}
_stores: dict = {}  # folder → Store (or None when unusable), for this process
stats: dict = {}  # (kind, event) → count, for tests: hit, miss, rejected (an entry that failed its check), stored


_ENV0: dict = {}  # the environment's own cache settings, before any command line changed them


def configure(directory: str | os.PathLike | None = None, off: bool = False) -> None:
    """The command line's choice for this run: --cache DIR (directory), --no-cache (off). Called by every command that
    reads cases or rules; None and False leave it to the environment."""
    if not _ENV0:
        _ENV0.update({k: os.environ.get(k) for k in (ENV_SWITCH, ENV_DIR)})
    _settings["dir"] = None if directory is None else Path(directory)
    _settings["off"] = bool(off)
    # the case model's prebuilt validator (checker/model/prebuilt.py) is installed by the model's import, which loads
    # nothing above the model: it reads the environment, so the command line's choice reaches it there (restored first: in-process runs do not leak it)
    for k, v in _ENV0.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v
    if off:
        os.environ[ENV_SWITCH] = "off"
    elif directory is not None:
        os.environ[ENV_DIR] = str(directory)


def folder() -> Path | None:
    """The cache folder of this run, or None when the cache is off."""
    if _settings["off"]:
        return None
    if _settings["dir"] is not None:
        return _settings["dir"]
    if os.environ.get(ENV_SWITCH, "").strip().lower() in OFF_WORDS:
        return None
    given = os.environ.get(ENV_DIR)
    if given:
        return Path(given)
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg and os.path.isabs(xdg):  # the XDG spec: a relative path is to be ignored
        return Path(xdg) / "checker"
    try:
        return Path.home() / ".cache" / "checker"
    except (RuntimeError, KeyError, OSError):  # no home directory
        return None


def store():
    """The Store of this run's cache folder, or None (off, or a folder that cannot be used)."""
    where = folder()
    if where is None:
        return None
    key = (str(where), os.getpid())  # a database connection is never used across fork (audit's workers open their own)
    if key not in _stores:
        s = Store(where)
        _stores[key] = s if s.open() else None
    return _stores[key]


def batch():
    """Store.batch of this run's cache, or a context that does nothing when the cache is off."""
    import contextlib

    s = store()
    return s.batch() if s is not None else contextlib.nullcontext()


def _count(kind: str, event: str) -> None:
    stats[(kind, event)] = stats.get((kind, event), 0) + 1


class Store:
    """One cache folder: `key` (the secret) and `entries.db` (the entries)."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self.secret: bytes | None = None
        self.db = None  # the sqlite3 connection
        self.writable = True
        self._pending: list | None = None  # inside batch(): the entries put, written at its end

    def open(self) -> bool:
        """Make the folder (0700), its secret (0600) and its database (0600) if they are not there, and read the secret.
        False when any cannot be made or read, when the secret is not the user's own or others may read it, or when the
        database file is not a regular file of the user's own that only the user may read."""
        try:
            self.root.mkdir(mode=0o700, parents=True, exist_ok=True)
            self.secret = _read_secret(self.root / KEY_FILE)
            if self.secret is None:
                _make_secret(self.root)
                self.secret = _read_secret(self.root / KEY_FILE)
        except OSError:
            return False
        if self.secret is None:
            return False
        self.db = _connect(self.root / DB_FILE)
        return self.db is not None

    def _tag(self, kind: str, key: str, payload: bytes) -> bytes:
        mac = hmac.new(self.secret, MAGIC, hashlib.sha256)
        mac.update(kind.encode() + b"\0" + key.encode() + b"\0")
        mac.update(payload)
        return mac.digest()

    def get(self, kind: str, key: str):
        """The value stored under (kind, key), or None: no entry, or one that fails its check (never unpickled)."""
        import sqlite3

        try:
            row = self.db.execute("SELECT value FROM entries WHERE kind = ? AND key = ?", (kind, key)).fetchone()
        except sqlite3.Error:
            row = None
        if row is None:
            _count(kind, "miss")
            return None
        blob = row[0] if isinstance(row[0], bytes) else b""
        head = len(MAGIC) + TAG
        if len(blob) > MAX_ENTRY or len(blob) < head or not blob.startswith(MAGIC):
            _count(kind, "rejected")
            return None
        tag, payload = blob[len(MAGIC):head], blob[head:]
        if not hmac.compare_digest(tag, self._tag(kind, key, payload)):
            _count(kind, "rejected")
            return None
        try:
            value = pickle.loads(payload)
        except Exception:  # authenticated, so ours: a class that no longer reads it would be another version's
            _count(kind, "rejected")
            return None
        _count(kind, "hit")
        return value

    def put(self, kind: str, key: str, value) -> None:
        """Store value under (kind, key), in one transaction (a concurrent reader sees the whole entry or none). Any
        failure (a database that cannot be written, a full disk, a value that does not pickle) is silent: the run goes
        on without it."""
        if not self.writable:
            return
        try:
            payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:
            return
        if len(payload) + len(MAGIC) + TAG > MAX_ENTRY:
            return
        row = (kind, key, MAGIC + self._tag(kind, key, payload) + payload)
        if self._pending is not None:
            self._pending.append(row)
        else:
            self._write([row])

    def batch(self):
        """A context in which the entries put are written together when it ends, in one transaction: a transaction an
        entry costs a cold audit some 0.05 ms a file more. The lock is held only while they are written, never while
        the block is judged (the workers of audit -j N each write their blocks so). An entry put in it is not read back
        before it ends (a miss: judged again)."""
        import contextlib

        @contextlib.contextmanager
        def pending():
            if self._pending is not None:  # inside another: that one writes
                yield
                return
            self._pending = []
            try:
                yield
            finally:
                rows, self._pending = self._pending, None
                self._write(rows)

        return pending()

    def _write(self, rows: list) -> None:
        if not rows or not self.writable:
            return
        import sqlite3

        try:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                self.db.executemany("INSERT OR REPLACE INTO entries (kind, key, value) VALUES (?, ?, ?)", rows)
            except BaseException:
                self.db.execute("ROLLBACK")
                raise
            self.db.execute("COMMIT")
        except sqlite3.Error:
            self.writable = False  # the database cannot be written: do not try again in this run
            return
        for kind, _, _ in rows:
            _count(kind, "stored")


def _connect(path: Path):
    """A connection to the entries database at path (made 0600 if it is not there), or None when it is not a regular
    file of the user's own that only the user may read and write, or cannot be opened. A file that is not a database (a
    damaged one) is removed and made afresh, once."""
    import sqlite3

    for _ in range(2):
        try:
            try:
                os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o600))
            except FileExistsError:
                pass
            st = os.lstat(path)
        except OSError:
            return None
        if not stat.S_ISREG(st.st_mode) or st.st_mode & 0o077 or (hasattr(os, "getuid") and st.st_uid != os.getuid()):
            return None
        con = None
        try:
            con = sqlite3.connect(path, timeout=60, isolation_level=None, check_same_thread=False)
            con.execute("PRAGMA journal_mode = WAL")
            con.execute("PRAGMA synchronous = NORMAL")  # WAL: durable up to the last checkpoint; a cache needs no more
            con.execute("CREATE TABLE IF NOT EXISTS entries (kind TEXT NOT NULL, key TEXT NOT NULL, value BLOB NOT NULL, "
                        "PRIMARY KEY (kind, key)) WITHOUT ROWID")
            return con
        except sqlite3.OperationalError:  # locked for longer than the timeout, read-only, …: not used this run
            _close(con)
            return None
        except sqlite3.DatabaseError:  # not a database, or damaged: made afresh
            _close(con)
            for suffix in ("", "-wal", "-shm"):
                _unlink(Path(f"{path}{suffix}"))
        except sqlite3.Error:
            _close(con)
            return None
    return None


def _close(con) -> None:
    if con is not None:
        try:
            con.close()
        except Exception:
            pass


def _unlink(p: Path) -> None:
    try:
        os.unlink(p)
    except OSError:
        pass


def _read_secret(path: Path) -> bytes | None:
    """The secret, if the file is there, a regular file, the user's own, not readable or writable by others, 32 bytes.
    None when there is none; OSError when it cannot be read; an untrusted one counts as unusable (OSError)."""
    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW | _NONBLOCK)
    except FileNotFoundError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_mode & 0o077:
            raise PermissionError("the cache key is not private")
        if hasattr(os, "getuid") and st.st_uid != os.getuid():
            raise PermissionError("the cache key is not the user's own")
        data = os.read(fd, 64)
    finally:
        os.close(fd)
    if len(data) != 32:
        raise PermissionError("the cache key is not 32 bytes")
    return data


def _make_secret(root: Path) -> None:
    """A new secret, written whole before it is visible (a temporary file linked into place): two processes making it
    at once keep the first, and neither reads a half-written one."""
    tmp = root / f".key.{os.getpid()}.{secrets.token_hex(6)}"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o600)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(secrets.token_bytes(32))
        try:
            os.link(tmp, root / KEY_FILE)
        except FileExistsError:
            pass  # another process made it first: use theirs
    finally:
        _unlink(tmp)


# --- keys ------------------------------------------------------------------------------------------------------------

_memo: dict = {}


def _sources() -> bytes:
    """SHA-256 over every file of the checker package (relative path and bytes), not compiled bytecode."""
    root = Path(__file__).resolve().parent
    h = hashlib.sha256()
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__" and not d.startswith("."))
        for name in sorted(filenames):
            if name.endswith((".pyc", ".pyo")):
                continue
            p = os.path.join(dirpath, name)
            with open(p, "rb") as f:
                data = f.read()
            rel = os.path.relpath(p, root).encode()
            h.update(len(rel).to_bytes(4, "little") + rel + len(data).to_bytes(8, "little"))
            h.update(data)
    return h.digest()


def version() -> bytes:
    """The checker's own version, as far as a cached value depends on it: its sources and the libraries that make a
    validated case (Python, pydantic, pydantic-core, PyYAML: known by its installed files, as a run whose inputs all
    come from the cache does not import it). Computed once a process."""
    if "version" not in _memo:
        import pydantic_core
        from pydantic.version import VERSION

        h = hashlib.sha256(_sources())
        for part in (sys.version, sys.implementation.cache_tag or "", VERSION, pydantic_core.__version__,
                     library("PyYAML", "yaml")):
            h.update(b"\0" + str(part).encode())
        _memo["version"] = h.digest()
    return _memo["version"]


def library(dist: str, module: str) -> str:
    """What identifies an installed library (durable-rules, openpyxl) in a key, once a process: the file of its
    top-level module (path, size, modification time: an install rewrites it) and the names of the distribution's
    dist-info folders beside it (which carry its version). Found without importing the module, nor importlib.metadata
    (with the email package it needs, some 15 ms of every start)."""
    k = ("library", dist, module)
    if k not in _memo:
        _memo[k] = _library(dist, module)
    return _memo[k]


def _library(dist: str, module: str) -> str:
    import importlib.util

    spec = importlib.util.find_spec(module)
    if spec is None or not spec.origin or not os.path.isabs(spec.origin):
        return "-"
    st = os.stat(spec.origin)
    site = os.path.dirname(spec.origin)
    if spec.submodule_search_locations is not None:  # a package: its __init__.py is one folder further down
        site = os.path.dirname(site)
    prefix = dist.lower().replace("-", "_") + "-"  # pip's name of it: durable_rules-2.0.28.dist-info
    try:
        infos = sorted(e for e in os.listdir(site) if e.lower().startswith(prefix) and e.endswith(".dist-info"))
    except OSError:
        infos = []
    return "\0".join([spec.origin, str(st.st_size), str(st.st_mtime_ns), *infos])


def key(*parts: bytes | str) -> str:
    """A key: SHA-256 (hex) over version() and the parts, each with its length."""
    h = hashlib.sha256(version())
    for p in parts:
        b = p.encode() if isinstance(p, str) else p
        h.update(len(b).to_bytes(8, "little"))
        h.update(b)
    return h.hexdigest()
