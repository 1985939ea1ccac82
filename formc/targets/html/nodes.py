"""The view model of an HTML form: one :class:`View` record per rendered field, ready for the Jinja2 templates.

Everything a template needs is decided here (input names from data paths,
element ids, widths, ``inputmode``, ``autocomplete`` tokens, the words for
optional and conditional fields, and, when a posted form is shown again, each
control's value), so that a project overriding a template only changes markup,
never the rules. Names encode the data path that ``formc.decode`` reads back:
``applicant.address.street``, ``children[0].name``; repeat item ``i`` of the
data fills slot ``i``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from operator import itemgetter
from typing import Any

from formc.bidi import balanced
from formc.describe import answer_only_if, required_if
from formc.filetypes import size_in_words, types_in_words
from formc.model import Field, Form
from formc.targets.html.perform import cache
from formc.view import View

REPEAT_SLOTS_CAP = 20  # the most item slots a repeat renders (all of them show without JavaScript)
DEFAULT_MAX_ITEMS = 10


# An item's input-name prefix and element-id prefix in the shared markup of empty items: one character each (a
# single-character str.replace is the fastest), control characters that no text of a definition can hold (the
# loader refuses them) and that escaping keeps.
SLOT_NAME = "\x01"
SLOT_ID = "\x02"


class Slot(Sequence[View]):
    """The children of a repeat item that no data fills: their nodes are built only when read.

    Such an item differs from its siblings only in its input-name and element-id prefixes, so its markup can be
    written once per repeat, form and language with the prefixes :data:`SLOT_NAME` and :data:`SLOT_ID`, and have
    them replaced per item (:meth:`shared_markup`). Once anything read the nodes (an error placed on them, an
    overridden template), the item is written from its own nodes like any other.
    """

    __slots__ = ("builder", "field", "name", "id", "_nodes")

    def __init__(self, builder: "Builder", field: Field, name: str, dom: str) -> None:
        self.builder, self.field, self.name, self.id = builder, field, name, dom
        self._nodes: list[View] | None = None

    @property
    def read(self) -> bool:
        """Whether the nodes were built (and may have been changed since)."""
        return self._nodes is not None

    def nodes(self) -> list[View]:
        """The children's nodes, built at the first call."""
        if self._nodes is None:
            self._nodes = self.builder.children(self.field, self.name, self.id, _ABSENT)
        return self._nodes

    def __getitem__(self, index: Any) -> Any:  # a node, or a list of them for a slice
        return self.nodes()[index]

    def __len__(self) -> int:
        return len(self.field.fields)

    def __iter__(self) -> Iterator[View]:
        return iter(self.nodes())

    def shared_markup(self, write: Callable[[list[View]], str]) -> str:
        """What ``write`` writes of the children of an empty item of this repeat, with the prefixes :data:`SLOT_NAME`
        and :data:`SLOT_ID`: written at the first call per repeat, form and language, and kept."""
        shared = self.builder.shared_markup
        key = id(self.field)
        if key not in shared:
            shared[key] = write(self.builder.children(self.field, SLOT_NAME, SLOT_ID, _ABSENT))
        return shared[key]


