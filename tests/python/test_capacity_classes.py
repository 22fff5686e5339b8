"""Priority classes with pre-emption from Python: per-class figures, summary rows, errors."""

from __future__ import annotations

import peaceplan as pp
import pytest
from peaceplan import queueing


def office(posts: int) -> pp.Office:
    return pp.Office.from_dict(
        {
            "schema": 1,
            "name": "teams",
            "channels": [{"id": "none", "lag_days": 0}],
            "sections": [
                {
                    "id": "planning",
                    "posts": [{"grade": "P-4", "count": posts, "channel": "none", "filled": True}],
                }
            ],
        }
    )


def classes(emergency: float, routine: float) -> pp.Portfolio:
    phase = {"duration_months": {"exponential": 12}, "demand": {"planning": 3}}
    base = pp.Portfolio.from_dict(
        {
            "schema": 1,
            "name": "relapse emergencies and routine monitoring",
            "arrivals": {"rate_per_year": 1},
            "engagements": [
                {"id": "emergency", "phases": [{"id": "response", **phase}]},
                {"id": "routine", "phases": [{"id": "monitoring", **phase}]},
            ],
        }
    )
    return base.with_classes({"emergency": emergency, "routine": routine}, {"emergency": 1})


def test_top_class_matches_erlang_c_and_routine_is_preempted() -> None:
    r = pp.capacity(office(6), classes(1.0, 0.6), years=2000, draws=40, seed=3, warmup_years=20)
    hi, lo = r.classes()
    assert (hi["id"], hi["priority"], lo["id"]) == ("emergency", 1, "routine")
    assert hi["rate_per_year"] == pytest.approx(1.0)
    assert hi["p_wait"] == pytest.approx(queueing.erlang_c(1.0, 1.0, 2), rel=0.05)
    assert hi["preemptions"] == 0
    assert lo["preemptions"] > 0 and lo["mean_preempted_months"] > 0
    assert lo["mean_wait"] > hi["mean_wait"]
    assert lo["survival_months"].shape == lo["p_wait_over"].shape
    s = r.summary()
    assert "class routine (priority 0): extra delay from pre-emption (months)" in s.index
    assert "class emergency (priority 1): P(wait > 0 months)" in s.index
    assert "e+" not in repr(s)


def test_one_class_has_no_rows() -> None:
    r = pp.capacity(office(6), pp.Portfolio(1.0), years=5, draws=2)
    assert r.classes() == []
    assert not any(str(i).startswith("class ") for i in r.summary().index)


def test_classes_round_trip_and_bounded_inputs() -> None:
    p = classes(1.0, 0.6)
    assert pp.Portfolio.from_toml(p.to_toml()) == p
    assert p.to_dict()["engagements"][0]["priority"] == 1
    with pytest.raises(ValueError, match="priorities"):
        p.with_classes({"emergency": 1.0, "routine": 1.0}, {"emergency": -1})
    with pytest.raises(ValueError, match="priorities"):
        p.with_classes({"emergency": 1.0, "routine": 1.0}, {"emergency": 5000})
    with pytest.raises(ValueError, match="rates_per_year"):
        p.with_classes({"emergency": float("nan"), "routine": 1.0})
    with pytest.raises(ValueError, match="rates_per_year"):
        p.with_classes({"emergency": 1.0})
    with pytest.raises(ValueError, match="rates_per_year"):
        p.with_classes({"emergency": 1.0, "routine": 1.0, "relapse": 1.0})
