"""The catalogue's own words: page labels, channel/audience/actor names and human-readable periods.

Labels exist for nb, nn, en, da and sv. A page in another language gets the
English label, and :func:`ui` marks it with ``lang="en"`` so screen readers
pronounce it correctly (WCAG 3.1.2).
"""

from __future__ import annotations

from markupsafe import Markup, escape

from formc.periods import Period

UI_LANGUAGES = ("nb", "nn", "en", "da", "sv")

LANGUAGE_NAMES = {
    "nb": "Norsk bokmål", "nn": "Norsk nynorsk", "en": "English", "da": "Dansk", "sv": "Svenska",
    "se": "Davvisámegiella", "de": "Deutsch", "fi": "Suomi", "fr": "Français", "pl": "Polski",
}

LABELS: dict[str, dict[str, str]] = {
    "skip": {"nb": "Hopp til hovedinnholdet", "nn": "Hopp til hovudinnhaldet", "en": "Skip to main content",
             "da": "Spring til hovedindholdet", "sv": "Hoppa till huvudinnehållet"},
    "languages": {"nb": "Andre språk", "nn": "Andre språk", "en": "Other languages", "da": "Andre sprog", "sv": "Andra språk"},
    "catalogue": {"nb": "Tjenester", "nn": "Tenester", "en": "Services", "da": "Tjenester", "sv": "Tjänster"},
    "catalogue_intro": {"nb": "Alle tjenestene våre, ordnet etter livssituasjon.",
                        "nn": "Alle tenestene våre, ordna etter livssituasjon.",
                        "en": "All our services, grouped by life event.",
                        "da": "Alle vores tjenester, ordnet efter livssituation.",
                        "sv": "Alla våra tjänster, ordnade efter livssituation."},
    "other_services": {"nb": "Andre tjenester", "nn": "Andre tenester", "en": "Other services", "da": "Andre tjenester",
                       "sv": "Andra tjänster"},
    "apply": {"nb": "Søk eller meld fra", "nn": "Søk eller meld frå", "en": "Apply or report", "da": "Ansøg eller meld",
              "sv": "Ansök eller anmäl"},
    "web_form": {"nb": "Fyll ut skjemaet på nett", "nn": "Fyll ut skjemaet på nett", "en": "Fill in the form online",
                 "da": "Udfyld blanketten online", "sv": "Fyll i blanketten på webben"},
    "paper_form": {"nb": "Papirskjema (PDF)", "nn": "Papirskjema (PDF)", "en": "Paper form (PDF)",
                   "da": "Papirblanket (PDF)", "sv": "Pappersblankett (PDF)"},
    "audience": {"nb": "Hvem kan søke", "nn": "Kven kan søkje", "en": "Who can apply", "da": "Hvem kan ansøge",
                 "sv": "Vem kan ansöka"},
    "processing_time": {"nb": "Saksbehandlingstid", "nn": "Sakshandsamingstid", "en": "Processing time",
                        "da": "Sagsbehandlingstid", "sv": "Handläggningstid"},
    "no_processing_time": {"nb": "Ikke oppgitt", "nn": "Ikkje oppgitt", "en": "Not stated", "da": "Ikke oplyst",
                           "sv": "Inte angiven"},
    "channels": {"nb": "Slik kan du ta kontakt", "nn": "Slik kan du ta kontakt", "en": "How to use the service",
                 "da": "Sådan kan du bruge tjenesten", "sv": "Så kan du använda tjänsten"},
    "fee": {"nb": "Pris", "nn": "Pris", "en": "Fee", "da": "Pris", "sv": "Avgift"},
    "free": {"nb": "Gratis", "nn": "Gratis", "en": "Free", "da": "Gratis", "sv": "Kostnadsfritt"},
    "legal_basis": {"nb": "Lovgrunnlag", "nn": "Lovgrunnlag", "en": "Legal basis", "da": "Lovgrundlag", "sv": "Rättslig grund"},
    "process": {"nb": "Slik behandles saken", "nn": "Slik vert saka handsama", "en": "How your case is handled",
                "da": "Sådan behandles sagen", "sv": "Så handläggs ärendet"},
    "step": {"nb": "Steg", "nn": "Steg", "en": "Step", "da": "Trin", "sv": "Steg"},
    "actor": {"nb": "Hvem", "nn": "Kven", "en": "Who", "da": "Hvem", "sv": "Vem"},
    "how": {"nb": "Hvordan", "nn": "Korleis", "en": "How", "da": "Hvordan", "sv": "Hur"},
    "duration": {"nb": "Varighet", "nn": "Varigheit", "en": "Duration", "da": "Varighed", "sv": "Tidsåtgång"},
    "automated": {"nb": "Automatisk", "nn": "Automatisk", "en": "Automated", "da": "Automatisk", "sv": "Automatiskt"},
    "manual": {"nb": "Manuelt", "nn": "Manuelt", "en": "Manual", "da": "Manuelt", "sv": "Manuellt"},
    "contact": {"nb": "Kontakt", "nn": "Kontakt", "en": "Contact", "da": "Kontakt", "sv": "Kontakt"},
    "email": {"nb": "E-post", "nn": "E-post", "en": "Email", "da": "E-mail", "sv": "E-post"},
    "phone": {"nb": "Telefon", "nn": "Telefon", "en": "Phone", "da": "Telefon", "sv": "Telefon"},
    "web": {"nb": "Nettside", "nn": "Nettside", "en": "Web page", "da": "Hjemmeside", "sv": "Webbsida"},
    "opening_hours": {"nb": "Åpningstider", "nn": "Opningstider", "en": "Opening hours", "da": "Åbningstider",
                      "sv": "Öppettider"},
    "life_events": {"nb": "Livssituasjon", "nn": "Livssituasjon", "en": "Life events", "da": "Livssituation",
                    "sv": "Livssituation"},
    "machine_readable": {"nb": "Maskinlesbar beskrivelse (CPSV-AP JSON-LD)",
                         "nn": "Maskinlesbar skildring (CPSV-AP JSON-LD)",
                         "en": "Machine-readable description (CPSV-AP JSON-LD)",
                         "da": "Maskinlæsbar beskrivelse (CPSV-AP JSON-LD)",
                         "sv": "Maskinläsbar beskrivning (CPSV-AP JSON-LD)"},
    "all_services": {"nb": "Alle tjenester", "nn": "Alle tenester", "en": "All services", "da": "Alle tjenester",
                     "sv": "Alla tjänster"},
    "only_in": {"nb": "finnes ikke på dette språket", "nn": "finst ikkje på dette språket",
                "en": "not available in this language", "da": "findes ikke på dette sprog",
                "sv": "finns inte på det här språket"},
}

