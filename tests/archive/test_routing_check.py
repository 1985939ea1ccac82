"""`formc check` on archive routing, case modes and senders: references must name what exists."""

from __future__ import annotations

import textwrap
from pathlib import Path

from formc.project import check_project

FORM = """\
formc: 1
kind: form
id: report
version: 1.0.0
languages: [nb, en]
title: {nb: Melding, en: Report}
pages:
  - id: p
    title: {nb: Side, en: Page}
    fields:
      - {id: name, type: text, label: {nb: Navn, en: Name}, required: true}
      - {id: case_number, type: text, label: {nb: Saksnummer, en: Case number}}
archive:
"""
PROJECT = """\
formc: 1
organisation: {name: Lillesand kommune}
archive:
  units: {oppvekst: Oppvekst, kultur: Kultur}
"""


def _check(tmp_path: Path, archive: str, project: str = PROJECT) -> list[tuple[str, int, str, str | None]]:
    (tmp_path / "report.yaml").write_text(FORM + textwrap.indent(textwrap.dedent(archive), "  "), encoding="utf-8")
    (tmp_path / "formc.yaml").write_text(project, encoding="utf-8")
    return [(d.code, d.span.line, d.message, d.help) for d in check_project(tmp_path).diagnostics]


def test_routing_to_an_undeclared_unit_is_refused(tmp_path: Path) -> None:
    [(code, line, message, help_text)] = _check(tmp_path, "routing: {administrative_unit: kulture}\n")
    assert (code, line) == ("FC262", 14) and "`kulture`" in message and "kultur" in help_text
    assert _check(tmp_path, "routing: {administrative_unit: kultur, internal_recipient: oppvekst}\n") == []


def test_project_routing_defaults_are_checked_too(tmp_path: Path) -> None:
    project = PROJECT + "  routing: {internal_recipient: post}\n"
    [(code, line, message, _)] = _check(tmp_path, "language: nb\n", project)
    assert (code, line) == ("FC262", 5) and "`post`" in message


def test_without_declared_units_any_unit_is_accepted(tmp_path: Path) -> None:
    assert _check(tmp_path, "routing: {administrative_unit: kultur}\n", "formc: 1\norganisation: {name: X}\n") == []


def test_case_modes_need_what_identifies_the_case(tmp_path: Path) -> None:
    [(code, _, message, _)] = _check(tmp_path, "case: {mode: existing}\n")
    assert code == "FC263" and "case_number" in message
    [(code, _, message, _)] = _check(tmp_path, "case: {mode: per_round}\n")
    assert code == "FC263" and "key" in message
    assert _check(tmp_path, "case: {mode: existing, case_number: case_number}\n") == []
    [(code, _, message, _)] = _check(tmp_path, "case: {mode: per_object, key: \"{nam}\"}\n")
    assert code == "FC402" and "nam" in message


def test_a_sender_without_when_must_come_last(tmp_path: Path) -> None:
    found = _check(tmp_path, """\
        sender:
          - {name: name}
          - {name: name, when: "case_number == '1'"}
        """)
    assert [c for c, *_ in found] == ["FC261"]


def test_archive_language_must_be_a_language_of_the_form(tmp_path: Path) -> None:
    [(code, _, _, help_text)] = _check(tmp_path, "language: se\n")
    assert code == "FC260" and "nb, en" in help_text
