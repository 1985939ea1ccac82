"""The HTML target's files: golden output, markup rules, determinism, overrides, weight, and the Nu checker."""

from __future__ import annotations

import gzip
import os
import re
import subprocess
from pathlib import Path
from typing import Any

import lxml.html
import pytest

import formc
from formc.targets_api import BuildContext, shared_files
from formc.targets.html import TARGET

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("FORMC_UPDATE_GOLDEN") == "1"


def emitted(form: formc.model.Form, organisation: Any, **ctx: Any) -> dict[str, bytes]:
    context = BuildContext(organisation=organisation, **ctx)
    return {f.path: f.content for f in TARGET.emit_form(form, context) + shared_files(TARGET, [form], context)}


@pytest.fixture(scope="module")
def every(small: formc.Project) -> formc.model.Form:
    return small.forms["every-type"]


@pytest.fixture(scope="module")
def all_pages(small: formc.Project, shipped: formc.Project) -> list[tuple[formc.model.Form, str, bytes]]:
    out = []
    for project in (small, shipped):
        for form in project.forms.values():
            out += [(form, path, content) for path, content in emitted(form, project.organisation).items() if path.endswith(".html")]
    return out


@pytest.mark.parametrize("name", ["every-type.nb.html", "every-type.nb.fragment.html"])
def test_golden(small: formc.Project, every: formc.model.Form, name: str) -> None:
    """Set FORMC_UPDATE_GOLDEN=1 to rewrite the golden files after an intended change, then review the diff."""
    content = emitted(every, small.organisation)[name]
    golden = GOLDEN / name
    if UPDATE:
        golden.write_bytes(content)
    assert golden.is_file(), f"{golden} is missing: run with FORMC_UPDATE_GOLDEN=1"
    assert content.decode() == golden.read_text(encoding="utf-8")


def test_files_and_determinism(small: formc.Project, every: formc.model.Form) -> None:
    first, second = emitted(every, small.organisation), emitted(every, small.organisation)
    assert first == second
    assert sorted(first) == sorted([f"every-type.{lang}.{kind}" for lang in ("nb", "nn", "en") for kind in ("html", "fragment.html")]
                                   + ["formc.css", "formc.js"])


def test_fragments_are_one_form_with_prefixed_classes(all_pages: list) -> None:
    for form, path, content in all_pages:
        if not path.endswith(".fragment.html"):
            continue
        text = content.decode()
        assert not re.search(r"<(html|head|body|link|meta|style)\b", text), path
        root = lxml.html.fragment_fromstring(text)
        assert root.tag == "form" and root.get("lang") == path.split(".")[-3]
        classes = {c for el in root.iter() if isinstance(el.tag, str) for c in (el.get("class") or "").split()}
        assert classes and all(c.startswith("formc-") for c in classes), path


def test_markup_rules(all_pages: list) -> None:
    for form, path, content in all_pages:
        if path.endswith(".fragment.html"):
            continue
        doc = lxml.html.document_fromstring(content)
        lang = path.split(".")[-2]
        assert doc.get("lang") == lang
        assert not doc.xpath("//style | //*[@style] | //*[@*[starts-with(name(), 'on')]]"), f"{path}: inline style or handler"
        for script in doc.xpath("//script"):
            assert script.get("src") or (script.get("type") == "application/json" and script.get("class") == "formc-data"), path
        ids = doc.xpath("//@id")
        assert len(ids) == len(set(ids)), f"{path}: duplicate ids"
        for ref in doc.xpath("//@aria-describedby | //label/@for"):
            assert all(token in ids for token in ref.split()), f"{path}: {ref} points nowhere"
        for control in doc.xpath("//input | //select | //textarea"):
            labels = doc.xpath(f"//label[@for='{control.get('id')}']")
            assert labels and labels[0].text_content().strip(), f"{path}: {control.get('name')} has no visible label"
            if control.get("type") in ("radio", "checkbox") and control.getparent().getparent().get("class") == "formc-choices":
                assert control.xpath("ancestor::fieldset[1]/legend"), f"{path}: {control.get('name')} is not in a fieldset"
            name = control.get("name")
            steps = re.sub(r"\[\d+\]", "", name).split(".")
            field = form.field_at(tuple(steps)) or form.field_at(tuple(steps[:-1]))
            assert field is not None, f"{path}: {name} is not a data path"
            if field.type in ("integer", "national_id", "org_number", "postal_code") and steps[-1] == field.id:
                assert control.get("inputmode") == "numeric", f"{path}: {name}"
        for field in form.walk():
            if field.has_value and not field.is_container and not field.required:
                marker = {"nb": "(valgfritt)", "nn": "(valfritt)"}.get(lang, "(optional)")
                assert marker in content.decode(), path


def test_template_and_css_overrides(tmp_path: Path, small: formc.Project, every: formc.model.Form) -> None:
    (tmp_path / "html" / "templates").mkdir(parents=True)
    (tmp_path / "html" / "static").mkdir()
    (tmp_path / "html" / "templates" / "page.html.j2").write_text(
        '<!DOCTYPE html><html lang="{{ lang }}"><head><title>{{ form.title }}</title></head>'
        '<body class="site">{% include "form.html.j2" %}</body></html>\n')
    (tmp_path / "html" / "static" / "formc.css").write_text(".formc-form { --formc-accent: #4b0082; }\n")
    files = emitted(every, small.organisation, template_overrides=tmp_path)
    assert b'<body class="site"><form class="formc-form"' in files["every-type.en.html"]
    assert files["formc.css"] == b".formc-form { --formc-accent: #4b0082; }\n"
    assert files["every-type.en.fragment.html"] == emitted(every, small.organisation)["every-type.en.fragment.html"]


def test_weight(shipped: formc.Project, small: formc.Project) -> None:
    def gz(data: bytes) -> int:
        return len(gzip.compress(data, mtime=0))

    shared = {f.path: f.content for f in shared_files(TARGET, [], BuildContext(organisation=shipped.organisation))}
    assert gz(shared["formc.js"]) <= 10 * 1024
    largest = max(gz(content) for form in shipped.forms.values()
                  for path, content in emitted(form, shipped.organisation).items() if path.endswith(".html"))
    assert largest + gz(shared["formc.js"]) + gz(shared["formc.css"]) <= 30 * 1024


def test_nu_checker_finds_no_errors(tmp_path: Path, vnu: list[str], all_pages: list) -> None:
    files = []
    for index, (form, path, content) in enumerate(all_pages):
        target = tmp_path / f"{index}-{path}"
        if path.endswith(".fragment.html"):
            lang = path.split(".")[-3]
            content = (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>Fragment</title></head><body>'
                       .encode() + content + b"</body></html>")
        target.write_bytes(content)
        files.append(str(target))
    result = subprocess.run(vnu + ["--errors-only", "--format", "gnu"] + files, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0 and not result.stdout.strip() and not result.stderr.strip(), result.stdout + result.stderr
