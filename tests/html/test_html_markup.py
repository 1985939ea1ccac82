"""``formc.targets.html.markup`` writes the same bytes as the shipped ``form.html.j2`` and ``fields.html.j2``.

Without template overrides the ``<form>`` is written by Python (markup.py); a project that overrides
the templates gets them rendered by Jinja. The two must agree byte for byte, or a project's look
would change the moment it copies a shipped template to adjust it. Here the templates are forced by
overriding them with copies of the shipped files, for every test and shipped form, in every language,
empty, filled with a valid submission and uploads, and with an error at every field.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import markupsafe
import pytest
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st

import formc
from formc.targets.html import markup as markup_module
from formc.targets.html.client import client_data, data_block, embed
from formc.targets.html.markup import esc, esc_str
from formc.targets.html.nodes import StandIns, Varies
from formc.targets.html.render import (
    SHIPPED_TEMPLATES,
    _forms_at_once,
    encoded_languages,
    encoded_modes,
    render,
    render_modes,
    shipped,
)
from formc.targets_api import BuildContext, template_file
from tests.html.test_html_render import forms_of

TEMPLATES = ("page.html.j2", "fragment.html.j2", "form.html.j2", "fields.html.j2")
UPLOAD = {"filename": "skjema <1> & \"vedlegg\".pdf", "media_type": "application/pdf", "size": 2048, "sha256": "ab" * 32}


@pytest.fixture(scope="module")
def copies(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A template-overrides folder holding the shipped templates, unchanged (so every one renders through Jinja)."""
    root = tmp_path_factory.mktemp("overrides")
    (root / "html" / "templates").mkdir(parents=True)
    for name in TEMPLATES:
        shutil.copy(SHIPPED_TEMPLATES / name, root / "html" / "templates" / name)
    return root


def pointers(fields: Any, prefix: str = "") -> Iterator[str]:
    """A JSON pointer to every field, into the second item of every repeat, and to an address's postal code."""
    for field in fields:
        pointer = f"{prefix}/{field.id}"
        yield pointer
        if field.type == "group":
            yield from pointers(field.fields, pointer)
        elif field.type == "repeat":
            yield from pointers(field.fields, pointer + "/1")
        elif field.type == "address":
            yield pointer + "/postal_code"


def with_uploads(form: formc.model.Form, data: dict[str, Any]) -> dict[str, Any]:
    return dict(data, **{f.id: [UPLOAD] for f in form.fields if f.type == "file"})


def both(form: formc.model.Form, lang: str, organisation: Any, copies: Path, mode: str = "fragment", **options: Any) -> tuple[str, str]:
    return (render(form, lang, organisation, None, mode, **options), render(form, lang, organisation, copies, mode, **options))


def test_the_copies_are_what_renders(copies: Path, small: formc.Project) -> None:
    env = BuildContext(small.organisation, template_overrides=copies).templates("html")
    for name in TEMPLATES:
        assert Path(env.get_template(name).filename).is_relative_to(copies)


def test_the_template_lookup_finds_what_jinja_loads(copies: Path, tmp_path: Path, small: formc.Project) -> None:
    """The build tells a shipped template from an override without Jinja (``template_file``): it must find the
    file Jinja's loader loads, with every template overridden, one (in a folder without ``templates/``), or none."""
    (tmp_path / "html").mkdir()
    (tmp_path / "html" / "page.html.j2").write_text("<p>{{ lang }}</p>\n")
    for overrides in (copies, tmp_path, None):
        env = BuildContext(small.organisation, template_overrides=overrides).templates("html")
        for name in TEMPLATES:
            assert str(template_file("html", name, overrides)) == env.get_template(name).filename, (overrides, name)
            assert shipped(overrides, name) == (env.get_template(name).filename == str(SHIPPED_TEMPLATES / name))
    assert not shipped(tmp_path, "page.html.j2") and shipped(tmp_path, "form.html.j2")


