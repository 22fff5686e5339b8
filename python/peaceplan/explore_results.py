"""Result types of sensitivity analyses and options studies, saved and loaded as ``.npz``.

:mod:`peaceplan.explore` re-exports every public name of this module: use ``pp.explore.load``,
``pp.explore.SobolResult``, ...
"""

from __future__ import annotations

import json
import os
from typing import Any

import numpy as np
import pandas as pd

from peaceplan._atomic import atomic_path
from peaceplan.errors import ArgumentError


class Result:
    """Base of the result types: named numpy arrays plus JSON metadata.

    ``save(path)`` writes one ``.npz`` holding the arrays and the metadata as JSON;
    :func:`load` reads it back exactly (same arrays bit for bit, same metadata).
    """

    kind = "result"

    def __init__(self, arrays: dict[str, np.ndarray], meta: dict[str, Any]) -> None:
        self.arrays = {k: np.asarray(v) for k, v in arrays.items()}
        self.meta = dict(meta)

    def __getattr__(self, name: str) -> np.ndarray:
        arrays = self.__dict__.get("arrays", {})
        if name in arrays:
            return arrays[name]
        raise AttributeError(name)

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, Result)
        return (
            self.meta == other.meta
            and self.arrays.keys() == other.arrays.keys()
            and all(
                np.array_equal(v, other.arrays[k], equal_nan=v.dtype.kind == "f")
                for k, v in self.arrays.items()
            )
        )

    __hash__ = None  # type: ignore[assignment]

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the result to ``path`` (``.npz``: arrays + metadata JSON; ``.npz`` is appended when
        missing, as NumPy does), atomically: a failed save leaves an earlier file intact."""
        meta = json.dumps({"kind": self.kind, **self.meta})
        target = os.fspath(path)
        if not target.endswith(".npz"):
            target += ".npz"
        with atomic_path(target, suffix=".npz") as tmp, open(tmp, "wb") as fh:
            np.savez(fh, __meta__=np.array(meta), **self.arrays)

    def to_pandas(self) -> pd.DataFrame:  # pragma: no cover - overridden
        raise NotImplementedError

    def _repr_html_(self) -> str:
        return self.to_pandas()._repr_html_()  # type: ignore[no-any-return]

    def __repr__(self) -> str:
        return f"{type(self).__name__}(\n{self.to_pandas()!r}\n)"


def _index(meta: dict[str, Any], inner: list[str]) -> pd.MultiIndex | pd.Index:
    opts, outs = meta.get("options", ["-"]), meta.get("outputs", ["y"])
    levels = []
    names = []
    if len(opts) > 1 or meta.get("study"):
        levels.append(opts)
        names.append("option")
    levels.append(outs)
    names.append("outcome")
    levels.append(inner)
    names.append("parameter")
    return pd.MultiIndex.from_product(levels, names=names)


def _pm(v: float, c: float, digits: int) -> str:
    """``v ± c`` with enough decimals to show the half-width (at most 4)."""
    if np.isfinite(c) and c > 0:
        digits = int(min(4, max(digits, np.ceil(-np.log10(c)))))
    return f"{v:.{digits}f} ± {c:.{digits}f}"


def _labels(meta: dict[str, Any]) -> list[str]:
    return list(meta.get("labels") or meta["names"])


class SobolResult(Result):
    """Sobol indices: ``S1``, ``ST`` and their confidence half-widths ``S1_conf``, ``ST_conf``.

    Arrays have shape ``(inputs,)`` for one output, ``(outputs, inputs)`` for several, and
    ``(options, outputs, inputs)`` in a study. ``S2``/``S2_conf`` (with ``second_order``) add a
    last axis. Intervals come from independent randomised-QMC replicates (``meta["replicates"]``
    of ``meta["n"]`` base samples); ``*_se`` are standard errors, ``*_nonzero`` say whether an
    interval excludes zero and ``*_reps`` hold each replicate's estimate (for
    :meth:`convergence`).
    """

    kind = "sobol"

    def _nonzero(self, key: str) -> np.ndarray:
        if f"{key}_nonzero" in self.arrays:
            return self.arrays[f"{key}_nonzero"].astype(bool)
        return np.asarray(self.arrays[key] - self.arrays[f"{key}_conf"] > 0)

    def to_pandas(self) -> pd.DataFrame:
        """One row per (option, outcome, parameter): S1, S1_conf, ST, ST_conf and whether the
        indices are distinguishable from zero at this sample size."""
        idx = _index(self.meta, self.meta["names"])
        df = pd.DataFrame(
            {k: self.arrays[k].reshape(-1) for k in ("S1", "S1_conf", "ST", "ST_conf")},
            index=idx,
        )
        s1, st = self._nonzero("S1").reshape(-1), self._nonzero("ST").reshape(-1)
        df["distinguishable"] = np.where(
            s1 & st, "S1 and ST", np.where(st, "ST only", np.where(s1, "S1 only", "no"))
        )
        return df

    @property
    def indices(self) -> pd.DataFrame:
        """Same as :meth:`to_pandas`."""
        return self.to_pandas()

    @property
    def precision(self) -> str:
        """A "stable to +/- x" statement: the largest half-width of S1 and ST and the sample."""
        halves = np.r_[self.arrays["S1_conf"].reshape(-1), self.arrays["ST_conf"].reshape(-1)]
        halves = halves[np.isfinite(halves)]
        worst = float(halves.max()) if halves.size else float("nan")
        level = round(100 * float(self.meta.get("conf_level", 0.95)))
        reps = self.meta.get("replicates")
        sample = (
            f"{reps} replicates of {self.meta['n']:,} base samples"
            if reps
            else f"{self.meta.get('n', '?')} base samples"
        )
        runs = self.meta.get("experiments")
        runs_text = f", {runs:,} experiments" if runs else ""
        return (
            f"indices stable to ±{worst:.3f} ({level} % intervals; {sample}{runs_text} per option)"
            if self.meta.get("study")
            else f"indices stable to ±{worst:.3f} ({level} % intervals; {sample}{runs_text})"
        )

    def table(self, digits: int = 2) -> pd.DataFrame:
        """The indices as a paper prints them: labelled rows, ``0.31 ± 0.04`` cells, and
        "not distinguishable from 0" where an interval includes zero."""
        df = self.to_pandas()
        labels = dict(zip(self.meta["names"], _labels(self.meta), strict=False))
        out = pd.DataFrame(index=df.index)
        for k in ("S1", "ST"):
            out[k] = [_pm(v, c, digits) for v, c in zip(df[k], df[f"{k}_conf"], strict=True)]
        dist = df["distinguishable"]
        note = np.select(
            [dist == "no", dist == "ST only", dist == "S1 only"],
            [
                "not distinguishable from 0",
                "S1 not distinguishable from 0",
                "ST not distinguishable from 0",
            ],
            "",
        )
        if "noisy" in self.arrays:
            noisy = np.broadcast_to(self.arrays["noisy"][..., None], self.arrays["S1"].shape)
            note = np.where(noisy.reshape(-1), "outcome within its Monte Carlo noise", note)
        out["note"] = note
        names = {"S1": "first order S1", "ST": "total ST"}
        out = out.rename(columns=names)
        return out.rename(index=labels, level="parameter")

    def convergence(self, outcome: str | None = None, option: str | None = None) -> pd.DataFrame:
        """How S1 and ST and their half-widths settle as replicates are added."""
        from peaceplan import _core
        from peaceplan.explore_plot import _pick

        if "S1_reps" not in self.arrays:
            raise ArgumentError("this result has no replicates (saved by an older version)")
        key, _ = _pick(self, outcome, option)
        rows = []
        for k in ("S1", "ST"):
            reps = np.ascontiguousarray(self.arrays[f"{k}_reps"][key], dtype=float)
            mean, half = _core._explore_running(reps, float(self.meta.get("conf_level", 0.95)))
            for r in range(1, len(reps)):
                for i, name in enumerate(_labels(self.meta)):
                    rows.append((k, name, r + 1, mean[r, i], half[r, i]))
        return pd.DataFrame(rows, columns=["index", "parameter", "replicates", "value", "half"])

    def plot(self, outcome: str | None = None, option: str | None = None, ax: Any = None) -> Any:
        """Bars of S1 and ST with their intervals for one outcome (and option)."""
        from peaceplan import explore_plot

        return explore_plot.sobol_bars(self, outcome, option, ax)

    def plot_convergence(
        self, outcome: str | None = None, option: str | None = None, ax: Any = None
    ) -> Any:
        """ST of each input, with its interval, against the number of replicates."""
        from peaceplan import explore_plot

        return explore_plot.sobol_convergence(self, outcome, option, ax)


class MorrisResult(Result):
    """Morris screening: ``mu``, ``mu_star``, ``sigma``, ``mu_star_conf`` (unit-cube effects)."""

    kind = "morris"

    def to_pandas(self) -> pd.DataFrame:
        """One row per (option, outcome, parameter), columns mu, mu_star, sigma, mu_star_conf."""
        idx = _index(self.meta, self.meta["names"])
        cols = ("mu", "mu_star", "sigma", "mu_star_conf")
        return pd.DataFrame({k: self.arrays[k].reshape(-1) for k in cols}, index=idx)

    def plot(self, outcome: str | None = None, option: str | None = None, ax: Any = None) -> Any:
        """The mu*-sigma plane: inputs far from the origin matter."""
        from peaceplan import explore_plot

        return explore_plot.morris_plane(self, outcome, option, ax)


class TornadoResult(Result):
    """One-at-a-time swings: each input at its low and high value, the others at the base."""

    kind = "tornado"

    def to_pandas(self) -> pd.DataFrame:
        """One row per (option, outcome, parameter): base, low, high, swing (by ``|swing|``), and
        for a study the half-width of the outcome's 95 % Monte Carlo interval at the base
        (``noise``) with a note where both ends stay within it."""
        idx = _index(self.meta, self.meta["names"])
        df = pd.DataFrame(
            {k: self.arrays[k].reshape(-1) for k in ("base", "low", "high", "swing")}, index=idx
        )
        if "noise" in self.arrays:
            # the Monte Carlo noise of each (option, outcome), on every parameter's row
            noise = np.broadcast_to(self.arrays["noise"][..., None], self.arrays["low"].shape)
            df["noise"] = noise.reshape(-1)
            moved = np.maximum((df["low"] - df["base"]).abs(), (df["high"] - df["base"]).abs())
            df["note"] = np.where(moved <= df["noise"], "within Monte Carlo noise", "")
        df["abs_swing"] = df["swing"].abs()
        lv = [n for n in idx.names if n != "parameter"]
        df = df.sort_values([*lv, "abs_swing"], ascending=[True] * len(lv) + [False], kind="stable")
        return df.drop(columns="abs_swing")

    def plot(self, outcome: str | None = None, option: str | None = None, ax: Any = None) -> Any:
        """The tornado chart."""
        from peaceplan import explore_plot

        return explore_plot.tornado_bars(self, outcome, option, ax)


class ExperimentsResult(Result):
    """Experiments of a design: inputs, option of each row, outcomes, and failures."""

    kind = "experiments"

    def to_pandas(self) -> pd.DataFrame:
        """One row per experiment: ``option``, the inputs, the outcomes."""
        df = pd.DataFrame(self.arrays["x"], columns=self.meta["names"])
        opts = self.meta.get("options", ["-"])
        df.insert(0, "option", pd.Categorical.from_codes(self.arrays["option"], opts))
        for j, name in enumerate(self.meta["outputs"]):
            df[name] = self.arrays["y"][:, j]
        return df

    @property
    def errors(self) -> list[dict[str, Any]]:
        """Failed experiments: row, option, inputs and message."""
        return [dict(e) for e in self.meta.get("errors", [])]

    def pawn(self, **kwargs: Any) -> PawnResult:
        """PAWN indices of every outcome for every option on these experiments (keyword
        arguments as :func:`peaceplan.explore.pawn`)."""
        from peaceplan import explore_given

        return explore_given.experiments_given(self, "pawn", kwargs)  # type: ignore[return-value]

    def feature_scores(self, **kwargs: Any) -> FeatureScoresResult:
        """Feature scores of every outcome for every option on these experiments (keyword
        arguments as :func:`peaceplan.explore.feature_scores`)."""
        from peaceplan import explore_given

        return explore_given.experiments_given(self, "feature_scores", kwargs)  # type: ignore[return-value]

    def plot(self, outcome: str | None = None, ax: Any = None) -> Any:
        """Distribution of one outcome per option (empirical CDFs)."""
        from peaceplan import explore_plot

        return explore_plot.experiments_cdf(self, outcome, ax)


class PrimResult(Result):
    """PRIM scenario discovery: the peeling trajectory and the suggested (pasted) box."""

    kind = "prim"

    def to_pandas(self) -> pd.DataFrame:
        """The suggested box: lower and upper bound of each restricted input."""
        lo, hi = self.arrays["box_lower"], self.arrays["box_upper"]
        keep = [i for i in range(len(lo)) if np.isfinite(lo[i]) or np.isfinite(hi[i])]
        names = self.meta["names"]
        return pd.DataFrame(
            {"lower": lo[keep], "upper": hi[keep]}, index=pd.Index([names[i] for i in keep])
        )

    @property
    def box(self) -> pd.DataFrame:
        """Same as :meth:`to_pandas`."""
        return self.to_pandas()

    @property
    def trajectory(self) -> pd.DataFrame:
        """Coverage, density and mass after each peeling step."""
        cols = ("coverage", "density", "mass")
        return pd.DataFrame({k: self.arrays[f"traj_{k}"] for k in cols})

    def plot(self, ax: Any = None) -> Any:
        """The coverage/density trade-off, the suggested box marked."""
        from peaceplan import explore_plot

        return explore_plot.prim_tradeoff(self, ax)


class RobustnessResult(Result):
    """Robustness of each option across the futures: percentiles, regret, satisficing."""

    kind = "robustness"
    _cols = ("mean", "p10", "p50", "p90", "mean_regret", "max_regret", "p90_regret", "satisficing")

    def to_pandas(self) -> pd.DataFrame:
        """One row per (outcome, option)."""
        idx = pd.MultiIndex.from_product(
            [self.meta["outputs"], self.meta["options"]], names=["outcome", "option"]
        )
        return pd.DataFrame({k: self.arrays[k].reshape(-1) for k in self._cols}, index=idx)

    def plot(self, outcome: str | None = None, ax: Any = None) -> Any:
        """Maximum and 90th-percentile regret per option."""
        from peaceplan import explore_plot

        return explore_plot.regret_bars(self, outcome, ax)


class PawnResult(Result):
    """PAWN indices from given data: per input, the Kolmogorov-Smirnov distance between the
    output's distribution in each conditioning slice of the input and over every row,
    summarised as ``minimum``, ``mean``, ``median``, ``maximum`` and ``cv`` over the slices.

    ``index`` is the headline statistic (``meta["stat"]``, the median by default) with a
    bootstrap interval ``index_lo``..``index_hi`` (estimate ± z bootstrap standard errors);
    ``noise`` is the same statistic for a dummy input splitting the rows at random (its
    ``conf_level`` quantile) and ``above_noise`` says whether an input's index exceeds it.
    Shapes follow :class:`SobolResult`: ``(inputs,)``, ``(outputs, inputs)``, or
    ``(options, outputs, inputs)`` from a study; ``noise`` drops the last axis.
    """

    kind = "pawn"
    _cols = ("minimum", "mean", "median", "maximum", "cv", "index", "index_lo", "index_hi")

    def to_pandas(self) -> pd.DataFrame:
        """One row per (option, outcome, parameter), with the noise reference and its verdict."""
        idx = _index(self.meta, self.meta["names"])
        df = pd.DataFrame({k: self.arrays[k].reshape(-1) for k in self._cols}, index=idx)
        shape = self.arrays["index"].shape
        df["noise"] = np.broadcast_to(np.asarray(self.arrays["noise"])[..., None], shape).ravel()
        df["above_noise"] = self.arrays["above_noise"].astype(bool).reshape(-1)
        return df

    @property
    def indices(self) -> pd.DataFrame:
        """Same as :meth:`to_pandas`."""
        return self.to_pandas()

    def plot(self, outcome: str | None = None, option: str | None = None, ax: Any = None) -> Any:
        """Bars of the index with its interval; the noise reference as a dashed line."""
        from peaceplan import explore_plot

        return explore_plot.pawn_bars(self, outcome, option, ax)


class FeatureScoresResult(Result):
    """Feature scores from given data (extremely randomised trees, as EMA Workbench's
    ``feature_scoring``): ``score`` (normalised impurity importances, summing to 1 per outcome)
    and ``score_std`` (their spread over the trees). Shapes as :class:`PawnResult`."""

    kind = "feature_scores"

    def to_pandas(self) -> pd.DataFrame:
        """One row per (option, outcome, parameter): ``score`` and ``std``."""
        idx = _index(self.meta, self.meta["names"])
        score, std = self.arrays["score"], self.arrays["score_std"]
        return pd.DataFrame({"score": score.reshape(-1), "std": std.reshape(-1)}, index=idx)

    def plot(self, outcome: str | None = None, option: str | None = None, ax: Any = None) -> Any:
        """Bars of the scores with their spread over the trees."""
        from peaceplan import explore_plot

        return explore_plot.feature_bars(self, outcome, option, ax)


_KINDS: dict[str, type[Result]] = {
    c.kind: c
    for c in (
        SobolResult,
        MorrisResult,
        TornadoResult,
        ExperimentsResult,
        PrimResult,
        RobustnessResult,
        PawnResult,
        FeatureScoresResult,
    )
}


def load(path: str | os.PathLike[str]) -> Result:
    """Read a result written by ``Result.save`` (exactly as saved).

    Examples
    --------
    >>> import os, tempfile
    >>> import numpy as np
    >>> import peaceplan as pp
    >>> res = pp.explore.sobol(lambda x: x[:, 0] + 2 * x[:, 1], [(0, 1), (0, 1)], n=64)
    >>> f = os.path.join(tempfile.mkdtemp(), "sobol.npz")
    >>> res.save(f)
    >>> pp.explore.load(f) == res
    True
    """
    with np.load(os.fspath(path), allow_pickle=False) as z:
        meta = json.loads(str(z["__meta__"]))
        arrays = {k: z[k] for k in z.files if k != "__meta__"}
    kind = meta.pop("kind", None)
    if kind not in _KINDS:
        raise ArgumentError(f"{os.fspath(path)!r} is not a saved peaceplan result")
    return _KINDS[kind](arrays, meta)
