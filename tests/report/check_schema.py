#!/usr/bin/env python3
"""Checks results files against the JSON Schemas in docs/schema/.

Usage: check_schema.py SCHEMA_DIR PATH...  where each PATH is a results.jsonl, a results.json or
a folder searched for both. Every line of a .jsonl file must be a valid result
(result.schema.json); a results.json must be a valid document (results.schema.json). Exits 1
naming file:line and the failing key when one is not, 0 when all are.
"""
import json
import pathlib
import sys

import jsonschema


def validators(schema_dir):
    result = json.loads((schema_dir / "result.schema.json").read_text())
    results = json.loads((schema_dir / "results.schema.json").read_text())
    for schema in (result, results):
        jsonschema.Draft202012Validator.check_schema(schema)
    # results.schema.json refers to result.schema.json by its $id; register it under that URI.
    base = results["$id"].rsplit("/", 1)[0] + "/"
    try:  # jsonschema >= 4.18
        from referencing import Registry, Resource

        registry = Registry().with_resource(base + "result.schema.json",
                                            Resource.from_contents(result))
        return (jsonschema.Draft202012Validator(result),
                jsonschema.Draft202012Validator(results, registry=registry))
    except ImportError:  # Debian 12's jsonschema 4.10
        resolver = jsonschema.RefResolver(base, results,
                                          store={base + "result.schema.json": result})
        return (jsonschema.Draft202012Validator(result),
                jsonschema.Draft202012Validator(results, resolver=resolver))


def errors_of(validator, document):
    return sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))


def describe(error):
    where = "/".join(str(p) for p in error.absolute_path) or "(top)"
    return f"{where}: {error.message[:300]}"


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    line_validator, document_validator = validators(pathlib.Path(argv[1]))
    files = []
    for arg in argv[2:]:
        path = pathlib.Path(arg)
        if path.is_dir():
            files += sorted(path.rglob("results.jsonl")) + sorted(path.rglob("results.json"))
        else:
            files.append(path)
    failures = checked = 0
    for path in files:
        if path.suffix == ".jsonl":
            for number, line in enumerate(path.read_text().splitlines(), 1):
                if not line.strip():
                    continue
                checked += 1
                for error in errors_of(line_validator, json.loads(line))[:5]:
                    print(f"{path}:{number}: {describe(error)}")
                    failures += 1
        else:
            checked += 1
            for error in errors_of(document_validator, json.loads(path.read_text()))[:5]:
                print(f"{path}: {describe(error)}")
                failures += 1
    if checked == 0:
        print("no results file found in " + " ".join(argv[2:]))
        return 1
    print(f"{checked} results checked against {argv[1]}: {failures} errors")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
