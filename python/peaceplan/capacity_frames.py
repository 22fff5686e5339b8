"""pandas views of a capacity run (:func:`peaceplan.capacity`).

``CapacityResult.summary()`` and ``CapacityResult.utilisation()`` call the functions below. Every
number comes from the core; this module only reshapes and labels.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from peaceplan._core import CapacityResult

__all__ = ["capacity_summary", "capacity_utilisation"]


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


def capacity_summary(result: CapacityResult) -> pd.DataFrame:
    """Headline figures of a capacity run as a one-column table (``value``).

    Parameters
    ----------
    result : CapacityResult
        From :func:`peaceplan.capacity`.

    Returns
    -------
    pandas.DataFrame
        Index: readable labels (waits in months); then ``utilisation <section>`` rows.

    Examples
    --------
    >>> import peaceplan as pp
    >>> r = pp.capacity(pp.examples.pbso_office(), pp.Portfolio(4.5), draws=10)
    >>> "P90 wait (months)" in capacity_summary(r).index
    True
    """
    f = result.figures()
    rows = {label: f[key] for key, label in _SUMMARY_LABELS.items()}
    for section, u in f["utilisation"].items():
        rows[f"utilisation {section}"] = u
    df = pd.DataFrame({"value": pd.Series(rows, dtype=float)})
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
