"""One figure, one number: each statistic read through every API route is the same float.

The core computes every P-value with one rule (the inverted empirical CDF, see
``docs/statistics.md``); these tests read the same figure through each route a user has and
assert equality (``==``, not closeness).
"""

from __future__ import annotations

import re

import matplotlib
import numpy as np
import pandas as pd
import peaceplan as pp
import pytest

matplotlib.use("Agg")

DRAWS, SEED = 200, 7


@pytest.fixture(scope="module")
def scenario() -> pp.Scenario:
    return pp.examples.postwar_country()


@pytest.fixture(scope="module")
def sim(scenario: pp.Scenario) -> pp.Simulation:
    return scenario.simulate(draws=DRAWS, seed=SEED)


@pytest.fixture(scope="module")
def compared(scenario: pp.Scenario) -> pd.DataFrame:
    other = scenario.with_link("dd", "el", "SS", 6)
    return pp.compare({"plan": scenario, "overlap": other}, draws=DRAWS, seed=SEED)


@pytest.fixture(scope="module")
def assessed(scenario: pp.Scenario) -> tuple[pd.DataFrame, pp.Scenario]:
    now = scenario.with_progress(
        {"pa": {"started": 0, "finished": 0}, "ps": {"started": 0, "remaining_months": 4}},
        status_date=3,
    )
    return pp.progress.assess(scenario, now, draws=DRAWS, seed=SEED), now


def test_the_rule_is_the_inverted_cdf() -> None:
    rng = np.random.default_rng(0)
    v = rng.lognormal(size=999)
    for q in (0.0, 0.1, 0.5, 0.8, 0.9, 0.999, 1.0):
        assert pp.stats.quantile(v, q) == float(np.quantile(v, q, method="inverted_cdf"))
    # no interpolation: P80 of 1..10 is the 8th value, where the linear rule gives 8.2
    assert pp.stats.quantile(np.arange(1.0, 11.0), 0.8) == 8.0


def test_p80_finish_through_every_route(
    sim: pp.Simulation,
    compared: pd.DataFrame,
    assessed: tuple[pd.DataFrame, pp.Scenario],
) -> None:
    p80 = sim.pvalue(0.8)
    assert np.isfinite(p80)
    assert sim.summary().loc["project", "P80"] == p80
    assert pp.risk.summary(sim).loc["project", "P80"] == p80
    assert pp.stats.quantile(sim.finish, 0.8) == p80
    assert compared.loc[("finish", "project finish P80 (months)"), "plan"] == p80
    table, _ = assessed
    assert table.loc["project finish", "baseline_p80"] == p80
    # the CDF plot marks P80 at the same number (vertical line and label)
    ax = sim.plot_cdf()
    label = next(t for t in ax.texts if t.get_text().startswith("P80"))
    assert label.xy[0] == p80
    assert label.get_text() == f"P80 {p80:.1f}"
    assert p80 in [line.get_xdata()[0] for line in ax.lines[1:]]
    ax = sim.plot_histogram()
    assert p80 in [line.get_xdata()[0] for line in ax.lines]


def test_situation_and_milestone_p80_agree(sim: pp.Simulation, compared: pd.DataFrame) -> None:
    summary = sim.summary()
    for sit in sim.situation_ids:
        p80 = sim.pvalue(0.8, f"finish:{sit}")
        assert summary.loc[sit, "P80"] == p80
        assert compared.loc[("finish", f"{sit} finish P80 (months)"), "plan"] == p80
    for m in pp.options.milestones(sim.scenario):
        p80 = pp.stats.quantile(sim.finish_of(m), 0.8)
        if m in summary.index:
            assert summary.loc[m, "P80"] == p80
        assert compared.loc[("finish", f"{m} P80 (months)"), "plan"] == p80


def test_funding_gap_p80_through_every_route(
    scenario: pp.Scenario,
    sim: pp.Simulation,
    compared: pd.DataFrame,
    assessed: tuple[pd.DataFrame, pp.Scenario],
) -> None:
    gap = sim.summary().loc["funding_gap_usd", "P80"]
    assert gap > 0.0  # the post-war template's pledges fall short: a figure worth checking
    assert sim.pvalue(0.8, "funding_gap") == gap
    assert sim.financing().loc["total", "gap_p80"] == gap
    assert compared.loc[("money", "largest funding gap P80 (US$)"), "plan"] == gap
    table, _ = assessed
    assert table.loc["largest funding gap P80 (US$)", "baseline_p80"] == gap
    fig = pp.financing_plot.plot_financing(scenario.schedule(), sim)
    title = fig.axes[0].get_title()
    assert title.endswith(f"(largest gap P80: ${gap / 1e6:,.1f}m)"), title


