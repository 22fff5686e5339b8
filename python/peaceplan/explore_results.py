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
        """Write the result to ``path`` (``.npz``: arrays + metadata JSON)."""
        meta = json.dumps({"kind": self.kind, **self.meta})
        np.savez(os.fspath(path), __meta__=np.array(meta), **self.arrays)

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


class SobolResult(Result):
    """Sobol indices: ``S1``, ``ST`` and their confidence half-widths ``S1_conf``, ``ST_conf``.

    Arrays have shape ``(inputs,)`` for one output, ``(outputs, inputs)`` for several, and
    ``(options, outputs, inputs)`` in a study. ``S2``/``S2_conf`` (with ``second_order``) add a
    last axis. The bootstrap interval is conservative on a Sobol design (see the docs).
    """

    kind = "sobol"

    def to_pandas(self) -> pd.DataFrame:
        """One row per (option, outcome, parameter), columns S1, S1_conf, ST, ST_conf."""
        idx = _index(self.meta, self.meta["names"])
        return pd.DataFrame(
            {k: self.arrays[k].reshape(-1) for k in ("S1", "S1_conf", "ST", "ST_conf")},
            index=idx,
        )

    @property
    def indices(self) -> pd.DataFrame:
        """Same as :meth:`to_pandas`."""
        return self.to_pandas()

    def plot(self, outcome: str | None = None, option: str | None = None, ax: Any = None) -> Any:
        """Bars of S1 and ST with their intervals for one outcome (and option)."""
        from peaceplan import explore_plot

        return explore_plot.sobol_bars(self, outcome, option, ax)


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
        """One row per (option, outcome, parameter): base, low, high, swing; by ``|swing|``."""
        idx = _index(self.meta, self.meta["names"])
        df = pd.DataFrame(
            {k: self.arrays[k].reshape(-1) for k in ("base", "low", "high", "swing")}, index=idx
        )
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


_KINDS: dict[str, type[Result]] = {
    c.kind: c
    for c in (
        SobolResult,
        MorrisResult,
        TornadoResult,
        ExperimentsResult,
        PrimResult,
        RobustnessResult,
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
