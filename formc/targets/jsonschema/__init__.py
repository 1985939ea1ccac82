"""The ``jsonschema`` target: one JSON Schema (2020-12) per form for the submitted data.

Everything static is expressed with standard keywords: types, lengths, ranges,
patterns, formats, enums, ``uniqueItems``, ``additionalProperties: false``,
and conditions as ``if``/``then``/``else`` placed at the nearest object that
holds every field they read (``not: {required: [...]}`` for hidden fields).
What a JSON Schema cannot express (rules, ``today``, check digits, decimals,
time and date limits) is listed under ``x-formc-rules`` so nothing is silently
dropped; see docs/targets/jsonschema.md for that annotation's format.
"""

from __future__ import annotations

import datetime
import math
from typing import Any, Sequence

from formc import formats
from formc.conditions import placement, ref_object
from formc.expressions.evaluate import evaluate
from formc.expressions.nodes import BoolOp, Call, Compare, Expr, In, Literal, Not, Path
from formc.jsontext import compact
from formc.model import Field, Form
from formc.targets_api import BuildContext, OutputFile
from formc.validator import number_bounds

DIALECT = "https://json-schema.org/draft/2020-12/schema"
_ANY_DAY = datetime.date(2000, 1, 1)  # conditions cannot read `today`; evaluate() still takes a date
_FLIP = {"<": ">", ">": "<", "<=": ">=", ">=": "<=", "==": "==", "!=": "!="}
_IDENTIFIER_CHECKS = {
    ("national_id", "NO"): "no-national-id", ("national_id", "DK"): "dk-cpr",
    ("org_number", "NO"): "no-org-number", ("org_number", "DK"): "dk-cvr",
    ("bank_account", "NO"): "no-bank-account", ("bank_account", "iban"): "iban",
}


def schema_id(form: Form, ctx: BuildContext) -> str:
    if ctx.base_url:
        return f"{ctx.base_url}jsonschema/{form.id}.schema.json"
    return f"urn:formc:schema:{form.id}:{form.version}"


# -- conditions ---------------------------------------------------------------------------------

def _present(name: str, schema: Any = True) -> dict[str, Any]:
    """``name`` is present (and matches ``schema``); the property is named under ``properties`` for ajv's strict mode."""
    return {"required": [name], "properties": {name: schema}}


def _nest(ids: Sequence[str], inner: dict[str, Any]) -> dict[str, Any]:
    """A schema that requires the groups ``ids[:-1]`` to exist and applies ``inner`` to the object holding the last."""
    for group in reversed(ids[:-1]):
        inner = _present(group, inner)
    return inner


def _value_test(ids: Sequence[str], test: dict[str, Any]) -> dict[str, Any]:
    return _nest(ids, _present(ids[-1], test))


def _count_in(ids: Sequence[str], low: int, high: float) -> dict[str, Any]:
    """The number of items at ``ids`` (0 when absent) lies in [low, high]."""
    if high < low or high < 0:
        return {"not": {}}
    bounds: dict[str, Any] = {}
    if low > 0:
        bounds["minItems"] = low
    if high != math.inf:
        bounds["maxItems"] = int(high)
    present = _nest(ids, _present(ids[-1], {"type": "array", **bounds})) if bounds else {}
    if low <= 0:
        absent = {"not": _nest(ids, _present(ids[-1]))}
        return {"anyOf": [absent, present]} if bounds else {}
    return present