def test_every_form_filled_and_with_errors(copies: Path, small: formc.Project, shipped: formc.Project, kit: Any) -> None:
    for project, form in forms_of(small, shipped):
        data = with_uploads(form, kit.valid_data(form, 1))
        errors = [{"path": p, "message": f"Feil i <{p}> & «{p}»"} for p in pointers(form.fields)] + [{"path": "", "message": "Hele skjemaet"}]
        for lang in form.languages:
            python, jinja = both(form, lang, project.organisation, copies, "page")
            assert python == jinja, (form.id, lang)
            for options in ({"data": data}, {"errors": errors}, {"data": data, "errors": errors, "action": "/send?a=1&b=2",
                                                                   "hidden": {"_csrf": "t<k>\"'"}},
                            {"errors": errors, "assets": "/static/?v=<1>&", "scripts": ["/a.js", "/b.js?x=1&y=\"2\""],
                             "language_href": "/{form}/{lang}/?q=<&>", "languages": (lang,)}):
                for mode in ("fragment", "page"):
                    python, jinja = both(form, lang, project.organisation, copies, mode, **options)
                    assert python == jinja, (form.id, lang, mode, sorted(options))


text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=20)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=text, message=text)
def test_any_text_is_escaped_alike(copies: Path, small: formc.Project, value: str, message: str) -> None:
    form = small.forms["every-type"]
    data = {f.id: value for f in form.fields if f.type in ("text", "textarea", "integer", "date", "email", "money")}
    errors = [{"path": p, "message": message} for p in pointers(form.fields)]
    for mode in ("fragment", "page"):
        python, jinja = both(form, "en", small.organisation, copies, mode, data=data, errors=errors, assets=value, scripts=[message])
        assert python == jinja


def test_the_data_block_is_the_client_data_embedded(small: formc.Project, shipped: formc.Project) -> None:
    """``data_block`` (the language's members encoded once per process) writes what ``embed(client_data(…))`` writes."""
    for _, form in forms_of(small, shipped):
        for lang in (*form.languages, "nb-NO", "de"):  # a regional tag, and a language the catalogue lacks (English)
            assert data_block(form, lang) == embed(client_data(form, lang)), (form.id, lang)


NESTED = """\
formc: 1
kind: form
id: nested
version: 1.0.0
languages: [nb, en]
title: {nb: Søknad, en: Application}
pages:
  - id: main
    fields:
      - {id: many, type: boolean, label: {nb: "Flere?", en: "More?"}}
      - id: people
        type: repeat
        label: {nb: Personer, en: People}
        visible_if: many == true
        max_items: 3
        fields:
          - {id: intro, type: note, text: {nb: Om personen, en: About the person}}
          - {id: name, type: text, label: {nb: Navn, en: Name}, required: true, hint: {nb: "Fullt <navn> & \\"mer\\"", en: Full name}}
          - {id: born, type: date, label: {nb: Født, en: Born}, max: today}
          - {id: role, type: choice, label: {nb: Rolle, en: Role}, options: [{value: a, label: {nb: A, en: A}}, {value: b, label: {nb: B, en: B}}]}
          - id: town
            type: choice
            appearance: select
            label: {nb: Kommune, en: Municipality}
            options: [{value: x, label: {nb: X, en: X}}, {value: y, label: {nb: Y, en: Y}}]
          - {id: days, type: multichoice, label: {nb: Dager, en: Days}, options: [{value: m, label: {nb: M, en: M}}, {value: t, label: {nb: T, en: T}}]}
          - {id: adult, type: boolean, label: {nb: "Voksen?", en: "Adult?"}}
          - {id: home, type: address, label: {nb: Adresse, en: Address}, visible_if: adult == true}
          - {id: pay, type: money, label: {nb: Lønn, en: Pay}, required: "answered(name)"}
          - {id: proof, type: file, label: {nb: Bevis, en: Proof}, accept: [application/pdf], max_files: 2}
          - {id: ok, type: consent, label: {nb: Riktig, en: Correct}}
          - id: more
            type: group
            label: {nb: Mer, en: More}
            fields:
              - {id: story, type: textarea, label: {nb: Fortell, en: Tell}}
              - id: pets
                type: repeat
                label: {nb: Dyr, en: Pets}
                item_label: {nb: "Dyr {n}", en: "Pet {n}"}
                max_items: 2
                fields:
                  - {id: kind, type: text, label: {nb: "Art </script> \\\\ \\\\u0000", en: Kind}, pattern: "[a-z]+",
             pattern_message: {nb: "Små <bokstaver> & \\"ord\\"", en: Lower case}}
                  - {id: age, type: integer, label: {nb: Alder, en: Age}, visible_if: answered(kind)}
"""


