"""Built-in vocabularies: life events, autocomplete tokens and the labels targets show for them."""

from __future__ import annotations

LIFE_EVENTS: dict[str, dict[str, str]] = {
    "having-a-child": {"nb": "Få barn", "nn": "Få barn", "en": "Having a child", "da": "At få børn", "sv": "Få barn", "se": "Oažžut mánná"},
    "education": {"nb": "Skole og utdanning", "nn": "Skule og utdanning", "en": "Education", "da": "Skole og uddannelse", "sv": "Skola och utbildning", "se": "Skuvla ja oahppu"},
    "moving": {"nb": "Flytte", "nn": "Flytte", "en": "Moving", "da": "Flytning", "sv": "Flytta", "se": "Fárret"},
    "housing-and-building": {"nb": "Bolig og bygging", "nn": "Bustad og bygging", "en": "Housing and building", "da": "Bolig og byggeri", "sv": "Bostad och byggande", "se": "Ássanbáiki ja huksen"},
    "health-and-care": {"nb": "Helse og omsorg", "nn": "Helse og omsorg", "en": "Health and care", "da": "Sundhed og omsorg", "sv": "Hälsa och omsorg", "se": "Dearvvašvuohta ja fuolahus"},
    "transport-and-mobility": {"nb": "Transport og trafikk", "nn": "Transport og trafikk", "en": "Transport and mobility", "da": "Transport og trafik", "sv": "Transport och trafik", "se": "Johtolat"},
    "work-and-business": {"nb": "Arbeid og næring", "nn": "Arbeid og næring", "en": "Work and business", "da": "Arbejde og erhverv", "sv": "Arbete och näringsliv", "se": "Bargu ja ealáhus"},
    "leisure-and-culture": {"nb": "Fritid og kultur", "nn": "Fritid og kultur", "en": "Leisure and culture", "da": "Fritid og kultur", "sv": "Fritid och kultur", "se": "Astoáigi ja kultuvra"},
    "environment-and-waste": {"nb": "Miljø og avfall", "nn": "Miljø og avfall", "en": "Environment and waste", "da": "Miljø og affald", "sv": "Miljö och avfall", "se": "Biras ja bázahusat"},
    "animals": {"nb": "Dyr", "nn": "Dyr", "en": "Animals", "da": "Dyr", "sv": "Djur", "se": "Elliid"},
    "finances-and-tax": {"nb": "Økonomi og skatt", "nn": "Økonomi og skatt", "en": "Finances and tax", "da": "Økonomi og skat", "sv": "Ekonomi och skatt", "se": "Ekonomiija ja vearru"},
    "rights-and-complaints": {"nb": "Rettigheter og klage", "nn": "Rettar og klage", "en": "Rights and complaints", "da": "Rettigheder og klager", "sv": "Rättigheter och klagomål", "se": "Vuoigatvuođat ja váidda"},
    "elderly-and-disability": {"nb": "Eldre og funksjonsnedsettelse", "nn": "Eldre og funksjonsnedsetjing", "en": "Older people and disability", "da": "Ældre og handicap", "sv": "Äldre och funktionsnedsättning", "se": "Boarrásat ja doaibmahehttejupmi"},
    "safety-and-emergencies": {"nb": "Trygghet og beredskap", "nn": "Tryggleik og beredskap", "en": "Safety and emergencies", "da": "Tryghed og beredskab", "sv": "Trygghet och beredskap", "se": "Oadjebasvuohta"},
}

# HTML autofill field names and detail tokens (HTML Living Standard, "Autofill"), for WCAG 1.3.5.
AUTOCOMPLETE_TOKENS = frozenset(
    """off on name honorific-prefix given-name additional-name family-name honorific-suffix nickname username
    new-password current-password one-time-code organization-title organization street-address address-line1
    address-line2 address-line3 address-level4 address-level3 address-level2 address-level1 country country-name
    postal-code cc-name cc-given-name cc-additional-name cc-family-name cc-number cc-exp cc-exp-month cc-exp-year
    cc-csc cc-type transaction-currency transaction-amount language bday bday-day bday-month bday-year sex url photo
    tel tel-country-code tel-national tel-area-code tel-local tel-local-prefix tel-local-suffix tel-extension email
    impp""".split()
)
AUTOCOMPLETE_SECTIONS = ("shipping", "billing", "home", "work", "mobile", "fax", "pager")


def autocomplete_problem(value: str) -> str | None:
    """The unknown token in an autocomplete value, or None when every token is valid."""
    tokens = value.split()
    if not tokens:
        return value
    *details, name = tokens
    if name not in AUTOCOMPLETE_TOKENS:
        return name
    for detail in details:
        if detail not in AUTOCOMPLETE_SECTIONS and not detail.startswith("section-"):
            return detail
    return None
