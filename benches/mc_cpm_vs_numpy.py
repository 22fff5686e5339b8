"""Monte Carlo CPM: peaceplan vs the vectorised NumPy peer on the identical 1,000-activity DAG.

Not part of the tests. Runs the peer (``../shared/peers/numpy_mc_cpm.py``) and dumps its DAG
with ``--dump-dag``, builds the same network as a scenario (triangular durations, FS links),
times ``Scenario.simulate(engine="cpm")`` in fresh processes with ``RAYON_NUM_THREADS=1`` and
``2``, and prints ns per activity-sample (medians of ``--repeat`` runs) and the ratios.

    make bench-mc
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PEER = Path(__file__).resolve().parents[2] / "shared" / "peers" / "numpy_mc_cpm.py"


def scenario_dict(dag: Path) -> dict[str, object]:
    ivs = []
    for i, line in enumerate(dag.read_text().splitlines()):
        parts = line.split()
        lo, mode, hi, k = float(parts[0]), float(parts[1]), float(parts[2]), int(parts[3])
        preds = [f"a{p}" for p in parts[4 : 4 + k]]
        iv: dict[str, object] = {"id": f"a{i}", "duration_months": {"triangular": [lo, mode, hi]}}
        if preds:
            iv["after"] = preds
        ivs.append(iv)
    return {"schema": 1, "name": "peer dag", "interventions": ivs}


def ours(dag: str, draws: int, repeat: int) -> None:
    import peaceplan as pp

    sc = pp.Scenario.from_dict(scenario_dict(Path(dag)))
    n = len(sc.intervention_ids)
    sc.simulate(draws=256, seed=0, engine="cpm", per_intervention=False)  # warm up
    times, sim = [], None
    for r in range(repeat):
        t = time.perf_counter()
        sim = sc.simulate(draws=draws, seed=r, engine="cpm", per_intervention=False)
        times.append(time.perf_counter() - t)
    assert sim is not None
    med = statistics.median(times)
    print(
        json.dumps(
            {
                "ns": med * 1e9 / (n * draws),
                "mean": float(sim.finish.mean()),
                "p80": sim.pvalue(0.8),
            }
        )
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--draws", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--ours", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.ours:
        ours(a.ours, a.draws, a.repeat)
        return
    with tempfile.TemporaryDirectory() as tmp:
        dag = Path(tmp) / "dag.txt"
        subprocess.run([sys.executable, str(PEER), "--dump-dag", str(dag)], check=True)
        peer_ns = []
        for _ in range(a.repeat):
            out = (
                subprocess.run(
                    [sys.executable, str(PEER), "--n-iter", str(a.draws), "--naive-iter", "20"],
                    check=True,
                    capture_output=True,
                    text=True,
                )
                .stdout.strip()
                .splitlines()[-1]
            )
            peer = json.loads(out)
            peer_ns.append(peer["vec_ns_per_activity_sample"])
        res = {}
        for threads in (1, 2):
            env = dict(os.environ, RAYON_NUM_THREADS=str(threads))
            out = (
                subprocess.run(
                    [
                        sys.executable,
                        __file__,
                        "--ours",
                        str(dag),
                        "--draws",
                        str(a.draws),
                        "--repeat",
                        str(a.repeat),
                    ],
                    check=True,
                    capture_output=True,
                    text=True,
                    env=env,
                )
                .stdout.strip()
                .splitlines()[-1]
            )
            res[threads] = json.loads(out)
    numpy_ns = statistics.median(peer_ns)
    print(
        f"numpy vectorised : {numpy_ns:8.2f} ns/activity-sample (mean {peer['mean']:.2f}, "
        f"P80 {peer['p80']:.2f})"
    )
    for t, r in res.items():
        print(
            f"peaceplan {t} thread: {r['ns']:8.2f} ns/activity-sample (mean {r['mean']:.2f}, "
            f"P80 {r['p80']:.2f})"
        )
    print(f"ratio numpy / peaceplan (1 thread): {numpy_ns / res[1]['ns']:.2f}x")
    print(f"speed-up 1 -> 2 threads: {res[1]['ns'] / res[2]['ns']:.2f}x")


if __name__ == "__main__":
    main()
