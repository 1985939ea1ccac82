"""Semantic checks and model building: from schema-valid YAML values to immutable :class:`Form` objects.

What the language schema cannot say is checked here: ids unique in their
scope (also after ``use`` splices a block), ``use``/``list`` references,
complete translations, patterns that compile, min ≤ max, expressions that
parse and type-check, paths in archive settings that name real fields.
All problems are collected; none stops the others from being found.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import hashlib
import re
from typing import Any, Callable

from formc import archive_codes as codes
from formc import patterns
from formc.archive_config import ArchiveConfig
from formc.conditions import crosses_repeat, visibility_cycle
from formc.diagnostics import Diagnostics, Span
from formc.expressions import typecheck
from formc.expressions.lexer import ExpressionSyntaxError
from formc.expressions.nodes import Expr, Path, paths_in
from formc.expressions.parser import parse
from formc.frozen import built, replaced
from formc.loader import SourceFile
from formc.model import (
    Archive, Classification, Contact, DateBound, Fee, Field, Form, LegalBasis, Option, Organisation, Page, PrintHints,
    ProcessStep, PropertyId, Retention, Rule, Service, Text,
)
from formc.periods import Period
from formc.suggest import did_you_mean
from formc.vocabulary import LIFE_EVENTS, autocomplete_problem

DEFAULT_MAX_LENGTH = {"text": 200, "textarea": 4000}
DEFAULT_REPEAT_MAX = 10
# limits that keep every target and runtime within bounds (documented in docs/language.md, "Limits")
MAX_FIELDS = 2000  # fields of one form after every `use` is spliced in
MAX_CONTAINER_DEPTH = 10  # groups and repeats inside each other
MAX_FILE_SIZE = 10 * 1000**3  # a file field's max_size: 10 GB
MAX_PERIOD_YEARS = 200  # durations, processing times and date bounds relative to today
DATE_RANGE = (datetime.date(1583, 1, 1), datetime.date(9999, 12, 31))  # fixed date bounds: Gregorian years
_SIZE_UNITS = {"B": 1, "KB": 1000, "MB": 1000**2, "GB": 1000**3}
_SIZE = re.compile(r"([0-9]+(?:\.[0-9]+)?) ?(B|KB|MB|GB)")
_TEMPLATE_SLOT = re.compile(r"\{([^{}]*)\}")
PROPERTY_CODE = "{matrikkelnummer}"  # the code of a property class (`object: property`), filled per submission
_FIELD_PATH = re.compile(r"[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*")  # used with fullmatch
# the trees of expressions parsed so far, by their text: forms repeat the same conditions, and a tree is
# immutable (type checking and renames build new ones); a text that does not parse raises every time
_parsed = functools.lru_cache(maxsize=4096)(parse)


def parse_size(value: int | float | str) -> int:
    """Bytes of a ``max_size`` (``10 MB``, ``1.5 GB``, or a number of bytes); raises ValueError out of range."""
    if isinstance(value, str):
        match = _SIZE.fullmatch(value)
        if match is None:
            raise ValueError(f"`{value}` is not a size")
        size = int(float(match.group(1)) * _SIZE_UNITS[match.group(2)])
    else:
        size = int(value)
    if not 1 <= size <= MAX_FILE_SIZE:
        raise ValueError(f"`{value}` is not between 1 B and {MAX_FILE_SIZE // 1000**3} GB")
    return size


def parse_period(value: str) -> Period:
    """An ISO 8601 period of at most :data:`MAX_PERIOD_YEARS`; raises ValueError."""
    period = Period.parse(value)
    if period.approximate_days > MAX_PERIOD_YEARS * 365.25:
        raise ValueError(f"`{value}` is longer than {MAX_PERIOD_YEARS} years")
    return period


def parse_date_bound(value: str) -> DateBound:
    """``2024-01-01``, ``today``, ``today+P1M`` or ``today-P18Y``; raises ValueError."""
    if value.startswith("today"):
        rest = value[5:]
        if not rest:
            return DateBound(source=value)
        if rest[0] not in "+-":
            raise ValueError(f"`{value}` is not a date, `today` or `today±period`")
        return DateBound(period=parse_period(rest[1:]), sign=1 if rest[0] == "+" else -1, source=value)
    try:
        fixed = datetime.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"`{value}` is not a date, `today` or `today±period`") from None
    if not DATE_RANGE[0] <= fixed <= DATE_RANGE[1]:
        raise ValueError(f"`{value}` is outside the years {DATE_RANGE[0].year}–{DATE_RANGE[1].year}")
    return DateBound(fixed=fixed, source=value)


def whole(value: Any) -> Any:
    """An integral float (``20.0``) as the integer it means; the language schema already refused ``1.5``."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


@dataclasses.dataclass
class _Origin:
    """Where a raw field came from: its file, its path in that file, and renames from a prefixed `use`."""

    source: SourceFile
    path: tuple
    renames: dict[str, str]
    chain: tuple[str, ...] = ()  # the blocks this field was spliced in through, outermost first