class _Compiler:
    def __init__(self, form: Form, target: tuple[str, ...], anchor: tuple[str, ...]):
        self.form = form
        self.target = target
        self.anchor = anchor

    def ids(self, path: Path) -> list[str]:
        obj = ref_object(self.target, path)
        return list(obj[len(self.anchor):]) + list(path.ref.steps)  # type: ignore[union-attr]

    def field(self, path: Path) -> Field:
        return self.form.field_at(path.ref.field_path)  # type: ignore[union-attr,return-value]

    def compile(self, expr: Expr) -> dict[str, Any]:
        if isinstance(expr, BoolOp):
            return {"allOf" if expr.op == "and" else "anyOf": [self.compile(i) for i in expr.items]}
        if isinstance(expr, Not):
            return {"not": self.compile(expr.item)}
        if isinstance(expr, Call):  # answered(...)
            ids = self.ids(expr.arg)
            return _nest(ids, _present(ids[-1]))
        if isinstance(expr, Path):
            return self.compare("==", expr, Literal(True, "boolean"))
        if isinstance(expr, Literal):
            return {} if expr.value else {"not": {}}
        if isinstance(expr, In):
            return {"anyOf": [self.compile(Compare("==", expr.left, v)) for v in expr.values]}
        if isinstance(expr, Compare):
            left, right, op = expr.left, expr.right, expr.op
            if isinstance(left, Literal):
                left, right, op = right, left, _FLIP[op]
            if isinstance(left, Call) and isinstance(right, Literal):
                return self.count(left, op, right.value)
            if isinstance(left, Path) and isinstance(right, Literal):
                return self.compare(op, left, right)
        raise ValueError(f"not a condition that compiles to JSON Schema: {expr}")

    def compare(self, op: str, path: Path, literal: Literal) -> dict[str, Any]:
        ids = self.ids(path)
        value = literal.value.isoformat() if literal.kind == "date" else literal.value
        if self.field(path).type == "multichoice":
            test: dict[str, Any] = {"type": "array", "contains": {"const": value}}
            return _value_test(ids, test if op == "==" else {"not": test})
        if op == "==":
            return _value_test(ids, {"const": value})
        if op == "!=":
            return _value_test(ids, {"not": {"const": value}})
        keyword = {"<": "exclusiveMaximum", "<=": "maximum", ">": "exclusiveMinimum", ">=": "minimum"}[op]
        return _value_test(ids, {"type": "number", keyword: value})

    def count(self, call: Call, op: str, n: float) -> dict[str, Any]:
        ids = self.ids(call.arg)
        if op == "==":
            return _count_in(ids, math.ceil(n), math.floor(n)) if float(n).is_integer() else {"not": {}}
        if op == "!=":
            return {"not": self.count(call, "==", n)}
        low, high = {"<": (0, math.ceil(n) - 1), "<=": (0, math.floor(n)),
                     ">": (math.floor(n) + 1, math.inf), ">=": (math.ceil(n), math.inf)}[op]
        return _count_in(ids, low, high)


def _descend(steps: Sequence[str], form: Form, base: tuple[str, ...], inner: dict[str, Any],
             require_groups: bool = False) -> dict[str, Any]:
    """Wrap ``inner`` so it applies to the object at ``base + steps`` (through groups and repeat items).

    With ``require_groups`` the groups on the way that are always present (not ``optional``, not conditional)
    must exist: a requirement inside such a group holds even when the citizen left the whole group out.
    """
    for depth in range(len(steps), 0, -1):
        container = form.field_at(base + tuple(steps[:depth]))
        assert container is not None
        child = {"items": inner} if container.type == "repeat" else inner
        if require_groups and container.always_present and container.visible_if is None:
            inner = _present(steps[depth - 1], child)
        else:
            inner = {"properties": {steps[depth - 1]: child}}
    return inner


def _absent_fails(fields: tuple[Field, ...], group: tuple[str, ...], stack: list[Any]) -> bool:
    """True when ``form.validate`` reports errors for these fields of an absent group, whatever the rest of the data.

    Conditions that read only inside the group are evaluated on the empty object, as the validator does;
    conditions that read outside it are compiled as ``if``/``then`` entries higher up (see ``_descend``).
    """
    for field in fields:
        if field.type == "note":
            continue
        exprs = [e for e in (field.visible_if, field.required_if) if e is not None]
        if exprs and len(placement(field.path, exprs)) < len(group):
            continue
        if field.visible_if is not None and not evaluate(field.visible_if, stack, _ANY_DAY):
            continue
        if field.required and (field.required_if is None or evaluate(field.required_if, stack, _ANY_DAY)):
            return True
        if field.always_present and _absent_fails(field.fields, group, stack + [{}]):
            return True
    return False


def _must_exist(field: Field) -> bool:
    """Whether a visible ``field`` must be in the data: required, or a group with something required inside."""
    if field.required and field.required_if is None:
        return True
    return field.always_present and _absent_fails(field.fields, field.path, [{}] * (len(field.path) + 1))


def _conditionals(form: Form) -> dict[tuple[str, ...], list[dict[str, Any]]]:
    """``if``/``then``/``else`` entries for every conditional field, keyed by the object that holds them."""
    placed: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for field in form.walk():
        if field.type == "note" or (field.visible_if is None and field.required_if is None):
            continue
        exprs = [e for e in (field.visible_if, field.required_if) if e is not None]
        anchor = placement(field.path, exprs)
        compiler = _Compiler(form, field.path, anchor)
        steps = field.path[len(anchor):-1]
        required = _descend(steps, form, anchor, _present(field.id), require_groups=True)
        absent = _descend(steps, form, anchor, {"not": _present(field.id)})
        entries = placed.setdefault(anchor, [])
        if field.visible_if is not None:
            visible = compiler.compile(field.visible_if)
            entry: dict[str, Any] = {"if": visible}
            if _must_exist(field):
                entry["then"] = required
            entry["else"] = absent
            entries.append(entry)
            if field.required_if is not None:
                entries.append({"if": {"allOf": [visible, compiler.compile(field.required_if)]}, "then": required})
        elif field.required_if is not None:
            entries.append({"if": compiler.compile(field.required_if), "then": required})
    return placed