WORDS: dict[str, dict[str, str]] = {
    "nb": {"optional": "(valgfritt)", "choose": "Velg", "yes": "Ja", "no": "Nei", "add": "Legg til", "remove": "Fjern",
           "summary": "Det er noe som må rettes", "error": "Feil:", "submit": "Send inn", "item": "nr. {n}",
           "slots": "Fyll ut så mange som du trenger (høyst {max}). Tomme blir ikke sendt.",
           "street": "Gateadresse", "postal_code": "Postnummer", "city": "Poststed", "languages": "Språk",
           "country": "Landkode hvis adressen er i utlandet (for eksempel SE)",
           "accept": "Tillatte filtyper: {types}.", "files": "Du kan legge ved opptil {max} filer.",
           "uploaded": "{name} ({size}), lastet opp", "another": "Legg ved en fil til", "size": "Høyst {size} per fil.",
           "date": "Skriv datoen som dd.mm.åååå, for eksempel 17.05.2025.",
           "privacy": "Personvernerklæring", "accessibility": "Tilgjengelighetserklæring"},
    "nn": {"optional": "(valfritt)", "choose": "Vel", "yes": "Ja", "no": "Nei", "add": "Legg til", "remove": "Fjern",
           "summary": "Det er noko som må rettast", "error": "Feil:", "submit": "Send inn", "item": "nr. {n}",
           "slots": "Fyll ut så mange som du treng (høgst {max}). Tomme vert ikkje sende.",
           "street": "Gateadresse", "postal_code": "Postnummer", "city": "Poststad", "languages": "Språk",
           "country": "Landkode om adressa er i utlandet (til dømes SE)",
           "accept": "Tillatne filtypar: {types}.", "files": "Du kan leggja ved opptil {max} filer.",
           "uploaded": "{name} ({size}), lasta opp", "another": "Legg ved ei fil til", "size": "Høgst {size} per fil.",
           "date": "Skriv datoen som dd.mm.åååå, til dømes 17.05.2025.",
           "privacy": "Personvernerklæring", "accessibility": "Tilgjengelegheitserklæring"},
    "en": {"optional": "(optional)", "choose": "Select", "yes": "Yes", "no": "No", "add": "Add", "remove": "Remove",
           "summary": "There is a problem", "error": "Error:", "submit": "Submit", "item": "{n}",
           "slots": "Fill in as many as you need (at most {max}). Empty ones are not sent.",
           "street": "Street address", "postal_code": "Postcode", "city": "Town or city", "languages": "Language",
           "country": "Country code if the address is abroad (for example SE)",
           "accept": "Allowed file types: {types}.", "files": "You can attach up to {max} files.",
           "uploaded": "{name} ({size}), uploaded", "another": "Attach another file", "size": "At most {size} per file.",
           "date": "Write the date as dd.mm.yyyy, for example 17.05.2025.",
           "privacy": "Privacy statement", "accessibility": "Accessibility statement"},
}

WORDS: dict[str, View] = {lang: View(table) for lang, table in WORDS.items()}  # templates read words.submit

_INPUT_TYPES = {"email": "email", "phone": "tel", "url": "url", "time": "time"}  # dates: text as dd.mm.yyyy, any locale
_NUMERIC = {"integer": "numeric", "decimal": "decimal", "money": "decimal", "national_id": "numeric",
            "org_number": "numeric", "postal_code": "numeric"}
_NOSPELL = {*_NUMERIC, "bank_account", "email", "url", "phone"}
_WIDTHS = {"postal_code": "xs", "national_id": "s", "org_number": "s", "bank_account": "s", "integer": "s",
           "decimal": "s", "money": "s", "phone": "m", "date": "m", "time": "xs", "email": "l", "url": "l"}
_CONTACT_HINTS = {"home", "work", "mobile", "fax", "pager"}
_CONTACT_FIELDS = {"tel", "tel-country-code", "tel-national", "tel-area-code", "tel-local", "tel-extension", "email", "impp"}


def words(lang: str) -> dict[str, str]:
    return WORDS.get(lang) or WORDS.get(lang.split("-")[0]) or WORDS["en"]


def autocomplete(token: str | None, part: str | None = None) -> str | None:
    """A valid ``autocomplete`` value: contact hints only where HTML allows them; address parts get their own token."""
    if not token and part is None:
        return None
    tokens = (token or "").split()
    prefix = [t for t in tokens[:-1] if t.startswith("section-") or t in ("shipping", "billing")]
    last = {"street": "address-line1", "postal_code": "postal-code", "city": "address-level2", "country": "country"}.get(part or "", tokens[-1] if tokens else "")
    if last in _CONTACT_FIELDS:
        prefix += [t for t in tokens[:-1] if t in _CONTACT_HINTS]
    return " ".join(prefix + [last])


