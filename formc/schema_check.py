"""Check a loaded file against the definition language's own JSON Schema.

The schema (``language.schema.json``, printed by ``formc schema``) is the same
one editors use through ``yaml-language-server``. Errors are turned into
diagnostics that point at the offending key or value and suggest a fix.

Valid files take a quick path: checks compiled by fastjsonschema. Their code is
generated ahead of time into :mod:`formc._schema_checks` (``python -m
formc.codegen``), so a process imports the checks it needs from the
byte-code cache instead of generating and compiling them (about 30 ms for a
form); while the schema differs from the one that code was made from, they are
compiled here as before.
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import hashlib
import importlib
import json
from importlib import resources
from typing import TYPE_CHECKING, Any, Callable

import fastjsonschema

from formc.diagnostics import Diagnostics
from formc.loader import SourceFile
from formc.schema_sure import sure_check, sure_source
from formc.suggest import did_you_mean, field_type_help

if TYPE_CHECKING:
    import jsonschema

_TYPE_NAMES = {"string": "text", "integer": "a whole number", "number": "a number", "boolean": "true or false",
               "object": "a mapping (key: value)", "array": "a list"}

# what each pattern of the language schema means, said to an author instead of the regular expression
_PATTERN_WORDS = {
    r"^[a-z][a-z0-9_]*$": ("a name of lower-case letters, digits and `_`, starting with a letter", "e.g. `first_name`"),
    r"^[A-Z]{3}$": ("a three-letter ISO 4217 currency code", "e.g. `NOK` or `DKK`"),
    r"^([0-9]{4}-[0-9]{2}-[0-9]{2}|today([+-]P[0-9YMWDTHS]+)?)$": (
        "a date (YYYY-MM-DD) or `today`, optionally with an ISO 8601 duration", "e.g. `2025-01-31`, `today` or `today-P18Y`"),
    r"^([01][0-9]|2[0-3]):[0-5][0-9]$": ("a time of day as HH:MM", "e.g. `08:00` or `15:30`"),
    r"^[a-z][a-z0-9-]*$": ("a name of lower-case letters, digits and `-`, starting with a letter", "e.g. `person`"),
    r"^[a-z]+/[a-z0-9.+*-]+$": ("a media type", "e.g. `application/pdf` or `image/*`"),
    r"^[0-9]+(\.[0-9]+)? ?(B|KB|MB|GB)$": ("a size in B, KB, MB or GB", "e.g. `10MB` or `1.5 GB`"),
    r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$": ("a language tag", "e.g. `nb`, `nn` or `en`"),
    r"^[A-Za-z0-9][A-Za-z0-9_.-]*$": ("a value of letters, digits, `_`, `.` and `-`", "e.g. `yes` or `option_1`"),
    r"^[0-9]{8,9}$": ("an organisation number of 8 or 9 digits", "quote it, e.g. \"974760673\""),
    r"^[0-9]{3,4}$": ("a municipality number of 3 or 4 digits", "quote it, e.g. \"4215\""),
    r"^https?://[^ \t\n/?#]+([/?#][^ \t\n]*)?$": (
        "a web address starting with https:// (no `javascript:`, `data:` or spaces)", "e.g. `https://lovdata.no/lov/2005-06-17-64`"),
    r"^[^@ \t\n]+@[^@ \t\n]+\.[^@ \t\n]+$": ("an e-mail address", "e.g. `postmottak@example.kommune.no`"),
    r"^(https?://[^ \t\n/?#]+([/?#][^ \t\n]*)?|mailto:[^@ \t\n]+@[^@ \t\n]+\.[^@ \t\n]+)$": (
        "a web address starting with https://, or mailto: and an e-mail address", "e.g. `https://uustatus.no/nb/erklaringer/publisert/...`"),
    r"^\+?[0-9][0-9 -]{2,23}$": ("a phone number of digits, optionally starting with +", "e.g. `+4737261500`"),
    r"^P(?!$)([0-9]+Y)?([0-9]+M)?([0-9]+W)?([0-9]+D)?(T(?=[0-9])([0-9]+H)?([0-9]+M)?([0-9]+S)?)?$": (
        "an ISO 8601 duration such as P3W or P15D", "`P3W` is three weeks, `P15D` fifteen days, `P2M` two months, `PT30M` thirty minutes"),
    r"^[a-z][a-z0-9_-]*$": ("a name of lower-case letters, digits, `_` and `-`, starting with a letter", "e.g. `submit`"),
    r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$": ("a field path such as `applicant.first_name`", None),
    r"^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$": ("a version MAJOR.MINOR.PATCH", "e.g. `1.0.0` (quote it: \"1.0\" is read as a number)"),
    r"^https?://[^ \t\n/?#]+(/[^ \t\n?#]*)?/$": ("a web address starting with https:// and ending with `/`", "e.g. `https://skjema.example.no/`"),
    r"^[A-Za-z_]+(/[A-Za-z0-9_+-]+){0,2}$": ("an IANA time zone name", "e.g. `Europe/Oslo`"),
}


@functools.cache
def _schema_bytes() -> bytes:
    return resources.files("formc").joinpath("language.schema.json").read_bytes()


@functools.cache
def language_schema() -> dict[str, Any]:
    return json.loads(_schema_bytes().decode("utf-8"))


def schema_digest() -> str:
    """SHA-256 of ``language.schema.json`` as shipped: which schema the generated quick checks were made from."""
    return hashlib.sha256(_schema_bytes()).hexdigest()


def python_pattern(pattern: str) -> str:
    """``pattern`` (ECMA-262, the JSON Schema dialect) with the meaning it has there, for Python's ``re``.

    In Python ``$`` also matches before a final line feed, so ``"x\\n"`` would pass ``^[a-z]+$``;
    every ``$`` outside a character class becomes ``\\Z``. (The schema writes digits as ``[0-9]``:
    Python's ``\\d`` would also take other scripts' digits.)
    """
    out: list[str] = []
    in_class = escaped = False
    for char in pattern:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "[":
            in_class = True
        elif char == "]":
            in_class = False
        elif char == "$" and not in_class:
            char = "\\Z"
        out.append(char)
    return "".join(out)


def _with_python_patterns(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: python_pattern(v) if k == "pattern" and isinstance(v, str) else _with_python_patterns(v)
                for k, v in node.items()}
    if isinstance(node, list):
        return [_with_python_patterns(v) for v in node]
    return node


@functools.cache
def _python_schema() -> dict[str, Any]:
    """The language schema as Python's validators must read it (see :func:`python_pattern`)."""
    return _with_python_patterns(language_schema())


