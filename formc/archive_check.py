"""The ``archive:`` block of a form, checked and built into :class:`formc.model.Archive`.

Checked here beyond the schema: every path names a real field of the right
type, templates name real fields, ``when`` conditions parse and type-check,
routing names only declared units (when the project declares any), a case mode
has what it needs, and screening has a legal basis (``screened_fields`` needs an
``access_restriction``; Danish projects screen every CPR number). Classification,
property and retention entries are built by :class:`formc.checker.FormBuilder`.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from formc.archive_codes import DOKUMENTTYPE
from formc.archive_config import ArchiveConfig, Identity, Routing, identity
from formc.expressions import typecheck
from formc.model import (
    AccessRestriction, Archive, CaseSettings, DocumentSettings, Party, Sender, Text,
)
from formc.suggest import did_you_mean

if TYPE_CHECKING:
    from formc.checker import FormBuilder

_TEMPLATE_SLOT = re.compile(r"\{([^{}]*)\}")
_SENDER_TYPES = {"national_id": ("national_id",), "org_number": ("org_number",), "org_name": ("text",),
                 "address": ("address",), "email": ("email",), "phone": ("phone",)}


def _scalar(field: Any) -> bool:
    return field.type not in ("group", "repeat", "file", "multichoice", "note")


class ArchiveBuilder:
    """Builds the :class:`Archive` of one form, reporting problems through the form's builder."""

    def __init__(self, builder: "FormBuilder", config: ArchiveConfig, scope: typecheck.Scope):
        self.b = builder
        self.src = builder.src
        self.raw: dict[str, Any] = builder.raw["archive"]
        self.config = config
        self.scope = scope

    def build(self) -> Archive:
        raw, p = self.raw, ("archive",)
        access = raw.get("access_restriction")
        retention = raw.get("retention")
        property_id = self.b.property_id(raw["property"]) if "property" in raw else None
        classification = tuple(self.b.classification(index, c, _scalar, property_id)
                               for index, c in enumerate(raw.get("classification", [])))
        screened = list(self.screened())
        if screened and access is None:
            self.b.diags.error("FC251", "`screened_fields` without `access_restriction`: the fields would be published",
                               self.src.span(p + ("screened_fields",)),
                               "screening needs a legal basis: add `access_restriction: {code: \"13\", legal_basis: "
                               "\"Offl. § 13 jf. fvl. § 13 første ledd nr. 1\"}` (or the code and basis your archive uses)")
        if self.b.country == "DK":
            screened += self.b.confidential_cpr(screened, access)
        return Archive(
            classification=classification,
            case_title=self.template("case_title") if "case_title" in raw else None,
            document_title=self.template("document_title") if "document_title" in raw else None,
            document_type=self.document_type(p + ("document_type",), raw.get("document_type", "SØKNAD")),
            access_restriction=_access(access),
            screened_fields=tuple(screened),
            retention=self.b.retention(retention) if retention else None,
            property=property_id,
            senders=self.senders(),
            routing=self.routing(p + ("routing",), raw.get("routing") or {}).over(self.config.routing),
            case=self.case(),
            parties=self.parties(),
            main_document=self.document(p + ("main_document",), raw.get("main_document") or {}),
            attachments=self.attachments(),
            language=self.language(),
        )

    # -- titles and codes ---------------------------------------------------------------------
    def template(self, key: str) -> Text | None:
        text = self.b.text(self.src, ("archive", key))
        if text is None:
            return None
        for lang, value in text.values.items():
            for match in _TEMPLATE_SLOT.finditer(value):
                self.b.field_path(self.src, ("archive", key, lang) if isinstance(self.raw[key], dict)
                                  else ("archive", key), match.group(1).strip(), f"the {key} template")
        return text

    def document_type(self, where: tuple, code: str) -> str:
        if code not in DOKUMENTTYPE:
            self.b.diags.warning("FC240", f"`{code}` is not in Fiks Arkiv's dokumenttype list", self.src.span(where),
                                 did_you_mean(code, DOKUMENTTYPE) or "use a code your archive knows, e.g. SØKNAD, MELDING or KLAGE")
        return code

    def screened(self) -> tuple[tuple[str, ...], ...]:
        result = []
        for index, dotted in enumerate(self.raw.get("screened_fields", [])):
            resolved = self.b.field_path(self.src, ("archive", "screened_fields", index), dotted, "screened_fields")
            if resolved:
                result.append(resolved)
        return tuple(result)

    def language(self) -> str | None:
        lang = self.raw.get("language")
        if lang is not None and lang not in self.b.languages:
            self.b.diags.error("FC260", f"archive.language `{lang}` is not a language of this form",
                               self.src.span(("archive", "language")),
                               f"use one of: {', '.join(self.b.languages)}")
            return None
        return lang

    # -- who ----------------------------------------------------------------------------------
    def person(self, where: tuple, raw: dict, base: tuple[str, ...] = ()) -> dict[str, Any]:
        """The name and contact paths of a sender or party (relative to ``base``, a repeat item, when given)."""
        names = raw.get("name", [])
        listed = isinstance(names, list)
        names = names if listed else [names]
        result: dict[str, Any] = {"name": tuple(p for index, dotted in enumerate(names) if (p := self.path(
            where + ("name",) + ((index,) if listed else ()), dotted, "name", base, _scalar, "a name needs a single value")))}
        for key, types in _SENDER_TYPES.items():
            if key in raw:
                result[key] = self.path(where + (key,), raw[key], key, base, lambda f, t=types: f.type in t,
                                        f"it must be a {types[0]} field")
        if "when" in raw:
            result["when"] = self.condition(where + ("when",), raw["when"])
            result["when_source"] = raw["when"]
        if "screened" in raw:
            result["screened"] = bool(raw["screened"])
        return result

    def path(self, where: tuple, dotted: str, what: str, base: tuple[str, ...], allow: Any, allowed: str) -> tuple[str, ...] | None:
        if not base:
            return self.b.field_path(self.src, where, dotted, f"archive {what}", allow, allowed)
        parts = base + tuple(dotted.split("."))
        field = self.b.index.get(parts)
        if field is None:
            candidates = [".".join(p[len(base):]) for p in self.b.index if p[:len(base)] == base and len(p) > len(base)]
            self.b.diags.error("FC402", f"archive {what} names unknown field `{dotted}` of `{'.'.join(base)}`",
                               self.src.span(where), did_you_mean(dotted, candidates))
            return None
        if not allow(field):
            self.b.diags.error("FC404", f"archive {what} names `{dotted}`, a {field.type}; {allowed}", self.src.span(where))
            return None
        return parts

    def condition(self, where: tuple, source: str) -> Any:
        from formc.checker import _Origin

        return self.b.expression(_Origin(self.src, where[:-1], {}), where[-1], source, self.scope, False)

    def senders(self) -> tuple[Sender, ...]:
        raw = self.raw.get("sender")
        if raw is None:
            return ()
        if isinstance(raw, dict):
            return (self.sender(("archive", "sender"), raw),)
        senders = tuple(self.sender(("archive", "sender", i), s) for i, s in enumerate(raw))
        for index, sender in enumerate(senders[:-1]):
            if sender.when is None:
                self.b.diags.error("FC261", "only the last sender may go without `when`: the ones after it are never used",
                                   self.src.span(("archive", "sender", index)), "add `when: <condition>` to this sender")
        return senders

    def repeat(self, where: tuple, dotted: str) -> tuple[str, ...] | None:
        field = self.b.index.get(tuple(dotted.split(".")))
        if field is None or field.type != "repeat":
            self.b.diags.error("FC404", f"archive `{where[-1]}` must name a repeat, not `{dotted}`",
                               self.src.span(where), "name the repeat whose items hold the person")
            return None
        return field.path

    def sender(self, where: tuple, raw: dict) -> Sender:
        item = self.repeat(where + ("item",), raw["item"]) if "item" in raw else None
        values = self.person(where, {k: v for k, v in raw.items() if k != "item"}, item or ())
        return Sender(**values, item=item)

    def parties(self) -> tuple[Party, ...]:
        result = []
        for index, raw in enumerate(self.raw.get("parties", [])):
            where = ("archive", "parties", index)
            each = self.repeat(where + ("each",), raw["each"]) if "each" in raw else None
            if "each" in raw and each is None:
                continue
            values = self.person(where, {k: v for k, v in raw.items() if k not in ("role", "each")}, each or ())
            result.append(Party(**values, role=raw["role"], each=each))
        return tuple(result)

    # -- where --------------------------------------------------------------------------------
    def identity(self, where: tuple, raw: Any, unit: bool) -> Identity | None:
        if raw is None:
            return None
        ident, known = identity(raw, self.config.units if unit else ())
        if not known:
            units = [u for u, _ in self.config.units]
            self.b.diags.error("FC262", f"routing names unknown administrative unit `{ident.id}`", self.src.span(where),
                               did_you_mean(ident.id or "", units) or f"declare it under `archive: units:` in formc.yaml "
                               f"(declared: {', '.join(units)})")
            return None
        return ident

    def routing(self, where: tuple, raw: dict) -> Routing:
        return Routing(
            rule=raw.get("rule"), archive_part=raw.get("archive_part"),
            administrative_unit=self.identity(where + ("administrative_unit",), raw.get("administrative_unit"), True),
            case_officer=self.identity(where + ("case_officer",), raw.get("case_officer"), False),
            journal_unit=raw.get("journal_unit"),
            internal_recipient=self.identity(where + ("internal_recipient",), raw.get("internal_recipient"), True),
        )

    def case(self) -> CaseSettings:
        raw = self.raw.get("case")
        if raw is None:
            return CaseSettings()
        where, mode = ("archive", "case"), raw["mode"]
        number = None
        if mode == "existing":
            if "case_number" not in raw:
                self.b.diags.error("FC263", "case mode `existing` needs `case_number`: the field that holds the case number",
                                   self.src.span(where), "add `case_number: <field>` (a text field answered as 2026/1432)")
            else:
                number = self.b.field_path(self.src, where + ("case_number",), raw["case_number"], "archive case_number",
                                           lambda f: f.type == "text", "it must be a text field (e.g. 2026/1432)")
        key = raw.get("key")
        if mode in ("per_object", "per_round"):
            if not key:
                self.b.diags.error("FC263", f"case mode `{mode}` needs `key`: what identifies the case",
                                   self.src.span(where), "e.g. `key: \"{child.national_id}\"` or `key: \"{year}\"`")
            else:
                for match in _TEMPLATE_SLOT.finditer(key):
                    self.b.field_path(self.src, where + ("key",), match.group(1).strip(), "the case key", _scalar,
                                      "a case key needs a single value")
        return CaseSettings(mode, number, key)

    # -- documents ----------------------------------------------------------------------------
    def document(self, where: tuple, raw: dict) -> DocumentSettings:
        return DocumentSettings(
            self.document_type(where + ("document_type",), raw["document_type"]) if "document_type" in raw else None,
            _access(raw.get("access_restriction")))

    def attachments(self) -> tuple[tuple[tuple[str, ...], DocumentSettings], ...]:
        result = []
        for dotted, raw in (self.raw.get("attachments") or {}).items():
            where = ("archive", "attachments", dotted)
            path = self.b.field_path(self.src, where, dotted, "archive attachments", lambda f: f.type == "file",
                                     "it must be a file field")
            if path is not None:
                result.append((path, self.document(where, raw or {})))
        return tuple(result)


def _access(raw: dict | None) -> AccessRestriction | None:
    return AccessRestriction(raw["code"], raw["legal_basis"]) if raw else None
