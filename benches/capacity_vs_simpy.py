"""Benchmark: the M/M/c office of ../shared/peers/simpy_capacity.py in SimPy and in peaceplan.

Same model and parameters: 16 posts / 3 per situation = 5 teams, 4.5 situations a year, exponential
engagements of mean 1 year, FIFO, no recruitment lag. Prints situations per second for both and the
ratio (median of 3 runs each); peaceplan is timed with all threads and with one thread, by wall
clock and (one thread) by CPU time, which is steadier when other jobs share the machine.

Run with ``make bench-capacity`` (installs simpy into the venv). Not part of the test command.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import peaceplan as pp

PEERS = Path(__file__).resolve().parents[2] / "shared" / "peers"


def ours(years: float, draws: int) -> dict[str, float]:
    office = pp.Office.from_dict(
        {
            "schema": 1,
            "name": "M/M/5",
            "channels": [{"id": "none", "lag_days": 0}],
            "sections": [
                {
                    "id": "planning",
                    "posts": [{"grade": "P-4", "count": 15, "channel": "none", "filled": True}],
                }
            ],
        }
    )
    portfolio = pp.Portfolio(4.5, team_fte=3, mean_months=12)
    t, c = time.perf_counter(), time.process_time()
    r = pp.capacity(office, portfolio, years=years, draws=draws, seed=1, max_waits=0)
    secs, cpu = time.perf_counter() - t, time.process_time() - c
    f = r.figures()
    return {
        "situations": f["situations_simulated"],
        "seconds": secs,
        "per_s": f["situations_simulated"] / secs,
        "per_cpu_s": f["situations_simulated"] / cpu,
        "mean_wait_years": f["mean_wait"] / 12,
        "p_wait": f["p_wait"],
    }


def simpy_run(years: float) -> dict[str, float]:
    sys.path.insert(0, str(PEERS))
    from simpy_capacity import run_simpy

    c = time.process_time()
    waits, _, _, secs = run_simpy(5, 4.5, 1.0, 1.0, years, 100.0, 1)
    cpu = time.process_time() - c
    return {
        "situations": len(waits),
        "seconds": secs,
        "per_s": len(waits) / secs,
        "per_cpu_s": len(waits) / cpu,
    }


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--ours-only", action="store_true")
    p.add_argument("--simpy-years", type=float, default=20_000.0)
    p.add_argument("--years", type=float, default=1_000.0)
    p.add_argument("--draws", type=int, default=200)
    a = p.parse_args()
    runs = [ours(a.years, a.draws) for _ in range(3)]
    ours_per_s = statistics.median(r["per_s"] for r in runs)
    if a.ours_only:
        cpu = statistics.median(r["per_cpu_s"] for r in runs)
        print(json.dumps({"per_s": ours_per_s, "per_cpu_s": cpu}))
        return
    env = {**os.environ, "RAYON_NUM_THREADS": "1"}
    out = subprocess.run(
        [sys.executable, __file__, "--ours-only", "--years", str(a.years), "--draws", str(a.draws)],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    one = json.loads(out.stdout.strip().splitlines()[-1])
    ours_1t, ours_1t_cpu = one["per_s"], one["per_cpu_s"]
    simpy = [simpy_run(a.simpy_years) for _ in range(3)]
    simpy_per_s = statistics.median(r["per_s"] for r in simpy)
    simpy_per_cpu_s = statistics.median(r["per_cpu_s"] for r in simpy)
    print(
        json.dumps(
            {
                "model": "M/M/5, lambda 4.5/yr, mean 1 yr (peers/simpy_capacity.py defaults)",
                "simpy_situations_per_s": round(simpy_per_s),
                "peaceplan_situations_per_s": round(ours_per_s),
                "peaceplan_1_thread_situations_per_s": round(ours_1t),
                "ratio": round(ours_per_s / simpy_per_s, 1),
                "ratio_1_thread": round(ours_1t / simpy_per_s, 1),
                # CPU time instead of wall clock: steadier on a shared machine.
                "ratio_1_thread_cpu": round(ours_1t_cpu / simpy_per_cpu_s, 1),
                "peaceplan_mean_wait_years": round(runs[0]["mean_wait_years"], 4),
                "peaceplan_p_wait": round(runs[0]["p_wait"], 4),
                "erlang_c_mean_wait_years": round(pp.queueing.mean_wait(4.5, 1.0, 5), 4),
            }
        )
    )


if __name__ == "__main__":
    main()
