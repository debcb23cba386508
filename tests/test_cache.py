"""Issue 23.3: validated cases and the loaded, compiled rule book cached by content, safe by construction (checker.cache).

Every output is the same bytes with the cache cold (an empty folder), warm and off: `checker audit cases/` in every format,
`checker check` on real cases (one naming its 前回の案件, one with a 承諾・免除, a workbook). An entry that is truncated,
has a byte flipped, was made under another folder's key (a pickle that would run code if it were ever unpickled), or
sits under another key's name is ignored and rebuilt; a stale one (the checker's sources changed: the version key
monkeypatched) is not used; a case file with errors is never stored and is reported with its file:line on every run; a
file changed by one byte is validated again; a folder that cannot be made or written, or whose key others could read,
leaves every command working with the same output. Concurrent writers of one entry (audit -j 2) leave a whole entry.
The entries are rows of one SQLite database in the folder (cache.DB_FILE); _Row reads and writes one as raw bytes.

The rest of the suite runs with the cache off (conftest: CHECKER_CACHE=off); these tests give it a temporary folder.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CASES, ROOT, RULES, SEED004, invoke

from checker import cache

FORMATS = ("text", "md", "html", "csv", "json", "junit")
(N35,) = (CASES / "令和5年度").glob("*/35_*.yaml")  # names its 前回の案件 (seed 001)
(N38,) = (CASES / "令和5年度").glob("*/38_*.yaml")
WAIVER = """承諾・免除:
- ルール: TOKKI-10
  理由: 再委託先の名称は契約の締結時に報告させ、その報告をもって再委託を承諾する
  承認者: 令和5年度第8回個人情報保護管理運営会議
  承認日: 令和5年12月21日
  期限: 令和6年3月31日
"""


@pytest.fixture(autouse=True)
def _fresh_state():
    """Each test starts and ends with the cache as the suite has it (off), nothing remembered in this process."""
    cache.configure()
    cache._stores.clear()
    cache.stats.clear()
    saved = dict(cache._memo)
    yield
    cache.configure()
    cache._stores.clear()
    cache.stats.clear()
    cache._memo.clear()
    cache._memo.update(saved)


def _counts(kind: str) -> dict:
    return {e: cache.stats.get((kind, e), 0) for e in ("hit", "miss", "rejected", "stored")}


class _Row:
    """One entry of a cache folder's database, read and written as raw bytes (as a damaging or hostile hand would)."""

    def __init__(self, folder: Path, kind: str, key: str):
        self.folder, self.kind, self.key = folder, kind, key

    def _db(self):
        import sqlite3

        return sqlite3.connect(self.folder / cache.DB_FILE, isolation_level=None)

    def read_bytes(self) -> bytes:
        con = self._db()
        try:
            return bytes(con.execute("SELECT value FROM entries WHERE kind = ? AND key = ?", (self.kind, self.key)).fetchone()[0])
        finally:
            con.close()

    def write_bytes(self, data: bytes) -> None:
        con = self._db()
        try:
            con.execute("UPDATE entries SET value = ? WHERE kind = ? AND key = ?", (data, self.kind, self.key))
        finally:
            con.close()

    def __eq__(self, other):
        return isinstance(other, _Row) and (self.folder, self.kind, self.key) == (other.folder, other.kind, other.key)

    def __hash__(self):
        return hash((self.folder, self.kind, self.key))


def _entries(folder: Path, kind: str = "case") -> list[_Row]:
    import sqlite3

    db = folder / cache.DB_FILE
    if not db.is_file():
        return []
    con = sqlite3.connect(db)
    try:
        keys = [k for (k,) in con.execute("SELECT key FROM entries WHERE kind = ? ORDER BY key", (kind,))]
    except sqlite3.Error:  # made, but no table yet
        keys = []
    finally:
        con.close()
    return [_Row(folder, kind, k) for k in keys]


def _contents(folder: Path) -> dict:
    """Every entry of the folder: (kind, key) → its bytes."""
    import sqlite3

    con = sqlite3.connect(folder / cache.DB_FILE)
    try:
        return {(k, key): bytes(v) for k, key, v in con.execute("SELECT kind, key, value FROM entries")}
    finally:
        con.close()


