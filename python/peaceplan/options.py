"""Options compared in one call: every option simulated with the same seed, one table of outcomes
with their intervals, and which option wins on each, only where the paired difference under
common random numbers is significant (the statistics are computed in Rust:
``peaceplan._core._explore_paired``).

Common random numbers: each draw's random stream depends only on ``(seed, draw)`` and is consumed
in a fixed order (interventions, then risks, then pledges, in file order). Options built from one
scenario with the builder methods (``with_link``, ``without_link``, ``with_mode`` ...) keep their
elements in the same order, so draw ``k`` of every option sees the same durations, costs, risk
events and pledges: the differences in the table come from the options, not from sampling noise.
Options whose interventions, risks or pledges differ in number or order share fewer numbers. The
random numbers are consumed in the network's topological order, so CRN pairs futures by position
in that order, not by intervention id: an option that adds an intervention, or a link that
reorders the network, shifts the numbers after that point. The paired intervals stay valid then
(the pairs are still independent across draws), only wider; the ``P(best better)`` and the
interval width show how well the options were paired.

Examples
--------
>>> import peaceplan as pp
>>> sc = pp.examples.postwar_country()
>>> table = pp.compare({"as planned": sc, "overlap": sc.with_link("dd", "el", "SS", 6)},
...                    draws=200, seed=1)
>>> "best" in table.columns
True
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from peaceplan import _core
from peaceplan._wrap import core_of
from peaceplan.errors import ArgumentError
from peaceplan.explore_labels import fmt_number, outcome_label

if TYPE_CHECKING:
    from peaceplan.scenario import Scenario
    from peaceplan.simulation import Simulation

__all__ = ["compare", "formatted", "milestones"]


def milestones(scenario: Scenario) -> list[str]:
    """Ids of the zero-duration interventions (milestones), in file order.

    Examples
    --------
    >>> import peaceplan as pp
    >>> ms = pp.options.milestones(pp.examples.postwar_country())
    >>> len(ms) > 0
    True
    """
    doc = scenario.to_dict()
    return [iv["id"] for iv in doc.get("interventions", []) if iv["duration_months"] == 0]


def _columns(sim: Simulation, scenario: Scenario) -> dict[tuple[str, str], tuple[np.ndarray, str]]:
    """Per-draw columns of the compared metrics and the statistic of each (``mean``, ``pNN``)."""
    cols = sim.columns
    out: dict[tuple[str, str], tuple[np.ndarray, str]] = {}
    for q in ("P50", "P80"):
        out[("finish", f"project finish {q} (months)")] = (cols["finish"], q.lower())
    for sit in sim.situation_ids:
        for q in ("P50", "P80"):
            out[("finish", f"{sit} finish {q} (months)")] = (cols[f"finish:{sit}"], q.lower())
    if "finish_matrix" in cols:
        for m in milestones(scenario):
            f = np.asarray(sim.finish_of(m), dtype=float)
            for q in ("P50", "P80"):
                out[("finish", f"{m} {q} (months)")] = (f, q.lower())
    for s in scenario.source_ids:
        out[("cost", f"cost from {s}, mean (US$)")] = (cols[f"cost:{s}"], "mean")
    out[("cost", "total cost, mean (US$)")] = (cols["cost"], "mean")
    out[("money", "largest funding gap P80 (US$)")] = (cols["funding_gap"], "p80")
    out[("money", "unfunded cost P80 (US$)")] = (cols["unfunded"], "p80")
    for p in scenario.pool_ids:
        out[("staff", f"peak staff {p} P80 (FTE)")] = (cols[f"peak_staff:{p}"], "p80")
    out[("relapse", "relapse risk within 5 years (mean)")] = (cols["relapse_5y"], "mean")
    out[("relapse", "relapse risk within 10 years (mean)")] = (cols["relapse_10y"], "mean")
    return {k: (np.ascontiguousarray(v, dtype=float), st) for k, (v, st) in out.items()}


def _outcomes(
    sim: Simulation, scenario: Scenario, names: Sequence[str]
) -> dict[tuple[str, str], tuple[np.ndarray, str]]:
    """Per-draw columns of catalogue outcomes, where the core says to read them."""
    out: dict[tuple[str, str], tuple[np.ndarray, str]] = {}
    for o in names:
        key, index, stat = _core._outcome_column(core_of(scenario), o)
        v = np.asarray(sim.columns[key], dtype=float)
        v = v[:, index] if index is not None else v
        out[("outcomes", outcome_label(scenario, o))] = (np.ascontiguousarray(v), stat)
    return out


def _verdict(
    key: tuple[str, str],
    data: dict[str, dict[tuple[str, str], tuple[np.ndarray, str]]],
    values: dict[str, float],
    draws: int,
    conf_level: float,
    seed: int,
) -> dict[str, Any]:
    """Paired statistics of the best option of one metric against the runner-up."""
    have = {n: v for n, v in values.items() if np.isfinite(v)}
    blank = {"best": "", "runner-up": "", "difference": np.nan, "lo": np.nan, "hi": np.nan}
    blank |= {"P(best better)": np.nan, "draws needed": np.nan}
    if len(have) < 2:
        return blank | {"best": next(iter(have), "")}
    order = sorted(have, key=lambda n: have[n])
    best, rows = order[0], []
    stat = data[best][key][1]
    for other in order[1:]:
        p = _core._explore_paired(
            data[best][key][0], data[other][key][0], stat, conf_level, False, 1000, seed
        )
        rows.append((other, p))
    # the closest rival decides: best only if it beats every other option significantly
    other, p = min(rows, key=lambda r: (r[1]["significant"], -abs(r[1]["diff"])))
    if all(r[1]["significant"] for r in rows):
        verdict = best
    elif p["draws_needed"] == np.inf:
        verdict = f"not distinguishable: identical to {other} in every draw"
    else:
        verdict = f"not distinguishable at {draws:,} draws (about {p['draws_needed']:,.0f} needed)"
    return {
        "best": verdict,
        "runner-up": other,
        "difference": p["diff"],
        "lo": p["lo"],
        "hi": p["hi"],
        "P(best better)": p["p_better"],
        "draws needed": p["draws_needed"],
    }


def compare(
    options: dict[str, Scenario],
    draws: int = 2000,
    seed: int = 0,
    *,
    conf_level: float = 0.95,
    return_simulations: bool = False,
    outcomes: Sequence[str] = (),
    **simulate: Any,
) -> pd.DataFrame | tuple[pd.DataFrame, dict[str, Simulation]]:
    """Simulate every option with the same seed and compare them with paired statistics.

    Parameters
    ----------
    options : dict of str to Scenario
        Option name -> scenario (at least one).
    draws : int, default 2000
        Draws per option.
    seed : int, default 0
        The same seed for every option (common random numbers, see the module help).
    conf_level : float, default 0.95
        Level of the intervals.
    return_simulations : bool, default False
        Also return the simulations by option name: ``(table, {name: Simulation})``.
    outcomes : sequence of str, default ()
        Further rows (group ``outcomes``): outcome names of the catalogue (docs/outcomes.md),
        e.g. ``interventions.el.finish.p80`` to target an election date; an intervention's
        outcome keeps the per-intervention matrices.
    **simulate
        Further keyword arguments of ``Scenario.simulate`` (``engine``, ``lhs`` ...).

    Returns
    -------
    pandas.DataFrame
        Index (group, metric): P50/P80 finish of the project, each situation and each milestone,
        mean cost by source and in total, the P80 largest funding gap and unfunded cost, the P80
        peak staff per pool and the mean relapse risk at 5 and 10 years. Columns: the value of
        each option and ``<option> ±`` (half-width of its interval: Student t for means, the
        order-statistic interval for percentiles); ``best``: the option with the lowest value
        (every metric is better lower) **only when it beats every other option significantly**
        (paired intervals on the same draws), otherwise "not distinguishable at N draws (about
        M needed)"; ``runner-up``, ``difference`` (best - runner-up) with its interval ``lo``,
        ``hi``; ``P(best better)``: share of futures in which the best does better than the
        runner-up; ``draws needed``. :func:`formatted` prints it for a paper.

    Raises
    ------
    ArgumentError
        No options, or an option that is not a Scenario.

    Examples
    --------
    >>> import peaceplan as pp
    >>> sc = pp.examples.postwar_country()
    >>> t = pp.compare({"A": sc, "B": sc}, draws=100, seed=3)
    >>> bool((t["A"].fillna(0) == t["B"].fillna(0)).all())  # same seed, same futures
    True
    >>> t.loc[("finish", "project finish P80 (months)"), "best"]
    'not distinguishable: identical to B in every draw'
    """
    from peaceplan.scenario import Scenario

    if not options:
        raise ArgumentError("options: give at least one {name: scenario}")
    sims: dict[str, Simulation] = {}
    data: dict[str, dict[tuple[str, str], tuple[np.ndarray, str]]] = {}
    for name, sc in options.items():
        if not isinstance(sc, Scenario):
            raise ArgumentError(f"options[{name!r}]: expected a Scenario, got {type(sc).__name__}")
        if any(o.startswith("interventions.") for o in outcomes):
            simulate.setdefault("per_intervention", True)
        sim = sc.simulate(draws=draws, seed=seed, **simulate)
        sims[name] = sim
        data[name] = _columns(sim, sc) | _outcomes(sim, sc, outcomes)
    keys: list[tuple[str, str]] = []
    for r in data.values():
        keys += [k for k in r if k not in keys]
    cols: dict[str, list[Any]] = {}
    verdicts = []
    for k in keys:
        values: dict[str, float] = {}
        for name in options:
            v, stat = data[name].get(k, (np.empty(0), "mean"))
            value, _, lo, hi = (
                _core._explore_interval(v, stat, conf_level) if v.size else ((np.nan,) * 4)
            )
            values[name] = value
            cols.setdefault(name, []).append(value)
            cols.setdefault(f"{name} ±", []).append(0.5 * (hi - lo))
        verdicts.append(_verdict(k, data, values, draws, conf_level, seed))
    order = [c for n in options for c in (n, f"{n} ±")]
    table = pd.DataFrame(
        {c: cols[c] for c in order},
        index=pd.MultiIndex.from_tuples(keys, names=["group", "metric"]),
    )
    v = pd.DataFrame(verdicts, index=table.index)
    table = pd.concat([table, v], axis=1)
    return (table, sims) if return_simulations else table


def formatted(table: pd.DataFrame) -> pd.DataFrame:
    """A :func:`compare` table as a paper prints it: ``value ± half-width`` in the metric's
    unit (months to one decimal, US$ and FTE without scientific notation, risks to three
    decimals), the difference with its interval, and the verdict.

    Examples
    --------
    >>> import peaceplan as pp
    >>> sc = pp.examples.postwar_country()
    >>> t = pp.compare({"A": sc, "B": sc.with_link("dd", "el", "SS", 6)}, draws=200, seed=1)
    >>> f = pp.options.formatted(t)
    >>> "e+" in f.to_string()
    False
    """
    names = [c for c in table.columns if f"{c} ±" in table.columns]
    rows = []
    for (_, metric), r in table.iterrows():
        unit = "US$" if "US$" in metric else "months" if "months" in metric else ""
        unit = "FTE" if "FTE" in metric else unit
        row = {n: f"{fmt_number(r[n], unit)} ± {fmt_number(r[f'{n} ±'], unit)}" for n in names}
        if np.isfinite(r["difference"]):
            row["best - runner-up"] = (
                f"{fmt_number(r['difference'], unit)} "
                f"({fmt_number(r['lo'], unit)} to {fmt_number(r['hi'], unit)})"
            )
            row["P(best better)"] = f"{r['P(best better)']:.0%}"
        else:
            row["best - runner-up"], row["P(best better)"] = "", ""
        row["best"] = r["best"]
        rows.append(row)
    return pd.DataFrame(rows, index=table.index)
