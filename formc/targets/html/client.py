"""The data block that ``formc.js`` reads: every field's constraints, the rules and the messages, as JSON.

The browser enforces exactly what ``formc.validator`` enforces, so both are
fed from the same model: conditions and rules travel as ``expr.to_json()``,
formats as the regular expressions of ``formc.formats``, messages as the
catalogue of ``formc.messages`` for the page's language. The JSON is embedded
in a ``<script type="application/json">`` block (never executed, so the page
works under ``Content-Security-Policy: default-src 'self'``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from json.encoder import encode_basestring  # what json.dumps(ensure_ascii=False) writes of a str, in C
from typing import Any

from formc import formats
from formc.expressions.nodes import Path, paths_in
from formc.jsontext import compact
from formc.messages import MESSAGES
from formc.model import DateBound, Field, Form
from formc.targets.html.perform import cache
from formc.validator import CHECKS, SHAPE_MESSAGE, number_bounds
from formc.visibility import MAX_ROUNDS

_NORDIC_DATES = ("nb", "nn", "no", "da", "se")
_STAND_IN = re.compile(r'"\\u0000([0-9]+)\\u0000"')  # an encoded stand-in for a text (see _fields_member)


def _bound(bound: DateBound | None) -> dict[str, Any] | None:
    if bound is None:
        return None
    if bound.fixed is not None:
        return {"f": bound.fixed.isoformat()}
    period = bound.period
    if period is None or bound.sign == 0:
        return {"s": 0, "y": 0, "m": 0, "d": 0}
    seconds = period.hours * 3600 + period.minutes * 60 + period.seconds
    return {"s": bound.sign, "y": period.years, "m": period.months, "d": period.weeks * 7 + period.days + seconds // 86400}


def _constraints(field: Field) -> dict[str, Any]:
    """What ``formc.js`` receives of ``field`` in every language (all but its label and pattern message)."""
    kind = field.type
    out: dict[str, Any] = {"i": field.id, "t": kind}
    if field.visible_if is not None:
        out["v"] = field.visible_if.to_json()
    if field.required:
        out["q"] = 1
    if field.required_if is not None:
        out["qi"] = field.required_if.to_json()
    if field.optional:
        out["opt"] = 1
    if kind in ("text", "textarea"):
        out.update(mn=field.min_length, mx=field.max_length)
        if field.pattern is not None:
            out["re"] = formats.whole_match(field.pattern)
    elif kind in ("integer", "decimal", "money"):
        low, high = number_bounds(field)
        out.update(lo=low, hi=high, dp=field.decimals, los=str(low), his=str(high))
    elif kind == "date":
        out.update(dmin=_bound(field.date_min), dmax=_bound(field.date_max))
    elif kind == "time":
        out.update(tmin=field.time_min, tmax=field.time_max)
    elif kind in ("email", "url", "phone"):
        out["s"] = formats.EMAIL if kind == "email" else formats.URL if kind == "url" else formats.phone_pattern(field.country)
    elif kind in ("choice", "multichoice"):
        out["o"] = [o.value for o in field.options]
    elif kind in ("national_id", "org_number", "postal_code", "bank_account"):
        key = (kind, field.country or "NO")
        out.update(s=formats.identifier_pattern(kind, field.country), sm=SHAPE_MESSAGE.get(key, kind), ck=CHECKS[key][1] if key in CHECKS else None)
    elif kind == "file":
        out.update(ac=list(field.accept), sz=field.max_size)
    elif kind == "address":
        out.update(c=field.country, s=formats.identifier_pattern("postal_code", field.country))
    if kind in ("multichoice", "repeat", "file"):
        out.update(ni=field.min_items, xi=field.max_items)
    return {key: value for key, value in out.items() if value is not None}


def _text(field: Field, member: str, lang: str) -> str:
    """The field's label ("l": its id when it has none) or pattern message ("pm", asked for where there is one) in ``lang``."""
    text = field.pattern_message if member == "pm" else field.label
    return text(lang) if text is not None else field.id


def _field(field: Field, text: Callable[[Field, str], str], constraints: dict[int, dict[str, Any]]) -> dict[str, Any]:
    """The field's entry, with ``text(field, member)`` as its label and pattern message (members in any order:
    the block is encoded with sorted keys)."""
    fixed = constraints.get(id(field))
    if fixed is None:
        fixed = constraints[id(field)] = _constraints(field)
    out = dict(fixed)
    out["l"] = text(field, "l")
    if field.type in ("text", "textarea") and field.pattern is not None and field.pattern_message is not None:
        out["pm"] = text(field, "pm")
    if field.fields:
        out["f"] = [_field(child, text, constraints) for child in field.fields]
    return out