def _requires_something(fields: tuple[Field, ...]) -> bool:
    """True when a field here, or in a group that is always present, is required (or required under a condition)."""
    return any(f.required or f.required_source or (f.always_present and _requires_something(f.fields)) for f in fields
               if f.type != "note")


class FormBuilder:
    """Builds one :class:`Form` from its source file and the project's blocks and lists."""

    def __init__(self, source: SourceFile, blocks: dict[str, SourceFile], lists: dict[str, SourceFile],
                 organisation: Organisation, diags: Diagnostics, country: str = "NO",
                 timezone: str = "Europe/Oslo", incomplete_blocks: frozenset[str] = frozenset(),
                 incomplete: bool = False, archive_config: ArchiveConfig = ArchiveConfig()):
        self.src = source
        self.archive_config = archive_config
        # parts are missing (an unknown block, or a file with schema errors): unknown-field errors would be a
        # cascade of that one mistake, so they are not reported
        self.incomplete = incomplete
        self.incomplete_blocks = incomplete_blocks
        self.country = country
        self.timezone = timezone
        self.raw: dict[str, Any] = source.data
        self.blocks = blocks
        self.lists = lists
        self.org = organisation
        self.diags = diags
        self.languages: tuple[str, ...] = tuple(self.raw["languages"])
        self.used_files: set[str] = set()
        self.used_ids: set[str] = set()
        self.index: dict[tuple[str, ...], Field] = {}
        self.expr_sources: dict[tuple[str, ...], tuple[_Origin, list[Field]]] = {}
        self.expanded = 0  # fields spliced in so far (limited to MAX_FIELDS)
        self.too_large = False

    # -- texts --------------------------------------------------------------------------------
    def text(self, src: SourceFile, path: tuple, value: Any = None) -> Text | None:
        if value is None:
            value = _get(src.data, path)
        if value is None:
            return None
        if type(value) is dict and tuple(value) == self.languages:
            # every translation, in the form's order: what the general case below makes (without Text's __init__)
            text = _new(Text)
            text.__dict__["values"] = dict(value)
            return text
        if isinstance(value, str):
            if len(self.languages) == 1:
                return Text({self.languages[0]: value})
            self.diags.error(
                "FC200", f"this text has no translations, but the form `{self.raw['id']}` has languages "
                f"{', '.join(self.languages)}", src.span(path),
                "write it as a mapping: {" + ", ".join(f"{lang}: ..." for lang in self.languages) + "}",
            )
            return Text({self.languages[0]: value})
        missing = [lang for lang in self.languages if lang not in value]
        if missing:
            where = "" if src is self.src else f" (needed by form `{self.raw['id']}`)"
            self.diags.error(
                "FC201", f"missing translation for {', '.join(f'`{m}`' for m in missing)}{where}", src.span(path),
                f"add `{missing[0]}: ...` to this text",
            )
        ordered = {lang: value[lang] for lang in self.languages if lang in value}
        return Text(ordered or dict(value))

    def text_of(self, src: SourceFile, p: tuple, raw: dict, key: str) -> Text | None:
        """The text of the field ``raw`` (at ``p`` in ``src``) under ``key``; None when it has none."""
        value = raw.get(key)
        return None if value is None else self.text(src, p + (key,), value)

    # -- fields -------------------------------------------------------------------------------
    def expand(self, src: SourceFile, path: tuple, renames: dict[str, str], chain: tuple[str, ...]) -> list[tuple[_Origin, dict]]:
        """The raw fields at ``path`` with every `use` spliced in, each with its origin."""
        out: list[tuple[_Origin, dict]] = []
        for index, raw in enumerate(_get(src.data, path) or []):
            item_path = path + (index,)
            if self.too_large:
                break
            if "use" not in raw:
                self.expanded += 1
                if self.expanded > MAX_FIELDS:
                    self.too_large = True
                    through = f" (through the blocks {' → '.join(chain)})" if chain else ""
                    self.diags.error(
                        "FC272", f"the form `{self.raw['id']}` has more than {MAX_FIELDS} fields once every `use` "
                        f"is spliced in{through}", src.span(item_path),
                        "blocks that use other blocks several times multiply their fields; split the form",
                    )
                    break
                out.append((_Origin(src, item_path, renames, chain), raw))
                continue
            block_id = raw["use"]
            block = self.blocks.get(block_id)
            if block is None:
                self.incomplete = True
                help = did_you_mean(block_id, self.blocks) or "define it in a file with `kind: block`"
                self.diags.error("FC301", f"unknown block `{block_id}` (unknown-field errors are not reported "
                                 "until it is found)", src.span(item_path + ("use",)), help)
                continue
            if block_id in self.incomplete_blocks:
                self.incomplete = True
            if block_id in chain:
                self.diags.error("FC302", f"block `{block_id}` uses itself (through {' → '.join(chain + (block_id,))})",
                                 src.span(item_path + ("use",)), "remove the circular `use`")
                continue
            self.used_files.add(block.digest)
            self.used_ids.add(f"block:{block_id}")
            prefix = raw.get("prefix", "")
            spliced_items = self.expand(block, ("fields",), {}, chain + (block_id,))
            if prefix:
                prefixed = {item["id"]: prefix + item["id"] for _, item in spliced_items}
                merged: dict[int, dict[str, str]] = {}  # items spliced together share one renames mapping
                spliced_items = [(_Origin(o.source, o.path, merged.setdefault(id(o.renames), {**o.renames, **prefixed}),
                                          o.chain), dict(item, id=prefix + item["id"]))
                                 for o, item in spliced_items]
            out.extend(spliced_items)
        return out

    def fields(self, src: SourceFile, path: tuple, data_prefix: tuple[str, ...], renames: dict[str, str],
               chain: tuple[str, ...]) -> tuple[Field, ...]:
        built: list[Field] = []
        seen: dict[str, Span] = {}
        for origin, raw in self.expand(src, path, renames, chain):
            field = self.field(origin, raw, data_prefix)
            if field is None:
                continue
            if field.id in seen and field.type != "note" or field.id in seen and raw.get("type") == "note":
                first = seen[field.id]
                help = ("give the `use` a `prefix:` to rename the block's fields"
                        if origin.source is not self.src or first.path != self.src.path
                        else "field ids must be unique among siblings (pages share one namespace)")
                self.diags.error("FC303", f"duplicate field id `{field.id}` (first defined at {first})",
                                 field.span, help)
                continue
            seen[field.id] = field.span
            built.append(field)
        return tuple(built)

    def field(self, origin: _Origin, raw: dict, data_prefix: tuple[str, ...]) -> Field | None:
        src, p = origin.source, origin.path
        kind = raw["type"]
        path = data_prefix + (raw["id"],)
        span = src.span(p)
        attrs: dict[str, Any] = {"id": raw["id"], "type": kind, "path": path, "span": span}
        attrs["label"] = self.text_of(src, p, raw, "label")
        attrs["hint"] = self.text_of(src, p, raw, "hint")
        if isinstance(raw.get("required"), bool):
            attrs["required"] = raw["required"]
        elif isinstance(raw.get("required"), str):
            attrs["required_source"] = raw["required"]
        attrs["visible_source"] = raw.get("visible_if")
        if "autocomplete" in raw:
            bad = autocomplete_problem(raw["autocomplete"])
            if bad is not None:
                self.diags.error("FC220", f"`{bad}` is not an HTML autocomplete token", src.span(p + ("autocomplete",)),
                                 did_you_mean(bad, _autocomplete_names()) or "see the HTML standard's autofill field names")
            attrs["autocomplete"] = raw["autocomplete"]
        hints = raw.get("print")
        if hints:
            attrs["print"] = PrintHints(lines=whole(hints.get("lines")), hide=bool(hints.get("hide", False)))

        if kind in ("text", "textarea"):
            attrs["min_length"] = whole(raw.get("min_length"))
            attrs["max_length"] = whole(raw.get("max_length", DEFAULT_MAX_LENGTH[kind]))
            self.order(src, p, "min_length", "max_length", attrs["min_length"], attrs["max_length"])
            if "pattern" in raw:
                try:
                    attrs["pattern"] = patterns.translate(raw["pattern"])
                except patterns.PatternError as exc:
                    self.diags.error("FC210", f"the pattern cannot be used: {exc.message} (at character {exc.offset + 1})",
                                     src.span(p + ("pattern",)), exc.help)
                attrs["pattern_message"] = self.text_of(src, p, raw, "pattern_message")
        elif kind in ("integer", "decimal", "money"):
            attrs["minimum"], attrs["maximum"] = raw.get("min"), raw.get("max")
            if kind == "integer":
                attrs["minimum"], attrs["maximum"] = whole(attrs["minimum"]), whole(attrs["maximum"])
            self.order(src, p, "min", "max", attrs["minimum"], attrs["maximum"])
            attrs["decimals"] = 2 if kind == "money" else whole(raw.get("decimals"))
            if kind == "money":
                attrs["currency"] = raw.get("currency", self.org.currency)
        elif kind == "boolean":
            attrs["true_label"] = self.text_of(src, p, raw, "true_label")
            attrs["false_label"] = self.text_of(src, p, raw, "false_label")
        elif kind == "date":
            for key in ("min", "max"):
                if key in raw:
                    try:
                        attrs[f"date_{key}"] = parse_date_bound(raw[key])
                    except ValueError as exc:
                        self.diags.error("FC212", str(exc),
                                         src.span(p + (key,)),
                                         f"write e.g. `2024-01-31`, `today` or `today-P18Y` (at most {MAX_PERIOD_YEARS} "
                                         f"years from today; fixed dates in the years {DATE_RANGE[0].year}–{DATE_RANGE[1].year})")
            lo, hi = attrs.get("date_min"), attrs.get("date_max")
            if lo and hi and lo.fixed and hi.fixed:
                self.order(src, p, "min", "max", lo.fixed, hi.fixed)
        elif kind == "time":
            attrs["time_min"], attrs["time_max"] = raw.get("min"), raw.get("max")
            self.order(src, p, "min", "max", attrs["time_min"], attrs["time_max"])
        elif kind in ("choice", "multichoice"):
            attrs["options"], attrs["list_id"] = self.options(src, p, raw)
            attrs["appearance"] = raw.get("appearance") or (
                ("radios" if len(attrs["options"]) <= 6 else "select") if kind == "choice" else None)
            if kind == "multichoice":
                attrs["min_items"], attrs["max_items"] = whole(raw.get("min_items")), whole(raw.get("max_items"))
                self.order(src, p, "min_items", "max_items", attrs["min_items"], attrs["max_items"])
                for key in ("min_items", "max_items"):
                    if attrs[key] is not None and attrs["options"] and attrs[key] > len(attrs["options"]):
                        self.diags.error("FC213", f"`{key}` is {attrs[key]}, but there are only {len(attrs['options'])} options",
                                         src.span(p + (key,)))
        elif kind == "file":
            attrs["accept"] = tuple(raw.get("accept", ()))
            attrs["max_size"] = self.size(src, p, raw["max_size"]) if "max_size" in raw else None
            attrs["max_items"] = whole(raw.get("max_files", 1))
        elif kind in ("group", "repeat"):
            if len(path) > MAX_CONTAINER_DEPTH:
                self.diags.error(
                    "FC271", f"groups and repeats are nested more than {MAX_CONTAINER_DEPTH} deep here",
                    span, "flatten the form: no citizen can follow this depth (see the limits in docs/language.md)",
                )
                attrs["fields"] = ()
            else:
                attrs["fields"] = self.fields(src, p + ("fields",), path, origin.renames, origin.chain)
            cut = len(path) > MAX_CONTAINER_DEPTH or self.too_large  # already reported
            if not cut and not any(f.has_value for f in attrs["fields"]):
                self.diags.error("FC214", f"the {kind} `{raw['id']}` has no fields that take an answer", span)
            if kind == "group":
                attrs["optional"] = raw.get("optional") is True
                self.group_semantics(src, p, raw, attrs["fields"])
            if kind == "repeat":
                attrs["min_items"] = whole(raw.get("min_items", 0))
                attrs["max_items"] = whole(raw.get("max_items", DEFAULT_REPEAT_MAX))
                self.order(src, p, "min_items", "max_items", attrs["min_items"], attrs["max_items"])
                attrs["item_label"] = self.text_of(src, p, raw, "item_label")
        elif kind == "note":
            attrs["text"] = self.text_of(src, p, raw, "text")
            attrs["title"] = self.text_of(src, p, raw, "title")
        if kind in ("phone", "national_id", "org_number", "postal_code", "address"):
            attrs["country"] = raw.get("country", "NO")
        elif kind == "bank_account":
            attrs["country"] = raw.get("country", "NO")
        field = built(Field, attrs)
        self.expr_sources[path] = (origin, [])
        return field

    def size(self, src: SourceFile, p: tuple, value: int | float | str) -> int | None:
        try:
            return parse_size(whole(value))
        except ValueError as exc:
            self.diags.error("FC270", f"`max_size` {exc}", src.span(p + ("max_size",)),
                             "write e.g. `10 MB`; sizes are in B, KB, MB or GB (powers of 1000)")
            return None

    def options(self, src: SourceFile, p: tuple, raw: dict) -> tuple[tuple[Option, ...], str | None]:
        if "list" in raw:
            list_id = raw["list"]
            lst = self.lists.get(list_id)
            if lst is None:
                self.diags.error("FC304", f"unknown list `{list_id}`", src.span(p + ("list",)),
                                 did_you_mean(list_id, self.lists) or "define it in a file with `kind: list`")
                return (), list_id
            self.used_files.add(lst.digest)
            self.used_ids.add(f"list:{list_id}")
            owner, base, raw_options = lst, ("options",), lst.data["options"]
        else:
            list_id, owner, base, raw_options = None, src, p + ("options",), raw.get("options", [])
        options: list[Option] = []
        seen: set[str] = set()
        for index, raw_option in enumerate(raw_options):
            value = raw_option["value"]
            if value in seen:
                self.diags.error("FC215", f"option value `{value}` appears twice", owner.span(base + (index, "value")),
                                 "every option needs its own value")
                continue
            seen.add(value)
            options.append(Option(value, self.text(owner, base + (index, "label"), raw_option["label"])))  # type: ignore[arg-type]
        return tuple(options), list_id

    def group_semantics(self, src: SourceFile, p: tuple, raw: dict, fields: tuple[Field, ...]) -> None:
        """Refuse or warn about group settings whose meaning is unclear (docs/language.md, "Groups")."""
        optional, required = raw.get("optional") is True, raw.get("required")
        if optional and required is True:
            self.diags.error("FC216", f"the group `{raw['id']}` is both `optional: true` and `required: true`",
                             src.span(p + ("optional",)), "keep one: `optional: true` lets the citizen leave the whole "
                             "group out; without it the group's required fields are always required")
        elif optional and not required and not _requires_something(fields):
            self.diags.warning("FC217", f"`optional: true` has no effect: nothing in the group `{raw['id']}` is required",
                               src.span(p + ("optional",)), "remove `optional`, or mark the fields that must be "
                               "answered when the group is filled in with `required: true`")
        elif required is True and not optional and _requires_something(fields):
            self.diags.warning("FC218", f"`required: true` on the group `{raw['id']}` adds nothing: a group's required "
                               "fields are always required", src.span(p + ("required",)),
                               "remove it; write `optional: true` instead if the citizen may leave the group out")

    def order(self, src: SourceFile, p: tuple, lo_key: str, hi_key: str, lo: Any, hi: Any) -> None:
        if lo is not None and hi is not None and lo > hi:
            self.diags.error("FC211", f"`{lo_key}` ({lo}) is greater than `{hi_key}` ({hi})", src.span(p + (lo_key,)),
                             f"make `{lo_key}` at most `{hi_key}`")

    # -- expressions --------------------------------------------------------------------------
    def expression(self, origin: _Origin, key: str, source: str, scope: typecheck.Scope, restricted: bool,
                   checked: dict[tuple, Expr] | None = None) -> Expr | None:
        """``source`` parsed and checked in ``scope``; None (reported) when it has an error.

        ``checked``: the expressions already checked in this scope, by text, restriction and renames: several
        fields under one condition share its checked tree (trees are immutable). Only what checked is kept,
        so each field with a wrong condition still gets its own diagnostic.
        """
        memo_key = (source, restricted, tuple(origin.renames.items())) if checked is not None else None
        if checked is not None and memo_key in checked:
            return checked[memo_key]
        try:
            expr = _parsed(source)
            if origin.renames:
                expr = _rename(expr, origin.renames)
            resolved = typecheck.check(expr, scope, restricted)
            if checked is not None:
                checked[memo_key] = resolved
            return resolved
        except ExpressionSyntaxError as exc:
            if self.incomplete and isinstance(exc, typecheck.ExpressionTypeError) and exc.message.startswith("unknown field"):
                return None
            code = "FC401" if isinstance(exc, typecheck.ExpressionTypeError) else "FC400"
            span = origin.source.span(origin.path + (key,))
            at = Span(span.path, span.line, span.column + exc.offset)
            self.diags.error(code, f"in `{key}`: {exc.message}", at, exc.help)
            return None

    def resolve_fields(self, fields: tuple[Field, ...], frames: list[tuple[Field, ...]], prefix: tuple[str, ...]) -> tuple[Field, ...]:
        """Fields with their `visible_if`/`required` parsed and checked in their lexical scope."""
        frames = frames + [fields]
        scope = typecheck.Scope(frames, prefix)
        checked: dict[tuple, Expr] = {}
        out = []
        for field in fields:
            origin, _ = self.expr_sources[field.path]
            self.index[field.path] = field
            changes: dict[str, Any] = {}
            if field.visible_source:
                changes["visible_if"] = self.expression(origin, "visible_if", field.visible_source, scope, True, checked)
            if field.required_source:
                changes["required_if"] = self.expression(origin, "required", field.required_source, scope, True, checked)
                changes["required"] = True
            if field.fields:
                changes["fields"] = self.resolve_fields(field.fields, frames, field.path)
            exprs = [e for e in (changes.get("visible_if"), changes.get("required_if")) if e is not None]
            if exprs and crosses_repeat(field.path, exprs, self.index):
                self.diags.error(
                    "FC405", "this condition reads fields both inside and outside a repeat", field.span,
                    "put the condition on the outside field on the repeat itself, and keep conditions inside "
                    "a repeat to the fields of the same item",
                )
            resolved = replaced(field, changes) if changes else field
            self.index[resolved.path] = resolved
            out.append(resolved)
        return tuple(out)

    def field_path(self, src: SourceFile, where: tuple, dotted: str, what: str, allow: Callable[[Field], bool] | None = None,
                   allowed_text: str = "") -> tuple[str, ...] | None:
        """Resolve a dotted path from the form root (through groups only); report problems at ``where``."""
        parts = tuple(dotted.split("."))
        field = self.index.get(parts)
        if field is None or not _FIELD_PATH.fullmatch(dotted):
            if self.incomplete and _FIELD_PATH.fullmatch(dotted):
                return None
            candidates = [".".join(p) for p, f in self.index.items() if not any(
                self.index[p[:i]].type == "repeat" for i in range(1, len(p)))]
            self.diags.error("FC402", f"{what} names unknown field `{dotted}`", src.span(where),
                             did_you_mean(dotted, candidates))
            return None
        if any(self.index[parts[:i]].type == "repeat" for i in range(1, len(parts))):
            self.diags.error("FC403", f"{what} names `{dotted}`, which is inside a repeat", src.span(where),
                             "name a field outside repeats: one submission may hold many items")
            return None
        if allow is not None and not allow(field):
            self.diags.error("FC404", f"{what} names `{dotted}`, a {field.type}; {allowed_text}", src.span(where))
            return None
        return parts

    # -- the whole form -----------------------------------------------------------------------
    def build(self) -> Form | None:
        raw, src = self.raw, self.src
        title = self.text(src, ("title",))
        pages: list[Page] = []
        top_seen: dict[str, Span] = {}
        page_ids: set[str] = set()
        drafts: list[tuple[str, Text | None, tuple[Field, ...]]] = []
        for index, raw_page in enumerate(raw["pages"]):
            if raw_page["id"] in page_ids:
                self.diags.error("FC305", f"duplicate page id `{raw_page['id']}`", src.span(("pages", index, "id")))
            page_ids.add(raw_page["id"])
            fields = self.fields(src, ("pages", index, "fields"), (), {}, ())
            unique = []
            for field in fields:
                if field.id in top_seen and field.type != "note":
                    self.diags.error("FC303", f"duplicate field id `{field.id}` (first defined at {top_seen[field.id]})",
                                     field.span, "pages are not namespaces: field ids must be unique across the form")
                    continue
                top_seen.setdefault(field.id, field.span)
                unique.append(field)
            drafts.append((raw_page["id"], self.text(src, ("pages", index, "title")), tuple(unique)))
        all_top = tuple(f for _, _, fs in drafts for f in fs)
        resolved_top = {f.path: f for f in self.resolve_fields(all_top, [], ())}
        cycle = visibility_cycle(tuple(resolved_top.values()))
        if cycle is not None:
            names = " → ".join(".".join(f.path) for f in cycle + cycle[:1])
            self.diags.error("FC406", f"these fields are shown only depending on each other: {names}", cycle[0].span,
                             "a field cannot decide whether a field it depends on is shown; base one of the "
                             "conditions on another answer")
        for page_id, page_title, fields in drafts:
            pages.append(Page(page_id, page_title, tuple(resolved_top[f.path] for f in fields)))
        root_scope = typecheck.Scope([tuple(resolved_top.values())], ())
        rules = self.rules(root_scope)
        service = self.service()
        archive = self.archive(root_scope) if "archive" in raw else None
        description = self.text(src, ("description",))
        if self.diags.has_errors:
            return None
        digest = hashlib.sha256("\n".join([src.digest, *sorted(self.used_files), self.country, self.timezone,
                                         _settings_text(self.archive_config)]).encode()).hexdigest()
        return Form(
            id=raw["id"], version=raw["version"], languages=self.languages, title=title,  # type: ignore[arg-type]
            description=description, pages=tuple(pages), rules=rules, service=service, archive=archive,
            span=src.span(), digest=digest, uses=tuple(sorted(self.used_ids)), country=self.country,
            timezone=self.timezone, archive_config=self.archive_config, _index=dict(self.index),
        )

    def rules(self, scope: typecheck.Scope) -> tuple[Rule, ...]:
        rules: list[Rule] = []
        seen: set[str] = set()
        for index, raw in enumerate(self.raw.get("rules", [])):
            p = ("rules", index)
            if raw["id"] in seen:
                self.diags.error("FC306", f"duplicate rule id `{raw['id']}`", self.src.span(p + ("id",)))
            seen.add(raw["id"])
            origin = _Origin(self.src, p, {})
            check = self.expression(origin, "check", raw["check"], scope, False)
            message = self.text(self.src, p + ("message",))
            shown: list[tuple[str, ...]] = []
            for f_index, dotted in enumerate(raw.get("fields", [])):
                resolved = self.field_path(self.src, p + ("fields", f_index), dotted, "this rule")
                if resolved:
                    shown.append(resolved)
            if check is None:
                continue
            named = [path.ref.field_path for path in paths_in(check) if isinstance(path, Path) and path.ref]
            if any(self.index[fp[:i]].type == "repeat" for fp in named for i in range(1, len(fp))):
                self.diags.error("FC403", "a rule cannot name fields inside a repeat", self.src.span(p + ("check",)),
                                 "use the field's own `min`/`max`, or a condition on the repeat's fields")
                continue
            if not shown and named:
                shown = [named[0]]
            rules.append(Rule(raw["id"], check, raw["check"], message, tuple(shown), self.src.span(p)))  # type: ignore[arg-type]
        return tuple(rules)

    def period(self, where: tuple, value: str | None) -> Period | None:
        if value is None:
            return None
        try:
            return parse_period(value)
        except ValueError as exc:
            self.diags.error("FC230", f"{exc}", self.src.span(where),
                             f"write an ISO 8601 period such as `P3W` or `P2M` (at most {MAX_PERIOD_YEARS} years)")
            return None

    def service(self) -> Service:
        raw = self.raw.get("service") or {}
        p = ("service",)
        t = lambda *keys: self.text(self.src, p + keys)  # noqa: E731
        authority = self.org
        if "authority" in raw:
            a = raw["authority"]
            address = a.get("address") or {}
            authority = Organisation(
                name=t("authority", "name"), org_number=a.get("org_number"),  # type: ignore[arg-type]
                municipality_number=a.get("municipality_number"), street=address.get("street"),
                postal_code=address.get("postal_code"), city=address.get("city"), email=a.get("email"),
                phone=a.get("phone"), url=a.get("url"), currency=a.get("currency", self.org.currency))
        fee = None
        if "fee" in raw:
            fee = Fee(raw["fee"]["amount"], raw["fee"].get("currency", self.org.currency), t("fee", "description"))
        contact = None
        if "contact" in raw:
            c = raw["contact"]
            contact = Contact(c.get("email"), c.get("phone"), c.get("url"), t("contact", "opening_hours"))
        for index, event in enumerate(raw.get("life_events", [])):
            if event not in LIFE_EVENTS:
                self.diags.error("FC231", f"unknown life event `{event}`", self.src.span(p + ("life_events", index)),
                                 did_you_mean(event, LIFE_EVENTS) or f"use one of: {', '.join(LIFE_EVENTS)}")
        steps = []
        step_ids: set[str] = set()
        for index, step in enumerate(raw.get("process", [])):
            if step["id"] in step_ids:
                self.diags.error("FC307", f"duplicate process step id `{step['id']}`", self.src.span(p + ("process", index, "id")))
            step_ids.add(step["id"])
            steps.append(ProcessStep(step["id"], t("process", index, "title"), step["actor"],  # type: ignore[arg-type]
                                     bool(step.get("automated", False)),
                                     self.period(p + ("process", index, "duration"), step.get("duration"))))
        return Service(
            name=t("name") or self.text(self.src, ("title",)),  # type: ignore[arg-type]
            description=t("description"),
            authority=authority,
            audience=tuple(raw.get("audience", ("citizen",))),
            legal_basis=tuple(LegalBasis(t("legal_basis", i, "title"), lb.get("url"))  # type: ignore[arg-type]
                              for i, lb in enumerate(raw.get("legal_basis", []))),
            processing_time=self.period(p + ("processing_time",), raw.get("processing_time")),
            fee=fee,
            channels=tuple(raw.get("channels", ("web",))),
            contact=contact,
            life_events=tuple(raw.get("life_events", ())),
            keywords=tuple(t("keywords", i) for i in range(len(raw.get("keywords", [])))),  # type: ignore[misc]
            process=tuple(steps),
        )

    def archive(self, scope: typecheck.Scope) -> Archive:
        from formc.archive_check import ArchiveBuilder

        return ArchiveBuilder(self, self.archive_config, scope).build()

    def classification(self, index: int, raw: dict, scalar: Callable[[Field], bool],
                       property_id: PropertyId | None) -> Classification:
        """One ``archive.classification`` entry; code templates must name single-valued fields."""
        where = ("archive", "classification", index)
        scheme = raw["scheme"]
        code = raw.get("code", "")
        for match in _TEMPLATE_SLOT.finditer(code):
            self.field_path(self.src, where + ("code",), match.group(1).strip(),
                            "the classification code", scalar, "a classification code needs a single value")
        if raw.get("object") == "property":
            if property_id is None:
                self.diags.error("FC255", "a property class needs `archive.property`", self.src.span(where + ("object",)),
                                 "add `property: {gnr: gnr, bnr: bnr, fnr: fnr}` under `archive:` (the fields that hold "
                                 "the matrikkelnummer)")
            if "code" in raw:
                self.diags.error("FC255", "a property class takes its code from `archive.property`, not `code`",
                                 self.src.span(where + ("code",)), "remove `code` (or `object`)")
            code = PROPERTY_CODE
        if raw.get("status") == "verified" and not raw.get("source"):
            self.diags.error("FC252", f"class `{code}` is marked verified but names no archive plan",
                             self.src.span(where + ("status",)),
                             "add `source:` with the published archive plan (title or URL) the code was checked against, "
                             "or mark it `status: confirm`")
        if self.country == "DK" and codes.is_k_codes(scheme):
            self.diags.error("FC253", f"a Danish project classifies by KLE, not `{scheme}`", self.src.span(where + ("scheme",)),
                             "use `scheme: KLE` with an emnenummer such as 28.01.08 and a handlingsfacet (`facet: G01`)")
        if codes.is_kle(scheme):
            if "{" not in code and not re.fullmatch(codes.KLE_CODE, code):
                self.diags.error("FC254", f"`{code}` is not a KLE emnenummer", self.src.span(where + ("code",)),
                                 "write it as two-digit groups: 28, 28.01 or 28.01.08")
            if raw.get("facet") and not re.fullmatch(codes.KLE_FACET, raw["facet"]):
                self.diags.error("FC254", f"`{raw['facet']}` is not a KLE handlingsfacet", self.src.span(where + ("facet",)),
                                 "a handlingsfacet is a capital letter and two digits, e.g. G01 or P35")
        elif "facet" in raw:
            self.diags.error("FC254", "`facet` is a KLE handlingsfacet; this class is not KLE", self.src.span(where + ("facet",)),
                             "remove `facet`, or use `scheme: KLE`")
        return Classification(scheme, code, raw.get("title"), raw.get("status"), raw.get("source"), raw.get("facet"),
                              raw.get("object"))

    def property_id(self, raw: dict) -> PropertyId:
        """``archive.property``: the integer fields of the matrikkelnummer."""
        found: dict[str, tuple[str, ...] | None] = {}
        for key in ("municipality_number", "gnr", "bnr", "fnr", "snr"):
            if key in raw:
                found[key] = self.field_path(self.src, ("archive", "property", key), raw[key], f"property.{key}",
                                             lambda f: f.type in ("integer", "text", "choice"),
                                             "a matrikkelnummer part needs a single number")
        if "municipality_number" not in raw and not self.org.municipality_number:
            self.diags.error("FC255", "the matrikkelnummer needs a municipality number", self.src.span(("archive", "property")),
                             "set `organisation.municipality_number` in formc.yaml, or name the field with "
                             "`property.municipality_number`")
        return PropertyId(found.get("gnr") or ("gnr",), found.get("bnr") or ("bnr",), found.get("fnr"), found.get("snr"),
                          found.get("municipality_number"))

    def retention(self, raw: dict) -> Retention:
        where = ("archive", "retention")
        if raw["decision"] in ("discard", "review") and "years" not in raw:
            self.diags.error("FC256", f"retention `{raw['decision']}` needs `years`", self.src.span(where + ("decision",)),
                             "say how many years after the trigger the cases are discarded or reviewed, e.g. `years: 5`")
        if raw["decision"] == "keep" and raw.get("trigger", "case_closed") != "case_closed" and "years" not in raw:
            self.diags.warning("FC256", "a `trigger` only matters with `years`", self.src.span(where + ("trigger",)),
                               "remove `trigger`, or give the years counted from it")
        return Retention(raw["decision"], whole(raw.get("years")), raw.get("legal_basis"), raw.get("trigger", "case_closed"),
                         raw.get("plan_item"), raw.get("selection"))

    def confidential_cpr(self, screened: list[tuple[str, ...]], access: dict | None) -> list[tuple[str, ...]]:
        """Danish projects: every CPR number (national_id field) is screened; that needs an access restriction."""
        cpr = [path for path, f in self.index.items() if f.type == "national_id"
               and not any(self.index[path[:i]].type == "repeat" for i in range(1, len(path)))
               and not any(path[:len(s)] == s for s in screened)]
        if cpr and access is None:
            self.diags.error("FC257", f"CPR numbers are confidential in Danish projects (`{'.'.join(cpr[0])}`)",
                             self.src.span(("archive",)),
                             "add `access_restriction` with the legal basis your archive uses (e.g. databeskyttelsesloven "
                             "§ 11, offentlighedsloven § 30)")
        return cpr


