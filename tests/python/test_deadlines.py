"""Deadlines as an objective from Python: the search meets a deadline at the cost of a longer
makespan, ``Plan.weighted_tardiness``, and ``hard_deadlines=True`` errors naming the binding cause.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import peaceplan as pp
import pytest
from peaceplan.frames import deadline_text

# One desk: a (3 mo) leads to c (5 mo, no staff); b (2 mo) is due at month 2. Makespan first puts
# a first (finish 8, b late 3); deadlines first put b first (finish 10, nothing late).
DESK: dict[str, Any] = {
    "schema": 1,
    "name": "one desk",
    "pools": [{"id": "desk", "capacity": 1}],
    "interventions": [
        {"id": "a", "duration_months": 3, "staff": {"desk": 1}},
        {"id": "b", "duration_months": 2, "staff": {"desk": 1}, "deadline_months": 2},
        {"id": "c", "duration_months": 5, "after": ["a"]},
    ],
}


def test_search_meets_the_deadline() -> None:
    sc = pp.Scenario.from_dict(DESK)
    serial = sc.schedule(method="serial")
    assert (serial.makespan, serial.weighted_tardiness) == (8.0, 3.0)
    plan = sc.schedule(method="search", max_schedules=300, seed=4)
    assert (plan.makespan, plan.weighted_tardiness) == (10.0, 0.0)
    df = plan.to_pandas().set_index("id")
    assert df.loc["b", "start"] == 0.0
    assert df["lateness"].tolist() == [0.0, 0.0, 0.0]
    assert df["deadline_weight"].tolist() == [1.0, 1.0, 1.0]
    assert deadline_text(plan) == "0 of 1 missed, weighted tardiness 0.0 months"
    assert "<b>deadlines</b> 1 of 1 missed, weighted tardiness 3.0 months" in serial._repr_html_()


def test_deadline_weight_counts_and_round_trips(tmp_path: Path) -> None:
    data: dict[str, Any] = {
        "schema": 1,
        "name": "two due",
        "pools": [{"id": "desk", "capacity": 1}],
        "interventions": [
            {"id": "x", "duration_months": 2, "staff": {"desk": 1}, "deadline_months": 2},
            {
                "id": "y",
                "duration_months": 2,
                "staff": {"desk": 1},
                "deadline_months": 2,
                "deadline_weight": 3,
            },
        ],
    }
    sc = pp.Scenario.from_dict(data)
    plan = sc.schedule(method="search", max_schedules=100)
    starts = dict(zip(plan.ids, plan.start.tolist(), strict=True))
    assert starts == {"y": 0.0, "x": 2.0}
    assert plan.weighted_tardiness == 2.0
    assert sc.to_pandas()["deadline_weight"].tolist() == [1.0, 3.0]
    assert pp.Scenario.from_toml(sc.to_toml()) == sc
    assert pp.read_csv(pp.tables.to_csv(sc, tmp_path / "csv")) == sc
    data["interventions"][1]["deadline_weight"] = -1
    with pytest.raises(pp.ValidationError) as info:
        pp.Scenario.from_dict(data).validate()
    (issue,) = info.value.errors()
    assert issue["path"] == "interventions[1].deadline_weight"
    assert "`y`" in issue["message"]


def _hard(data: dict[str, Any]) -> pp.InfeasibleError:
    with pytest.raises(pp.InfeasibleError) as info:
        pp.Scenario.from_dict(data).schedule(method="search", hard_deadlines=True)
    return info.value


def test_hard_deadline_names_the_pool_and_month() -> None:
    data: dict[str, Any] = {
        "schema": 1,
        "name": "recruiting",
        "pools": [
            {"id": "desk", "capacity": [{"from_months": 0, "fte": 0}, {"from_months": 6, "fte": 1}]}
        ],
        "interventions": [
            {"id": "x", "duration_months": 2, "staff": {"desk": 1}, "deadline_months": 5}
        ],
    }
    err = _hard(data)
    assert (err.intervention, err.resource, err.shortfall) == ("x", "deadline:pool:desk", 3.0)
    assert "staff of pool `desk`, free from month 6 (when its capacity rises to 1 FTE)" in str(err)


def test_hard_deadline_traces_a_link_to_the_source_and_month() -> None:
    data: dict[str, Any] = {
        "schema": 1,
        "name": "late money",
        "sources": [
            {"id": "pbf", "kind": "voluntary", "pledges": [{"amount_usd": 2e6, "at_months": 7}]}
        ],
        "interventions": [
            {"id": "x", "duration_months": 2, "cost_usd": 2e6, "funding": ["pbf"]},
            {"id": "y", "duration_months": 1, "after": ["x"], "deadline_months": 9},
        ],
    }
    err = _hard(data)
    assert (err.intervention, err.resource) == ("y", "deadline:source:pbf")
    message = str(err)
    assert "`y` starts at month 9 after `x` (FS link)" in message
    assert "`x` waits for money from source `pbf`, which arrives at month 7" in message


def test_hard_deadline_impossible_by_release_or_links() -> None:
    err = _hard(
        {
            "schema": 1,
            "name": "release",
            "interventions": [
                {"id": "a", "duration_months": 3, "not_before_months": 10},
                {"id": "b", "duration_months": 2, "after": ["a"], "deadline_months": 12},
            ],
        }
    )
    assert (err.resource, err.shortfall) == ("deadline:release:a", 3.0)
    assert "release date of `a`, month 10" in str(err)
    err = _hard(
        {
            "schema": 1,
            "name": "links",
            "interventions": [
                {"id": "a", "duration_months": 5},
                {"id": "b", "duration_months": 5, "after": ["a"], "deadline_months": 8},
            ],
        }
    )
    assert err.resource == "deadline:links"
    assert "the critical chain `a` -> `b` is too long" in str(err)


def test_no_deadlines_no_tardiness() -> None:
    plan = pp.examples.postwar_country().cpm()
    assert plan.weighted_tardiness == 0.0
    assert deadline_text(plan) is None
    assert np.all(plan.columns()["deadline_weight"] == 1.0)
