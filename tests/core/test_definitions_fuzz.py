"""Mutation fuzzing of the shipped definitions: whatever an author (or an attacker) writes, formc answers with
diagnostics, never a traceback, and what it accepts builds into well-formed outputs.

Each example takes one file of form_definitions/ (a form, a block or a list), mutates its YAML tree one to
three times — delete, duplicate, retype, rename a key, unicode oddities, deep nesting, huge numbers,
expressions nested deeply — and sometimes its text too (a line dropped or doubled, a character inserted),
then runs ``formc check`` and, when that passes, ``formc build`` into a fresh folder:

- the exit code is 0, 1 or 2 and no exception escapes (no traceback in the output);
- every diagnostic names a file and a line (and a column);
- every JSON output parses, every XML output parses, every XSD compiles, every JSON Schema is valid;
- the paper form renders to HTML and ``form.validate`` answers an empty and a nonsense submission.

CI runs a bounded number of examples (about a minute); set FORMC_FUZZ_EXAMPLES for a longer run, e.g.
``FORMC_FUZZ_EXAMPLES=2000 python -m pytest tests/core/test_definitions_fuzz.py``.
"""

from __future__ import annotations

import copy
import functools
import json
import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

import jsonschema
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from lxml import etree

from formc.cli import cli
from formc.diagnostics import Diagnostics
from formc.loader import load_text
from formc.project import check_project
from formc.targets.print import print_html
from formc.targets_api import BuildContext

REPO = Path(__file__).resolve().parents[2]
LIBRARY = REPO / "form_definitions"
FILES = sorted(LIBRARY.rglob("*.yaml"))
EXAMPLES = int(os.environ.get("FORMC_FUZZ_EXAMPLES", "40"))
FAST_TARGETS = ("jsonschema", "html", "noark", "catalog")  # print is rendered to HTML below; PDFs are slow

ODD_TEXT = [
    "", " ", "\n", "x\n", "\t", "\r\n", "\x00", "\x01", "\x1f", "\x7f", "\x85", "\u00a0", "\u200b", "\u200e",
    "\u202e", "\u2028", "\ufeff", "\ufffe", "\uffff", "\U0001f600", "e\u0301", "١٢٣", "１２", "<script>alert(1)</script>",
    "javascript:alert(1)", "]]>", "&amp;", "{{ 7*7 }}", "{% raw %}", "'\"", "\\", "a" * 5000, "ø" * 300, "$", "^",
    "(a+)+$", "[", "today", "today+P99999999Y", "9999-12-31", "0000-01-01", "P99999999Y", "1.0.0\n", "NaN",
]
# text an author may well write in a label: it must come out intact and escaped in every output
LEGAL_TEXT = ["  ", "​", "‮", "😀", "é", "١٢٣", "<script>alert(1)</script>", "]]>",
              "&amp; &lt;", "{{ 7*7 }}", "{% raw %}", "'\"", "\\", "a" * 5000, "\tkolonne", "linje\nlinje", " "]
PROSE_KEYS = {"label", "hint", "title", "description", "text", "message", "name", "item_label", "nb", "nn", "en",
              "se", "da", "pattern_message", "opening_hours", "case_title", "document_title"}
HUGE_NUMBERS = [0, -1, 2**31, 2**53 - 1, 2**53, 2**63, 10**30, -(10**30), 1e308, -1e308, 1e-308, 0.5, 1.5,
                20.0, 3.0, float("inf"), float("-inf"), float("nan")]


@functools.cache
def _original(path: Path) -> Any:
    source = load_text(path.read_text(encoding="utf-8"), str(path), Diagnostics())
    assert source is not None, path
    return source.data


def _parsed(path: Path) -> Any:
    """The file's value as formc reads it (YAML 1.2 core types: `no` stays text), a fresh copy each time.

    Read once per session, so that generation does not change if the files do while the test runs.
    """
    return copy.deepcopy(_original(path))


def _nodes(value: Any, path: tuple = ()) -> list[tuple]:
    """Every path into ``value`` (the root included)."""
    found = [path]
    if isinstance(value, dict):
        for key, child in value.items():
            found += _nodes(child, path + (key,))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found += _nodes(child, path + (index,))
    return found


