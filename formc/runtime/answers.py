"""Answers and service facts in words, for a reader: dates, numbers, money, periods, option labels.

Used by the receipt (every answer of one submission) and by the print target
(the service information and date placeholders on the blank form). The words
come from ``templates/words.json``; Northern Sami (``se``) falls back to
Norwegian Bokmål, and every other language without its own words to English.
"""

from __future__ import annotations

import datetime
import decimal
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

from formc.bidi import balanced, has_controls
from formc.expressions.evaluate import evaluate
from formc.model import Fee, Field, Form
from formc.numbering import number_questions
from formc.periods import Period

WORDS_FILE = Path(__file__).resolve().parent / "templates" / "words.json"
FILE_KINDS_FILE = Path(__file__).resolve().parent / "templates" / "file_kinds.json"
FALLBACK = {"se": "nb", "smj": "nb", "sma": "nb", "fi": "en"}
_DECIMAL_COMMA = {"nb", "nn", "da", "sv", "se", "smj", "sma", "fi", "de"}
_NBSP = "\u00a0"


@lru_cache(maxsize=None)
def _catalogue() -> dict[str, dict[str, Any]]:
    loaded: dict[str, dict[str, Any]] = json.loads(WORDS_FILE.read_text(encoding="utf-8"))
    return loaded


def words(lang: str) -> Mapping[str, Any]:
    """The runtime's words in ``lang`` (see the module docstring for the fallbacks)."""
    catalogue = _catalogue()
    return catalogue.get(lang) or catalogue[FALLBACK.get(lang, "en")]


def format_date(value: datetime.date | str, lang: str) -> str:
    """DD.MM.YYYY in every language: the form Norwegian and Danish offices write, and unambiguous in English."""
    day = datetime.date.fromisoformat(value) if isinstance(value, str) else value
    return day.strftime("%d.%m.%Y")


def format_datetime(value: datetime.datetime, lang: str) -> str:
    """``28.11.2026 kl. 00:30 CET``: the wall-clock time as given, with its zone's name when it has one."""
    zone = value.tzname() if value.tzinfo is not None else None
    text = f"{format_date(value.date(), lang)} {words(lang)['at']} {value.strftime('%H:%M')}"
    return f"{text} {zone}" if zone else text


def format_size(size: int, lang: str) -> str:
    """A file size as people read it: ``512 byte``, ``183 kB``, ``2,4 MB`` (SI units, as file managers show)."""
    if size < 1000:
        return f"{size} {words(lang)['bytes']}"
    for unit, factor in (("kB", 1000), ("MB", 1000**2), ("GB", 1000**3)):
        amount = size / factor
        if amount < 999.5 or unit == "GB":
            return f"{format_number(round(amount, 1 if amount < 10 else 0), lang, 1 if amount < 10 else 0)} {unit}"
    raise AssertionError("unreachable")


@lru_cache(maxsize=None)
def _file_kinds() -> dict[str, dict[str, str]]:
    loaded: dict[str, dict[str, str]] = json.loads(FILE_KINDS_FILE.read_text(encoding="utf-8"))
    return loaded


def file_kind(media_type: str, lang: str) -> str:
    """A media type in words: ``application/pdf`` → "PDF-dokument" / "PDF document"."""
    kinds = _file_kinds().get(lang) or _file_kinds()[FALLBACK.get(lang, "en")]
    general = media_type.split("/")[0] + "/*"
    return kinds.get(media_type) or kinds.get(general) or kinds["*"]


def mask_national_id(value: str) -> str:
    """A national identity number with only its birth date part shown: ``010190 *****``."""
    digits = "".join(ch for ch in value if ch.isdigit())
    return f"{digits[:6]} {'*' * max(len(digits) - 6, 1)}"


def format_number(value: float | int, lang: str, decimals: int | None = None) -> str:
    """Grouped thousands; decimal comma and non-breaking-space groups in the Nordic languages."""
    if decimals is None:  # as many places as the value has (1e-05 has 5), never in exponent notation
        whole = isinstance(value, int) or float(value).is_integer()
        exponent = 0 if whole else decimal.Decimal(repr(float(value))).as_tuple().exponent
        decimals = max(0, -exponent) if isinstance(exponent, int) else 0
    text = f"{value:,}" if isinstance(value, int) and not decimals else f"{value:,.{decimals}f}"
    if lang in _DECIMAL_COMMA:
        text = text.replace(",", _NBSP).replace(".", ",")
    return text


def format_money(amount: float | int, currency: str, lang: str) -> str:
    decimals = 0 if float(amount).is_integer() else 2
    number = format_number(amount, lang, decimals)
    return f"{currency} {number}" if lang == "en" else f"{number} {currency}"


