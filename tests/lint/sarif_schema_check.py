#!/usr/bin/env python3
"""Validates `wayback lint --format sarif` against the official SARIF 2.1.0 schema.

Lints every case folder under tests/data/lint (both dialects) and checks each
log with a JSON Schema validator (Debian's python3-jsonschema) against the OASIS
schema that scripts/fetch-sarif-schema.sh pins. Three deliberately broken logs
must be rejected, so the check cannot pass by validating nothing.

usage: sarif_schema_check.py WAYBACK_BIN SCHEMA_FILE LINT_DATA_DIR
"""
import copy
import json
import pathlib
import subprocess
import sys

import jsonschema


def lint_sarif(wayback, case):
    args = [wayback, "lint", "--format", "sarif"]
    if case.name.endswith(".sqlite"):
        args += ["--dialect", "sqlite"]
    run = subprocess.run(args + [str(case)], capture_output=True, text=True, cwd=case)
    if run.returncode not in (0, 1):
        sys.exit(f"{case}: wayback lint exited {run.returncode}: {run.stderr.strip()}")
    return json.loads(run.stdout)


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    wayback, schema_file, data_dir = str(pathlib.Path(sys.argv[1]).resolve()), pathlib.Path(sys.argv[2]).resolve(), pathlib.Path(sys.argv[3]).resolve()
    if not schema_file.is_file():
        sys.exit(f"{schema_file}: the SARIF schema is missing; run scripts/fetch-sarif-schema.sh (make setup does)")
    schema = json.loads(schema_file.read_text())
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema)

    cases = sorted({p.parent for p in data_dir.rglob("*.sql")})
    logs, results, failures = 0, 0, []
    for case in cases:
        log = lint_sarif(wayback, case)
        logs += 1
        results += sum(len(run.get("results", [])) for run in log["runs"])
        for error in validator.iter_errors(log):
            failures.append(f"{case.relative_to(data_dir)}: {'/'.join(map(str, error.absolute_path))}: {error.message}")
    if logs == 0 or results == 0:
        sys.exit(f"{data_dir}: no SARIF results were produced; nothing was validated")

    # The validator must reject what the schema forbids.
    sample = next(lint_sarif(wayback, c) for c in cases if c.name == "bad")
    broken = []
    no_version = copy.deepcopy(sample)
    del no_version["version"]
    broken.append(("log without version", no_version))
    bad_level = copy.deepcopy(sample)
    bad_level["runs"][0]["results"][0]["level"] = "fatal"
    broken.append(("result level outside the enum", bad_level))
    bad_line = copy.deepcopy(sample)
    bad_line["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0
    broken.append(("region startLine 0", bad_line))
    for name, log in broken:
        if validator.is_valid(log):
            failures.append(f"the validator accepted a broken log ({name})")

    for f in failures:
        print(f, file=sys.stderr)
    print(f"{logs} SARIF logs, {results} results checked against {schema.get('title', schema_file.name)}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
