"""Check a loaded file against the definition language's own JSON Schema.

The schema (``language.schema.json``, printed by ``formc schema``) is the same
one editors use through ``yaml-language-server``. Errors are turned into
diagnostics that point at the offending key or value and suggest a fix.
"""

from __future__ import annotations

import copy
import functools
import json
from importlib import resources
from typing import TYPE_CHECKING, Any, Callable

import fastjsonschema

from formc.diagnostics import Diagnostics
from formc.loader import SourceFile
from formc.suggest import did_you_mean

if TYPE_CHECKING:
    import jsonschema

_TYPE_NAMES = {"string": "text", "integer": "a whole number", "number": "a number", "boolean": "true or false",
               "object": "a mapping (key: value)", "array": "a list"}


@functools.cache
def language_schema() -> dict[str, Any]:
    return json.loads(resources.files("formc").joinpath("language.schema.json").read_text(encoding="utf-8"))


@functools.cache
def _validator(definition: str) -> "jsonschema.Draft7Validator":
    import jsonschema

    schema = language_schema()
    target = schema if definition == "" else {"$ref": f"#/definitions/{definition}", "definitions": schema["definitions"]}
    return jsonschema.Draft7Validator(target)


def _leaf_errors(error: "jsonschema.ValidationError") -> list["jsonschema.ValidationError"]:
    """Descend into if/then, oneOf and allOf to the errors that say something specific."""
    if error.validator in ("oneOf", "anyOf") and error.context:
        # prefer the branch that got furthest (deepest path), e.g. the object form of a localised text
        by_branch: dict[int, list["jsonschema.ValidationError"]] = {}
        for sub in error.context:
            by_branch.setdefault(sub.relative_schema_path[0], []).append(sub)
        if error.validator == "oneOf" and all(
            sub.validator == "type" for subs in by_branch.values() for sub in subs
        ):
            return [error]
        best = max(by_branch.values(), key=lambda subs: max(len(s.absolute_path) for s in subs))
        if all(s.validator == "type" for s in best) and len(by_branch) > 1:
            return [error]
        return [leaf for sub in best for leaf in _leaf_errors(sub)]
    return [error]


def _describe(error: "jsonschema.ValidationError") -> tuple[str, str | None, bool]:
    """(message, help, points at the key) for one schema error."""
    where = error.absolute_path
    name = where[-1] if where and isinstance(where[-1], str) else None
    owner = f"`{name}`" if name else "this value"
    v, value = error.validator, error.instance
    if v == "additionalProperties":
        allowed = list(error.schema.get("properties", {}))
        extras = [k for k in value if k not in allowed]
        kind = value.get("type") if isinstance(value, dict) and isinstance(value.get("type"), str) else None
        context = f" in a `{kind}` field" if kind and "fields" not in (error.schema.get("properties", {})) or kind in ("group", "repeat") else ""
        extra = extras[0] if extras else "?"
        return f"unknown key `{extra}`{context}", did_you_mean(extra, allowed) or f"allowed keys: {', '.join(allowed)}", True
    if v == "required":
        missing = error.message.split("'")[1] if "'" in error.message else "?"
        return f"missing required key `{missing}`", f"add `{missing}: ...`", False
    if v == "type":
        expected = error.validator_value
        expected = expected if isinstance(expected, list) else [expected]
        names = " or ".join(_TYPE_NAMES.get(t, t) for t in expected)
        help = "quote it (e.g. \"1.0.0\") if it is meant as text" if "string" in expected and not isinstance(value, (dict, list)) else None
        return f"{owner} must be {names}, not `{json.dumps(value, ensure_ascii=False)}`", help, False
    if v in ("enum", "const"):
        choices = error.validator_value if v == "enum" else [error.validator_value]
        shown = ", ".join(f"`{c if isinstance(c, str) else json.dumps(c)}`" for c in choices)
        text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        help = did_you_mean(str(value), [str(c) for c in choices]) or (f"use {shown}" if v == "const" else f"use one of {shown}")
        return f"{owner} is `{text}`, which is not allowed here", help, False
    if v == "pattern":
        return f"{owner} `{value}` has the wrong form (expected to match `{error.validator_value}`)", None, False
    if v in ("minimum", "maximum", "minItems", "maxItems", "minLength", "minProperties"):
        return f"{owner}: {error.message}", None, False
    if v == "uniqueItems":
        return f"{owner} lists the same value twice", "remove the duplicate", False
    if v == "oneOf" and "options" in str(error.validator_value):
        return "a choice needs either `options` or `list` (exactly one of them)", "give the options inline or name a `list`", False
    if v in ("oneOf", "anyOf"):
        if name in ("label", "hint", "title", "description", "text", "message", "name", "pattern_message",
                    "case_title", "document_title", "item_label", "true_label", "false_label", "opening_hours"):
            return f"{owner} must be a text or a mapping of language tag to text", "write e.g. `{nb: Navn, nn: Namn, en: Name}`", False
        return f"{owner} has the wrong form: {error.message}", None, False
    return f"{owner}: {error.message}", None, False


