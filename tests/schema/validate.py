"""validate.py SCHEMA FILE...: print "FILE: error" for every FILE that is not valid; exit 1 if any."""
import json
import sys

import jsonschema

schema = json.load(open(sys.argv[1], encoding="utf-8"))
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)
bad = 0
for path in sys.argv[2:]:
    doc = json.load(open(path, encoding="utf-8"))
    err = jsonschema.exceptions.best_match(validator.iter_errors(doc))
    if err is not None:
        bad += 1
        where = "/".join(str(p) for p in err.absolute_path)
        print(f"{path}: {where}: {err.message[:200]}")
sys.exit(1 if bad else 0)
