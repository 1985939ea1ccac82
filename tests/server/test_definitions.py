"""Work on a stored submission uses the form as the citizen answered it, also after the project moved on.

The receipt, the archive package and letters are made by a worker, maybe after the form changed (a new
version deployed while jobs waited, a question dropped): the service stores each form's definition once
(``form_definitions``) and each submission names its digest (formc.snapshots, formc.store.definitions).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import httpx
import pytest
from lxml import etree
from server_support import TOWN, Server, envelope, formc_cli

from formc import load
from formc.server.cases import status_key
from formc.snapshots import SnapshotError, form_of, snapshots
from formc.store import Store, artifacts
from formc.store.tables import form_definitions

API = "/api/parking-permit/submissions"


def _version_two(project: Path) -> None:
    """The parking permit, version 2.0.0: a question renamed, the trailer questions dropped."""
    path = project / "forms" / "parking-permit.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("version: 1.0.0", "version: 2.0.0").replace("en: Number of cars", "en: Vehicles in the household")
    kept = [line for line in text.splitlines() if "id: has_trailer" not in line and "id: trailer_reg" not in line]
    path.write_text("\n".join(kept) + "\n", encoding="utf-8")


def _package(store_url: str, project: Path, reference: str) -> dict[str, bytes]:
    opened = Store(store_url, project)
    try:
        submission = opened.get(reference)
        assert submission is not None
        return {a.name: a.content for a in opened.artifacts(submission.id, "archive")} | {
            a.name: a.content for a in opened.artifacts(submission.id, "receipt")}
    finally:
        opened.close()


def _text(pdf: bytes) -> str:
    return subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()


def _one_submission(tmp_path: Path, secret_env: dict[str, str]) -> tuple[Path, str, str]:
    """A copy of the town project, its SQLite store and the reference of one parking permit submitted through a real
    server (stopped again: its jobs wait)."""
    project = tmp_path / "town"
    shutil.copytree(TOWN, project)
    store = f"sqlite:///{tmp_path / 'intake.db'}"
    server = Server(project, store, env=secret_env, worker=False).start()
    try:
        answered = httpx.post(server.url + API, json=envelope(has_trailer=False))
        assert answered.status_code == 201, answered.text
    finally:
        server.stop()
    return project, store, answered.json()["reference"]


def test_jobs_after_a_new_version_use_the_version_answered(tmp_path: Path, secret_env: dict[str, str]) -> None:
    project, store, first = _one_submission(tmp_path, secret_env)

    _version_two(project)  # deployed while the jobs waited
    ran = formc_cli("worker", str(project), "--store", store, "--until-idle")
    assert ran.returncode == 0, ran.stderr
    files = _package(store, project, first)
    manifest = json.loads(files["manifest.json"])
    assert (manifest["form"], manifest["form_version"]) == ("parking-permit", "1.0.0")
    data = etree.fromstring(files["data.xml"])
    assert [e.text for e in data.iter() if etree.QName(e).localname == "has_trailer"] == ["false"]
    receipt = _text(files["receipt.pdf"])
    assert "Number of cars" in receipt and "Vehicles in the household" not in receipt
    assert "Do you have a trailer?" in receipt

    server = Server(project, store, env=secret_env, worker=False).start()  # the new version takes submissions
    try:
        answered = httpx.post(server.url + API, json={**envelope(), "version": "2.0.0"} | {
            "data": {k: v for k, v in envelope()["data"].items() if k != "has_trailer"}})
        assert answered.status_code == 201, answered.text
    finally:
        server.stop()
    ran = formc_cli("worker", str(project), "--store", store, "--until-idle")
    assert ran.returncode == 0, ran.stderr
    files = _package(store, project, answered.json()["reference"])
    assert json.loads(files["manifest.json"])["form_version"] == "2.0.0"
    assert "Vehicles in the household" in _text(files["receipt.pdf"])

    opened = Store(store, project)
    try:
        with opened.engine.connect() as connection:
            stored = connection.execute(form_definitions.select().where(
                form_definitions.c.form_id == "parking-permit")).all()
    finally:
        opened.close()
    assert sorted(row.form_version for row in stored) == ["1.0.0", "2.0.0"]


def test_the_status_page_of_a_form_the_project_dropped_names_its_service(tmp_path: Path,
                                                                       secret_env: dict[str, str]) -> None:
    """A citizen follows a case whose form left the project (a service closed, its form removed): the status page
    names the service as the form the citizen answered called it, not by the form's id."""
    project, store, reference = _one_submission(tmp_path, secret_env)
    opened = Store(store, project)
    try:
        submission = opened.get(reference, with_content=False)
        assert submission is not None
    finally:
        opened.close()
    key = status_key(secret_env["FORMC_SECRET_KEY"].encode(), submission.id)

    (project / "forms" / "parking-permit.yaml").unlink()
    server = Server(project, store, env=secret_env, worker=False).start()
    try:
        page = httpx.get(server.url + f"/status/{reference}", params={"key": key, "lang": "en"})
        assert httpx.post(server.url + API, json=envelope()).status_code == 404  # the form is gone
    finally:
        server.stop()
    assert page.status_code == 200
    assert "Parking permit application" in page.text and "parking-permit" not in page.text.replace(reference, "")


