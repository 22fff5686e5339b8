"""Global sensitivity analysis of any vectorised Python function, and the result types of studies.

The designs and analyses run in Rust (``peaceplan._core``); ``fn`` is called once on the whole
design (a 2-D array, one row per experiment) and returns a 1-D array (one output) or a 2-D array
(one column per output). The result types live in :mod:`peaceplan.explore_results` and are
re-exported here.

Examples
--------
>>> import numpy as np
>>> import peaceplan as pp
>>> def ishigami(x):
...     return np.sin(x[:, 0]) + 7 * np.sin(x[:, 1]) ** 2 + 0.1 * x[:, 2] ** 4 * np.sin(x[:, 0])
>>> res = pp.explore.sobol(ishigami, [(-np.pi, np.pi)] * 3, n=1024, seed=1)
>>> np.round(res.ST, 1)
array([0.6, 0.4, 0.2])
>>> res.to_pandas().columns.tolist()
['S1', 'S1_conf', 'ST', 'ST_conf', 'distinguishable']
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from statistics import NormalDist
from typing import Any

import numpy as np

from peaceplan import _core
from peaceplan._wrap import core_of
from peaceplan.errors import ArgumentError
from peaceplan.explore_given import feature_scores, pawn
from peaceplan.explore_results import (
    ExperimentsResult,
    FeatureScoresResult,
    MorrisResult,
    PawnResult,
    PrimResult,
    Result,
    RobustnessResult,
    SobolResult,
    TornadoResult,
    load,
)

__all__ = [
    "ExperimentsResult",
    "FeatureScoresResult",
    "MorrisResult",
    "PawnResult",
    "PrimResult",
    "Result",
    "RobustnessResult",
    "SobolResult",
    "TornadoResult",
    "evaluate",
    "feature_scores",
    "load",
    "morris",
    "outcomes",
    "paths",
    "pawn",
    "prim",
    "sobol",
]

Bounds = Sequence[tuple[float, float]]


def _check_bounds(bounds: Bounds, names: Sequence[str] | None) -> tuple[np.ndarray, list[str]]:
    b = np.asarray(bounds, dtype=float)
    if b.ndim != 2 or b.shape[1] != 2 or b.shape[0] == 0:
        raise ArgumentError(f"bounds: expected a list of (low, high) pairs, got shape {b.shape}")
    names = list(names) if names is not None else [f"x{i + 1}" for i in range(len(b))]
    if len(names) != len(b):
        raise ArgumentError(f"names: {len(names)} names for {len(b)} bounds")
    for name, (lo, hi) in zip(names, b, strict=False):
        if not (np.isfinite(lo) and np.isfinite(hi) and lo < hi):
            raise ArgumentError(f"bounds of {name!r}: need finite low < high, got ({lo}, {hi})")
    return b, names


def _call(fn: Callable[[np.ndarray], Any], x: np.ndarray) -> np.ndarray:
    y = np.asarray(fn(x), dtype=float)
    if y.ndim == 1:
        y = y[:, None]
    if y.ndim != 2 or y.shape[0] != x.shape[0]:
        raise ArgumentError(
            f"fn must return one value (1-D) or one row (2-D) per input row: {x.shape[0]} rows "
            f"in, shape {y.shape} out"
        )
    return y


def _stack(parts: list[dict[str, np.ndarray]], keys: Sequence[str]) -> dict[str, np.ndarray]:
    return {k: np.stack([p[k] for p in parts]) for k in keys if k in parts[0]}


_SOBOL_KEYS = (
    "S1",
    "ST",
    "S1_conf",
    "ST_conf",
    "S1_se",
    "ST_se",
    "S1_nonzero",
    "ST_nonzero",
    "S1_reps",
    "ST_reps",
    "S2",
    "S2_conf",
    "S2_se",
)


def _replicated_sobol(
    evaluate: Callable[[np.ndarray], np.ndarray],
    d: int,
    n: int,
    seed: int,
    second_order: bool,
    replicates: int,
    conf_level: float,
    target: float | None,
    max_replicates: int,
) -> tuple[list[dict[str, Any]], int]:
    """Run replicated Saltelli designs until the largest S1/ST half-width meets ``target``.

    ``evaluate(u)`` maps unit-cube rows to outputs ``(series, rows)``; every series (an output,
    or an option and outcome of a study) is analysed on its own. Replicates are added in
    batches sized from the observed half-width (it falls like 1 / sqrt(replicates)).
    """
    if replicates < 2:
        raise ArgumentError(f"replicates: need at least 2 for an interval, got {replicates}")
    if target is not None and not target > 0:
        raise ArgumentError(f"target: must be a positive half-width, got {target}")
    ys: list[np.ndarray] = []
    done, want = 0, int(replicates)
    while True:
        u = _core._explore_saltelli_replicates(
            int(n), d, want - done, seed=int(seed), second_order=bool(second_order), first=done
        )
        ys.append(evaluate(u))
        done = want
        y = np.concatenate(ys, axis=1)
        parts = [
            _core._explore_sobol_replicated(
                np.ascontiguousarray(y[k]), d, done, bool(second_order), float(conf_level)
            )
            for k in range(y.shape[0])
        ]
        if target is None or done >= max_replicates:
            return parts, done
        halves = np.concatenate([np.r_[p["S1_conf"], p["ST_conf"]] for p in parts])
        ses = np.concatenate([np.r_[p["S1_se"], p["ST_se"]] for p in parts])
        if not np.nanmax(halves, initial=0.0) > target:
            return parts, done
        # the half-width at R replicates is about z se sqrt(done / R)
        z = NormalDist().inv_cdf(0.5 + conf_level / 2)
        need = int(np.ceil(done * (z * np.nanmax(ses) / target) ** 2 * 1.1))
        want = min(int(max_replicates), max(need, done + 2))


def sobol(
    fn: Callable[[np.ndarray], Any],
    bounds: Bounds,
    n: int,
    seed: int = 0,
    second_order: bool = False,
    *,
    names: Sequence[str] | None = None,
    replicates: int = 10,
    conf_level: float = 0.95,
    target: float | None = None,
    max_replicates: int = 200,
) -> SobolResult:
    """Sobol indices of a vectorised function (Saltelli 2010 S1, Jansen ST, Saltelli 2002 S2)
    with confidence intervals from independent randomised-QMC replicates.

    Each replicate is a Saltelli design on its own Owen scrambling of the Sobol sequence; the
    index is the mean over replicates and its interval the Student-t interval of that mean
    (nominal coverage, unlike a bootstrap of quasi-random points, which overstates the error
    8x to ~2000x). ``*_nonzero`` says whether an interval excludes zero.

    Parameters
    ----------
    fn : callable
        ``fn(X) -> Y`` with ``X`` of shape ``(rows, inputs)``; ``Y`` 1-D or ``(rows, outputs)``.
    bounds : list of (low, high)
        Uniform range of each input.
    n : int
        Base samples per replicate (>= 2; a power of two is best); a replicate has
        ``n * (d + 2)`` rows (``n * (2d + 2)`` with second order).
    seed : int
        Seed of the replicates' scramblings.
    second_order : bool
        Also estimate the pairwise indices ``S2``.
    names : list of str, optional
        Input names (default ``x1, x2, ...``).
    replicates : int, default 10
        Independent replicates (>= 2); more give tighter intervals.
    conf_level : float, default 0.95
        Level of the intervals (``*_conf`` are half-widths).
    target : float, optional
        Add replicates until every S1/ST half-width is at most ``target`` (or
        ``max_replicates`` is reached; ``meta["replicates"]`` says how many ran).
    max_replicates : int, default 200
        Cap of the replicates with ``target``.

    Returns
    -------
    SobolResult

    Raises
    ------
    ArgumentError
        Bounds with low >= high, ``n < 2``, ``replicates < 2`` or output of the wrong shape.

    Examples
    --------
    >>> import peaceplan as pp
    >>> r = pp.explore.sobol(lambda x: x[:, 0], [(0, 1), (0, 1)], n=256)
    >>> [round(float(v), 2) for v in r.ST], r.ST_nonzero.tolist()
    ([1.0, 0.0], [True, False])
    """
    b, names = _check_bounds(bounds, names)
    d = len(b)

    def evaluate(u: np.ndarray) -> np.ndarray:
        return _call(fn, b[:, 0] + u * (b[:, 1] - b[:, 0])).T

    parts, done = _replicated_sobol(
        evaluate, d, n, seed, second_order, replicates, conf_level, target, max_replicates
    )
    arrays = _stack(parts, _SOBOL_KEYS)
    outs = len(parts)
    if outs == 1:
        arrays = {k: v[0] for k, v in arrays.items()}
    outputs = [f"y{j}" for j in range(outs)] if outs > 1 else ["y"]
    meta = {
        "names": names,
        "outputs": outputs,
        "n": int(n),
        "seed": int(seed),
        "replicates": done,
        "conf_level": float(conf_level),
        "experiments": done * int(n) * ((2 if second_order else 1) * d + 2),
    }
    return SobolResult(arrays, meta)


def morris(
    fn: Callable[[np.ndarray], Any],
    bounds: Bounds,
    trajectories: int,
    levels: int = 4,
    seed: int = 0,
    *,
    names: Sequence[str] | None = None,
    resamples: int = 1000,
) -> MorrisResult:
    """Morris elementary effects of a vectorised function (mu, mu*, sigma, mu*_conf).

    Effects are in units of the unit cube (the change of the output when an input moves by
    ``delta = levels / (2 (levels - 1))`` of its range), as SALib reports them.

    Examples
    --------
    >>> import peaceplan as pp
    >>> r = pp.explore.morris(lambda x: 2 * x[:, 0], [(0, 1), (0, 1)], trajectories=10)
    >>> r.mu_star.tolist()
    [2.0, 0.0]
    """
    b, names = _check_bounds(bounds, names)
    d = len(b)
    u = _core._explore_morris_design(d, int(trajectories), int(levels), int(seed))
    x = b[:, 0] + u * (b[:, 1] - b[:, 0])
    y = _call(fn, x)
    parts = [
        _core._explore_morris(u, np.ascontiguousarray(y[:, j]), resamples, 0.95, int(seed) + 1)
        for j in range(y.shape[1])
    ]
    arrays = _stack(parts, ["mu", "mu_star", "sigma", "mu_star_conf"])
    if y.shape[1] == 1:
        arrays = {k: v[0] for k, v in arrays.items()}
    outputs = [f"y{j}" for j in range(y.shape[1])] if y.shape[1] > 1 else ["y"]
    meta = {"names": names, "outputs": outputs, "trajectories": int(trajectories)}
    return MorrisResult(arrays, meta | {"levels": int(levels), "seed": int(seed)})


def evaluate(
    fn: Callable[[np.ndarray], Any],
    bounds: Bounds,
    n: int,
    seed: int = 0,
    *,
    names: Sequence[str] | None = None,
) -> ExperimentsResult:
    """Run ``fn`` on a Latin hypercube of ``n`` experiments (one vectorised call).

    Examples
    --------
    >>> import peaceplan as pp
    >>> r = pp.explore.evaluate(lambda x: x[:, 0] + x[:, 1] * x[:, 2], [(0, 1)] * 3, n=1000)
    >>> r.to_pandas().shape
    (1000, 5)
    """
    b, names = _check_bounds(bounds, names)
    u = _core._explore_lhs(int(n), len(b), int(seed))
    x = b[:, 0] + u * (b[:, 1] - b[:, 0])
    y = _call(fn, x)
    outputs = [f"y{j}" for j in range(y.shape[1])] if y.shape[1] > 1 else ["y"]
    arrays = {"x": x, "y": y, "option": np.zeros(len(x), dtype=np.int64)}
    return ExperimentsResult(arrays, {"names": names, "outputs": outputs, "options": ["-"]})


def paths(model: Any) -> list[str]:
    """Every parameter path of a Scenario, or of an ``(Office, Portfolio)`` pair.

    Examples
    --------
    >>> import peaceplan as pp
    >>> "pools.planning.capacity" in pp.explore.paths(pp.examples.postwar_country())
    True
    """
    return list(_core._explore_catalogue(core_of(model))[0])


def outcomes(model: Any) -> list[str]:
    """Example outcome names of a model (every column also takes std, min, max, pNN).

    Examples
    --------
    >>> import peaceplan as pp
    >>> "finish.p80" in pp.explore.outcomes(pp.examples.postwar_country())
    True
    """
    return list(_core._explore_catalogue(core_of(model))[1])


def prim(
    x: np.ndarray,
    cases: np.ndarray,
    *,
    names: Sequence[str] | None = None,
    alpha: float = 0.05,
    mass_min: float = 0.05,
) -> PrimResult:
    """PRIM scenario discovery on any data: the box of ``x`` where ``cases`` concentrate.

    Examples
    --------
    >>> import numpy as np
    >>> import peaceplan as pp
    >>> x = np.random.default_rng(0).random((2000, 3))
    >>> r = pp.explore.prim(x, x[:, 0] > 0.8)
    >>> round(float(r.box.loc["x1", "lower"]), 1)
    0.8
    """
    x = np.ascontiguousarray(x, dtype=float)
    c = np.asarray(cases, dtype=bool)
    if x.ndim != 2 or c.shape != (len(x),):
        raise ArgumentError(f"x must be 2-D and cases 1-D of its rows: {x.shape}, {c.shape}")
    names = list(names) if names is not None else [f"x{i + 1}" for i in range(x.shape[1])]
    r = _core._explore_prim(x, c.tolist(), alpha, mass_min)
    t = r["trajectory"]
    arrays = {
        "traj_coverage": np.array([b["coverage"] for b in t]),
        "traj_density": np.array([b["density"] for b in t]),
        "traj_mass": np.array([b["mass"] for b in t]),
        "box_lower": r["pasted"]["lower"],
        "box_upper": r["pasted"]["upper"],
    }
    p = r["pasted"]
    meta = {
        "names": names,
        "selected": int(r["selected"]),
        "coverage": p["coverage"],
        "density": p["density"],
        "mass": p["mass"],
    }
    return PrimResult(arrays, meta)


def _uncertainty(path: str, spec: Any) -> tuple[str, Any]:
    """A study's uncertainty: ``("dist", json)`` or ``("range", (low, high))``, checked."""
    if isinstance(spec, Mapping):
        text = json.dumps(dict(spec))
        try:
            _core._explore_ppf(text, np.array([0.5]))
        except Exception as exc:
            raise ArgumentError(f"uncertainty {path!r}: bad distribution {spec!r}: {exc}") from None
        return ("dist", text)
    try:
        lo, hi = (float(v) for v in spec)
    except (TypeError, ValueError):
        raise ArgumentError(
            f"uncertainty {path!r}: expected (low, high) or a distribution dict, got {spec!r}"
        ) from None
    if not (np.isfinite(lo) and np.isfinite(hi) and lo < hi):
        raise ArgumentError(f"uncertainty {path!r}: bounds need low < high, got ({lo}, {hi})")
    return ("range", (lo, hi))
