"""Where a report goes: stdout, or a file written atomically (a temporary file in the same folder, then
os.replace), so a reader never sees half a report and a failure leaves nothing behind.

What is already at the path is never destroyed: a symbolic link is followed (its target is written, atomically beside
the target), a FIFO or a device (/dev/null, /dev/stdout) is written straight into, a folder is refused."""
from __future__ import annotations

import os
import stat
import sys
from pathlib import Path
from typing import Iterable

from . import EXTENSIONS

REPORTS_DIR = "reports"
BUFFER = 1 << 16


def default_path(command: str, key: str | None, fmt: str) -> Path:
    """reports/meeting-2023-12-21.html, reports/audit.csv …"""
    name = command if not key or key == command else f"{command}-{key}"
    return Path(REPORTS_DIR) / f"{name}.{EXTENSIONS[fmt]}"


def _encode(chunks: Iterable[str | bytes]) -> Iterable[bytes]:
    """Pieces of text as UTF-8 bytes, in blocks of about 64 KiB; bytes (a workbook) pass as they are."""
    buf: list[str] = []
    size = 0
    for c in chunks:
        if isinstance(c, bytes):
            if buf:
                yield "".join(buf).encode("utf-8")
                buf, size = [], 0
            yield c
            continue
        buf.append(c)
        size += len(c)
        if size >= BUFFER:
            yield "".join(buf).encode("utf-8")
            buf, size = [], 0
    if buf:
        yield "".join(buf).encode("utf-8")


def write_stdout(chunks: Iterable[str]) -> None:
    out = sys.stdout.buffer
    for b in _encode(chunks):
        out.write(b)
    out.flush()


class NotAFile(OSError):
    """The output path names something a report cannot be written to (a folder)."""


class NoFolder(OSError):
    """The output path's folder does not exist (and --mkdir was not given)."""


def _stream(path: Path, chunks: Iterable[str]) -> None:
    with open(path, "wb") as f:  # a FIFO or a device: written into, never replaced
        for b in _encode(chunks):
            f.write(b)


def _target(path: Path) -> Path:
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def missing_folder(path: str | Path, mkdir: bool = False) -> str | None:
    """Why a report cannot go to path because of its folder, or None: the folder (of a symbolic link's target) must be
    there, or may be made (with mkdir, or when it is the default reports/). A mistyped -o never makes folders silently.
    Asked before any work (cli) and again when writing (write_report)."""
    folder = _target(Path(path)).parent
    if not folder.is_dir() and (folder.exists() or not (mkdir or folder.resolve() == Path(REPORTS_DIR).resolve())):
        return f"フォルダ {folder} がありません（作るときは --mkdir）"
    return None


def write_report(path: str | Path, chunks: Iterable[str], mkdir: bool = False) -> Path:
    """Write the report to path without destroying what is there: follow a symbolic link, stream into a FIFO or a
    device, refuse a folder (NotAFile); a regular file or a new path is written atomically (write_atomic), a replaced
    file keeping its mode (and its owner where the process may set it). A missing folder: missing_folder."""
    path = Path(path)
    why = missing_folder(path, mkdir)
    if why:
        raise NoFolder(2, why, str(path))
    target = _target(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None and stat.S_ISDIR(mode):
        raise NotAFile(21, "フォルダです（ファイル名を指定してください）", str(path))
    if mode is not None and not stat.S_ISREG(mode):
        _stream(target, chunks)
        return path
    write_atomic(target, chunks)
    return path


def write_atomic(path: str | Path, chunks: Iterable[str]) -> Path:
    """Write the report to path through a temporary file beside it; on any error the temporary file is removed."""
    import tempfile  # only when a file is written (some 3 ms of a report to stdout)

    path = Path(path)
    try:
        old = os.stat(path)
    except FileNotFoundError:
        old = None
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            for b in _encode(chunks):
                f.write(b)
            f.flush()
            os.fsync(f.fileno())
        if old is None:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)  # as an ordinary new file would be (mkstemp makes it 0600)
        else:  # the file it replaces keeps its mode, and its owner where this process may give it
            os.chmod(tmp, stat.S_IMODE(old.st_mode))
            if (old.st_uid, old.st_gid) != (os.getuid(), os.getgid()):
                try:
                    os.chown(tmp, old.st_uid, old.st_gid)
                except PermissionError:
                    pass
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    return path
