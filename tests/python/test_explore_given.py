"""PAWN and feature scores from given data (issue #15 item 4)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np
import pandas as pd
import peaceplan as pp
import pytest


def _ishigami(x: np.ndarray) -> np.ndarray:
    return np.sin(x[:, 0]) + 7 * np.sin(x[:, 1]) ** 2 + 0.1 * x[:, 2] ** 4 * np.sin(x[:, 0])


def _salib_pawn(x: np.ndarray, y: np.ndarray, s: int = 10) -> np.ndarray:
    """SALib 1.6 ``pawn.analyze`` transcribed (minimum, mean, median, maximum, CV per input),
    except that the last slice keeps the largest value (SALib's ``x < q[S]`` drops it)."""
    out = []
    ys = np.sort(y)
    for j in range(x.shape[1]):
        q = np.quantile(x[:, j], np.linspace(0, 1, s + 1))
        ks = []
        for k in range(s):
            upper = x[:, j] <= q[k + 1] if k == s - 1 else x[:, j] < q[k + 1]
            sel = np.sort(y[(x[:, j] >= q[k]) & upper])
            if len(sel) == 0:
                continue
            f_all = np.searchsorted(ys, ys, side="right") / len(ys)
            f_sel = np.searchsorted(sel, ys, side="right") / len(sel)
            ks.append(np.abs(f_all - f_sel).max())
        v = np.array(ks)
        out.append([v.min(), v.mean(), np.median(v), v.max(), v.std() / v.mean()])
    return np.array(out)


def test_pawn_linear_flags_noise_input():
    rng = np.random.default_rng(1)
    x = pd.DataFrame(rng.random((2000, 2)), columns=["a", "b"])
    res = pp.explore.pawn(x, x["a"].rename("out"), seed=3)
    df = res.to_pandas()
    assert df.index.get_level_values("parameter").tolist() == ["a", "b"]
    assert df.index.get_level_values("outcome").tolist() == ["out", "out"]
    # slice k of 10 sits at KS distance max(k, 9 - k) / 10 from the whole
    assert df.loc[("out", "a"), "median"] == pytest.approx(0.7, abs=0.005)
    assert df["above_noise"].tolist() == [True, False]
    assert df.loc[("out", "b"), "index"] <= df.loc[("out", "b"), "noise"]
    assert (df["index_lo"] <= df["index"]).all() and (df["index"] <= df["index_hi"]).all()


def test_pawn_matches_salib_on_ishigami_lhs():
    """Given LHS rows: the same numbers as SALib's algorithm. The median KS distance ranks
    x2 (0.40) > x1 (0.25) > x3 (0.09), as SALib 1.6 gives on these rows; x3 matters only
    through its interaction with x1 (S1 = 0, ST = 0.24) and is still above noise."""
    x = -np.pi + 2 * np.pi * pp._core._explore_lhs(4000, 3, 5)
    y = _ishigami(x)
    res = pp.explore.pawn(x, y)
    got = np.c_[res.minimum, res.mean, res.median, res.maximum, res.cv]
    np.testing.assert_allclose(got, _salib_pawn(x, y), atol=1e-12)
    assert res.median[1] > res.median[0] > res.median[2]
    assert res.above_noise.tolist() == [True, True, True]


def test_pawn_correlated_inputs_and_several_outputs():
    rng = np.random.default_rng(2)
    u = rng.random((3000, 3))
    x = np.c_[u[:, 0], u[:, 0] + 0.05 * u[:, 1], u[:, 2]]
    y = pd.DataFrame({"lin": x[:, 0], "sq": x[:, 0] ** 2})
    res = pp.explore.pawn(x, y, names=["a", "a_copy", "other"])
    assert res.index.shape == (2, 3) and res.noise.shape == (2,)
    assert res.above_noise.tolist() == [[True, True, False]] * 2


def test_pawn_interval_shrinks_with_rows():
    rng = np.random.default_rng(4)

    def half(n: int) -> float:
        x = rng.random((n, 2))
        r = pp.explore.pawn(x, x[:, 0] + x[:, 1], resamples=100)
        return float(r.index_hi[0] - r.index_lo[0])

    assert half(8000) < half(500) / 2


def test_feature_scores_linear():
    rng = np.random.default_rng(5)
    x = rng.random((2000, 3))
    res = pp.explore.feature_scores(x, 3 * x[:, 0] + x[:, 1], seed=1)
    s = res.score
    assert s.argmax() == 0 and s[1] > s[2]
    assert s.sum() == pytest.approx(1.0, abs=1e-12)
    assert res.to_pandas().columns.tolist() == ["score", "std"]


_DETERMINISM = """
import json, numpy as np, peaceplan as pp
rng = np.random.default_rng(6)
x = rng.random((1500, 4))
y = x[:, 0] * x[:, 1] + np.sin(5 * x[:, 2])
f = pp.explore.feature_scores(x, y, trees=30, seed=2)
p = pp.explore.pawn(x, y, resamples=50, seed=2)
print(json.dumps([f.score.tolist(), f.score_std.tolist(), p.index_lo.tolist(), p.noise.item()]))
"""


def test_same_numbers_on_one_and_two_threads():
    outs = []
    for threads in ("1", "2"):
        env = {**os.environ, "RAYON_NUM_THREADS": threads}
        cmd = [sys.executable, "-c", _DETERMINISM]
        run = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True)
        outs.append(json.loads(run.stdout))
    assert outs[0] == outs[1]


