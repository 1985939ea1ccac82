"""``noark.xml`` written without Jinja: the same bytes as the shipped template, and a project's template still wins."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import formc
from formc.model import Organisation, Text
from formc.targets.noark import TEMPLATE, TARGET, _Retention, metadata_xml, template_context
from formc.targets_api import BuildContext

REPO = Path(__file__).resolve().parents[2]
SHIPPED_TEMPLATE = REPO / "formc" / "targets" / "noark" / "templates" / TEMPLATE


def _by_template(values: dict) -> str:
    """The shipped template rendered by Jinja as the build did before (the reference)."""
    return BuildContext(Organisation(Text({"nb": "Test"}))).templates("noark").get_template(TEMPLATE).render(values)


def _contexts(project: formc.Project) -> list[BuildContext]:
    plan = project.settings.classification_plan
    return [BuildContext(project.organisation), BuildContext(project.organisation, classification_plan=plan),
            BuildContext(project.organisation, languages=("en",), classification_plan=plan)]


def test_same_bytes_as_the_template_for_every_form_of_the_test_projects(shipped, alltypes) -> None:
    projects = [shipped, alltypes, formc.load(REPO / "examples" / "archivist"), formc.load(REPO / "tests" / "server" / "projects" / "town")]
    checked = 0
    for project in projects:
        for ctx in _contexts(project):
            for form in project.forms.values():
                values = template_context(form, ctx)
                assert metadata_xml.render(values) == _by_template(values), (form.id, ctx)
                checked += bool(values["systems"]) and bool(values["restriction"]) and bool(values["retention"])
    assert checked >= 10  # forms with Noark 5 classes, skjerming and kassasjon were among them


_TEXT = st.text(st.one_of(st.sampled_from("&<>\"'æøå \n"), st.characters(codec="utf-8", categories=("L", "N", "P"))),
                max_size=8)
_MAYBE = st.one_of(st.none(), st.just(""), _TEXT)
_LANGUAGES = st.lists(st.tuples(st.sampled_from(["nb", "nn", "en"]), _TEXT), max_size=3)


@st.composite
def _classification(draw: st.DrawFn) -> dict:
    scheme = draw(st.sampled_from(["K-koder", "GBN", "PNR"]))
    return {"scheme": scheme, "system": draw(st.sampled_from([scheme, "K-koder2"])), "code": draw(_TEXT),
            "title": draw(_MAYBE), "template": draw(st.booleans()), "type": draw(_MAYBE),
            "type_description": draw(_MAYBE), "screened": draw(st.booleans()), "status": draw(_MAYBE),
            "status_description": draw(_MAYBE), "source": draw(_MAYBE), "facet": draw(_MAYBE)}


@st.composite
def _system(draw: st.DrawFn) -> dict:
    classes = [{"systemID": draw(_TEXT), "code": draw(_TEXT), "title": draw(_TEXT), "description": draw(_MAYBE),
                "kassasjon": draw(st.none() | st.fixed_dictionaries({
                    "vedtak": _TEXT, "hjemmel": _MAYBE, "bevaringstid": st.integers(0, 100), "dato": _TEXT})),
                "skjerming": draw(st.none() | st.fixed_dictionaries({
                    "tilgangsrestriksjon": _TEXT, "hjemmel": _TEXT, "metadata": st.lists(_TEXT, max_size=3)}))}
               for _ in range(draw(st.integers(0, 3)))]
    return {"systemID": draw(_TEXT), "type": draw(_MAYBE), "title": draw(_TEXT), "classes": classes,
            "created": draw(_TEXT), "created_by": draw(_TEXT)}


@st.composite
def _values(draw: st.DrawFn) -> dict:
    return {
        "form": SimpleNamespace(id=draw(_TEXT), version=draw(_TEXT)),
        "titles": draw(_LANGUAGES), "data_namespace": draw(_TEXT), "data_xsd": draw(_TEXT),
        "authority": {"name": draw(_TEXT), "org_number": draw(_MAYBE)},
        "classifications": draw(st.lists(_classification(), max_size=3)),
        "case_titles": draw(_LANGUAGES), "public_case_titles": draw(_LANGUAGES), "document_titles": draw(_LANGUAGES),
        "saksstatus": (draw(_TEXT), draw(_TEXT)), "journalposttype": (draw(_TEXT), draw(_TEXT)),
        "document_type": (draw(_TEXT), draw(_MAYBE)), "processing_time": draw(_MAYBE),
        "sender": draw(st.lists(st.tuples(st.sampled_from(["personid", "epostadresse"]), _TEXT), max_size=2)),
        "restriction": draw(st.none() | st.builds(SimpleNamespace, code=_TEXT, legal_basis=_TEXT)),
        "screening_metadata": draw(st.lists(st.tuples(_TEXT, _TEXT), max_size=2)),
        "screened_fields": draw(st.lists(_TEXT, max_size=2)),
        "retention": draw(st.none() | st.builds(
            _Retention, code=_TEXT, description=_TEXT, years=st.none() | st.integers(0, 100), legal_basis=_MAYBE,
            trigger=st.none() | st.tuples(_TEXT, _TEXT), plan_item=_MAYBE, selection=_MAYBE)),
        "systems": draw(st.lists(_system(), max_size=2)),
        "noark5": draw(_TEXT),
    }


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(_values())
def test_same_bytes_as_the_template_for_any_values(values) -> None:
    """Every branch of the template, markup characters and quotes in every value: escaped as autoescape does."""
    assert metadata_xml.render(values) == _by_template(values)


def test_a_projects_template_is_used(alltypes, permit, tmp_path) -> None:
    """In either place a template folder may hold it (``noark/templates/`` or ``noark/``)."""
    shipped = SHIPPED_TEMPLATE.read_text(encoding="utf-8")
    for overrides, folder in ((tmp_path / "a", "noark/templates"), (tmp_path / "b", "noark")):
        (overrides / folder).mkdir(parents=True)
        (overrides / folder / TEMPLATE).write_text(shipped + "<!-- {{ form.id }} by the project -->\n", encoding="utf-8")
        ctx = BuildContext(alltypes.organisation, template_overrides=overrides)
        xml = {f.path: f.content for f in TARGET.emit_form(permit, ctx)}["permit.noark.xml"]
        assert xml.endswith(b"</formc:arkivmetadata>\n<!-- permit by the project -->\n"), folder
