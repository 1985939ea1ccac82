"""Write build outputs safely: atomic replacement, nothing outside the output folder, a manifest.

Files are first written next to their destination under a temporary name and
renamed into place only when every target has succeeded, so a failed or
interrupted build never leaves a half-written file and never changes the
outputs of the previous build.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

MANIFEST = ".formc-manifest.json"


class UnsafePath(Exception):
    pass


def safe_join(root: Path, relative: str) -> Path:
    """``root / relative``, refusing absolute paths and any path that leaves ``root``."""
    candidate = Path(relative)
    if candidate.is_absolute() or ".." in candidate.parts or relative.startswith(("/", "\\")):
        raise UnsafePath(f"refusing to write outside the output folder: {relative}")
    target = (root / candidate).resolve()
    if root.resolve() not in target.parents:
        raise UnsafePath(f"refusing to write outside the output folder: {relative}")
    return target


def write_atomic(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


@dataclass
class Manifest:
    """What the last build produced: per (target, form) the input key and the files with their hashes."""

    entries: dict[str, dict] = field(default_factory=dict)

    @classmethod
    def read(cls, out: Path) -> "Manifest":
        try:
            data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
            return cls(data.get("entries", {}))
        except (OSError, ValueError):
            return cls()

    def unchanged(self, out: Path, key: str, input_key: str) -> bool:
        entry = self.entries.get(key)
        if not entry or entry.get("input") != input_key:
            return False
        signatures = entry.get("stat", {})
        for rel, digest in entry["files"].items():
            path = out / rel
            try:
                if signatures.get(rel) == _signature(path):
                    continue  # same size and modification time as when written: trusted, like make
                if hashlib.sha256(path.read_bytes()).hexdigest() != digest:
                    return False
            except OSError:
                return False
        return True

    def to_bytes(self) -> bytes:
        compact = json.dumps({"formc_manifest": 1, "entries": self.entries}, sort_keys=True, separators=(",", ":"))
        return (compact + "\n").encode()


def _signature(path: Path) -> list[int]:
    stat = path.stat()
    return [stat.st_size, stat.st_mtime_ns]


def commit(out: Path, files: dict[str, bytes], manifest: Manifest, stale: set[str]) -> int:
    """Write ``files`` (relative path → bytes) into ``out``, then the manifest; remove ``stale`` files.

    Every file is staged first; only when all are staged are they renamed into place.
    Returns the number of files whose bytes changed.
    """
    out.mkdir(parents=True, exist_ok=True)
    staged: list[tuple[str, Path]] = []
    changed = 0
    try:
        for rel, content in sorted(files.items()):
            destination = safe_join(out, rel)
            try:
                if destination.read_bytes() == content:
                    continue
            except OSError:
                pass
            destination.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{destination.name}.", suffix=".tmp", dir=destination.parent)
            with os.fdopen(fd, "wb") as handle:
                handle.write(content)
            staged.append((tmp, destination))
    except BaseException:
        for tmp, _ in staged:
            if os.path.exists(tmp):
                os.unlink(tmp)
        raise
    for tmp, destination in staged:
        os.replace(tmp, destination)
        changed += 1
    for rel in sorted(stale - set(files)):
        try:
            safe_join(out, rel).unlink()
        except (OSError, UnsafePath):
            pass
    for entry in manifest.entries.values():
        entry["stat"] = {rel: _signature(out / rel) for rel in entry.get("files", {}) if (out / rel).exists()}
    write_atomic(out / MANIFEST, manifest.to_bytes())
    return changed