def test_shared_parts_are_what_each_part_would_be(copies: Path, tmp_path: Path) -> None:
    """An item no data fills is written from markup shared by its repeat's items (nodes.Slot); it must be what its
    own nodes render through the templates: empty, with the first items filled (also inside the nested repeat),
    with errors in an empty item, and in a repeat inside a repeat. The data block's fields, encoded once per form
    with stand-ins for the texts, must be what encoding them per language writes, for texts JSON escapes."""
    (tmp_path / "forms").mkdir()
    (tmp_path / "formc.yaml").write_text("formc: 1\ndefinitions: forms\norganisation:\n  name: Test\n  org_number: \"964965226\"\n")
    (tmp_path / "forms" / "nested.yaml").write_text(NESTED)
    project = formc.load(tmp_path)
    form = project.forms["nested"]
    filled = {"many": True, "people": [{"name": "Ola", "role": "b", "days": ["t"], "adult": True, "home": {"city": "Oslo"},
                                        "proof": [UPLOAD], "more": {"pets": [{"kind": "katt"}]}}]}
    errors = [{"path": "/people/2/more/pets/1/kind", "message": "Feil"}, {"path": "/people/1/home/city", "message": "Feil"}]
    for lang in form.languages:
        for options in ({}, {"data": filled}, {"errors": errors}, {"data": filled, "errors": errors}):
            python, jinja = both(form, lang, project.organisation, copies, "page", **options)
            assert python == jinja, (lang, sorted(options))
    assert 'name="people[2].more.pets[1].age"' in python and 'id="nested--people-2-more-pets-1-age"' in python
    for lang in (*form.languages, "de"):
        assert data_block(form, lang) == embed(client_data(form, lang)), lang


def test_the_built_files_are_the_rendered_texts(copies: Path, small: formc.Project) -> None:
    """A build encodes the ``<form>`` once for the fragment and the page around it; overridden templates or not,
    the bytes are the texts ``render`` returns."""
    for templates in (None, copies):
        for form in small.forms.values():
            for lang in form.languages:
                texts = render_modes(form, lang, small.organisation, templates, languages=form.languages)
                encoded = encoded_modes(form, lang, small.organisation, templates, languages=form.languages)
                assert encoded == {mode: text.encode("utf-8") for mode, text in texts.items()}, (form.id, lang)


def _project(root: Path, definition: dict[str, Any]) -> formc.Project:
    (root / "forms").mkdir(parents=True, exist_ok=True)
    (root / "formc.yaml").write_text("formc: 1\ndefinitions: forms\norganisation:\n  name: Test\n  org_number: \"964965226\"\n")
    (root / "forms" / "f.yaml").write_text(json.dumps(definition, ensure_ascii=False), encoding="utf-8")  # JSON is YAML
    return formc.load(root)


def _definition(texts: Any) -> dict[str, Any]:
    """A form in nb, nn and en with a text of every kind the view model holds, ``texts()`` giving each one."""
    return {
        "formc": 1, "kind": "form", "id": "f", "version": "1.0.0", "languages": ["nb", "nn", "en"],
        "title": texts(), "description": texts(),
        "pages": [{"id": "one", "title": texts(), "fields": [
            {"id": "yes", "type": "boolean", "label": texts(), "true_label": texts(), "false_label": texts()},
            {"id": "name", "type": "text", "label": texts(), "hint": texts(), "visible_if": "yes == true", "required": True},
            {"id": "kind", "type": "choice", "label": texts(), "options": [{"value": "a", "label": texts()}, {"value": "b", "label": texts()}]},
            {"id": "note", "type": "note", "label": texts(), "text": texts(), "visible_if": "kind == 'b'"},
        ]}, {"id": "two", "fields": [
            {"id": "day", "type": "date", "label": texts(), "required": "answered(name)"},
            {"id": "kids", "type": "repeat", "label": texts(), "item_label": texts(), "max_items": 3, "fields": [
                {"id": "kid", "type": "text", "label": texts()},
                {"id": "proof", "type": "file", "label": texts(), "accept": ["application/pdf"], "max_files": 2},
                {"id": "home", "type": "address", "label": texts()}]},
        ]}],
    }


