"""The embedded default scenarios and office."""

from __future__ import annotations

import math

import peaceplan as pp
import pytest


def test_files_are_listed() -> None:
    names = pp.examples.available()
    assert {"postwar_country.toml", "political_transition.toml", "pbso_office.toml"} <= set(names)


@pytest.mark.parametrize("make", [pp.examples.postwar_country, pp.examples.political_transition])
def test_scenarios_load_and_validate(make) -> None:
    sc = make()
    assert isinstance(sc, pp.Scenario)
    assert sc.issues() == []
    sc.validate()
    assert sc.name
    plan = sc.cpm()
    assert math.isfinite(plan.makespan) and plan.makespan > 0
    assert plan.critical_path
    assert pp.Scenario.from_toml(sc.to_toml()).to_dict() == sc.to_dict()


def test_postwar_country() -> None:
    sc = pp.examples.postwar_country()
    ids = sc.intervention_ids
    assert len(ids) == 18
    assert set(ids) == set("pa pk na pc dd ri qi rr el sa sp pf ps pb tj rl ye nc".split())
    assert "planning" in sc.pool_ids
    # The template sequences elections after disarmament and demobilisation (DOMAIN §5).
    links = sc.links_table()
    pairs = set(zip(links["from"], links["to"], strict=True))
    assert ("dd", "el") in pairs


def test_demo_numbers_are_finite() -> None:
    sc = pp.examples.postwar_country()
    plan = sc.cpm()
    df = plan.to_pandas()
    assert len(df) == 18
    for name in ("start", "finish", "total_float", "free_float", "cost_usd"):
        assert df[name].map(math.isfinite).all(), name
    assert (df["total_float"] >= -1e-9).all()
    assert df["finish"].max() == pytest.approx(plan.makespan)
    peaks = plan.peak_staff()
    assert peaks and all(math.isfinite(v) and v >= 0 for v in peaks.values())
    assert math.isfinite(plan.unfunded_usd) and plan.unfunded_usd >= 0
    funding = plan.funding_table()
    assert all(math.isfinite(v) for v in funding["allocated_usd"])


def test_pbso_office() -> None:
    office = pp.examples.pbso_office()
    assert isinstance(office, pp.Office)
    assert office.post_count() == 16
    assert office.post_count(professional_only=False) >= 16
    df = office.to_pandas()
    assert int(df.loc[df["professional"], "count"].sum()) == 16
    pools = office.pools()
    assert any(p["capacity"] for p in pools)
    assert "16 professional posts" in office._repr_html_()
    assert pp.Office.from_toml(office.to_toml()).to_dict() == office.to_dict()


def test_data_path() -> None:
    path = pp.examples.data_path("postwar_country")
    assert path.name == "postwar_country.toml"
    assert pp.load(path).to_dict() == pp.examples.postwar_country().to_dict()
    with pytest.raises(FileNotFoundError, match=r"postwar_country\.toml"):
        pp.examples.data_path("nowhere.toml")
