"""Constrained scheduling from Python: hand-computed starts, delays, profiles, errors, plots."""

from __future__ import annotations

import copy
from typing import Any

import matplotlib
import numpy as np
import pandas as pd
import peaceplan as pp
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from peaceplan.cli import main
from peaceplan.frames import DELAY_COLUMNS

EPS = 1e-9
METHODS = ("serial", "parallel", "search")

# One pool whose capacity rises from 1 to 2 FTE at month 6, one source with $1m at once and $2m at
# month 7; costs are committed at the start.
#
#   a  4 mo  1 FTE  $1m          CPM 0-4   -> 0-4: 1 FTE free, $1m there
#   b  3 mo  2 FTE               CPM 0-3   -> 6-9: 2 FTE only from month 6        delay 6 (pool p)
#   c  2 mo         $2m  after a CPM 4-6   -> 7-9: the $2m arrives at month 7     delay 3 (source s)
#   d  1 mo              after c CPM 6-7   -> 9-10                                delay 3 (link c)
# Makespan 10 against 7 on the critical path, whatever the method or priority rule.
HAND: dict[str, Any] = {
    "schema": 1,
    "name": "hand constrained",
    "pools": [
        {"id": "p", "capacity": [{"from_months": 0, "fte": 1}, {"from_months": 6, "fte": 2}]}
    ],
    "sources": [
        {
            "id": "s",
            "kind": "voluntary",
            "pledges": [{"amount_usd": 1e6}, {"amount_usd": 2e6, "at_months": 7}],
        }
    ],
    "interventions": [
        {"id": "a", "name": "Alpha", "duration_months": 4, "staff": {"p": 1}, "cost_usd": 1e6,
         "funding": ["s"]},
        {"id": "b", "name": "Bravo", "duration_months": 3, "staff": {"p": 2}},
        {"id": "c", "name": "Charlie", "duration_months": 2, "cost_usd": 2e6, "funding": ["s"],
         "after": ["a"]},
        {"id": "d", "name": "Delta", "duration_months": 1, "after": ["c"]},
    ],
}  # fmt: skip
HAND_START = {"a": 0.0, "b": 6.0, "c": 7.0, "d": 9.0}


def _hand(**changes: Any) -> pp.Scenario:
    data = copy.deepcopy(HAND)
    for ident, values in changes.items():
        iv = next(i for i in data["interventions"] if i["id"] == ident)
        iv.update(values)
    return pp.Scenario.from_dict(data)


@pytest.fixture
def hand() -> pp.Scenario:
    return _hand()


@pytest.mark.parametrize("method", METHODS)
def test_hand_starts(hand: pp.Scenario, method: str) -> None:
    plan = hand.schedule(method=method, max_schedules=200)
    assert plan.method == method
    starts = dict(zip(plan.ids, plan.start.tolist(), strict=True))
    assert starts == pytest.approx(HAND_START)
    assert plan.makespan == pytest.approx(10.0)
    assert hand.cpm().makespan == pytest.approx(7.0)
    assert plan.schedules_used == (200 if method == "search" else 1)
    assert plan.to_pandas()["mode"].tolist() == ["base"] * 4


@pytest.mark.parametrize("rule", ["lft", "lst", "minslack", "grpw", "mts", "random", "rbrs"])
def test_hand_starts_every_rule(hand: pp.Scenario, rule: str) -> None:
    plan = hand.schedule(method="serial", rule=rule)
    assert dict(zip(plan.ids, plan.start.tolist(), strict=True)) == pytest.approx(HAND_START)


def test_delays_name_the_cause(hand: pp.Scenario) -> None:
    df = hand.schedule().delays()
    assert list(df.columns) == list(DELAY_COLUMNS)
    assert df["id"].tolist() == ["b", "c", "d"]  # longest delay first, ties by id
    rows = df.set_index("id")
    assert rows.loc["b", ["cause", "resource"]].tolist() == ["pool", "p"]
    assert rows.loc["c", ["cause", "resource"]].tolist() == ["source", "s"]
    assert rows.loc["d", ["cause", "resource"]].tolist() == ["link", "c"]
    assert rows["delay_months"].to_dict() == pytest.approx({"b": 6.0, "c": 3.0, "d": 3.0})
    assert rows.loc["b", "name"] == "Bravo"
    assert rows.loc["c", "explanation"] == (
        "held back 3.0 months by source `s` (waiting for money)"
    )


def test_delays_empty_for_cpm(hand: pp.Scenario) -> None:
    df = hand.cpm().delays()
    assert df.empty
    assert list(df.columns) == list(DELAY_COLUMNS)