def test_errors_name_the_argument():
    rng = np.random.default_rng(7)
    x = rng.random((100, 2))
    y = x[:, 0]
    with pytest.raises(pp.ArgumentError, match="slices"):
        pp.explore.pawn(x, y, slices=1)
    with pytest.raises(pp.ArgumentError, match="y"):
        pp.explore.pawn(x, y[:50])
    with pytest.raises(pp.ArgumentError, match="names"):
        pp.explore.pawn(x, y, names=["a"])
    bad = y.copy()
    bad[3] = np.nan
    with pytest.raises(pp.ArgumentError, match="row 3"):
        pp.explore.pawn(x, bad)
    with pytest.raises(pp.ArgumentError, match="at least 20 rows"):
        pp.explore.pawn(x[:10], y[:10])
    with pytest.raises(pp.ArgumentError, match="stat"):
        pp.explore.pawn(x, y, stat="p80")
    with pytest.raises(pp.ArgumentError, match="trees"):
        pp.explore.feature_scores(x, y, trees=0)
    with pytest.raises(pp.ArgumentError, match="max_depth"):
        pp.explore.feature_scores(x, y, max_depth=0)


def test_simulation_pawn_and_feature_scores(tmp_path):
    sim = pp.examples.postwar_country().simulate(draws=600, seed=1, per_intervention=True)
    res = sim.pawn("finish", slices=8, resamples=50)
    df = res.to_pandas()
    names = df.index.get_level_values("parameter")
    assert all(n.startswith(("duration:", "risk:")) for n in names)
    assert df["above_noise"].any()
    assert res.meta["slices"] == 8
    fs = sim.feature_scores("relapse_10y", trees=20)
    assert fs.score.sum() == pytest.approx(1.0)
    path = tmp_path / "pawn.npz"
    res.save(path)
    assert pp.explore.load(path) == res
    with pytest.raises(pp.ArgumentError, match="output"):
        sim.pawn("nope")
    with pytest.raises(pp.ArgumentError, match="unknown arguments"):
        sim.pawn("finish", slice=3)


def test_study_experiments_pawn():
    sc = pp.examples.postwar_country()
    st = pp.Study(
        sc,
        {
            "interventions.dd.duration.scale": (0.8, 1.6),
            "sources.pbf.pledges.0.probability": (0.4, 1.0),
        },
        options={"a": {"pools.planning.capacity": 6}, "b": {"pools.planning.capacity": 9}},
        outcomes=["finish.mean", "relapse.10y"],
        draws=20,
        progress=False,
    )
    ex = st.lhs(40, seed=1)
    res = ex.pawn(slices=4, resamples=20)
    assert res.index.shape == (2, 2, 2)
    df = res.to_pandas()
    assert list(df.index.names) == ["option", "outcome", "parameter"]
    fs = ex.feature_scores(trees=10, min_leaf=2)
    assert fs.score.shape == (2, 2, 2)
    assert res.plot(outcome="relapse.10y", option="b") is not None
    assert fs.plot() is not None


def test_plots_of_given_data_results():
    import matplotlib.pyplot as plt

    rng = np.random.default_rng(8)
    x = rng.random((500, 3))
    ax = pp.explore.pawn(x, x[:, 0], resamples=20).plot()
    assert len(ax.patches) == 3
    ax = pp.explore.feature_scores(x, x[:, 0], trees=5).plot()
    assert len(ax.patches) == 3
    plt.close("all")
