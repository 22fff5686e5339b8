"""Sensitivity analysis and options studies (issue 6)."""

from __future__ import annotations

import concurrent.futures as cf
import pickle

import numpy as np
import pandas.testing as pdt
import peaceplan as pp
import pytest

PI = np.pi
# Ishigami a=7, b=0.1: exact indices (reference/sensitivity.md §3)
ISH_S1 = np.array([0.313905, 0.442411, 0.0])
ISH_ST = np.array([0.557589, 0.442411, 0.243684])


def ishigami(x):
    return np.sin(x[:, 0]) + 7 * np.sin(x[:, 1]) ** 2 + 0.1 * x[:, 2] ** 4 * np.sin(x[:, 0])


def g_function(x, a=(0, 1, 4.5, 9, 99, 99, 99, 99)):
    a = np.asarray(a)
    return np.prod((np.abs(4 * x - 2) + a) / (1 + a), axis=1)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_ishigami_within_002_at_2_13(seed):
    r = pp.explore.sobol(
        ishigami, [(-PI, PI)] * 3, n=2**10, seed=seed, second_order=True, replicates=8
    )
    assert np.max(np.abs(r.S1 - ISH_S1)) < 0.02
    assert np.max(np.abs(r.ST - ISH_ST)) < 0.02
    assert abs(r.S2[0, 2] - 0.243684) < 0.03
    assert np.all(r.S1_conf > 0) and r.S2.shape == (3, 3)
    df = r.to_pandas()
    assert list(df.columns) == ["S1", "S1_conf", "ST", "ST_conf", "distinguishable"]
    # the replicate intervals cover the analytic values and are honest (not 8-2000x too wide)
    assert np.all(np.abs(r.ST - ISH_ST) <= r.ST_conf) and np.all(r.ST_conf < 0.02)
    assert df["distinguishable"].tolist() == ["S1 and ST", "S1 and ST", "ST only"]


def test_sobol_g_function():
    a = np.array([0, 1, 4.5, 9, 99, 99, 99, 99])
    vi = 1 / (3 * (1 + a) ** 2)
    v = np.prod(1 + vi) - 1
    s1 = vi / v
    st = vi * np.array([np.prod(np.delete(1 + vi, i)) for i in range(8)]) / v
    r = pp.explore.sobol(g_function, [(0, 1)] * 8, n=2**10, seed=4, replicates=8)
    assert np.max(np.abs(r.S1 - s1)) < 0.02
    assert np.max(np.abs(r.ST - st)) < 0.02


def test_non_power_of_two_and_multi_output():
    r = pp.explore.sobol(
        lambda x: np.c_[ishigami(x), x[:, 0]], [(-PI, PI)] * 3, n=300, replicates=10
    )
    assert r.S1.shape == (2, 3)
    assert np.max(np.abs(r.S1[0] - ISH_S1)) < 0.05
    assert abs(r.ST[1, 0] - 1.0) < 0.02
    assert r.to_pandas().shape == (6, 5)


def test_morris_inert_inputs():
    def f(x):
        return 5 * x[:, 0] + x[:, 1] ** 2 + np.sin(3 * x[:, 2]) * x[:, 1]

    r = pp.explore.morris(f, [(0, 1)] * 6, trajectories=30, levels=4, seed=3)
    assert np.all(r.mu_star[3:] == 0.0) and np.all(r.sigma[3:] == 0.0)
    assert r.mu_star[0] == pytest.approx(5.0)
    assert np.all(r.mu_star[:3] > 0.1)
    assert set(r.to_pandas().columns) == {"mu", "mu_star", "sigma", "mu_star_conf"}


def test_prim_recovers_planted_box():
    rng = np.random.default_rng(0)
    x = rng.random((5000, 6))
    y = ((x[:, 0] > 0.7) & (x[:, 1] < 0.4)) | (rng.random(5000) < 0.02)
    r = pp.explore.prim(x, y)
    box = r.box
    assert set(box.index) == {"x1", "x2"}
    assert box.loc["x1", "lower"] == pytest.approx(0.7, abs=0.03)
    assert box.loc["x2", "upper"] == pytest.approx(0.4, abs=0.03)
    assert r.meta["density"] > 0.9 and r.meta["coverage"] > 0.8
    assert len(r.trajectory) > 5