def test_delay_causes_sum_to_delay_on_template() -> None:
    sc = pp.report.with_office_staff(pp.examples.postwar_country(), pp.examples.pbso_office())
    plan = sc.schedule(method="search", max_schedules=500, seed=0)
    cpm_start = dict(zip(sc.cpm().ids, sc.cpm().start.tolist(), strict=True))
    start = dict(zip(plan.ids, plan.start.tolist(), strict=True))
    df = plan.delays()
    assert not df.empty
    assert set(df["cause"]) <= {"pool", "source", "link", "release", "situation"}
    for ident, rows in df.groupby("id"):
        assert rows["months"].sum() == pytest.approx(rows["delay_months"].iloc[0], abs=1e-6)
        assert rows["delay_months"].iloc[0] == pytest.approx(
            start[ident] - cpm_start[ident], abs=1e-6
        )
        for cause, resource in zip(rows["cause"], rows["resource"], strict=True):
            if cause == "pool":
                assert resource in plan.pool_ids
            elif cause == "source":
                assert resource in plan.source_ids
            elif cause == "link":
                assert resource in plan.ids
    # Every intervention that starts late has an explanation, and no other.
    late = {i for i in plan.ids if start[i] > cpm_start[i] + 1e-6}
    assert set(df["id"]) == late
    assert (df["delay_months"].diff().dropna() <= 1e-12).all()  # sorted, longest first


def test_staff_profile_within_capacity(hand: pp.Scenario) -> None:
    prof = hand.schedule().staff_profile("p")
    assert list(prof.columns) == ["from_months", "to_months", "fte", "capacity_fte"]
    assert (prof["fte"] <= prof["capacity_fte"] + EPS).all()
    assert (prof["to_months"] > prof["from_months"]).all()
    # Demand 1 over 0-4, 0 over 4-6, 2 over 6-9; capacity 1 then 2 from month 6.
    expected = pd.DataFrame(
        {"from_months": [0.0, 4.0, 6.0, 9.0], "to_months": [4.0, 6.0, 9.0, np.inf],
         "fte": [1.0, 0.0, 2.0, 0.0], "capacity_fte": [1.0, 1.0, 2.0, 2.0]}
    )  # fmt: skip
    pd.testing.assert_frame_equal(prof, expected)


def test_staff_profile_shows_cpm_overload(hand: pp.Scenario) -> None:
    prof = hand.cpm().staff_profile("p")
    # The critical-path plan runs a (1 FTE) and b (2 FTE) together on a 1-FTE pool.
    assert (prof["fte"] > prof["capacity_fte"]).any()


def test_template_profiles_and_balances() -> None:
    sc = pp.report.with_office_staff(pp.examples.postwar_country(), pp.examples.pbso_office())
    plan = sc.schedule(method="parallel")
    for pool in plan.pool_ids:
        prof = plan.staff_profile(pool)
        assert (prof["fte"] <= prof["capacity_fte"] + 1e-6).all(), pool
    for source in plan.source_ids:
        bal = plan.funding_balance(source)
        assert list(bal.columns) == ["months", "balance_usd"]
        assert (np.diff(bal["months"]) >= 0).all()
        assert bal["balance_usd"].min() >= -1e-3, source
    use = plan.utilisation()
    assert set(use) == set(plan.pool_ids)
    assert all(0.0 <= u <= 1.0 + 1e-9 for u in use.values())


def test_funding_balance_hand(hand: pp.Scenario) -> None:
    bal = hand.schedule().funding_balance("s")
    assert bal["balance_usd"].min() >= -1e-6
    # $1m arrives at 0 and goes to a; $2m arrives at 7 and goes to c.
    assert bal["balance_usd"].max() == pytest.approx(0.0, abs=1e-6)
    assert bal["months"].max() == pytest.approx(7.0)


def test_situations_frame_columns(hand: pp.Scenario) -> None:
    df = pp.frames.situations_frame(hand.schedule())
    assert list(df.columns) == ["id", "finish", "cpm_finish", "delay"]
    assert df.empty


def test_infeasible_money() -> None:
    sc = _hand(c={"cost_usd": 5e6})
    with pytest.raises(pp.InfeasibleError) as info:
        sc.schedule()
    err = info.value
    assert isinstance(err, ValueError)
    assert err.intervention == "c"
    assert err.resource == "s"
    assert err.shortfall == pytest.approx(2e6)  # $5m needed, $3m ever pledged


def test_infeasible_hard_deadline() -> None:
    sc = _hand(c={"deadline_months": 8})
    plan = sc.schedule()  # soft: reported as lateness
    assert plan.columns()["lateness"].tolist() == pytest.approx([0.0, 0.0, 1.0, 0.0])
    with pytest.raises(pp.InfeasibleError) as info:
        sc.schedule(hard_deadlines=True)
    # the binding cause: c waits for the $2m that arrive at month 7 (see test_deadlines.py)
    assert (info.value.intervention, info.value.resource) == ("c", "deadline:source:s")
    assert info.value.shortfall == pytest.approx(1.0)


