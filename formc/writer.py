"""Write build outputs safely: a locked output folder, a crash-safe commit, nothing outside the folder.

A build marks the folder (``.formc-staging``) and then writes every changed
file next to its destination under a temporary name
(``.<name>.formc-<random>.tmp``). Only when every file is staged does it write
a journal (``.formc-journal.json``: the renames, the new summaries and manifest
last, and the deletions) — that single atomic write is the commit point — and
then apply it: rename the staged files into place, delete stale outputs,
remove the journal, then the mark.

A build killed at any moment leaves either the mark and staged files but no
journal (the previous outputs are untouched; the next build removes the staged
files) or a journal (the next build replays it to the end). :func:`recover`
does both and reports that the previous build did not finish, so the next
build checks every output against the manifest's hashes instead of trusting
sizes and modification times; without the mark it does not search the folder
for staged files at all. :class:`OutputLock` (an ``fcntl`` lock on
``.formc-lock``) keeps a second build out of a folder another build writes.

Files are created with the mode the umask allows (0644 under the usual 022).

The path of one file costs few system calls: its folder is checked (resolved
inside the output folder) once per process and operation; staging a file asks
one ``lstat`` of the destination (its size and time, or nothing there; not in a
target folder the build made, where nothing is before the commit), then
opens, writes, ``fstat``s (the record's size and time: the rename keeps them)
and closes the temporary file; the commit renames it onto the destination's
directory entry. A rename or an unlink never follows a symlink at the
destination: a symlinked output is replaced by the file, never written through;
one that points outside the output folder is refused when it is staged, and a
folder that leads outside is refused at staging and again at the commit. Files are
created, renamed and removed through a descriptor of their folder opened when it
was checked (:meth:`OutputRoot.descriptor`), so a folder swapped for a symlink
later does not redirect them.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import json
import os
import stat
import time
import weakref
from pathlib import Path
from typing import Any, Collection

from formc.files import read_regular

try:  # built from _quickstat.c by `pip install`, where a C compiler is there
    from formc import _quickstat
except ImportError:  # pragma: no cover - the same answers in Python, a file at a time
    _quickstat = None

MANIFEST = ".formc-manifest.json"  # see formc.manifest
JOURNAL = ".formc-journal.json"
LOCK = ".formc-lock"
STAGING = ".formc-staging"  # there while a build may have temporary files in the folder
_TEMP_MARK = ".formc-"  # in every temporary name formc creates: .<name>.formc-<random>.tmp


class UnsafePath(Exception):
    pass


class OutputBusy(Exception):
    """Another process holds the output folder's lock."""


