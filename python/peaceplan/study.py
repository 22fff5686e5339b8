"""Options studies on the real model: uncertainties, levers (options) and outcomes (XLRM).

Every experiment copies the model, sets the parameters by path (the grammar of
``Scenario.with_params``; ``peaceplan.explore.paths(model)`` lists them) and runs the engine with
the study's seed, so every option and every sample is evaluated on the same futures (common
random numbers). Experiments run on all cores in Rust, or in chunks on any
``concurrent.futures.Executor`` (e.g. ``dask.distributed.Client(...).get_executor()``) with
identical results.
"""

from __future__ import annotations

import concurrent.futures as cf
import itertools
import warnings
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from peaceplan import _core
from peaceplan._wrap import core_of
from peaceplan.distributed import run_experiments
from peaceplan.errors import ArgumentError, ExperimentError
from peaceplan.explore import (
    _SOBOL_KEYS,
    ExperimentsResult,
    MorrisResult,
    PrimResult,
    RobustnessResult,
    SobolResult,
    TornadoResult,
    _replicated_sobol,
    _uncertainty,
)
from peaceplan.explore_labels import input_label, outcome_label
from peaceplan.office import Office

__all__ = ["Study"]


class Study:
    """An options study: a model, uncertainties, levers or named options, and outcomes.

    Parameters
    ----------
    model : Scenario, Office or (Office, Portfolio)
        What is varied; an Office needs ``portfolio=``.
    uncertainties : dict of path to (low, high) or distribution dict
        E.g. ``{"interventions.dd.duration.scale": (0.8, 1.6)}`` or
        ``{"portfolio.arrivals_per_year": {"triangular": [3, 4.5, 7]}}``.
    levers : dict of path to list of values, optional
        Every combination is an option (``{"interventions.el.mode": ["base", "fast"]}``).
    outcomes : list of str
        Statistics of the engine (``finish.p80``, ``funding.gap.max.p80``, ``relapse.10y``,
        ``interventions.el.finish.p80``, ``wait.p90``, ``utilisation.planning.mean``; the
        catalogue in docs/outcomes.md, ``peaceplan.explore.outcomes(model)``).
    options : dict of name to dict of path to value, optional
        Named options instead of ``levers``; every option sets the same paths.
    portfolio : Portfolio, optional
        The portfolio an Office serves.
    draws : int
        Monte Carlo (scenario) or capacity draws per experiment.
    seed : int
        Seed of every experiment's engine (common random numbers) and default design seed.
    engine : str
        Scenario engine per draw: ``auto``, ``cpm``, ``serial`` or ``parallel``.
    years, threshold_months : float
        Capacity simulation horizon and service threshold (office studies).
    executor : concurrent.futures.Executor, optional
        Where to run chunks of experiments (default: this process, all cores).
    chunk_size : int, optional
        Experiments per chunk.
    progress : bool
        Show progress bars.

    Raises
    ------
    ArgumentError
        Unknown paths or outcomes (with suggestions), bad bounds, options that set different
        paths.

    Examples
    --------
    >>> import peaceplan as pp
    >>> sc = pp.examples.postwar_country()
    >>> st = pp.Study(sc, uncertainties={"interventions.dd.duration.scale": (0.8, 1.6)},
    ...               outcomes=["finish.p80"], draws=50, progress=False)
    >>> st.tornado().to_pandas().shape  # base, low, high, swing, noise, note
    (1, 6)
    """

    def __init__(
        self,
        model: Any,
        uncertainties: Mapping[str, Any] | None = None,
        levers: Mapping[str, Sequence[Any]] | None = None,
        outcomes: Sequence[str] = ("finish.p80",),
        *,
        options: Mapping[str, Mapping[str, Any]] | None = None,
        portfolio: Any = None,
        draws: int = 200,
        seed: int = 0,
        engine: str = "auto",
        years: float = 10.0,
        threshold_months: float = 3.0,
        executor: cf.Executor | None = None,
        chunk_size: int | None = None,
        progress: bool = True,
    ) -> None:
        if isinstance(model, Office):
            if portfolio is None:
                raise ArgumentError("model: an Office needs portfolio=")
            model = (model, portfolio)
        self.model = model
        if isinstance(outcomes, str):
            outcomes = [outcomes]
        self.outcomes = list(outcomes)
        for o in self.outcomes:  # former names still work (docs/outcomes.md)
            if (new := _core._outcome_canonical(core_of(model), o)) is not None:
                warnings.warn(f"outcome {o!r} is deprecated: use {new!r}", DeprecationWarning, 2)
        self.uncertainties = [_uncertainty(p, s) for p, s in (uncertainties or {}).items()]
        self.names = list((uncertainties or {}).keys())
        self.labels = [
            input_label(model, p, u) for p, u in zip(self.names, self.uncertainties, strict=True)
        ]
        self.outcome_labels = [outcome_label(model, o) for o in self.outcomes]
        if levers and options:
            raise ArgumentError("give levers or options, not both")
        if levers:
            paths = list(levers)
            combos = itertools.product(*(list(levers[p]) for p in paths))
            opts = [
                (
                    ", ".join(f"{p}={v}" for p, v in zip(paths, c, strict=False)),
                    dict(zip(paths, c, strict=False)),
                )
                for c in combos
            ]
        elif options:
            opts = [(str(k), dict(v)) for k, v in options.items()]
        else:
            opts = [("baseline", {})]
        self.lever_paths = list(opts[0][1])
        for name, o in opts:
            if set(o) != set(self.lever_paths):
                raise ArgumentError(
                    f"option {name!r} sets {sorted(o)}, expected the same paths as the first "
                    f"option: {sorted(self.lever_paths)}"
                )
        self.option_names = [n for n, _ in opts]
        self._choices: dict[str, list[str]] = {}
        for p in self.lever_paths:
            vals = [o[p] for _, o in opts]
            if any(isinstance(v, str) for v in vals):
                self._choices[p] = list(dict.fromkeys(str(v) for v in vals))
        self._lever_rows = np.array(
            [
                [
                    self._choices[p].index(str(o[p])) if p in self._choices else float(o[p])
                    for p in self.lever_paths
                ]
                for _, o in opts
            ],
            dtype=float,
        ).reshape(len(opts), len(self.lever_paths))
        self._params = [(p, []) for p in self.names] + [
            (p, self._choices.get(p, [])) for p in self.lever_paths
        ]
        self._payload = {
            "model": core_of(model),
            "params": self._params,
            "outcomes": self.outcomes,
            "draws": int(draws),
            "seed": int(seed),
            "engine": engine,
            "years": float(years),
            "threshold_months": float(threshold_months),
        }
        _core._explore_check(core_of(model), self._params, self.outcomes)
        self.seed = int(seed)
        self.executor = executor
        self.chunk_size = chunk_size
        self.progress = progress
        self.last_experiments: ExperimentsResult | None = None

    # -- plumbing ---------------------------------------------------------------------------
    def _values(self, u: np.ndarray) -> np.ndarray:
        x = np.empty_like(u, dtype=float)
        for j, (kind, spec) in enumerate(self.uncertainties):
            if kind == "range":
                lo, hi = spec
                x[:, j] = lo + u[:, j] * (hi - lo)
            else:
                x[:, j] = _core._explore_ppf(spec, np.ascontiguousarray(u[:, j]))
        return x

    def _meta(self, **extra: Any) -> dict[str, Any]:
        return {
            "names": self.names,
            "labels": self.labels,
            "outputs": self.outcomes,
            "outcome_labels": self.outcome_labels,
            "options": self.option_names,
            "study": True,
            "seed": self.seed,
            "draws": self._payload["draws"],
            **extra,
        }

    def _run(
        self, x: np.ndarray, desc: str, executor: cf.Executor | None, strict: bool
    ) -> tuple[np.ndarray, list[dict[str, Any]]]:
        """Outcomes ``(options, rows, outcomes)`` of uncertainty values ``x`` for every option."""
        o, rows = len(self.option_names), len(x)
        full = np.tile(x, (o, 1))
        if self.lever_paths:
            full = np.hstack([full, np.repeat(self._lever_rows, rows, axis=0)])
        y, errs = run_experiments(
            self._payload,
            np.ascontiguousarray(full),
            executor=executor if executor is not None else self.executor,
            chunk_size=self.chunk_size,
            progress=self.progress,
            desc=desc,
        )
        failures = [
            {
                "row": int(r % rows),
                "option": self.option_names[r // rows],
                "inputs": dict(zip([p for p, _ in self._params], full[r].tolist(), strict=False)),
                "message": msg,
            }
            for r, msg in errs
        ]
        y = y.reshape(o, rows, len(self.outcomes))
        if failures:
            partial = ExperimentsResult(
                {
                    "x": np.tile(x, (o, 1)),
                    "y": y.reshape(o * rows, -1),
                    "option": np.repeat(np.arange(o), rows),
                },
                self._meta(errors=failures),
            )
            if strict:
                raise ExperimentError(
                    f"{len(failures)} of {o * rows} experiments failed; first: "
                    f"{failures[0]['message']} (inputs {failures[0]['inputs']})",
                    failures,
                    partial,
                )
            warnings.warn(f"{len(failures)} experiments failed (see .errors)", stacklevel=3)
        return y, failures

    def _noise(self) -> np.ndarray:
        """Half-width of each outcome's 95 % Monte Carlo interval at the base point (every
        uncertainty at its midpoint or median), per option: ``(options, outcomes)``."""
        base = self._values(np.full((1, len(self.uncertainties)), 0.5))[0]
        p = self._payload
        out = []
        for k in range(len(self.option_names)):
            x = np.r_[base, self._lever_rows[k]].tolist()
            _, half = _core._explore_noise(
                p["model"],
                p["params"],
                p["outcomes"],
                x,
                p["draws"],
                p["seed"],
                p["engine"],
                p["years"],
                p["threshold_months"],
            )
            out.append(half)
        return np.array(out, dtype=float).reshape(len(self.option_names), len(self.outcomes))

    def _ends(self) -> tuple[np.ndarray, np.ndarray]:
        lo = np.array([0.0 if k == "range" else 0.1 for k, _ in self.uncertainties])
        return lo, 1.0 - lo

    def _need_uncertainties(self, what: str) -> int:
        d = len(self.uncertainties)
        if d == 0:
            raise ArgumentError(f"{what} needs at least one uncertainty")
        return d

    # -- designs and analyses ---------------------------------------------------------------
    def tornado(self, *, executor: cf.Executor | None = None) -> TornadoResult:
        """One-at-a-time swings: each uncertainty at its low and high end (range bounds, or the
        10th and 90th percentiles of a distribution), the others at their midpoint/median."""
        d = self._need_uncertainties("tornado")
        lo, hi = self._ends()
        # the one-at-a-time design and the swings are the core's (explore::design::oat,
        # explore::analyze::tornado)
        u = _core._explore_oat([0.5] * d, lo.tolist(), hi.tolist())
        y, _ = self._run(self._values(u), "tornado", executor, strict=True)
        y = np.ascontiguousarray(y.transpose(0, 2, 1))  # options, outcomes, rows
        arrays = dict(_core._explore_tornado_swings(y))
        arrays["noise"] = self._noise()
        return TornadoResult(
            arrays,
            self._meta(
                low=self._values(lo[None])[0].tolist(), high=self._values(hi[None])[0].tolist()
            ),
        )

    def morris(
        self,
        trajectories: int = 10,
        levels: int = 4,
        seed: int | None = None,
        *,
        executor: cf.Executor | None = None,
    ) -> MorrisResult:
        """Morris screening of the uncertainties (effects per unit of each input's range)."""
        d = self._need_uncertainties("morris")
        s = self.seed if seed is None else int(seed)
        u = _core._explore_morris_design(d, int(trajectories), int(levels), s)
        y, _ = self._run(self._values(u), "morris", executor, strict=True)
        keys = ("mu", "mu_star", "sigma", "mu_star_conf")
        parts = [
            [
                _core._explore_morris(u, np.ascontiguousarray(y[o, :, j]), 1000, 0.95, s + 1)
                for j in range(y.shape[2])
            ]
            for o in range(y.shape[0])
        ]
        arrays = {k: np.array([[p[k] for p in row] for row in parts]) for k in keys}
        return MorrisResult(arrays, self._meta(trajectories=int(trajectories), levels=int(levels)))

    def sobol(
        self,
        n: int = 256,
        second_order: bool = False,
        seed: int | None = None,
        *,
        replicates: int = 10,
        target: float | None = None,
        max_replicates: int = 100,
        conf_level: float = 0.95,
        executor: cf.Executor | None = None,
    ) -> SobolResult:
        """Sobol indices of the uncertainties for each option and outcome, with intervals from
        ``replicates`` independent randomised-QMC replicates of ``n`` base samples each
        (``replicates * n * (d + 2)`` experiments per option); with ``target``, replicates are
        added until every S1/ST half-width is at most ``target``. ``meta["warnings"]`` names
        outcomes that move less across the design than their own Monte Carlo noise (raise
        ``draws``: their indices describe noise)."""
        d = self._need_uncertainties("sobol")
        s = self.seed if seed is None else int(seed)
        ys: list[np.ndarray] = []
        o, m = len(self.option_names), len(self.outcomes)

        def evaluate(u: np.ndarray) -> np.ndarray:
            y, _ = self._run(self._values(u), "sobol", executor, strict=True)
            ys.append(y)
            return y.transpose(0, 2, 1).reshape(o * m, -1)

        parts, done = _replicated_sobol(
            evaluate, d, n, s, second_order, replicates, conf_level, target, max_replicates
        )
        arrays = {
            k: np.stack([p[k] for p in parts]).reshape(o, m, *np.shape(parts[0][k]))
            for k in _SOBOL_KEYS
            if k in parts[0]
        }
        y = np.concatenate(ys, axis=1)
        q = [_core._stats_quantiles(np.ascontiguousarray(y[k]), [0.05, 0.95]) for k in range(o)]
        spread = np.stack([p[1] - p[0] for p in q])  # P95 - P5, the core's quantile rule
        noise = self._noise()
        arrays["spread"], arrays["noise"] = spread, noise
        arrays["noisy"] = np.isfinite(noise) & (spread < noise)
        warn = [
            f"{self.outcome_labels[j]} ({self.option_names[k]}): moves by {spread[k, j]:.3g} "
            f"across the futures (5-95 %), less than its Monte Carlo noise of ±{noise[k, j]:.3g} "
            f"at {self._payload['draws']} draws"
            for k in range(o)
            for j in range(m)
            if np.isfinite(noise[k, j]) and spread[k, j] < noise[k, j]
        ]
        runs = done * int(n) * ((2 if second_order else 1) * d + 2)
        meta = self._meta(
            n=int(n),
            replicates=done,
            conf_level=float(conf_level),
            experiments=runs,
            warnings=warn,
        )
        return SobolResult(arrays, meta)

    def _experiments(
        self, u: np.ndarray, desc: str, executor: cf.Executor | None
    ) -> ExperimentsResult:
        x = self._values(u)
        y, failures = self._run(x, desc, executor, strict=False)
        o = len(self.option_names)
        arrays = {
            "x": np.tile(x, (o, 1)),
            "y": y.reshape(o * len(x), -1),
            "option": np.repeat(np.arange(o, dtype=np.int64), len(x)),
        }
        res = ExperimentsResult(arrays, self._meta(errors=failures))
        self.last_experiments = res
        return res

    def lhs(
        self, n: int = 200, seed: int | None = None, *, executor: cf.Executor | None = None
    ) -> ExperimentsResult:
        """Latin hypercube of ``n`` futures, every option on each (common random numbers)."""
        d = self._need_uncertainties("lhs")
        s = self.seed if seed is None else int(seed)
        return self._experiments(_core._explore_lhs(int(n), d, s), "lhs", executor)

    def factorial(
        self, levels: int = 3, *, executor: cf.Executor | None = None
    ) -> ExperimentsResult:
        """Full factorial: ``levels`` evenly spaced values of each uncertainty (range ends
        included; 10th to 90th percentile of a distribution)."""
        d = self._need_uncertainties("factorial")
        if levels < 2:
            raise ArgumentError(f"levels: need at least 2, got {levels}")
        lo, hi = self._ends()
        idx = _core._explore_factorial([int(levels)] * d)
        u = lo + idx / (levels - 1) * (hi - lo)
        return self._experiments(u, "factorial", executor)

    def prim(
        self,
        outcome: str,
        threshold: float,
        *,
        above: bool = True,
        option: str | None = None,
        experiments: ExperimentsResult | None = None,
        n: int = 500,
        alpha: float = 0.05,
        mass_min: float = 0.05,
    ) -> PrimResult:
        """Scenario discovery: the box of uncertainties where ``outcome > threshold`` (``<`` with
        ``above=False``) for one option, on the given (or last, or a new ``lhs(n)``) experiments."""
        if outcome not in self.outcomes:
            raise ArgumentError(f"outcome {outcome!r} is not one of the study's: {self.outcomes}")
        opt = option if option is not None else self.option_names[0]
        if opt not in self.option_names:
            raise ArgumentError(f"option {opt!r} is not one of {self.option_names}")
        ex = experiments or self.last_experiments or self.lhs(n)
        k = self.option_names.index(opt)
        rows = ex.arrays["option"] == k
        y = ex.arrays["y"][rows, self.outcomes.index(outcome)]
        x = ex.arrays["x"][rows]
        ok = np.isfinite(y) | np.isinf(y)
        cases = (y[ok] > threshold) if above else (y[ok] < threshold)
        r = _core._explore_prim(np.ascontiguousarray(x[ok]), cases.tolist(), alpha, mass_min)
        t = r["trajectory"]
        arrays = {
            "traj_coverage": np.array([b["coverage"] for b in t]),
            "traj_density": np.array([b["density"] for b in t]),
            "traj_mass": np.array([b["mass"] for b in t]),
            "box_lower": r["pasted"]["lower"],
            "box_upper": r["pasted"]["upper"],
        }
        meta = self._meta(
            outcome=outcome,
            threshold=float(threshold),
            above=above,
            option=opt,
            selected=int(r["selected"]),
            coverage=r["pasted"]["coverage"],
            density=r["pasted"]["density"],
            mass=r["pasted"]["mass"],
        )
        return PrimResult(arrays, meta)

    def robustness(
        self,
        threshold: float | Mapping[str, float] | None = None,
        *,
        maximize: bool = False,
        experiments: ExperimentsResult | None = None,
        n: int = 200,
    ) -> RobustnessResult:
        """Per option and outcome: mean, percentiles, regret against the best option in each
        future, and the share of futures meeting ``threshold`` (per outcome with a dict)."""
        ex = experiments or self.last_experiments or self.lhs(n)
        o = len(self.option_names)
        y = ex.arrays["y"].reshape(o, -1, len(self.outcomes))
        keys = RobustnessResult._cols
        out: dict[str, list[np.ndarray]] = {k: [] for k in keys}
        for j, name in enumerate(self.outcomes):
            t = threshold.get(name) if isinstance(threshold, Mapping) else threshold
            r = _core._explore_robustness(np.ascontiguousarray(y[:, :, j]), not maximize, t)
            for k in keys:
                out[k].append(r[k])
        arrays = {k: np.array(v) for k, v in out.items()}
        return RobustnessResult(arrays, self._meta(maximize=maximize))
