"""Another version of a project to compare with: a folder as it is, or the project as of a Git revision.

A revision is exported with ``git archive`` into a temporary folder (the working tree and the
index are never touched); the project is found at the same place inside the repository as the
current one.
"""

from __future__ import annotations

import contextlib
import io
import subprocess
import tarfile
import tempfile
from pathlib import Path
from typing import Iterator


class RevisionError(Exception):
    """The revision cannot be read (no Git repository, unknown revision, no project there)."""


def _git(args: list[str], cwd: Path) -> bytes:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except FileNotFoundError:
        raise RevisionError("git is not installed") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RevisionError(message[-1] if message else f"git {args[0]} failed")
    return done.stdout


@contextlib.contextmanager
def project_at(spec: str, current: Path) -> Iterator[Path]:
    """The project folder for ``spec``: an existing folder, else a Git revision of the repository
    holding ``current`` (the folder is removed on exit)."""
    if Path(spec).is_dir():
        yield Path(spec)
        return
    current = current.resolve()
    try:
        top = Path(_git(["rev-parse", "--show-toplevel"], current).decode().strip())
    except RevisionError as exc:
        raise RevisionError(f"`{spec}` is neither a folder nor a revision: {current} is not in a Git repository "
                            f"({exc})") from None
    prefix = current.relative_to(top).as_posix()
    try:
        if spec.startswith("-"):
            raise RevisionError(spec)  # never let a revision be read as an option
        commit = _git(["rev-parse", "--verify", "--quiet", f"{spec}^{{commit}}"], current).decode().strip()
    except RevisionError:
        raise RevisionError(f"`{spec}` is neither a folder nor a Git revision") from None
    archive = _git(["archive", "--format=tar", commit, "--", "." if prefix == "." else prefix], top)
    with tempfile.TemporaryDirectory(prefix="formc-revision-") as tmp:
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(tmp, filter="data")  # refuses links and paths outside the folder
        folder = Path(tmp) / ("" if prefix == "." else prefix)
        if not folder.is_dir():
            raise RevisionError(f"{prefix} does not exist in revision `{spec}`")
        yield folder