def fee_lines(fee: Fee | None, lang: str) -> list[str]:
    """The fee as a reader sees it: the amount ("Gratis" when none), then the author's text about it."""
    amount = str(words(lang)["free"]) if fee is None or not fee.amount else format_money(fee.amount, fee.currency, lang)
    return [amount] + ([fee.description(lang)] if fee is not None and fee.description is not None else [])


def format_period(period: Period, lang: str) -> str:
    """``P4W`` → "4 weeks" / "4 uker"; ``P1Y6M`` → "1 year and 6 months"."""
    w = words(lang)
    parts = []
    for unit in ("years", "months", "weeks", "days", "hours", "minutes"):
        amount = getattr(period, unit)
        if amount:
            singular, plural = w[f"period_{unit}"]
            parts.append(f"{amount} {singular if amount == 1 else plural}")
    if not parts:
        return str(period)
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} {w['and']} {parts[-1]}"


def format_value(field: Field, value: Any, lang: str) -> list[str]:
    """One answered value of a non-container field, as the lines a reader sees.

    The citizen's own text in it (text answers, address lines, file names) is shown with its direction controls
    balanced (:func:`formc.bidi.balanced`), so it cannot reverse the text after it; the data is not changed.
    """
    w = words(lang)
    kind = field.type
    if kind == "boolean":
        label = field.true_label if value else field.false_label
        return [label(lang) if label is not None else str(w["yes" if value else "no"])]
    if kind == "consent":
        return [str(w["yes"])]
    if kind == "date":
        return [format_date(value, lang)]
    if kind in ("integer", "decimal"):
        return [format_number(value, lang, field.decimals if kind == "decimal" and isinstance(value, float) else None)]
    if kind == "money":
        return [format_money(value, field.currency or "NOK", lang)]
    if kind == "choice":
        option = field.option(value)
        return [option.label(lang) if option is not None else balanced(str(value))]
    if kind == "multichoice":
        return [o.label(lang) for v in value if (o := field.option(v)) is not None]
    if kind == "address":
        lines = [balanced(value.get("street", "")),
                 f"{balanced(value.get('postal_code', ''))} {balanced(value.get('city', ''))}".strip()]
        if value.get("country") and value["country"] != (field.country or "NO"):
            lines.append(balanced(value["country"]))
        return [line for line in lines if line]
    if kind == "file":
        return [f"{balanced(f['filename'])} ({file_kind(f['media_type'], lang)}, {format_size(f['size'], lang)})" for f in value]
    if kind == "national_id":
        return [mask_national_id(str(value))]
    return [balanced(str(value))]


@dataclass(frozen=True)
class Answer:
    """One question on the receipt: its number, label and answer lines, or its nested answers."""

    number: str
    label: str
    kind: str  # "value" | "group" | "repeat"
    lines: tuple[str, ...] = ()
    children: tuple["Answer", ...] = ()
    items: tuple[tuple[str, tuple["Answer", ...]], ...] = ()  # repeat: (item heading, answers)
    answered: bool = True
    controls: bool = False  # the answer holds direction controls (U+202A–U+202E, U+2066–U+2069): see formc.bidi


@dataclass(frozen=True)
class Section:
    title: str
    answers: tuple[Answer, ...]


def answer_sections(form: Form, data: Mapping[str, Any], lang: str, today: datetime.date) -> list[Section]:
    """Every visible question of ``form`` with its answer in ``data``, page by page (empty pages left out)."""
    numbers = number_questions(form)
    sections = []
    for page in form.pages:
        answers = _answers(page.fields, data, [data], lang, today, numbers)
        if answers:
            sections.append(Section(page.title(lang) if page.title is not None else "", tuple(answers)))
    return sections


def _answers(fields: tuple[Field, ...], obj: Mapping[str, Any], stack: list[Any], lang: str, today: datetime.date,
             numbers: Mapping[tuple[str, ...], str]) -> list[Answer]:
    w = words(lang)
    answers = []
    for field in fields:
        if not field.has_value:
            continue
        if field.visible_if is not None and not evaluate(field.visible_if, stack, today):
            continue
        label = field.label(lang) if field.label is not None else field.id
        number = numbers.get(field.path, "")
        if field.id not in obj:
            answers.append(Answer(number, label, "value", (str(w["not_answered"]),), answered=False))
        elif field.type == "group":
            value = obj[field.id]
            children = _answers(field.fields, value, stack + [value], lang, today, numbers)
            answers.append(Answer(number, label, "group", children=tuple(children)))
        elif field.type == "repeat":
            items = []
            for index, item in enumerate(obj[field.id], start=1):
                heading = field.item_label(lang).replace("{n}", str(index)) if field.item_label is not None else f"{label} {index}"
                items.append((heading, tuple(_answers(field.fields, item, stack + [item], lang, today, numbers))))
            answers.append(Answer(number, label, "repeat", items=tuple(items)))
        else:
            value = obj[field.id]
            answers.append(Answer(number, label, "value", tuple(format_value(field, value, lang)), controls=has_controls(value)))
    return answers
