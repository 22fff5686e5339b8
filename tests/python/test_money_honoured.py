"""Money is honoured in every Monte Carlo draw (issue #12): unfunded work never starts and is
reported, the finish of all work is censored, mobilised money arrives after its lag."""

from __future__ import annotations

import numpy as np
import peaceplan as pp
import pytest

HALF = """
schema = 1
name = "half"
[[sources]]
id = "s"
kind = "voluntary"
pledges = [{amount_usd = 10, at_months = 12, probability = 0.5}]
[[interventions]]
id = "a"
duration_months = {triangular = [1, 2, 4]}
cost_usd = 10
funding = ["s"]
deadline_months = 20
[[interventions]]
id = "b"
duration_months = 1
after = ["a"]
[[interventions]]
id = "c"
duration_months = 3
"""

MOBILISED = """
[[sources]]
id = "tbm"
kind = "other"
mobilisation_lag_months = 6
"""


def test_unfunded_work_never_starts_and_is_said() -> None:
    sim = pp.Scenario.from_toml(HALF).simulate(draws=4000, seed=3)
    cols = sim.columns
    start = cols["start"]
    short = cols["money_short"]
    # no funded start before the money (month 12); unfunded draws never start a, nor b
    assert (start[~short, 0] >= 12.0).all()
    assert np.isinf(start[short, :2]).all()
    share = short.mean()
    assert share == pytest.approx(0.5, abs=0.04)
    # the finish of all work is censored where work never starts; the funded work's is not
    assert np.isinf(sim.finish[short]).all()
    assert (cols["finish_funded"][short] == 3.0).all()
    summary = sim.summary()
    assert summary.loc["project", "censored"] == pytest.approx(share)
    assert np.isnan(summary.loc["project", "mean"])
    assert summary.loc["project (funded work)", "censored"] == 0.0
    assert summary.loc["draws with unfunded work", "mean"] == pytest.approx(share)
    assert summary.loc["funding_gap_usd:s", "P90"] == 10.0
    # P(on time): a is late whenever unfunded (finish inf) and on time otherwise (12 + <= 4)
    assert summary.loc["a", "on_time"] == pytest.approx(1.0 - share)
    assert sim.deadlines().loc["a", "on_time"] == pytest.approx(1.0 - share)
    un = sim.unfunded()
    assert un.loc["a", "unfunded"] == pytest.approx(share)
    assert un.loc["b", "held"] == pytest.approx(share)
    assert un.loc["c"].sum() == 0.0
    assert any("never starts" in w and "a 5" in w for w in sim.warnings)
    # P(funded by t): 0 before month 12, the funded share from then on
    fb = sim.funded_by()
    assert (fb.loc[fb.index < 12, "a"] == 0.0).all()
    assert fb["a"].iloc[-1] == pytest.approx(1.0 - share)
    assert fb["a"].is_monotonic_increasing


def test_no_warning_below_five_percent() -> None:
    text = HALF.replace("probability = 0.5", "probability = 0.97")
    sim = pp.Scenario.from_toml(text).simulate(draws=2000, seed=1)
    share = sim.columns["money_short"].mean()
    assert 0.0 < share < 0.05
    assert not any("never starts" in w for w in sim.warnings)


def test_mobilised_money_arrives_after_its_lag() -> None:
    text = HALF + MOBILISED
    text = text.replace('funding = ["s"]', 'funding = ["s", "tbm"]')
    sim = pp.Scenario.from_toml(text).simulate(draws=2000, seed=5)
    cols = sim.columns
    a = cols["start"][:, 0]
    assert set(np.unique(a)) == {6.0, 12.0}
    mobilised = a == 6.0
    assert np.isfinite(sim.finish).all()
    assert (cols["cost:tbm"][mobilised] == 10.0).all()
    assert (cols["received:tbm"][mobilised] == 10.0).all()
    assert (cols["gap:s"][mobilised] == 10.0).all()
    assert sim.unfunded().loc["a", "mobilised"] == pytest.approx(mobilised.mean())
    assert any("mobilised" in w for w in sim.warnings)