def _one_at_a_time(form: formc.model.Form, organisation: Any, templates: Path | None) -> dict[str, dict[str, bytes]]:
    return {lang: encoded_modes(form, lang, organisation, templates, languages=form.languages) for lang in form.languages}


PRINTABLE = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Cf", "Co", "Cn", "Zl", "Zp")), max_size=12)
WORDING = st.one_of(PRINTABLE, st.sampled_from(["{n}", "Nr. {n} <&>", "«{n}» \"'", "</script>"]))
SAID = WORDING.filter(bool)


@settings(max_examples=50, deadline=None)
@given(data=st.data(), uneven=st.booleans())
def test_every_language_at_once_is_each_language_alone(copies: Path, data: st.DataObject, uneven: bool) -> None:
    """A build writes the ``<form>`` once for all of a form's languages, its texts as stand-ins put in per language
    (``StandIns``); the bytes must be those of each language written alone (in Python and through the templates), for
    texts that are the same or differ between the languages, that escaping changes, that hold ``{n}``, and, when
    ``uneven``, that are empty in some languages only (then the form is written one language at a time)."""
    each = st.tuples(WORDING, WORDING, WORDING) if uneven else st.tuples(SAID, SAID, SAID)

    def texts() -> dict[str, str]:
        return dict(zip(("nb", "nn", "en"), data.draw(st.one_of(WORDING.map(lambda text: (text, text, text)), each))))

    with tempfile.TemporaryDirectory() as root:
        try:
            project = _project(Path(root), _definition(texts))
        except formc.DefinitionError:
            reject()  # a text the loader refuses (its diagnostics are tested elsewhere)
    form = project.forms["f"]
    at_once = encoded_languages(form, form.languages, project.organisation)
    assert at_once == _one_at_a_time(form, project.organisation, None) == _one_at_a_time(form, project.organisation, copies)
    if not uneven:
        assert _forms_at_once(form, form.languages) is not None


def test_a_text_empty_in_some_languages_only_is_written_one_language_at_a_time(tmp_path: Path) -> None:
    same = _project(tmp_path / "same", _definition(lambda: {"nb": "Navn <1>", "nn": "Namn <1>", "en": "Name <1>"}))
    assert _forms_at_once(same.forms["f"], ("nb", "nn", "en")) is not None  # the build writes it once
    uneven = _project(tmp_path / "uneven", _definition(lambda: {"nb": "", "nn": "Namn", "en": "Name"}))
    form = uneven.forms["f"]
    assert _forms_at_once(form, form.languages) is None
    assert encoded_languages(form, form.languages, uneven.organisation) == _one_at_a_time(form, uneven.organisation, None)
    stand_ins = StandIns(("nb", "en"), esc)
    assert stand_ins.put(("Ja <", "Ja <")) == "Ja <"  # the same in every language: the text itself, escaped later
    with pytest.raises(Varies):
        stand_ins.put(("", "Yes"))
    marked = stand_ins.put(("Nei <", "No &"))
    assert stand_ins.fill(f"<p>{esc(marked)}</p>") == ["<p>Nei &lt;</p>".encode(), "<p>No &amp;</p>".encode()]


@settings(max_examples=200, deadline=None)
@given(value=st.text())
def test_esc_is_markupsafes_escape(value: str) -> None:
    assert esc(value) == esc_str(value) == str(markupsafe.escape(value))


def test_the_fast_escape_is_markupsafes_own() -> None:
    """``markup.esc`` escapes a str with markupsafe's private C routine ``_speedups._escape_inner`` (no Markup object
    made), falling back to five replacements without it; this fails when a markupsafe release renames or drops it, so
    that the fallback (the same bytes, slower) is not taken unnoticed."""
    speedups = pytest.importorskip("markupsafe._speedups", reason="markupsafe without its C module: the fallback is in use")
    assert markup_module._escape_inner is speedups._escape_inner
    assert speedups._escape_inner("<a href='x'>&\"</a>") == str(markupsafe.escape("<a href='x'>&\"</a>"))