def _width(field: Field) -> str:
    if field.type == "text" and field.max_length is not None and field.max_length <= 40:
        return "m" if field.max_length <= 20 else "l"
    return _WIDTHS.get(field.type, "")


_ABSENT = object()
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")  # used with fullmatch
_DECIMAL_COMMA = ("nb", "nn", "no", "da", "se", "sv")


def shown(value: Any, lang: str, kind: str = "") -> str:
    """A data value as the text an input shows again: numbers as people type them, raw text as it was posted."""
    if value is _ABSENT or value is None or isinstance(value, (dict, list)):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if kind == "date" and isinstance(value, str) and _ISO_DATE.fullmatch(value):
        return ".".join(reversed(value.split("-")))
    if isinstance(value, float):
        text = format(value, "f").rstrip("0").rstrip(".") if "e" in repr(value) else repr(value)
        return text.replace(".", ",") if lang.split("-")[0] in _DECIMAL_COMMA else text
    return str(value)


def _get(data: Any, key: str) -> Any:
    return data.get(key, _ABSENT) if isinstance(data, Mapping) else _ABSENT


def _base(field: Field) -> tuple[dict[str, Any], bool]:
    """What a field's node holds in every language, in the node's order (its texts left blank), and whether it
    is marked optional."""
    kind = field.type
    node = {
        "type": kind, "name": "", "id": "", "label": "", "hint": "", "conditional": field.visible_if is not None,
        "condition": "", "required_if": "", "optional": "", "width": _width(field),
        "inputmode": "numeric" if kind == "bank_account" and field.country != "iban" else _NUMERIC.get(kind, ""),
        "input_type": _INPUT_TYPES.get(kind, "text"),
        "autocomplete": autocomplete(field.autocomplete) or "" if field.autocomplete else "",
        "select": False, "options": [], "nospell": kind in _NOSPELL, "value": "", "checked": False, "errors": [],
        "invalid": False, "format": "", "described": "", "currency": (field.currency or "NOK") if kind == "money" else "",
    }
    if kind == "note":
        node["text"] = ""
    elif kind in ("choice", "multichoice"):
        node["select"] = kind == "choice" and (field.appearance == "select" or (field.appearance is None and len(field.options) > 6))
        node["choose"] = ""
    elif kind == "textarea":
        node["rows"] = max(3, min(field.print.lines or 5, 12))
    return node, (kind != "note" and kind not in ("group", "repeat") and not field.required) or field.optional


class Varies(Exception):
    """A text is empty in some of the languages a form is built for at once and not in others, so the markup
    around it differs between them (:class:`StandIns`): the form is built one language at a time instead."""


_STAND_IN = "\x03"  # brackets the number of a stand-in: a control character no text holds (the loader refuses them), and
# escaping keeps; so the markup split at it holds each stand-in's number at every odd place
_STAND_IN_BYTE = _STAND_IN.encode("utf-8")


