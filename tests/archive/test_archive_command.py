"""``formc archive``: the package (checksums, schema-valid arkivmelding), refusals, and no partial package ever."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from formc import from_xml
from formc.cli import cli

DATA = {"applicant": {"first_name": "Kari", "last_name": "Nordmann", "national_id": "15076500565",
                      "address": {"street": "Storgata 1", "postal_code": "0155", "city": "Oslo"},
                      "email": "kari@example.no"},
        "plate": "AB1234", "resident": True, "since": "2010-05-01", "zone": "b", "days": ["mon", "wed"],
        "children": [{"name": "Ola", "born": "2015-01-01"}], "consent": True}


def _run(alltypes_dir: Path, tmp_path: Path, data: object, *args: str, raw: bytes | None = None):
    source = tmp_path / "data.json"
    source.write_bytes(raw if raw is not None else json.dumps(data).encode())
    return CliRunner().invoke(cli, ["archive", "permit", str(source), "--project", str(alltypes_dir), *args])


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_package(alltypes_dir, tmp_path, permit, fake_receipt, arkivmelding_schema) -> None:
    out = tmp_path / "pkg"
    result = _run(alltypes_dir, tmp_path, DATA, "-o", str(out), "--channel", "letter",
                  "--received", "2026-06-15T09:30:00+02:00", "--submission-id", "sub-42", "--lang", "en")
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in out.iterdir())
    assert names == ["arkivmelding.xml", "data.json", "data.xml", "form.pdf", "manifest.json"]
    manifest = json.loads((out / "manifest.json").read_text())
    assert (manifest["channel"], manifest["received"], manifest["submission_id"], manifest["language"]) == (
        "letter", "2026-06-15T09:30:00+02:00", "sub-42", "en")
    assert [f["name"] for f in manifest["files"]] == [n for n in names if n != "manifest.json"]
    for entry in manifest["files"]:
        body = (out / entry["name"]).read_bytes()
        assert entry["sha256"] == hashlib.sha256(body).hexdigest() and entry["size"] == len(body)
    assert (out / "form.pdf").read_bytes() == fake_receipt
    assert json.loads((out / "data.json").read_text()) == DATA
    assert from_xml(permit, (out / "data.xml").read_bytes()) == DATA
    root = etree.parse(str(out / "arkivmelding.xml"))
    arkivmelding_schema.assertValid(root)
    ns = {"am": "https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/arkivmelding/opprett/v1",
          "md": "https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/metadatakatalog/v1"}
    assert root.findtext("am:registrering/am:referanseEksternNoekkel/md:noekkel", namespaces=ns) == "sub-42"
    assert root.findtext("am:registrering/am:mappe", namespaces=ns) is None
    # archive titles in the archive language (the form's first), whatever the submitter's language
    assert root.findtext("am:mappe/am:tittel", namespaces=ns) == "Løyve – Kari Nordmann"


def test_defaults_are_recorded(alltypes_dir, tmp_path, fake_receipt) -> None:
    out = tmp_path / "pkg"
    result = _run(alltypes_dir, tmp_path, DATA, "-o", str(out))
    assert result.exit_code == 0, result.output
    manifest = json.loads((out / "manifest.json").read_text())
    import datetime
    import uuid

    import zoneinfo

    received = datetime.datetime.fromisoformat(manifest["received"])  # now, in the project's time zone
    assert received.utcoffset() == received.astimezone(zoneinfo.ZoneInfo("Europe/Oslo")).utcoffset()
    assert received.microsecond == 0
    assert uuid.UUID(manifest["submission_id"]).version == 4
    assert manifest["channel"] == "web" and manifest["language"] == "nb"


def test_invalid_data_is_refused(alltypes_dir, tmp_path, fake_receipt) -> None:
    out = tmp_path / "pkg"
    result = _run(alltypes_dir, tmp_path, dict(DATA, zone="c"), "-o", str(out))
    assert result.exit_code == 1
    assert "/zone" in result.output
    assert not out.exists() and _leftovers(tmp_path) == []


@pytest.mark.parametrize("case", ["unknown form", "bad json", "under a file", "not empty", "bad received", "bad lang"])
def test_bad_input_exits_2_and_writes_nothing(alltypes_dir, tmp_path, fake_receipt, case) -> None:
    out = tmp_path / "pkg"
    args = ["-o", str(out)]
    raw = None
    if case == "unknown form":
        source = tmp_path / "data.json"
        source.write_text(json.dumps(DATA))
        result = CliRunner().invoke(cli, ["archive", "permitt", str(source), "--project", str(alltypes_dir), *args])
    else:
        if case == "bad json":
            raw = b"{not json"
        elif case == "under a file":
            (tmp_path / "afile").write_text("x")
            out = tmp_path / "afile" / "sub"
            args = ["-o", str(out)]
        elif case == "not empty":
            out.mkdir()
            (out / "keep.txt").write_text("mine")
        elif case == "bad received":
            args += ["--received", "yesterday"]
        elif case == "bad lang":
            args += ["--lang", "sv"]
        result = _run(alltypes_dir, tmp_path, DATA, *args, raw=raw)
    assert result.exit_code == 2, result.output
    assert "error:" in result.output and "Traceback" not in result.output
    if case == "not empty":
        assert sorted(p.name for p in out.iterdir()) == ["keep.txt"]
    else:
        assert not out.exists()
    assert _leftovers(tmp_path) == []


def test_force_replaces_only_a_package_formc_wrote(alltypes_dir, tmp_path, fake_receipt) -> None:
    out = tmp_path / "pkg"
    out.mkdir()
    assert _run(alltypes_dir, tmp_path, DATA, "-o", str(out), "--submission-id", "first").exit_code == 0
    assert _run(alltypes_dir, tmp_path, DATA, "-o", str(out)).exit_code == 2  # not empty, no --force
    result = _run(alltypes_dir, tmp_path, DATA, "-o", str(out), "--force", "--submission-id", "second")
    assert result.exit_code == 0, result.output
    assert json.loads((out / "manifest.json").read_text())["submission_id"] == "second"
    assert _leftovers(tmp_path) == []
    (out / "notes.txt").write_text("mine")  # a package with a file formc did not write is not formc's any more
    result = _run(alltypes_dir, tmp_path, DATA, "-o", str(out), "--force")
    assert result.exit_code == 2 and "holds files that are not part of its package (notes.txt)" in result.output
    assert (out / "notes.txt").read_text() == "mine"
    assert json.loads((out / "manifest.json").read_text())["submission_id"] == "second"


@pytest.mark.parametrize("content", [
    {"report.docx": b"the user's own work"},
    {"manifest.json": b'{"files": []}', "x.txt": b"someone else's manifest"},
    {"sub/deep.txt": b"a folder"},
])
def test_force_never_deletes_a_folder_formc_did_not_write(alltypes_dir, tmp_path, fake_receipt, content,
                                                          monkeypatch) -> None:
    mine = tmp_path / "mine"
    for name, body in content.items():
        (mine / name).parent.mkdir(parents=True, exist_ok=True)
        (mine / name).write_bytes(body)
    monkeypatch.chdir(mine)
    for target in (str(mine), "."):
        result = _run(alltypes_dir, tmp_path, DATA, "-o", target, "--force")
        assert result.exit_code == 2, result.output
        assert "not an archive package formc wrote" in result.output or "not part of its package" in result.output
        assert "Traceback" not in result.output
    assert {p.relative_to(mine).as_posix(): p.read_bytes() for p in mine.rglob("*") if p.is_file()} == content
    assert _leftovers(tmp_path) == []


def test_empty_folder_is_used(alltypes_dir, tmp_path, fake_receipt) -> None:
    out = tmp_path / "pkg"
    out.mkdir()
    assert _run(alltypes_dir, tmp_path, DATA, "-o", str(out)).exit_code == 0
    assert (out / "arkivmelding.xml").is_file() and _leftovers(tmp_path) == []


def test_real_receipt_is_tagged_pdfa_2a(alltypes_dir, tmp_path) -> None:
    from pypdf import PdfReader

    out = tmp_path / "pkg"
    result = _run(alltypes_dir, tmp_path, DATA, "-o", str(out), "--received", "2026-06-15T09:30:00+02:00")
    assert result.exit_code == 0, result.output
    xmp = PdfReader(str(out / "form.pdf")).xmp_metadata
    assert xmp is not None
    import re

    text = xmp.stream.get_data().decode()
    part = re.search(r"pdfaid:part(?:>|=\")(\d)", text)
    conformance = re.search(r"pdfaid:conformance(?:>|=\")([ABU])", text)
    assert part and conformance and (part.group(1), conformance.group(1)) == ("2", "A")  # fmt/476, tagged


def test_uploaded_files_come_from_the_files_folder_and_are_checked(alltypes_dir, tmp_path, fake_receipt,
                                                                   arkivmelding_schema) -> None:
    content = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    uploads = tmp_path / "uploads"
    uploads.mkdir()
    (uploads / "vedtak.pdf").write_bytes(content)
    data = {**DATA, "attachments": [{"filename": "vedtak.pdf", "media_type": "application/pdf", "size": len(content),
                                     "sha256": hashlib.sha256(content).hexdigest()}]}
    out = tmp_path / "pkg"
    result = _run(alltypes_dir, tmp_path, data, "-o", str(out), "--files", str(uploads), "--submission-id", "s-1")
    assert result.exit_code == 0, result.output
    assert (out / "vedlegg-01-vedtak.pdf").read_bytes() == content
    manifest = json.loads((out / "manifest.json").read_text())
    assert "vedlegg-01-vedtak.pdf" in [f["name"] for f in manifest["files"]]
    arkivmelding_schema.assertValid(etree.parse(str(out / "arkivmelding.xml")))
    # a changed file refuses the package, says which and why, and writes nothing
    (uploads / "vedtak.pdf").write_bytes(content + b"changed")
    refused = tmp_path / "refused"
    result = _run(alltypes_dir, tmp_path, data, "-o", str(refused), "--files", str(uploads))
    assert result.exit_code == 1
    assert "/attachments/0: `vedtak.pdf` has sha256" in result.output and "--files" in result.output
    assert not refused.exists() and _leftovers(tmp_path) == []
    # no folder at all: the recorded file is missing
    result = _run(alltypes_dir, tmp_path, data, "-o", str(refused))
    assert result.exit_code == 1 and "was not given" in result.output and not refused.exists()