@pytest.mark.parametrize(
    "options",
    [
        {"max_schedules": 0},
        {"seed": -1},
        {"method": "annealing"},
        {"rule": "fifo"},
        {"durations": "median"},
    ],
)
def test_bad_options(hand: pp.Scenario, options: dict[str, Any]) -> None:
    with pytest.raises(pp.ArgumentError) as info:
        hand.schedule(**options)
    assert next(iter(options)) in str(info.value)


def test_same_seed_same_plan() -> None:
    sc = pp.examples.postwar_country()
    one = sc.schedule(method="search", max_schedules=300, seed=11)
    two = sc.schedule(method="search", max_schedules=300, seed=11)
    np.testing.assert_array_equal(one.start, two.start)
    assert one.modes == two.modes
    pd.testing.assert_frame_equal(one.delays(), two.delays())


def test_gantt_with_load_panels(hand: pp.Scenario) -> None:
    plan = hand.schedule()
    fig = plan.gantt()
    assert isinstance(fig, matplotlib.figure.Figure)
    assert len(fig.axes) == 1 + len(plan.pool_ids)
    assert len(pp.plot.gantt(plan, show_load=False).axes) == 1
    assert len(pp.plot.gantt(hand.cpm()).axes) == 1  # CPM: bars only by default
    assert len(pp.plot.gantt(hand.cpm(), show_load=True).axes) == 2
    # A caller's axes gets the bars only.
    other, ax = matplotlib.pyplot.subplots()
    assert plan.gantt(ax=ax) is other
    assert len(other.axes) == 1
    matplotlib.pyplot.close(other)


def test_plot_funding_balance() -> None:
    plan = pp.examples.postwar_country().schedule()
    fig = pp.plot.plot_funding_balance(plan)
    assert len(fig.axes) == len(plan.source_ids)
    other, ax = matplotlib.pyplot.subplots()
    assert pp.plot.plot_funding_balance(plan, ["pbf", "voluntary"], ax=ax) is other
    assert len(ax.get_lines()) >= 2
    matplotlib.pyplot.close(other)
    with pytest.raises(pp.UnknownIdError):
        pp.plot.plot_funding_balance(plan, ["nowhere"])


def test_plan_html_constrained(hand: pp.Scenario) -> None:
    text = hand.schedule(method="search", max_schedules=50)._repr_html_()
    assert "50 schedules" in text
    assert "p 71%" in text  # 10 FTE-months used of 1*6 + 2*4 = 14 available
    assert "staff use" not in hand.cpm()._repr_html_()


# ---------------------------------------------------------------------------------------------
# Property test: random small scenarios with one pool and one source.

halves = st.integers(min_value=0, max_value=16).map(lambda k: k / 2)
lags = st.integers(min_value=-4, max_value=8).map(lambda k: k / 2)
KINDS = ("FS", "SS", "FF", "SF")


@st.composite
def constrained(draw: st.DrawFn) -> dict[str, Any]:
    n = draw(st.integers(min_value=1, max_value=8))
    capacity = draw(st.integers(min_value=1, max_value=4))
    steps = [{"from_months": 0.0, "fte": float(capacity)}]
    if draw(st.booleans()):
        steps.append({"from_months": draw(halves) + 0.5, "fte": float(capacity + 2)})
    interventions: list[dict[str, Any]] = []
    links: list[dict[str, Any]] = []
    total_cost = 0.0
    for i in range(n):
        iv: dict[str, Any] = {"id": f"t{i}", "duration_months": draw(halves)}
        fte = draw(st.integers(min_value=0, max_value=capacity))
        if fte:
            iv["staff"] = {"p": float(fte)}
        cost = draw(st.integers(min_value=0, max_value=3)) * 1e6
        if cost:
            iv["cost_usd"] = cost
            iv["funding"] = ["s"]
            if draw(st.booleans()):
                iv["cost_timing"] = "spread"
            total_cost += cost
        preds = draw(st.sets(st.integers(min_value=0, max_value=i - 1), max_size=2)) if i else set()
        for k in sorted(preds):
            kind = draw(st.sampled_from(KINDS))
            if kind == "FS" and draw(st.booleans()):
                iv.setdefault("after", []).append(f"t{k}")
            else:
                links.append(
                    {"from": f"t{k}", "to": f"t{i}", "type": kind, "lag_months": draw(lags)}
                )
        interventions.append(iv)
    # Enough money in all, in up to three pledges spread over time.
    k = draw(st.integers(min_value=1, max_value=3))
    pledges = [{"amount_usd": total_cost / k + 1e6, "at_months": draw(halves)} for _ in range(k)]
    data = {
        "schema": 1,
        "name": "random constrained",
        "pools": [{"id": "p", "capacity": steps}],
        "sources": [{"id": "s", "kind": "voluntary", "pledges": pledges}],
        "interventions": interventions,
    }
    if links:
        data["links"] = links
    return data


