"""Capacity simulation from Python: API, determinism, Erlang C agreement, errors."""

from __future__ import annotations

import pickle

import numpy as np
import pandas as pd
import peaceplan as pp
import pytest
from peaceplan import queueing

# The founding note's office is overloaded at 4.5 a year; tests that check the warning catch it.
pytestmark = pytest.mark.filterwarnings("ignore::peaceplan.capacity_frames.UnstableQueueWarning")


def mmc_office(posts: int) -> pp.Office:
    return pp.Office.from_dict(
        {
            "schema": 1,
            "name": "M/M/c",
            "channels": [{"id": "none", "lag_days": 0}],
            "sections": [
                {
                    "id": "planning",
                    "posts": [{"grade": "P-4", "count": posts, "channel": "none", "filled": True}],
                }
            ],
        }
    )


def test_result_api() -> None:
    r = pp.capacity(pp.examples.pbso_office(), pp.Portfolio(4.5), years=10, draws=50, seed=1)
    assert isinstance(r, pp.CapacityResult)
    assert isinstance(r.waits, np.ndarray) and r.waits.size > 0
    s = r.summary()
    assert isinstance(s, pd.DataFrame) and "P(wait > 3 months)" in s.index
    u = r.utilisation()
    assert set(u.columns) >= {"section", "from_months", "busy_fte", "duty_fte", "utilisation"}
    assert r.busy_fte.shape == (len(r.sections), r.bin_starts.size)
    assert r.per_year()["arrived"].size == 10
    r.plot_utilisation()
    r.plot_waits()


def test_same_seed_same_numbers() -> None:
    o, p = pp.examples.pbso_office(), pp.examples.default_portfolio()
    a = pp.capacity(o, p, draws=40, seed=3)
    b = pp.capacity(o, p, draws=40, seed=3)
    np.testing.assert_array_equal(a.waits, b.waits)
    assert a.figures() == b.figures()
    assert pp.capacity(o, p, draws=40, seed=4).figures() != a.figures()


def test_mmc_agrees_with_erlang_c_release_build() -> None:
    # One section of 3c posts, teams of 3, exponential engagements of 1 year, no lag:
    # rho = 0.9 (the note's 16 posts at 4.5 a year), 2M simulated years, 2 % bar.
    lam, c = 4.5, 5
    r = pp.capacity(
        mmc_office(3 * c),
        pp.Portfolio(lam, team_fte=3, mean_months=12),
        years=5000,
        draws=400,
        seed=2,
        warmup_years=100,
        max_waits=0,
    )
    f = r.figures()
    assert f["p_wait"] == pytest.approx(queueing.erlang_c(lam, 1.0, c), rel=0.02)
    assert f["mean_wait"] == pytest.approx(12 * queueing.mean_wait(lam, 1.0, c), rel=0.02)
    assert f["utilisation"]["planning"] == pytest.approx(0.9, abs=0.01)


def test_compare_and_minimum_structure() -> None:
    office = pp.examples.pbso_office()
    more = office.to_dict()
    more["sections"][1]["posts"].append({"grade": "P-3", "count": 3, "channel": "external"})
    df = pp.capacity.compare(
        {"as proposed": office, "more planning": pp.Office.from_dict(more)},
        pp.Portfolio(4.5),
        draws=100,
    )
    assert list(df.index) == ["as proposed", "more planning"]
    assert (
        df.loc["more planning", "post_cost_usd_per_year"]
        > df.loc["as proposed", "post_cost_usd_per_year"]
    )
    assert df.loc["more planning", "mean_wait"] < df.loc["as proposed", "mean_wait"]
    s = pp.capacity.minimum_structure(office, pp.Portfolio(2.0), target=0.3, draws=40, max_steps=3)
    assert {"step", "change", "meets", "chosen", "posts_planning"} <= set(s.options.columns)
    assert (s.best is None) == (s.best_index is None)