def _rename(expr: Expr, renames: dict[str, str]) -> Expr:
    """Apply a prefixed `use`'s renames to the first part of every path in ``expr``."""
    if isinstance(expr, Path):
        if expr.parts[0] in renames:
            return dataclasses.replace(expr, parts=(renames[expr.parts[0]],) + expr.parts[1:])
        return expr
    changes: dict[str, Any] = {}
    for name in ("left", "right", "item", "arg"):
        if hasattr(expr, name):
            changes[name] = _rename(getattr(expr, name), renames)
    if hasattr(expr, "items"):
        changes["items"] = tuple(_rename(i, renames) for i in expr.items)  # type: ignore[union-attr]
    return dataclasses.replace(expr, **changes) if changes else expr


def _get(data: Any, path: tuple) -> Any:
    for step in path:
        try:
            data = data[step]
        except (KeyError, IndexError, TypeError):
            return None
    return data


_new = object.__new__
_last_settings: list = [None, ""]  # the project's archive settings, and their repr: the same for each form


def _settings_text(config: ArchiveConfig) -> str:
    """``repr(config)``, made once per project (an immutable value: 5 µs a form)."""
    if _last_settings[0] is not config:
        _last_settings[:] = [config, repr(config)]
    return _last_settings[1]


def _autocomplete_names() -> list[str]:
    from formc.vocabulary import AUTOCOMPLETE_TOKENS

    return sorted(AUTOCOMPLETE_TOKENS)
