"""validate.py SCHEMA FILE...: print "FILE: error" for every FILE that is not valid; exit 1 if any."""
import json
import multiprocessing
import sys

import jsonschema

schema = json.load(open(sys.argv[1], encoding="utf-8"))
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)


def check(path):
    doc = json.load(open(path, encoding="utf-8"))
    err = jsonschema.exceptions.best_match(validator.iter_errors(doc))
    if err is None:
        return None
    where = "/".join(str(p) for p in err.absolute_path)
    return f"{path}: {where}: {err.message[:200]}"


if __name__ == "__main__":
    files = sys.argv[2:]
    with multiprocessing.Pool(min(len(files), multiprocessing.cpu_count()) or 1) as pool:
        bad = [line for line in pool.map(check, files, chunksize=8) if line]
    for line in bad:
        print(line)
    sys.exit(1 if bad else 0)
