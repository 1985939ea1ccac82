"""The typed, immutable model that every target consumes. Targets never see YAML.

One :class:`Field` class serves every field type (as one expression tree serves
every dialect in sqlglot): type-specific attributes are ``None`` where they do
not apply. A :class:`Form` owns its fields, rules, service description and
archive settings; :class:`Project` (in :mod:`formc.project`) owns the forms.
"""

from __future__ import annotations

import builtins
import datetime
import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator, Mapping, Sequence

from formc.archive_config import ArchiveConfig, Routing
from formc.diagnostics import Span
from formc.expressions.nodes import Expr
from formc.periods import Period

if TYPE_CHECKING:
    from formc.validator import ValidationError

VALUE_TYPES = (
    "text", "textarea", "integer", "decimal", "money", "boolean", "consent", "date", "time",
    "email", "phone", "url", "choice", "multichoice", "national_id", "org_number",
    "postal_code", "bank_account", "file", "address", "group", "repeat",
)
FIELD_TYPES = VALUE_TYPES + ("note",)
CHANNELS = ("web", "counter", "phone", "letter", "email")


@dataclass(frozen=True)
class Text:
    """A localised text: language tag → string. ``text(lang)`` falls back to the first language."""

    values: Mapping[str, str]

    def __call__(self, lang: str) -> str:
        if lang in self.values:
            return self.values[lang]
        return next(iter(self.values.values()), "")

    def get(self, lang: str) -> str:
        return self(lang)

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(self.values)

    def __hash__(self) -> int:
        return hash(tuple(self.values.items()))


@dataclass(frozen=True)
class Option:
    value: str
    label: Text


@dataclass(frozen=True)
class DateBound:
    """A date limit: a fixed date, or ``today`` shifted by a period (``today-P18Y``)."""

    fixed: datetime.date | None = None
    period: Period | None = None
    sign: int = 0  # -1, 0, +1 relative to today; only with fixed=None
    source: str = ""

    @property
    def relative(self) -> bool:
        return self.fixed is None

    def resolve(self, today: datetime.date) -> datetime.date:
        if self.fixed is not None:
            return self.fixed
        if self.period is None or self.sign == 0:
            return today
        return self.period.add_to(today, self.sign)


@dataclass(frozen=True)
class PrintHints:
    lines: int | None = None
    hide: bool = False


@dataclass(frozen=True)
class Field:
    id: str
    type: str
    path: tuple[str, ...]  # ids from the form root through groups/repeats to this field
    span: Span
    label: Text | None = None
    hint: Text | None = None
    required: bool = False
    required_if: Expr | None = None  # when ``required`` is an expression
    required_source: str | None = None
    visible_if: Expr | None = None
    visible_source: str | None = None
    autocomplete: str | None = None
    print: PrintHints = PrintHints()
    # text / textarea
    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None
    pattern_message: Text | None = None
    # integer / decimal / money
    minimum: float | int | None = None
    maximum: float | int | None = None
    decimals: int | None = None
    currency: str | None = None
    # boolean
    true_label: Text | None = None
    false_label: Text | None = None
    # date / time
    date_min: DateBound | None = None
    date_max: DateBound | None = None
    time_min: str | None = None
    time_max: str | None = None
    # phone / national_id / org_number / postal_code / bank_account / address
    country: str | None = None
    # choice / multichoice
    options: tuple[Option, ...] = ()
    list_id: str | None = None
    appearance: str | None = None
    # multichoice / repeat / file
    min_items: int | None = None
    max_items: int | None = None
    # file
    accept: tuple[str, ...] = ()
    max_size: int | None = None
    # group / repeat
    fields: tuple["Field", ...] = ()
    optional: bool = False  # group: may be left out as a whole (see docs/language.md, "Groups")
    item_label: Text | None = None
    # note
    text: Text | None = None
    title: Text | None = None

    @property
    def has_value(self) -> bool:
        return self.type != "note"

    @property
    def pointer(self) -> str:
        return "/" + "/".join(self.path)

    @property
    def is_container(self) -> bool:
        return self.type in ("group", "repeat")

    @property
    def always_present(self) -> bool:
        """A visible group that counts as present even when absent: not ``optional``, so its required fields are required."""
        return self.type == "group" and not self.optional

    def option(self, value: str) -> Option | None:
        return next((o for o in self.options if o.value == value), None)

    def walk(self) -> Iterator["Field"]:
        """This field and every field nested in it, depth first."""
        yield self
        for child in self.fields:
            yield from child.walk()