def test_portfolio_round_trip_and_pickle() -> None:
    p = pp.examples.default_portfolio()
    assert pp.Portfolio.from_toml(p.to_toml()) == p
    assert pp.Portfolio.from_json(p.to_json()) == p
    assert pp.Portfolio.from_dict(p.to_dict()) == p
    assert pickle.loads(pickle.dumps(p)) == p
    agenda = pp.examples.pbc_agenda()
    assert len(agenda.to_dict()["arrivals"]["dated"]) == 6
    r = pp.capacity(pp.examples.pbso_office(), agenda, years=6, draws=20)
    assert r.figures()["arrived"] == 6 * 20


def test_bad_input() -> None:
    office = mmc_office(6)
    with pytest.raises(pp.ValidationError) as e:
        pp.capacity(office, pp.Portfolio(1.0, team_fte=9))
    assert "at most 6" in e.value.errors()[0]["message"]
    with pytest.raises(pp.ValidationError, match="financing"):
        pp.capacity(office, pp.Portfolio(1.0, demand="financing"))
    with pytest.raises(pp.ValidationError, match=r"arrivals\.rate_per_year"):
        pp.capacity(office, pp.Portfolio(-1.0))
    with pytest.raises(pp.ArgumentError, match="draws"):
        pp.capacity(office, pp.Portfolio(1.0), draws=0)
    with pytest.raises(pp.ParseError):
        pp.Office.from_dict(
            {
                "schema": 1,
                "name": "x",
                "channels": [],
                "sections": [{"id": "a", "posts": [{"grade": "P-3", "count": -1, "channel": "c"}]}],
            }
        )
    bad = pp.Portfolio(1.0).to_dict()
    bad["unknown"] = 1
    with pytest.raises(pp.ParseError):
        pp.Portfolio.from_dict(bad)


def test_summary_readable_and_precise() -> None:
    r = pp.capacity(pp.examples.pbso_office(), pp.Portfolio(4.5), years=10, draws=50, seed=1)
    s = r.summary()
    text = repr(s)
    assert "e+" not in text and "e-" not in text
    assert "3,325,000" in text  # cost of posts per year, with separators
    f = r.figures()
    key = "mean wait of situations with a team (months)"
    assert s.loc[key, "value"] == f["mean_wait"]  # full precision kept
    assert "<table" in s._repr_html_()
    assert type(s + 0) is pd.DataFrame


def test_review_peaks_in_default_portfolio() -> None:
    d = pp.examples.default_portfolio().to_dict()
    monitoring = d["engagements"][0]["phases"][2]
    assert monitoring["peaks"] == {
        "every_months": 6.0,
        "duration_months": 1.0,
        "extra": {"planning": 1.0},
    }
    o = pp.examples.pbso_office()
    with_peaks = pp.capacity(o, pp.Portfolio.from_dict(d), years=10, draws=40, seed=0)
    del monitoring["peaks"]
    flat = pp.capacity(o, pp.Portfolio.from_dict(d), years=10, draws=40, seed=0)
    assert with_peaks.busy_fte.sum() > flat.busy_fte.sum()
    monitoring["peaks"] = {"every_months": -6, "duration_months": 1, "extra": {"planning": 1}}
    issues = pp.Portfolio.from_dict(d).issues(o)
    assert any(i["path"].endswith("peaks.every_months") for i in issues)


def overloaded() -> pp.CapacityResult:
    # The founding note's office at 4.5 a year: the routing yields 3 teams, not 5.
    with pytest.warns(pp.capacity.UnstableQueueWarning, match="backlog grows by about"):
        return pp.capacity(pp.examples.pbso_office(), pp.Portfolio(4.5), years=10, draws=200)


def test_censored_waits_are_counted_and_probabilities_consistent() -> None:
    r = overloaded()
    f = r.figures()
    assert f["unstarted"] > 0.2 * f["arrived"]  # a third still wait at the horizon
    assert f["censored_share"] == pytest.approx(f["unstarted"] / f["arrived"])
    km = r.wait_survival()
    assert km["censored"] == f["unstarted"] and km["started"] == f["started"]
    assert np.all(np.diff(km["p_wait_over"]) <= 0)
    # The issue's bug: P(wait > 3 months) came out above P(wait > 0).
    assert f["p_wait_over_threshold"] <= f["p_wait"]
    s = r.summary()
    ps = [s.loc[f"P(wait > {t} months)", "value"] for t in (0, 3, 6, 12)]
    assert ps == sorted(ps, reverse=True)
    # The restricted mean counts the censored waits: above the mean of those with a team.
    assert f["mean_wait_restricted"] > f["mean_wait"]