@functools.cache
def _validator(definition: str) -> "jsonschema.Draft7Validator":
    import jsonschema

    schema = _python_schema()
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
        article = "an" if kind and kind[0] in "aeiou" else "a"
        context = f" in {article} `{kind}` field" if kind and "fields" not in (error.schema.get("properties", {})) or kind in ("group", "repeat") else ""
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
        if name == "type" and isinstance(value, str):
            return f"unknown field type `{value}`", field_type_help(value, choices) or f"use one of {shown}", False
        help = did_you_mean(str(value), [str(c) for c in choices]) or (f"use {shown}" if v == "const" else f"use one of {shown}")
        return f"{owner} is `{text}`, which is not allowed here", help, False
    if v == "pattern":
        expected = error.validator_value.replace("\\Z", "$")  # the pattern as the schema (and editors) write it
        shown = value if value.isprintable() else json.dumps(value, ensure_ascii=False)
        words, example = _PATTERN_WORDS.get(expected, (f"text matching `{expected}`", None))
        return f"{owner} `{shown}` is not {words}", example, False
    if v == "maxLength" and isinstance(value, str):
        return (f"{owner} is longer than {error.validator_value} characters ({len(value)})",
                "shorten it: option values are stored in every submission" if name == "value"
                else "shorten it: ids become file names, JSON keys and XML element names", False)
    if v in ("minimum", "maximum", "minItems", "maxItems", "minLength", "minProperties"):
        return f"{owner}: {error.message}", None, False
    if v == "uniqueItems":
        return f"{owner} lists the same value twice", "remove the duplicate", False
    if v == "oneOf" and isinstance(value, float) and any(
            isinstance(branch, dict) and branch.get("type") == "integer" for branch in error.validator_value):
        return f"{owner} must be a whole number, not `{json.dumps(value)}`", "write it without a fraction", False
    if v == "oneOf" and "options" in str(error.validator_value):
        return "a choice needs either `options` or `list` (exactly one of them)", "give the options inline or name a `list`", False
    if v in ("oneOf", "anyOf"):
        if name in ("label", "hint", "title", "description", "text", "message", "name", "pattern_message",
                    "case_title", "document_title", "item_label", "true_label", "false_label", "opening_hours"):
            return f"{owner} must be a text or a mapping of language tag to text", "write e.g. `{nb: Navn, nn: Namn, en: Name}`", False
        return f"{owner} has the wrong form: {error.message}", None, False
    return f"{owner}: {error.message}", None, False


