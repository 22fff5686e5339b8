"""Property tests: CPM on random acyclic networks with generalised links, and file round trips."""

from __future__ import annotations

from typing import Any

import numpy as np
import peaceplan as pp
from hypothesis import given, settings
from hypothesis import strategies as st

KINDS = ("FS", "SS", "FF", "SF")
EPS = 1e-9
# Halves are exact in binary, so the checks below can be tight.
halves = st.integers(min_value=0, max_value=24).map(lambda k: k / 2)
lags = st.integers(min_value=-6, max_value=12).map(lambda k: k / 2)


@st.composite
def scenarios(draw: st.DrawFn) -> dict[str, Any]:
    """A random DAG: links only go from a lower to a higher index, so there is no cycle."""
    n = draw(st.integers(min_value=1, max_value=9))
    interventions: list[dict[str, Any]] = []
    for i in range(n):
        iv: dict[str, Any] = {"id": f"t{i}", "duration_months": draw(halves)}
        if draw(st.booleans()) and draw(st.booleans()):
            iv["not_before_months"] = draw(halves)
        interventions.append(iv)
    links: list[dict[str, Any]] = []
    for j in range(1, n):
        for i in draw(st.sets(st.integers(min_value=0, max_value=j - 1), max_size=3)):
            kind = draw(st.sampled_from(KINDS))
            lag = draw(lags)
            if kind == "FS" and lag == 0 and draw(st.booleans()):
                interventions[j].setdefault("after", []).append(f"t{i}")
            else:
                links.append({"from": f"t{i}", "to": f"t{j}", "type": kind, "lag_months": lag})
    data: dict[str, Any] = {"schema": 1, "name": "random", "interventions": interventions}
    if links:
        data["links"] = links
    return data


def _constraints(data: dict[str, Any]) -> list[tuple[int, int, str, float]]:
    index = {iv["id"]: k for k, iv in enumerate(data["interventions"])}
    out = [
        (index[link["from"]], index[link["to"]], link["type"], link["lag_months"])
        for link in data.get("links", [])
    ]
    for j, iv in enumerate(data["interventions"]):
        out.extend((index[p], j, "FS", 0.0) for p in iv.get("after", []))
    return out


@settings(max_examples=150, deadline=None)
@given(scenarios())
def test_cpm_respects_every_link(data: dict[str, Any]) -> None:
    sc = pp.Scenario.from_dict(data)
    assert sc.issues() == []
    plan = sc.cpm()
    cols = plan.columns()
    start, finish = np.asarray(cols["start"]), np.asarray(cols["finish"])
    duration = np.array([iv["duration_months"] for iv in data["interventions"]])
    np.testing.assert_allclose(finish - start, duration, atol=EPS)
    assert (start >= -EPS).all()

    # Every constraint holds, and each start is as early as the constraints allow.
    earliest = np.array([iv.get("not_before_months", 0.0) for iv in data["interventions"]])
    for i, j, kind, lag in _constraints(data):
        pred = finish[i] if kind[0] == "F" else start[i]
        succ = start[j] if kind[1] == "S" else finish[j]
        assert succ >= pred + lag - EPS, (i, j, kind, lag)
        earliest[j] = max(earliest[j], pred + lag - (duration[j] if kind[1] == "F" else 0.0))
    np.testing.assert_allclose(start, earliest, atol=EPS)

    assert plan.makespan == finish.max()
    total, free = np.asarray(cols["total_float"]), np.asarray(cols["free_float"])
    assert (total >= -EPS).all()
    assert (free >= -EPS).all()
    assert (free <= total + EPS).all()
    late_start, late_finish = np.asarray(cols["late_start"]), np.asarray(cols["late_finish"])
    assert (late_finish <= plan.makespan + EPS).all()
    np.testing.assert_allclose(late_start - start, total, atol=EPS)
    critical = np.asarray(cols["critical"], dtype=bool)
    np.testing.assert_array_equal(critical, total <= 1e-6)
    assert plan.critical_path
    assert set(plan.critical_path) <= {cols["id"][k] for k in np.flatnonzero(critical)}


@settings(max_examples=100, deadline=None)
@given(scenarios())
def test_toml_and_json_round_trip(data: dict[str, Any]) -> None:
    sc = pp.Scenario.from_dict(data)
    again = pp.Scenario.from_toml(sc.to_toml())
    assert again.to_dict() == sc.to_dict()
    assert pp.Scenario.from_json(sc.to_json()).to_dict() == sc.to_dict()
    assert again.cpm().makespan == sc.cpm().makespan
