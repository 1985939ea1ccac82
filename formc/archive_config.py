"""The project's archive settings (``archive:`` in formc.yaml) and what every archive output derives from them.

- ``classification_systems``: formc's scheme names → the receiving archive's
  ``klassifikasjonssystemID`` values, which are local to each archive. A value
  is one id, or ``{common: FE, subject: FA}`` to split the K-koder: codes that
  start with a digit (fellesklasser 0–6) go to ``common``, the others (fagklasser
  A–X, tilleggskoder &) to ``subject``. Schemes not named keep formc's name.
  :data:`DEFAULT_CLASSIFICATION_SYSTEMS` is the default (the Elements-style ids
  FE/FA, FNR, GBNR); :func:`classification_system_id` is what every output calls.
- ``language``: the language of every archive title (default: each form's first).
- ``units``: the administrative units the archive knows (id → name); routing may
  only name declared units when any are declared.
- ``routing``: the routing defaults of every form (see :class:`formc.model.Routing`).
- ``delivery_methods``: channel → forsendelsesmåte code (Fiks Arkiv has no list;
  :data:`DEFAULT_DELIVERY_METHODS` is the default).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Mapping

if TYPE_CHECKING:
    from formc.model import Form

DEFAULT_CLASSIFICATION_SYSTEMS: Mapping[str, str | Mapping[str, str]] = {
    "K-koder": {"common": "FE", "subject": "FA"},
    "PNR": "FNR",
    "GBN": "GBNR",
}
# channel → (code, description) of korrespondansepart/forsendelsesmaate
DEFAULT_DELIVERY_METHODS: Mapping[str, tuple[str, str]] = {
    "web": ("ELEKTRONISK", "Elektronisk skjema"),
    "email": ("EPOST", "E-post"),
    "letter": ("POST", "Post"),
    "counter": ("PERSONLIG", "Levert personlig"),
    "phone": ("TELEFON", "Telefon"),
}
# channel → dokumentmedium code (Fiks Arkiv list dokumentmedium): E elektronisk, B blandet (a paper original exists)
DOCUMENT_MEDIUM = {"web": "E", "email": "E", "phone": "E", "letter": "B", "counter": "B"}


@dataclass(frozen=True)
class Identity:
    """A unit or person of the archive (Fiks Arkiv ``identifikatorer``: navn, identifikator, initialer, epostadresse)."""

    id: str | None = None
    name: str | None = None
    initials: str | None = None
    email: str | None = None


@dataclass(frozen=True)
class Routing:
    """Where the archive files a case and who owns it (each part optional).

    ``rule`` → arkivmelding ``regel`` (the archive's rule set of defaults); ``archive_part`` → ``arkivdel``;
    ``administrative_unit`` and ``case_officer`` → saksmappe ``administrativEnhet``/``saksansvarlig``;
    ``journal_unit`` → ``journalenhet``; ``internal_recipient`` → a korrespondansepart IM (intern mottaker)
    with its ``administrativEnhet`` (and the case officer as ``saksbehandler``).
    """

    rule: str | None = None
    archive_part: str | None = None
    administrative_unit: Identity | None = None
    case_officer: Identity | None = None
    journal_unit: str | None = None
    internal_recipient: Identity | None = None

    def over(self, defaults: "Routing | None") -> "Routing":
        """These settings, each missing one taken from ``defaults``."""
        if defaults is None:
            return self
        return Routing(**{f.name: getattr(self, f.name) if getattr(self, f.name) is not None else getattr(defaults, f.name)
                          for f in fields(self)})


@dataclass(frozen=True)
class ArchiveConfig:
    """The ``archive:`` settings of formc.yaml, as every form of the project sees them."""

    classification_systems: tuple[tuple[str, str | tuple[tuple[str, str], ...]], ...] = tuple(
        (k, v if isinstance(v, str) else tuple(v.items())) for k, v in DEFAULT_CLASSIFICATION_SYSTEMS.items())
    language: str | None = None
    units: tuple[tuple[str, str], ...] = ()  # declared administrative units: (id, name)
    routing: "Routing | None" = None  # the defaults of every form
    delivery_methods: tuple[tuple[str, tuple[str, str]], ...] = tuple(DEFAULT_DELIVERY_METHODS.items())

    def unit_name(self, unit_id: str) -> str | None:
        return dict(self.units).get(unit_id)

    def delivery_method(self, channel: str) -> tuple[str, str] | None:
        return dict(self.delivery_methods).get(channel)


def identity(value: str | Mapping[str, str], units: tuple[tuple[str, str], ...] = ()) -> tuple[Identity, bool]:
    """A routing identity from its YAML (an id, or ``{id, name, initials, email}``), named from ``units``.

    The flag is False when units are declared and the id is not one of them.
    """
    ident = Identity(id=value) if isinstance(value, str) else Identity(
        value.get("id"), value.get("name"), value.get("initials"), value.get("email"))
    if not units or ident.id is None:
        return ident, True
    name = dict(units).get(ident.id)
    if name is None:
        return ident, False
    return (ident if ident.name else Identity(ident.id, name, ident.initials, ident.email)), True


def classification_system_id(config: ArchiveConfig, scheme: str, code: str | None = None) -> str:
    """The archive's klassifikasjonssystemID for a class ``code`` of formc's ``scheme``.

    A split system (``{common, subject}``) needs the code: digits first → ``common``, else ``subject``;
    without a code the ``subject`` id is given.
    """
    mapped = dict(config.classification_systems).get(scheme)
    if mapped is None:
        mapped = next((v for k, v in config.classification_systems if k.lower() == scheme.lower()), None)
    if mapped is None:
        return scheme
    if isinstance(mapped, str):
        return mapped
    split = dict(mapped)
    if code and code[:1].isdigit():
        return split["common"]
    return split["subject"]


def system_id(form: "Form", scheme: str, code: str | None = None) -> str:
    """:func:`classification_system_id` with the settings of ``form``'s project."""
    return classification_system_id(form.archive_config, scheme, code)


def archive_language(form: "Form") -> str:
    """The language of the archive titles of ``form``: its ``archive.language``, the project's, or its first."""
    wanted = (form.archive.language if form.archive is not None else None) or form.archive_config.language
    return wanted if wanted in form.languages else form.default_language