def _rule_checks(form: Form) -> list[dict[str, Any]]:
    """What ``formc.js`` receives of each rule in every language (all but its message)."""
    checks = []
    for rule in form.rules:
        refs = [p.ref.to_json() for p in paths_in(rule.check) if isinstance(p, Path) and p.ref is not None]
        target = rule.fields[0] if rule.fields else ()
        checks.append({"c": rule.check.to_json(), "r": refs, "p": "/" + "/".join(target) if target else ""})
    return checks


def _rules(form: Form, lang: str) -> list[dict[str, Any]]:
    cached = cache(form)
    if "rule checks" not in cached:
        cached["rule checks"] = _rule_checks(form)
    return [dict(check, m=rule.message(lang)) for rule, check in zip(form.rules, cached["rule checks"])]


def _fields(form: Form, text: Callable[[Field, str], str]) -> list[dict[str, Any]]:
    constraints = cache(form).setdefault("field constraints", {})  # by id() of a field of this form
    return [_field(f, text, constraints) for f in form.fields]


def _language_part(lang: str) -> dict[str, Any]:
    """The members of the data block that do not depend on the form: the message catalogue, formats, limits."""
    catalogue = {code: texts.get(lang) or texts.get(lang.split("-")[0]) or texts["en"] for code, texts in MESSAGES.items()}
    return {
        "lang": lang, "nd": lang in _NORDIC_DATES, "msg": catalogue, "rounds": MAX_ROUNDS,
        # the one set of whitespace and forbidden characters, and the longest number text (formc.formats)
        "ws": formats.WHITESPACE, "bad": formats.FORBIDDEN_CLASS, "badl": formats.FORBIDDEN_CLASS + formats.LINE_BREAK_CLASS,
        "nl": formats.MAX_NUMBER_TEXT,
        "re": {"date": formats.DATE, "time": formats.TIME, "sha": formats.SHA256, "media": formats.MEDIA_TYPE,
               "country": formats.COUNTRY, "foreign": formats.FOREIGN_POSTAL_CODE},
    }


def client_data(form: Form, lang: str) -> dict[str, Any]:
    """Everything ``formc.js`` needs to show, hide and validate ``form`` in ``lang``."""
    return {**_language_part(lang), "fields": _fields(form, lambda field, member: _text(field, member, lang)), "rules": _rules(form, lang), "tz": form.timezone}


def _json(data: Any) -> str:
    return compact(data, sort_keys=True).decode("utf-8")


def _safe(text: str) -> str:
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def embed(data: Any) -> str:
    """JSON that is safe inside a ``<script type="application/json">`` element (no ``</script>``, no ``<!--``)."""
    return _safe(_json(data))


@functools.lru_cache(maxsize=64)
def _language_members(lang: str) -> tuple[tuple[str, str], ...]:
    """``_language_part(lang)`` encoded once per language and process: (key, the member as ``embed`` writes it)."""
    return tuple((key, _safe(f"{_json(key)}:{_json(value)}")) for key, value in _language_part(lang).items())


def _fields_member(form: Form, lang: str) -> str:
    """The ``fields`` member as ``embed`` writes it, from the form's fields encoded once for all its languages.

    The first call encodes the entries with a stand-in string for each label and pattern message, ``"\\x00<n>\\x00"``,
    which JSON writes as ``"\\u0000<n>\\u0000"``: no text of a definition holds a NUL (the loader refuses control
    characters), and an encoded string holds ``\\u`` only after an escaped backslash otherwise, so each stand-in is
    found again. Each call puts the texts of ``lang`` in their places, encoded as ``json.dumps`` encodes a string.
    """
    cached = cache(form)
    template = cached.get("fields member")
    if template is None:
        texts: list[tuple[Field, str]] = []

        def stand_in(field: Field, member: str) -> str:
            texts.append((field, member))
            return f"\x00{len(texts) - 1}\x00"

        pieces = _STAND_IN.split(_safe(f'"fields":{_json(_fields(form, stand_in))}'))
        template = cached["fields member"] = (pieces[0::2], [texts[int(n)] for n in pieces[1::2]])
    literals, places = template
    out = [literals[0]]
    for (field, member), literal in zip(places, literals[1:]):
        out.append(_safe(encode_basestring(_text(field, member, lang))))
        out.append(literal)
    return "".join(out)


def data_block(form: Form, lang: str) -> str:
    """``embed(client_data(form, lang))``, with the parts that depend only on the language encoded once per process
    and the form's fields once per form (:func:`_fields_member`).

    ``json.dumps`` with ``sort_keys`` writes an object's members in the order of their keys, so the members are
    encoded one by one and joined in that order (the catalogue alone was most of the block's encoding).
    """
    members = [*_language_members(lang), ("fields", _fields_member(form, lang))]
    for key, value in (("rules", _rules(form, lang)), ("tz", form.timezone)):
        members.append((key, _safe(f"{_json(key)}:{_json(value)}")))
    return "{" + ",".join(member for _, member in sorted(members)) + "}"
