#!/usr/bin/env python3
"""OR-Tools CP-SAT side by side with peaceplan on PSPLIB, with the same wall-clock budget.

Reads the per-instance times written by ``cargo bench --bench psplib -- --times FILE`` and gives
CP-SAT exactly that much wall-clock time per instance (``--workers`` search workers, 1 by default,
as peaceplan used one core per instance). Prints the average deviation of both (J30 against the
optimum, J60 against the critical-path bound, as in the Kolisch-Hartmann protocol).

Usage (``make bench-psplib`` runs this after the Rust benchmark)::

    python benches/ortools_psplib.py --times target/psplib_times.txt --sets j30,j60 --budget 5000
"""

from __future__ import annotations

import argparse
import csv
import statistics
from pathlib import Path

import peaceplan as pp
from ortools.sat.python import cp_model

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "psplib"


def solve_cpsat(path: Path, seconds: float, workers: int) -> tuple[int | None, bool]:
    """Best makespan CP-SAT finds in ``seconds`` (None: no schedule found) and whether it proved
    it optimal."""
    sc = pp.psplib.load(path).to_dict()
    caps = {p["id"]: int(p["capacity"]) for p in sc["pools"]}
    jobs = sc["interventions"]
    horizon = int(sum(j["duration_months"] for j in jobs))
    m = cp_model.CpModel()
    start, end, intervals = {}, {}, {}
    for j in jobs:
        d = int(j["duration_months"])
        start[j["id"]] = m.new_int_var(0, horizon, f"s{j['id']}")
        end[j["id"]] = m.new_int_var(0, horizon, f"e{j['id']}")
        intervals[j["id"]] = m.new_interval_var(start[j["id"]], d, end[j["id"]], f"i{j['id']}")
    for j in jobs:
        for pred in j.get("after", []):
            m.add(start[j["id"]] >= end[pred])
    for pool, cap in caps.items():
        users = [
            (intervals[j["id"]], int(j["staff"][pool]))
            for j in jobs
            if j.get("staff", {}).get(pool)
        ]
        m.add_cumulative([u[0] for u in users], [u[1] for u in users], cap)
    makespan = m.new_int_var(0, horizon, "makespan")
    m.add_max_equality(makespan, list(end.values()))
    m.minimize(makespan)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(seconds, 0.001)
    solver.parameters.num_search_workers = workers
    status = solver.solve(m)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None, False
    return int(solver.objective_value), status == cp_model.OPTIMAL


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--times", type=Path, required=True)
    ap.add_argument("--sets", default="j30,j60")
    ap.add_argument("--budget", type=int, default=5000)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument(
        "--scale", type=float, default=1.0, help="CP-SAT gets this many times peaceplan's time"
    )
    ap.add_argument("--data", type=Path, default=DATA)
    args = ap.parse_args()
    with open(args.data / "reference_bounds.csv") as f:
        bounds = {r["instance"].removesuffix(".sm"): r for r in csv.DictReader(f)}
    runs: dict[str, list[tuple[str, float, float]]] = {}
    for line in args.times.read_text().splitlines():
        s, inst, budget, seconds, makespan = line.split()
        if int(budget) == args.budget:
            runs.setdefault(s, []).append((inst, float(seconds), float(makespan)))
    print(
        f"{'set':<5} {'n':>4} {'median s/inst':>13} {'peaceplan dev %':>16} "
        f"{'CP-SAT found':>12} {'CP-SAT dev % (found)':>21} {'peaceplan (same)':>17} "
        f"{'CP-SAT proven':>14}"
    )
    for s in args.sets.split(","):
        ours, theirs, ours_found, proven, secs = [], [], [], 0, []
        for inst, seconds, makespan in runs.get(s, []):
            b = bounds[inst]
            ref = float(b["best_ub"] if s == "j30" else b["cp_lb"])
            budget = seconds * args.scale
            value, opt = solve_cpsat(args.data / s / f"{inst}.sm", budget, args.workers)
            ours.append(100 * (makespan - ref) / ref)
            if value is not None:
                theirs.append(100 * (value - ref) / ref)
                ours_found.append(ours[-1])
            proven += opt
            secs.append(seconds)
        if ours:
            mean = statistics.mean
            print(
                f"{s:<5} {len(ours):>4} {statistics.median(secs):>13.4f} {mean(ours):>16.2f} "
                f"{len(theirs):>12} {mean(theirs) if theirs else float('nan'):>21.2f} "
                f"{mean(ours_found) if ours_found else float('nan'):>17.2f} {proven:>14}"
            )


if __name__ == "__main__":
    main()