@dataclass(frozen=True)
class Page:
    id: str
    title: Text | None
    fields: tuple[Field, ...]


@dataclass(frozen=True)
class Rule:
    id: str
    check: Expr
    source: str
    message: Text
    fields: tuple[tuple[str, ...], ...]  # where the error is shown: absolute field paths
    span: Span


@dataclass(frozen=True)
class Footer:
    """Links at the foot of every web page (``footer:`` in formc.yaml)."""

    privacy: str | None = None  # the privacy statement's URL
    accessibility: str | None = None  # the accessibility statement's URL
    links: tuple[tuple[Text, str], ...] = ()  # more links: (text, URL)


@dataclass(frozen=True)
class Organisation:
    name: Text
    org_number: str | None = None
    municipality_number: str | None = None
    street: str | None = None
    postal_code: str | None = None
    city: str | None = None
    email: str | None = None
    phone: str | None = None
    url: str | None = None
    currency: str = "NOK"
    footer: Footer = Footer()  # the project's footer links (pages of the organisation's website)


@dataclass(frozen=True)
class LegalBasis:
    title: Text
    url: str | None = None


@dataclass(frozen=True)
class Fee:
    amount: float | int
    currency: str
    description: Text | None = None


@dataclass(frozen=True)
class Contact:
    email: str | None = None
    phone: str | None = None
    url: str | None = None
    opening_hours: Text | None = None


@dataclass(frozen=True)
class ProcessStep:
    id: str
    title: Text
    actor: str  # applicant | caseworker | system
    automated: bool = False
    duration: Period | None = None


@dataclass(frozen=True)
class Service:
    name: Text
    description: Text | None
    authority: Organisation
    audience: tuple[str, ...] = ("citizen",)
    legal_basis: tuple[LegalBasis, ...] = ()
    processing_time: Period | None = None
    fee: Fee | None = None
    channels: tuple[str, ...] = ("web",)
    contact: Contact | None = None
    life_events: tuple[str, ...] = ()
    keywords: tuple[Text, ...] = ()
    process: tuple[ProcessStep, ...] = ()


@dataclass(frozen=True)
class Classification:
    """One class a case is filed under: a scheme (K-koder, GBNR, FNR, KLE...) and a code (or a code template).

    ``status`` says where the code comes from: ``verified`` (checked against the published archive plan named
    in ``source``) or ``confirm`` (a suggestion the municipality must confirm against its own plan); ``None``
    when the author did not say. ``facet`` is a KLE handlingsfacet (Danish projects). ``object`` is
    ``property`` for a class whose code is built from ``archive.property`` (the matrikkelnummer).
    """

    scheme: str
    code: str
    title: str | None = None
    status: str | None = None  # verified | confirm
    source: str | None = None  # the published archive plan a verified code was checked against
    facet: str | None = None  # KLE handlingsfacet, e.g. G01
    object: str | None = None  # property: the code is the matrikkelnummer


@dataclass(frozen=True)
class ClassificationPlan:
    """The archive's classification plan (``classification_plan`` in formc.yaml): the date its classes exist from."""

    adopted: datetime.date
    created_by: str


