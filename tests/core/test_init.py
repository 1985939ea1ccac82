"""``formc init`` and ``formc new``: a project from scratch that builds, with the organisation on its pages."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from formc.cli import cli
from formc.commands import init


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(cli, list(args), input=input)


def test_init_new_build_shows_the_organisation(tmp_path: Path) -> None:
    project = tmp_path / "p"
    result = run("init", str(project), "--organisation", "Ávjovárgi gielda: \"#1\"", "--org-number", "964 965 226",
                 "--lang", "se", "--lang", "nb")
    assert result.exit_code == 0, result.output
    settings = yaml.safe_load((project / "formc.yaml").read_text(encoding="utf-8"))
    assert settings["organisation"] == {"name": {"se": "Ávjovárgi gielda: \"#1\"", "nb": "Ávjovárgi gielda: \"#1\""},
                                        "org_number": "964965226"}
    assert (settings["definitions"], settings["country"], settings["languages"]) == ("forms", "NO", ["se", "nb"])
    assert (project / "formc.schema.json").is_file() and (project / "forms").is_dir()
    assert run("new", "parking", "--project", str(project)).exit_code == 0
    form = project / "forms" / "parking.yaml"  # definitions: forms is honoured, not forms/forms/
    assert form.is_file() and not (project / "forms" / "forms").exists()
    assert yaml.safe_load(form.read_text(encoding="utf-8"))["languages"] == ["se", "nb"]
    assert form.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=../formc.schema.json")
    built = run("build", str(project), "--target", "html")
    assert built.exit_code == 0, built.output
    page = (project / "build" / "html" / "parking.nb.html").read_text(encoding="utf-8")
    assert "Ávjovárgi gielda: &#34;#1&#34;" in page or "Ávjovárgi gielda: &quot;#1&quot;" in page
    assert "The municipality" not in page


def test_new_honours_a_nested_definitions_folder(tmp_path: Path) -> None:
    (tmp_path / "defs" / "skjema").mkdir(parents=True)
    (tmp_path / "formc.yaml").write_text("formc: 1\ndefinitions: defs/skjema\nlanguages: [nn]\n"
                                         "organisation: {name: Testvik kommune}\n", encoding="utf-8")
    assert run("new", "x", "--project", str(tmp_path)).exit_code == 0
    form = tmp_path / "defs" / "skjema" / "x.yaml"
    assert yaml.safe_load(form.read_text(encoding="utf-8"))["languages"] == ["nn"]
    assert form.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=../../formc.schema.json")
    assert run("check", str(tmp_path)).exit_code == 0


def test_init_asks_at_a_terminal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(init, "_interactive", lambda: True)
    result = run("init", str(tmp_path), input="DK\nTestby Kommune\n29189846\n\n")
    assert result.exit_code == 0, result.output
    settings = yaml.safe_load((tmp_path / "formc.yaml").read_text(encoding="utf-8"))
    assert settings["country"] == "DK" and settings["languages"] == ["da", "en"]
    assert settings["organisation"] == {"name": {"da": "Testby Kommune", "en": "Testby Kommune"}, "org_number": "29189846"}


@pytest.mark.parametrize("args, message", [
    ([], "the organisation's name is required"),
    (["--organisation", "X", "--org-number", "964965227"], "`964965227` is not an organisation number for NO"),
    (["--organisation", "X", "--country", "DK", "--org-number", "964965226"], "is not an organisation number for DK"),
    (["--organisation", "X", "--lang", "Norsk"], "`Norsk` is not a language tag"),
    (["--organisation", "X\x01"], "control character"),
])
def test_init_refuses_bad_settings_and_writes_nothing(tmp_path: Path, args: list[str], message: str) -> None:
    result = run("init", str(tmp_path / "p"), *args)
    assert result.exit_code == 2 and message in result.output and "help:" in result.output
    assert not (tmp_path / "p").exists()


def test_init_never_overwrites_a_project(tmp_path: Path) -> None:
    (tmp_path / "formc.yaml").write_text("formc: 1\n", encoding="utf-8")
    result = run("init", str(tmp_path), "--organisation", "X")
    assert result.exit_code == 2 and "is a formc project already" in result.output
    assert (tmp_path / "formc.yaml").read_text(encoding="utf-8") == "formc: 1\n"


def test_build_without_an_organisation_is_refused_with_help(tmp_path: Path) -> None:
    (tmp_path / "formc.yaml").write_text("formc: 1\ndefinitions: forms\n", encoding="utf-8")
    (tmp_path / "forms").mkdir()
    assert run("new", "x", "--project", str(tmp_path)).exit_code == 0
    result = run("build", str(tmp_path))
    assert result.exit_code == 1
    assert "formc.yaml:1:1: error[FC016]: no organisation in formc.yaml" in result.output
    assert "help: add `organisation:` with `name:`" in result.output and not (tmp_path / "build").exists()


@pytest.mark.parametrize("verb", ["render", "archive"])
def test_receipts_and_packages_without_an_organisation_are_refused(tmp_path: Path, verb: str) -> None:
    assert run("new", "x", "--project", str(tmp_path)).exit_code == 0  # no formc.yaml at all
    data = tmp_path / "data.json"
    data.write_text('{"name": "Kari"}', encoding="utf-8")
    result = run(verb, "x", str(data), "-o", str(tmp_path / "out"), "--project", str(tmp_path))
    assert result.exit_code == 1 and "error[FC016]: no formc.yaml" in result.output
    assert not (tmp_path / "out").exists()
