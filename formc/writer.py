"""Write build outputs safely: a locked output folder, a crash-safe commit, nothing outside the folder.

A build writes every changed file next to its destination under a temporary
name (``.<name>.formc-<random>.tmp``) first. Only when every file is staged
does it write a journal (``.formc-journal.json``: the renames, the deletions
and the new manifest) — that single atomic write is the commit point — and
then apply it: rename the staged files into place, delete stale outputs,
write the manifest, remove the journal.

A build killed at any moment leaves either staged files and no journal (the
previous outputs are untouched; the next build removes the staged files) or
a journal (the next build replays it to the end). :func:`recover` does both
and reports that the previous build did not finish, so the next build checks
every output against the manifest's hashes instead of trusting sizes and
modification times. :class:`OutputLock` (an ``fcntl`` lock on
``.formc-lock``) keeps a second build out of a folder another build writes.

Files are created with the mode the umask allows (0644 under the usual 022).
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import hashlib
import json
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MANIFEST = ".formc-manifest.json"
SUMMARIES = ".formc-summaries.json"  # per (target, form): what the target's shared files need from the form
JOURNAL = ".formc-journal.json"
LOCK = ".formc-lock"
_TEMP_MARK = ".formc-"  # in every temporary name formc creates: .<name>.formc-<random>.tmp


class UnsafePath(Exception):
    pass


class OutputBusy(Exception):
    """Another process holds the output folder's lock."""


class OutputRoot:
    """Paths under one output folder, checked against the folder resolved once.

    The folder and each distinct subfolder are resolved on disk once per instance
    (a build has a handful); a file is checked lexically and with one ``lstat``
    (a symlinked file is resolved in full), not with a resolve of every path.
    Use one instance for one operation: a folder replaced by a symlink later is
    not seen by an instance that resolved it before.
    """

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self._folders: dict[str, Path] = {}

    def join(self, relative: str) -> Path:
        """``root / relative``, refusing absolute paths and any path that leaves ``root``."""
        candidate = Path(relative)
        if candidate.is_absolute() or ".." in candidate.parts or relative.startswith(("/", "\\")) or not candidate.parts:
            raise UnsafePath(f"refusing to write outside the output folder: {relative}")
        parent = candidate.parent.as_posix()
        folder = self._folders.get(parent)
        if folder is None:
            folder = (self.root / parent).resolve()
            if folder != self.root and self.root not in folder.parents:
                raise UnsafePath(f"refusing to write outside the output folder: {relative}")
            self._folders[parent] = folder
        target = folder / candidate.name
        if candidate.name in (".", ".."):
            raise UnsafePath(f"refusing to write outside the output folder: {relative}")
        if target.is_symlink():  # else a name in a folder checked above: inside the output folder
            target = target.resolve()
            if self.root not in target.parents:
                raise UnsafePath(f"refusing to write outside the output folder: {relative}")
        return target


    def quick_signature(self, relative: str) -> list[int] | None:
        """Size and modification time of the regular file at ``relative``, with one ``lstat``, when its folder
        was checked already (by :meth:`join`); None when it is anything else or needs the full check."""
        parent, _, name = relative.rpartition("/")
        folder = self._folders.get(parent or ".")
        if folder is None or name in ("", ".", "..") or "\\" in relative or "/../" in f"/{relative}":
            return None
        try:
            info = os.lstat(f"{folder}/{name}")
        except OSError:
            return None
        return [info.st_size, info.st_mtime_ns] if stat.S_ISREG(info.st_mode) else None


def safe_join(root: Path, relative: str) -> Path:
    """``root / relative``, refusing absolute paths and any path that leaves ``root`` (one check; see :class:`OutputRoot`)."""
    return OutputRoot(root).join(relative)


def umask() -> int:
    """The process's umask, read without changing it where /proc allows."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)  # no /proc: read the umask by setting it, and put it back at once
    os.umask(mask)
    return mask


def is_temporary(name: str) -> bool:
    """Whether ``name`` is a temporary file name formc gives to a file being written."""
    return name.startswith(".") and _TEMP_MARK in name and name.endswith(".tmp")


def _write_temporary(folder: Path, name: str, content: bytes) -> Path:
    """``content`` in a new temporary file in ``folder``, with the umask's mode."""
    folder.mkdir(parents=True, exist_ok=True)
    for _ in range(100):
        path = folder / f".{name}{_TEMP_MARK}{os.urandom(6).hex()}.tmp"
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)  # the umask applies
        except FileExistsError:
            continue
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(content)
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        return path
    raise FileExistsError(errno.EEXIST, "no free temporary name", str(folder))


