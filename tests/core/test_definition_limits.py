"""The limits of the definition language (docs/language.md, "Limits"): every one is a diagnostic at check time,
and everything inside them builds into outputs that parse (JSON), load (XML) and compile (XSD).

Single-file mistakes live in broken/; these cases need several files, a build, or many variants.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from formc.checker import MAX_CONTAINER_DEPTH, MAX_FIELDS
from formc.cli import cli
from formc.expressions.parser import MAX_NESTING
from formc.project import check_project
from formc.schema_check import language_schema, python_pattern
from formc.targets.print import print_html
from formc.targets_api import BuildContext

FORM = """formc: 1
kind: form
id: {id}
version: 1.0.0
languages: [en]
title: T
pages:
  - id: p
    fields:
{fields}"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def codes(project) -> list[tuple[str, str]]:
    return [(d.code, d.message) for d in project.diagnostics]


def build(folder: Path, *targets: str):
    if not (folder / "formc.yaml").exists():
        write(folder, "formc.yaml", "formc: 1\norganisation: {name: Testvik kommune}\n")
    args = ["build", str(folder), "-o", str(folder / "out")]
    for target in targets:
        args += ["--target", target]
    return CliRunner().invoke(cli, args)


def test_a_block_cycle_through_a_group_is_reported_not_a_recursion_error(tmp_path: Path) -> None:
    write(tmp_path, "b.yaml", "formc: 1\nkind: block\nid: b\nfields:\n"
          "  - {id: name, type: text, label: Name}\n"
          "  - {id: inner, type: group, label: Inner, fields: [{use: b}]}\n")
    write(tmp_path, "f.yaml", FORM.format(id="f", fields="      - {use: b}\n"))
    project = check_project(tmp_path)
    [cycle] = [d for d in project.diagnostics if d.code == "FC302"]
    assert (cycle.span.path.endswith("b.yaml"), cycle.span.line) == (True, 6) and "b → b" in cycle.message
    assert not project.forms
    result = build(tmp_path, "jsonschema")
    assert result.exit_code == 1 and result.exception is None or isinstance(result.exception, SystemExit)


def test_blocks_doubling_each_level_stop_at_the_field_limit_quickly_and_name_the_chain(tmp_path: Path) -> None:
    levels = 15  # 2**15 fields once spliced: far past the limit
    for level in range(levels):
        if level == levels - 1:
            fields = "  - {id: leaf, type: text, label: Leaf}\n"
        else:
            fields = f"  - {{use: b{level + 1}, prefix: x_}}\n  - {{use: b{level + 1}, prefix: y_}}\n"
        write(tmp_path, f"blocks/b{level}.yaml", f"formc: 1\nkind: block\nid: b{level}\nfields:\n{fields}")
    write(tmp_path, "f.yaml", FORM.format(id="f", fields="      - {use: b0}\n"))
    started = time.process_time()  # CPU time: the test machine may be busy
    project = check_project(tmp_path)
    assert time.process_time() - started < 5
    [diagnostic] = [d for d in project.diagnostics if d.code == "FC272"]
    assert f"more than {MAX_FIELDS} fields" in diagnostic.message
    assert "b0 → b1 → b2" in diagnostic.message and diagnostic.span.line > 0
    assert not project.forms


def _nested_groups(depth: int) -> str:
    lines, indent = [], "      "
    for level in range(depth):
        lines += [f"{indent}- id: g{level}", f"{indent}  type: group", f"{indent}  label: G{level}",
                  f"{indent}  fields:", f"{indent}    - {{id: t{level}, type: text, label: T{level}}}"]
        indent += "    "
    return "\n".join(lines) + "\n"


def test_groups_nested_to_the_limit_build_valid_outputs_and_one_more_is_refused(tmp_path: Path) -> None:
    ok = tmp_path / "ok"
    write(ok, "f.yaml", FORM.format(id="deep", fields=_nested_groups(MAX_CONTAINER_DEPTH)))
    result = build(ok, "jsonschema", "noark", "html")
    assert result.exit_code == 0, result.output
    schema = json.loads((ok / "out/jsonschema/deep.schema.json").read_text())
    assert schema["type"] == "object"
    etree.XMLSchema(etree.parse(str(ok / "out/noark/deep.data.xsd")))  # libxml2 parses and compiles it
    too_deep = tmp_path / "too-deep"
    write(too_deep, "f.yaml", FORM.format(id="deep", fields=_nested_groups(MAX_CONTAINER_DEPTH + 1)))
    assert [d.code for d in check_project(too_deep).diagnostics] == ["FC271"]


