"""The Python API of the compiled core and the pandas / HTML / plot layer on top of it."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import peaceplan as pp
import pytest
from conftest import EXPECTED, NETWORK_TOML
from matplotlib.figure import Figure
from peaceplan import frames

# --- reading and writing -------------------------------------------------------------------------


def test_toml_json_dict_round_trips(network: pp.Scenario) -> None:
    data = network.to_dict()
    assert data["name"] == "hand network"
    assert pp.Scenario.from_toml(network.to_toml()).to_dict() == data
    assert pp.Scenario.from_json(network.to_json()).to_dict() == data
    assert pp.Scenario.from_dict(data).to_dict() == data
    assert json.loads(network.to_json())["interventions"][0]["id"] == "a"
    assert pp.Scenario.from_dict(json.loads(network.to_json())).to_dict() == data


def test_load_by_extension(network: pp.Scenario, tmp_path) -> None:
    (tmp_path / "n.toml").write_text(network.to_toml(), encoding="utf-8")
    (tmp_path / "n.json").write_text(network.to_json(), encoding="utf-8")
    for name in ("n.toml", "n.json"):
        assert pp.load(tmp_path / name).to_dict() == network.to_dict()
        assert pp.Scenario.load(str(tmp_path / name)).to_dict() == network.to_dict()


def test_load_missing_and_wrong_extension(tmp_path) -> None:
    with pytest.raises(pp.PeaceplanError):
        pp.load(tmp_path / "missing.toml")
    (tmp_path / "n.txt").write_text("schema = 1", encoding="utf-8")
    with pytest.raises(pp.PeaceplanError):
        pp.load(tmp_path / "n.txt")


def test_attributes(network: pp.Scenario) -> None:
    assert network.name == "hand network"
    assert network.description == "six interventions, four link types"
    assert network.start_date == "2024-01-01"
    assert network.intervention_ids == ["a", "b", "c", "d", "e", "f"]
    assert network.pool_ids == ["planning"]
    assert network.source_ids == ["pbf"]


def test_tables(network: pp.Scenario) -> None:
    table = network.interventions_table()
    assert table["id"] == network.intervention_ids
    assert table["duration_mode"][1] == 4.0
    assert table["staff_fte"][0] == 1.0
    links = network.links_table()
    kinds = {(f, t): k for f, t, k in zip(links["from"], links["to"], links["type"], strict=True)}
    assert kinds == {
        ("a", "b"): "FS",
        ("a", "c"): "SS",
        ("b", "d"): "FF",
        ("c", "e"): "SF",
        ("d", "f"): "FS",
        ("e", "f"): "FS",
    }
    assert sorted(set(links["origin"])) == ["after", "links"]


# --- errors --------------------------------------------------------------------------------------


def test_parse_error_toml_has_line_and_column() -> None:
    with pytest.raises(pp.ParseError) as info:
        pp.Scenario.from_toml('schema = 1\nname = = "x"\n')
    assert info.value.line == 2
    assert info.value.column is not None
    assert isinstance(info.value, ValueError)


def test_parse_error_json_has_line_and_column() -> None:
    with pytest.raises(pp.ParseError) as info:
        pp.Scenario.from_json('{"schema": 1,\n "name": }')
    assert info.value.line == 2
    assert info.value.column is not None


def test_parse_error_unknown_key_has_path() -> None:
    text = NETWORK_TOML.replace('name = "Bravo"', 'name = "Bravo"\ncolour = "red"')
    with pytest.raises(pp.ParseError) as info:
        pp.Scenario.from_toml(text)
    assert info.value.path == "interventions[1].colour"
    assert "colour" in str(info.value)


BROKEN = {
    "schema": 1,
    "name": "broken",
    "interventions": [
        {"id": "a", "duration_months": 3},
        {"id": "a", "duration_months": 2},  # duplicate id
        {"id": "b", "duration_months": -1, "after": ["zz"]},  # negative, unknown predecessor
        {"id": "c", "duration_months": {"pert": [9, 5, 7]}},  # min > mode
    ],
}


def test_validation_reports_every_problem() -> None:
    sc = pp.Scenario.from_dict(BROKEN)
    with pytest.raises(pp.ValidationError) as info:
        sc.validate()
    errors = info.value.errors()
    assert isinstance(info.value, ValueError)
    assert errors == sc.issues()
    assert len(errors) >= 4
    for error in errors:
        assert set(error) >= {"path", "message", "kind"}
        assert error["message"]
    by_path = {e["path"]: e["kind"] for e in errors}
    assert by_path.get("interventions[1].id") == "duplicate_id"
    assert by_path.get("interventions[2].after[0]") == "unknown_id"
    assert any(p.startswith("interventions[2].duration_months") for p in by_path)
    assert any(p.startswith("interventions[3].duration_months") for p in by_path)
    with pytest.raises(pp.ValidationError):
        sc.cpm()


def test_cycle_error() -> None:
    sc = pp.Scenario.from_dict(
        {
            "schema": 1,
            "name": "loop",
            "interventions": [
                {"id": "a", "duration_months": 1, "after": ["c"]},
                {"id": "b", "duration_months": 1, "after": ["a"]},
                {"id": "c", "duration_months": 1, "after": ["b"]},
            ],
        }
    )
    with pytest.raises(pp.CycleError) as info:
        sc.validate()
    assert isinstance(info.value, pp.ValidationError)
    assert any(e["kind"] == "cycle" for e in info.value.errors())
    assert all(name in str(info.value) for name in ("a", "b", "c"))


# --- CPM -----------------------------------------------------------------------------------------


def test_cpm_hand_computed(network: pp.Scenario) -> None:
    plan = network.cpm()
    assert plan.method == "cpm"
    assert plan.durations == "mode"
    assert plan.scenario_name == "hand network"
    assert plan.ids == network.intervention_ids
    assert plan.makespan == pytest.approx(10.0)
    assert plan.critical_path == ["a", "b", "d", "f"]
    cols = plan.columns()
    names = ("start", "finish", "late_start", "late_finish", "total_float", "free_float")
    for i, ident in enumerate(cols["id"]):
        got = tuple(float(cols[name][i]) for name in names)
        assert got == pytest.approx(EXPECTED[ident]), ident
    np.testing.assert_allclose(plan.start, cols["start"])
    np.testing.assert_allclose(plan.finish, cols["finish"])
    assert cols["critical"].tolist() == [True, True, False, True, False, True]
    assert np.isnan(cols["deadline"]).all()


def test_cpm_staff_and_money(network: pp.Scenario) -> None:
    plan = network.cpm()
    # a (1.0 FTE) runs 0-3, c (0.5) runs 2-4, b (0.5) runs 4-8: peak 1.5 during 2-3.
    assert plan.peak_staff() == pytest.approx({"planning": 1.5})
    profile = plan.staff_profile("planning")
    assert list(profile.columns) == ["from_months", "to_months", "fte", "capacity_fte"]
    assert profile["fte"].max() == pytest.approx(1.5)
    assert (profile["to_months"] > profile["from_months"]).all()
    # 4 m$ of cost against a 2 m$ pledge.
    funding = plan.funding_table()
    assert funding["source"] == ["pbf"]
    assert funding["pledged_usd"][0] == pytest.approx(2e6)
    assert funding["allocated_usd"][0] + plan.unfunded_usd == pytest.approx(4e6)


def test_deadline_lateness(network: pp.Scenario) -> None:
    data = network.to_dict()
    data["interventions"][5]["deadline_months"] = 9.0
    plan = pp.Scenario.from_dict(data).cpm()
    cols = plan.columns()
    assert cols["deadline"][5] == 9.0
    assert cols["lateness"][5] == pytest.approx(1.0)


PERT = {
    "schema": 1,
    "name": "pert",
    "interventions": [
        {"id": "x", "duration_months": {"pert": [2, 3, 10]}},  # mean (2 + 4*3 + 10) / 6 = 4
        {"id": "y", "duration_months": 1, "after": ["x"]},
    ],
}


@pytest.mark.parametrize(
    ("durations", "makespan"), [("mode", 4.0), ("mean", 5.0), ("min", 3.0), ("max", 11.0)]
)
def test_durations_points(durations: str, makespan: float) -> None:
    plan = pp.Scenario.from_dict(PERT).cpm(durations)
    assert plan.makespan == pytest.approx(makespan)
    assert plan.durations == durations


def test_durations_quantiles_are_monotone() -> None:
    sc = pp.Scenario.from_dict(PERT)
    spans = [sc.cpm(q).makespan for q in (0.1, 0.5, 0.9)]
    assert 3.0 < spans[0] < spans[1] < spans[2] < 11.0


@pytest.mark.parametrize("bad", ["median", "", 0.0, 1.0, 1.5, -0.2, math.nan])
def test_invalid_durations(bad: str | float) -> None:
    with pytest.raises(ValueError):
        pp.Scenario.from_dict(PERT).cpm(bad)


# --- options are new scenarios -------------------------------------------------------------------


def test_with_link_returns_a_new_scenario(network: pp.Scenario) -> None:
    before = network.to_dict()
    longer = network.with_link("a", "f", "FS", lag_months=20.0)
    assert network.to_dict() == before
    assert network.cpm().makespan == pytest.approx(10.0)
    assert longer.cpm().makespan == pytest.approx(23.0)  # a ends at 3, + 20
    # Replacing the SF link c -> e by FS+0: e starts at 4, ends 7; still finish 10.
    replaced = network.with_link("c", "e", "FS")
    links = replaced.links_table()
    pairs = [(f, t) for f, t in zip(links["from"], links["to"], strict=True)]
    assert pairs.count(("c", "e")) == 1
    cols = replaced.cpm().columns()
    assert cols["start"][4] == pytest.approx(4.0)


def test_without_link(network: pp.Scenario) -> None:
    loose = network.without_link("b", "d")  # d no longer waits for b: a, then d via nothing
    assert len(loose.links_table()["from"]) == len(network.links_table()["from"]) - 1
    assert len(network.links_table()["from"]) == 6
    # Without FF b->d, d starts at 0 and ends 5; e ends at 8 -> finish max(8, 5, b's 8) = 8.
    assert loose.cpm().makespan == pytest.approx(8.0)
    # `after` entries go too.
    assert network.without_link("d", "f").cpm().columns()["start"][5] == pytest.approx(8.0)


def test_without_missing_link_raises(network: pp.Scenario) -> None:
    with pytest.raises(KeyError):
        network.without_link("a", "f")


# --- pandas, HTML, plots -------------------------------------------------------------------------


def test_scenario_to_pandas(network: pp.Scenario) -> None:
    df = network.to_pandas()
    assert isinstance(df, pd.DataFrame)
    assert df["id"].tolist() == network.intervention_ids
    assert {"name", "duration", "duration_mode", "staff_fte", "funding", "after"} <= set(df.columns)
    assert "Bravo" in network._repr_html_()


def test_plan_to_pandas_columns(network: pp.Scenario) -> None:
    df = network.cpm().to_pandas()
    assert list(df.columns[:8]) == [
        "id",
        "name",
        "situation",
        "start",
        "finish",
        "total_float",
        "free_float",
        "critical",
    ]
    assert list(df.columns[8:14]) == [
        "duration",
        "late_start",
        "late_finish",
        "deadline",
        "lateness",
        "cost_usd",
    ]
    assert df["critical"].dtype == bool
    assert df.loc[df["critical"], "id"].tolist() == ["a", "b", "d", "f"]


def test_calendar_columns(network: pp.Scenario) -> None:
    df = network.cpm().to_pandas()
    assert df["start_date"].iloc[0] == pd.Timestamp("2024-01-01")
    # b starts at month 4 = 121.75 days -> 1 May 2024 (31 + 29 + 31 + 30 = 121 days, leap year).
    assert df["start_date"].iloc[1] == pd.Timestamp("2024-05-01")
    assert (df["start_date"] == df["start_date"].dt.normalize()).all()
    assert frames.month_dates("2025-01-01", 12.0) == pd.Timestamp("2026-01-01")


def test_no_calendar_columns_without_start_date(network: pp.Scenario) -> None:
    data = network.to_dict()
    del data["start_date"]
    df = pp.Scenario.from_dict(data).cpm().to_pandas()
    assert "start_date" not in df.columns
    assert "finish_date" not in df.columns


def test_plan_repr_html_shows_critical_path(network: pp.Scenario) -> None:
    text = network.cpm()._repr_html_()
    assert "a → b → d → f" in text
    assert "10.0 months" in text
    assert "<table" in text


def test_gantt_one_bar_per_intervention(network: pp.Scenario) -> None:
    fig = network.cpm().gantt()
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    (bars,) = [c for c in ax.containers if c.get_label() == "interventions"]
    assert len(bars) == 6
    assert "critical path" in [t.get_text() for t in ax.get_legend().get_texts()]


def test_gantt_on_given_axes(network: pp.Scenario) -> None:
    fig = Figure()
    ax = fig.add_subplot()
    assert network.cpm().gantt(ax=ax) is fig
    assert pp.plot.gantt(network.cpm(), ax=ax, title="") is fig


def test_compare_gantt(network: pp.Scenario) -> None:
    plans = {"as is": network.cpm(), "longer": network.with_link("a", "f", lag_months=20).cpm()}
    fig = pp.plot.compare_gantt(plans)
    titles = [ax.get_title(loc="left") for ax in fig.axes if ax.get_title(loc="left")]
    assert titles == ["as is: finish at month 10.0", "longer: finish at month 23.0"]


def test_scenario_html_lists_problems() -> None:
    text = pp.Scenario.from_dict(BROKEN)._repr_html_()
    assert "interventions[2].after[0]" in text
    assert "problems" in text


def test_report_is_written_atomically(network: pp.Scenario, tmp_path) -> None:
    from peaceplan.report import write_html_report

    target = tmp_path / "report.html"
    target.write_text("old", encoding="utf-8")
    assert write_html_report(target, network, network.cpm()) == target
    text = target.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and "<svg" in text and "a → b → d → f" in text
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]
    with pytest.raises(FileNotFoundError):
        write_html_report(tmp_path / "missing" / "r.html", network, network.cpm())