# -- values ---------------------------------------------------------------------------------------

# Characters no submission may hold (formc.formats.FORBIDDEN), one definition each, referenced by every string.
_CHARACTER_RULES = {formats.FORBIDDEN_SINGLE_LINE: "single-line-text", formats.FORBIDDEN: "multi-line-text"}
_CHARACTER_DEFS = {name: {"type": "string", "not": {"pattern": pattern}} for pattern, name in _CHARACTER_RULES.items()}


def _string(min_length: int | None = None, max_length: int | None = None, pattern: str | None = None,
            forbid: str | None = formats.FORBIDDEN_SINGLE_LINE, **extra: Any) -> dict[str, Any]:
    """A string schema; ``forbid`` (a class no character may match) is left out where ``pattern`` already rules it out."""
    schema: dict[str, Any] = {"type": "string", "minLength": max(1, min_length or 0)}
    if max_length is not None:
        schema["maxLength"] = max_length
    if pattern is not None:
        schema["pattern"] = pattern
    if forbid is not None:
        schema["$ref"] = f"#/$defs/{_CHARACTER_RULES[forbid]}"
    schema.update(extra)
    return schema


def _value_schema(field: Field, form: Form, conditionals: dict, lang: str) -> dict[str, Any]:
    kind = field.type
    if kind in ("text", "textarea"):
        pattern = formats.whole_match(field.pattern) if field.pattern else None
        forbid = formats.FORBIDDEN_SINGLE_LINE if kind == "text" else formats.FORBIDDEN
        return _string(field.min_length, field.max_length, pattern, forbid)
    if kind in ("integer", "decimal", "money"):
        low, high = number_bounds(field)
        return {"type": "integer" if kind == "integer" else "number", "minimum": low, "maximum": high}
    if kind == "boolean":
        return {"type": "boolean"}
    if kind == "consent":
        return {"const": True}
    if kind == "date":
        return _string(pattern=formats.DATE, format="date")  # the pattern alone admits real dates only
    if kind == "time":
        return _string(pattern=formats.TIME)  # no `format: time`: RFC 3339 times need seconds and an offset
    if kind == "email":
        return _string(max_length=254, pattern=formats.EMAIL, forbid=formats.FORBIDDEN_SINGLE_LINE, format="email")
    if kind == "url":
        return _string(max_length=2000, pattern=formats.URL, forbid=formats.FORBIDDEN_SINGLE_LINE, format="uri")
    if kind == "phone":
        return _string(pattern=formats.phone_pattern(field.country), forbid=formats.FORBIDDEN_SINGLE_LINE)
    if kind in ("national_id", "org_number", "postal_code", "bank_account"):
        return _string(pattern=formats.identifier_pattern(field.type, field.country), forbid=formats.FORBIDDEN_SINGLE_LINE)
    if kind == "choice":
        return {"type": "string", "enum": [o.value for o in field.options]}
    if kind == "multichoice":
        schema = {"type": "array", "items": {"type": "string", "enum": [o.value for o in field.options]},
                  "uniqueItems": True, "minItems": max(1, field.min_items or 0)}
        if field.max_items is not None:
            schema["maxItems"] = field.max_items
        return schema
    if kind == "file":
        return _file_schema(field)
    if kind == "address":
        return _address_schema(field)
    if kind == "group":
        schema = _object_schema(field.fields, field.path, form, conditionals, lang)
        schema["minProperties"] = 1
        return schema
    if kind == "repeat":
        schema = {"type": "array", "minItems": max(1, field.min_items or 0),
                  "items": _object_schema(field.fields, field.path, form, conditionals, lang)}
        if field.max_items is not None:
            schema["maxItems"] = field.max_items
        return schema
    raise ValueError(f"no JSON Schema for field type {kind}")


def _file_schema(field: Field) -> dict[str, Any]:
    media: dict[str, Any] = _string(pattern=formats.MEDIA_TYPE)
    exact = [a for a in field.accept if not a.endswith("/*")]
    wildcards = [a[:-1] for a in field.accept if a.endswith("/*")]
    if field.accept:
        options: list[dict[str, Any]] = []
        if exact:
            options.append({"enum": exact})
        options.extend({"type": "string", "pattern": "^" + w.replace("+", "\\+").replace(".", "\\.")} for w in wildcards)
        media["anyOf"] = options
    size: dict[str, Any] = {"type": "integer", "minimum": 0, "maximum": min(field.max_size or formats.MAX_SAFE_INTEGER,
                                                                          formats.MAX_SAFE_INTEGER)}
    item = {"type": "object", "additionalProperties": False, "required": ["filename", "media_type", "size", "sha256"],
            "properties": {"filename": _string(max_length=255), "media_type": media, "size": size,
                           "sha256": _string(pattern=formats.SHA256)}}
    schema: dict[str, Any] = {"type": "array", "minItems": 1, "items": item}
    if field.max_items is not None:
        schema["maxItems"] = field.max_items
    return schema