class StandIns:
    """The texts of a form's view model in several languages at once, each as a stand-in the markup carries.

    Built for several languages, a :class:`Builder` puts the texts of each language of a node value here (the
    label in nb, nn and en) and gives the node a stand-in, ``"\\x03<n>\\x03"``, or the text itself where every
    language has the same one. The markup written from those nodes is the same in every language but for the
    stand-ins (every text it writes is escaped, and escaping is character by character, so escaping a text that
    holds a stand-in escapes the rest and keeps the stand-in); :meth:`fill` puts in each language's text,
    escaped. Only the markup's structure may not depend on a text, except on whether it is empty: a text empty
    in some languages only raises :class:`Varies`.
    """

    __slots__ = ("_escape", "languages", "texts")

    def __init__(self, languages: Sequence[str], escape: Callable[[str], str]) -> None:
        self.languages = tuple(languages)
        self.texts: list[tuple[str, ...]] = []  # by a stand-in's number: its text in each language as the markup writes it
        self._escape = escape

    def put(self, texts: tuple[str, ...], *, raw: bool = False) -> str:
        """A stand-in for ``texts`` (one per language), or the text when they are all the same. ``raw``: markup
        already, put in as it is (the markup writes the stand-in as a ``Markup`` object, unescaped)."""
        first = texts[0]
        if texts.count(first) == len(texts):
            return first
        if "" in texts:
            raise Varies(texts)
        number = len(self.texts)
        self.texts.append(texts if raw else tuple(map(self._escape, texts)))
        return f"{_STAND_IN}{number}{_STAND_IN}"

    def fill(self, markup: str) -> list[bytes]:
        """``markup`` in each language as UTF-8: every stand-in replaced by its text in that language. The markup is
        encoded once for all the languages and each language's texts in one piece (encoding each language's whole
        ~40 KB text was about 0.1 ms a form: the data block's characters past Latin-1 take Python's slower encoder
        through all of it). The stand-in character is one byte in UTF-8, and no other character's encoding holds it."""
        pieces = markup.encode("utf-8").split(_STAND_IN_BYTE)
        places = list(map(int, pieces[1::2]))
        out = []
        for i in range(len(self.languages)):
            texts = _STAND_IN.join(map(itemgetter(i), self.texts)).encode("utf-8").split(_STAND_IN_BYTE)
            pieces[1::2] = map(texts.__getitem__, places)
            out.append(b"".join(pieces))
        return out


def _text(value: Any, lang: str) -> str:
    """A localised text of the model (``Text``) in ``lang``, or "" where the model has none."""
    return value(lang) if value is not None else ""


def _label(field: Field, lang: str) -> str:
    """The label of ``field``'s node in ``lang``: its label, else its title."""
    return _text(field.label, lang) or _text(field.title, lang)