# Optional sections of a form and of formc.yaml that the quick check compiles on their own, and only when
# a file has them: most files have none, and their checks are most of the code compiled for their parent.
_SECTIONS = {"form": ("service", "archive"), "project": ("archive", "delivery", "notify", "reports", "footer")}


@functools.cache
def _shallow_definitions() -> dict[str, Any]:
    # a new mapping where it differs, shared otherwise: it is only read (``_fast`` compiles a copy)
    definitions = dict(_python_schema()["definitions"])
    definitions["fields"] = {"type": "array", "items": {"type": "object"}}
    for parent, sections in _SECTIONS.items():
        properties = {**definitions[parent]["properties"], **{name: {} for name in sections}}
        definitions[parent] = {**definitions[parent], "properties": properties}
    return definitions


def _target(definition: str, section: str | None) -> Any:
    if section is not None:
        return _python_schema()["definitions"][definition]["properties"][section]
    if definition == "":
        return {k: v for k, v in _python_schema().items() if k != "definitions"}
    return {"$ref": f"#/definitions/{definition}"}


@functools.cache
def _check(definition: str, section: str | None = None) -> Callable[[Any], None]:
    """The quick check of one definition (or of one of its ``_SECTIONS``): raises ``JsonSchemaException``
    when the value is invalid. A value :mod:`formc.schema_sure`'s check is sure of passes at once; any other
    goes through fastjsonschema's (:func:`_fast`), which decides. Both generated ahead of time, or made now."""
    shipped = _shipped()
    if shipped is not None:
        sure = importlib.import_module(f"formc._schema_checks.{shipped[check_name(definition, section)]}").sure
    else:
        sure = sure_check(_target(definition, section), _shallow_definitions())

    def check(value: Any) -> None:
        if not sure(value):
            _fast(definition, section)(value)

    return check


def quick_checks() -> list[tuple[str, str | None]]:
    """Every (definition, section) the quick path may compile: each kind of file, their ``_SECTIONS``, each
    kind of field (``field_<type>``) and ``use``."""
    definitions = language_schema()["definitions"]
    kinds = [(kind, None) for kind in ("form", "block", "list", "project")]
    sections = [(parent, section) for parent, names in _SECTIONS.items() for section in names]
    fields = [(name, None) for name in sorted(definitions) if name.startswith("field_") or name == "use"]
    return kinds + sections + fields