def _address_schema(field: Field) -> dict[str, Any]:
    country = field.country or "NO"
    return {
        "type": "object", "additionalProperties": False, "required": ["street", "postal_code", "city"],
        "properties": {"street": _string(max_length=200), "postal_code": _string(),
                       "city": _string(max_length=200), "country": _string(pattern=formats.COUNTRY)},
        "if": {"anyOf": [{"not": _present("country")}, {"properties": {"country": {"const": country}}}]},
        "then": {"properties": {"postal_code": {"type": "string", "pattern": formats.identifier_pattern("postal_code", country)}}},
        "else": {"properties": {"postal_code": {"type": "string", "pattern": formats.FOREIGN_POSTAL_CODE}}},
    }


def _object_schema(fields: tuple[Field, ...], path: tuple[str, ...], form: Form, conditionals: dict, lang: str) -> dict[str, Any]:
    properties: dict[str, Any] = {}
    required: list[str] = []
    for field in fields:
        if field.type == "note":
            continue
        schema = _value_schema(field, form, conditionals, lang)
        if field.label is not None:
            schema = {"title": field.label(lang), **({"description": field.hint(lang)} if field.hint else {}), **schema}
        properties[field.id] = schema
        if field.visible_if is None and _must_exist(field):
            required.append(field.id)
    schema = {"type": "object", "additionalProperties": False, "properties": properties}
    if required:
        schema["required"] = required
    if conditionals.get(path):
        schema["allOf"] = conditionals[path]
    return schema


# -- dynamic checks ------------------------------------------------------------------------------

def _pointer(form: Form, path: tuple[str, ...]) -> str:
    """A JSON pointer pattern for a field: ``*`` stands for every item of a repeat."""
    parts: list[str] = []
    for depth in range(1, len(path) + 1):
        parts.append(path[depth - 1])
        container = form.field_at(path[:depth])
        if depth < len(path) and container is not None and container.type == "repeat":
            parts.append("*")
    return "/" + "/".join(parts)


def _dynamic_checks(form: Form, lang: str) -> list[dict[str, Any]]:
    checks: list[dict[str, Any]] = []
    for field in form.walk():
        found: list[tuple[str, str, Any]] = []  # (kind, member, value): the field's checks, its pointer made only for those
        key = (field.type, field.country or "NO")
        if key in _IDENTIFIER_CHECKS:
            found.append(("check-digits", "algorithm", _IDENTIFIER_CHECKS[key]))
        if field.type in ("decimal", "money") and field.decimals is not None:
            found.append(("decimals", "max_decimals", field.decimals))
        for bound, name in ((field.date_min, "minimum"), (field.date_max, "maximum")):
            if bound is not None:
                found.append((f"date-{name}", "value", bound.source))
        for value, name in ((field.time_min, "minimum"), (field.time_max, "maximum")):
            if value is not None:
                found.append((f"time-{name}", "value", value))
        if found:
            pointer = _pointer(form, field.path)
            checks += [{"kind": kind, "field": pointer, member: value} for kind, member, value in found]
    for rule in form.rules:
        checks.append({"kind": "rule", "id": rule.id, "check": rule.source,
                       "fields": ["/" + "/".join(p) for p in rule.fields],
                       "message": dict(rule.message.values)})
    return checks


def compile_schema(form: Form, ctx: BuildContext) -> dict[str, Any]:
    lang = form.default_language
    conditionals = _conditionals(form)
    body = _object_schema(form.fields, (), form, conditionals, lang)
    schema: dict[str, Any] = {"$schema": DIALECT, "$id": schema_id(form, ctx), "title": form.title(lang)}
    if form.description is not None:
        schema["description"] = form.description(lang)
    schema["x-formc-form"] = {"id": form.id, "version": form.version, "languages": list(form.languages)}
    schema.update(body)
    schema["$defs"] = _CHARACTER_DEFS
    schema["x-formc-rules"] = _dynamic_checks(form, lang)
    return schema


class JsonSchemaTarget:
    name = "jsonschema"
    shared_needs_forms = False  # emit_shared writes nothing, so unchanged forms need not be loaded

    def emit_form(self, form: Form, ctx: BuildContext) -> list[OutputFile]:
        # compact: several times faster to write than indented output (pretty-print with any JSON tool)
        return [OutputFile(f"{form.id}.schema.json", compact(compile_schema(form, ctx)) + b"\n")]

    def summarise(self, form: Form, ctx: BuildContext) -> None:
        return None  # the shared files do not depend on the forms

    def emit_shared(self, summaries: Sequence[None], ctx: BuildContext) -> list[OutputFile]:
        return []


TARGET = JsonSchemaTarget()
