"""The intake server's own words (receipt, drafts, counter, refusals) in Norwegian bokmål, nynorsk and English."""

from __future__ import annotations

from formc.runtime.answers import words as runtime_words

WORDS: dict[str, dict[str, str]] = {
    "nb": {
        "received_title": "Vi har mottatt skjemaet", "reference": "Referansenummer", "received": "Mottatt",
        "answer_by": "Du får svar innen", "processing_time": "Saksbehandlingstid", "pdf": "Last ned kvitteringen (PDF)",
        "preparing": "Kvitteringen (PDF) lages nå. Last inn siden på nytt om litt.", "answers": "Dette sendte du inn",
        "keep_reference": "Ta vare på referansenummeret. Oppgi det når du kontakter oss om saken.",
        "follow_case": "Følg saken din (lagre lenken: den er bare til deg)",
        "save": "Lagre og fortsett senere", "draft_saved": "Utkastet er lagret",
        "draft_link": "Bruk denne lenken for å fortsette. Ta vare på den; den virker til {date}, og bare den gir tilgang til utkastet.",
        "draft_again": "Skjemaet er endret siden du lagret. Disse svarene må du gi på nytt:",
        "again_field": "«{label}» er endret i skjemaet siden du lagret. Svar på nytt.", "draft_missing": "Fant ikke utkastet. Lenken kan være feil eller utløpt.",
        "expired": "Skjemaet var utløpt. Send det inn på nytt.", "file_infected": "«{label}»: filen ble avvist av viruskontrollen.",
        "file_unchecked": "«{label}»: filen kunne ikke kontrolleres. Prøv igjen senere.",
        "channel": "Kanal", "registered_by": "Registrert av", "paper_original": "Papiroriginal mottatt",
        "letter_date": "Brevet kom", "counter_legend": "Registrering (for ansatte)", "counter": "Oppmøte", "phone": "Telefon",
        "letter": "Brev", "email": "E-post", "web": "Nettskjema", "yes": "Ja", "no": "Nei", "employee": "Ansatt",
        "not_found": "Fant ikke siden.", "forbidden": "Du har ikke tilgang til denne siden.",
    },
    "nn": {
        "received_title": "Vi har motteke skjemaet", "reference": "Referansenummer", "received": "Motteke",
        "answer_by": "Du får svar innan", "processing_time": "Sakshandsamingstid", "pdf": "Last ned kvitteringa (PDF)",
        "preparing": "Kvitteringa (PDF) vert laga no. Last inn sida på nytt om litt.", "answers": "Dette sende du inn",
        "keep_reference": "Ta vare på referansenummeret. Oppgje det når du kontaktar oss om saka.",
        "follow_case": "Følg saka di (lagre lenkja: ho er berre til deg)",
        "save": "Lagra og hald fram seinare", "draft_saved": "Utkastet er lagra",
        "draft_link": "Bruk denne lenkja for å halda fram. Ta vare på ho; ho verkar til {date}, og berre ho gjev tilgang til utkastet.",
        "draft_again": "Skjemaet er endra sidan du lagra. Desse svara må du gje på nytt:",
        "again_field": "«{label}» er endra i skjemaet sidan du lagra. Svar på nytt.", "draft_missing": "Fann ikkje utkastet. Lenkja kan vera feil eller gått ut.",
        "expired": "Skjemaet hadde gått ut. Send det inn på nytt.", "file_infected": "«{label}»: fila vart avvist av viruskontrollen.",
        "file_unchecked": "«{label}»: fila kunne ikkje kontrollerast. Prøv igjen seinare.",
        "channel": "Kanal", "registered_by": "Registrert av", "paper_original": "Papiroriginal motteken",
        "letter_date": "Brevet kom", "counter_legend": "Registrering (for tilsette)", "counter": "Oppmøte", "phone": "Telefon",
        "letter": "Brev", "email": "E-post", "web": "Nettskjema", "yes": "Ja", "no": "Nei", "employee": "Tilsett",
        "not_found": "Fann ikkje sida.", "forbidden": "Du har ikkje tilgang til denne sida.",
    },
    "en": {
        "received_title": "We have received your form", "reference": "Reference number", "received": "Received",
        "answer_by": "You will get an answer by", "processing_time": "Processing time", "pdf": "Download the receipt (PDF)",
        "preparing": "The receipt (PDF) is being prepared. Reload this page in a moment.", "answers": "What you sent",
        "keep_reference": "Keep the reference number. Give it when you contact us about this case.",
        "follow_case": "Follow your case (keep the link: it is for you alone)",
        "save": "Save and continue later", "draft_saved": "Your draft is saved",
        "draft_link": "Use this link to continue. Keep it safe: it works until {date}, and only it opens your draft.",
        "draft_again": "The form has changed since you saved it. Give these answers again:",
        "again_field": "“{label}” has changed since you saved. Answer it again.", "draft_missing": "We could not find that draft. The link may be wrong or expired.",
        "expired": "The form had expired. Please send it again.", "file_infected": "“{label}”: the virus check refused this file.",
        "file_unchecked": "“{label}”: the file could not be checked. Try again later.",
        "channel": "Channel", "registered_by": "Registered by", "paper_original": "Paper original received",
        "letter_date": "Letter arrived", "counter_legend": "Registration (staff)", "counter": "In person", "phone": "Phone",
        "letter": "Letter", "email": "Email", "web": "Web form", "yes": "Yes", "no": "No", "employee": "Employee",
        "not_found": "Page not found.", "forbidden": "You do not have access to this page.",
    },
}


# What the receipt page and the receipt PDF say under an answer holding direction controls: one sentence, the runtime's.
for _lang, _words in WORDS.items():
    _words["bidi_controls"] = str(runtime_words(_lang)["bidi_controls"])


def words(lang: str) -> dict[str, str]:
    return WORDS.get(lang) or WORDS.get(lang.split("-")[0]) or WORDS["en"]