class Builder:
    """Builds the view model of one form in one language, filled with ``data`` when a posted form is shown again;
    or, with ``stand_ins`` (and no data), in all of its languages ``stand_ins.languages`` at once: every text of the
    nodes is then a stand-in (:class:`StandIns`)."""

    def __init__(self, form: Form, lang: str | None, data: Mapping[str, Any] | None = None, stand_ins: StandIns | None = None):
        self.form = form
        self.stand_ins = stand_ins
        if stand_ins is not None and data:
            raise ValueError("a view model in several languages at once holds no data")
        self.lang = lang if stand_ins is None else None  # type: ignore[assignment]
        self.w = words(lang) if stand_ins is None else None  # type: ignore[assignment]
        self.data = data or {}
        self.word_stand_ins: dict[str, str] = {}  # built for several languages: the stand-in of each word, once
        self.said: dict[tuple[int, bool], str] = {}  # the words of each condition, once (a repeat's slots share them)
        self.bases: dict[int, tuple[dict[str, Any], bool]] = cache(form).setdefault("node bases", {})  # by id() of a field
        self.fixes: dict[int, tuple[dict[str, Any], tuple[str, ...], tuple[tuple[str, str], ...]]] = {}  # see fixed()
        self.shared_markup: dict[int, str] = {}  # by id() of a repeat field: see Slot.shared_markup

    def t(self, text: Callable[[str], str]) -> str:
        """``text(lang)`` in the builder's language; built for several languages, a stand-in for it in each."""
        if self.stand_ins is None:
            return text(self.lang)
        return self.stand_ins.put(tuple(map(text, self.stand_ins.languages)))

    def word(self, key: str) -> str:
        """The word ``key`` of :data:`WORDS` in the builder's language (a stand-in, built for several)."""
        if self.stand_ins is None:
            return self.w[key]
        if key not in self.word_stand_ins:
            self.word_stand_ins[key] = self.t(lambda lang: words(lang)[key])
        return self.word_stand_ins[key]

    def say(self, expr: Any, required: bool) -> str:
        """``expr`` as "Svar bare hvis …" (or "Må fylles ut hvis …" when ``required``), worded once per build of the form."""
        key = (id(expr), required)
        if key not in self.said:
            self.said[key] = self.t(lambda lang: (required_if if required else answer_only_if)(expr, self.form, lang))
        return self.said[key]

    def text(self, value: Any) -> str:
        return "" if value is None else self.t(value)

    def pages(self) -> list[View]:
        form_id = self.form.id
        return [View({"id": f"{form_id}--page-{page.id}", "title": self.text(page.title),
                      "fields": [self.node(f, f.id, f"{form_id}--{f.id}", _get(self.data, f.id)) for f in page.fields]})
                for page in self.form.pages]

    def fixed(self, field: Field) -> tuple[dict[str, Any], tuple[str, ...], tuple[tuple[str, str], ...]]:
        """What the node of ``field`` holds in this language wherever it is and whatever its value, worked out once
        per build of the form (a repeat's slots share it): the node's values in their order (place and value left
        blank), the suffixes of the element ids that describe its control, and its options' values and labels."""
        key = id(field)
        if key in self.fixes:
            return self.fixes[key]
        kind = field.type
        base = self.bases.get(key)
        if base is None:
            base = self.bases[key] = _base(field)
        node = base[0].copy()
        node["label"] = self.t(lambda lang: _label(field, lang))
        suffixes = []
        if field.hint is not None and (hint := self.t(field.hint)):
            node["hint"] = hint
            suffixes.append("hint")
        if kind == "date" and (date_format := self.word("date")):
            node["format"] = date_format
            suffixes.append("format")
        if node["conditional"]:
            node["condition"] = self.say(field.visible_if, False)
            suffixes.append("cond")
        if field.required_if is not None and (required := self.say(field.required_if, True)):
            node["required_if"] = required
            suffixes.append("req")
        if kind == "money":
            suffixes.append("unit")
        if base[1]:
            node["optional"] = self.word("optional")
        options: tuple[tuple[str, str], ...] = ()
        if kind == "note":
            node["text"] = self.text(field.text)
        elif kind in ("choice", "multichoice"):
            options = tuple((o.value, self.t(o.label)) for o in field.options)
            node["choose"] = self.word("choose")
        elif kind == "boolean":
            options = (("true", self.t(lambda lang: _text(field.true_label, lang) or words(lang)["yes"])),
                       ("false", self.t(lambda lang: _text(field.false_label, lang) or words(lang)["no"])))
        self.fixes[key] = node, tuple(suffixes), options
        return self.fixes[key]

    def node(self, field: Field, name: str, dom: str, value: Any = _ABSENT) -> View:
        """The node of ``field``, whose input is named ``name`` (its data path) and whose element id is ``dom``."""
        fixed, suffixes, options = self.fixed(field)
        kind, lang = field.type, self.lang
        node = fixed.copy()
        shown_value = "" if value is _ABSENT else shown(value, lang, kind)
        node["name"], node["id"], node["value"], node["checked"], node["errors"] = name, dom, shown_value, value is True, []
        if suffixes:
            node["described"] = " ".join([f"{dom}-{suffix}" for suffix in suffixes])
        if kind in ("choice", "multichoice"):
            chosen = value if isinstance(value, list) else (shown_value,)
            node["options"] = [View({"value": v, "label": label, "id": dom if i == 0 else f"{dom}-{i}",
                                     "checked": v in chosen, "invalid": False})
                               for i, (v, label) in enumerate(options)]
        elif kind == "boolean":
            node["options"] = [View({"value": "true", "label": options[0][1], "id": dom, "checked": value is True, "invalid": False}),
                               View({"value": "false", "label": options[1][1], "id": f"{dom}-1", "checked": value is False, "invalid": False})]
        else:
            node["options"] = []
        if kind == "file":
            self.file(field, node, value)
        elif kind == "address":
            node["parts"] = [View({"part": p, "name": f"{name}.{p}", "id": f"{dom}-{p}", "label": self.word(p),
                                   "autocomplete": autocomplete(field.autocomplete, p),
                                   "width": "xs" if p in ("postal_code", "country") else "l",
                                   "inputmode": "numeric" if p == "postal_code" and (field.country or "NO") in ("NO", "DK") else "",
                                   "value": shown(_get(value, p), lang), "invalid": False})
                             for p in ("street", "postal_code", "city", "country")]  # country: when abroad
        elif kind == "group":
            node["children"] = self.children(field, name, dom, value)
        elif kind == "repeat":
            self.repeat(field, node, value if isinstance(value, list) else [])
        return View(node)

    def children(self, field: Field, name: str, dom: str, value: Any) -> list[View]:
        """The nodes of the fields of a group or repeat item named ``name`` with the element id ``dom``."""
        return [self.node(child, f"{name}.{child.id}", f"{dom}-{child.id}", _get(value, child.id)) for child in field.fields]

    def file(self, field: Field, node: dict[str, Any], value: Any) -> None:
        """Accepted types and counts in words; files already uploaded (kept by the server) as ticked checkboxes."""
        node["accept"] = ",".join(field.accept)
        node["multiple"] = (field.max_items or 1) > 1

        def notes(lang: str) -> list[str]:
            w = words(lang)
            out = [w["accept"].format(types=types_in_words(field.accept, lang))] if field.accept else []
            if field.max_size is not None:
                out.append(w["size"].format(size=size_in_words(field.max_size, lang)))
            if node["multiple"]:
                out.append(w["files"].format(max=field.max_items))
            return out

        node["files_note"] = self.t(lambda lang: " ".join(notes(lang)))
        if field.accept or field.max_size is not None or node["multiple"]:  # notes(lang) holds a note
            node["described"] = (node["described"] + f" {node['id']}-files").strip()
        uploads = [v for v in value if isinstance(v, Mapping) and v.get("filename")] if isinstance(value, list) else []
        node["uploaded"] = [View({"id": node["id"] if i == 0 else f"{node['id']}-{i}", "value": str(u.get("sha256", "")),
                             "label": self.t(lambda lang, u=u: words(lang)["uploaded"].format(name=balanced(u["filename"]),
                                                                                         size=size_in_words(u.get("size"), lang))),
                             "meta": json.dumps(dict(u), ensure_ascii=False, sort_keys=True), "invalid": False})
                            for i, u in enumerate(uploads)]
        node["more"] = len(uploads) < (field.max_items or 1)
        node["another"] = self.word("another")

    def repeat(self, field: Field, node: dict[str, Any], values: list[Any]) -> None:
        maximum = field.max_items if field.max_items is not None else DEFAULT_MAX_ITEMS
        count = max(min(maximum, REPEAT_SLOTS_CAP), field.min_items or 0, 1, len(values))

        def legend(lang: str, n: str) -> str:
            label = _text(field.item_label, lang)
            return (label.replace("{n}", n) if "{n}" in label else f"{label} {n}") if label else \
                f"{_label(field, lang)} {words(lang)['item'].format(n=n)}"

        items = []
        for index in range(count):
            n = str(index + 1)
            name, dom = f"{node['name']}[{index}]", f"{node['id']}-{index}"
            children = self.children(field, name, dom, values[index]) if index < len(values) else Slot(self, field, name, dom)
            items.append(View({"legend": self.t(lambda lang, n=n: legend(lang, n)), "index": index, "id": dom, "children": children}))
        node.update(slots=items, min_items=field.min_items or 0, add=self.word("add"), remove=self.word("remove"),
                    slots_note=self.t(lambda lang: words(lang)["slots"].format(max=count)))