def test_bad_input_is_named():
    with pytest.raises(pp.ArgumentError, match="x2"):
        pp.explore.sobol(ishigami, [(0, 1), (1, 1), (0, 1)], n=64, names=["x1", "x2", "x3"])
    with pytest.raises(pp.ArgumentError, match="at least 2"):
        pp.explore.sobol(ishigami, [(0, 1)] * 3, n=1)
    with pytest.raises(pp.ArgumentError, match="levels"):
        pp.explore.morris(ishigami, [(0, 1)] * 3, trajectories=4, levels=3)
    with pytest.raises(pp.ArgumentError, match="one value"):
        pp.explore.sobol(lambda x: x[:3, 0], [(0, 1)] * 2, n=8)


@pytest.fixture(scope="module")
def sc():
    return pp.examples.postwar_country()


def test_paths_and_suggestions(sc):
    paths = pp.explore.paths(sc)
    for p in [
        "interventions.dd.duration.scale",
        "interventions.el.not_before_months",
        "pools.planning.capacity",
        "sources.pbf.pledges.0.probability",
        "risks.donor_fatigue.probability",
        "interventions.el.mode",
    ]:
        assert p in paths
    with pytest.raises(pp.ArgumentError, match=r"pools\.planning\.capacity"):
        sc.with_params({"pools.planing.capacity": 3})
    with pytest.raises(pp.ArgumentError, match=r"finish\.p80"):
        pp.Study(sc, {"interventions.dd.duration.scale": (1, 2)}, outcomes=["finsh.p80"])
    with pytest.raises(pp.ArgumentError, match="low < high"):
        pp.Study(sc, {"interventions.dd.duration.scale": (2, 1)}, outcomes=["finish.p80"])
    office = pp.examples.pbso_office()
    ops = pp.explore.paths((office, pp.Portfolio()))
    assert "portfolio.arrivals_per_year" in ops
    assert "office.sections.planning.posts" in ops


def test_with_params(sc):
    longer = sc.with_params({"interventions.dd.duration.scale": 2.0})
    assert longer.cpm().makespan > sc.cpm().makespan
    assert sc.with_params({}) == sc
    nine = sc.with_params({"pools.planning.capacity": 9})
    assert nine.to_dict()["pools"][0]["capacity"] == 9
    late = sc.with_params({"interventions.el.not_before_months": 60})
    assert late.cpm().to_pandas().set_index("id").loc["el", "start"] >= 60
    with pytest.raises(pp.ArgumentError, match="choice"):
        sc.with_params({"interventions.el.mode": "warp"})


def test_study_methods_and_determinism(sc):
    st = pp.Study(
        sc,
        uncertainties={
            "interventions.dd.duration.scale": (0.8, 1.6),
            "sources.pbf.pledges.0.probability": (0.4, 1.0),
            "interventions.el.duration.scale": {"triangular": [0.9, 1.0, 1.5]},
        },
        levers={"pools.planning.capacity": [4, 8]},
        outcomes=["finish.p80", "funding.gap.max.p80", "relapse.10y"],
        draws=40,
        seed=5,
        progress=False,
    )
    t = st.tornado()
    assert t.to_pandas().shape == (2 * 3 * 3, 6)
    s1 = st.sobol(n=8, replicates=3)
    assert s1.S1.shape == (2, 3, 3) and s1.S1_reps.shape == (2, 3, 3, 3)
    s2 = st.sobol(n=8, replicates=3, executor=cf.ThreadPoolExecutor(2))
    assert s1 == s2
    st.chunk_size = 7
    assert st.sobol(n=8, replicates=3) == s1
    m = st.morris(trajectories=4)
    assert m.mu_star.shape == (2, 3, 3)
    ex = st.lhs(30)
    df = ex.to_pandas()
    assert len(df) == 60 and set(df["option"]) == set(st.option_names)
    rob = st.robustness(threshold={"finish.p80": 60.0})
    assert rob.to_pandas().shape == (6, 8)
    assert (rob.to_pandas()["max_regret"] >= 0).all()
    pr = st.prim("finish.p80", float(np.median(df["finish.p80"])))
    assert 0 < pr.meta["coverage"] <= 1
    f = st.factorial(levels=2)
    assert len(f.to_pandas()) == 2 * 8