def _get(value: Any, path: tuple) -> Any:
    for step in path:
        value = value[step]
    return value


def _set(root: Any, path: tuple, new: Any) -> Any:
    if not path:
        return new
    _get(root, path[:-1])[path[-1]] = new
    return root


def _nested(depth: int, leaf: Any, kind: str) -> Any:
    for _ in range(depth):
        leaf = [leaf] if kind == "list" else {"a": leaf}
    return leaf


scalars = st.one_of(
    st.none(), st.booleans(), st.sampled_from(HUGE_NUMBERS), st.integers(), st.floats(),
    st.sampled_from(ODD_TEXT), st.text(max_size=30),
)
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                        st.dictionaries(st.text(max_size=8), inner, max_size=3)),
                      max_leaves=8)


@st.composite
def mutated_file(draw) -> tuple[Path, str]:
    """A shipped file and the text of a mutation of it."""
    path = draw(st.sampled_from(FILES))
    data = _parsed(path)
    for _ in range(draw(st.integers(1, 3))):
        action = draw(st.sampled_from(["delete", "duplicate", "retype", "rename", "deep", "expression",
                                       "odd-text", "odd-text", "number", "number",
                                       "legal-text", "legal-text", "legal-text", "whole-float", "whole-float"]))
        nodes = _nodes(data)
        # aim where the action is plausible, so that a good share of the examples passes check and is built
        number = lambda v, p: isinstance(v, (int, float)) and not isinstance(v, bool)  # noqa: E731
        wanted = {"odd-text": lambda v, p: isinstance(v, str), "number": number, "whole-float": number,
                  "legal-text": lambda v, p: isinstance(v, str) and bool(p) and p[-1] in PROSE_KEYS,
                  "expression": lambda v, p: bool(p) and p[-1] in ("visible_if", "required", "check")}.get(action)
        aimed = [p for p in nodes if wanted(_get(data, p), p)] if wanted else []
        where = draw(st.sampled_from(aimed or nodes))
        target = _get(data, where)
        if action == "delete" and where:
            parent = _get(data, where[:-1])
            del parent[where[-1]]
        elif action == "duplicate" and where and isinstance(_get(data, where[:-1]), list):
            _get(data, where[:-1]).insert(where[-1], json.loads(json.dumps(target)))
        elif action == "duplicate" and isinstance(target, list) and target:
            target.extend(json.loads(json.dumps(target)) * draw(st.integers(1, 50)))
        elif action == "rename" and where and isinstance(_get(data, where[:-1]), dict):
            parent = _get(data, where[:-1])
            parent[draw(st.sampled_from(["id", "type", "label", "fields", "use", "list", "min", "max", "pattern",
                                         "visible_if", "required", "max_size", "Id", "lable", "x"]))] = parent.pop(where[-1])
        elif action == "retype":
            data = _set(data, where, draw(values))
        elif action == "odd-text" and isinstance(target, str):
            odd = draw(st.sampled_from(ODD_TEXT))
            position = draw(st.sampled_from(["end", "start", "replace"]))
            data = _set(data, where, target + odd if position == "end" else odd + target if position == "start" else odd)
        elif action == "deep":
            data = _set(data, where, _nested(draw(st.integers(10, 300)), target, draw(st.sampled_from(["list", "dict"]))))
        elif action == "legal-text" and isinstance(target, str):
            data = _set(data, where, draw(st.sampled_from(["start", "end"])) == "start" and
                        draw(st.sampled_from(LEGAL_TEXT)) + target or target + draw(st.sampled_from(LEGAL_TEXT)))
        elif action == "whole-float" and isinstance(target, (int, float)) and not isinstance(target, bool):
            data = _set(data, where, float(target))
        elif action == "number":
            data = _set(data, where, draw(st.sampled_from(HUGE_NUMBERS)))
        elif action == "expression":
            depth = draw(st.integers(1, 200))
            inner = draw(st.sampled_from(["true == true", "a == 1", "answered(x)", "count(x) > 1", f"a == {10**30}",
                                          "a == " + "9" * 5000, "a == 1e400", "d == 99999-01-01", "a == ١"]))
            expression = draw(st.sampled_from(["(" * depth + inner + ")" * depth, "not " * depth + inner,
                                               " and ".join([inner] * depth)]))
            data = _set(data, where, expression)
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=200)
    lines = text.split("\n")
    edit = draw(st.sampled_from(["none", "none", "none", "drop-line", "double-line", "insert"]))
    if edit != "none" and len(lines) > 1:
        index = draw(st.integers(0, len(lines) - 1))
        if edit == "drop-line":
            del lines[index]
        elif edit == "double-line":
            lines.insert(index, lines[index])
        else:
            line = lines[index]
            column = draw(st.integers(0, len(line)))
            lines[index] = line[:column] + draw(st.sampled_from(["\t", ":", "{", "&a ", "*a", "!!python/object ", "'", "\u00a0"])) + line[column:]
    return path, "\n".join(lines)