def _three_ways(tmp_path, *args):
    """The run of args cold (an empty cache folder), warm (the same folder) and off: (cold, warm, off, cache folder)."""
    folder = tmp_path / f"cache{len(list(tmp_path.iterdir()))}"
    cold = invoke(*args, "--cache", folder)
    before = dict(cache.stats)
    warm = invoke(*args, "--cache", folder)
    hits = {k: v - before.get(k, 0) for k, v in cache.stats.items()}
    off = invoke(*args, "--no-cache")
    return cold, warm, off, folder, hits


def _same(cold, warm, off, what):
    assert cold.returncode == warm.returncode == off.returncode, what
    assert cold.stdout == off.stdout, what
    assert warm.stdout == off.stdout, what
    assert cold.stderr == warm.stderr == off.stderr, what


@pytest.mark.parametrize("fmt", FORMATS)
def test_audit_of_the_corpus_is_the_same_bytes_cold_warm_and_off(tmp_path, fmt):
    cold, warm, off, folder, used = _three_ways(tmp_path, "audit", CASES, "--format", fmt, "-o", "-", "-j", "1")
    _same(cold, warm, off, fmt)
    n = len(list(CASES.rglob("*.yaml"))) - len(list(CASES.rglob("_*.yaml")))
    assert len(_entries(folder)) == n  # every real case stored once (none has errors)
    assert used.get(("case", "hit"), 0) >= n and not used.get(("case", "miss")), used  # the warm run read none again
    assert used.get(("book", "hit")) == 1, used
    # the verdicts of every case but those linked to their 素案 (whose date comes from another file) are kept and read back
    linked = sum("素案報告:" in p.read_text(encoding="utf-8") and "  案件:" in p.read_text(encoding="utf-8")
                 for p in CASES.rglob("[!_]*.yaml"))
    kept = len(_entries(folder, "verdicts"))
    assert kept == used.get(("verdicts", "hit")) and not used.get(("verdicts", "miss")), used
    assert n - linked <= kept < n, (n, linked, kept)


def test_check_of_real_cases_is_the_same_bytes_cold_warm_and_off(tmp_path):
    work = tmp_path / "cases"
    work.mkdir()
    waived = work / "38_waived.yaml"  # a 承諾・免除 (the loader keeps where it names its rule)
    waived.write_text(N38.read_text(encoding="utf-8").replace("    区の承諾: あり\n", "    区の承諾: なし\n", 1) + WAIVER,
                      encoding="utf-8")
    book = work / "004.xlsx"
    assert invoke("convert", SEED004, book).returncode == 0
    files = [SEED004, N35, waived, book]
    for fmt in ("text", "json", "html"):
        cold, warm, off, folder, used = _three_ways(tmp_path, "check", *files, "--format", fmt, "--all")
        _same(cold, warm, off, fmt)
        assert used.get(("case", "hit"), 0) >= len(files) and not used.get(("case", "miss")), used
    assert "免除（令和5年度第8回個人情報保護管理運営会議" in off.stdout.decode()
    assert "前回からの変更" in off.stdout.decode()
    from conftest import default_book

    assert default_book().compiled is None  # the book the loader made is left as it was (the cache keeps a copy)


def _load(path, folder):
    """load_case with the cache in folder: (the Case, counts of this call)."""
    from checker.input.loader import load_case

    cache.configure(folder)
    before = dict(cache.stats)
    case = load_case(path)
    return case, {e: cache.stats.get(("case", e), 0) - before.get(("case", e), 0) for e in ("hit", "miss", "rejected", "stored")}


def _fresh(path):
    from checker.input.loader import load_case

    cache.configure(off=True)
    return load_case(path)


def _same_case(a, b):
    assert a == b
    assert a.__pydantic_private__ == b.__pydantic_private__  # written_unknown, waiver places, 前回の案件
    assert a.written_unknown == b.written_unknown and a.waiver_places == b.waiver_places and a.predecessor_at == b.predecessor_at


def test_a_cached_case_is_what_loading_makes(tmp_path):
    for f in (SEED004, N35, next(CASES.rglob("24_*.yaml"))):  # plain; naming its 前回の案件; with 不明 written
        fresh = _fresh(f)
        first, c1 = _load(f, tmp_path)
        again, c2 = _load(f, tmp_path)
        assert c1 == {"hit": 0, "miss": 1, "rejected": 0, "stored": 1}, c1
        assert c2 == {"hit": 1, "miss": 0, "rejected": 0, "stored": 0}, c2
        _same_case(fresh, first)
        _same_case(fresh, again)
        assert again is not first
    assert _fresh(N35).predecessor_at is not None
    assert _fresh(next(CASES.rglob("24_*.yaml"))).written_unknown


