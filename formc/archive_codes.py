"""The Noark 5 / Fiks Arkiv code values formc writes, with their descriptions.

Each table holds only the codes formc emits; the tests prove every one is in
the official Fiks Arkiv V1 code lists (``fiks-arkiv/V1/kodelister``). The
``format`` codes are PRONOM identifiers (Fiks Arkiv has no list for them).
"""

from __future__ import annotations

JOURNALPOSTTYPE = {"I": "Inngående dokument", "U": "Utgående dokument"}
DOKUMENTSTATUS = {"F": "Dokumentet er ferdigstilt"}
KORRESPONDANSEPARTTYPE = {"EA": "Avsender", "EM": "Mottaker", "IM": "Intern mottaker"}
PARTROLLE = {"K": "Klient", "P": "Pårørende arkiv", "F": "Formynder", "A": "Advokat"}
DOKUMENTMEDIUM = {"E": "Elektronisk arkiv", "B": "Blandet fysisk og elektronisk arkiv", "F": "Fysisk medium"}
MERKNADSTYPE = {"MA": "Arkivmerknad"}
VARIANTFORMAT = {"A": "Arkivformat", "P": "Produksjonsformat"}
TILKNYTTET_REGISTRERING_SOM = {"H": "Hoveddokument", "V": "Vedlegg"}
SAKSSTATUS = {"B": "Under behandling"}
KASSASJONSVEDTAK = {"B": "Bevares", "K": "Kasseres", "G": "Vurderes senere"}
KLASSIFIKASJONSTYPE = {"KK": "K-koder", "PNR": "Fødselsnummer", "GBN": "Gårds- og bruksnummer",
                       "EH": "Emnebasert, hierarkisk arkivnøkkel"}
# Fiks Arkiv's example list (kodelister/dokumenttype): the codes a form's `archive.document_type` may use.
DOKUMENTTYPE = {
    "SØKNAD": "Søknad", "MELDING": "Melding", "KORR": "Korrespondanse", "KART": "Kart", "FOTO": "Foto",
    "TEGNING": "Tegning", "ANSVKONTO": "Ansvar og kontroll", "TILSYN": "Tilsyn", "AVTALE": "Avtale",
    "VEDTAK": "Vedtak", "SAKSFRAMLEGG": "Saksframlegg", "FERDIGATTEST": "Ferdigattest",
    "PLANBESKR": "Planbeskrivelse", "PLANKART": "Plankart", "PLANBEST": "Planbestemmelser",
    "PLANPROG": "Planprogram", "JURILLUST": "Juridisk bindende illustrasjon", "ILLUST": "Illustrasjon",
    "KONSUTR": "Konsekvensutredning", "KUNNGJ": "Kunngjøring", "RAPPORT": "Rapport", "ROS-ANALYSE": "ROS-analyse",
    "UTREDNING": "Utredning", "UTTALELSE": "Uttalelse", "INNSIGELSE": "Innsigelse", "KLAGE": "Klage",
    "TEGNFKL": "Tegnforklaring", "GEOREFPLAN": "Georeferert plankart", "DOKUMENT": "Dokument", "NOTAT": "Notat",
    "ANALYSE": "Analyse", "FAKTURA": "Faktura", "LYD": "Lydfil", "VIDEO": "Videofil", "PROTOKOLL": "Protokoll",
    "VEDLEGG": "Vedlegg",
}
# The retention decisions of the definition language → kassasjonsvedtak codes.
RETENTION_DECISION = {"keep": "B", "discard": "K", "review": "G"}
# Classification schemes whose name (or common spelling) is a Noark 5 klassifikasjonstype.
SCHEME_TYPE = {"k-koder": "KK", "kk": "KK", "fe": "KK", "fa": "KK", "pnr": "PNR", "fnr": "PNR", "gbn": "GBN",
               "gbnr": "GBN", "kle": "EH"}
# The events a retention period counts from (Noark 5 counts bevaringstid from case closure unless told otherwise).
RETENTION_TRIGGER = {
    "case_closed": "Saken er avsluttet",
    "decision_final": "Vedtaket er endelig",
    "loan_repaid": "Lånet er innfridd",
    "grant_settled": "Tilskuddet er sluttrapportert",
    "child_leaves": "Barnet har sluttet i barnehagen",
    "pupil_leaves": "Eleven har sluttet i skolen",
    "service_ended": "Tjenesten er avsluttet",
    "permit_expired": "Bevillingen eller tillatelsen er utløpt",
    "person_deceased": "Personen er død",
}
# Where a classification code comes from (the library marks every code it ships).
CLASS_STATUS = {"verified": "Kontrollert mot publisert arkivplan", "confirm": "Må bekreftes av kommunen"}
KLE_CODE = r"[0-9]{2}(\.[0-9]{2}){0,2}"  # KLE emnenummer: 00, 00.00 or 00.00.00
KLE_FACET = r"[A-Z][0-9]{2}"  # KLE handlingsfacet, e.g. G01, P35
# PRONOM formats of the files in an archive package: (code, description, media type).
FORMAT_PDFA_2A = ("fmt/476", "PDF/A-2a", "application/pdf")  # tagged PDF/A-2 (level A)
FORMAT_JSON = ("fmt/817", "JSON", "application/json")
FORMAT_XML = ("fmt/101", "XML", "application/xml")
SHA256 = "SHA256"


def is_kle(scheme: str) -> bool:
    """True for the Danish KL Emnesystematik (KLE)."""
    return scheme.strip().lower() == "kle"


def is_k_codes(scheme: str) -> bool:
    """True for the Norwegian K-koder (also when an archive splits them into FE/FA)."""
    return SCHEME_TYPE.get(scheme.strip().lower()) == "KK"


def known_document_type(code: str) -> bool:
    """True when ``code`` is in Fiks Arkiv V1's dokumenttype list (a checker may warn otherwise)."""
    return code in DOKUMENTTYPE


def document_type_description(code: str) -> str | None:
    return DOKUMENTTYPE.get(code)


def classification_type(scheme: str) -> str | None:
    """The klassifikasjonstype code of a classification scheme name, when it has one."""
    return SCHEME_TYPE.get(scheme.strip().lower())