@dataclass(frozen=True)
class PropertyId:
    """The fields that hold a property's matrikkelnummer (municipality number from the organisation if not a field)."""

    gnr: tuple[str, ...]
    bnr: tuple[str, ...]
    fnr: tuple[str, ...] | None = None
    snr: tuple[str, ...] | None = None
    municipality_number: tuple[str, ...] | None = None


@dataclass(frozen=True)
class AccessRestriction:
    code: str
    legal_basis: str


@dataclass(frozen=True)
class Retention:
    """Bevaring og kassasjon of a service's cases: what happens, when the years start, and the rule behind it."""

    decision: str  # keep | discard | review
    years: int | None = None
    legal_basis: str | None = None
    trigger: str = "case_closed"  # the event the years count from (archive_codes.RETENTION_TRIGGER)
    plan_item: str | None = None  # the line of the municipality's bevarings- og kassasjonsplan
    selection: str | None = None  # what is kept when only a sample is (e.g. § 7-29)


@dataclass(frozen=True)
class Sender:
    """Who sent the submission (korrespondansepart EA), from the answers.

    With an organisation number answered, the organisation (``org_name``) is the correspondent and the
    person (``name``) its ``kontaktperson``. ``when`` chooses between several senders (the first that holds);
    ``screened`` (default: when the case has an access restriction) screens a natural person's name.
    With ``item`` (a repeat's path, e.g. the next of kin) the sender is that repeat's first item.
    """

    name: tuple[tuple[str, ...], ...] = ()  # field paths joined with a space
    national_id: tuple[str, ...] | None = None
    org_number: tuple[str, ...] | None = None
    org_name: tuple[str, ...] | None = None
    address: tuple[str, ...] | None = None
    email: tuple[str, ...] | None = None
    phone: tuple[str, ...] | None = None
    when: Expr | None = None
    when_source: str | None = None
    screened: bool | None = None
    item: tuple[str, ...] | None = None  # a repeat: the other paths lie in its first item


@dataclass(frozen=True)
class Party(Sender):
    """A party of the case (Fiks Arkiv ``part``): the person it is about, a guardian, next of kin.

    ``role`` is a Fiks Arkiv partRolle code (K klient, P pårørende, F formynder, A advokat). With ``each``
    (a repeat's path) there is one part per item, and the other paths are relative to the item.
    """

    role: str = "K"
    each: tuple[str, ...] | None = None


@dataclass(frozen=True)
class DocumentSettings:
    """How one document is archived: its dokumenttype and its own access restriction (screening per document)."""

    document_type: str | None = None
    access_restriction: AccessRestriction | None = None


@dataclass(frozen=True)
class CaseSettings:
    """Which case (saksmappe) a submission goes to.

    ``new`` (default): a new case per submission. ``existing``: the case whose number (``2026/1432``) the
    field ``case_number`` holds; only the journalpost is sent, referring to it by ``saksnummer``.
    ``per_object``: one case per person or object, found again by an external key filled from ``key``
    (e.g. ``{child.national_id}``; hashed before it is sent). ``per_round``: one case per round, key
    from ``key`` (e.g. ``{year}`` or a fixed ``2026``).
    """

    mode: str = "new"
    case_number: tuple[str, ...] | None = None
    key: str | None = None


@dataclass(frozen=True)
class Archive:
    classification: tuple[Classification, ...] = ()
    case_title: Text | None = None
    document_title: Text | None = None
    document_type: str = "SØKNAD"
    access_restriction: AccessRestriction | None = None
    screened_fields: tuple[tuple[str, ...], ...] = ()
    retention: Retention | None = None
    senders: tuple[Sender, ...] = ()
    routing: Routing = Routing()
    case: CaseSettings = CaseSettings()
    parties: tuple[Party, ...] = ()
    main_document: DocumentSettings = DocumentSettings()
    attachments: tuple[tuple[tuple[str, ...], DocumentSettings], ...] = ()  # file field path → settings
    language: str | None = None
    property: PropertyId | None = None  # the property a case is about (matrikkelnummer)

    @builtins.property  # `property` is a field of this class
    def sender(self) -> Sender:
        """The sender used when no conditional one applies (the last without ``when``)."""
        return next((s for s in reversed(self.senders) if s.when is None), Sender())

    def attachment(self, path: tuple[str, ...]) -> DocumentSettings:
        return dict(self.attachments).get(tuple(path), DocumentSettings())


