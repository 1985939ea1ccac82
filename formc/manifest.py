"""The build's bookkeeping in the output folder: the manifest and the targets' per-form summaries.

``.formc-manifest.json`` records, per ``"<target>:<form id>"`` (``"<target>:*"`` for a target's shared
files, ``"*sources"`` for the definition files), the key the outputs were built from and every output
as ``{path: [sha256, size, mtime_ns]}``. A no-op build reads it and ``lstat``s each output once.

``.formc-summaries.json`` keeps what each target's shared files need from each form (see
docs/targets/README.md), one line a (target, form): its key and its summary as JSON, after a first
line naming the format. A summary stays the bytes it was encoded to: a rebuild decodes only what a
target's shared files need, one target at a time, and writes unchanged summaries back without
encoding them again. The manifest holds the file's SHA-256, so a damaged or foreign summaries file
is not used (the forms are then built again).

Both are decoded and encoded with orjson, with the cyclic garbage collector paused (it would walk
the new objects over and over while they are made). The first layout (formc_manifest 1: ``files``
and ``stat`` apart; the summaries one JSON document) is read too; a file that cannot be read is
taken as none, never an error. The build then writes the current layout.
"""

from __future__ import annotations

import gc
import hashlib
import json
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

import orjson

from formc.files import open_regular, read_regular
from formc.processes import refreeze
from formc.writer import OutputRoot, UnsafePath, signature, signature_of

MANIFEST = ".formc-manifest.json"
SUMMARIES = ".formc-summaries.json"  # per (target, form): what the target's shared files need from the form
SOURCES = "*sources"  # the manifest entry of the definition files
_MANIFEST_HEAD = b'{"formc_manifest":2,"entries":'
_SUMMARIES_HEAD = b'{"formc_summaries":2}'
Summary = bytes | memoryview  # a summary encoded: made by this build, or a view into the last build's file


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while a large structure without cycles is decoded or encoded; within a
    :func:`formc.processes.frozen_heap` block (a build), what was made is frozen after it, so the collector's
    next pass does not walk it all either."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        refreeze()
        if enabled:
            gc.enable()


def current_layout(out: Path) -> bool:
    """Whether ``out`` has a manifest in this formc's layout (read from its first bytes)."""
    try:
        return read_regular(out / MANIFEST, len(_MANIFEST_HEAD)) == _MANIFEST_HEAD
    except OSError:
        return False


@dataclass
class Manifest:
    """What the last build produced: per (target, form) the input key and the files with hash, size and time.

    ``current``: read in this formc's layout (False when the folder has none, or an older one).
    ``suspects``: None, or (a manifest a watching build kept in memory, see :class:`formc.build.Memory`) the
    only outputs that may have changed on disk since it was written: every other one is trusted unchecked.
    """

    entries: dict[str, dict] = field(default_factory=dict)
    current: bool = True
    suspects: set[str] | None = None
    _roots: dict[Path, OutputRoot] = field(default_factory=dict, repr=False, compare=False)
    _owners: dict[str, str] | None = field(default=None, repr=False, compare=False)  # output → its entry's key

    @classmethod
    def read(cls, out: Path) -> "Manifest":
        try:
            data = read_regular(out / MANIFEST)
            with collector_paused():
                decoded = orjson.loads(data)
            entries = decoded["entries"]
            if not isinstance(entries, dict) or not all(isinstance(entry, dict) for entry in entries.values()):
                return cls(current=False)
            if decoded.get("formc_manifest") == 2 and data.startswith(_MANIFEST_HEAD):
                return cls(entries)
            return cls(_upgraded(entries), current=False)
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            return cls(current=False)

    def _root(self, out: Path) -> OutputRoot:
        """The output folder, resolved once for this manifest's checks."""
        if out not in self._roots:
            self._roots[out] = OutputRoot(out)
        return self._roots[out]

    def unchanged(self, out: Path, key: str, input_key: str, verify: bool = False) -> bool:
        """Whether the outputs of ``key`` were built from ``input_key`` and are intact (see :meth:`intact`)."""
        entry = self.entries.get(key)
        return bool(entry) and entry.get("input") == input_key and self.intact(out, [key], verify)

    def intact(self, out: Path, keys: Any, verify: bool = False) -> bool:
        """Whether every output the entries ``keys`` list is in ``out`` as it was written (see :meth:`intact_keys`)."""
        wanted = set(keys)
        return len(self.intact_keys(out, wanted, verify)) == len(wanted)

    def intact_keys(self, out: Path, keys: Any, verify: bool = False) -> set[str]:
        """Those of the entries ``keys`` whose every output is in ``out`` as it was written.

        A file whose size and modification time are as written is trusted, like make does, with one
        ``lstat`` (all of them at once in compiled code, where it is built: :meth:`OutputRoot.unmatched`); any
        other is checked against its hash, and so is every file when ``verify``. With ``suspects``, only those
        files are looked at (unless ``verify``).
        """
        if self.suspects is not None and not self.suspects and not verify:
            entries = self.entries
            return {key for key in keys if key in entries}  # nothing changed on disk since it was written
        listed = {}
        for key in keys:
            entry = self.entries.get(key)
            files = entry.get("files") if isinstance(entry, dict) else None
            if isinstance(files, dict):
                listed[key] = files
        root = self._root(out)
        if self.suspects is not None and not verify:  # the rest is as written, as a watcher saw
            suspects = self.suspects
            return {key for key, files in listed.items()
                    if all(self._file_intact(root, rel, files[rel], verify) for rel in files.keys() & suspects)}
        doubtful = None if verify else root.unmatched(listed)
        return {key for key, files in listed.items()
                if all(self._file_intact(root, rel, files[rel], verify)
                       for rel in (files if doubtful is None else doubtful.get(key, ())))}

    @staticmethod
    def _file_intact(root: OutputRoot, rel: str, record: Any, verify: bool) -> bool:
        """Whether the output ``rel`` is as its ``record`` [sha256, size, mtime_ns] says it was written."""
        try:
            digest, size, mtime = record
            if not verify:
                found = root.quick_signature(rel)
                if found is not None and found[0] == size and found[1] == mtime:
                    return True  # a plain file in a checked folder, as the last build wrote it
            path = root.join(rel)
            if not verify and signature(path) == [size, mtime]:
                return True
            return hashlib.sha256(read_regular(path)).hexdigest() == digest
        except (OSError, UnsafePath, TypeError, ValueError, AttributeError):
            return False  # a file gone or unreadable, or a damaged record: build again

    def recorded(self, rel: str) -> dict[str, list]:
        """The records [sha256, size, mtime_ns] of the output ``rel``, or of every output under it when it is a
        folder, whichever entries list them (output → record; empty when it is no output and holds none)."""
        if self._owners is None:
            self._owners = {name: key for key, entry in self.entries.items() for name in entry.get("files", ())}
        key = self._owners.get(rel)
        if key is not None:
            return {rel: self.entries[key]["files"][rel]}
        folder = rel.rstrip("/") + "/"
        return {name: self.entries[key]["files"][name] for name, key in self._owners.items() if name.startswith(folder)}

    def forget_paths(self) -> None:
        """Resolve the output folder again at the next check (a manifest kept for another build)."""
        self._roots.clear()

    def files(self, key: str) -> dict[str, list]:
        """The outputs ``key`` lists: path → [sha256, size, mtime_ns]."""
        entry = self.entries.get(key)
        files = entry.get("files") if isinstance(entry, dict) else None
        return files if isinstance(files, dict) else {}

    def to_bytes(self) -> bytes:
        with collector_paused():
            return _MANIFEST_HEAD + orjson.dumps(self.entries, option=orjson.OPT_SORT_KEYS) + b"}\n"