def test_stability_said_in_summary_and_load() -> None:
    r = overloaded()
    load = r.load()
    assert load["overloaded"] and load["teams"]["teams"] == 3
    assert load["teams"]["capacity_fte"] == pytest.approx(10.25)  # 7 + 3 x 0.75 + 2 x 0.5
    st = load["stability"]
    assert st["unstable"] and st["starts_per_year"] == pytest.approx(3.0, abs=0.3)
    assert st["backlog_growth_per_year"] == pytest.approx(1.5, abs=0.4)
    s = r.summary()
    assert s.loc["backlog growth (situations per year)", "value"] > 1.0
    assert s.loc["whole teams the routing yields", "value"] == 3
    # A light portfolio is stable and raises no warning.
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error", pp.capacity.UnstableQueueWarning)
        ok = pp.capacity(pp.examples.pbso_office(), pp.Portfolio(1.5), years=10, draws=100)
    assert not ok.load()["stability"]["unstable"]


def test_percentile_beyond_horizon_shows_as_such() -> None:
    r = overloaded()
    short = pp.capacity(pp.examples.pbso_office(), pp.Portfolio(9.0), years=2, draws=50)
    assert np.isinf(short.figures()["wait_p90"])
    assert "beyond horizon" in repr(short.summary())
    assert np.isfinite(r.figures()["wait_p50"])


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"years": 1e13}, "years"),
        ({"years": 1e300}, "years"),
        ({"years": float("nan")}, "years"),
        ({"draws": 0}, "draws"),
        ({"threshold_months": -1.0}, "threshold_months"),
    ],
)
def test_bounded_options_name_the_culprit(kwargs: dict[str, float], name: str) -> None:
    with pytest.raises(pp.ArgumentError, match=f"`{name}`"):
        pp.capacity(pp.examples.pbso_office(), pp.Portfolio(4.5), **kwargs)  # type: ignore[arg-type]


def test_memory_estimate_refuses_huge_arrival_rates() -> None:
    with pytest.raises(pp.ArgumentError, match=r"max_bytes.*GB.*raise `max_bytes`"):
        pp.capacity(pp.examples.pbso_office(), pp.Portfolio(1e12))
    with pytest.raises(pp.ArgumentError, match="max_bytes"):
        pp.capacity(pp.examples.pbso_office(), pp.Portfolio(4.5), max_bytes=1000)


@pytest.mark.parametrize("which", ["capacity", "minimum_structure"])
def test_ctrl_c_stops_promptly(which: str) -> None:
    import os
    import signal
    import threading
    import time

    office, portfolio = mmc_office(15), pp.Portfolio(4.0)
    timer = threading.Timer(0.5, os.kill, (os.getpid(), signal.SIGINT))
    start = time.perf_counter()
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            if which == "capacity":
                pp.capacity(office, portfolio, years=5000, draws=100_000, max_waits=0)
            else:
                pp.capacity.minimum_structure(
                    office, portfolio, target=0.0, years=5000, draws=100_000, max_steps=3
                )
    finally:
        timer.cancel()
    assert time.perf_counter() - start < 10.0


def test_compare_reports_censoring_and_stability() -> None:
    office = pp.examples.pbso_office()
    df = pp.capacity.compare({"as proposed": office}, pp.Portfolio(4.5), draws=50)
    row = df.loc["as proposed"]
    assert bool(row["unstable"]) and row["backlog_growth_per_year"] > 0.5
    assert 0.2 < row["censored_share"] < 0.6
    assert row["p_wait_over_threshold"] <= row["p_wait"]