def test_an_expression_nested_to_the_limit_builds_and_validates(tmp_path: Path) -> None:
    condition = "(" * (MAX_NESTING // 2) + "not " * (MAX_NESTING // 2) + "a == true" + ")" * (MAX_NESTING // 2)
    fields = f"      - {{id: a, type: boolean, label: A}}\n      - {{id: b, type: text, label: B, visible_if: '{condition}'}}\n"
    write(tmp_path, "f.yaml", FORM.format(id="nested", fields=fields))
    form = check_project(tmp_path).form("nested")
    assert form.validate({"a": True}) == [] and form.validate({"a": False}) == []
    assert build(tmp_path, "jsonschema", "html").exit_code == 0
    write(tmp_path, "f.yaml", FORM.format(id="nested", fields=fields.replace("'(", "'(not ")))
    assert [d.code for d in check_project(tmp_path).diagnostics] == ["FC400"]


def test_integral_floats_are_integers_in_every_target(tmp_path: Path) -> None:
    fields = """      - {id: a, type: text, label: A, min_length: 1.0, max_length: 20.0, print: {lines: 2.0}}
      - {id: b, type: multichoice, label: B, max_items: 2.0, options: [{value: x, label: X}, {value: y, label: Y}]}
      - {id: c, type: file, label: C, max_size: 1000.0, max_files: 2.0}
      - {id: d, type: integer, label: D, min: 1.0, max: 5.0}
      - {id: e, type: decimal, label: E, decimals: 2.0}
      - {id: r, type: repeat, label: R, min_items: 1.0, max_items: 3.0, fields: [{id: q, type: text, label: Q}]}
"""
    write(tmp_path, "f.yaml", FORM.format(id="floats", fields=fields)
          + "archive:\n  classification: [{scheme: ORG, code: '100'}]\n  retention: {decision: keep, years: 10.0}\n")
    project = check_project(tmp_path)
    form = project.form("floats")
    numbers = [form.field_at("a").max_length, form.field_at("a").min_length, form.field_at("a").print.lines,
               form.field_at("b").max_items, form.field_at("c").max_size, form.field_at("c").max_items,
               form.field_at("d").minimum, form.field_at("d").maximum, form.field_at("e").decimals,
               form.field_at("r").min_items, form.field_at("r").max_items, form.archive.retention.years]
    assert numbers == [20, 1, 2, 2, 1000, 2, 1, 5, 2, 1, 3, 10]
    assert all(type(n) is int for n in numbers)
    result = build(tmp_path, "jsonschema", "html", "noark")
    assert result.exit_code == 0, result.output
    schema = json.loads((tmp_path / "out/jsonschema/floats.schema.json").read_text())
    assert schema["properties"]["a"]["maxLength"] == 20 and type(schema["properties"]["a"]["maxLength"]) is int
    xsd = etree.parse(str(tmp_path / "out/noark/floats.data.xsd"))
    etree.XMLSchema(xsd)  # compiles: no "20.0" where xs:nonNegativeInteger is required
    assert "20.0" not in etree.tostring(xsd).decode()
    assert "<html" in print_html(form, "en", BuildContext(project.organisation))


def test_a_nul_byte_in_the_definitions_path_is_a_diagnostic(tmp_path: Path) -> None:
    write(tmp_path, "formc.yaml", 'formc: 1\ndefinitions: "forms\\0evil"\n')
    result = CliRunner().invoke(cli, ["check", str(tmp_path)])
    assert result.exit_code == 1 and result.exception is None or isinstance(result.exception, SystemExit)
    assert "formc.yaml:2:14: error[FC052]" in result.output


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JAVASCRIPT:alert(1)", "data:text/html,<script>",
                                 "vbscript:x", "https://", "https://exa mple.no", "//example.no/x"])