def _project(path: Path, text: str) -> Path:
    """A project with the shipped settings, blocks and lists, the mutated file, and one form that needs it."""
    root = Path(tempfile.mkdtemp(prefix="formc-fuzz-"))
    shutil.copy(REPO / "formc.yaml", root / "formc.yaml")
    for folder in ("blocks", "lists"):
        shutil.copytree(LIBRARY / folder, root / "form_definitions" / folder)
    relative = path.relative_to(LIBRARY)
    if relative.parts[0] != "forms":  # a block or list: add a form that uses it
        ident = path.stem
        user = next((f for f in sorted((LIBRARY / "forms").glob("*.yaml"))
                     if re.search(rf"\b(use|list): {re.escape(ident)}\b", f.read_text(encoding="utf-8"))), None)
        if user is not None:
            (root / "form_definitions" / "forms").mkdir(parents=True, exist_ok=True)
            shutil.copy(user, root / "form_definitions" / "forms" / user.name)
    target = root / "form_definitions" / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(text.encode("utf-8", "surrogatepass"))
    return root


def _no_crash(result) -> None:
    assert result.exit_code in (0, 1, 2), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output


def _check_outputs(out: Path) -> None:
    files = [p for p in out.rglob("*") if p.is_file() and not p.name.startswith(".")]
    assert files
    for file in files:
        if file.suffix in (".json", ".jsonld"):
            document = json.loads(file.read_bytes())
            if file.name.endswith(".schema.json"):
                jsonschema.validators.validator_for(document).check_schema(document)
        elif file.suffix in (".xml", ".xsd"):
            tree = etree.parse(str(file), etree.XMLParser(resolve_entities=False, no_network=True))
            if file.suffix == ".xsd":
                etree.XMLSchema(tree)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(mutated_file())
def test_mutated_definitions_give_diagnostics_or_well_formed_outputs(mutation: tuple[Path, str]) -> None:
    path, text = mutation
    root = _project(path, text)
    try:
        runner = CliRunner()
        checked = runner.invoke(cli, ["check", str(root), "--format", "json"])
        _no_crash(checked)
        event(f"check exit {checked.exit_code}")
        if checked.exit_code != 0:
            diagnostics = json.loads(checked.stdout)
            assert diagnostics, checked.output
            for diagnostic in diagnostics:
                assert diagnostic["file"] and diagnostic["line"] >= 1 and diagnostic["column"] >= 1, diagnostic
            return
        args = ["build", str(root), "-o", str(root / "out"), "-q"]
        for target in FAST_TARGETS:
            args += ["--target", target]
        built = runner.invoke(cli, args)
        _no_crash(built)
        assert built.exit_code == 0, built.output
        _check_outputs(root / "out")
        project = check_project(root)
        context = BuildContext(project.organisation)
        for form in project.forms.values():
            assert "<html" in print_html(form, form.default_language, context)
            assert isinstance(form.validate({}), list)
            assert isinstance(form.validate({"x": [[{}]], "y": "\x00"}), list)
    finally:
        shutil.rmtree(root, ignore_errors=True)
