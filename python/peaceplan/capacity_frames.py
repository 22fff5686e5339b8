"""pandas views of a capacity run (:func:`peaceplan.capacity`).

``CapacityResult.summary()`` and ``CapacityResult.utilisation()`` call the functions below. Every
number comes from the core; this module only reshapes and labels.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from peaceplan.capacity_result import CapacityResult

__all__ = [
    "CapacitySummary",
    "UnstableQueueWarning",
    "capacity_summary",
    "capacity_utilisation",
    "stability_message",
]


_COUNT, _PROB, _MONTHS, _USD, _RATE = "{:,.0f}", "{:.3f}", "{:.2f}", "{:,.0f}", "{:.2f}"


class UnstableQueueWarning(UserWarning):
    """The office starts fewer engagements than arrive: the backlog grows with the horizon."""


def stability_message(result: CapacityResult) -> str | None:
    """The warning text when the queue grows (None when it does not).

    Every number comes from :meth:`CapacityResult.load` (computed in the core).
    """
    load = result.load()
    st = load["stability"]
    if not st["unstable"]:
        return None
    years = result.figures()["years"]
    text = (
        f"the queue of new situations is unstable: about {st['arrivals_per_year']:.1f} "
        f"situations arrive per year but teams start for only {st['starts_per_year']:.1f}; "
        f"the backlog grows by about {st['backlog_growth_per_year']:.1f} situations a year "
        f"(from year {st['from_year']:.0f} of {years:g}), so waits grow with `years`"
    )
    if load["overloaded"]:
        text += (
            f". Offered load {load['offered_fte']:.1f} FTE against "
            f"{load['capacity_fte']:.1f} FTE on duty in the sections that serve it: "
            "no steady state exists"
        )
    else:
        text += (
            ". The long-run load fits the capacity, so this may be the office filling up "
            "(a longer horizon or `warmup_years` tells)"
        )
    t = load["teams"]
    if t is not None:
        text += f"; the routing yields {t['teams']} whole teams of {t['team_fte']:g} FTE"
    return text + ". Add posts (pp.capacity.minimum_structure) or lower the arrivals."


def _summary_rows(result: CapacityResult) -> tuple[dict[str, float], dict[str, str]]:
    f = result.figures()
    load = result.load()
    st = load["stability"]
    thr = f["threshold_months"]
    rows: dict[str, float] = {}
    kinds: dict[str, str] = {}

    def put(label: str, value: float, kind: str) -> None:
        rows[label] = value
        kinds[label] = kind

    put("situations arrived (all draws)", f["arrived"], _COUNT)
    put("situations with a team in place", f["started"], _COUNT)
    put("still waiting at the horizon (censored)", f["unstarted"], _COUNT)
    put("share still waiting at the horizon", f["censored_share"], _PROB)
    ts = sorted({0.0, thr, 6.0, 12.0})
    for t, p in zip(ts, result.p_wait_over(ts), strict=True):
        put(f"P(wait > {t:g} months)", float(p), _PROB)
    put("median wait (months)", f["wait_p50"], "quantile")
    put("P80 wait (months)", f["wait_p80"], "quantile")
    put("P90 wait (months)", f["wait_p90"], "quantile")
    put("mean wait up to the horizon (months)", f["mean_wait_restricted"], _MONTHS)
    put("mean wait of situations with a team (months)", f["mean_wait"], _MONTHS)
    put("arrivals per year (late in horizon)", st["arrivals_per_year"], _RATE)
    put("teams started per year (late in horizon)", st["starts_per_year"], _RATE)
    put("backlog growth (situations per year)", st["backlog_growth_per_year"], _RATE)
    put("offered load (FTE)", load["offered_fte"], _RATE)
    put("capacity on duty (FTE)", load["capacity_fte"], _RATE)
    if load["teams"] is not None:
        put("whole teams the routing yields", load["teams"]["teams"], _COUNT)
    put("mean months under-staffed per situation", f["mean_understaffed"], _MONTHS)
    put("share of engaged time under-staffed", f["share_understaffed"], _PROB)
    put("P(ever under-staffed)", f["p_ever_understaffed"], _PROB)
    put("surge calls per run", f["surge_calls"], _MONTHS)
    put("surge cost per year (US$)", f["surge_cost_usd_per_year"], _USD)
    put("cost of posts per year (US$)", f["post_cost_usd_per_year"], _USD)
    for section, u in f["utilisation"].items():
        put(f"utilisation {section}", u, _PROB)
    for c in result.classes():
        k = f"class {c['id']} (priority {c['priority']}):"
        put(f"{k} situations arrived", c["arrived"], _COUNT)
        put(f"{k} P(wait > 0 months)", c["p_wait"], _PROB)
        put(f"{k} P(wait > {thr:g} months)", c["p_wait_over_threshold"], _PROB)
        put(f"{k} mean wait up to the horizon (months)", c["mean_wait_restricted"], _MONTHS)
        put(f"{k} P90 wait (months)", c["wait_p90"], "quantile")
        put(f"{k} pre-emptions per year", c["preemptions_per_year"], _RATE)
        put(f"{k} share pre-empted", c["share_preempted"], _PROB)
        put(f"{k} extra delay from pre-emption (months)", c["mean_preempted_months"], _MONTHS)
    return rows, kinds


class CapacitySummary(pd.DataFrame):
    """The summary table: plain float data, shown rounded per row (counts and US$ with thousands
    separators, probabilities and shares to 3 decimals, months to 2), never in scientific notation.

    Operations on it give ordinary DataFrames; ``.value`` keeps full precision.
    """

    _metadata: ClassVar[list[str]] = ["_formats", "_horizon"]

    @property
    def _constructor(self) -> type[pd.DataFrame]:  # type: ignore[override]
        return pd.DataFrame

    def formatted(self) -> pd.DataFrame:
        """The table as text, as displayed."""
        formats: dict[str, str] = getattr(self, "_formats", {})
        horizon = getattr(self, "_horizon", float("nan"))
        text = [
            _format(formats.get(str(label), "{:.4g}"), float(v), horizon)
            for label, v in zip(self.index, self["value"], strict=True)
        ]
        out = pd.DataFrame({"value": text}, index=self.index)
        return out

    def __repr__(self) -> str:
        return self.formatted().to_string()

    def _repr_html_(self) -> str:
        return self.formatted().to_html()


def _format(kind: str, v: float, horizon: float) -> str:
    if kind == "quantile":
        # Not reached within the horizon (Kaplan-Meier never falls that low).
        return f"> {horizon:,.0f} (beyond horizon)" if np.isinf(v) else _MONTHS.format(v)
    if np.isnan(v):
        return "n/a"
    return kind.format(v)


def capacity_summary(result: CapacityResult) -> CapacitySummary:
    """Headline figures of a capacity run as a one-column table (``value``).

    Parameters
    ----------
    result : CapacityResult
        From :func:`peaceplan.capacity`.

    Returns
    -------
    CapacitySummary
        A DataFrame (column ``value``, floats at full precision). Index: readable labels (waits
        in months); then ``utilisation <section>`` rows. Displayed rounded per row; a percentile
        not reached within the horizon is ``inf`` and shows as "> horizon".

    Notes
    -----
    Waits are survival data: situations still waiting at the horizon are right-censored, and
    every probability and percentile comes from one Kaplan-Meier curve (computed in the core),
    so P(wait > t) never increases with t. The mean of the situations that got a team leaves
    the longest waits out; the mean up to the horizon (area under the curve) is a lower bound.

    Examples
    --------
    >>> import peaceplan as pp
    >>> r = pp.capacity(pp.examples.pbso_office(), pp.Portfolio(4.5), draws=10)
    >>> s = capacity_summary(r)
    >>> "P90 wait (months)" in s.index
    True
    >>> bool(s.loc["P(wait > 0 months)", "value"] >= s.loc["P(wait > 3 months)", "value"])
    True
    >>> "e+" in repr(s)
    False
    """
    f = result.figures()
    rows, formats = _summary_rows(result)
    df = CapacitySummary({"value": pd.Series(rows, dtype=float)})
    df._formats = formats
    df._horizon = f["horizon_months"]
    df.index.name = (
        f"{f['draws']} draws x {f['years']:g} years, threshold {f['threshold_months']:g} mo"
    )
    return df


def capacity_utilisation(result: CapacityResult) -> pd.DataFrame:
    """Staff in use and on duty per section and time bin, in long format.

    Parameters
    ----------
    result : CapacityResult
        From :func:`peaceplan.capacity`.

    Returns
    -------
    pandas.DataFrame
        Columns ``section``, ``from_months``, ``busy_fte``, ``duty_fte``, ``utilisation``
        (NaN while nobody is on duty) and ``queue`` (new situations waiting, same for all
        sections).

    Examples
    --------
    >>> import peaceplan as pp
    >>> r = pp.capacity(pp.examples.pbso_office(), pp.Portfolio(4.5), draws=10)
    >>> df = capacity_utilisation(r)
    >>> sorted(df["section"].unique())[:2]
    ['best_practices', 'commission_support']
    """
    busy, duty = result.busy_fte, result.duty_fte
    starts = result.bin_starts
    frames = []
    for i, section in enumerate(result.sections):
        with np.errstate(invalid="ignore", divide="ignore"):
            util = np.where(duty[i] > 0, busy[i] / np.where(duty[i] > 0, duty[i], 1.0), np.nan)
        frames.append(
            pd.DataFrame(
                {
                    "section": section,
                    "from_months": starts,
                    "busy_fte": busy[i],
                    "duty_fte": duty[i],
                    "utilisation": util,
                    "queue": result.queue,
                }
            )
        )
    return pd.concat(frames, ignore_index=True)
