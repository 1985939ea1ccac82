"""Hostile citizen data against every shipped form: errors or data, never a traceback; accepted means archivable.

Any JSON value, and valid submissions with awkward characters, extreme numbers
or junk put in at random, go to ``form.validate``; any list of posted fields
goes to ``formc.decode``. Neither may raise, and every message must be
printable as UTF-8. Whatever ``validate`` accepts is rendered to the PDF
receipt and packaged for the archive: the arkivmelding must be valid against
the Fiks XSD and the data.xml against the form's own data.xsd.
"""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from lxml import etree

from archive_strategies import TODAY, valid_data
from formc.model import Field, Form
from formc.runtime.decode import decode
from formc.runtime.package import ARKIVMELDING, DATA_XML, RECEIPT, build_package
from formc.xmldata import data_xsd

# strategies take a Form, whose repr is large: hypothesis warns about describing it
pytestmark = pytest.mark.filterwarnings("ignore:Generating overly large repr")
RECEIVED = datetime.datetime(2026, 6, 15, 9, 30, tzinfo=datetime.timezone.utc)
# characters validation must refuse, and awkward ones it may accept (all must then survive PDF and XML)
REFUSED = ["\u0000", "\u0008", "\u001f", "\ud800", "\udfff", "\ufffe", "\uffff"]
ACCEPTED = ["\u0085", "\ufeff", "\u202e", "\u0301", "😀", "\u00a0", "\u3000", "\t", "ﷺ", "\u2028", "x" * 300]
NUMBERS = [1e-05, 0.1, 1e-300, -0.0, 2**53 - 1, 2**53, 2**63, 10**30, 1e300, 123456.789, -1]
JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
                    | st.text(max_size=20),
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
                    max_leaves=12)


def _form(shipped, data: st.DataObject, keep=lambda form: True) -> Form:
    """A shipped form, drawn by id (a Form's repr is large)."""
    return shipped.forms[data.draw(st.sampled_from(sorted(i for i, f in shipped.forms.items() if keep(f))))]


def _leaves(value: Any, path: tuple = ()) -> list[tuple]:
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in _leaves(v, path + (k,))]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in _leaves(v, path + (i,))]
    return [path]


@st.composite
def awkward(draw: st.DrawFn, form: Form, characters: list[str], junk: bool) -> Any:
    """A valid submission of ``form`` with a few leaves made awkward (``characters`` put into strings)."""
    data = draw(valid_data(form))
    assume(data is not None)
    leaves = _leaves(data)
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(leaves))
        if not path:
            continue
        parent = data
        for step in path[:-1]:
            parent = parent[step]
        old = parent[path[-1]]
        if junk and draw(st.integers(0, 3)) == 0:
            parent[path[-1]] = draw(JSON)
        elif isinstance(old, str):
            cut = draw(st.integers(0, len(old)))
            parent[path[-1]] = old[:cut] + draw(st.sampled_from(characters)) + old[cut:]
        elif isinstance(old, (int, float)) and not isinstance(old, bool):
            parent[path[-1]] = draw(st.sampled_from(NUMBERS))
    return data


def _printable(form: Form, data: Any) -> list:
    errors = form.validate(data, today=TODAY)
    for error in errors:
        json.dumps(error.as_dict(), ensure_ascii=False).encode("utf-8")
    return errors


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(data=st.data())
def test_validate_never_raises(shipped, data: st.DataObject) -> None:
    form = _form(shipped, data)
    value = data.draw(st.one_of(JSON, awkward(form, REFUSED + ACCEPTED, junk=True)))
    errors = _printable(form, value)
    assert isinstance(errors, list)


def _names(fields: tuple[Field, ...], prefix: str = "") -> list[str]:
    names = []
    for field in fields:
        name = prefix + field.id
        if field.type == "group":
            names += _names(field.fields, name + ".")
        elif field.type == "repeat":
            names += _names(field.fields, f"{name}[0].") + _names(field.fields, f"{name}[9999].")
        elif field.type == "address":
            names += [f"{name}.{part}" for part in ("street", "postal_code", "city", "country")]
        else:
            names.append(name)
    return names


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(data=st.data())
def test_decode_never_raises(shipped, data: st.DataObject) -> None:
    form = _form(shipped, data)
    name = st.one_of(st.sampled_from(_names(form.fields)), st.text(max_size=30))
    text = st.one_of(st.text(max_size=30), st.sampled_from(REFUSED + ACCEPTED + ["1 234,5", "１２", "9" * 60, "true"]))
    value = st.one_of(text, st.binary(max_size=10), st.none(), st.integers(),
                      st.fixed_dictionaries({"filename": text, "media_type": text, "size": st.integers(), "sha256": text}))
    pairs = data.draw(st.lists(st.tuples(name, value), max_size=25))
    decoded = decode(form, pairs, today=TODAY)
    assert isinstance(decoded, dict)
    _printable(form, decoded)


@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(data=st.data())
def test_what_validate_accepts_renders_and_archives(shipped, arkivmelding_schema, data: st.DataObject) -> None:
    form = _form(shipped, data, lambda f: not any(x.type == "file" for x in f.walk()))
    submission = data.draw(awkward(form, ACCEPTED, junk=False))
    assume(_printable(form, submission) == [])
    package = build_package(form, submission, lang=form.default_language, channel="web", received=RECEIVED,
                            submission_id="hostile-1")
    assert package[RECEIPT].startswith(b"%PDF-")
    arkivmelding_schema.assertValid(etree.fromstring(package[ARKIVMELDING]))
    etree.XMLSchema(etree.fromstring(data_xsd(form))).assertValid(etree.fromstring(package[DATA_XML]))
