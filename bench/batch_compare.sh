#!/usr/bin/env bash
# Batch assignment, side by side with OR-Tools on the same instances: writes each synthetic
# instance with the Rust release build, times the Rust pipeline (eligibility, costs, exact solve
# with pricing; median of several runs), solves the same files with OR-Tools' min-cost flow, and
# prints one table.
#
#   bench/batch_compare.sh            # 200 x 2,000 and 2,000 x 20,000, seed 42
#   SIZES="200x2000" RUNS=9 bench/batch_compare.sh
#
# Needs python3 with the packages in bench/requirements.txt; set PYTHON to a virtualenv's
# interpreter if they are not installed for the default one. OR-Tools on the whole of the large
# instance (about 29 million options) takes a few GB of memory and about half a minute.
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES=${SIZES:-"200x2000 2000x20000"}
SEED=${SEED:-42}
RUNS=${RUNS:-7}
PYTHON=${PYTHON:-python3}
WORK=${WORK:-$(mktemp -d)}

cargo build --release --quiet -p reachin-domain --example batch_instance
bin=${CARGO_TARGET_DIR:-target}/release/examples/batch_instance

value() { grep "^$1=" | head -1 | cut -d= -f2; }

printf '%-12s %10s %13s %11s %11s %9s %13s %9s %16s %9s %6s\n' \
    instance options rust_pipeline rust_scoring rust_solve rust_cost ortools_solve or_cost ortools_k50_solve k50_cost equal
for size in $SIZES; do
    cases=${size%x*}
    supporters=${size#*x}
    rust=$("$bin" "$cases" "$supporters" "$SEED" "$RUNS" "$WORK")
    full=$("$PYTHON" bench/batch_ortools.py "$WORK/batch-$size.bin")
    k50=$("$PYTHON" bench/batch_ortools.py "$WORK/batch-$size-k50.bin")
    rust_cost=$(value rust_cost <<<"$rust")
    or_cost=$(value ortools_cost <<<"$full")
    equal=no
    if [[ "$rust_cost" == "$or_cost" && "$(value rust_assigned <<<"$rust")" == "$(value ortools_assigned <<<"$full")" ]]; then
        equal=yes
    fi
    printf '%-12s %10s %10s ms %8s ms %8s ms %9s %10s ms %9s %13s ms %9s %6s\n' \
        "$size" "$(value eligible_options <<<"$rust")" \
        "$(value rust_pipeline_ms <<<"$rust")" "$(value rust_scoring_ms <<<"$rust")" "$(value rust_solve_ms <<<"$rust")" \
        "$rust_cost" "$(value ortools_solve_ms <<<"$full")" "$or_cost" \
        "$(value ortools_solve_ms <<<"$k50")" "$(value ortools_cost <<<"$k50")" "$equal"
done
echo "(costs compared with OR-Tools on the whole instance; k50: each case's 50 cheapest options only)"
echo "instances in $WORK"
