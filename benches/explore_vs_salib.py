"""Sensitivity analysis: peaceplan vs SALib (Sobol on Ishigami) and EMA Workbench (trivial model).

Not part of the tests (``make bench-explore`` installs SALib and ema-workbench first).

* Ishigami (a=7, b=0.1) at N = 2^14 and 2^16 base samples with second-order indices: SALib with
  its 100 bootstrap resamples, peaceplan with the same model runs split into 16 randomised-QMC
  replicates (valid intervals; their mean half-width and coverage of the exact values are
  reported): sample + evaluate + analyse end to end, in-process medians of
  ``--repeat`` runs, for ``pp.explore.sobol`` and for SALib's own peer script
  (``../shared/peers/salib_timing.py``); accuracy against the exact indices for both (SALib's
  from ``../shared/peers/salib_ishigami.py``).
* Experiments per second on the peer's trivial model ``y = x1 + x2 * x3`` over 10,000 Latin
  hypercube scenarios: ``pp.explore.evaluate`` against ``../shared/peers/ema_trivial.py``
  (``SequentialEvaluator``), and, for information, a Study of a 3-intervention scenario
  (``plan.finish`` of the constrained engine, one Rust experiment per row).
* PAWN from given data (10,000 rows x 10 inputs) against SALib's ``pawn.analyze``, and the
  time of the feature scores.

    make bench-explore
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import peaceplan as pp

PEERS = Path(__file__).resolve().parents[2] / "shared" / "peers"
A, B = 7.0, 0.1
V = A**2 / 8 + B * np.pi**4 / 5 + B**2 * np.pi**8 / 18 + 0.5
S1 = np.array([0.5 * (1 + B * np.pi**4 / 5) ** 2, A**2 / 8, 0.0]) / V
ST = S1 + np.array([8 * B**2 * np.pi**8 / 225, 0.0, 8 * B**2 * np.pi**8 / 225]) / V


def ishigami(x: np.ndarray) -> np.ndarray:
    return np.sin(x[:, 0]) + A * np.sin(x[:, 1]) ** 2 + B * x[:, 2] ** 4 * np.sin(x[:, 0])


def peer(script: str, *args: object) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, str(PEERS / script), *map(str, args)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def ours_sobol(log2n: int, repeat: int, replicates: int = 16) -> dict[str, float]:
    """The same model runs as SALib at 2^log2n base samples, split into ``replicates``
    independent randomised-QMC replicates (the intervals on), and how honest the intervals are:
    their mean half-width and the share covering the exact values."""
    times, e1, et, half, cover = [], [], [], [], []
    for r in range(repeat):
        t0 = time.perf_counter()
        res = pp.explore.sobol(
            ishigami,
            [(-np.pi, np.pi)] * 3,
            n=2**log2n // replicates,
            seed=r,
            second_order=True,
            replicates=replicates,
        )
        times.append(time.perf_counter() - t0)
        e1.append(float(np.max(np.abs(res.S1 - S1))))
        et.append(float(np.max(np.abs(res.ST - ST))))
        half.append(float(np.mean(np.r_[res.S1_conf, res.ST_conf])))
        cover.append(
            float(
                np.mean(
                    np.r_[np.abs(res.S1 - S1) <= res.S1_conf, np.abs(res.ST - ST) <= res.ST_conf]
                )
            )
        )
    return {
        "median_s": statistics.median(times),
        "min_s": min(times),
        "replicates": replicates,
        "max_err_S1_median": statistics.median(e1),
        "max_err_ST_median": statistics.median(et),
        "mean_half_width": statistics.mean(half),
        "interval_coverage": statistics.mean(cover),
    }


def trivial(x: np.ndarray) -> np.ndarray:
    return x[:, 0] + x[:, 1] * x[:, 2]


def ours_trivial(n: int, repeat: int) -> float:
    times = []
    for r in range(repeat):
        t0 = time.perf_counter()
        pp.explore.evaluate(trivial, [(0, 1)] * 3, n=n, seed=r)
        times.append(time.perf_counter() - t0)
    return n / statistics.median(times)


def ours_study(n: int, repeat: int) -> float:
    sc = pp.Scenario.from_dict(
        {
            "schema": 1,
            "name": "trivial",
            "interventions": [
                {"id": "a", "duration_months": 1.0},
                {"id": "b", "duration_months": 1.0},
                {"id": "c", "duration_months": 1.0, "after": ["a", "b"]},
            ],
        }
    )
    st = pp.Study(
        sc,
        {f"interventions.{i}.duration.value": (0.0, 1.0) for i in "abc"},
        outcomes=["plan.finish"],
        progress=False,
    )
    times = []
    for r in range(repeat):
        t0 = time.perf_counter()
        st.lhs(n, seed=r)
        times.append(time.perf_counter() - t0)
    return n / statistics.median(times)


def pawn_given(repeat: int, n: int = 10_000, d: int = 10) -> dict[str, float]:
    """PAWN on given data (``n`` rows x ``d`` inputs, 10 slices): SALib's ``pawn.analyze``
    (point estimates) against ``pp.explore.pawn`` with 10 resamples (the least it takes: about
    the point estimate) and with its defaults (200 bootstrap resamples and the noise
    reference), and ``pp.explore.feature_scores`` (100 trees), in-process medians."""
    from SALib.analyze import pawn as salib_pawn

    rng = np.random.default_rng(0)
    x = rng.random((n, d))
    y = x @ np.arange(d, 0, -1) + np.sin(6 * x[:, 0])
    problem = {"num_vars": d, "names": [f"x{i}" for i in range(d)], "bounds": [[0, 1]] * d}

    def med(fn: object) -> float:
        times = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            fn()  # type: ignore[operator]
            times.append(time.perf_counter() - t0)
        return statistics.median(times)

    salib = med(lambda: salib_pawn.analyze(problem, x, y, S=10))
    point = med(lambda: pp.explore.pawn(x, y, resamples=10))
    full = med(lambda: pp.explore.pawn(x, y))
    trees = med(lambda: pp.explore.feature_scores(x, y))
    return {
        "salib_point_s": salib,
        "peaceplan_point_s": point,
        "peaceplan_with_bootstrap_and_noise_s": full,
        "ratio_point": salib / point,
        "feature_scores_100_trees_s": trees,
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--ema-runs", type=int, default=5)
    a = ap.parse_args()
    report: dict[str, object] = {"peaceplan": pp.__version__}
    for log2n in (14, 16):
        mine = ours_sobol(log2n, a.repeat)
        salib = peer("salib_timing.py", log2n, a.repeat, 1)
        acc = [peer("salib_ishigami.py", log2n, s, 1) for s in (1, 2, 3)]
        salib_total = sum(float(salib[f"{k}_median_s"]) for k in ("sample", "eval", "analyze"))  # type: ignore[arg-type]
        report[f"ishigami_2^{log2n}"] = {
            "peaceplan": mine,
            "salib": {
                "version": salib["salib"],
                "total_median_s": salib_total,
                "max_err_S1_median": statistics.median(float(x["max_abs_err_S1"]) for x in acc),  # type: ignore[arg-type]
                "max_err_ST_median": statistics.median(float(x["max_abs_err_ST"]) for x in acc),
            },  # type: ignore[arg-type]
            "speedup_end_to_end": salib_total / mine["median_s"],
        }
    runs = [peer("ema_trivial.py", 10_000, "seq") for _ in range(a.ema_runs)]
    ema = statistics.median(float(r["exp_per_s"]) for r in runs)  # type: ignore[arg-type]
    mine_fn = ours_trivial(10_000, a.repeat)
    mine_study = ours_study(10_000, a.repeat)
    report["trivial_10k"] = {
        "ema_version": runs[0]["ema"],
        "ema_exp_per_s_median": ema,
        "peaceplan_fn_exp_per_s": mine_fn,
        "ratio_fn": mine_fn / ema,
        "peaceplan_scenario_study_exp_per_s": mine_study,
        "ratio_scenario_study": mine_study / ema,
    }
    report["pawn_10k_x_10"] = pawn_given(a.repeat)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