def _upgraded(entries: dict[str, Any]) -> dict[str, Any]:
    """The entries of the first layout (``files``: path → sha256, ``stat``: path → [size, mtime]) in this one."""
    upgraded = {}
    for key, entry in entries.items():
        stats = entry.pop("stat", None) or {}
        entry["files"] = {rel: [digest, *(stats.get(rel) or (-1, -1))] for rel, digest in entry["files"].items()}
        upgraded[key] = entry
    return upgraded


def encode_summary(summary: Any) -> bytes:
    """A target's summary of a form as the summaries file keeps it: JSON, keys sorted."""
    try:
        return orjson.dumps(summary, option=orjson.OPT_SORT_KEYS)
    except TypeError:  # an integer past 64 bits: orjson has none
        return json.dumps(summary, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def decode_summaries(encoded: list[Summary]) -> list[Any]:
    """Summaries as a target's ``emit_shared`` takes them (what ``json.loads`` gives back)."""
    with collector_paused():
        return [_decode(data) for data in encoded]


def _decode(data: Summary) -> Any:
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError:
        return json.loads(data)  # what encode_summary wrote with json


def summaries_bytes(summaries: dict[str, Summary]) -> bytes:
    """The summaries file: a line naming the format, then one line a key (sorted): the key and the summary."""
    parts: list[Summary] = [_SUMMARIES_HEAD, b"\n"]
    for key in sorted(summaries):
        parts += (orjson.dumps(key), b"\t", summaries[key], b"\n")
    return b"".join(parts)


def summaries_digest(data: bytes) -> str:
    """The SHA-256 of a summaries file, as the manifest records it."""
    return hashlib.sha256(data).hexdigest()


def _key(encoded: bytes) -> str:
    """A key of the summaries file (a JSON string; "<target>:<form id>" has nothing to unescape)."""
    return encoded[1:-1].decode() if b"\\" not in encoded else orjson.loads(encoded)


def read_summaries(out: Path, digest: str | None, stat: list[int] | None = None, verify: bool = False
                   ) -> dict[str, Summary]:
    """The per (target, form) summaries the last build in ``out`` kept, encoded; empty when there are none, or
    when the file is not the one whose SHA-256 the manifest recorded (``digest``; None beside a manifest of
    the first layout, whose summaries file was one JSON document). A summary is a view into the file's bytes.

    A file whose size and modification time are the recorded ``stat`` is trusted without hashing it, as the
    outputs are, unless ``verify`` (after a build that did not finish)."""
    try:
        with open_regular(out / SUMMARIES) as handle:
            found_stat = signature_of(handle.fileno())
            data = handle.read()
    except OSError:
        return {}
    try:
        if data.startswith(_SUMMARIES_HEAD + b"\n"):
            trusted = stat is not None and not verify and found_stat == stat
            if not trusted and digest != summaries_digest(data):
                return {}
            found: dict[str, Summary] = {}
            view, start = memoryview(data), len(_SUMMARIES_HEAD) + 1
            while start < len(data):
                end = data.index(b"\n", start)
                tab = data.index(b"\t", start, end)
                found[_key(data[start:tab])] = view[tab + 1:end]
                start = end + 1
            return found
        if digest is None:
            with collector_paused():
                first = json.loads(data)["summaries"]
            return {key: encode_summary(summary) for key, summary in first.items()}
    except (ValueError, TypeError, KeyError, AttributeError):
        pass
    return {}