def test_common_random_numbers(sc):
    # same inputs in two options that do not differ -> identical outcomes
    st = pp.Study(
        sc,
        {"interventions.dd.duration.scale": (0.8, 1.6)},
        options={"a": {"pools.planning.capacity": 6}, "b": {"pools.planning.capacity": 6}},
        outcomes=["finish.mean"],
        draws=30,
        progress=False,
    )
    ex = st.lhs(10)
    y = ex.arrays["y"].reshape(2, 10)
    assert np.array_equal(y[0], y[1])


def test_failing_experiments_reported(sc):
    st = pp.Study(
        sc,
        {"interventions.dd.probability": (0.5, 1.5)},
        outcomes=["finish.mean"],
        draws=20,
        progress=False,
    )
    with pytest.warns(UserWarning, match="failed"):
        ex = st.lhs(20)
    errs = ex.errors
    assert 0 < len(errs) < 20
    assert all(e["inputs"]["interventions.dd.probability"] > 1 for e in errs)
    ok = np.isfinite(ex.arrays["y"][:, 0])
    assert ok.sum() == 20 - len(errs)
    with pytest.raises(pp.ExperimentError) as info:
        st.sobol(n=8)
    assert info.value.failures


def test_office_study():
    office = pp.examples.pbso_office()
    st = pp.Study(
        office,
        portfolio=pp.Portfolio(arrivals_per_year=4.5),
        uncertainties={"portfolio.arrivals_per_year": (3.0, 6.0)},
        options={
            "16 posts": {"office.sections.planning.posts": 4},
            "20 posts": {"office.sections.planning.posts": 8},
        },
        outcomes=["wait.p90", "utilisation.planning.mean"],
        draws=20,
        years=5,
        progress=False,
    )
    ex = st.lhs(6)
    y = ex.arrays["y"].reshape(2, 6, 2)
    assert np.all(y[1, :, 0] <= y[0, :, 0] + 1e-9)
    with pytest.raises(pp.ArgumentError, match="wait"):
        pp.Study(office, portfolio=pp.Portfolio(), outcomes=["wait.p99x"])


def test_pickle_and_save_roundtrip(sc, tmp_path):
    office = pp.examples.pbso_office()
    port = pp.examples.default_portfolio()
    for obj in (sc, office, port):
        assert pickle.loads(pickle.dumps(obj)) == obj
    r = pp.explore.sobol(ishigami, [(-PI, PI)] * 3, n=128, second_order=True)
    assert pickle.loads(pickle.dumps(r)) == r
    st = pp.Study(
        sc,
        {"interventions.dd.duration.scale": (0.8, 1.6)},
        levers={"interventions.el.mode": ["base"]},
        outcomes=["finish.p80"],
        draws=20,
        progress=False,
    )
    for res in (r, st.tornado(), st.lhs(5), st.morris(trajectories=3), st.robustness()):
        f = tmp_path / f"{res.kind}.npz"
        res.save(f)
        back = pp.explore.load(f)
        assert back == res
        pdt.assert_frame_equal(back.to_pandas(), res.to_pandas(), check_exact=True)


def test_plots(sc):
    import matplotlib

    matplotlib.use("Agg")
    r = pp.explore.sobol(ishigami, [(-PI, PI)] * 3, n=64)
    assert r.plot() is not None
    st = pp.Study(
        sc,
        {"interventions.dd.duration.scale": (0.8, 1.6), "pools.planning.capacity": (3, 8)},
        outcomes=["finish.p80"],
        draws=20,
        progress=False,
    )
    for res in (st.tornado(), st.morris(trajectories=3), st.lhs(20), st.robustness()):
        assert res.plot() is not None
    assert st.prim("finish.p80", float(np.median(st.lhs(40).arrays["y"]))).plot() is not None