def write_atomic(path: Path, content: bytes) -> None:
    """Replace ``path`` by ``content`` in one rename: readers see the old or the new file, never a part."""
    tmp = _write_temporary(path.parent, path.name, content)
    try:
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def exchange(first: Path, second: Path) -> bool:
    """Swap two paths in one step (Linux ``renameat2(RENAME_EXCHANGE)``); False where that is not available."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EPERM):
        return False
    raise OSError(code, os.strerror(code), str(first))


class OutputLock:
    """Holds an exclusive ``fcntl`` lock on ``<out>/.formc-lock`` while one build writes the folder."""

    def __init__(self, out: Path):
        self.out = out
        self.fd: int | None = None
        self.created = False

    def __enter__(self) -> "OutputLock":
        self.created = not self.out.exists()
        self.out.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.out / LOCK, os.O_RDWR | os.O_CREAT, 0o666)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            holder = os.read(fd, 32).decode("ascii", "replace").strip()
            os.close(fd)
            if exc.errno not in (errno.EAGAIN, errno.EACCES):
                raise
            who = f" (process {holder})" if holder.isdigit() else ""
            raise OutputBusy(f"another formc build is writing to {self.out}{who}; "
                             "wait for it to finish, or build into another folder with -o") from None
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self.fd = fd
        return self

    def __exit__(self, *exc: object) -> None:
        if self.fd is None:
            return
        if self.created and [p.name for p in self.out.iterdir()] == [LOCK]:
            (self.out / LOCK).unlink()  # a build that wrote nothing leaves no folder behind
            self.out.rmdir()
        os.close(self.fd)  # closing the descriptor releases the lock
        self.fd = None


@dataclass
class Manifest:
    """What the last build produced: per (target, form) the input key and the files with their hashes."""

    entries: dict[str, dict] = field(default_factory=dict)
    _roots: dict[Path, OutputRoot] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def read(cls, out: Path) -> "Manifest":
        try:
            data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
            return cls(data.get("entries", {}))
        except (OSError, ValueError, AttributeError):
            return cls()

    def _root(self, out: Path) -> OutputRoot:
        """The output folder, resolved once for this manifest's checks."""
        if out not in self._roots:
            self._roots[out] = OutputRoot(out)
        return self._roots[out]

    def unchanged(self, out: Path, key: str, input_key: str, verify: bool = False) -> bool:
        """Whether the outputs of ``key`` were built from ``input_key`` and are intact.

        Files whose size and modification time are as written are trusted, like make does,
        unless ``verify``: then every file is checked against its hash.
        """
        entry = self.entries.get(key)
        if not entry or entry.get("input") != input_key:
            return False
        signatures = {} if verify else entry.get("stat", {})
        root = self._root(out)
        for rel, digest in entry["files"].items():
            if signatures and root.quick_signature(rel) == signatures.get(rel) is not None:
                continue  # a plain file in a checked folder, as the last build wrote it
            try:
                path = root.join(rel)
                if signatures.get(rel) == _signature(path):
                    continue
                if hashlib.sha256(path.read_bytes()).hexdigest() != digest:
                    return False
            except (OSError, UnsafePath):
                return False
        return True

    def files(self) -> dict[str, tuple[str, list[int] | None]]:
        """Every output file the manifest records: its sha256 and its size and mtime as written."""
        found = {}
        for entry in self.entries.values():
            signatures = entry.get("stat", {})
            for rel, digest in entry.get("files", {}).items():
                found[rel] = (digest, signatures.get(rel))
        return found

    def to_bytes(self) -> bytes:
        compact = json.dumps({"formc_manifest": 1, "entries": self.entries}, sort_keys=True, separators=(",", ":"))
        return (compact + "\n").encode()


def _signature(path: Path) -> list[int]:
    stat = path.stat()
    return [stat.st_size, stat.st_mtime_ns]


class Stager:
    """Stages one process's share of a build: each changed file written under a temporary name next to its
    destination (nothing is replaced until :func:`commit`).

    A file whose bytes equal what is already at the destination is not staged. Build worker processes
    each have one; the staged pairs (temporary, destination), relative to the output folder, go to the
    process that commits.
    """

    def __init__(self, out: Path, previous_files: dict[str, tuple[str, list[int] | None]] | None = None) -> None:
        """``previous_files``: :meth:`Manifest.files` of the last build, when its size-and-mtime records
        can be trusted (not after an interrupted build)."""
        self.paths = OutputRoot(out)
        self.previous_files = previous_files or {}
        self.staged: list[tuple[str, str]] = []
        self.signatures: dict[str, list[int]] = {}  # size and mtime each file will have once in place

    def stage(self, rel: str, content: bytes) -> str:
        """Stage ``content`` for ``rel`` unless the destination already holds it; returns its sha256."""
        destination = self.paths.join(rel)
        digest = hashlib.sha256(content).hexdigest()
        signature = self._holds(destination, rel, digest, content)
        if signature is None:
            tmp = _write_temporary(destination.parent, destination.name, content)
            self.staged.append((tmp.relative_to(self.paths.root).as_posix(), rel))
            signature = _signature(tmp)  # a rename keeps the size and the modification time
        self.signatures[rel] = signature
        return digest

    def _holds(self, destination: Path, rel: str, digest: str, content: bytes) -> list[int] | None:
        """The destination's signature when it holds ``content`` already, else None."""
        known = self.previous_files.get(rel)
        try:
            if known is not None and known[0] == digest and known[1] is not None:
                if _signature(destination) == known[1]:
                    return known[1]  # as the last build wrote it (size and mtime), like make trusts it
            signature = _signature(destination)
            return signature if destination.read_bytes() == content else None
        except OSError:
            return None

    def discard(self) -> None:
        """Remove every staged file (a failed build leaves the output folder as it was)."""
        discard_staged(self.paths.root, self.staged)
        self.staged = []


