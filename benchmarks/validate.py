"""Benchmark of ``form.validate``: validations per CPU second on the core benchmark's 30-field form.

Run: python benchmarks/validate.py [--runs 7] [--seconds 0.5]. Builds one form with
benchmarks/core.py's generator (nb/nn/en, conditions, a repeat, a rule) and measures, in
this process, how many submissions per CPU second (``time.process_time``) formc's validator
checks: a valid submission and an invalid one (a few errors: a wrong type, a bad e-mail
address, a required answer missing, an unknown key). Each figure is the median of ``--runs``
runs. As references in the same run: python ``jsonschema`` on the form's compiled JSON Schema
(format checks on, every error collected) and, when ``node`` can load ``ajv`` and ``ajv-formats``
(``npm install --no-save ajv ajv-formats``; NODE_PATH is honoured), ajv on the same schema
(benchmarks/validate_ajv.js, 2020-12, strict, allErrors, CPU time from ``process.cpuUsage``).
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from core import write_project  # noqa: E402  (benchmarks/core.py: the corpus generator)

ANSWERS = {"text": "Svar", "integer": 3, "date": "2020-01-01", "email": "kari@example.no", "phone": "37261500",
           "postal_code": "4790", "national_id": "15076500565", "textarea": "Lengre svar", "decimal": 1.5,
           "org_number": "964965226"}


def submissions(form: Any) -> tuple[dict, dict]:
    """A valid submission of the generated form and one with four errors."""
    valid: dict[str, Any] = {"has_children": True, "kind": "a",
                             "children": [{"name": "Ola", "birth_date": "2019-05-01", "needs": False}]}
    for field in form.fields:
        if field.id.startswith("field_"):
            valid[field.id] = ANSWERS[field.type]
    invalid = dict(valid, field_1="three", field_3="kari at example.no", extra=1)
    del invalid["field_0"]
    return valid, invalid


def rate(check: Callable[[], Any], runs: int, seconds: float) -> float:
    """Median calls per CPU second over ``runs`` runs of at least ``seconds`` CPU seconds each."""
    rates = []
    for _ in range(runs):
        count, start = 0, time.process_time()
        while True:
            for _ in range(50):
                check()
            count += 50
            spent = time.process_time() - start
            if spent >= seconds:
                break
        rates.append(count / spent)
    return statistics.median(rates)


def ajv_rates(schema: dict, valid: dict, invalid: dict, runs: int, seconds: float) -> dict[str, float] | None:
    """ajv's validations per CPU second (valid, invalid), or None without node, ajv or ajv-formats."""
    node = shutil.which("node")
    if node is None:
        return None
    request = json.dumps({"schema": schema, "valid": valid, "invalid": invalid, "runs": runs, "seconds": seconds})
    done = subprocess.run([node, str(HERE / "validate_ajv.js")], input=request, capture_output=True, text=True)
    if done.returncode != 0:
        print(f"ajv reference skipped: {done.stderr.strip().splitlines()[-1] if done.stderr.strip() else 'node failed'}",
              file=sys.stderr)
        return None
    return json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--seconds", type=float, default=0.5, help="CPU seconds of each run")
    args = parser.parse_args()
    import jsonschema

    import formc
    from formc.targets.jsonschema import compile_schema
    from formc.targets_api import BuildContext

    work = Path(tempfile.mkdtemp(prefix="formc-validate-bench-"))
    try:
        write_project(work, 2)
        form = formc.load(work).form("form-0001")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    valid, invalid = submissions(form)
    assert form.validate(valid) == [], form.validate(valid)
    errors = form.validate(invalid)
    assert [e.code for e in errors] == ["required", "type", "type", "unknown"], errors

    schema = compile_schema(form, BuildContext(form.organisation or form.service.authority))
    checker = jsonschema.validators.validator_for(schema)
    reference = checker(schema, format_checker=checker.FORMAT_CHECKER)
    assert not list(reference.iter_errors(valid)) and list(reference.iter_errors(invalid))

    figures: dict[str, Any] = {"runs": args.runs, "fields": sum(1 for _ in form.walk()),
                               "invalid_errors": len(errors)}
    figures["formc_valid_per_s"] = rate(lambda: form.validate(valid), args.runs, args.seconds)
    figures["formc_invalid_per_s"] = rate(lambda: form.validate(invalid), args.runs, args.seconds)
    figures["jsonschema_valid_per_s"] = rate(lambda: list(reference.iter_errors(valid)), args.runs, args.seconds)
    figures["jsonschema_invalid_per_s"] = rate(lambda: list(reference.iter_errors(invalid)), args.runs, args.seconds)
    ajv = ajv_rates(schema, valid, invalid, args.runs, args.seconds)
    if ajv is not None:
        figures["ajv_valid_per_s"], figures["ajv_invalid_per_s"] = ajv["valid"], ajv["invalid"]
    ratios = {
        "formc_invalid_time_over_valid": figures["formc_valid_per_s"] / figures["formc_invalid_per_s"],
        "formc_over_jsonschema_valid": figures["formc_valid_per_s"] / figures["jsonschema_valid_per_s"],
        "formc_over_jsonschema_invalid": figures["formc_invalid_per_s"] / figures["jsonschema_invalid_per_s"],
    }
    if ajv is not None:
        ratios["ajv_over_formc_valid"] = figures["ajv_valid_per_s"] / figures["formc_valid_per_s"]
        ratios["ajv_over_formc_invalid"] = figures["ajv_invalid_per_s"] / figures["formc_invalid_per_s"]
    figures = {k: round(v) if isinstance(v, float) else v for k, v in figures.items()}
    figures.update({k: round(v, 2) for k, v in ratios.items()})
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
