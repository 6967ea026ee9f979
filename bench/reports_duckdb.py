#!/usr/bin/env python3
"""The reports' aggregates computed by DuckDB from raw rows: the reference for `reachin report-timing`.

Copies one organisation's raw rows out of a ReachIn SQLite database (cases, escalations from
case_transitions, further help taken up from case_resources, feedback answers, survey answers and
waves) with Python's sqlite3 into an in-memory DuckDB. The copy is not timed, only reported. Then it
runs, several times after one warm-up, the same set of aggregates ReachIn's reports serve, computed
from the raw rows each time:

  per year (in the organisation's time zone): referrals by month and source, by category, by
  department, by profession, by status (open, withdrawn or the outcome); escalated or not; time to
  first contact (exact median in whole minutes) and contact within the time target by month;
  interactions of supported cases (median, mean); further help taken up by kind; helpfulness answers;

  per survey wave: respondents and every measure's histogram (single-item burnout level, Mini-Z
  total, its two subscales and its burnout item, each question's raw value), the Mini-Z scores
  worked out from the stored answers string, for the whole wave and by department, profession and
  grade.

Prints JSON: the load time, row counts, the median and 95th percentile of the whole set, and the
unsuppressed check figures that `reachin report-timing` also prints (bench/reports_compare.sh
compares them).

    python bench/reports_duckdb.py --db data/reachin.db --org bench --runs 20
"""

import argparse
import csv
import json
import math
import os
import sqlite3
import tempfile
import time

import duckdb

# What each raw table holds here, and how it is read out of SQLite for one organisation.
TABLES = {
    "cases": (
        "id VARCHAR, received_at BIGINT, source VARCHAR, category VARCHAR, department VARCHAR, "
        "profession VARCHAR, state VARCHAR, outcome VARCHAR, interactions BIGINT, first_contact_at BIGINT, "
        "first_contact_due_at BIGINT",
        "SELECT id, received_at, source, category, department, profession, state, outcome, interactions, "
        "first_contact_at, first_contact_due_at FROM cases WHERE org_id = ?",
    ),
    "transitions": (
        "case_id VARCHAR, to_state VARCHAR",
        "SELECT case_id, to_state FROM case_transitions WHERE org_id = ? AND to_state = 'escalated'",
    ),
    "case_resources": (
        "case_id VARCHAR, kind VARCHAR, accepted BIGINT",
        "SELECT case_id, kind, accepted FROM case_resources WHERE org_id = ?",
    ),
    "feedback_answers": (
        "month VARCHAR, helpful BIGINT",
        "SELECT month, helpful FROM feedback_answers WHERE org_id = ?",
    ),
    "survey_answers": (
        "wave_id VARCHAR, answered_on VARCHAR, department VARCHAR, profession VARCHAR, grade VARCHAR, answers VARCHAR",
        "SELECT wave_id, answered_on, department, profession, grade, answers FROM survey_answers WHERE org_id = ?",
    ),
}


def literal(text):
    """A SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def load(path, slug):
    """An in-memory DuckDB holding the organisation's raw rows; (connection, rows per table, time zone)."""
    src = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    found = src.execute("SELECT id, time_zone FROM organisations WHERE slug = ?", (slug,)).fetchone()
    if found is None:
        raise SystemExit(f"no organisation with slug {slug} in {path}")
    org, zone = found
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    counts = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, (columns, select) in TABLES.items():
            file = os.path.join(tmp, name + ".csv")
            n = 0
            with open(file, "w", newline="") as f:
                w = csv.writer(f)
                for row in src.execute(select, (org,)):
                    w.writerow(row)
                    n += 1
            counts[name] = n
            types = ", ".join(
                f"'{col}': '{kind}'" for col, kind in (c.strip().split(" ") for c in columns.split(","))
            )
            con.execute(
                f"CREATE TABLE {name} AS SELECT * FROM read_csv({literal(file)}, header = false, "
                f"columns = {{{types}}}, quote = '\"', nullstr = '')"
            )
    # The waves' forms: which instruments each asks and its own questions, in question order.
    con.execute(
        "CREATE TABLE forms (wave_id VARCHAR, title VARCHAR, burnout BOOLEAN, mini_z BOOLEAN, items VARCHAR[])"
    )
    for wave, title, form in src.execute("SELECT id, title, form FROM survey_waves WHERE org_id = ?", (org,)):
        f = json.loads(form)
        items = (["item.burnout"] if f.get("burnout") else []) + (
            [f"item.mini_z.{i}" for i in range(1, 11)] if f.get("mini_z") else []
        )
        items += [f"item.own.{o['code']}" for o in f.get("own", [])]
        con.execute(
            "INSERT INTO forms VALUES (?, ?, ?, ?, ?)",
            [wave, title, bool(f.get("burnout")), bool(f.get("mini_z")), items],
        )
    counts["survey_waves"] = con.execute("SELECT count(*) FROM forms").fetchone()[0]
    src.close()
    # Each case's year and month in the organisation's zone, worked out from the raw instant in
    # every query that uses it (a view, not a stored column).
    con.execute(
        f"CREATE VIEW c AS SELECT *, timezone({literal(zone)}, make_timestamp(received_at)::TIMESTAMPTZ) AS local "
        "FROM cases"
    )
    return con, counts, zone


