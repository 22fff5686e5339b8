"""The outcome catalogue of the core: every row is produced by a simulation, every produced
column is in it, and former study names still work with a DeprecationWarning."""

import warnings

import numpy as np
import peaceplan as pp
import pytest
from peaceplan import _core

# columns of a Simulation that are not per-draw outcomes (see src/simulate/catalogue.rs)
OTHER = {"cash_grid", "committed_curve", "received_curve", "risk_occurred"}


def _ids(sc, scope):
    doc = sc.to_dict()
    key = {"situation": "situations", "source": "sources", "pool": "pools"}[scope]
    return [str(x["id"]) for x in doc.get(key, []) or []]


def test_catalogue_rows_are_plain_data_with_dot_names():
    rows = _core._outcome_catalogue()
    assert len(rows) >= 15
    for r in rows:
        assert set(r) == {
            "name",
            "scope",
            "unit",
            "description",
            "computed",
            "label",
            "column",
            "alias",
        }
        assert ":" not in r["name"] and " " not in r["name"]
        assert r["scope"] in {"draw", "situation", "source", "pool", "intervention"}
    names = {r["name"] for r in rows}
    assert {"finish", "situations.<id>.finish", "interventions.<id>.finish"} <= names


def test_every_row_is_produced_and_every_column_is_in_the_catalogue():
    sc = pp.examples.postwar_country()
    sim = sc.simulate(draws=64, seed=1, per_intervention=True)
    cols = set(sim.columns)
    expected = set()
    for r in _core._outcome_catalogue():
        if r["scope"] in ("draw", "intervention"):
            expected.add(r["column"])
        else:
            expected |= {r["column"].replace("{id}", i) for i in _ids(sc, r["scope"])}
    assert expected - cols == set(), "catalogue rows not produced"
    assert cols - expected - OTHER == set(), "columns outside the catalogue"


def test_former_study_names_warn_and_give_the_same_values():
    sc = pp.examples.postwar_country()
    unc = {"interventions.dd.duration.scale": (0.8, 1.6)}
    with pytest.warns(DeprecationWarning, match=r"pools\.planning\.staff\.peak\.p80"):
        old = pp.Study(sc, unc, outcomes=["staff.peak.planning.p80"], draws=30, progress=False)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        new = pp.Study(
            sc, unc, outcomes=["pools.planning.staff.peak.p80"], draws=30, progress=False
        )
    a = old.lhs(n=4, seed=2).to_pandas()
    b = new.lhs(n=4, seed=2).to_pandas()
    assert list(a.iloc[:, -1]) == list(b.iloc[:, -1])


def test_an_intervention_finish_is_a_study_outcome():
    sc = pp.examples.postwar_country()
    st = pp.Study(
        sc,
        {"interventions.dd.duration.scale": (0.8, 1.6)},
        outcomes=["interventions.el.finish.p80", "interventions.el.start.mean"],
        draws=50,
        progress=False,
    )
    df = st.lhs(n=3, seed=1).to_pandas()
    assert df.shape[0] == 3
    with pytest.raises(Exception, match=r"interventions\.el\.finish"):
        pp.Study(
            sc,
            {"interventions.dd.duration.scale": (0.8, 1.6)},
            outcomes=["interventions.el.finsh.p80"],
        )


def test_compare_takes_catalogue_outcomes_read_where_the_core_says():
    sc = pp.examples.postwar_country()
    later = sc.with_link("dd", "el", "SS", 6)
    t, sims = pp.compare(
        {"A": sc, "B": later},
        draws=200,
        seed=4,
        outcomes=["interventions.el.finish.p80"],
        return_simulations=True,
    )
    rows = t.xs("outcomes", level="group")
    assert len(rows) == 1
    label = rows.index[0]
    assert "months" in label
    # the value is the inverted-CDF P80 of the core (ceil(q n)-th smallest) of finish_of("el")
    for name in ("A", "B"):
        f = np.sort(np.asarray(sims[name].finish_of("el"), dtype=float))
        f = f[~np.isnan(f)]
        p80 = f[int(np.ceil(0.8 * len(f))) - 1]
        assert rows.loc[label, name] == pytest.approx(p80, abs=0, rel=1e-12)
    with pytest.raises(Exception, match="not a per-draw outcome"):
        pp.compare({"A": sc}, draws=20, outcomes=["plan.finish"])
