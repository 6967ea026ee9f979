#!/usr/bin/env bash
# Reports at a million, side by side in one run: generates an organisation with a million cases and
# a million survey answers on SQLite (once: skipped when the data directory already has it), times
# every report aggregate in-process (`reachin report-timing`), runs the same aggregates from the raw
# rows with DuckDB (bench/reports_duckdb.py), then serves the database and times the programme and
# survey report pages over HTTP as a signed-in leader. Prints one summary with the ratio.
#
#   bench/reports_compare.sh                          # 1,000,000 cases and answers, seed 42
#   CASES=100000 ANSWERS=100000 DATA=target/reports-small bench/reports_compare.sh
#
# Needs python3 (with venv) and curl. The DuckDB side runs in a virtualenv made from
# bench/requirements.txt (VENV, default target/reports-venv). Everything it writes goes under DATA
# (default target/reports-bench): the database, the master key, and the JSON of each step.
set -euo pipefail
cd "$(dirname "$0")/.."

ORG=${ORG:-bench}
CASES=${CASES:-1000000}
ANSWERS=${ANSWERS:-1000000}
SEED=${SEED:-42}
YEARS=${YEARS:-5}
RUNS=${RUNS:-20}
PAGE_RUNS=${PAGE_RUNS:-20}
DATA=${DATA:-target/reports-bench}
VENV=${VENV:-target/reports-venv}
BIN=${CARGO_TARGET_DIR:-target}/release/reachin
PASSWORD="reports benchmark passphrase"
LEADER="leader@$ORG.example"

mkdir -p "$DATA"
export REACHIN_DATA_DIR="$DATA"
export REACHIN_LOG_LEVEL=${REACHIN_LOG_LEVEL:-warn}

echo "== build"
cargo build --release --quiet -p reachin-server

echo "== generate"
marker="$DATA/generated-$ORG-$CASES-$ANSWERS-$SEED-$YEARS"
if [[ -f "$marker" ]]; then
    echo "already generated ($marker)"
else
    "$BIN" generate --org "$ORG" --cases "$CASES" --answers "$ANSWERS" --seed "$SEED" \
        --years "$YEARS" >"$DATA/generate.json" 2>"$DATA/generate.log" || {
        cat "$DATA/generate.log"
        exit 1
    }
    grep -E ": [0-9.]+ s$" "$DATA/generate.log" || true
    touch "$marker"
fi
db_bytes=$(du -cb "$DATA"/reachin.db* | tail -1 | cut -f1)

echo "== ReachIn: report aggregates in-process ($RUNS runs)"
"$BIN" report-timing --org "$ORG" --runs "$RUNS" >"$DATA/timing.json"

echo "== DuckDB: the same aggregates from raw rows ($RUNS runs)"
if [[ ! -x "$VENV/bin/python" ]]; then
    python3 -m venv "$VENV"
fi
"$VENV/bin/pip" install --quiet -r bench/requirements.txt
"$VENV/bin/python" bench/reports_duckdb.py --db "$DATA/reachin.db" --org "$ORG" --runs "$RUNS" >"$DATA/duckdb.json"

echo "== pages over HTTP ($PAGE_RUNS GETs each)"
if ! printf '%s\n' "$PASSWORD" | "$BIN" user create --org "$ORG" --email "$LEADER" --name "Report Reader" \
    --role leader --password-stdin >/dev/null 2>"$DATA/user.log"; then
    grep -qi "exists\|conflict\|taken" "$DATA/user.log" || { cat "$DATA/user.log"; exit 1; }
fi
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
REACHIN_BIND="127.0.0.1:$port" REACHIN_COOKIE_SECURE=false "$BIN" serve >"$DATA/serve.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
    curl -fs -o /dev/null "$base/readyz" && break
    sleep 0.2
done
jar="$DATA/cookies.txt"
rm -f "$jar"
status=$(curl -s -o /dev/null -c "$jar" -b "$jar" -w '%{http_code}' \
    --data-urlencode "email=$LEADER" --data-urlencode "password=$PASSWORD" --data-urlencode "next=/home" \
    "$base/sign-in")