@dataclass(frozen=True)
class Form:
    id: str
    version: str
    languages: tuple[str, ...]
    title: Text
    description: Text | None
    pages: tuple[Page, ...]
    rules: tuple[Rule, ...]
    service: Service
    archive: Archive | None
    span: Span
    digest: str = ""  # hash of every input this form was built from
    uses: tuple[str, ...] = ()  # ids of the blocks and lists this form was built from
    country: str = "NO"  # the project's country (NO, DK)
    timezone: str = "Europe/Oslo"  # the project's IANA time zone: "today", received times, deadlines
    organisation: Organisation | None = None  # the project's organisation (page headers); None: the service's authority
    templates: Path | None = None  # the project's template-overrides folder
    archive_config: ArchiveConfig = ArchiveConfig()  # the project's `archive:` settings
    _index: Mapping[tuple[str, ...], Field] = field(default_factory=dict, repr=False, compare=False)

    @property
    def default_language(self) -> str:
        return self.languages[0]

    @functools.cached_property
    def fields(self) -> tuple[Field, ...]:
        """Top-level fields of every page, in order (pages are not namespaces)."""
        return tuple(f for page in self.pages for f in page.fields)

    def walk(self) -> Iterator[Field]:
        for f in self.fields:
            yield from f.walk()

    def field_at(self, path: tuple[str, ...] | str) -> Field | None:
        if isinstance(path, str):
            path = tuple(p for p in path.replace("/", ".").split(".") if p)
        return self._index.get(tuple(path))

    def today(self) -> datetime.date:
        """Today's date in the project's time zone: what ``today`` means in conditions and date limits."""
        return datetime.datetime.now(_zone(self.timezone)).date()

    def validate(self, data: Any, lang: str | None = None, today: datetime.date | None = None) -> list["ValidationError"]:
        """Every problem with ``data`` as a submission of this form, messages in ``lang``."""
        return _validator()(self, data, lang or self.default_language, today)

    def render_html(self, lang: str | None = None, data: Mapping[str, Any] | None = None, errors: Sequence[Any] | None = None,
                    mode: str = "page", **options: Any) -> str:
        """This form as HTML: the built page (or fragment), filled with posted ``data`` and showing ``errors``.

        ``data`` is what ``formc.decode`` returned, ``errors`` what ``validate`` returned (or dicts with
        ``path`` and ``message``). With neither, the result is byte for byte the built file. Keyword
        options for a server: ``action`` (the form's URL), ``hidden`` (extra hidden inputs, e.g. a CSRF
        token; names starting with ``_`` are ignored by ``decode``), ``assets`` (URL prefix of formc.css
        and formc.js), ``language_href`` (``"{form}.{lang}.html"`` by default; e.g. ``"../{lang}/"``) and
        ``languages`` (the language links), ``scripts`` (more external scripts for the page's head).
        See docs/targets/html.md.
        """
        from formc.targets.html.render import render

        organisation = self.organisation or self.service.authority
        return render(self, lang or self.default_language, organisation, self.templates, mode,
                      data=data, errors=errors, **options)


@functools.cache
def _zone(name: str) -> datetime.tzinfo:
    """The IANA time zone ``name`` (zoneinfo imported on first use: an import statement per call costs more)."""
    from zoneinfo import ZoneInfo

    return ZoneInfo(name)


@functools.cache
def _validator() -> Any:
    """formc.validator.validate, imported on first use (it imports this module); an import statement per call costs more."""
    from formc.validator import validate

    return validate
