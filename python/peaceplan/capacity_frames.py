"""pandas views of a capacity run (:func:`peaceplan.capacity`).

``CapacityResult.summary()`` and ``CapacityResult.utilisation()`` call the functions below. Every
number comes from the core; this module only reshapes and labels.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from peaceplan._core import CapacityResult

__all__ = ["CapacitySummary", "capacity_summary", "capacity_utilisation"]


_SUMMARY_LABELS = {
    "arrived": "situations arrived (all draws)",
    "started": "situations with a team in place",
    "unstarted": "still waiting at the horizon",
    "p_wait": "P(wait > 0)",
    "p_wait_over_threshold": "P(wait > threshold)",
    "mean_wait": "mean wait (months)",
    "wait_p50": "P50 wait (months)",
    "wait_p80": "P80 wait (months)",
    "wait_p90": "P90 wait (months)",
    "mean_understaffed": "mean months under-staffed per situation",
    "share_understaffed": "share of engaged time under-staffed",
    "p_ever_understaffed": "P(ever under-staffed)",
    "surge_calls": "surge calls per run",
    "surge_cost_usd_per_year": "surge cost per year (US$)",
    "post_cost_usd_per_year": "cost of posts per year (US$)",
}


_COUNT, _PROB, _MONTHS, _USD = "{:,.0f}", "{:.3f}", "{:.2f}", "{:,.0f}"
_SUMMARY_FORMATS = {
    "arrived": _COUNT,
    "started": _COUNT,
    "unstarted": _COUNT,
    "p_wait": _PROB,
    "p_wait_over_threshold": _PROB,
    "mean_wait": _MONTHS,
    "wait_p50": _MONTHS,
    "wait_p80": _MONTHS,
    "wait_p90": _MONTHS,
    "mean_understaffed": _MONTHS,
    "share_understaffed": _PROB,
    "p_ever_understaffed": _PROB,
    "surge_calls": _MONTHS,
    "surge_cost_usd_per_year": _USD,
    "post_cost_usd_per_year": _USD,
}


class CapacitySummary(pd.DataFrame):
    """The summary table: plain float data, shown rounded per row (counts and US$ with thousands
    separators, probabilities and shares to 3 decimals, months to 2), never in scientific notation.

    Operations on it give ordinary DataFrames; ``.value`` keeps full precision.
    """

    _metadata: ClassVar[list[str]] = ["_formats"]

    @property
    def _constructor(self) -> type[pd.DataFrame]:  # type: ignore[override]
        return pd.DataFrame

    def formatted(self) -> pd.DataFrame:
        """The table as text, as displayed."""
        formats: dict[str, str] = getattr(self, "_formats", {})
        text = [
            formats.get(str(label), "{:.4g}").format(v)
            for label, v in zip(self.index, self["value"], strict=True)
        ]
        out = pd.DataFrame({"value": text}, index=self.index)
        return out

    def __repr__(self) -> str:
        return self.formatted().to_string()

    def _repr_html_(self) -> str:
        return self.formatted().to_html()


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
        in months); then ``utilisation <section>`` rows. Displayed rounded per row.

    Examples
    --------
    >>> import peaceplan as pp
    >>> r = pp.capacity(pp.examples.pbso_office(), pp.Portfolio(4.5), draws=10)
    >>> s = capacity_summary(r)
    >>> "P90 wait (months)" in s.index
    True
    >>> "e+" in repr(s)
    False
    """
    f = result.figures()
    rows = {label: f[key] for key, label in _SUMMARY_LABELS.items()}
    formats = {label: _SUMMARY_FORMATS[key] for key, label in _SUMMARY_LABELS.items()}
    for section, u in f["utilisation"].items():
        rows[f"utilisation {section}"] = u
        formats[f"utilisation {section}"] = _PROB
    df = CapacitySummary({"value": pd.Series(rows, dtype=float)})
    df._formats = formats
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