[[ "$status" == 303 ]] || { echo "sign-in answered $status"; exit 1; }
year=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["years"][0])' "$DATA/timing.json")
wave=$(python3 -c '
import sqlite3, sys
c = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
print(c.execute("SELECT w.id FROM survey_waves w JOIN organisations o ON o.id = w.org_id WHERE o.slug = ? "
                "ORDER BY w.opened_at DESC LIMIT 1", (sys.argv[2],)).fetchone()[0])' "$DATA/reachin.db" "$ORG")
# The start-up housekeeping round (the retention sweep reads every case) is let finish first.
sleep 5
time_page() {
    local url=$1 out=$2 code
    code=$(curl -s -o /dev/null -b "$jar" -w '%{http_code}' "$url")
    [[ "$code" == 200 ]] || { echo "$url answered $code"; exit 1; }
    for _ in $(seq 1 "$PAGE_RUNS"); do
        curl -s -o /dev/null -b "$jar" -w '%{time_total}\n' "$url"
    done >"$out"
}
time_page "$base/o/$ORG/reports/programme?year=$year" "$DATA/programme_page.txt"
time_page "$base/o/$ORG/reports/surveys?wave=$wave&by=department" "$DATA/survey_page.txt"
rss_kb=$(awk '/VmRSS/ {print $2}' "/proc/$server/status" 2>/dev/null || echo 0)
hwm_kb=$(awk '/VmHWM/ {print $2}' "/proc/$server/status" 2>/dev/null || echo 0)
kill "$server"
wait "$server" 2>/dev/null || true
trap - EXIT

echo "== summary"
python3 - "$DATA" "$db_bytes" "$rss_kb" "$hwm_kb" <<'PY'
import json, math, sys
data, db_bytes, rss_kb, hwm_kb = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
ours = json.load(open(f"{data}/timing.json"))
duck = json.load(open(f"{data}/duckdb.json"))
try:
    gen = json.load(open(f"{data}/generate.json"))
except (OSError, ValueError):
    gen = None

def pages(name):
    s = sorted(float(x) * 1000 for x in open(f"{data}/{name}.txt").read().split())
    n = len(s)
    return (s[(n - 1) // 2] + s[n // 2]) / 2, s[max(1, math.ceil(0.95 * n)) - 1]

def close(a, b):
    if isinstance(a, float) or isinstance(b, float):
        return a is not None and b is not None and abs(float(a) - float(b)) < 1e-6
    return a == b

diffs = []
for part in ("years", "waves"):
    mine, theirs = ours["checks"][part], duck["checks"][part]
    for key in sorted(set(mine) | set(theirs)):
        for field in sorted(set(mine.get(key, {})) | set(theirs.get(key, {}))):
            a, b = mine.get(key, {}).get(field), theirs.get(key, {}).get(field)
            if not close(a, b):
                diffs.append(f"{part} {key} {field}: ReachIn {a}, DuckDB {b}")

if gen:
    print(f"generated: {gen['cases']:,} cases, {gen['survey_answers']:,} survey answers in {gen['waves']} waves, "
          f"{gen['people']:,} people; {gen['seconds']['total']:.0f} s")
print(f"database: {db_bytes / 2**20:,.0f} MiB")
a, d = ours["aggregate_set"], duck["aggregate_set"]
print(f"ReachIn aggregate set ({len(ours['years'])} years, {ours['waves']} waves; {ours['tally_rows']['programme']:,} + "
      f"{ours['tally_rows']['survey']:,} tally rows): median {a['median_ms']} ms, p95 {a['p95_ms']} ms")
print(f"  programme, latest year: median {ours['programme_latest_year']['median_ms']} ms; "
      f"survey, one wave: median {ours['survey_one_wave']['median_ms']} ms")
s = ours["server"]
print(f"  server functions: programme {s['programme_report']['median_ms']} ms, survey {s['survey_report']['median_ms']} ms, "
      f"trend of all waves {s['survey_trend_all_waves']['median_ms']} ms, roster read {s['roster_read']['median_ms']} ms")
print(f"DuckDB {duck['engine']} ({duck['threads']} threads; load {duck['load_seconds']} s, not timed): "
      f"median {d['median_ms']} ms, p95 {d['p95_ms']} ms "
      f"(programme {duck['programme_part']['median_ms']} ms, survey {duck['survey_part']['median_ms']} ms)")
print(f"ratio, ReachIn / DuckDB (medians): {a['median_ms'] / d['median_ms']:.4f} "
      f"(DuckDB takes {d['median_ms'] / a['median_ms']:.0f} times as long)")
for name, label in (("programme_page", "programme page"), ("survey_page", "survey page")):
    m, p = pages(name)
    print(f"{label} over HTTP: median {m:.1f} ms, p95 {p:.1f} ms")
print(f"server memory: {rss_kb / 1024:.0f} MiB resident after the page runs, peak {hwm_kb / 1024:.0f} MiB")
print("checks: ReachIn's tallies and DuckDB's raw-row aggregates agree" if not diffs
      else "checks DIFFER:\n  " + "\n  ".join(diffs))
PY
