"""formc.js against formc.validator: for generated input typed into the page, both find the same problems, in the same words."""

from __future__ import annotations

import datetime
import zoneinfo
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import formc

pytestmark = pytest.mark.browser

TODAY = datetime.datetime.now(zoneinfo.ZoneInfo("Europe/Oslo")).date()  # the test project's time zone, as in formc.js
# Awkward input too: characters only one language trims (U+0085, U+001C, U+FEFF), controls, a lone surrogate
# (posted as U+FFFD), non-ASCII digits, 50-digit numbers.
TEXTS = ["", "Ola", "AB12", "ab", "  x  ", "æøå" * 25, "x" * 61, "\u0085Ola", "Ola\u001c", "\ufeffAB12\u3000",
         "a\u0001b", "\ud800x", "AB\u2028"]
NUMBERS = ["", "0", "-1", "12", "121", "1 234,50", "1,5", "1.555", "abc", "0,5", "2,51", "3", "0.499", "１２", "\ufeff12",
           "12\u0085", "9" * 50, "1\u2009234"]
DATES = ["", TODAY.isoformat(), "2000-01-01", "2099-12-31", (TODAY + datetime.timedelta(days=400)).isoformat()]
VALUES: dict[str, list[str]] = {
    "name": TEXTS, "code": TEXTS, "story": ["", "abcd", "abcde", "line\nbreak"],
    "nin": ["", "01019000083", "\ufeff010190 00083", "01019000084", "0101900008", "31029000000", "41019000083"],
    "org": ["", "900000006", "900000007", "12345678"], "account": ["", "12345670007", "1234.56.70007", "1234\u00a056\u202f70007", "12345670008"],
    "email": ["", "ola@example.no", "ola@", "a b@c.no"], "phone": ["", "91234567", "+4791234567", "1234", "+47 912 34 567"],
    "site": ["", "https://example.no", "ftp://example.no", "example.no"], "zip": ["", "4790", "479", "47 90"],
    "age": NUMBERS, "height": NUMBERS, "income": NUMBERS, "start": DATES, "end": DATES,
    "at": ["", "07:59", "08:00", "16:00", "16:01", "12:30"],
    "home.street": ["", "Storgata 1"], "home.postal_code": ["", "4790", "ABC"], "home.city": ["", "Lillesand"],
    "colour": ["", "red", "blue"], "partner.partner_name": ["", "Per"], "partner.partner_phone": ["", "91234567", "12"],
    "kids[0].kid_name": ["", "Ada"], "kids[0].kid_age": ["", "3", "7", "19", "x"], "kids[0].kid_school": ["", "S"],
    "kids[1].kid_name": ["", "Bo"], "kids[1].kid_age": ["", "10"], "wed_note": ["", "note", "n" * 101],
}
CHOICES = {"size": ["small", "large"], "has_kids": ["true", "false"], "days": ["mon", "tue", "wed"], "agree": ["true"]}


@st.composite
def submissions(draw: Any) -> dict[str, Any]:
    values: dict[str, Any] = {name: draw(st.sampled_from(options)) for name, options in VALUES.items()}
    for name, options in CHOICES.items():
        values[name] = draw(st.lists(st.sampled_from(options), unique=True, max_size=len(options) if name == "days" else 1))
    return values


SET = """([values, lang]) => {
  const form = document.querySelector('form.formc-form');
  const repeat = form.querySelector('[data-formc-path="kids"] > fieldset');
  for (const [name, value] of Object.entries(values)) {
    for (const c of form.querySelectorAll(`[name="${name}"]`)) {
      if (c.type === 'radio' || c.type === 'checkbox') c.checked = value.includes(c.value);
      else c.value = value;
    }
  }
  const used = values['kids[1].kid_name'] || values['kids[1].kid_age'] ? 2 : 1;
  formc.forms[0].setCount(repeat, used);
  form.dispatchEvent(new Event('change'));
  const js = formc.forms[0].check(false).map(e => [e.p, e.m]);
  const posted = Array.from(new FormData(form)).filter(([, v]) => typeof v === 'string');
  return {js, posted};
}"""


@pytest.fixture(scope="module")
def loaded(browser: Any, server: Any, small: formc.Project, kit: Any) -> Any:
    kit.build([small.forms["every-type"]], small.organisation, server.root / "differential")
    context = browser.new_context(locale="en-US")
    page = context.new_page()
    page.goto(f"{server.url}/differential/every-type.nb.html")
    yield page
    context.close()


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=submissions())
def test_browser_and_python_agree(loaded: Any, small: formc.Project, values: dict[str, Any]) -> None:
    form = small.forms["every-type"]
    result = loaded.evaluate(SET, [values, "nb"])
    data = formc.decode(form, [tuple(pair) for pair in result["posted"]])
    python = sorted((e.path, e.message) for e in form.validate(data, lang="nb", today=TODAY))
    browser = sorted(tuple(e) for e in result["js"])
    assert browser == python, json.dumps({"values": values, "data": data}, ensure_ascii=False)