@functools.cache
def _shallow_definitions() -> dict[str, Any]:
    definitions = copy.deepcopy(language_schema()["definitions"])
    definitions["fields"] = {"type": "array", "items": {"type": "object"}}
    return definitions


@functools.cache
def _fast(definition: str) -> Callable[[Any], Any]:
    """A compiled check of one definition in which nested field lists are only shallowly checked.

    Each field is then checked against its own type's definition, so no field is run through
    the long if/then chain of every field type. Only answers valid or not; see ``_explain``.
    """
    available = _shallow_definitions()
    if definition == "":
        target = {k: v for k, v in language_schema().items() if k != "definitions"}
    else:
        target = {"$ref": f"#/definitions/{definition}"}
    needed = _referenced(target, available)
    # only what the target refers to, and a copy: the compiler annotates what it is given
    definitions = copy.deepcopy({name: available[name] for name in sorted(needed)})
    return fastjsonschema.compile({**target, "definitions": definitions})


def _referenced(schema: Any, definitions: dict[str, Any]) -> set[str]:
    """The names of every definition ``schema`` refers to, directly or through other definitions."""
    found: set[str] = set()
    pending = [schema]
    while pending:
        node = pending.pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/definitions/"):
                name = ref.rsplit("/", 1)[1]
                if name not in found:
                    found.add(name)
                    pending.append(definitions[name])
            pending.extend(v for k, v in node.items() if k != "$ref")
        elif isinstance(node, list):
            pending.extend(node)
    return found


def _nested_fields(data: Any) -> list[dict]:
    """Every field mapping in a form or block document, at any depth."""
    found: list[dict] = []
    pending = [page.get("fields") for page in data.get("pages", []) if isinstance(page, dict)] + [data.get("fields")]
    while pending:
        fields = pending.pop()
        if not isinstance(fields, list):
            continue
        for field in fields:
            if isinstance(field, dict):
                found.append(field)
                pending.append(field.get("fields"))
    return found


def _quick_valid(data: Any, definition: str) -> bool:
    if definition == "":
        # the top level only dispatches on `kind`: do that here and check against that kind alone
        version = data.get("formc") if isinstance(data, dict) else None
        if type(version) is not int or version != 1 or data.get("kind") not in ("form", "block", "list"):
            return False
        definition = data["kind"]
    try:
        _fast(definition)(data)
        if definition in ("form", "block") and isinstance(data, dict):
            for field in _nested_fields(data):
                kind = "use" if "use" in field else f"field_{field.get('type')}"
                if kind not in language_schema()["definitions"]:
                    return False
                _fast(kind)(field)
    except fastjsonschema.JsonSchemaException:
        return False
    return True


def check_against_schema(source: SourceFile, definition: str, diags: Diagnostics) -> bool:
    """Validate ``source.data`` against the language schema (or one of its definitions); True when valid.

    Valid files take a compiled fast path; an invalid file is explained error by error.
    """
    if _quick_valid(source.data, definition):
        return True
    errors = list(_validator(definition).iter_errors(source.data))
    if not errors:
        return True
    reported: set[tuple] = set()
    for error in errors:
        for leaf in _leaf_errors(error):
            message, help, at_key = _describe(leaf)
            path = tuple(leaf.absolute_path)
            if leaf.validator == "additionalProperties" and isinstance(leaf.instance, dict):
                allowed = leaf.schema.get("properties", {})
                extras = [k for k in leaf.instance if k not in allowed]
                if extras:
                    path = path + (extras[0],)
            key = (path, message)
            if key in reported:
                continue
            reported.add(key)
            code = "FC101" if leaf.validator == "additionalProperties" else "FC102" if leaf.validator == "required" else "FC100"
            diags.error(code, message, source.span(path, key=at_key), help)
    return False
