"""Monte Carlo API: Scenario.simulate and Simulation."""

from __future__ import annotations

import numpy as np
import pandas as pd
import peaceplan as pp
import pytest


@pytest.fixture(scope="module")
def sim() -> pp.Simulation:
    return pp.examples.postwar_country().simulate(draws=512, seed=3)


def test_columns_are_numpy_and_per_draw(sim: pp.Simulation) -> None:
    assert isinstance(sim.finish, np.ndarray)
    assert sim.finish.shape == (512,)
    assert sim.engine == "parallel"
    cols = sim.columns
    assert cols["finish"] is not None
    assert cols["risk_occurred"].shape == (512, len(sim.risk_ids))
    assert cols["finish_matrix"].shape == (512, len(sim.intervention_ids))
    assert np.all((cols["relapse_10y"] > 0) & (cols["relapse_10y"] <= 0.4 + 1e-12))


def test_pvalues_follow_the_inverted_cdf(sim: pp.Simulation) -> None:
    f = sim.finish
    for q in np.linspace(0.0, 1.0, 41):
        assert sim.pvalue(q) == np.quantile(f, q, method="inverted_cdf")
    assert 0.0 <= sim.confidence() <= 1.0


def test_same_seed_same_bits() -> None:
    sc = pp.examples.postwar_country()
    a = sc.simulate(draws=256, seed=9, lhs=True)
    b = sc.simulate(draws=256, seed=9, lhs=True)
    assert a.finish.tobytes() == b.finish.tobytes()


def test_tables(sim: pp.Simulation) -> None:
    summary = sim.summary()
    assert {"P10", "P50", "P80", "P90", "mean"} <= set(summary.columns)
    assert summary.loc["project", "P80"] >= summary.loc["project", "P50"]
    crit = sim.criticality()
    assert crit["criticality"].between(0, 1).all()
    el = sim.finish_of("el")
    assert el.shape == (512,)
    assert isinstance(pp.risk.merge_bias(sim), pd.DataFrame)


def test_risk_drivers_waterfall_adds_up() -> None:
    sc = pp.examples.postwar_country()
    sim = sc.simulate(draws=256, seed=4)
    d = sim.risk_drivers(0.8)
    assert set(d.index) == set(sim.risk_ids)
    p_none = d["p_after"].iloc[-1]
    assert d["waterfall"].sum() == pytest.approx(d.attrs["p_all"] - p_none)


def test_correlation_as_dataframe_and_repair_warning() -> None:
    sc = pp.examples.postwar_country()
    ids = ["dd", "el", "ri"]
    m = pd.DataFrame([[1, 0.9, -0.9], [0.9, 1, 0.9], [-0.9, 0.9, 1]], index=ids, columns=ids)
    sim = sc.simulate(draws=256, seed=1, correlation=m)
    assert len(sim.warnings) == 1


@pytest.mark.parametrize(
    ("kwargs", "culprit"),
    [
        ({"draws": 0}, "draws"),
        ({"draws": 10**15}, "GB"),
        ({"correlation": (["dd", "el"], [[1, 2], [2, 1]])}, "[-1, 1]"),
        ({"correlation": (["dd"], [[1, 0], [0, 1]])}, "1 x 1"),
        ({"correlation": (["dd", "nope"], [[1, 0], [0, 1]])}, "nope"),
        ({"engine": "magic"}, "engine"),
        ({"seed": -1}, "seed"),
    ],
)
def test_bad_input_names_the_culprit(kwargs: dict[str, object], culprit: str) -> None:
    sc = pp.examples.postwar_country()
    with pytest.raises(pp.ArgumentError, match=culprit.replace("[", r"\[")):
        sc.simulate(**kwargs)  # type: ignore[arg-type]


def test_plots(sim: pp.Simulation) -> None:
    assert sim.plot_cdf() is not None
    assert sim.plot_histogram() is not None
    assert sim.plot_tornado(top=5) is not None


def test_progress_bar_runs(capsys: pytest.CaptureFixture[str]) -> None:
    sim = pp.examples.postwar_country().simulate(draws=256, seed=1, progress=True)
    assert sim.draws == 256


def test_financing_over_time_without_sources_is_zero() -> None:
    """The batched critical-path kernel (no pools, no sources) still gives money curves: zeros."""
    sc = pp.Scenario.from_toml(
        'schema = 1\nname = "no money"\n[[interventions]]\nid = "a"\n'
        "duration_months = {triangular = [1, 2, 4]}\n"
    )
    sim = sc.simulate(draws=64, seed=0)
    frame = sim.financing(by="time")
    assert len(frame) > 0
    assert float(frame.drop(columns="months").abs().to_numpy().max()) == 0.0