def check_schema(definition: str, section: str | None = None) -> dict[str, Any]:
    """The schema of the quick check of one definition (or of one of its ``_SECTIONS``), in which nested field
    lists and the sections are only shallowly checked.

    Each field is then checked against its own type's definition, so no field is run through
    the long if/then chain of every field type. Only answers valid or not; see ``_explain``.
    """
    available = _shallow_definitions()
    target = _target(definition, section)
    needed = _referenced(target, available)
    # only what the target refers to, and a copy: the compiler annotates what it is given. Without
    # detailed exceptions (only valid or not is asked) the generated code is less than half as long
    # and compiles in less than half the time, which is most of a small project's `formc validate`.
    definitions = {name: available[name] for name in sorted(needed)}
    return _one_of_by_type(_const_as_enum({**target, "definitions": definitions}))


@functools.cache
def _shipped() -> dict[str, str] | None:
    """The generated checks (check: its module in :mod:`formc._schema_checks`), if made from this very schema."""
    from formc import _schema_checks

    return _schema_checks.MODULES if _schema_checks.SCHEMA_DIGEST == schema_digest() else None


def sure_code(definition: str, section: str | None = None) -> str:
    """The code of the check :mod:`formc.schema_sure` writes for :func:`check_schema`'s check (``sure``)."""
    return sure_source(_target(definition, section), _shallow_definitions())


@functools.cache
def _fast(definition: str, section: str | None = None) -> Callable[[Any], Any]:
    """The compiled check of :func:`check_schema`: the generated one, else compiled now."""
    shipped = _shipped()
    if shipped is not None:
        return importlib.import_module(f"formc._schema_checks.{shipped[check_name(definition, section)]}").validate
    return fastjsonschema.compile(check_schema(definition, section), detailed_exceptions=False)


def check_name(definition: str, section: str | None) -> str:
    """The name of a quick check in :mod:`formc._schema_checks`: ``form``, ``form/service``, ``field_text``."""
    return definition if section is None else f"{definition}/{section}"


# JSON types no value has two of (``integer`` is a ``number``), and the order the quick check tries
# them in: a failed branch costs an exception, and most texts of a form are mappings of translations
_TRY_FIRST = ("object", "boolean", "string", "array", "null")


def _one_of_by_type(node: Any) -> Any:
    """``node`` with each ``oneOf`` whose branches each take a different JSON type written as the same
    check ``anyOf``, the likeliest type first.

    A value can only pass the branch of its own type, so exactly one passes when any does; fastjsonschema
    tries every branch of a ``oneOf`` but stops at the first that passes in an ``anyOf``.
    """
    if isinstance(node, list):
        return [_one_of_by_type(value) for value in node]
    if not isinstance(node, dict):
        return node
    out = {key: _one_of_by_type(value) for key, value in node.items()}
    branches = out.get("oneOf")
    if isinstance(branches, list) and "anyOf" not in out:
        types = [b.get("type") if isinstance(b, dict) else None for b in branches]
        if all(t in _TRY_FIRST for t in types) and len(set(types)) == len(types):
            out["anyOf"] = sorted(branches, key=lambda b: _TRY_FIRST.index(b["type"]))
            del out["oneOf"]
    return out


def _const_as_enum(node: Any) -> Any:
    """A copy of ``node`` with each ``const: X`` written as the same check ``enum: [X]``.

    fastjsonschema (2.22) cannot generate ``const`` without detailed exceptions (a KeyError).
    """
    if isinstance(node, dict):
        return {("enum" if key == "const" else key): [copy.deepcopy(value)] if key == "const" else _const_as_enum(value)
                for key, value in node.items()}
    if isinstance(node, list):
        return [_const_as_enum(value) for value in node]
    return node


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


# the quick check of each kind of field (``field_<type>``, or ``use``), compiled when first needed
_FIELD_CHECKS: dict[str, Callable[[Any], Any]] = {}