def test_simulation_money_is_the_engines(sim: pp.Simulation) -> None:
    cols = sim.columns
    by_source = sim.financing("source")
    for s in sim.scenario.source_ids:
        cost = np.asarray(cols[f"cost:{s}"], float)
        received = np.asarray(cols[f"received:{s}"], float)
        assert by_source.loc[s, "committed_p80"] == pp.stats.quantile(cost, 0.8)
        assert by_source.loc[s, "received_p20"] == pp.stats.quantile(received, 0.2)
    grid = sim.financing("time")
    curve = np.asarray(cols["committed_curve"], float)
    curve = curve[np.isfinite(curve).all(axis=1)]
    assert grid["committed_p80"].tolist() == pp.stats.quantiles(curve, [0.8])[0].tolist()


def test_plan_financing_is_the_cores(scenario: pp.Scenario) -> None:
    plan = scenario.schedule()
    core = pp._core._stats_plan_financing(plan._core, "kind")
    table = plan.financing()
    for col in ("pledged_usd", "received_usd", "committed_usd", "gap_usd"):
        assert table[col].tolist() == core[col]
    by_source = plan.financing("source")
    funding = pd.DataFrame(plan.funding_table()).set_index("source")
    assert by_source["pledged_usd"].tolist() == funding["pledged_usd"].tolist()
    # the plan's gap month by month never exceeds the largest gap of the kind table
    time = plan.financing("time")
    within = time["months"] <= plan.makespan
    assert time.loc[within, "gap_usd"].max() <= table.loc["total", "gap_usd"]


def test_plan_gap_analytic() -> None:
    # one 12-month intervention costing 120, spread evenly (10 a month), funded by one grant:
    # 30 arrive at month 0 and 90 at month 12. Just before month 12, 120 is committed against 30
    # received: the largest gap is 90 (reached just before the inflow, not at a breakpoint).
    sc = pp.Scenario.from_toml(
        """
schema = 1
name = "one grant"
[[interventions]]
id = "a"
duration_months = 12
cost_usd = 120
funding = ["g"]
cost_timing = "spread"
[[sources]]
id = "g"
kind = "grant"
pledges = [{amount_usd = 30, at_months = 0}, {amount_usd = 90, at_months = 12}]
"""
    )
    plan = sc.cpm()
    f = plan.financing()
    assert f.loc["grant"].tolist() == [120.0, 120.0, 120.0, 90.0]
    assert f.loc["total"].tolist() == f.loc["grant"].tolist()
    assert f.loc["assessed"].tolist() == [0.0, 0.0, 0.0, 0.0]
    assert not np.signbit(f.to_numpy()).any()  # no -0.0 from empty sums
    t = plan.financing("time").set_index("months")
    assert t.loc[6.0, "committed_usd"] == 60.0
    assert t.loc[6.0, "gap_usd"] == 30.0


def test_progress_assessment_figures(
    sim: pp.Simulation, assessed: tuple[pd.DataFrame, pp.Scenario]
) -> None:
    table, now = assessed
    current = now.simulate(draws=DRAWS, seed=SEED)
    row = table.loc["project finish"]
    assert row["baseline_p50"] == sim.pvalue(0.5)
    assert row["current_p80"] == current.pvalue(0.8)
    assert row["slip_p80"] == current.pvalue(0.8) - sim.pvalue(0.8)
    relapse = table.loc["relapse risk 10y"]
    assert relapse["current_p50"] == current.summary().loc["relapse_10y", "mean"]


def test_tornado_swings_are_the_rust_analysis(scenario: pp.Scenario) -> None:
    study = pp.Study(
        scenario,
        uncertainties={
            "interventions.dd.duration.scale": (0.8, 1.6),
            "interventions.el.duration.scale": (0.8, 1.5),
        },
        outcomes=["finish.p80"],
        draws=50,
        seed=3,
        progress=False,
    )
    tornado = study.tornado()
    base, low, high = (tornado.arrays[k][0, 0] for k in ("base", "low", "high"))
    # the Rust tornado analysis of the same one-at-a-time outcomes
    y = [base[0], low[0], high[0], low[1], high[1]]
    b, bars = pp._core._explore_tornado(y, 2)
    assert b == base[0]
    for i, lo, hi, swing in bars:
        assert (low[i], high[i], tornado.arrays["swing"][0, 0, i]) == (lo, hi, swing)
    # the same futures evaluated through another design: a 3-level factorial holds the
    # one-at-a-time rows (each input at an end, the other at its midpoint)
    grid = study.factorial(levels=3).to_pandas()
    x = grid.iloc[:, 1:3].to_numpy()
    y_grid = grid["finish.p80"].to_numpy()
    lo_x, hi_x = x.min(axis=0), x.max(axis=0)
    mid = (lo_x + hi_x) / 2
    for i in range(2):
        other = 1 - i
        at_mid = np.isclose(x[:, other], mid[other])
        assert y_grid[at_mid & (x[:, i] == lo_x[i])].tolist() == [low[i]]
        assert y_grid[at_mid & (x[:, i] == hi_x[i])].tolist() == [high[i]]


def test_formatted_comparison_prints_the_same_p80(
    sim: pp.Simulation, compared: pd.DataFrame
) -> None:
    text = pp.options.formatted(compared).loc[("finish", "project finish P80 (months)"), "plan"]
    value = float(re.split(r" ± ", text)[0].replace(",", ""))
    assert value == round(sim.pvalue(0.8), 1)
