"""formc.describe: conditions in words, for pages without JavaScript and for paper."""

from __future__ import annotations

from pathlib import Path

import pytest

import formc
from formc.describe import answer_only_if, describe, required_if

WORDS = Path(__file__).parent / "projects" / "words"


@pytest.fixture(scope="module")
def form() -> formc.model.Form:
    return formc.load(WORDS).forms["words"]


def condition(form: formc.model.Form, field_id: str) -> object:
    return form.field_at(field_id).visible_if  # type: ignore[union-attr]


@pytest.mark.parametrize("field_id, lang, sentence", [
    ("t1", "nb", "Svar bare hvis du svarte Ja på «Har du barn?»."),
    ("t1", "nn", "Svar berre viss du svarte Ja på «Har du barn?»."),
    ("t1", "en", "Answer only if you answered Yes to “Do you have children?”."),
    ("t2", "nb", "Svar bare hvis du ikke svarte Leier på «Eier du?»."),  # the field's own false_label
    ("t3", "en", "Answer only if you answered Small or Large to “Size”."),  # option labels, not values
    ("t4", "nn", "Svar berre viss du kryssa av for Måndag på «Dagar»."),  # multichoice: ticked
    ("t5", "nb", "Svar bare hvis «Alder» er mindre enn 18."),
    ("t7", "en", "Answer only if the number of answers to “Pets” is more than 1."),
    ("t8", "nb", "Svar bare hvis du ikke har svart på «Alder»."),
    ("t10", "en", "Answer only if “Age” is at least 67 or “Age” is at most 2."),
])
def test_sentences(form: formc.model.Form, field_id: str, lang: str, sentence: str) -> None:
    assert answer_only_if(condition(form, field_id), form, lang) == sentence  # type: ignore[arg-type]


def test_precedence_is_kept_with_parentheses(form: formc.model.Form) -> None:
    text = describe(condition(form, "t9"), form, "nb")  # type: ignore[arg-type]
    assert text == "du har svart på «Alder» og (du svarte Ja på «Har du barn?» eller du ikke svarte Middels på «Størrelse»)"


def test_dates_today_and_numbers_in_the_language_style(form: formc.model.Form) -> None:
    today_rule, fixed_rule = form.rules
    assert describe(today_rule.check, form, "nb") == "«Født» er dagens dato eller tidligere"
    assert describe(fixed_rule.check, form, "nb") == "«Født» er 31.01.2020 eller senere"
    assert describe(fixed_rule.check, form, "en") == "“Born” is on or after 2020-01-31"


def test_unknown_languages_fall_back_to_english_words(form: formc.model.Form) -> None:
    assert answer_only_if(condition(form, "t5"), form, "de").startswith("Answer only if ")


def test_every_condition_in_every_language_names_its_fields(form: formc.model.Form, shipped: formc.Project) -> None:
    forms = [form] + list(shipped.forms.values())
    for each in forms:
        for field in each.walk():
            for expr, say in ((field.visible_if, answer_only_if), (field.required_if, required_if)):
                if expr is None:
                    continue
                for lang in each.languages:
                    text = say(expr, each, lang)
                    assert text.endswith(".") and "{" not in text, text
                    named = [each.field_at(p.ref.field_path) for p in formc.expressions.nodes.paths_in(expr)]
                    assert all(f.label(lang) in text for f in named if f is not None and f.label is not None), text