def _quick_valid(data: Any, definition: str) -> bool:
    if definition == "":
        # the top level only dispatches on `kind`: do that here and check against that kind alone
        version = data.get("formc") if isinstance(data, dict) else None
        if type(version) is not int or version != 1 or data.get("kind") not in ("form", "block", "list"):
            return False
        definition = data["kind"]
    try:
        _check(definition)(data)
        for section in _SECTIONS.get(definition, ()):
            if section in data:  # a mapping: it passed its definition's `type: object`
                _check(definition, section)(data[section])
        if definition in ("form", "block") and isinstance(data, dict):
            for field in _nested_fields(data):
                kind = "use" if "use" in field else f"field_{field.get('type')}"
                check = _FIELD_CHECKS.get(kind)
                if check is None:
                    if kind not in language_schema()["definitions"]:
                        return False
                    check = _FIELD_CHECKS[kind] = _check(kind)
                check(field)
    except fastjsonschema.JsonSchemaException:
        return False
    return True


def check_against_schema(source: SourceFile, definition: str, diags: Diagnostics) -> bool:
    """Validate ``source.data`` against the language schema (or one of its definitions); True when valid.

    Valid files take a compiled fast path; an invalid file is explained error by error. Two
    mistakes that the schema sees as many are reported once, as what they are: text split at an
    unquoted comma in flow style (FC103) and a key that indentation moved into another object (FC104).
    """
    if _quick_valid(source.data, definition):
        return True
    leaves = [leaf for error in _validator(definition).iter_errors(source.data) for leaf in _leaf_errors(error)]
    if not leaves:
        return True
    explained = _comma_splits(source, leaves, diags) + _misplaced_keys(source, leaves, diags)
    reported: set[tuple] = set()
    for leaf in leaves:
        message, help, at_key = _describe(leaf)
        path = tuple(leaf.absolute_path)
        if leaf.validator == "additionalProperties" and isinstance(leaf.instance, dict):
            allowed = leaf.schema.get("properties", {})
            extras = [k for k in leaf.instance if k not in allowed]
            if extras:
                path = path + (extras[0],)
        if any(path[: len(done)] == done for done in explained):
            continue
        key = (path, message)
        if key in reported:
            continue
        reported.add(key)
        code = "FC101" if leaf.validator == "additionalProperties" else "FC102" if leaf.validator == "required" else "FC100"
        diags.error(code, message, source.span(path, key=at_key), help)
    return False


def _get(data: Any, path: tuple) -> Any:
    for part in path:
        data = data[part]
    return data


def _comma_splits(source: SourceFile, leaves: list, diags: Diagnostics) -> list[tuple]:
    """FC103 once per flow mapping that an unquoted comma split (`{nb: Hei, verden}`); the paths it explains."""
    explained = []
    for mapping_path in dict.fromkeys(path[:-1] for path in source.bare_keys):
        if not any(tuple(leaf.absolute_path)[: len(mapping_path)] == mapping_path for leaf in leaves):
            continue
        mapping = _get(source.data, mapping_path)
        pieces: list[tuple[str | None, list[str]]] = []  # (key, text pieces) in file order
        for key, value in mapping.items():
            if mapping_path + (key,) in source.bare_keys and pieces:
                pieces[-1][1].append(key)
            else:
                pieces.append((key, [str(value)] if value is not None else [key]))
        splits = [(key, ", ".join(parts)) for key, parts in pieces
                  if len(parts) > 1 or mapping_path + (key,) in source.bare_keys]
        key, text = splits[0]
        where = source.span(mapping_path + (key,) if text != key else mapping_path)
        fixed = ", ".join(f'{k}: "{t}"' if t != k else f'"{t}"' for k, t in splits)
        diags.error("FC103", f"unquoted text with a comma: in `{{...}}` a comma separates entries, so `{text}` was split",
                    where, f"quote the text{'s' * (len(splits) > 1)}: {fixed}")
        explained.append(mapping_path)
    return explained


@functools.cache
def _keys_of(definition: str) -> frozenset[str]:
    definitions = language_schema()["definitions"]
    if definition == "field":
        return frozenset(k for name, d in definitions.items() if name.startswith("field_") for k in d.get("properties", {}))
    return frozenset(definitions[definition].get("properties", {}))