CHANNELS: dict[str, dict[str, str]] = {
    "web": {"nb": "Digitalt skjema", "nn": "Digitalt skjema", "en": "Online form", "da": "Digital blanket",
            "sv": "Digital blankett"},
    "counter": {"nb": "Ved oppmøte på servicetorget", "nn": "Ved oppmøte på servicetorget", "en": "In person at the service desk",
                "da": "Personligt fremmøde i borgerservice", "sv": "Personligt besök i kundtjänst"},
    "phone": {"nb": "Telefon", "nn": "Telefon", "en": "Phone", "da": "Telefon", "sv": "Telefon"},
    "letter": {"nb": "Papirskjema i posten", "nn": "Papirskjema i posten", "en": "Paper form by post",
               "da": "Papirblanket med posten", "sv": "Pappersblankett per post"},
    "email": {"nb": "E-post", "nn": "E-post", "en": "Email", "da": "E-mail", "sv": "E-post"},
}

AUDIENCES: dict[str, dict[str, str]] = {
    "citizen": {"nb": "Privatpersoner", "nn": "Privatpersonar", "en": "Individuals", "da": "Borgere", "sv": "Privatpersoner"},
    "business": {"nb": "Bedrifter og organisasjoner", "nn": "Bedrifter og organisasjonar", "en": "Businesses and organisations",
                 "da": "Virksomheder og organisationer", "sv": "Företag och organisationer"},
}

