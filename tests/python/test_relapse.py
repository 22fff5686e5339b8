"""Relapse risk as reported to planners matches its sources (docs/relapse.md)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import peaceplan as pp

NO_REDUCERS = """
schema = 1
name = "no risk-reducing intervention"
[[interventions]]
id = "a"
duration_months = { pert = [2, 4, 9] }
"""


def test_summary_reads_the_sourced_anchors_without_reducers() -> None:
    sim = pp.Scenario.from_toml(NO_REDUCERS).simulate(draws=200, seed=1)
    summary = sim.summary()
    assert summary.loc["relapse_5y", "kind"] == "relapse"
    for row, want in [("relapse_5y", 0.30), ("relapse_10y", 0.40)]:
        for col in ("P10", "P50", "P90", "mean"):
            assert abs(summary.loc[row, col] - want) < 1e-12, (row, col)


def test_a_mission_present_for_ten_years_gives_the_doubled_spending_figure() -> None:
    text = NO_REDUCERS.replace(
        "duration_months = { pert = [2, 4, 9] }",
        "duration_months = 130\nrelapse_hazard_reduction_while_active = 0.27",
    )
    risk = pp.Scenario.from_toml(text).simulate(draws=20, seed=1).columns["relapse_10y"]
    assert np.allclose(risk, 1 - 0.6**0.73, atol=1e-12)


def test_templates_carry_the_early_elections_rule_and_the_presence_effect() -> None:
    sc = pp.examples.postwar_country()
    doc = sc.to_dict()
    assert [(r["when"], r["before"]) for r in doc["relapse_rules"]] == [("el", "dd")]
    pk = next(iv for iv in doc["interventions"] if iv["id"] == "pk")
    assert pk["relapse_hazard_reduction_while_active"] == 0.27
    assert "relapse_hazard_reduction" not in pk
    # the template's own links never let the rule fire: risk stays below the base rate
    risk = sc.simulate(draws=300, seed=3).columns["relapse_10y"]
    assert np.all((risk > 0) & (risk < 0.4))
    # elections overlapping disarmament: the rule fires in some draws
    early = sc.without_link("dd", "el").with_link("dd", "el", "SS", lag_months=6)
    s = early.simulate(draws=300, seed=3)
    assert np.any(s.finish_of("el") < s.finish_of("dd"))


def test_anchors_presence_and_rules_survive_a_workbook(tmp_path) -> None:
    doc = pp.examples.postwar_country().to_dict()
    doc["situations"] = [{"id": "x", "relapse_p5": 0.25, "relapse_p10": 0.35}]
    sc = pp.Scenario.from_dict(doc)
    frames = pp.tables.to_frames(sc)
    assert isinstance(frames["relapse_rules"], pd.DataFrame)
    assert pp.read_excel(sc.to_excel(tmp_path / "r.xlsx")) == sc