class OutputRoot:
    """Paths under one output folder, checked against the folder resolved once.

    A relative path is checked lexically; its folder is resolved on disk once per instance (a build has a
    handful) and refused when it leads out of the output folder. :meth:`entry` stops there: the path of the
    directory entry itself, for a rename onto it or an unlink of it, which never follow a symlink there.
    :meth:`join` resolves a symlinked file in full and refuses one that points outside. Use one instance for
    one operation: a folder replaced by a symlink later is not seen by an instance that resolved it before.
    """

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self._prefixes: dict[str, str] = {}  # a checked folder, as relative paths name it ("": the root) → its path and "/"
        self._descriptors: dict[str, int] = {}  # a checked folder → an open descriptor of it (see descriptor)
        weakref.finalize(self, _close_all, self._descriptors)

    def split(self, relative: str) -> tuple[str, str]:
        """(folder, name) of ``relative`` (``a/b/c.html`` → ``a/b``, ``c.html``), refusing absolute paths, ``..``
        and an empty path."""
        parts = relative.split("/")
        if "" not in parts and "." not in parts and ".." not in parts and relative[0] != "\\":
            return relative[:-len(parts[-1]) - 1] if len(parts) > 1 else "", parts[-1]  # the usual: a/b/c.html
        candidate = Path(relative)  # anything else as pathlib reads it: a//b, ./a (the same as a/b, a)
        if candidate.is_absolute() or ".." in candidate.parts or relative.startswith(("/", "\\")) or not candidate.parts:
            raise UnsafePath(f"refusing to write outside the output folder: {relative}")
        return ("" if len(candidate.parts) == 1 else candidate.parent.as_posix()), candidate.name

    def folder(self, folder: str, relative: str = "") -> str:
        """The checked path of ``folder`` (as :meth:`split` gives it) with a trailing "/", resolved once."""
        prefix = self._prefixes.get(folder)
        if prefix is None:
            resolved = (self.root / folder).resolve() if folder else self.root
            if resolved != self.root and self.root not in resolved.parents:
                raise UnsafePath(f"refusing to write outside the output folder: {relative or folder}")
            prefix = self._prefixes[folder] = f"{resolved}/"
        return prefix

    def descriptor(self, folder: str, relative: str = "", make: bool = True) -> int:
        """An open descriptor of ``folder`` (as :meth:`split` gives it; made when missing and ``make``), checked
        inside the output folder where the descriptor finds it, once per instance.

        What is created, renamed or removed through it happens in the folder that was checked: a folder
        swapped for a symlink afterwards (by someone else who can write in the output folder) does not
        redirect it outside. Raises FileNotFoundError when the folder is missing and not ``make``.
        """
        fd = self._descriptors.pop(folder, None)  # (put back last: the least recently used is closed first)
        if fd is None:
            prefix = self.folder(folder, relative)
            try:
                fd = os.open(prefix, os.O_RDONLY | os.O_DIRECTORY)
            except FileNotFoundError:
                if not make:
                    raise
                os.makedirs(prefix, exist_ok=True)
                fd = os.open(prefix, os.O_RDONLY | os.O_DIRECTORY)
            if not self._holds_inside(fd, prefix):
                os.close(fd)
                raise UnsafePath(f"refusing to write outside the output folder: {relative or folder}")
            if len(self._descriptors) >= _DESCRIPTORS_MAX:
                os.close(self._descriptors.pop(next(iter(self._descriptors))))
        self._descriptors[folder] = fd
        return fd

    def _holds_inside(self, fd: int, prefix: str) -> bool:
        """Whether the folder open as ``fd`` is in the output folder now (it was, at ``prefix``, just before)."""
        try:
            where = Path(os.readlink(f"/proc/self/fd/{fd}"))
        except OSError:  # no /proc: the folder opened must be the one checked
            opened, checked = os.fstat(fd), os.stat(prefix, follow_symlinks=False)
            return (opened.st_dev, opened.st_ino) == (checked.st_dev, checked.st_ino)
        return where == self.root or self.root in where.parents

    def close(self) -> None:
        """Close the descriptors of :meth:`descriptor` (else closed when the instance is let go)."""
        _close_all(self._descriptors)

    def entry(self, relative: str) -> str:
        """The path of ``relative``'s directory entry, its folder checked (no system call once the folder is)."""
        folder, name = self.split(relative)
        return self.folder(folder, relative) + name

    def join(self, relative: str) -> Path:
        """``root / relative``, refusing absolute paths and any path that leaves ``root``; a symlinked file is
        resolved (and refused when it points outside)."""
        entry = self.entry(relative)
        if os.path.islink(entry):  # else a name in a folder checked above: inside the output folder
            target = Path(entry).resolve()
            if self.root not in target.parents:
                raise UnsafePath(f"refusing to write outside the output folder: {relative}")
            return target
        return Path(entry)

    def quick_signature(self, relative: str) -> tuple[int, int] | None:
        """Size and modification time of the regular file at ``relative``, with one ``lstat`` once its folder
        is checked; None when it is anything else (a symlink: see :meth:`join`), missing or refused."""
        parent, _, name = relative.rpartition("/")
        prefix = self._prefixes.get(parent)  # a folder checked already: its files need no more than a name check
        try:
            if prefix is None or name in ("", ".", "..") or relative[0] == "\\":
                info = os.lstat(self.entry(relative))
            else:
                info = os.lstat(prefix + name)
        except (OSError, UnsafePath):
            return None
        return (info.st_size, info.st_mtime_ns) if stat.S_ISREG(info.st_mode) else None

    def unmatched(self, groups: dict[str, dict[str, Any]]) -> dict[str, list[str]] | None:
        """Of the outputs ``groups`` list (group → {relative path: [sha256, size, mtime_ns]}), those whose
        ``lstat`` is not a regular file of the recorded size and time, by group (groups whose outputs all
        match are left out): :meth:`quick_signature`'s answer for every output at once, in compiled code on
        every core (formc/_quickstat.c). None where that is not built, or where a folder of the outputs is
        not a plain folder inside the output folder: then check each output with :meth:`quick_signature`.
        """
        if _quickstat is None:
            return None
        unmatched, folders = _quickstat.mismatches(os.fsencode(f"{self.root}/"), list(groups.values()))
        for folder in folders:
            try:
                if self.folder(folder) != (f"{self.root}/{folder}/" if folder else f"{self.root}/"):
                    return None  # through a symlink, still inside: the one-by-one check knows what to do
            except (OSError, UnsafePath):
                return None
        keys = list(groups)
        found: dict[str, list[str]] = {}
        for group, name in unmatched:
            found.setdefault(keys[group], []).append(name)
        return found


