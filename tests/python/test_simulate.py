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
    repaired = [w for w in sim.warnings if "not positive definite" in w]
    assert len(repaired) == 1
    # the template's pledges fall short in most draws: said, with the mobilised work named
    assert any("mobilised" in w and "% of draws" in w for w in sim.warnings)


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
    # the all-zero curves are one row of zeros seen once per draw (read-only, nothing allocated
    # per draw)
    grid = sim.columns["cash_grid"]
    for name in ("committed_curve", "received_curve"):
        curve = sim.columns[name]
        assert curve.shape == (64, len(grid))
        assert curve.strides[0] == 0
        assert not curve.flags.writeable
        assert not curve.any()


def test_financing_by_intervention_exact_means() -> None:
    """Fixed costs, one source short of the total: exact funded and unfunded means.

    b's 5 never arrive (2 left after a's 6): b never starts, its whole cost is unfunded.
    """
    sc = pp.Scenario.from_toml(
        'schema = 1\nname = "short"\n[[sources]]\nid = "s"\nkind = "voluntary"\n'
        "pledges = [{amount_usd = 8, at_months = 0},"
        " {amount_usd = 100, at_months = 0, probability = 0.0}]\n"
        '[[interventions]]\nid = "a"\nname = "A"\nduration_months = {triangular = [1, 2, 4]}\n'
        'cost_usd = 6\nfunding = ["s"]\n'
        '[[interventions]]\nid = "b"\nduration_months = 1\nafter = ["a"]\ncost_usd = 5\n'
        'funding = ["s"]\n'
        '[[interventions]]\nid = "c"\nduration_months = 2\ncost_usd = 3\n'
        '[[interventions]]\nid = "d"\nduration_months = 1\nprobability = 0.0\ncost_usd = 4\n'
    )
    sim = sc.simulate(draws=500, seed=4)
    f = sim.financing(by="intervention")
    assert f.index.tolist() == ["a", "b", "c", "d"]
    assert f.loc["a", "name"] == "A"
    assert f["committed_mean_usd"].tolist() == [6.0, 5.0, 3.0, 0.0]
    assert f["funded_mean_usd"].tolist() == [6.0, 0.0, 0.0, 0.0]
    assert f["gap_mean_usd"].tolist() == [0.0, 5.0, 3.0, 0.0]
    assert sim.columns["money_short"].all()
    assert np.isinf(sim.finish).all()
    assert any("never starts" in w and "b 100 %" in w for w in sim.warnings)
    assert f["p_happens"].tolist() == [1.0, 1.0, 1.0, 0.0]
    cols = sim.columns
    assert np.isclose(f["funded_mean_usd"].sum(), cols["cost:s"].mean())
    assert np.isclose(f["committed_mean_usd"].sum(), cols["cost"].mean())


def test_financing_by_intervention_batched_kernel() -> None:
    """No pools and no sources: committed from the sampled costs, nothing funded."""
    sc = pp.Scenario.from_toml(
        'schema = 1\nname = "no money"\n[[interventions]]\nid = "a"\n'
        "duration_months = {triangular = [1, 2, 4]}\ncost_usd = {uniform = [10, 20]}\n"
        'probability = 0.5\n[[interventions]]\nid = "b"\nduration_months = 1\ncost_usd = 7\n'
    )
    sim = sc.simulate(draws=203, seed=1)
    f = sim.financing(by="intervention")
    cost = sim.columns["cost"]
    assert np.isclose(f["committed_mean_usd"].sum(), cost.mean())
    assert f.loc["b", "committed_mean_usd"] == 7.0
    assert (f["funded_mean_usd"] == 0.0).all()
    assert np.allclose(f["gap_mean_usd"], f["committed_mean_usd"])
    assert 0.3 < f.loc["a", "p_happens"] < 0.7
    with pytest.raises(pp.ArgumentError):
        sim.financing(by="month")


def test_repeated_runs_reuse_the_validated_scenario() -> None:
    # the first run validates the (immutable) scenario and builds its network once; later runs
    # reuse them and give what a fresh copy of the scenario gives
    sc = pp.examples.postwar_country()
    first = sc.simulate(draws=300, seed=9)
    again = sc.simulate(draws=300, seed=9)
    fresh = pp.Scenario.from_toml(sc.to_toml()).simulate(draws=300, seed=9)
    for other in (again, fresh):
        assert first.finish.tobytes() == other.finish.tobytes()
        pd.testing.assert_frame_equal(first.criticality(), other.criticality())
        pd.testing.assert_frame_equal(pp.risk.merge_bias(first), pp.risk.merge_bias(other))
    # an edit is a new scenario, prepared anew
    slower = sc.with_params({"interventions.dd.duration.scale": 1.5})
    assert slower.simulate(draws=300, seed=9).finish.mean() > first.finish.mean()


def test_an_invalid_scenario_fails_on_every_run() -> None:
    bad = pp.Scenario.from_toml(
        'schema = 1\nname = "bad"\n[[interventions]]\nid = "a"\n'
        'duration_months = 2\nafter = ["ghost"]\n'
    )
    for _ in range(2):  # a validation error is not kept as the scenario's preparation
        with pytest.raises(pp.ValidationError, match="ghost"):
            bad.simulate(draws=10)