PROGRAMME = {
    "received": "SELECT year(local) AS y, month(local) AS m, source, count(*) AS n FROM c GROUP BY ALL",
    "category": "SELECT year(local) AS y, category, count(*) AS n FROM c GROUP BY ALL",
    "department": "SELECT year(local) AS y, coalesce(department, '') AS department, count(*) AS n FROM c GROUP BY ALL",
    "profession": "SELECT year(local) AS y, coalesce(profession, '') AS profession, count(*) AS n FROM c GROUP BY ALL",
    "status": """
        SELECT year(local) AS y,
               CASE WHEN state = 'withdrawn' THEN 'withdrawn'
                    WHEN state = 'closed' THEN coalesce(outcome, 'closed')
                    ELSE 'open' END AS status,
               count(*) AS n
        FROM c GROUP BY ALL""",
    "escalated": """
        SELECT year(local) AS y, (e.case_id IS NOT NULL)::INTEGER AS escalated, count(*) AS n
        FROM c LEFT JOIN (SELECT DISTINCT case_id FROM transitions WHERE to_state = 'escalated') e ON e.case_id = c.id
        GROUP BY ALL""",
    "first_contact": """
        SELECT year(local) AS y, median(greatest((first_contact_at - received_at) // 60000000, 0)) AS median_minutes,
               count(*) AS contacted
        FROM c WHERE first_contact_at IS NOT NULL GROUP BY ALL""",
    "within_target": """
        SELECT year(local) AS y, month(local) AS m, (first_contact_at <= first_contact_due_at)::INTEGER AS within,
               count(*) AS n
        FROM c WHERE first_contact_at IS NOT NULL GROUP BY ALL""",
    "interactions": """
        SELECT year(local) AS y, median(greatest(interactions, 0)) AS median, avg(greatest(interactions, 0)) AS mean,
               count(*) AS n
        FROM c WHERE outcome = 'supported' AND interactions IS NOT NULL GROUP BY ALL""",
    "onward": """
        SELECT year(c.local) AS y, r.kind, count(DISTINCT c.id) AS n
        FROM c JOIN case_resources r ON r.case_id = c.id AND r.accepted = 1 GROUP BY ALL""",
    "helpful": """
        SELECT substr(month, 1, 4)::INTEGER AS y, helpful, count(*) AS n
        FROM feedback_answers WHERE helpful BETWEEN 1 AND 5 GROUP BY ALL""",
}

# Every measure of every answer, as the tallies hold them: respondents (value 0), the burnout level,
# Mini-Z total, supportive work environment (items 1-5), work pace and EMR stress (items 6-10), Mini-Z
# burnout (item 2 at 3 or below), and each question's raw value; counted for the whole wave and by
# department, profession and grade.
SURVEY = """
WITH a AS (
    SELECT s.wave_id, coalesce(s.department, '') AS department, coalesce(s.profession, '') AS profession,
           coalesce(s.grade, '') AS grade, f.burnout, f.mini_z, f.items,
           list_transform(string_split(s.answers, ','), lambda x: x::INTEGER) AS v,
           1 + f.burnout::INTEGER AS z
    FROM survey_answers s JOIN forms f ON f.wave_id = s.wave_id
), m AS (
    SELECT wave_id, department, profession, grade,
           list_concat(
               [{'m': 'respondents', 'x': 0}],
               CASE WHEN burnout THEN [{'m': 'burnout', 'x': v[1]}] ELSE [] END,
               CASE WHEN mini_z THEN [
                   {'m': 'mini_z.total', 'x': list_sum(list_slice(v, z, z + 9))::INTEGER},
                   {'m': 'mini_z.swe', 'x': list_sum(list_slice(v, z, z + 4))::INTEGER},
                   {'m': 'mini_z.pace', 'x': list_sum(list_slice(v, z + 5, z + 9))::INTEGER},
                   {'m': 'mini_z.burnout', 'x': (v[z + 1] <= 3)::INTEGER}
               ] ELSE [] END,
               list_transform(list_zip(items, v), lambda p: {'m': p[1], 'x': p[2]})
           ) AS ms
    FROM a
), u AS (
    SELECT wave_id, department, profession, grade, unnest(ms) AS t FROM m
)
SELECT wave_id, grouping_id(department, profession, grade) AS g, department, profession, grade,
       t.m AS measure, t.x AS value, count(*) AS n
FROM u
GROUP BY GROUPING SETS ((wave_id, t.m, t.x), (wave_id, department, t.m, t.x), (wave_id, profession, t.m, t.x),
                        (wave_id, grade, t.m, t.x))
"""

