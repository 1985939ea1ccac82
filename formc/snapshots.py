"""A form's definition as a submission was made against it: the files it was built from, to build it again later.

Work on a stored submission — its receipt, its archive package, a preliminary
reply weeks later — must use the version of the form the citizen answered,
also after the project has moved on (a field renamed, a question removed, the
form withdrawn). A :class:`Snapshot` is the text of the form's file and of
every block and list file it uses (paths relative to the definitions folder),
named by a digest of that text; the service stores each snapshot once and
each submission names its digest. :func:`form_of` builds the form from a
snapshot again, under the running project's settings (organisation, archive
settings and templates are the project's as it is now).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from formc.diagnostics import Diagnostics
from formc.model import Form
from formc.project import Project, check_definitions


class SnapshotError(Exception):
    """A snapshot that does not build its form (what is wrong is in the message)."""


@dataclass(frozen=True)
class Snapshot:
    digest: str  # SHA-256 of the sources (as sorted JSON)
    form_id: str
    version: str
    sources: dict[str, str]  # path relative to the definitions folder (with /) → the file's text


def digest_of(sources: dict[str, str]) -> str:
    return hashlib.sha256(json.dumps(sources, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()


_TAKEN: dict[int, tuple[Project, dict[str, Snapshot]]] = {}  # by id(project); the project is held so its id stays its own


def snapshots(project: Project) -> dict[str, Snapshot]:
    """Every form's snapshot (by form id), as the project's files are now; read once per project object."""
    held = _TAKEN.get(id(project))
    if held is not None and held[0] is project:
        return held[1]
    files_of = {kind_id: file for file, kind_id in project.file_ids.items()}
    folder = project.settings.definitions
    taken = {}
    for form in project.forms.values():
        files = [files_of[("form", form.id)]]
        files += [files_of[tuple(used.split(":", 1))] for used in form.uses]  # "block:<id>", "list:<id>"
        sources = {Path(os.path.relpath(file, folder)).as_posix(): Path(file).read_text(encoding="utf-8")
                   for file in files}
        taken[form.id] = Snapshot(digest_of(sources), form.id, form.version, sources)
    _TAKEN[id(project)] = (project, taken)
    return taken


_BUILT: dict[tuple[str, int], tuple[Project, Form]] = {}  # by (digest, id(live project)); a few at a time
_KEEP_BUILT = 32


def form_of(sources: dict[str, str], form_id: str, live: Project, digest: str | None = None) -> Form:
    """The form ``form_id`` built from ``sources`` (a :class:`Snapshot`'s, whose ``digest`` names them: worked out
    when not given) under ``live``'s settings; kept for the next job of the same definition."""
    key = (digest or digest_of(sources), id(live))
    held = _BUILT.get(key)
    if held is not None and held[0] is live and held[1].id == form_id:
        return held[1]
    form = _built(sources, form_id, live)
    if len(_BUILT) >= _KEEP_BUILT:
        del _BUILT[next(iter(_BUILT))]
    _BUILT[key] = (live, form)
    return form


def _built(sources: dict[str, str], form_id: str, live: Project) -> Form:
    with tempfile.TemporaryDirectory(prefix="formc-snapshot-") as folder:
        root = Path(folder).resolve()
        for name, text in sources.items():
            path = (root / name).resolve()
            if root not in path.parents or not name.endswith(".yaml"):
                raise SnapshotError(f"the stored definition names a file outside its folder: {name!r}")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        diags = Diagnostics()
        project = check_definitions(replace(live.settings, definitions=root), diags)
    errors = [d for d in diags.sorted() if d.is_error]
    if errors or form_id not in project.forms:
        first = f": {errors[0].code} {errors[0].message}" if errors else ""
        raise SnapshotError(f"the stored definition of `{form_id}` does not build with this formc{first}")
    return project.forms[form_id]
