"""What every target implements and receives: the contract between the core and ``targets/``.

A target is a module ``targets.<name>`` exposing ``TARGET``, an object with a
``name`` and three methods:

- ``emit_form(form, ctx)``: the files of one form, a pure function of the form
  and the context, so the build can skip unchanged forms;
- ``summarise(form, ctx)``: the little the target's shared outputs need from one
  form, as JSON data (dict, list, str, int, float, bool, None), or ``None`` when
  its shared outputs do not depend on the forms. The build keeps summaries in
  its manifest, so a rebuild after one changed form re-reads only that form;
- ``emit_shared(summaries, ctx)``: the files that depend on every form (a
  catalogue index, a classification plan) or on none (shared CSS), from the
  summaries of every form in form-id order, each exactly as JSON gives it back
  (:func:`stored`: tuples are lists, dict keys strings and sorted), so the
  output is the same whether a summary was just made or read from a manifest.
  It reads them and never changes them: a watching build gives the same
  objects again at its next build (see :meth:`formc.manifest.Summaries.decoded`).

and optionally ``warm`` (see :class:`Target`) and ``input_digest(form, ctx)``: a
digest of what of the form its files and summary are made from, when that is
less than the whole form (see :func:`input_digest`).

:func:`shared_files` summarises and emits in one go, for callers that hold the
forms (tests, the preview server). Targets never import each other.
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Protocol, Sequence, TypeVar


from formc.model import ClassificationPlan, Form, Organisation

if TYPE_CHECKING:
    import jinja2

_Answer = TypeVar("_Answer")

TARGET_NAMES = ("jsonschema", "html", "noark", "print", "catalog")
PACKAGE_TARGETS = Path(__file__).resolve().parent / "targets"


@dataclass(frozen=True)
class OutputFile:
    """One file a target produces, ``path`` relative to the target's output folder (POSIX separators)."""

    path: str
    content: bytes


@dataclass(frozen=True)
class BuildContext:
    organisation: Organisation
    languages: tuple[str, ...] | None = None  # --lang filter; None = every language of each form
    base_url: str | None = None
    template_overrides: Path | None = None  # a project's folder of template overrides (<target>/<file>)
    classification_plan: ClassificationPlan | None = None  # the archive's plan: dates of the Noark 5 classes

    def form_languages(self, form: Form) -> tuple[str, ...]:
        if self.languages is None:
            return form.languages
        return tuple(lang for lang in form.languages if lang in self.languages)

    def templates(self, target: str) -> "jinja2.Environment":
        """A Jinja2 environment for ``target``: the project's overrides first, then the shipped templates."""
        return template_environment(target, self.template_overrides)

    def fingerprint(self, target: str) -> str:
        """A hash of everything besides the form that a target's output depends on."""
        digest = hashlib.sha256()
        digest.update(repr((self.organisation, self.languages, self.base_url, self.classification_plan)).encode())
        for folder in _template_folders(target, self.template_overrides):
            # the target's code and templates; not Python's byte-code caches, which come and go with the interpreter
            # (and PYTHONDONTWRITEBYTECODE) and would make every output look out of date
            for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts
                               and p.suffix != ".pyc"):
                digest.update(str(path.relative_to(folder)).encode())
                digest.update(path.read_bytes())
        return digest.hexdigest()


class Target(Protocol):
    name: str

    def emit_form(self, form: Form, ctx: BuildContext) -> list[OutputFile]: ...

    def summarise(self, form: Form, ctx: BuildContext) -> Any: ...

    def emit_shared(self, summaries: Sequence[Any], ctx: BuildContext) -> list[OutputFile]: ...

    # Optional: ``warm(self, overrides: Path | None) -> None`` loads what ``emit_form`` needs on its first call
    # (libraries, templates), so that it is quick then. A watching build calls it while it waits for changes.
    # Optional: ``input_digest(self, form: Form, ctx: BuildContext) -> str | None``: see :func:`input_digest`.