_DESCRIPTORS_MAX = 64  # folders held open by one OutputRoot; a build has a handful


def _close_all(descriptors: dict[str, int]) -> None:
    for fd in descriptors.values():
        with contextlib.suppress(OSError):
            os.close(fd)
    descriptors.clear()


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


_tokens: list[str] = []  # random parts of temporary names, drawn 256 at a time; a forked child draws its own
os.register_at_fork(after_in_child=_tokens.clear)


def _token() -> str:
    if not _tokens:
        drawn = os.urandom(6 * 256).hex()
        _tokens.extend(drawn[i:i + 12] for i in range(0, len(drawn), 12))
    return _tokens.pop()


def _create_temporary(prefix: str, name: str, content: bytes, folder: int | None = None) -> tuple[str, list[int]]:
    """``content`` in a new temporary file in the folder ``prefix`` (a path ending in "/"; made when missing), or
    in the folder open as the descriptor ``folder``, with the umask's mode; returns its name and :func:`signature`.

    The size and modification time are read from the open file after the last write, which set the time
    (closing it and renaming it keep it): open, write, ``fstat``, close.
    """
    for _ in range(100):
        tmp = f".{name}{_TEMP_MARK}{_token()}.tmp"
        path = tmp if folder is not None else prefix + tmp
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666, dir_fd=folder)  # the umask applies
        except FileExistsError:
            continue
        except FileNotFoundError:  # the folder first (made only then: most files go to a folder that exists)
            if folder is not None:
                raise
            os.makedirs(prefix or ".", exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        try:
            try:
                view = memoryview(content)
                while view:
                    view = view[os.write(fd, view):]
                info = os.fstat(fd)
            finally:
                os.close(fd)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(path, dir_fd=folder)
            raise
        return tmp, [info.st_size, info.st_mtime_ns]
    raise FileExistsError(errno.EEXIST, "no free temporary name", prefix)


def write_atomic(path: Path, content: bytes) -> None:
    """Replace ``path`` by ``content`` in one rename: readers see the old or the new file, never a part."""
    folder, name = os.path.split(os.fspath(path))
    prefix = f"{folder}/" if folder else ""
    tmp = prefix + _create_temporary(prefix, name, content)[0]
    try:
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def exchange(first: Path, second: Path) -> bool:
    """Swap two paths in one step (Linux ``renameat2(RENAME_EXCHANGE)``); False where that is not available."""
    import ctypes  # (only here: a build never swaps folders)

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


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # somebody else's process
    return True


def _left_by_dead_build(fd: int, holder: str, patience: float = 10.0) -> bool:
    """Whether the lock on ``fd`` could be taken after waiting for the workers of a build that is gone.

    A build's forked workers share its lock. When the build is killed they are killed with it, but the
    kernel releases their files only as they finish exiting: a build started at once would find the lock
    still held, by processes that are already dying. So when the process named in the lock file is no
    longer running, wait (up to ``patience`` seconds) for the lock to be released."""
    if not holder.isdigit() or _running(int(holder)):
        return False
    deadline = time.monotonic() + patience
    while time.monotonic() < deadline:
        time.sleep(0.02)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except OSError as exc:
            if exc.errno not in (errno.EAGAIN, errno.EACCES):
                raise
    return False


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
            if exc.errno not in (errno.EAGAIN, errno.EACCES) or not _left_by_dead_build(fd, holder):
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
        if self.created:
            with contextlib.suppress(OSError):  # (the folder may be gone: removed while a watching build held it)
                if [p.name for p in self.out.iterdir()] == [LOCK]:
                    (self.out / LOCK).unlink()  # a build that wrote nothing leaves no folder behind
                    self.out.rmdir()
        os.close(self.fd)  # closing the descriptor releases the lock
        self.fd = None


class Stager:
    """Stages one process's share of a build: each changed file written under a temporary name next to its
    destination (nothing is replaced until :func:`commit`).

    A file whose bytes equal what is already at the destination is not staged. Build worker processes
    each have one; the staged pairs (temporary, destination), relative to the output folder, go to the
    process that commits.
    """

    def __init__(self, out: Path, paths: OutputRoot | None = None, fresh: Collection[str] = ()) -> None:
        self.paths = paths or OutputRoot(out)  # ``paths``: the checks of an earlier Stager of the same build
        # top folders of the output folder that this build made: nothing is at a destination there until the
        # commit (the build holds the folder's lock), so a file staged there is not looked for
        self.fresh = frozenset(fresh)
        self.staged: list[tuple[str, str]] = []

    def stage(self, rel: str, content: bytes, known: list | None = None) -> list:
        """Stage ``content`` for ``rel`` unless the destination already holds it; returns the file's manifest
        record: [sha256, size, mtime_ns] as it will be once in place.

        ``known``: the record the last build kept for ``rel``, when its sizes and times can be trusted (not
        after an interrupted build). A first build creates, writes, ``fstat``s and closes the temporary file
        (in a folder it made, that is all; elsewhere it first asks one ``lstat`` of the destination)."""
        folder, name = self.paths.split(rel)
        prefix = self.paths.folder(folder, rel)
        digest = hashlib.sha256(content).hexdigest()
        found = None if rel.partition("/")[0] in self.fresh else self._holds(rel, prefix + name, digest, content, known)
        if found is None:
            tmp, found = _create_temporary(prefix, name, content, self.paths.descriptor(folder, rel))
            self.staged.append((f"{folder}/{tmp}" if folder else tmp, rel))
        return [digest, *found]

    def _holds(self, rel: str, path: str, digest: str, content: bytes, known: list | None) -> list[int] | None:
        """The destination's size and time when it holds ``content`` already, else None. A symlink there is
        followed (and refused when it points outside the output folder); the commit replaces the link."""
        try:
            info = os.lstat(path)
            if stat.S_ISLNK(info.st_mode):
                path = str(self.paths.join(rel))
                info = os.stat(path)
        except OSError:  # nothing there yet (a first build), or nothing that can be read
            return None
        if not stat.S_ISREG(info.st_mode):
            return None
        found = [info.st_size, info.st_mtime_ns]
        try:
            if known is not None and known[1:] == found:  # as the last build wrote it, like make trusts it
                return found if known[0] == digest else None
        except (TypeError, IndexError, KeyError):  # a damaged record
            pass
        if info.st_size != len(content):
            return None
        try:
            return found if read_regular(path) == content else None
        except OSError:
            return None

    def discard(self) -> None:
        """Remove every staged file (a failed build leaves the output folder as it was)."""
        discard_staged(self.paths.root, self.staged)
        self.staged = []


def signature(path: Path) -> list[int]:
    """Size and modification time (ns) of the file at ``path``, as the manifest records them."""
    info = path.stat()
    return [info.st_size, info.st_mtime_ns]


def signatures(paths: list[str]) -> list[list[int]]:
    """:func:`signature` of each of ``paths`` (a symlink followed), [-1, -1] for one that cannot be stat'ed: all
    at once in compiled code on every core where it is built (formc/_quickstat.c), else one ``os.stat`` each."""
    found = _quickstat.signatures(paths) if _quickstat is not None else [None] * len(paths)
    for index, known in enumerate(found):
        if known is None:  # a path the compiled stat does not take (or it is not built)
            try:
                info = os.stat(paths[index])
                found[index] = [info.st_size, info.st_mtime_ns]
            except (OSError, ValueError):
                found[index] = [-1, -1]
    return found


def signature_of(fd: int) -> list[int]:
    """:func:`signature` of an open file."""
    info = os.fstat(fd)
    return [info.st_size, info.st_mtime_ns]


def stage_bookkeeping(out: Path, name: str, content: bytes) -> tuple[tuple[str, str], list[int]]:
    """``content`` for the folder's own file ``name`` under a temporary name, for :func:`commit` to put in place
    with the bookkeeping; returns the (temporary, name) pair and the file's :func:`signature` once in place."""
    tmp, found = _create_temporary(f"{out}/", name, content)
    return (tmp, name), found


def discard_staged(out: Path, staged: list[tuple[str, str]]) -> None:
    """Remove staged temporary files (given relative to ``out``)."""
    for tmp_rel, _ in staged:
        if is_temporary(Path(tmp_rel).name):
            (out / tmp_rel).unlink(missing_ok=True)


def remove_empty_folders(out: Path, folders: list[str]) -> None:
    """Remove the ``folders`` of ``out`` (made by a build that failed) and the folders in them, where empty
    now that the staged files are gone: the output folder as it was. A folder still holding a file stays."""
    for folder in folders:
        top = out / folder
        if top.is_symlink() or not top.is_dir():
            continue
        for path, _, _ in os.walk(top, topdown=False):
            with contextlib.suppress(OSError):
                os.rmdir(path)


def begin_staging(out: Path) -> None:
    """Mark ``out`` as having temporary files from now on (before a build stages anything in it)."""
    os.close(os.open(out / STAGING, os.O_WRONLY | os.O_CREAT, 0o666))


def end_staging(out: Path) -> None:
    """Remove the mark of :func:`begin_staging`, once no temporary file is left."""
    (out / STAGING).unlink(missing_ok=True)


def commit(out: Path, staged: list[tuple[str, str]], bookkeeping: list[tuple[str, bytes]], stale: set[str],
           staged_bookkeeping: list[tuple[str, str]] = ()) -> int:
    """Put ``staged`` files (temporary, destination; relative to ``out``) in place with the bookkeeping files
    (``staged_bookkeeping`` from :func:`stage_bookkeeping`: the summaries; then ``bookkeeping``, name and
    content: the manifest), and remove ``stale`` files.

    The bookkeeping files are staged too; then the journal of renames (the bookkeeping last) and
    deletions is written in one atomic write — the commit point — and applied. Returns the number of
    output files whose bytes changed.
    """
    prefix = f"{out}/"
    renames = [list(pair) for pair in staged_bookkeeping]
    renames += [[_create_temporary(prefix, name, content)[0], name] for name, content in bookkeeping]
    written = {dest for _, dest in staged}
    journal = {
        "formc_journal": 2,
        "rename": sorted([list(pair) for pair in staged], key=lambda pair: pair[1]) + renames,
        "delete": sorted(stale - written),
    }
    write_atomic(out / JOURNAL, json.dumps(journal, sort_keys=True).encode())  # the commit point
    _apply(out, journal)
    end_staging(out)
    return len(staged)


def _apply(out: Path, journal: dict[str, Any]) -> None:
    """Carry out a journal; safe to repeat after an interruption at any point.

    Each folder is checked and opened once (this process may not be the one that staged the files); a rename
    and an unlink act on the directory entry in the folder opened and never follow a symlink there, so a file
    is one system call."""
    paths = OutputRoot(out)
    try:
        for tmp_rel, dest_rel in journal["rename"]:
            (tmp_folder, tmp), (dest_folder, dest) = paths.split(tmp_rel), paths.split(dest_rel)
            try:
                os.replace(tmp, dest, src_dir_fd=paths.descriptor(tmp_folder, tmp_rel, make=False),
                           dst_dir_fd=paths.descriptor(dest_folder, dest_rel, make=False))
            except FileNotFoundError:
                if os.path.lexists(paths.entry(tmp_rel)):  # the destination's folder is gone
                    raise
                # else renamed already, before the interruption
        for rel in journal["delete"]:
            try:
                folder, name = paths.split(rel)
                os.unlink(name, dir_fd=paths.descriptor(folder, rel, make=False))
            except (OSError, UnsafePath):
                pass
    finally:
        paths.close()
    (out / JOURNAL).unlink()


def recover(out: Path, current: bool = True) -> bool:
    """Finish or roll back a build that was interrupted in ``out``; True when there was one.

    A journal is replayed to its end; staged files without a journal are removed (the previous outputs
    were not touched yet). The folder is searched for temporary files only when a build left its
    staging mark (:func:`begin_staging`), or when ``current`` is False (the folder's bookkeeping is of an
    older formc, which left no mark). Call it holding the folder's :class:`OutputLock`.
    """
    if not out.is_dir():
        return False
    interrupted = False
    journal_path = out / JOURNAL
    if journal_path.exists():
        interrupted = True
        try:
            journal = json.loads(read_regular(journal_path).decode("utf-8"))
            valid = isinstance(journal, dict) and journal.get("formc_journal") == 2
        except (OSError, ValueError):
            valid = False
        if valid:
            _apply(out, journal)
        else:
            journal_path.unlink()
            (out / MANIFEST).unlink(missing_ok=True)  # nothing known about the outputs: rebuild all
    if current and not (out / STAGING).exists():
        return interrupted
    found = remove_temporaries(out)
    end_staging(out)
    return found or interrupted


def remove_temporaries(out: Path) -> bool:
    """Remove every file formc was writing under ``out`` (hold the folder's lock); True when there was one."""
    found = False
    for folder, subfolders, names in os.walk(out):
        for name in names:
            if is_temporary(name):
                Path(folder, name).unlink(missing_ok=True)
                found = True
    return found
