"""Statistics of sensitivity results and option comparisons fit for an options paper (issue 15):
replicate intervals, target precision, paired differences, noise flags, labels and formatting."""

from __future__ import annotations

import numpy as np
import peaceplan as pp
import pytest

PI = np.pi


def ishigami(x):
    return np.sin(x[:, 0]) + 7 * np.sin(x[:, 1]) ** 2 + 0.1 * x[:, 2] ** 4 * np.sin(x[:, 0])


@pytest.fixture(scope="module")
def sc():
    return pp.examples.postwar_country()


def test_sobol_target_precision_adds_replicates():
    r = pp.explore.sobol(ishigami, [(-PI, PI)] * 3, n=64, seed=2, target=0.03)
    assert r.meta["replicates"] > 10
    assert np.nanmax(np.r_[r.S1_conf, r.ST_conf]) <= 0.03
    assert "stable to ±0.0" in r.precision
    conv = r.convergence()
    assert conv["replicates"].max() == r.meta["replicates"]
    # the interval shrinks as replicates are added
    st1 = conv[(conv["index"] == "ST") & (conv["parameter"] == "x1")]
    assert st1["half"].iloc[-1] < st1["half"].iloc[0]


def test_sobol_flags_inert_input():
    r = pp.explore.sobol(lambda x: x[:, 0] + 0.5 * x[:, 1] ** 2, [(0, 1)] * 3, n=128)
    assert r.ST_nonzero.tolist() == [True, True, False]
    assert r.table().loc[("y", "x3"), "note"] == "not distinguishable from 0"


def test_paired_difference_known_and_identical():
    rng = np.random.default_rng(1)
    a = 20 + 6 * rng.random(1000)
    b = a + 0.3 + 0.2 * (rng.random(1000) - 0.5)
    p = pp._core._explore_paired(a, b, "mean")
    assert p["significant"] and p["lo"] <= -0.3 <= p["hi"] and p["p_better"] > 0.95
    q = pp._core._explore_paired(a, b, "p80", resamples=400)
    assert q["significant"] and q["lo"] <= -0.3 <= q["hi"]
    same = pp._core._explore_paired(a, a.copy(), "p80", resamples=100)
    assert not same["significant"] and same["draws_needed"] == np.inf


def test_quantile_interval_is_the_core_rule():
    v = np.arange(1.0, 101.0)
    value, se, lo, hi = pp._core._explore_interval(v, "p80")
    assert value == 80.0 and lo < 80.0 < hi and se > 0
    with pytest.raises(pp.ArgumentError):
        pp._core._explore_interval(v, "max")


def test_compare_significance_gated(sc):
    slow = sc.with_link("dd", "el", "FS", lag_months=12)
    t = pp.compare({"as planned": sc, "12 months later": slow}, draws=400, seed=5)
    row = t.loc[("finish", "project finish P80 (months)")]
    assert row["best"] == "as planned" and row["hi"] < 0
    assert row["as planned ±"] > 0
    same = pp.compare({"A": sc, "B": sc}, draws=100, seed=3)
    assert same.loc[("finish", "project finish P80 (months)"), "best"].startswith(
        "not distinguishable"
    )
    text = pp.options.formatted(t).to_string()
    assert "e+" not in text and "±" in text


def test_study_labels_noise_and_tornado_note(sc):
    st = pp.Study(
        sc,
        {"interventions.dd.duration.scale": (0.8, 1.6), "sources.voluntary.scale": (0.8, 1.2)},
        outcomes=["finish.p80", "relapse.10y.mean"],
        draws=50,
        seed=1,
        progress=False,
    )
    assert st.labels[0] == "Disarmament and demobilisation: duration × 0.8–1.6"
    assert st.outcome_labels == [
        "project finish, P80 (months)",
        "relapse risk within 10 years, mean (share)",
    ]
    t = st.tornado().to_pandas()
    assert {"noise", "note"} <= set(t.columns) and (t["noise"] > 0).all()
    s = st.sobol(n=8, replicates=3)
    assert s.noise.shape == (1, 2) and s.noisy.dtype == bool
    assert "replicates" in s.precision
