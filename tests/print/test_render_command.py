"""``formc render``: valid data gives a PDF/A receipt written atomically; invalid data is refused with exit 1."""

from __future__ import annotations

import json

import pypdf
from click.testing import CliRunner

from print_support import DATA, SMALL, pdf_text
from formc.cli import cli

ARGS = ["--project", str(SMALL), "--received", "2024-05-02T13:45:00+02:00", "--submission-id", "abc-1"]


def test_valid_data_writes_the_receipt(tmp_path):
    out = tmp_path / "receipt.pdf"
    result = CliRunner().invoke(cli, ["render", "everything", str(DATA / "everything.json"), "-o", str(out),
                                      "--lang", "en", "--channel", "phone", *ARGS])
    assert result.exit_code == 0, result.output
    reader = pypdf.PdfReader(out)
    assert reader.metadata["/FormcSubmissionId"] == "abc-1"
    assert "By phone" in pdf_text(out)
    assert [p.name for p in tmp_path.iterdir()] == ["receipt.pdf"]  # no temporary file left behind
    again = tmp_path / "again.pdf"
    CliRunner().invoke(cli, ["render", "everything", str(DATA / "everything.json"), "-o", str(again),
                             "--lang", "en", "--channel", "phone", *ARGS])
    assert again.read_bytes() == out.read_bytes()


def test_invalid_data_is_refused_and_nothing_written(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"name": 3, "nin": "12345678901"}), encoding="utf-8")
    out = tmp_path / "receipt.pdf"
    result = CliRunner().invoke(cli, ["render", "everything", str(bad), "-o", str(out), *ARGS])
    assert result.exit_code == 1
    assert "/name: «Fullt navn» har feil format. [type]" in result.stderr
    assert "/home: Fyll ut «Adresse». [required]" in result.stderr
    assert "Traceback" not in result.output
    assert not out.exists() and [p.name for p in tmp_path.iterdir()] == ["bad.json"]


def test_usage_errors_exit_2(tmp_path):
    out = tmp_path / "r.pdf"
    data = str(DATA / "everything.json")
    for extra in (["--lang", "fr"], ["--received", "yesterday"], ["--submission-id", "a b"]):
        args = ["render", "everything", data, "-o", str(out), "--project", str(SMALL), *extra]
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 2, (extra, result.output)
        assert "Traceback" not in result.output
    result = CliRunner().invoke(cli, ["render", "nope", data, "-o", str(out), "--project", str(SMALL)])
    assert result.exit_code == 2
    assert not out.exists()