def last_answer(function: Callable[..., _Answer]) -> Callable[..., _Answer]:
    """``function`` keeping its last answer, given again for the same arguments (the same objects): a build asks
    for one form's pages, graph or rendering several times in a row (its digest, its files, its summary) and then
    moves on to the next form, so one answer is all there is to keep."""
    last: tuple[tuple[Any, ...], _Answer] | None = None

    @functools.wraps(function)
    def remembered(*args: Any) -> _Answer:
        nonlocal last
        if last is None or len(last[0]) != len(args) or any(a is not b for a, b in zip(last[0], args)):
            last = (args, function(*args))
        return last[1]

    return remembered


def input_digest(target: Target, form: Form, ctx: BuildContext) -> str:
    """What ``target``'s files and summary of ``form`` are made from, as a digest: the target's own answer where it
    has one (``input_digest``: a digest of what it reads of the form, which must change whenever its files or
    summary would), else the form's (its file, the blocks and lists it uses, the settings). A target that shows
    little of a form is then left alone by a change it does not show."""
    narrowed = getattr(target, "input_digest", None)
    digest = narrowed(form, ctx) if narrowed is not None else None
    return digest if digest is not None else form.digest


def warm(names: Sequence[str], overrides: Path | None) -> None:
    """Load the targets ``names`` and what each needs to emit a form (see :class:`Target`)."""
    for name in names:
        target = load_target(name)
        prepare = getattr(target, "warm", None)
        if prepare is not None:
            prepare(overrides)


def stored(summary: Any) -> Any:
    """A summary as the manifest gives it back: through JSON with sorted keys (tuples become lists, keys strings)."""
    return json.loads(json.dumps(summary, sort_keys=True, ensure_ascii=False))


def shared_files(target: Target, forms: Sequence[Form], ctx: BuildContext) -> list[OutputFile]:
    """``target``'s shared files for ``forms``: each form summarised and stored, in form-id order, then emitted."""
    return target.emit_shared([stored(target.summarise(form, ctx)) for form in sorted(forms, key=lambda f: f.id)], ctx)


def _template_folders(target: str, overrides: Path | None) -> list[Path]:
    folders = []
    if overrides is not None and (overrides / target).is_dir():
        folders.append(overrides / target)
    shipped = PACKAGE_TARGETS / target
    folders.append(shipped)
    return folders


def _loader_folders(target: str, overrides: Path | None) -> list[Path]:
    """The folders the environment of ``target`` loads templates from, first match wins: each template folder's
    ``templates/`` when it has one, else the folder itself."""
    return [f / "templates" if (f / "templates").is_dir() else f for f in _template_folders(target, overrides)]


def template_file(target: str, name: str, overrides: Path | None) -> Path | None:
    """The file :meth:`BuildContext.templates` loads for the template ``name`` (a file name, no folders), found the
    way its loader finds it (the first of its folders that holds it), without compiling it; ``None`` if none does."""
    for folder in _loader_folders(target, overrides):
        if (folder / name).is_file():
            return folder / name
    return None


_ENVIRONMENTS: dict[tuple[str, Path | None], "jinja2.Environment"] = {}


def template_environment(target: str, overrides: Path | None) -> "jinja2.Environment":
    import jinja2  # only targets with templates need it

    from formc.template_cache import Precompiled

    key = (target, overrides)
    if key not in _ENVIRONMENTS:
        folders = [str(f) for f in _loader_folders(target, overrides)]
        env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(folders),
            bytecode_cache=Precompiled(target),  # the shipped templates' code, compiled ahead of time
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        _ENVIRONMENTS[key] = env
    return _ENVIRONMENTS[key]


def static_file(target: str, name: str, overrides: Path | None) -> bytes:
    """A target's static asset (e.g. ``formc.css``), taken from the project's overrides when present."""
    for folder in _template_folders(target, overrides):
        for candidate in (folder / "static" / name, folder / name):
            if candidate.is_file():
                return candidate.read_bytes()
    raise FileNotFoundError(f"{target}: no static file {name}")


def available_targets() -> list[str]:
    return [name for name in TARGET_NAMES if (PACKAGE_TARGETS / name / "__init__.py").is_file()]


def load_target(name: str) -> Target:
    module = importlib.import_module(f"formc.targets.{name}")
    return module.TARGET