@pytest.mark.parametrize("where", ["organisation", "authority", "contact", "legal_basis"])
def test_only_web_addresses_are_accepted_in_url_fields(tmp_path: Path, url: str, where: str) -> None:
    quoted = json.dumps(url)
    service = {"authority": f"service:\n  authority: {{name: Office, url: {quoted}}}\n",
               "contact": f"service:\n  contact: {{url: {quoted}}}\n",
               "legal_basis": f"service:\n  legal_basis: [{{title: Law, url: {quoted}}}]\n"}.get(where, "")
    if where == "organisation":
        write(tmp_path, "formc.yaml", f"formc: 1\norganisation: {{name: Office, url: {quoted}}}\n")
    write(tmp_path, "f.yaml", FORM.format(id="f", fields="      - {id: a, type: text, label: A}\n") + service)
    project = check_project(tmp_path)
    assert [d.code for d in project.diagnostics] == ["FC100"], project.diagnostics
    assert "https://" in project.diagnostics[0].message and not project.forms


def _url_properties(node, name: str = "") -> list[tuple[str, dict]]:
    """Every property of the language schema that holds a link: named `url`/`*_url`, or described as "The URL ..."."""
    found = []
    if isinstance(node, dict):
        if name and node.get("type") == "string" and (name == "url" or name.endswith("_url") or node.get("description", "").startswith("The URL")):
            found.append((name, node))
        for key, value in node.items():
            if key == "properties" and isinstance(value, dict):
                for prop, sub in value.items():
                    found += _url_properties(sub, prop)
            elif isinstance(value, (dict, list)):
                found += _url_properties(value)
    elif isinstance(node, list):
        for value in node:
            found += _url_properties(value)
    return found


def test_every_url_property_of_the_language_accepts_only_web_addresses() -> None:
    properties = _url_properties(language_schema())
    assert {name for name, _ in properties} >= {"url", "base_url", "privacy", "accessibility"}
    for name, node in properties:
        pattern = python_pattern(node["pattern"])
        assert re.search(pattern, "https://www.example.kommune.no/skjema/"), name
        for bad in ("javascript:alert(1)", "data:text/html,x", "https://exa mple.no/", "https://example.no/\n", "file:///etc/passwd"):
            assert not re.search(pattern, bad), (name, bad)


def _patterns(node) -> list[str]:
    if isinstance(node, dict):
        return [v for k, v in node.items() if k == "pattern" and isinstance(v, str)] + [
            p for v in node.values() for p in _patterns(v)]
    if isinstance(node, list):
        return [p for v in node for p in _patterns(v)]
    return []


PATTERNS = sorted(set(_patterns(language_schema())))


def test_language_schema_patterns_use_no_dialect_dependent_classes() -> None:
    # \d, \s and \w mean different things in Python and ECMA-262 (the dialect editors use)
    assert PATTERNS and not [p for p in PATTERNS if re.search(r"\\[dDsSwW]", p)]


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_no_language_schema_pattern_accepts_a_trailing_newline_in_python(data) -> None:
    pattern = python_pattern(data.draw(st.sampled_from(PATTERNS)))
    value = data.draw(st.from_regex(pattern, fullmatch=True))
    assert re.search(pattern, value)
    assert not re.search(pattern, value + "\n")


def test_submission_ids_with_a_newline_are_refused(tmp_path: Path) -> None:
    sample = Path(__file__).parent / "projects" / "sample"
    data = write(tmp_path, "data.json", json.dumps({"name": "Kari", "has_children": False}))
    result = CliRunner().invoke(cli, ["render", "sample", str(data), "--project", str(sample), "-o",
                                      str(tmp_path / "out.pdf"), "--submission-id", "abc\n"])
    assert result.exit_code == 2 and "is not a usable id" in result.output


