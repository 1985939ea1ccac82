"""What the common commands import: `formc --help` and `formc validate` start in a fraction of a second
because they load only what they use (see benchmarks/startup.py for the figures). Checked by module
names in a fresh interpreter, not by timing."""

from __future__ import annotations

import importlib
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import click
import pytest

from formc.cli import COMMANDS, cli

HERE = Path(__file__).parent
SAMPLE = HERE / "projects" / "sample"
ROOT = HERE.parent.parent

# heavy libraries that only some verbs and targets need (PDF, XML, templates, the server, the store, RDF, ...)
HEAVY = ("lxml", "jinja2", "weasyprint", "sqlalchemy", "alembic", "starlette", "uvicorn", "httpx", "jsonschema",
         "rdflib", "xlsxwriter", "holidays", "matplotlib", "segno", "watchfiles", "psycopg", "argon2", "fontTools")

_RUN = """
import json, sys
from formc.cli import cli
code = cli.main(args=sys.argv[1:], prog_name="formc", standalone_mode=False)
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""


def imported_by(*args: str, cwd: Path = ROOT) -> tuple[str, set[str]]:
    """What `formc ARGS` prints and every module it imported, run in a fresh interpreter."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-c", _RUN, *args], capture_output=True, text=True, cwd=cwd, env=env,
                            timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    output, _, last = result.stdout.rstrip("\n").rpartition("\n")
    return output, set(json.loads(last)["modules"])


def heavy_in(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if m.split(".")[0] in HEAVY)


def pyyaml_unless_needed(modules: set[str]) -> bool:
    """Whether PyYAML was imported although the compiled loader parsed every (clean) file."""
    return "yaml" in modules and importlib.util.find_spec("formc._fastload") is not None


def test_help_imports_no_verb_and_no_heavy_library() -> None:
    output, modules = imported_by("--help")
    assert "validate     Validate DATA (a JSON file) as a submission of FORM" in output
    assert not [m for m in modules if m.startswith("formc.commands")]
    assert not heavy_in(modules) and "yaml" not in modules and "formc.project" not in modules


def test_validate_imports_only_the_core(tmp_path: Path) -> None:
    good = tmp_path / "good.json"
    good.write_text(json.dumps({"name": "Kari", "has_children": False}))
    output, modules = imported_by("validate", "sample", str(good), "--project", str(SAMPLE))
    assert output == f"valid: {good} is a complete submission of sample 1.0.0"
    assert "formc.validator" in modules
    assert heavy_in(modules) == [] and not pyyaml_unless_needed(modules)
    assert not [m for m in modules if m.startswith(("formc.targets", "formc.runtime", "formc.server"))]


def test_check_imports_only_the_core() -> None:
    _, modules = imported_by("check", str(SAMPLE))
    assert "formc.checker" in modules
    assert heavy_in(modules) == [] and not pyyaml_unless_needed(modules)


def test_json_schema_build_imports_only_the_core(tmp_path: Path) -> None:
    output, modules = imported_by("build", str(SAMPLE), "-o", str(tmp_path), "--target", "jsonschema")
    assert (tmp_path / "jsonschema" / "sample.schema.json").is_file(), output
    assert heavy_in(modules) == [] and not pyyaml_unless_needed(modules)


def test_noark_build_imports_no_xml_library_for_a_form_without_patterns(tmp_path: Path) -> None:
    """The noark target writes its XML as text: the titles and the data XSD need neither lxml nor the arkivmelding."""
    output, modules = imported_by("build", str(SAMPLE), "-o", str(tmp_path), "--target", "noark")
    assert (tmp_path / "noark" / "sample.data.xsd").is_file(), output
    assert "formc.targets.noark" in modules and "formc.data_xsd" in modules
    assert not [m for m in modules if m.split(".")[0] == "lxml" or m == "formc.runtime.arkivmelding"]


@pytest.mark.parametrize("width", [60, 80, 120])
def test_help_is_what_click_writes_from_the_commands_themselves(width: int) -> None:
    """The verbs' summaries in `formc --help` come from formc.cli.COMMANDS; they must be the commands' own."""
    real = {name: importlib.import_module(module).command for name, (module, _) in COMMANDS.items()}
    plain = click.Group("formc", commands=real, params=cli.params, help=cli.help,
                        context_settings=cli.context_settings)
    settings = {"info_name": "formc", "max_content_width": width, "terminal_width": width, **cli.context_settings}
    with click.Context(cli, **settings) as lazy_ctx:
        lazy = cli.get_help(lazy_ctx)
    with click.Context(plain, **settings) as plain_ctx:
        assert lazy == plain.get_help(plain_ctx)
    assert "-h, --help" in lazy
    for name, (_, summary) in COMMANDS.items():
        assert summary == real[name].get_short_help_str(10_000), name