@settings(max_examples=120, deadline=None)
@given(constrained(), st.sampled_from(METHODS))
def test_constrained_invariants(data: dict[str, Any], method: str) -> None:
    sc = pp.Scenario.from_dict(data)
    assert sc.issues() == []
    plan = sc.schedule(method=method, max_schedules=60, seed=1)
    cpm = sc.cpm()
    assert plan.makespan >= cpm.makespan - EPS
    start = dict(zip(plan.ids, plan.start.tolist(), strict=True))
    finish = dict(zip(plan.ids, plan.finish.tolist(), strict=True))
    constraints = [
        (pred, iv["id"], "FS", 0.0) for iv in data["interventions"] for pred in iv.get("after", [])
    ]
    constraints += [(k["from"], k["to"], k["type"], k["lag_months"]) for k in data.get("links", [])]
    for pred, succ, kind, lag in constraints:
        before = finish[pred] if kind[0] == "F" else start[pred]
        after = start[succ] if kind[1] == "S" else finish[succ]
        assert after >= before + lag - EPS, (pred, succ, kind, lag)
    assert min(start.values()) >= -EPS
    prof = plan.staff_profile("p")
    assert (prof["fte"] <= prof["capacity_fte"] + EPS).all()
    assert plan.funding_balance("s")["balance_usd"].min() >= -1e-3
    delays = plan.delays()
    for _, rows in delays.groupby("id"):
        assert rows["months"].sum() == pytest.approx(rows["delay_months"].iloc[0], abs=1e-6)


# ---------------------------------------------------------------------------------------------
# The `peaceplan schedule` command.


@pytest.fixture
def hand_file(tmp_path):
    path = tmp_path / "hand.json"
    path.write_text(_hand().to_json(), encoding="utf-8")
    return path


def test_cli_schedule_prints_plan_and_delays(hand_file, capsys) -> None:
    assert main(["schedule", str(hand_file)]) == 0
    printed = capsys.readouterr().out
    assert "finish month 10.0" in printed
    assert "3.0 months after the critical-path finish" in printed
    assert "held back 6.0 months by pool `p`" in printed
    assert "held back 3.0 months by source `s`" in printed
    lines = printed.splitlines()
    for ident in "abcd":
        assert any(line.split()[:1] == [ident] for line in lines), ident


@pytest.mark.parametrize("method", METHODS)
def test_cli_schedule_methods(hand_file, capsys, method: str) -> None:
    args = ["schedule", str(hand_file), "--method", method, "--rule", "lst"]
    assert main([*args, "--max-schedules", "40", "--seed", "3", "--durations", "max"]) == 0
    assert f"{method.upper()}, rule lst, max durations" in capsys.readouterr().out


def test_cli_schedule_infeasible(tmp_path, capsys) -> None:
    path = tmp_path / "poor.toml"
    path.write_text(_hand(c={"cost_usd": 5e6}).to_toml(), encoding="utf-8")
    assert main(["schedule", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "intervention c" in err
    assert "resource s" in err
    assert "2,000,000" in err
    late = tmp_path / "late.toml"
    late.write_text(_hand(c={"deadline_months": 8}).to_toml(), encoding="utf-8")
    assert main(["schedule", str(late)]) == 0
    capsys.readouterr()
    assert main(["schedule", str(late), "--hard-deadlines"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "resource deadline:source:s, shortfall 1.0 months" in err
    assert "`c` waits for money from source `s`, which arrives at month 7" in err


@pytest.mark.parametrize(
    "options",
    [["--max-schedules", "0"], ["--seed", "-1"], ["--rule", "fifo"], ["--method", "x"],
     ["--seed", "one"], ["--durations", "median"]],
)  # fmt: skip
def test_cli_schedule_bad_options(hand_file, capsys, options: list[str]) -> None:
    assert main(["schedule", str(hand_file), *options]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert err.strip()


def test_cli_schedule_invalid_file(tmp_path, capsys) -> None:
    data = copy.deepcopy(HAND)
    data["interventions"][1]["after"] = ["nowhere"]
    path = tmp_path / "bad.json"
    path.write_text(pp.Scenario.from_dict(data).to_json(), encoding="utf-8")
    assert main(["schedule", str(path)]) == 1
    assert "invalid, no plan" in capsys.readouterr().out
    assert main(["schedule", str(tmp_path / "missing.toml")]) == 2
