"""An employee who registers a submission for a citizen (counter, phone, letter, e-mail) is named in what is
archived: the record's ``opprettetAv`` (Noark M601), the paper-original note's ``merknadRegistrertAv`` (M612),
manifest.json, and a line of the receipt PDF the citizen and the archive get. A web submission names no one.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from formc.cli import cli

from test_archive_command import DATA

NS = {"am": "https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/arkivmelding/opprett/v1",
      "md": "https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/metadatakatalog/v1"}
EMPLOYEE = "Kari Saksbehandler"


def _archive(alltypes_dir: Path, tmp_path: Path, *args: str):
    source = tmp_path / "data.json"
    source.write_text(json.dumps(DATA), encoding="utf-8")
    out = tmp_path / "pkg"
    result = CliRunner().invoke(cli, ["archive", "permit", str(source), "--project", str(alltypes_dir), "-o", str(out),
                                      "--received", "2026-06-15T09:30:00+02:00", "--submission-id", "sub-7", *args])
    return result, out


@pytest.mark.parametrize("channel, paper", [("counter", True), ("phone", False)])
def test_the_employee_is_in_the_record_and_the_manifest(alltypes_dir, tmp_path, fake_receipt, arkivmelding_schema,
                                                         channel, paper) -> None:
    result, out = _archive(alltypes_dir, tmp_path, "--channel", channel, "--registered-by", EMPLOYEE)
    assert result.exit_code == 0, result.output
    root = etree.parse(str(out / "arkivmelding.xml"))
    arkivmelding_schema.assertValid(root)
    post = root.find("am:registrering", NS)
    assert post.findtext("am:opprettetAv", namespaces=NS) == EMPLOYEE
    note = post.find("am:merknad", NS)
    if paper:  # the note of the paper original says who registered it
        assert note.findtext("am:merknadRegistrertAv", namespaces=NS) == EMPLOYEE
    else:
        assert note is None
    assert json.loads((out / "manifest.json").read_text(encoding="utf-8"))["registered_by"] == EMPLOYEE


def test_a_web_submission_names_no_employee(alltypes_dir, tmp_path, fake_receipt, arkivmelding_schema) -> None:
    result, out = _archive(alltypes_dir, tmp_path)
    assert result.exit_code == 0, result.output
    root = etree.parse(str(out / "arkivmelding.xml"))
    assert root.find(".//am:opprettetAv", NS) is None and root.find(".//am:merknadRegistrertAv", NS) is None
    assert "registered_by" not in json.loads((out / "manifest.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("args, wrong", [
    (["--registered-by", EMPLOYEE], "a web submission is the citizen's own"),
    (["--channel", "counter", "--registered-by", "   "], "is not a usable name"),
    (["--channel", "counter", "--registered-by", "kari\x1b[2J"], "is not a usable name"),
    (["--channel", "counter", "--registered-by", "k" * 201], "is not a usable name"),
])
def test_an_unusable_employee_is_refused_and_nothing_written(alltypes_dir, tmp_path, fake_receipt, args, wrong) -> None:
    result, out = _archive(alltypes_dir, tmp_path, *args)
    assert result.exit_code == 2 and wrong in result.output and "help:" in result.output
    assert not out.exists()


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler's pdftotext is not installed")
def test_the_receipt_pdf_names_the_employee(alltypes_dir, tmp_path) -> None:
    pdf = tmp_path / "receipt.pdf"
    source = tmp_path / "data.json"
    source.write_text(json.dumps(DATA), encoding="utf-8")
    result = CliRunner().invoke(cli, ["render", "permit", str(source), "--project", str(alltypes_dir), "-o", str(pdf),
                                      "--lang", "nb", "--channel", "counter", "--registered-by", EMPLOYEE,
                                      "--received", "2026-06-15T09:30:00+02:00", "--submission-id", "sub-7"])
    assert result.exit_code == 0, result.output
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    line = next(line for line in text.splitlines() if "Registrert av" in line)
    assert EMPLOYEE in line
    channel = next(line for line in text.splitlines() if "Kanal" in line)
    assert "I servicetorget" in channel
