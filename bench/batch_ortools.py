"""Reference solver for ReachIn's batch assignment: OR-Tools' min-cost flow on the same instance
files the Rust side writes (crates/domain/examples/batch_instance.rs).

    python bench/batch_ortools.py INSTANCE.bin [INSTANCE.bin ...]

The model is the Rust solver's: source -> case (capacity 1) -> supporter (capacity 1, the cost)
-> sink (the supporter's free capacity), plus an edge from each case straight to the sink at a
cost above any difference in assignment costs, so that as many cases as possible are assigned
first, then the total cost is least. Only the solve() call is timed. Prints key=value lines.
"""

import struct
import sys
import time

import numpy as np
from ortools.graph.python import min_cost_flow


def read(path):
    with open(path, "rb") as f:
        magic = f.read(8)
        if magic != b"RIBATCH1":
            raise SystemExit(f"{path}: not a batch instance")
        cases, supporters, arcs = struct.unpack("<IIQ", f.read(16))
        capacity = np.fromfile(f, dtype="<u4", count=supporters)
        case = np.fromfile(f, dtype="<u4", count=arcs)
        supporter = np.fromfile(f, dtype="<u4", count=arcs)
        cost = np.fromfile(f, dtype="<u4", count=arcs)
    return cases, supporters, capacity, case, supporter, cost


def solve(path):
    cases, supporters, capacity, case, supporter, cost = read(path)
    built = time.perf_counter()
    # Nodes: 0 source, 1..cases the cases, then the supporters, then the sink.
    source, sink = 0, cases + supporters + 1
    case_nodes = np.arange(1, cases + 1, dtype=np.int32)
    supporter_nodes = np.arange(cases + 1, cases + supporters + 1, dtype=np.int32)
    unassigned = (int(cost.max(initial=0)) + 1) * (cases + 1)
    tails = np.concatenate([
        np.full(cases, source, dtype=np.int32),
        case.astype(np.int32) + 1,
        supporter_nodes,
        case_nodes,
    ])
    heads = np.concatenate([
        case_nodes,
        supporter.astype(np.int32) + cases + 1,
        np.full(supporters, sink, dtype=np.int32),
        np.full(cases, sink, dtype=np.int32),
    ])
    capacities = np.concatenate([
        np.ones(cases, dtype=np.int64),
        np.ones(len(case), dtype=np.int64),
        capacity.astype(np.int64),
        np.ones(cases, dtype=np.int64),
    ])
    costs = np.concatenate([
        np.zeros(cases, dtype=np.int64),
        cost.astype(np.int64),
        np.zeros(supporters, dtype=np.int64),
        np.full(cases, unassigned, dtype=np.int64),
    ])
    smcf = min_cost_flow.SimpleMinCostFlow()
    smcf.add_arcs_with_capacity_and_unit_cost(tails, heads, capacities, costs)
    smcf.set_node_supply(source, cases)
    smcf.set_node_supply(sink, -cases)
    built = time.perf_counter() - built
    started = time.perf_counter()
    status = smcf.solve()
    solved = time.perf_counter() - started
    if status != smcf.OPTIMAL:
        raise SystemExit(f"{path}: OR-Tools status {status}")
    first_unassigned = cases + len(case) + supporters
    left = int(sum(smcf.flow(first_unassigned + c) for c in range(cases)))
    print(f"instance={path}")
    print(f"ortools_version={ortools_version()}")
    print(f"ortools_options={len(case)}")
    print(f"ortools_build_s={built:.3f}")
    print(f"ortools_solve_ms={solved * 1e3:.1f}")
    print(f"ortools_cost={smcf.optimal_cost() - unassigned * left}")
    print(f"ortools_assigned={cases - left}")


def ortools_version():
    import ortools

    return getattr(ortools, "__version__", "unknown")


if __name__ == "__main__":
    for p in sys.argv[1:]:
        solve(p)
