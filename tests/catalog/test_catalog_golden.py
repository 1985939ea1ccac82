"""Golden files: one small form's service page and JSON-LD, byte for byte.

After an intended change, regenerate with ``FORMC_UPDATE_GOLDEN=1 python -m pytest tests/catalog/test_catalog_golden.py``,
review the diff and commit it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE = os.environ.get("FORMC_UPDATE_GOLDEN") == "1"


@pytest.mark.parametrize("name", ["bench-repair.nb.html", "bench-repair.en.html", "bench-repair.jsonld"])
def test_matches_golden_file(small_catalog: Path, name: str) -> None:
    produced = (small_catalog / name).read_bytes()
    golden = GOLDEN / name
    if UPDATE:
        GOLDEN.mkdir(exist_ok=True)
        golden.write_bytes(produced)
    assert golden.is_file(), f"no golden file {golden}: run with FORMC_UPDATE_GOLDEN=1 to create it"
    assert produced.decode("utf-8") == golden.read_text(encoding="utf-8"), (
        f"{name} differs from {golden}; if the change is intended, rerun with FORMC_UPDATE_GOLDEN=1 and review the diff")
