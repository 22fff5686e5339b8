"""Sensitivity from given data: PAWN and feature scores on any Monte Carlo rows.

Sobol indices need independent inputs and a designed sample (:func:`peaceplan.explore.sobol`,
``Study.sobol``). The two methods here take rows that already exist (a study's experiments, a
``Simulation``'s draws, any DataFrame) and assume nothing about how the inputs were drawn, so
correlated inputs (Iman-Conover rank correlation, shared risks) are fine. Both are computed in
Rust (``src/explore/pawn.rs`` and ``trees.rs``); this module arranges the data and the results.

* :func:`pawn`: a moment-independent index (Pianosi and Wagener 2015): how far the output's
  distribution moves when one input is held in a slice of its range, with a bootstrap
  interval and a noise reference that flags inputs indistinguishable from noise;
* :func:`feature_scores`: impurity importances of extremely randomised trees, as EMA
  Workbench's ``feature_scoring`` (relative scores summing to 1).

Examples
--------
>>> import numpy as np
>>> import peaceplan as pp
>>> rng = np.random.default_rng(1)
>>> x = rng.random((2000, 2))
>>> res = pp.explore.pawn(x, x[:, 0], names=["a", "b"], seed=1)
>>> res.to_pandas()["above_noise"].tolist()
[True, False]
>>> np.round(pp.explore.feature_scores(x, 3 * x[:, 0] + x[:, 1]).score, 1)
array([0.9, 0.1])
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from peaceplan import _core
from peaceplan.errors import ArgumentError
from peaceplan.explore_results import ExperimentsResult, FeatureScoresResult, PawnResult, Result

__all__ = [
    "feature_scores",
    "pawn",
    "simulation_feature_scores",
    "simulation_inputs",
    "simulation_pawn",
]

_PAWN_KEYS = ("minimum", "mean", "median", "maximum", "cv", "index", "index_se")
_PAWN_KEYS += ("index_lo", "index_hi", "above_noise", "noise")


def _given(
    x: Any, y: Any, names: Sequence[str] | None
) -> tuple[np.ndarray, np.ndarray, list[str], list[str], bool]:
    """``x`` as a C-ordered float matrix, ``y`` as rows x outputs, and their names."""
    cols = list(x.columns) if isinstance(x, pd.DataFrame) else None
    xa = np.ascontiguousarray(np.asarray(x, dtype=float))
    if xa.ndim == 1:
        xa = xa[:, None]
    if xa.ndim != 2:
        raise ArgumentError(f"x: expected a 2-D array (rows x inputs), got shape {xa.shape}")
    if names is None:
        names = [str(c) for c in cols] if cols is not None else None
    names = list(names) if names is not None else [f"x{i + 1}" for i in range(xa.shape[1])]
    if len(names) != xa.shape[1]:
        raise ArgumentError(f"names: {len(names)} names for {xa.shape[1]} columns of x")
    if isinstance(y, pd.DataFrame):
        outputs = [str(c) for c in y.columns]
    elif isinstance(y, pd.Series) and y.name is not None:
        outputs = [str(y.name)]
    else:
        outputs = []
    ya = np.asarray(y, dtype=float)
    single = ya.ndim == 1
    if single:
        ya = ya[:, None]
    if ya.ndim != 2 or ya.shape[0] != xa.shape[0]:
        raise ArgumentError(
            f"y: expected one value (1-D) or one row (2-D) per row of x ({xa.shape[0]} rows), "
            f"got shape {ya.shape}"
        )
    outputs = outputs or (["y"] if single else [f"y{j + 1}" for j in range(ya.shape[1])])
    return xa, ya, names, outputs, single


def _pawn_one(x: np.ndarray, y: np.ndarray, kw: dict[str, Any]) -> dict[str, np.ndarray]:
    r = _core._explore_pawn(x, np.ascontiguousarray(y), **kw)
    return {k: np.asarray(r[k]) for k in _PAWN_KEYS}


def _scores_one(x: np.ndarray, y: np.ndarray, kw: dict[str, Any]) -> dict[str, np.ndarray]:
    score, std = _core._explore_feature_scores(x, np.ascontiguousarray(y), **kw)
    return {"score": np.asarray(score), "score_std": np.asarray(std)}


def _pawn_kw(
    slices: int, stat: str, resamples: int, conf_level: float, seed: int
) -> dict[str, Any]:
    return {
        "slices": int(slices),
        "stat": str(stat),
        "resamples": int(resamples),
        "conf_level": float(conf_level),
        "seed": int(seed),
    }


def _tree_kw(
    trees: int, max_features: int | None, min_leaf: int, max_depth: int | None, seed: int
) -> dict[str, Any]:
    for name, v in (("max_features", max_features), ("max_depth", max_depth)):
        if v is not None and int(v) < 1:
            raise ArgumentError(f"{name}: need at least 1 (or None for no limit), got {v}")
    return {
        "trees": int(trees),
        "max_features": int(max_features or 0),
        "min_leaf": int(min_leaf),
        "max_depth": int(max_depth or 0),
        "seed": int(seed),
    }


def _run(
    method: str, x: Any, y: Any, names: Any, kw: dict[str, Any], meta: dict[str, Any]
) -> Result:
    xa, ya, names, outputs, single = _given(x, y, names)
    one = _pawn_one if method == "pawn" else _scores_one
    parts = [one(xa, ya[:, j], kw) for j in range(ya.shape[1])]
    arrays = {k: np.stack([p[k] for p in parts]) for k in parts[0]}
    if single:
        arrays = {k: v[0] for k, v in arrays.items()}
    cls = PawnResult if method == "pawn" else FeatureScoresResult
    return cls(arrays, {"names": names, "outputs": outputs, "rows": len(xa), **kw, **meta})


def pawn(
    x: Any,
    y: Any,
    *,
    names: Sequence[str] | None = None,
    slices: int = 10,
    stat: str = "median",
    resamples: int = 200,
    conf_level: float = 0.95,
    seed: int = 0,
) -> PawnResult:
    """PAWN indices of the columns of ``x`` (rows x inputs: array or DataFrame) for ``y`` (one
    value per row, or a DataFrame/2-D array of several outputs), from the given rows.

    ``slices`` conditioning slices per input (equal-count, at its quantiles); ``stat`` the
    statistic over slices that gets a bootstrap interval over ``resamples`` resamples and is
    compared with the noise reference (``median``, ``mean`` or ``max``). Raises
    :class:`~peaceplan.ArgumentError` naming the argument for wrong shapes, NaN or infinite
    values, ``slices < 2`` or fewer than ``2 * slices`` rows.
    """
    return _run("pawn", x, y, names, _pawn_kw(slices, stat, resamples, conf_level, seed), {})  # type: ignore[return-value]


def feature_scores(
    x: Any,
    y: Any,
    *,
    names: Sequence[str] | None = None,
    trees: int = 100,
    max_features: int | None = None,
    min_leaf: int = 5,
    max_depth: int | None = None,
    seed: int = 0,
) -> FeatureScoresResult:
    """Feature scores of the columns of ``x`` for ``y`` (as :func:`pawn`) from ``trees``
    extremely randomised regression trees (``max_features`` inputs drawn per split, all by
    default; leaves of at least ``min_leaf`` rows; depth up to ``max_depth``). The same numbers
    for a seed on any number of threads."""
    kw = _tree_kw(trees, max_features, min_leaf, max_depth, seed)
    return _run("feature_scores", x, y, names, kw, {})  # type: ignore[return-value]


def _split_kwargs(method: str, kwargs: dict[str, Any]) -> dict[str, Any]:
    fn = pawn if method == "pawn" else feature_scores
    allowed = set(fn.__kwdefaults__ or {}) - {"names"}
    unknown = set(kwargs) - allowed
    if unknown:
        raise ArgumentError(f"{method}: unknown arguments {sorted(unknown)}; use {sorted(allowed)}")
    defaults = dict(fn.__kwdefaults__ or {})
    defaults.pop("names", None)
    defaults.update(kwargs)
    if method == "pawn":
        return _pawn_kw(**defaults)
    return _tree_kw(**defaults)


def experiments_given(ex: ExperimentsResult, method: str, kwargs: dict[str, Any]) -> Result:
    """PAWN or feature scores of every (option, outcome) of a study's experiments; rows whose
    outcome is not finite (failed experiments) are left out and counted in ``meta["dropped"]``."""
    kw = _split_kwargs(method, kwargs)
    one = _pawn_one if method == "pawn" else _scores_one
    x, y, opt = ex.arrays["x"], ex.arrays["y"], ex.arrays["option"]
    options = list(ex.meta.get("options", ["-"]))
    parts, dropped = [], 0
    for k in range(len(options)):
        rows = opt == k
        per_out = []
        for j in range(y.shape[1]):
            ok = np.isfinite(y[rows, j])
            dropped += int((~ok).sum())
            xs = np.ascontiguousarray(x[rows][ok], dtype=float)
            per_out.append(one(xs, y[rows, j][ok], kw))
        parts.append({key: np.stack([p[key] for p in per_out]) for key in per_out[0]})
    arrays = {key: np.stack([p[key] for p in parts]) for key in parts[0]}
    meta = {**ex.meta, **kw, "dropped": dropped, "study": True}
    meta.pop("errors", None)
    cls = PawnResult if method == "pawn" else FeatureScoresResult
    return cls(arrays, meta)


def simulation_inputs(sim: Any) -> pd.DataFrame:
    """The sampled inputs of a ``Simulation``, one row per draw: ``duration:<intervention>``
    (months; 0 where it did not happen; kept with ``per_intervention=True``) and
    ``risk:<risk>`` (1 if the risk occurred). Columns that never vary are left out."""
    cols = sim.columns
    parts: dict[str, np.ndarray] = {}
    if "duration" in cols:
        dur = np.nan_to_num(np.asarray(cols["duration"], dtype=float), nan=0.0)
        for i, iid in enumerate(sim.intervention_ids):
            parts[f"duration:{iid}"] = dur[:, i]
    occ = np.asarray(cols["risk_occurred"], dtype=float)
    for i, rid in enumerate(sim.risk_ids):
        parts[f"risk:{rid}"] = occ[:, i]
    df = pd.DataFrame(parts)
    varying = [c for c in df.columns if np.ptp(df[c].to_numpy()) > 0]
    if not varying:
        raise ArgumentError(
            "per_intervention: no sampled input varies in this simulation; simulate with "
            "per_intervention=True to keep the sampled durations"
        )
    return df[varying]


def _simulation(sim: Any, output: str, method: str, kwargs: dict[str, Any]) -> Result:
    cols = sim.columns
    outs = sorted(k for k, v in cols.items() if np.ndim(v) == 1 and len(v) == sim.draws)
    if output not in outs:
        raise ArgumentError(
            f"output: {output!r} is not a column of the simulation; use one of {outs}"
        )
    x = simulation_inputs(sim)
    y = np.asarray(cols[output], dtype=float)
    ok = np.isfinite(y)
    kw = _split_kwargs(method, kwargs)
    meta = {"dropped": int((~ok).sum()), "durations_kept": "duration" in cols}
    return _run(method, x[ok], pd.Series(y[ok], name=output), None, kw, meta)


def simulation_pawn(sim: Any, output: str = "finish", **kwargs: Any) -> PawnResult:
    """PAWN indices of a simulation's sampled inputs (:func:`simulation_inputs`) for the column
    ``output`` (``finish``, ``finish_funded``, ``funding_gap``, ``relapse_10y``, ...); draws
    where it is not finite (infeasible) are left out and counted in ``meta["dropped"]``."""
    return _simulation(sim, output, "pawn", kwargs)  # type: ignore[return-value]


def simulation_feature_scores(
    sim: Any, output: str = "finish", **kwargs: Any
) -> FeatureScoresResult:
    """Feature scores of a simulation's sampled inputs for the column ``output`` (as
    :func:`simulation_pawn`)."""
    return _simulation(sim, output, "feature_scores", kwargs)  # type: ignore[return-value]
