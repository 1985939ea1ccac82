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

Each (target, form) entry of the manifest also records its summary's digest (``"summary"``). A rebuild
compares a rebuilt form's new summaries with those digests, so it reads the summaries file only when a
summary changed or a target's shared files must be made again (:class:`Summaries`): a changed label or
question, which the catalogue does not show, does not read its 36 MB at 5,000 forms.

Both are decoded and encoded with orjson, with the cyclic garbage collector paused (it would walk
the new objects over and over while they are made). The first layout (formc_manifest 1: ``files``
and ``stat`` apart; the summaries one JSON document) is read too; a file that cannot be read is
taken as none, never an error. The build then writes the current layout.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from formc.files import open_regular, read_regular
from formc.processes import refreeze
from formc.writer import OutputRoot, UnsafePath, signature, signature_of

MANIFEST = ".formc-manifest.json"
SUMMARIES = ".formc-summaries.json"  # per (target, form): what the target's shared files need from the form
SOURCES = "*sources"  # the manifest entry of the definition files
SUMMARY = "summary"  # in a (target, form) entry: its summary's digest (see summary_digest)
DIGESTS_MARK = "summary_digests"  # in the SOURCES entry: every (target, form) entry records SUMMARY
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
    def read(cls, out: Path) -> Manifest:
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
        if doubtful is None:
            return {key for key, files in listed.items()
                    if all(self._file_intact(root, rel, record, verify) for rel, record in files.items())}
        intact = set(listed)  # all but those with a file that is not as recorded and not of the recorded bytes
        for key, rels in doubtful.items():
            files = listed[key]
            if not all(self._file_intact(root, rel, files[rel], verify) for rel in rels):
                intact.discard(key)
        return intact

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


def summaries_bytes(summaries: Summaries) -> bytes:
    """The summaries file: a line naming the format, then one line a key (sorted): the key and the summary."""
    keys = sorted(summaries)
    parts: list[Summary] = [_SUMMARIES_HEAD, b"\n"]
    for key, summary in zip(keys, summaries.encoded(keys)):
        parts += (orjson.dumps(key), b"\t", summary, b"\n")
    return b"".join(parts)


def summaries_digest(data: bytes) -> str:
    """The SHA-256 of a summaries file, as the manifest records it."""
    return hashlib.sha256(data).hexdigest()


def summary_digest(summary: Summary) -> str:
    """The digest of an encoded summary that the manifest records in its (target, form) entry."""
    return hashlib.blake2b(summary, digest_size=16).hexdigest()


class SummariesChanged(Exception):
    """The summaries file changed while a build that relied on it ran (another program wrote the output folder)."""