def _owner(data: Any, path: tuple) -> str:
    """How an author names the object at ``path``: page `who`, field `name`, the form."""
    if not path:
        return "the form" if isinstance(data, dict) and data.get("kind") == "form" else "the file"
    node = _get(data, path)
    ident = node.get("id") if isinstance(node, dict) else None
    if len(path) >= 2 and path[-2] == "pages":
        return f"page `{ident}`"
    if len(path) >= 2 and path[-2] == "fields":
        return f"field `{ident}`"
    if isinstance(path[-1], str):
        return f"the `{path[-1]}` of {_owner(data, path[:-1])}"
    return "this item"


def _misplaced_keys(source: SourceFile, leaves: list, diags: Diagnostics) -> list[tuple]:
    """FC104 for a field's key that indentation moved into a page, a group or a text; the paths it explains."""
    explained: list[tuple] = []
    field_keys = _keys_of("field")
    for leaf in leaves:
        path = tuple(leaf.absolute_path)
        node = leaf.instance
        if leaf.validator == "additionalProperties" and isinstance(node, dict):
            allowed = leaf.schema.get("properties", {})
            extras = [k for k in node if k not in allowed and k in field_keys]
            is_text = False
        elif leaf.validator == "pattern" and leaf.validator_value == _python_schema()["definitions"]["text"]["oneOf"][1][
                "propertyNames"]["pattern"] and isinstance(node, str):
            extras = [node] if node in field_keys else []
            is_text = True
        else:
            continue
        for key in extras:
            if path + (key,) in explained:
                continue
            landed = _owner(source.data, path)
            if is_text:
                help = f"indent it less, in line with `{path[-1]}`, so it is a key of the field again"
            else:
                listed = _get(source.data, path).get("fields")
                fields = [f for f in listed if isinstance(f, dict)] if isinstance(listed, list) else []
                line = source.span(path + (key,), key=True).line
                before = [f for i, f in enumerate(fields) if source.span(path + ("fields", i)).line < line]
                target = f"field `{before[-1].get('id')}`" if before and before[-1].get("id") else "the field it belongs to"
                help = f"indent it under {target}"
            diags.error("FC104", f"`{key}` is now a key of {landed}", source.span(path + (key,), key=True), help)
            explained.append(path + (key,))
            if is_text:
                explained.append(path)
    return explained


def salvage(source: SourceFile, definition: str = "", rounds: int = 20) -> tuple[SourceFile, bool] | None:
    """A copy of an invalid file with every part the schema refuses removed, so later stages can still
    check the rest, and whether whole fields were removed (then names of fields may be missing);
    None when what is left is not a definition (e.g. its `id` or `pages` are wrong).

    Nothing is reported here: the caller has already reported the schema errors.
    """
    data = copy.deepcopy(source.data)
    lost_fields = False
    for _ in range(rounds):
        if _quick_valid(data, definition):
            return dataclasses.replace(source, data=data), lost_fields
        paths = set()
        for error in _validator(definition).iter_errors(data):
            for leaf in _leaf_errors(error):
                path = tuple(leaf.absolute_path)
                if leaf.validator == "additionalProperties" and isinstance(leaf.instance, dict):
                    allowed = leaf.schema.get("properties", {})
                    paths.update(path + (k,) for k in leaf.instance if k not in allowed)
                elif leaf.validator == "pattern" and isinstance(leaf.instance, str) and isinstance(_get(data, path), dict):
                    paths.add(path + (leaf.instance,))  # a wrong key name (propertyNames)
                else:
                    paths.add(path)
        if not paths or () in paths:
            return None
        for path in sorted(paths, key=lambda p: (len(p), p), reverse=True):  # later list items first
            try:
                parent = _get(data, path[:-1])
            except (KeyError, IndexError, TypeError):
                continue  # inside something already removed
            if isinstance(parent, dict):
                parent.pop(path[-1], None)
            elif isinstance(parent, list) and path[-1] < len(parent):
                del parent[path[-1]]
                lost_fields = lost_fields or path[-2:-1] == ("fields",)
    return None
