"""Run the README's warehouse queries with DuckDB; print {name: [[cell, ...], ...]} as JSON.

usage: run.py LOAD.sql QUERIES.sql   (run in the folder that holds feeds/)
Cells are printed as text (decimals exactly, via str), so the caller compares exact values.
"""
import json
import re
import sys

import duckdb

load, queries = (open(p, encoding="utf-8").read() for p in sys.argv[1:3])
con = duckdb.connect()
con.execute(load)
out = {}
for block in re.split(r"^-- name: ", queries, flags=re.M)[1:]:
    name, sql = block.split("\n", 1)
    rows = con.execute(sql).fetchall()
    out[name.strip()] = [[None if v is None else str(v) for v in row] for row in rows]
    types = [d[1] for d in con.description]
    out[name.strip() + ".types"] = [[str(t) for t in types]]
json.dump(out, sys.stdout, ensure_ascii=False)
