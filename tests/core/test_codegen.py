"""The generated modules shipped in the package are what ``python -m formc.codegen`` writes for this checkout.

The language schema's quick checks (formc/_schema_checks/): every check decides as the check fastjsonschema
compiles in the process, on the shipped definitions and on broken copies of them, and while the schema differs
from the one the modules were made from, the checks are compiled as before. The targets' compiled templates
(formc/_templates/): Jinja is handed exactly the code it compiles itself, named after the template's file, and
only for a template whose source is the shipped one."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import fastjsonschema
import pytest

from formc import _schema_checks, _templates, codegen, schema_check
from formc.diagnostics import Diagnostics
from formc.loader import load_file
from formc.schema_check import _SECTIONS, _nested_fields, _quick_valid, check_name, check_schema, quick_checks
from formc.targets_api import template_environment
from formc.template_cache import Precompiled

ROOT = Path(__file__).parent.parent.parent
FILES = sorted([*ROOT.glob("form_definitions/**/*.yaml"), *ROOT.glob("examples/*/forms/*.yaml"),
                *ROOT.glob("examples/*/formc.yaml"), ROOT / "formc.yaml"])


@pytest.mark.parametrize("package", sorted(codegen.PACKAGES))
def test_the_shipped_modules_are_what_the_generator_writes(package: str) -> None:
    made = codegen.schema_checks() if package == "_schema_checks" else codegen.templates()
    assert codegen.shipped()[package] == made, (
        f"formc/{package}/ is out of date: run `python -m formc.codegen` and commit what it writes")


def test_the_shipped_checks_are_used_and_cover_every_quick_check() -> None:
    assert schema_check._shipped() is _schema_checks.MODULES
    assert list(_schema_checks.MODULES) == [check_name(*key) for key in quick_checks()]
    assert schema_check._fast("field_text") is shipped_check("field_text")


def shipped_check(name: str) -> Any:
    return importlib.import_module(f"formc._schema_checks.{_schema_checks.MODULES[name]}").validate


def samples(path: Path) -> Iterator[tuple[str, Any]]:
    """(check, value): the file for its kind's check, each of its sections, each of its fields."""
    data = load_file(path, str(path), Diagnostics()).data
    kind = "project" if path.name == "formc.yaml" else data["kind"]
    yield kind, data
    for section in _SECTIONS.get(kind, ()):
        if section in data:
            yield check_name(kind, section), data[section]
    if kind in ("form", "block"):
        for field in _nested_fields(data):
            yield ("use" if "use" in field else f"field_{field['type']}"), field


def broken(value: Any) -> Iterator[Any]:
    """``value``, then copies with one change each at the top or one level down: a wrong type, an unknown key."""
    yield value
    if isinstance(value, dict):
        yield {**value, "zz_not_a_key": 1}
        for key, inner in value.items():
            yield {**value, key: [] if not isinstance(inner, list) else 7}
            if isinstance(inner, dict):
                yield {**value, key: {**inner, "zz_not_a_key": 1}}
    else:
        yield 7


def verdict(check: Any, value: Any) -> bool:
    try:
        check(value)
    except fastjsonschema.JsonSchemaException:
        return False
    return True


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_shipped_check_decides_as_the_one_compiled_now(path: Path) -> None:
    compiled: dict[str, Any] = {}
    verdicts = set()
    for name, value in samples(path):
        if name not in compiled:
            definition, _, section = name.partition("/")
            compiled[name] = fastjsonschema.compile(check_schema(definition, section or None), detailed_exceptions=False)
        shipped = shipped_check(name)
        for copy in broken(value):
            assert verdict(shipped, copy) == verdict(compiled[name], copy), name
            verdicts.add(verdict(shipped, copy))
    assert verdicts == {True, False}


@pytest.fixture
def schema_changed(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """As if language.schema.json had changed since formc/_schema_checks.py was generated."""
    def clear() -> None:
        schema_check._shipped.cache_clear()
        schema_check._fast.cache_clear()
        schema_check._FIELD_CHECKS.clear()

    monkeypatch.setattr(_schema_checks, "SCHEMA_DIGEST", "0" * 64)
    clear()
    yield
    monkeypatch.undo()
    clear()


def test_checks_are_compiled_while_the_schema_differs_from_the_generated_ones(schema_changed: None) -> None:
    form = load_file(ROOT / "examples" / "minimal" / "forms" / "callback-request.yaml", "callback-request.yaml", Diagnostics()).data
    assert schema_check._shipped() is None
    assert _quick_valid(form, "") is True
    assert _quick_valid({**form, "zz_not_a_key": 1}, "") is False
    assert schema_check._fast("form") is not shipped_check("form")  # fastjsonschema's, made now


def code_objects(code: Any) -> Iterator[Any]:
    yield code
    for const in code.co_consts:
        if hasattr(const, "co_code"):
            yield from code_objects(const)


@pytest.mark.parametrize("target, name", sorted(_templates.TEMPLATES), ids="/".join)
def test_a_shipped_template_gets_the_code_jinja_compiles(target: str, name: str) -> None:
    env = template_environment(target, None)
    source, filename, _ = env.loader.get_source(env, name)
    bucket = env.bytecode_cache.get_bucket(env, name, filename, source)
    compiled = env.compile(source, name, filename)
    assert bucket.code is not None and bucket.code == compiled
    assert [c.co_filename for c in code_objects(bucket.code)] == [c.co_filename for c in code_objects(compiled)]
    assert {c.co_filename for c in code_objects(bucket.code)} == {filename}


def test_a_projects_own_template_is_compiled_unless_it_is_the_shipped_one(tmp_path: Path) -> None:
    shipped = template_environment("html", None)
    source, _, _ = shipped.loader.get_source(shipped, "page.html.j2")
    (tmp_path / "html").mkdir()
    own = tmp_path / "html" / "page.html.j2"
    env = template_environment("html", tmp_path)
    for text, precompiled in ((source, True), (source.replace("<html", "<html data-own=\"1\"", 1), False)):
        own.write_text(text, encoding="utf-8")
        bucket = env.bytecode_cache.get_bucket(env, "page.html.j2", str(own), text)
        assert (bucket.code is not None) is precompiled
        env.cache.clear()
        template = env.get_template("page.html.j2")
        assert template.filename == str(own)
        assert template.root_render_func.__code__.co_filename == str(own)


def test_templates_are_compiled_by_another_jinja(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_templates, "JINJA", "0.0")
    env = template_environment("html", None)
    source, filename, _ = env.loader.get_source(env, "page.html.j2")
    assert Precompiled("html").get_bucket(env, "page.html.j2", filename, source).code is None