ACTORS: dict[str, dict[str, str]] = {
    "applicant": {"nb": "Du", "nn": "Du", "en": "You", "da": "Dig", "sv": "Du"},
    "caseworker": {"nb": "Saksbehandler", "nn": "Sakshandsamar", "en": "Caseworker", "da": "Sagsbehandler", "sv": "Handläggare"},
    "system": {"nb": "Systemet", "nn": "Systemet", "en": "The system", "da": "Systemet", "sv": "Systemet"},
}

# (singular, plural) per unit of an ISO 8601 period, in Period field order.
_UNITS: dict[str, tuple[tuple[str, str], ...]] = {
    "nb": (("år", "år"), ("måned", "måneder"), ("uke", "uker"), ("dag", "dager"), ("time", "timer"),
           ("minutt", "minutter"), ("sekund", "sekunder")),
    "nn": (("år", "år"), ("månad", "månader"), ("veke", "veker"), ("dag", "dagar"), ("time", "timar"),
           ("minutt", "minutt"), ("sekund", "sekund")),
    "en": (("year", "years"), ("month", "months"), ("week", "weeks"), ("day", "days"), ("hour", "hours"),
           ("minute", "minutes"), ("second", "seconds")),
    "da": (("år", "år"), ("måned", "måneder"), ("uge", "uger"), ("dag", "dage"), ("time", "timer"),
           ("minut", "minutter"), ("sekund", "sekunder")),
    "sv": (("år", "år"), ("månad", "månader"), ("vecka", "veckor"), ("dag", "dagar"), ("timme", "timmar"),
           ("minut", "minuter"), ("sekund", "sekunder")),
}
_AND = {"nb": "og", "nn": "og", "en": "and", "da": "og", "sv": "och"}


def ui_language(lang: str) -> str:
    """The language the catalogue's own labels are shown in on a page in ``lang``."""
    base = lang.split("-")[0]
    return base if base in UI_LANGUAGES else "en"


def _pick(table: dict[str, str], lang: str) -> tuple[str, str]:
    used = ui_language(lang)
    return table[used], used


def mark(text: str, lang: str) -> Markup:
    """``text`` (written in the catalogue's label language for ``lang``), marked up with its own ``lang`` when that differs."""
    used = ui_language(lang)
    if used != lang:
        return Markup('<span lang="{}">{}</span>').format(used, text)
    return escape(text)


def ui(table: dict[str, str], lang: str) -> Markup:
    """A label for a page in ``lang``, wrapped in ``<span lang="en">`` when it falls back to English."""
    return mark(_pick(table, lang)[0], lang)


def plain(table: dict[str, str], lang: str) -> str:
    """A label as plain text, for attributes where markup cannot go."""
    return _pick(table, lang)[0]


def period_text(period: Period, lang: str) -> str:
    """``P4W`` → "4 uker" (nb), "4 veker" (nn), "4 weeks" (en); several parts are joined with "and"."""
    used = ui_language(lang)
    amounts = (period.years, period.months, period.weeks, period.days, period.hours, period.minutes, period.seconds)
    parts = [f"{n}\u00a0{units[0] if n == 1 else units[1]}" for n, units in zip(amounts, _UNITS[used]) if n]
    if not parts:
        parts = [f"0\u00a0{_UNITS[used][3][1]}"]
    if len(parts) == 1:
        return parts[0]
    return f"{', '.join(parts[:-1])} {_AND[used]} {parts[-1]}"


def money_text(amount: float | int, currency: str, lang: str) -> str:
    """An amount with the language's separators: "1 250,50 NOK" (nb), "1,250.50 NOK" (en)."""
    whole = float(amount).is_integer()
    text = f"{amount:,.0f}" if whole else f"{amount:,.2f}"
    if ui_language(lang) != "en":
        text = text.replace(",", "\u00a0").replace(".", ",")
    return f"{text}\u00a0{currency}"
