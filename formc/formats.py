"""Value formats shared by the validator and the JSON Schema target (one regular expression each).

Every pattern here is also valid ECMAScript, so the browser and any JSON
Schema validator read it the same way.
"""

from __future__ import annotations

_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
EMAIL = rf"^{_ATOM}(?:\.{_ATOM})*@{_LABEL}(?:\.{_LABEL})+$"
_URI_CHARS = r"(?:[A-Za-z0-9._~!$&'()*+,;=:@/-]|%[0-9A-Fa-f]{2})"
URL = rf"^https?://{_LABEL}(?:\.{_LABEL})*(?::[0-9]{{1,5}})?(?:/{_URI_CHARS}*)?(?:\?(?:{_URI_CHARS}|\?)*)?(?:#(?:{_URI_CHARS}|\?)*)?$"
PHONE_DOMESTIC = r"^(?:\+[0-9]{6,15}|[0-9]{8})$"
PHONE_ANY = r"^\+?[0-9]{6,15}$"
DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
TIME = r"^(?:[01][0-9]|2[0-3]):[0-5][0-9]$"
SHA256 = r"^[0-9a-f]{64}$"
MEDIA_TYPE = r"^[a-z]+/[A-Za-z0-9.+-]+$"
COUNTRY = r"^[A-Z]{2}$"
FOREIGN_POSTAL_CODE = r"^[A-Za-z0-9][A-Za-z0-9 -]{0,9}$"
IBAN = r"^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$"

DIGITS = {
    ("national_id", "NO"): 11, ("national_id", "DK"): 10,
    ("org_number", "NO"): 9, ("org_number", "DK"): 8,
    ("postal_code", "NO"): 4, ("postal_code", "DK"): 4,
    ("bank_account", "NO"): 11,
}


def identifier_pattern(field_type: str, country: str | None) -> str:
    """The shape of an identifier field's value (check digits are checked separately)."""
    if field_type == "bank_account" and country == "iban":
        return IBAN
    return f"^[0-9]{{{DIGITS[(field_type, country or 'NO')]}}}$"


def phone_pattern(country: str | None) -> str:
    return PHONE_DOMESTIC if country in (None, "NO", "DK") else PHONE_ANY


def whole_match(pattern: str) -> str:
    """An author's pattern anchored so that it must match the whole value."""
    return f"^(?:{pattern})$"
