"""The checks on where conditions read from: a condition inside a repeat that reads fields both in the
item and outside it (FC405), and fields that decide each other's visibility (FC406, the cycle named in
the order the fields depend on each other)."""

from __future__ import annotations

import pytest
import yaml
from strategies import ORG

from formc.checker import FormBuilder
from formc.diagnostics import Diagnostic, Diagnostics
from formc.loader import load_text


def text(word: str) -> dict[str, str]:
    return {"nb": word, "nn": word, "en": word}


def field(ident: str, kind: str = "text", **more: object) -> dict:
    return {"id": ident, "type": kind, "label": text(ident), **more}


def check(fields: list[dict]) -> list[Diagnostic]:
    raw = {"formc": 1, "kind": "form", "id": "t", "version": "1.0.0", "languages": ["nb", "nn", "en"],
           "title": text("T"), "pages": [{"id": "p", "fields": fields}]}
    diags = Diagnostics()
    source = load_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), "t.yaml", diags)
    form = FormBuilder(source, {}, {}, ORG, diags).build()  # type: ignore[arg-type]
    assert (form is None) == diags.has_errors
    return diags.items


def coded(diags: list[Diagnostic], code: str) -> list[Diagnostic]:
    return [d for d in diags if d.code == code]


@pytest.mark.parametrize("fields, names", [
    ([field("a", visible_if="answered(b)"), field("b", visible_if="not answered(a)")], "a → b → a"),
    ([field("x"), field("a", visible_if="answered(c)"), field("b", visible_if="answered(a)"),
      field("c", visible_if="answered(b)")], "a → c → b → a"),
    ([field("g", "group", visible_if="answered(g2.y)", fields=[field("x")]),
      field("g2", "group", fields=[field("y", visible_if="answered(g.x)")])], "g → g2.y → g.x → g"),
    ([field("r", "repeat", fields=[field("x", visible_if="answered(y)"), field("y", visible_if="answered(x)")])],
     "r.x → r.y → r.x"),
])
def test_fields_deciding_each_others_visibility_are_named_in_order(fields: list[dict], names: str) -> None:
    [cycle] = coded(check(fields), "FC406")
    assert cycle.message == f"these fields are shown only depending on each other: {names}"
    assert cycle.span.line > 0


@pytest.mark.parametrize("fields", [
    [field("a", "boolean"), field("b", visible_if="a == true"), field("c", visible_if="answered(b)")],
    [field("g", "group", visible_if="answered(x)", fields=[field("y", visible_if="answered(x)")]), field("x")],
    [field("r", "repeat", fields=[field("x", "boolean"), field("y", visible_if="x == true")])],
])
def test_conditions_in_one_direction_are_accepted(fields: list[dict]) -> None:
    assert check(fields) == []


def test_a_condition_reading_inside_and_outside_a_repeat_is_refused() -> None:
    fields = [field("kids", "boolean"),
              field("r", "repeat", fields=[field("x", "boolean"), field("y", visible_if="x == true and kids == true")])]
    [crossing] = coded(check(fields), "FC405")
    assert crossing.message == "this condition reads fields both inside and outside a repeat"
    assert crossing.span.line > 0


@pytest.mark.parametrize("fields", [
    [field("kids", "boolean"), field("r", "repeat", fields=[field("x", "boolean"), field("y", visible_if="x == true")])],
    [field("kids", "boolean"), field("r", "repeat", fields=[field("y", visible_if="kids == true")])],
    [field("g", "group", fields=[field("x", "boolean")]), field("y", visible_if="g.x == true")],
])
def test_a_condition_on_one_side_of_a_repeat_is_accepted(fields: list[dict]) -> None:
    assert coded(check(fields), "FC405") == []


def test_fields_sharing_a_wrong_condition_each_get_their_own_diagnostic() -> None:
    # the checker checks a condition text once per scope and shares the result, but only a good one
    found = coded(check([field("a", visible_if="nope == true"), field("b", visible_if="nope == true"),
                         field("c", required="nope == true")]), "FC401")
    assert [d.message for d in found] == ["in `visible_if`: unknown field `nope`"] * 2 + ["in `required`: unknown field `nope`"]
    assert len({(d.span.line, d.span.column) for d in found}) == 3


def _built(fields: list[dict], blocks: dict[str, list[dict]] | None = None) -> dict[str, object]:
    """The form's fields by dotted path, built with these blocks."""
    def load(raw: dict, name: str) -> object:
        return load_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), name, Diagnostics())
    block_sources = {ident: load({"formc": 1, "kind": "block", "id": ident, "fields": block}, f"{ident}.yaml")
                     for ident, block in (blocks or {}).items()}
    raw = {"formc": 1, "kind": "form", "id": "t", "version": "1.0.0", "languages": ["nb", "nn", "en"],
           "title": text("T"), "pages": [{"id": "p", "fields": fields}]}
    diags = Diagnostics()
    form = FormBuilder(load(raw, "t.yaml"), block_sources, {}, ORG, diags).build()  # type: ignore[arg-type]
    assert form is not None, diags.items
    return {".".join(f.path): f for f in form.walk()}


def test_one_condition_text_resolves_in_each_field_s_own_scope_and_renames() -> None:
    fields = _built([field("a", "boolean"), field("c", visible_if="a == true"),
                     field("r", "repeat", fields=[field("a", "boolean"), field("b", visible_if="a == true")]),
                     {"use": "person", "prefix": "x_"}, {"use": "person", "prefix": "y_"}],
                    {"person": [field("a", "boolean"), field("b", visible_if="a == true")]})
    def read(path: str) -> tuple:
        ref = fields[path].visible_if.left.ref  # type: ignore[attr-defined]
        return ref.up, ref.field_path
    assert read("c") == (0, ("a",))
    assert read("r.b") == (0, ("r", "a"))
    assert read("x_b") == (0, ("x_a",)) and read("y_b") == (0, ("y_a",))