def test_templates_honour_money_and_say_so() -> None:
    for sc in (pp.examples.postwar_country(), pp.examples.political_transition()):
        sim = sc.simulate(draws=1000, seed=2)
        cols = sim.columns
        # committed money never exceeds received money, pooled, at any grid point of any draw
        assert (cols["committed_curve"] <= cols["received_curve"] + 1e-6).all()
        for s in sc.source_ids:
            assert (cols[f"cost:{s}"] <= cols[f"received:{s}"] + 1e-6).all()
        # the templates mobilise what pledges lack (DOMAIN §4.3), so all work finishes
        assert np.isfinite(sim.finish).all()
        assert cols["money_short"].mean() > 0.5
        assert any("mobilised" in w for w in sim.warnings)


def test_mobilisation_source_with_pledges_is_invalid() -> None:
    text = HALF + MOBILISED + "pledges = [{amount_usd = 1, at_months = 0}]\n"
    with pytest.raises(pp.ValidationError) as err:
        pp.Scenario.from_toml(text).validate()
    paths = [e["path"] for e in err.value.errors()]
    assert "sources[1].mobilisation_lag_months" in paths


def test_new_parameter_paths_set_the_model() -> None:
    sc = pp.examples.postwar_country()
    params = {
        "sources.mobilised.mobilisation_lag.scale": 2.0,
        "interventions.pk.relapse_hazard_reduction_while_active": 0.1,
        "interventions.el.deadline_weight": 3.0,
    }
    d = sc.with_params(params).to_dict()
    src = {s["id"]: s for s in d["sources"]}
    assert src["mobilised"]["mobilisation_lag_months"] == {"triangular": [12.0, 24.0, 48.0]}
    ivs = {iv["id"]: iv for iv in d["interventions"]}
    assert ivs["pk"]["relapse_hazard_reduction_while_active"] == 0.1
    assert ivs["el"]["deadline_weight"] == 3.0
    b = pp.examples.political_transition()
    sit = b.to_dict()["situations"][0]["id"]
    d = b.with_params({f"situations.{sit}.relapse_p5": 0.2}).to_dict()
    assert d["situations"][0]["relapse_p5"] == 0.2
    # a slower mobilisation never brings the finish forward (same draws, same seed)
    fast = sc.with_params({"sources.mobilised.mobilisation_lag.scale": 0.5})
    slow = sc.with_params({"sources.mobilised.mobilisation_lag.scale": 2.0})
    f, s = fast.simulate(draws=1000, seed=4), slow.simulate(draws=1000, seed=4)
    assert s.pvalue(0.8) > f.pvalue(0.8)


def test_shortfall_per_intervention_respects_eligibility() -> None:
    """Two sources, each eligible for one intervention: a surplus in one never covers the other."""
    text = """
schema = 1
name = "two"
[[sources]]
id = "rich"
kind = "assessed"
pledges = [{amount_usd = 100, at_months = 0}]
[[sources]]
id = "poor"
kind = "voluntary"
pledges = [{amount_usd = 2, at_months = 0}]
[[interventions]]
id = "a"
duration_months = 1
cost_usd = 5
funding = ["rich"]
[[interventions]]
id = "b"
duration_months = 1
cost_usd = 5
funding = ["poor"]
"""
    sim = pp.Scenario.from_toml(text).simulate(draws=200, seed=0)
    cols = sim.columns
    assert (cols["gap:poor"] == 3.0).all()
    assert (cols["gap:rich"] == 0.0).all()
    f = sim.financing(by="intervention")
    assert f.loc["a", "shortfall_mean_usd"] == 0.0
    assert f.loc["b", "shortfall_mean_usd"] == 3.0
    assert sim.unfunded().loc["b", "unfunded"] == 1.0
