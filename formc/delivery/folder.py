"""Folder drop: each package appears as ``<folder>/<reference>/`` complete or not at all.

The archive (or an import job watching the folder) picks packages up from
there. The package is written into a hidden temporary folder beside its final
place, each file synced, and renamed into place in one step; a package that is
already there with the same manifest is left alone, so a redelivery is harmless.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Mapping

from formc.delivery import DeliveryError, Filed

MANIFEST = "manifest.json"


class FolderDrop:
    name = "folder"

    def __init__(self, folder: Path):
        self.folder = folder

    def deliver(self, reference: str, files: Mapping[str, bytes]) -> Filed:
        if not reference or "/" in reference or reference.startswith("."):
            raise DeliveryError(f"unusable reference {reference!r} for a folder name", permanent=True)
        final = self.folder / reference
        if final.is_dir():
            if (final / MANIFEST).is_file() and (final / MANIFEST).read_bytes() == files.get(MANIFEST):
                return Filed()  # delivered before: a redelivery changes nothing
            raise DeliveryError(f"{final} already holds a different package", permanent=True)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            temp = Path(tempfile.mkdtemp(prefix=f".{reference}.", suffix=".tmp", dir=self.folder))
        except OSError as exc:
            raise DeliveryError(f"cannot write to the drop folder: {exc.strerror or exc}") from None
        try:
            for name, content in sorted(files.items()):
                with open(temp / name, "wb") as handle:
                    handle.write(content)
                    handle.flush()
                    os.fsync(handle.fileno())
            os.chmod(temp, 0o755)
            os.rename(temp, final)
            _sync_folder(self.folder)
        except OSError as exc:
            shutil.rmtree(temp, ignore_errors=True)
            if final.is_dir():  # another worker won the race with the same package
                return self.deliver(reference, files)
            raise DeliveryError(f"cannot write the package: {exc.strerror or exc}") from None
        return Filed()


def _sync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