DIMENSION = {7: "all", 3: "department", 5: "profession", 6: "grade"}


def run_set(con):
    """Runs every aggregate once; returns (results by name, programme seconds, survey seconds)."""
    results = {}
    t0 = time.perf_counter()
    for name, sql in PROGRAMME.items():
        results[name] = con.execute(sql).fetchall()
    t1 = time.perf_counter()
    results["survey"] = con.execute(SURVEY).fetchall()
    t2 = time.perf_counter()
    return results, t1 - t0, t2 - t1


def summary(seconds):
    """Median and 95th percentile (nearest rank) in milliseconds."""
    s = sorted(seconds)
    n = len(s)
    median = (s[(n - 1) // 2] + s[n // 2]) / 2
    p95 = s[max(1, math.ceil(0.95 * n)) - 1]
    return {"median_ms": round(median * 1000, 2), "p95_ms": round(p95 * 1000, 2), "runs": n}


def histogram_median(pairs):
    """The exact median of a histogram's (value, count) pairs, as ReachIn's `Histogram::median`."""
    pairs = sorted(pairs)
    n = sum(c for _, c in pairs)
    if n == 0:
        return None

    def at(rank):
        seen = 0
        for v, c in pairs:
            seen += c
            if seen > rank:
                return v
        return None

    return (at((n - 1) // 2) + at(n // 2)) / 2


def checks(con, r):
    """The figures `reachin report-timing` prints under "checks", from this run's results."""
    years = {}

    def year(y):
        return years.setdefault(
            str(y),
            {
                "referrals": 0, "open": 0, "supported": 0, "declined": 0, "escalated": 0, "contacted": 0,
                "within_target": 0, "median_minutes": None, "median_interactions": None,
                "mean_interactions": None, "onward": 0, "helpful_answers": 0,
            },
        )

    for y, _, _, n in r["received"]:
        year(y)["referrals"] += n
    for y, status, n in r["status"]:
        if status in ("open", "supported", "declined"):
            year(y)[status] += n
    for y, escalated, n in r["escalated"]:
        if escalated:
            year(y)["escalated"] += n
    for y, median, contacted in r["first_contact"]:
        year(y)["contacted"] = contacted
        year(y)["median_minutes"] = float(median)
    for y, _, within, n in r["within_target"]:
        if within:
            year(y)["within_target"] += n
    for y, median, mean, _ in r["interactions"]:
        year(y)["median_interactions"] = float(median)
        year(y)["mean_interactions"] = round(float(mean), 6)
    for y, _, n in r["onward"]:
        year(y)["onward"] += n
    for y, _, n in r["helpful"]:
        year(y)["helpful_answers"] += n
    titles = dict(con.execute("SELECT wave_id, title FROM forms").fetchall())
    waves = {}
    for wave, g, department, _, _, measure, value, n in r["survey"]:
        w = waves.setdefault(
            titles[wave], {"respondents": 0, "burnout_3_or_more": 0, "total": [], "departments": set(), "cells": 0}
        )
        w["cells"] += 1
        dim = DIMENSION[g]
        if dim == "all" and measure == "respondents":
            w["respondents"] += n
        if dim == "all" and measure == "burnout" and value >= 3:
            w["burnout_3_or_more"] += n
        if dim == "all" and measure == "mini_z.total":
            w["total"].append((value, n))
        if dim == "department" and measure == "respondents":
            w["departments"].add(department)
    out = {}
    for title, w in waves.items():
        out[title] = {
            "respondents": w["respondents"],
            "burnout_3_or_more": w["burnout_3_or_more"],
            "median_mini_z_total": histogram_median(w["total"]),
            "departments": len(w["departments"]),
            "cells": w["cells"],
        }
    return {"years": years, "waves": out}


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--db", required=True, help="the ReachIn SQLite database file")
    p.add_argument("--org", required=True, help="the organisation's slug")
    p.add_argument("--runs", type=int, default=20, help="timed runs of the whole set, after one warm-up")
    a = p.parse_args()
    t = time.perf_counter()
    con, counts, zone = load(a.db, a.org)
    load_seconds = time.perf_counter() - t
    first, _, _ = run_set(con)
    whole, programme, survey = [], [], []
    for _ in range(max(1, a.runs)):
        t = time.perf_counter()
        _, p_s, s_s = run_set(con)
        whole.append(time.perf_counter() - t)
        programme.append(p_s)
        survey.append(s_s)
    out = {
        "engine": f"duckdb {duckdb.__version__}",
        "threads": con.execute("SELECT current_setting('threads')").fetchone()[0],
        "time_zone": zone,
        "load_seconds": round(load_seconds, 1),
        "rows": counts,
        "aggregate_set": summary(whole),
        "programme_part": summary(programme),
        "survey_part": summary(survey),
        "checks": checks(con, first),
    }
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