def test_a_fifo_among_the_definitions_is_refused_without_blocking(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.yaml")  # reading it would wait for a writer forever
    write(tmp_path, "f.yaml", FORM.format(id="f", fields="      - {id: a, type: text, label: A}\n"))
    project = check_project(tmp_path)
    assert [(d.code, d.span.path.endswith("pipe.yaml"), d.span.line) for d in project.diagnostics] == [("FC009", True, 1)]


def test_a_dangling_symlink_and_a_symlink_loop_among_the_definitions_fail_a_build_with_fc009(tmp_path: Path) -> None:
    """Before it reads anything a build looks at each definition's size and time: a link that leads nowhere
    is reported where it is, as `formc check` does, not as an error writing the output."""
    write(tmp_path, "f.yaml", FORM.format(id="f", fields="      - {id: a, type: text, label: A}\n"))
    (tmp_path / "dangling.yaml").symlink_to(tmp_path / "gone.yaml")
    (tmp_path / "loop.yaml").symlink_to(tmp_path / "loop.yaml")
    result = build(tmp_path, "jsonschema")
    assert result.exit_code == 1, result.output
    assert "dangling.yaml:1:1: error[FC009]: cannot read the file: No such file or directory" in result.output
    assert "loop.yaml:1:1: error[FC009]: cannot read the file: Too many levels of symbolic links" in result.output
    assert "cannot write the output" not in result.output and "Traceback" not in result.output
    assert not (tmp_path / "out" / "jsonschema").exists()
    (tmp_path / "dangling.yaml").unlink()
    (tmp_path / "loop.yaml").unlink()
    assert build(tmp_path, "jsonschema").exit_code == 0


def test_a_definition_whose_name_is_not_utf8_is_fc006_in_check_and_build(tmp_path: Path) -> None:
    """A file copied from an old share keeps a Latin-1 name: reported where it is, with what to do, never a
    traceback (the build fingerprints every definition's path before it loads one)."""
    name = os.fsdecode(b"s\xf8knad.yaml")  # "søknad" in Latin-1
    write(tmp_path, name, FORM.format(id="f", fields="      - {id: a, type: text, label: A}\n"))
    expected = "s\\udcf8knad.yaml:1:1: error[FC006]: the file's name is not valid UTF-8 (byte 0xf8)"
    assert [(d.code, d.message) for d in check_project(tmp_path).diagnostics] == [
        ("FC006", "the file's name is not valid UTF-8 (byte 0xf8)")]
    result = build(tmp_path, "jsonschema")
    assert result.exit_code == 1 and expected in result.output, result.output
    assert "rename it (or its folder in the definitions folder) with a name in UTF-8" in result.output
    assert "Traceback" not in result.output
    (tmp_path / name).rename(tmp_path / "søknad.yaml")
    assert build(tmp_path, "jsonschema").exit_code == 0


def test_a_project_in_a_folder_whose_path_is_not_utf8_checks_but_does_not_build(tmp_path: Path) -> None:
    """The build records the definitions' paths in its manifest, which cannot hold such a name: it says so at
    the start; `formc check`, which records nothing, checks the project as it always did."""
    project = tmp_path / os.fsdecode(b"kommune-\xe6")
    write(project, "f.yaml", FORM.format(id="f", fields="      - {id: a, type: text, label: A}\n"))
    assert check_project(project).diagnostics == [] and check_project(project).forms
    result = build(project, "jsonschema")
    assert result.exit_code == 1 and "Traceback" not in result.output, result.output
    assert "error[FC006]: the path of the definitions folder is not valid UTF-8 (byte 0xe6)" in result.output


def test_an_output_folder_whose_path_is_not_utf8_is_built_and_then_up_to_date(tmp_path: Path) -> None:
    write(tmp_path, "f.yaml", FORM.format(id="f", fields="      - {id: a, type: text, label: A}\n"))
    write(tmp_path, "formc.yaml", "formc: 1\norganisation: {name: Testvik kommune}\n")
    out = tmp_path / os.fsdecode(b"ut-\xe6")
    args = [sys.executable, "-m", "formc", "build", str(tmp_path), "-o", str(out), "--target", "jsonschema",
            "--target", "html"]  # a real process: its output names the folder in the bytes it has
    first = subprocess.run(args, capture_output=True, timeout=120)
    assert first.returncode == 0 and (out / "jsonschema" / "f.schema.json").is_file(), first.stderr
    second = subprocess.run(args, capture_output=True, timeout=120)
    assert second.returncode == 0 and second.stdout.startswith(b"up to date: ") and b"ut-\xe6" in second.stdout


def test_a_number_no_json_reader_holds_is_refused_in_expressions(tmp_path: Path) -> None:
    for literal in (str(2**53), "9" * 5000, "1" + "0" * 400 + ".5"):
        fields = f"      - {{id: n, type: decimal, label: N}}\n      - {{id: t, type: text, label: T, visible_if: n == {literal}}}\n"
        write(tmp_path, "f.yaml", FORM.format(id="f", fields=fields))
        assert [d.code for d in check_project(tmp_path).diagnostics] == ["FC400"], literal
    write(tmp_path, "f.yaml", FORM.format(id="f", fields=fields.replace("1" + "0" * 400 + ".5", str(2**53 - 1))))
    assert check_project(tmp_path).forms