class Summaries(Mapping[str, Summary]):
    """Encoded summaries per "<target>:<form id>": which keys have one and each one's digest (from the manifest),
    those this build made, and the rest read from the last build's summaries file when first asked for.

    A build whose rebuilt forms left every summary as it was asks for none, and never reads the file.
    Summaries that keep what they decode (``decoded`` given: a watching build's, see :meth:`after`) decode each
    summary once, not at every build that remakes a shared file.
    """

    def __init__(self, digests: dict[str, str], made: dict[str, Summary], kept: _KeptFile | None = None,
                 decoded: dict[str, Any] | None = None) -> None:
        self.digests = digests  # every key this holds → summary_digest of its summary
        self.made = made  # key → summary, for the keys whose bytes are at hand
        self._kept = kept  # the rest: read from the last build's file
        self._decoded = decoded  # key → its summary decoded, when kept

    @classmethod
    def last(cls, out: Path, manifest: Manifest, verify: bool = False) -> Summaries:
        """The summaries of the last build in ``out`` (``manifest`` its manifest); none when its file is damaged.

        The file is left unread when the manifest records every summary's digest and the file's size and time are
        as recorded (unless ``verify``); else it is read and checked against its SHA-256 here, as before.
        """
        sources = manifest.entries.get(SOURCES, {}) if manifest.current else {}
        digest, stat = sources.get("summaries"), sources.get("summaries_stat")
        found_stat = manifest._root(out).quick_signature(SUMMARIES)  # a regular file's, else None
        if sources.get(DIGESTS_MARK) and digest is not None and not verify and found_stat is not None and \
                list(found_stat) == stat:
            digests = {key: entry[SUMMARY] for key, entry in manifest.entries.items() if SUMMARY in entry}
            return cls(digests, {}, _KeptFile(out, digest, stat))
        found = read_summaries(out, digest if manifest.current else None, stat, verify)
        digests = {key: summary_digest(summary) for key, summary in found.items()}
        for key, value in digests.items():  # a manifest of before the digests: recorded now, for the next build
            entry = manifest.entries.get(key)
            if isinstance(entry, dict):
                entry[SUMMARY] = value
        return cls(digests, found)

    @classmethod
    def after(cls, entries: Mapping[str, dict], made: dict[str, Summary], last: Summaries,
              keep_decoded: bool = False) -> Summaries:
        """The summaries of a build whose manifest ``entries`` are given: ``made`` by it (their entries record
        their digests), the rest ``last``'s, but for keys ``entries`` no longer has (a form or target gone).

        ``keep_decoded``: keep each summary decoded once it is (:meth:`decoded`), and take over what ``last`` kept
        decoded of the summaries that did not change: for a process that builds again (``formc build --watch``),
        where it saves decoding 5,000 catalogue summaries (~0.1 s) at each change to a service."""
        digests, at_hand = dict(last.digests), dict(last.made)
        for key in last.digests.keys() - entries.keys():
            del digests[key]
            at_hand.pop(key, None)
        for key, summary in made.items():
            digests[key], at_hand[key] = entries[key][SUMMARY], summary
        decoded = None
        if keep_decoded:
            before, last_digests = last._decoded or {}, last.digests
            decoded = {key: value for key, value in before.items() if digests.get(key) == last_digests[key]}
        return cls(digests, at_hand, last._kept, decoded)

    def __getitem__(self, key: str) -> Summary:
        found = self.made.get(key)
        if found is None and key in self.digests:
            self._take_kept()
            found = self.made.get(key)
        if found is None:
            raise KeyError(key)
        return found

    def encoded(self, keys: list[str]) -> list[Summary]:
        """The summaries of ``keys``, in that order: a target's shared files' input, or the file's lines."""
        made = self.made
        if not all(key in made for key in keys):
            self._take_kept()
        return [made[key] for key in keys]

    def decoded(self, keys: list[str]) -> list[Any]:
        """The summaries of ``keys``, in that order, decoded as a target's ``emit_shared`` takes them (what
        ``json.loads`` gives back). Kept decoded only when this was made to keep them (:meth:`after`): they are
        then the same objects at every build, which a target reads and never changes."""
        kept = self._decoded
        if kept is None:
            return decode_summaries(self.encoded(keys))
        missing = [key for key in keys if key not in kept]
        if missing:
            kept.update(zip(missing, decode_summaries(self.encoded(missing))))
        return [kept[key] for key in keys]

    def _take_kept(self) -> None:
        """Every summary this holds at hand: those not made read from the last build's file (once)."""
        missing = self.digests.keys() - self.made.keys()
        if not missing:
            return
        if self._kept is None:
            raise KeyError(next(iter(missing)))
        found = self._kept.read()
        try:
            for key in missing:
                self.made[key] = found[key]
        except KeyError:
            self._kept.remove()  # not the manifest's: no later build is to trust it by its size and time either
            raise SummariesChanged(f"{self._kept.out / SUMMARIES} changed during the build (another program wrote "
                                   "the output folder?): it was removed, nothing else was changed; build again "
                                   "(every form is summarised again)") from None

    def __contains__(self, key: object) -> bool:
        return key in self.digests

    def __iter__(self) -> Iterator[str]:
        return iter(self.digests)

    def __len__(self) -> int:
        return len(self.digests)


class _KeptFile:
    """The last build's summaries file, read once, when a summary of it is first asked for."""

    def __init__(self, out: Path, digest: str, stat: list[int]) -> None:
        self.out, self.digest, self.stat = out, digest, stat
        self.found: dict[str, Summary] | None = None

    def read(self) -> dict[str, Summary]:
        """Its summaries (none when it is no longer the file the manifest names)."""
        if self.found is None:
            self.found = read_summaries(self.out, self.digest, self.stat)
        return self.found

    def remove(self) -> None:
        with contextlib.suppress(OSError):
            (self.out / SUMMARIES).unlink()


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
