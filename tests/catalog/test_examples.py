"""The examples/ projects build, their READMEs' commands run as written, and the strict-CSP embed works in Chromium."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"
TARGET_FOLDERS = ("jsonschema", "html", "noark", "print", "catalog")


@pytest.fixture
def formc_on_path(tmp_path: Path) -> dict[str, str]:
    """An environment whose PATH has a `formc` that runs this checkout's formc with this Python."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    shim = bin_dir / "formc"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m formc "$@"\n')
    shim.chmod(0o755)
    return {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
            "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}


def copy_example(name: str, tmp_path: Path) -> Path:
    target = tmp_path / name
    shutil.copytree(EXAMPLES / name, target, ignore=shutil.ignore_patterns("build", "package", "__pycache__"))
    return target


def readme_commands(folder: Path, skip: str | None = None) -> list[str]:
    """Every line of the README's ```sh blocks, minus `cd examples/...` and comments (and lines containing ``skip``)."""
    lines = []
    for block in re.findall(r"```sh\n(.*?)```", (folder / "README.md").read_text(encoding="utf-8"), re.S):
        for line in block.splitlines():
            command = line.split("  #")[0].strip()
            if command and not command.startswith(("#", "cd examples/")) and not (skip and skip in command):
                lines.append(command)
    assert lines, f"{folder.name}/README.md has no commands"
    return lines


def run_commands(commands: list[str], cwd: Path, env: dict[str, str]) -> None:
    for command in commands:
        result = subprocess.run(["bash", "-euo", "pipefail", "-c", command], cwd=cwd, env=env,
                                capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, f"`{command}` failed in {cwd}:\n{result.stdout}\n{result.stderr}"


def test_every_example_has_a_project_and_a_readme() -> None:
    names = sorted(p.name for p in EXAMPLES.iterdir() if p.is_dir())
    assert names == ["archivist", "ci", "embed-strict-csp", "minimal"]
    for name in names:
        assert (EXAMPLES / name / "formc.yaml").is_file() and (EXAMPLES / name / "README.md").is_file()


def test_minimal_readme_runs_and_builds_every_target(tmp_path: Path, formc_on_path: dict[str, str]) -> None:
    folder = copy_example("minimal", tmp_path)
    import formc

    project = formc.load(folder)
    assert [f.languages for f in project.forms.values()] == [("en",)]
    run_commands(readme_commands(folder), folder, formc_on_path)
    for target in TARGET_FOLDERS:
        assert any((folder / "build" / target).iterdir()), target
    assert (folder / "build" / "catalog" / "callback-request.en.html").is_file()


def test_ci_workflow_and_hooks(tmp_path: Path, formc_on_path: dict[str, str]) -> None:
    folder = copy_example("ci", tmp_path)
    workflow = yaml.safe_load((folder / ".github" / "workflows" / "forms.yml").read_text(encoding="utf-8"))
    runs = [step["run"] for job in workflow["jobs"].values() for step in job["steps"] if "run" in step]
    formc_runs = [run for run in runs if run.startswith("formc ")]
    assert [run.split()[1] for run in formc_runs] == ["check", "build"]
    run_commands(formc_runs + readme_commands(folder), folder, formc_on_path)
    assert (folder / "build" / "catalog" / "dog-registration.nn.html").is_file()

    provided = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    [hook] = [h for h in provided if h["id"] == "formc-check"]
    assert (hook["entry"], hook["language"], hook["pass_filenames"]) == ("formc check", "python", False)
    config = yaml.safe_load((folder / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    [local] = [h for repo in config["repos"] for h in repo["hooks"] if h["id"] == "formc-check"]
    assert local["entry"] == hook["entry"] and local["pass_filenames"] is False
    run_commands([local["entry"]], folder, formc_on_path)
    form = folder / "forms" / "dog-registration.yaml"
    form.write_text(form.read_text(encoding="utf-8").replace("nn: Namnet til hunden, ", ""), encoding="utf-8")
    broken = subprocess.run(["bash", "-c", local["entry"]], cwd=folder, env=formc_on_path, capture_output=True, text=True)
    assert broken.returncode == 1 and "missing translation for `nn`" in broken.stdout + broken.stderr


def test_archivist_walk_through(tmp_path: Path, formc_on_path: dict[str, str], standards: Path) -> None:
    from lxml import etree

    folder = copy_example("archivist", tmp_path)
    run_commands(readme_commands(folder), folder, formc_on_path)
    noark = folder / "build" / "noark"
    assert {p.name for p in noark.iterdir()} >= {"companion-card.noark.xml", "companion-card.data.xsd"}
    package = folder / "package"
    manifest = json.loads((package / "manifest.json").read_text(encoding="utf-8"))
    assert {f["name"] for f in manifest["files"]} == {"arkivmelding.xml", "form.pdf", "data.json", "data.xml"}
    for entry in manifest["files"]:
        assert hashlib.sha256((package / entry["name"]).read_bytes()).hexdigest() == entry["sha256"]
    schema = etree.XMLSchema(etree.parse(str(
        standards / "fiks-arkiv" / "V1" / "no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett.xsd")))
    message = etree.parse(str(package / "arkivmelding.xml"))
    assert schema.validate(message), schema.error_log
    texts = [t for t in message.getroot().itertext()]
    assert "Søknad om ledsagerbevis – Kari Nordmann" in texts and "Søknad om ledsagerbevis – ****** ******" in texts
    data_schema = etree.XMLSchema(etree.parse(str(noark / "companion-card.data.xsd")))
    assert data_schema.validate(etree.parse(str(package / "data.xml"))), data_schema.error_log


@pytest.mark.browser
def test_embed_under_strict_csp(tmp_path: Path, formc_on_path: dict[str, str], chromium) -> None:
    folder = copy_example("embed-strict-csp", tmp_path)
    run_commands(readme_commands(folder, skip="server.py"), folder, formc_on_path)
    server = subprocess.Popen([sys.executable, str(folder / "server.py"), "--port", "0", "--build", str(folder / "build")],
                              cwd=folder, env=formc_on_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = server.stdout.readline()
        match = re.match(r"serving on (http://127\.0\.0\.1:\d+/)", line)
        assert match, line + server.stderr.read() if server.poll() is not None else line
        url = match.group(1)
        context = chromium.new_context()
        page = context.new_page()
        console: list[str] = []
        page.on("console", lambda message: console.append(f"{message.type}: {message.text}"))
        page.on("pageerror", lambda error: console.append(f"pageerror: {error}"))
        response = page.goto(url)
        assert response.headers["content-security-policy"] == "default-src 'self'"
        page.wait_for_selector("form.formc-js")  # formc.js ran: it is not blocked by the policy
        page.click("button[type=submit]")
        assert page.is_visible(".formc-error-summary")  # the browser checks before sending
        assert page.url == url
        page.check("#feedback--kind-2")
        page.fill("#feedback--message", "Flere benker i parken, takk.")
        page.check("#feedback--wants_answer")
        page.fill("#feedback--email", "kari@example.org")
        with page.expect_navigation():
            page.click("button[type=submit]")
        assert page.text_content("p.received") == "Thank you."
        assert json.loads(page.text_content("pre")) == {
            "kind": "idea", "message": "Flere benker i parken, takk.", "wants_answer": True, "email": "kari@example.org"}
        context.close()
        violations = [m for m in console if "Content Security Policy" in m or "Refused to" in m]
        assert violations == [] and not [m for m in console if m.startswith(("error", "pageerror"))], console
    finally:
        server.terminate()
        server.wait(timeout=10)
        server.stdout.close()
        server.stderr.close()


def test_embed_server_rejects_invalid_posts(tmp_path: Path, formc_on_path: dict[str, str]) -> None:
    """Without a browser: the server decodes and validates what is posted, and says what is wrong."""
    import urllib.error
    import urllib.request

    folder = copy_example("embed-strict-csp", tmp_path)
    run_commands(readme_commands(folder, skip="server.py"), folder, formc_on_path)
    server = subprocess.Popen([sys.executable, str(folder / "server.py"), "--port", "0", "--build", str(folder / "build"),
                               "--lang", "en"], cwd=folder, env=formc_on_path, stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, text=True)
    try:
        url = re.match(r"serving on (\S+)", server.stdout.readline()).group(1)
        with pytest.raises(urllib.error.HTTPError) as caught:
            urllib.request.urlopen(url, data=b"kind=praise&wants_answer=true")
        assert caught.value.code == 422
        body = caught.value.read().decode("utf-8")
        assert "Your feedback" in body and "Email address" in body
        assert caught.value.headers["Content-Security-Policy"] == "default-src 'self'"
    finally:
        server.terminate()
        server.wait(timeout=10)
        server.stdout.close()