@pytest.mark.parametrize("damage", ["truncated", "empty", "flipped payload", "flipped tag", "flipped magic"])
def test_a_corrupt_entry_is_ignored_and_rebuilt(tmp_path, damage):
    _load(SEED004, tmp_path)
    (entry,) = _entries(tmp_path)
    blob = bytearray(entry.read_bytes())
    at = {"flipped payload": len(blob) - 10, "flipped tag": len(cache.MAGIC) + 3, "flipped magic": 0}
    if damage == "truncated":
        blob = blob[: len(blob) // 2]
    elif damage == "empty":
        blob = bytearray()
    else:
        blob[at[damage]] ^= 0x01
    entry.write_bytes(bytes(blob))
    case, used = _load(SEED004, tmp_path)
    assert used == {"hit": 0, "miss": 0, "rejected": 1, "stored": 1}, used
    _same_case(case, _fresh(SEED004))
    _, used = _load(SEED004, tmp_path)  # rebuilt: whole again
    assert used["hit"] == 1, used


class _Canary:
    """A pickle that, if it were ever unpickled, would make a file: the proof that a foreign entry never is."""

    def __init__(self, path):
        self.path = path

    def __reduce__(self):
        return (Path.touch, (Path(self.path),))


def test_a_foreign_entry_is_never_unpickled(tmp_path):
    mine, theirs = tmp_path / "mine", tmp_path / "theirs"
    _load(SEED004, mine)
    (entry,) = _entries(mine)
    key = entry.key
    canary = tmp_path / "canary"
    other = cache.Store(theirs)
    assert other.open()
    assert other.secret != cache.store().secret
    blobs = []
    for value in (_Canary(canary), (_fresh(SEED004), None)):  # a hostile one, and the right value under another key
        other.put("case", key, value)
        (foreign,) = _entries(theirs)
        blobs.append(foreign.read_bytes())
        entry.write_bytes(foreign.read_bytes())  # a valid entry, made with another folder's secret
        case, used = _load(SEED004, mine)
        assert used == {"hit": 0, "miss": 0, "rejected": 1, "stored": 1}, used
        _same_case(case, _fresh(SEED004))
    assert not canary.exists()
    pickle.loads(blobs[0][len(cache.MAGIC) + cache.TAG:])  # the hostile pickle does run when unpickled: the test is real
    assert canary.exists()


def test_an_entry_under_another_name_is_refused(tmp_path):
    """The tag covers the key: a genuine entry of one file moved to the name of another's is not taken for it."""
    other = tmp_path / "other.yaml"
    other.write_text(SEED004.read_text(encoding="utf-8").replace("件名:", "件名: 別の案件\n旧件名:", 1).replace("旧件名:", "#", 1),
                     encoding="utf-8")
    _load(SEED004, tmp_path / "c")
    (a,) = _entries(tmp_path / "c")
    _load(other, tmp_path / "c")
    (b,) = [p for p in _entries(tmp_path / "c") if p != a]
    b.write_bytes(a.read_bytes())
    case, used = _load(other, tmp_path / "c")
    assert used["rejected"] == 1 and used["hit"] == 0, used
    assert case.title == "別の案件"


def test_a_stale_entry_is_not_used(tmp_path, monkeypatch):
    """Another checker (its sources, its libraries: the version key) never reads this one's entries."""
    first, _ = _load(SEED004, tmp_path)
    real = cache.version()
    monkeypatch.setitem(cache._memo, "version", hashlib.sha256(b"another checker").digest())
    _, used = _load(SEED004, tmp_path)
    assert used == {"hit": 0, "miss": 1, "rejected": 0, "stored": 1}, used
    assert len(_entries(tmp_path)) == 2
    monkeypatch.setitem(cache._memo, "version", real)
    _, used = _load(SEED004, tmp_path)
    assert used["hit"] == 1, used


def test_the_version_key_covers_the_sources_and_libraries(monkeypatch):
    v = cache.version()
    cache._memo.pop("version")
    assert cache.version() == v  # the same files, the same key
    cache._memo.pop("version")
    real = cache._sources
    monkeypatch.setattr(cache, "_sources", lambda: real() + b"one more byte")
    assert cache.version() != v
    cache._memo.pop("version")
    monkeypatch.setattr(cache, "_sources", real)
    import pydantic_core

    monkeypatch.setattr(pydantic_core, "__version__", "0.0.0")
    assert cache.version() != v
    monkeypatch.undo()
    cache._memo.pop("version")
    assert cache.version() == v
    cache._memo.pop("version")
    monkeypatch.setitem(cache._memo, ("library", "PyYAML", "yaml"), "another PyYAML")
    assert cache.version() != v


def test_a_library_is_known_by_its_installed_files(tmp_path, monkeypatch):
    """durable-rules and openpyxl in a key: the version their installer wrote (as importlib.metadata reads it) and
    their module's file, so another version or another install of one is another key; found without importing them."""
    from importlib.metadata import version

    code = ("import sys; from checker import cache; print(cache.library('openpyxl', 'openpyxl'));"
            "print('openpyxl' in sys.modules, 'importlib.metadata' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert out.endswith("\nFalse False\n")
    for dist, module in (("durable-rules", "durable_rules_engine"), ("openpyxl", "openpyxl")):
        assert f"{dist.replace('-', '_')}-{version(dist)}.dist-info" in cache.library(dist, module).split("\0")

    (tmp_path / "fake_lib_mod.py").write_text("")
    (tmp_path / "Fake_Lib-1.0.dist-info").mkdir()
    monkeypatch.syspath_prepend(str(tmp_path))

    def fresh():
        cache._memo.pop(("library", "fake-lib", "fake_lib_mod"), None)
        return cache.library("fake-lib", "fake_lib_mod")

    first = fresh()
    assert first.split("\0")[0] == str(tmp_path / "fake_lib_mod.py") and first.endswith("\0Fake_Lib-1.0.dist-info")
    (tmp_path / "Fake_Lib-1.0.dist-info").rename(tmp_path / "Fake_Lib-2.0.dist-info")  # another version
    second = fresh()
    assert second != first
    os.utime(tmp_path / "fake_lib_mod.py", ns=(1, 1))  # the same version installed again
    assert fresh() != second
    assert cache.library("no-such-library", "no_such_module") == "-"


def test_the_forms_entries_from_the_cache_are_those_built(tmp_path):
    """model.form keeps its entries by path (what a message says to write) in the cache: the same entries as built."""
    from checker.model import form

    built = {e.path: e for e in form.describe().walk()}
    cache.configure(tmp_path)
    try:
        for event in ("stored", "hit"):
            form._index.cache_clear()
            assert form._index() == built
            assert _counts(form.INDEX_KIND)[event] == 1
    finally:
        form._index.cache_clear()


def test_a_case_file_with_errors_is_never_cached(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(SEED004.read_text(encoding="utf-8").replace("付議日:", "付議日: 令和5年13月1日\n旧付議日:", 1), encoding="utf-8")
    folder = tmp_path / "c"
    outs = [invoke("check", bad, "--cache", folder, text=True) for _ in range(2)]
    off = invoke("check", bad, "--no-cache", text=True)
    for p in outs:
        assert p.returncode == 2
        assert f"{bad}:" in p.stderr and "付議日" in p.stderr, p.stderr
        assert p.stderr == off.stderr
    assert _entries(folder) == []
    audit = invoke("audit", tmp_path, "--cache", folder, "-j", "1", text=True)  # nor by the audit
    assert audit.returncode == 2 and f"{bad}:" in audit.stderr
    assert _entries(folder) == []


def test_a_changed_case_file_is_validated_again(tmp_path):
    f = tmp_path / "case.yaml"
    text = SEED004.read_text(encoding="utf-8")
    f.write_text(text, encoding="utf-8")
    first, _ = _load(f, tmp_path / "c")
    i = text.index("付議日:")
    line_end = text.index("\n", i)
    changed = text[:line_end] + " " + text[line_end:]  # one byte more (a space at a line's end): the same case
    f.write_text(changed, encoding="utf-8")
    again, used = _load(f, tmp_path / "c")
    assert used == {"hit": 0, "miss": 1, "rejected": 0, "stored": 1}, used
    _same_case(first, again)
    title = first.title
    f.write_bytes(f.read_bytes().replace(title.encode(), title[:-1].encode() + "X".encode(), 1))
    third, used = _load(f, tmp_path / "c")
    assert used["miss"] == 1 and third.title == title[:-1] + "X"
    f.write_text(text.replace("付議日:", "付議日: 令和5年13月1日\n旧付議日:", 1), encoding="utf-8")
    from checker.errors import InputError, InputErrors

    with pytest.raises((InputError, InputErrors)):
        _load(f, tmp_path / "c")


def _unwritable_folders(tmp_path) -> dict:
    plain = tmp_path / "a-file"
    plain.write_text("")
    taken = tmp_path / "database-a-folder"  # a cache folder whose database cannot be made
    taken.mkdir(mode=0o700)
    (taken / cache.DB_FILE).mkdir()
    readable = tmp_path / "database-readable"  # a database others may read: not used
    readable.mkdir(mode=0o700)
    (readable / cache.DB_FILE).write_bytes(b"")
    os.chmod(readable / cache.DB_FILE, 0o644)
    shared = tmp_path / "shared-key"  # a key others may read: not trusted
    shared.mkdir(mode=0o700)
    (shared / cache.KEY_FILE).write_bytes(os.urandom(32))
    os.chmod(shared / cache.KEY_FILE, 0o644)
    short = tmp_path / "short-key"
    short.mkdir(mode=0o700)
    (short / cache.KEY_FILE).write_bytes(b"x")
    os.chmod(short / cache.KEY_FILE, 0o600)
    out = {"under a file": plain / "cache", "database a folder": taken, "database readable by others": readable,
           "key readable by others": shared, "key of the wrong size": short}
    if os.geteuid() != 0:  # root writes whatever the mode says
        ro = tmp_path / "read-only"
        ro.mkdir(mode=0o500)
        out["read-only"] = ro
    return out


def test_a_cache_folder_that_cannot_be_used_changes_nothing(tmp_path):
    off = invoke("check", SEED004, N35, "--format", "json", "--no-cache")
    for what, folder in _unwritable_folders(tmp_path).items():
        for _ in range(2):
            p = invoke("check", SEED004, N35, "--format", "json", "--cache", folder)
            assert (p.returncode, p.stdout, p.stderr) == (off.returncode, off.stdout, off.stderr), what
        assert _entries(folder) == [], what


def test_where_the_cache_is(tmp_path, monkeypatch):
    monkeypatch.delenv("CHECKER_CACHE", raising=False)
    monkeypatch.delenv("CHECKER_CACHE_DIR", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache.folder() == tmp_path / "home" / ".cache" / "checker"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative")  # the XDG spec: ignored
    assert cache.folder() == tmp_path / "home" / ".cache" / "checker"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.folder() == tmp_path / "xdg" / "checker"
    monkeypatch.setenv("CHECKER_CACHE_DIR", str(tmp_path / "env"))
    assert cache.folder() == tmp_path / "env"
    monkeypatch.setenv("CHECKER_CACHE", "off")
    assert cache.folder() is None
    cache.configure(tmp_path / "option")  # --cache DIR: the command line wins over the environment
    assert cache.folder() == tmp_path / "option"
    cache.configure(tmp_path / "option", off=True)  # --no-cache
    assert cache.folder() is None


def test_the_folder_and_its_files_are_private(tmp_path):
    folder = tmp_path / "new" / "cache"
    _load(SEED004, folder)
    assert (folder.stat().st_mode & 0o777) == 0o700
    assert (os.stat(folder / cache.KEY_FILE).st_mode & 0o777) == 0o600
    assert len(_entries(folder)) == 1
    files = [p for p in folder.iterdir() if p.name.startswith(cache.DB_FILE)]  # the database, its -wal and -shm
    assert folder / cache.DB_FILE in files
    for p in files:
        assert (p.stat().st_mode & 0o777) == 0o600, p
    assert not [p for p in folder.rglob("*") if p.name.startswith(".")]  # no temporary file left


def test_concurrent_writers_leave_a_whole_entry(tmp_path):
    """Processes storing and reading one entry at once: every read is the whole value or none, never a part."""
    store = cache.Store(tmp_path)
    assert store.open()
    value = ("x" * 200_000, list(range(1000)))
    code = f"""
import sys
sys.path.insert(0, {str(ROOT)!r})
from pathlib import Path
from checker import cache
s = cache.Store(Path({str(tmp_path)!r}))
assert s.open()
value = ("x" * 200_000, list(range(1000)))
bad = 0
for i in range(60):
    s.put("case", "ab" * 32, value)
    got = s.get("case", "ab" * 32)
    bad += got is not None and got != value
bad += cache.stats.get(("case", "rejected"), 0)
print(bad)
"""
    procs = [subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True) for _ in range(4)]
    outs = [p.communicate(timeout=120)[0].strip() for p in procs]
    assert outs == ["0"] * 4, outs
    assert store.get("case", "ab" * 32) == value
    assert not [p for p in tmp_path.rglob("*") if p.name.startswith(".") and p.is_file()]


def test_the_rule_book_cache_follows_the_rule_files(tmp_path):
    """A changed pack, catalogue or 法令 file, or one added, loads the book again; an unchanged one is read from the cache
    with its compiled definitions; a pack with errors is never stored."""
    from checker.engine.compiler import Codec, compile_book, engine_parts
    from checker.run import load_book

    rules = tmp_path / "rules"
    shutil.copytree(RULES, rules, ignore=shutil.ignore_patterns("中野区"))
    cache.configure(tmp_path / "c")
    book = load_book([rules])
    assert _counts("book") == {"hit": 0, "miss": 1, "rejected": 0, "stored": 1}
    again = load_book([rules])
    assert _counts("book")["hit"] == 1
    assert [r.id for r in again.all()] == [r.id for r in book.all()]
    # the definitions a cached book carries are what compiling it gives
    fresh_codec, cached_codec = Codec(), Codec()
    strip = lambda d: {n: {k: v for k, v in x.items() if k != "run"} for n, x in d.items()}  # noqa: E731
    fresh = compile_book(_uncached_book(rules), lambda *a: None, fresh_codec)
    used = compile_book(again, lambda *a: None, cached_codec)
    assert strip(used) == strip(fresh)
    assert {k: v for k, v in vars(cached_codec).items() if k != "_plan"} == {k: v for k, v in vars(fresh_codec).items() if k != "_plan"}
    # what the engine takes of them (each rule's JSON text, the fields it reads): kept, and as compiling gives them
    kept_codec, fresh_codec = Codec(), Codec()
    kept_parts, fresh_parts = engine_parts(again, kept_codec), engine_parts(_uncached_book(rules), fresh_codec)
    assert kept_parts == fresh_parts
    assert kept_parts[0] is again.compiled[2] and kept_parts[1] is again.compiled[3]
    assert {k: v for k, v in vars(kept_codec).items() if k != "_plan"} == {k: v for k, v in vars(fresh_codec).items() if k != "_plan"}
    # every kind of file it reads is in the key
    pack = next(rules.glob("特記事項.yaml"))
    for change in (lambda: pack.write_text(pack.read_text(encoding="utf-8") + "\n", encoding="utf-8"),
                   lambda: (rules / "catalog" / "独自利用事務.yaml").write_text(
                       (rules / "catalog" / "独自利用事務.yaml").read_text(encoding="utf-8") + "\n", encoding="utf-8"),
                   lambda: (rules / "法令" / "番号法.yaml").write_text(
                       (rules / "法令" / "番号法.yaml").read_text(encoding="utf-8") + "\n", encoding="utf-8"),
                   lambda: shutil.copyfile(rules / "catalog" / "独自利用事務.yaml", rules / "catalog" / "_copy.yaml")):
        cache.stats.clear()
        change()
        try:
            load_book([rules])
        except Exception:
            pass  # the copied catalogue names itself twice: an error, never stored
        assert _counts("book")["hit"] == 0, change
    (rules / "catalog" / "_copy.yaml").unlink()
    text = pack.read_text(encoding="utf-8")
    pack.write_text(text.replace("severity: 高", "severity: 特大", 1), encoding="utf-8")
    for _ in range(2):
        p = invoke("check", SEED004, "--rules", rules, "--cache", tmp_path / "c", text=True)
        assert p.returncode == 2 and f"{pack}:" in p.stderr, p.stderr
    pack.write_text(text, encoding="utf-8")
    cache.stats.clear()
    load_book([rules])
    assert _counts("book")["hit"] == 1  # back to the bytes stored before


def _uncached_book(rules):
    from checker.rules import load_rulebook

    return load_rulebook([rules])


def test_precompiled_definitions_are_only_for_their_own_rules(book):
    from checker.engine.compiler import _precompiled, precompile
    from checker.rules import RuleBook

    book.compiled = precompile(book)
    try:
        assert _precompiled(book) is not None
        fewer = RuleBook(rules={k: v for k, v in list(book.rules.items())[:3]}, packs=book.packs, provisions=book.provisions)
        fewer.compiled = book.compiled
        assert _precompiled(fewer) is None
    finally:
        book.compiled = None


@pytest.mark.parametrize("command", ["check", "meeting", "audit", "explain", "diff", "test", "rules"])
def test_every_command_that_reads_cases_or_rules_has_the_options(command):
    p = invoke(command, "--help", text=True)
    assert "--cache フォルダ" in p.stdout and "--no-cache" in p.stdout, p.stdout
    assert "キャッシュ" in p.stdout


@pytest.mark.slow
def test_audit_with_workers_shares_the_cache(tmp_path):
    """audit -j 2 over 300 files (two blocks, one a worker): the workers store and read entries; the same bytes cold,
    warm and off."""
    work = tmp_path / "cases"
    files = [p for p in sorted(CASES.rglob("*.yaml")) if not p.name.startswith("_")]
    for i in range(300):
        src = files[i % len(files)]
        d = work / f"{i // 100}"
        d.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, d / f"{i:03d}_{src.name}")
        if "前回の案件" in src.read_text(encoding="utf-8"):  # it names a file beside it
            text = src.read_text(encoding="utf-8")
            (d / f"{i:03d}_{src.name}").write_text(
                "\n".join(ln for ln in text.splitlines() if not ln.startswith("前回の案件")) + "\n", encoding="utf-8")
    folder = tmp_path / "c"
    env = {k: v for k, v in os.environ.items() if k not in ("CHECKER_CACHE", "CHECKER_CACHE_DIR")}

    def run(*extra):
        return subprocess.run([sys.executable, "-m", "checker", "audit", str(work), "-j", "2", "--format", "json", "-o", "-",
                               *extra], capture_output=True, cwd=ROOT, env=env, timeout=600)

    cold = run("--cache", str(folder))
    stored = _contents(folder)
    warm, off = run("--cache", str(folder)), run("--no-cache")
    assert _contents(folder) == stored  # the warm run read them, added none
    assert cold.returncode in (0, 1), cold.stderr
    assert cold.stdout == warm.stdout == off.stdout
    assert cold.stderr == warm.stderr == off.stderr
    assert 0 < len(_entries(folder)) <= len(files)
    assert not [p for p in folder.rglob("*") if p.name.startswith(".")]


def test_a_fifo_or_a_symlink_planted_as_the_database_is_not_followed(tmp_path):
    """Whoever can write the folder cannot make a run hang (a FIFO) or lead it elsewhere (a symlink) by planting either as
    the database: neither is opened, the run goes on without the cache (the same case), and the symlink's target is left
    as it was. A file that is not a database (damaged) is made afresh."""
    import signal

    folder = tmp_path / "c"
    _load(SEED004, folder)
    db = folder / cache.DB_FILE
    elsewhere = tmp_path / "elsewhere"
    elsewhere.write_bytes(b"not the cache")
    old = signal.signal(signal.SIGALRM, lambda *a: (_ for _ in ()).throw(TimeoutError("the open blocked")))
    try:
        for plant in (lambda: os.mkfifo(db), lambda: os.symlink(elsewhere, db)):
            for p in folder.glob(cache.DB_FILE + "*"):
                p.unlink()
            plant()
            cache._stores.clear()
            signal.alarm(10)
            case, used = _load(SEED004, folder)
            signal.alarm(0)
            assert used == {"hit": 0, "miss": 0, "rejected": 0, "stored": 0}, used  # not used
            _same_case(case, _fresh(SEED004))
        assert elsewhere.read_bytes() == b"not the cache"
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
    db.unlink()
    db.write_bytes(b"garbage, not a database " * 100)
    os.chmod(db, 0o600)
    cache._stores.clear()
    case, used = _load(SEED004, folder)
    assert used == {"hit": 0, "miss": 1, "rejected": 0, "stored": 1}, used  # made afresh, and used
    _, used = _load(SEED004, folder)
    assert used["hit"] == 1, used


def test_the_command_line_choice_reaches_the_case_models_entry(tmp_path):
    """--cache DIR and --no-cache reach the case model's prebuilt validator (it reads only the environment): its entry is
    written in DIR, and nowhere with --no-cache, in a fresh process."""
    import os
    import subprocess
    import sys

    from conftest import SEED004

    env = {k: v for k, v in os.environ.items() if not k.startswith("CHECKER_CACHE")}
    env["XDG_CACHE_HOME"] = str(tmp_path / "xdg")
    run = lambda *a: subprocess.run([sys.executable, "-m", "checker", "check", str(SEED004), *a], env=env, capture_output=True)  # noqa: E731
    run("--cache", str(tmp_path / "mine"))
    assert list((tmp_path / "mine").glob("case-model-*.json")) and not (tmp_path / "xdg").exists()
    run("--no-cache")
    assert not (tmp_path / "xdg").exists()


def test_kept_verdicts_follow_the_case_and_the_rules(tmp_path):
    """An audit's verdicts are kept under the case's content and the rule book's (run.kept): a warm audit reads them back;
    one changed fact of the case (№38: 区の承諾 なし makes TOKKI-10 its only 不適合) or one changed byte of a pack judges
    again, and every run prints what the run without the cache prints."""
    from checker.run import kept

    rules, work, folder = tmp_path / "rules", tmp_path / "cases", tmp_path / "c"
    shutil.copytree(RULES, rules, ignore=shutil.ignore_patterns("中野区"))
    work.mkdir()
    case = work / N38.name
    case.write_text(N38.read_text(encoding="utf-8"), encoding="utf-8")

    def audit(*cache_args):
        before = dict(cache.stats)
        p = invoke("audit", work, "--rules", rules, "--format", "csv", "-o", "-", "-j", "1", *cache_args)
        return p, {e: cache.stats.get((kept.KIND, e), 0) - before.get((kept.KIND, e), 0) for e in ("hit", "miss", "stored")}

    def same_as_off(p):
        off, _ = audit("--no-cache")
        assert (p.returncode, p.stdout) == (off.returncode, off.stdout)
        return off.stdout.decode("utf-8-sig")

    cold, used = audit("--cache", folder)
    assert used == {"hit": 0, "miss": 1, "stored": 1}, used
    warm, used = audit("--cache", folder)
    assert used == {"hit": 1, "miss": 0, "stored": 0}, used
    assert cold.stdout == warm.stdout
    first = same_as_off(warm)
    case.write_text(case.read_text(encoding="utf-8").replace("    区の承諾: あり\n", "    区の承諾: なし\n", 1), encoding="utf-8")
    changed, used = audit("--cache", folder)
    assert used == {"hit": 0, "miss": 1, "stored": 1}, used
    assert same_as_off(changed) != first
    case.write_text(case.read_text(encoding="utf-8") + WAIVER, encoding="utf-8")  # its 不適合 excused: 承諾・免除 on a kept run
    for expected in ({"hit": 0, "miss": 1, "stored": 1}, {"hit": 1, "miss": 0, "stored": 0}):
        waived, used = audit("--cache", folder)
        assert used == expected, used
        assert "免" in same_as_off(waived)
    pack = rules / "特記事項.yaml"
    pack.write_text(pack.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    again, used = audit("--cache", folder)
    assert used == {"hit": 0, "miss": 1, "stored": 1}, used
    same_as_off(again)


def test_a_kept_entry_of_another_shape_is_not_taken(book):
    """unpack takes only what pack makes for this very book: another rule count, an unknown outcome or version, or
    anything else is None (judged again)."""
    from checker.run import kept

    n = len(book.rules)
    good = (bytes(n), bytes(n), ())
    assert kept.unpack(book, "x", good) is not None
    for bad in (None, (), (bytes(n - 1), bytes(n - 1), ()), (bytes([9]) * n, bytes(n), ()), (bytes(n), bytes([200]) * n, ()),
                (bytes(n), bytes(n), ((n + 5, []),)), [bytes(n), bytes(n), ()], (bytes(n), bytes(n))):
        assert kept.unpack(book, "x", bad) is None and not kept.fits(book, bad), bad


def test_entries_put_in_a_batch_are_written_together_at_its_end(tmp_path):
    """Store.batch (the audit's blocks): entries put inside are not there until it ends, then all are, whole; a batch
    inside another leaves the writing to the outer one; a value that does not pickle is passed by."""
    store = cache.Store(tmp_path)
    assert store.open()
    with store.batch():
        store.put("case", "a" * 64, ("A", 1))
        with store.batch():
            store.put("case", "b" * 64, ("B", 2))
            store.put("case", "c" * 64, lambda: None)  # does not pickle: not stored
        assert _entries(tmp_path) == [] and store.get("case", "a" * 64) is None
    assert [r.key for r in _entries(tmp_path)] == ["a" * 64, "b" * 64]
    assert store.get("case", "a" * 64) == ("A", 1) and store.get("case", "b" * 64) == ("B", 2)
    assert cache.stats[("case", "stored")] == 2