def test_a_snapshot_holds_the_blocks_and_lists_a_form_uses(tmp_path: Path) -> None:
    project_dir = tmp_path / "project"
    (project_dir / "forms").mkdir(parents=True)
    (project_dir / "formc.yaml").write_text("formc: 1\ndefinitions: forms\norganisation: {name: Testby kommune}\n",
                                            encoding="utf-8")
    (project_dir / "forms" / "contact.yaml").write_text(
        "formc: 1\nkind: block\nid: contact\nfields:\n"
        "  - {id: phone, type: text, label: {nb: Telefon}}\n"
        "  - {id: colour, type: choice, list: colours, label: {nb: Farge}}\n", encoding="utf-8")
    (project_dir / "forms" / "colours.yaml").write_text(
        "formc: 1\nkind: list\nid: colours\noptions:\n  - {value: red, label: {nb: Rød}}\n"
        "  - {value: blue, label: {nb: Blå}}\n", encoding="utf-8")
    (project_dir / "forms" / "other.yaml").write_text(
        "formc: 1\nkind: block\nid: other\nfields:\n  - {id: x, type: text, label: {nb: X}}\n", encoding="utf-8")
    (project_dir / "forms" / "ask.yaml").write_text(
        "formc: 1\nkind: form\nid: ask\nversion: 1.0.0\nlanguages: [nb]\ntitle: {nb: Spør}\n"
        "pages:\n  - id: p\n    fields:\n      - {use: contact}\n", encoding="utf-8")
    project = load(project_dir)
    taken = snapshots(project)["ask"]
    assert sorted(taken.sources) == ["ask.yaml", "colours.yaml", "contact.yaml"]
    (project_dir / "forms" / "colours.yaml").write_text("formc: 1\nkind: list\nid: colours\noptions:\n"
                                                        "  - {value: green, label: {nb: Grønn}}\n", encoding="utf-8")
    rebuilt = form_of(taken.sources, "ask", load(project_dir))  # built from the snapshot, not the files now
    assert rebuilt.validate({"phone": "1", "colour": "red"}) == []
    assert rebuilt.validate({"phone": "1", "colour": "green"}) != []


@pytest.mark.parametrize("name", ["../escape.yaml", "/tmp/abs.yaml", "sub/notyaml.txt"])
def test_a_stored_definition_cannot_write_outside_its_folder(name: str) -> None:
    project = load(TOWN)
    with pytest.raises(SnapshotError):
        form_of({name: "formc: 1\n"}, "parking-permit", project)