def discard_staged(out: Path, staged: list[tuple[str, str]]) -> None:
    """Remove staged temporary files (given relative to ``out``)."""
    for tmp_rel, _ in staged:
        if is_temporary(Path(tmp_rel).name):
            (out / tmp_rel).unlink(missing_ok=True)


def commit(out: Path, staged: list[tuple[str, str]], manifest: Manifest, stale: set[str],
           summaries: dict[str, Any]) -> int:
    """Put ``staged`` files (temporary, destination; relative to ``out``) in place with the new manifest and
    summaries, and remove ``stale`` files.

    The manifest and the summaries are staged too; then the journal of renames (the manifest last) and
    deletions is written in one atomic write — the commit point — and applied. Returns the number of
    output files whose bytes changed.
    """
    bookkeeping = []
    for name, content in ((SUMMARIES, _summaries_bytes(summaries)), (MANIFEST, manifest.to_bytes())):
        tmp = _write_temporary(out, name, content)
        bookkeeping.append([tmp.relative_to(out).as_posix(), name])
    written = {dest for _, dest in staged}
    journal = {
        "formc_journal": 2,
        "rename": sorted([list(pair) for pair in staged], key=lambda pair: pair[1]) + bookkeeping,
        "delete": sorted(stale - written),
    }
    write_atomic(out / JOURNAL, json.dumps(journal, sort_keys=True).encode())  # the commit point
    _apply(out, journal)
    return len(staged)


def _summaries_bytes(summaries: dict[str, Any]) -> bytes:
    return (json.dumps({"formc_summaries": 1, "summaries": summaries}, sort_keys=True, ensure_ascii=False,
                       separators=(",", ":")) + "\n").encode()


def read_summaries(out: Path) -> dict[str, Any]:
    """The per (target, form) summaries the last build in ``out`` kept; empty when there are none."""
    try:
        data = json.loads((out / SUMMARIES).read_bytes())
        return data["summaries"] if isinstance(data, dict) and isinstance(data.get("summaries"), dict) else {}
    except (OSError, ValueError, KeyError):
        return {}


def _apply(out: Path, journal: dict[str, Any]) -> None:
    """Carry out a journal; safe to repeat after an interruption at any point."""
    paths = OutputRoot(out)
    for tmp_rel, dest_rel in journal["rename"]:
        tmp, destination = paths.join(tmp_rel), paths.join(dest_rel)
        if tmp.exists():  # else renamed already, before the interruption
            os.replace(tmp, destination)
    for rel in journal["delete"]:
        try:
            paths.join(rel).unlink(missing_ok=True)
        except (OSError, UnsafePath):
            pass
    (out / JOURNAL).unlink()


def recover(out: Path) -> bool:
    """Finish or roll back a build that was interrupted in ``out``; True when there was one.

    A journal is replayed to its end; staged files without a journal are removed (the
    previous outputs were not touched yet). Call it holding the folder's :class:`OutputLock`.
    """
    if not out.is_dir():
        return False
    interrupted = False
    journal_path = out / JOURNAL
    if journal_path.exists():
        interrupted = True
        try:
            journal = json.loads(journal_path.read_text(encoding="utf-8"))
            valid = isinstance(journal, dict) and journal.get("formc_journal") == 2
        except (OSError, ValueError):
            valid = False
        if valid:
            _apply(out, journal)
        else:
            journal_path.unlink()
            (out / MANIFEST).unlink(missing_ok=True)  # nothing known about the outputs: rebuild all
    return remove_temporaries(out) or interrupted


def remove_temporaries(out: Path) -> bool:
    """Remove every file formc was writing under ``out`` (hold the folder's lock); True when there was one."""
    found = False
    for folder, subfolders, names in os.walk(out):
        for name in names:
            if is_temporary(name):
                Path(folder, name).unlink(missing_ok=True)
                found = True
    return found
