"""Figures of sensitivity and options studies (matplotlib), sized for an options paper."""

from __future__ import annotations

from typing import Any

import numpy as np


def _ax(ax: Any, size: tuple[float, float] = (6.5, 3.5)) -> Any:
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=size, layout="constrained")
    return ax


def _pick(res: Any, outcome: str | None, option: str | None) -> tuple[tuple[int, ...], str]:
    outs = res.meta["outputs"]
    j = outs.index(outcome) if outcome is not None else 0
    key: tuple[int, ...] = (j,) if len(outs) > 1 else ()
    title = outs[j]
    if res.meta.get("study"):
        opts = res.meta["options"]
        k = opts.index(option) if option is not None else 0
        key = (k, j)
        title = f"{outs[j]} — {opts[k]}" if len(opts) > 1 else outs[j]
    return key, title


def sobol_bars(res: Any, outcome: str | None, option: str | None, ax: Any) -> Any:
    """S1 and ST bars with their confidence half-widths."""
    ax = _ax(ax)
    key, title = _pick(res, outcome, option)
    names = res.meta["names"]
    x = np.arange(len(names))
    w = 0.38
    for off, k, label in ((-w / 2, "S1", "first order"), (w / 2, "ST", "total")):
        ax.bar(
            x + off,
            res.arrays[k][key],
            w,
            yerr=res.arrays[f"{k}_conf"][key],
            capsize=3,
            label=label,
        )
    ax.set_xticks(x, names, rotation=20, ha="right")
    ax.set_ylabel("Sobol index")
    ax.set_title(title)
    ax.legend()
    return ax


def morris_plane(res: Any, outcome: str | None, option: str | None, ax: Any) -> Any:
    """mu* against sigma, one labelled point per input."""
    ax = _ax(ax, (5.0, 4.0))
    key, title = _pick(res, outcome, option)
    ms, sg = res.arrays["mu_star"][key], res.arrays["sigma"][key]
    ax.scatter(ms, sg)
    for name, a, b in zip(res.meta["names"], ms, sg, strict=False):
        ax.annotate(name, (a, b), fontsize=8, xytext=(3, 3), textcoords="offset points")
    ax.set_xlabel("μ* (mean |elementary effect|)")
    ax.set_ylabel("σ (interaction / non-linearity)")
    ax.set_title(title)
    return ax


def tornado_bars(res: Any, outcome: str | None, option: str | None, ax: Any) -> Any:
    """Horizontal bars from the low to the high outcome around the base."""
    ax = _ax(ax)
    key, title = _pick(res, outcome, option)
    low, high = res.arrays["low"][key], res.arrays["high"][key]
    base = float(res.arrays["base"][key][0]) if len(low) else 0.0
    order = np.argsort(-np.abs(high - low), kind="stable")[::-1]
    names = [res.meta["names"][i] for i in order]
    y = np.arange(len(order))
    ax.barh(y, low[order] - base, left=base, color="tab:blue", label="low end")
    ax.barh(y, high[order] - base, left=base, color="tab:orange", label="high end")
    ax.axvline(base, color="black", lw=0.8)
    ax.set_yticks(y, names)
    ax.set_xlabel(title)
    ax.legend(loc="lower right", fontsize=8)
    return ax


def experiments_cdf(res: Any, outcome: str | None, ax: Any) -> Any:
    """Empirical CDF of an outcome for each option."""
    ax = _ax(ax)
    outs = res.meta["outputs"]
    j = outs.index(outcome) if outcome is not None else 0
    for k, name in enumerate(res.meta["options"]):
        v = np.sort(res.arrays["y"][res.arrays["option"] == k, j])
        ax.step(v, np.arange(1, len(v) + 1) / max(len(v), 1), where="post", label=name)
    ax.set_xlabel(outs[j])
    ax.set_ylabel("share of futures")
    ax.legend(fontsize=8)
    return ax


def prim_tradeoff(res: Any, ax: Any) -> Any:
    """Coverage against density along the peeling trajectory."""
    ax = _ax(ax, (5.0, 4.0))
    c, d = res.arrays["traj_coverage"], res.arrays["traj_density"]
    sc = ax.scatter(c, d, c=res.arrays["traj_mass"], cmap="viridis", s=14)
    ax.scatter(
        [res.meta["coverage"]],
        [res.meta["density"]],
        marker="*",
        s=160,
        color="red",
        label="suggested box",
    )
    ax.set_xlabel("coverage")
    ax.set_ylabel("density")
    ax.figure.colorbar(sc, ax=ax, label="mass")
    ax.legend(loc="lower left", fontsize=8)
    return ax


def regret_bars(res: Any, outcome: str | None, ax: Any) -> Any:
    """Maximum and 90th-percentile regret per option."""
    ax = _ax(ax)
    outs = res.meta["outputs"]
    j = outs.index(outcome) if outcome is not None else 0
    opts = res.meta["options"]
    x = np.arange(len(opts))
    ax.bar(x - 0.2, res.arrays["max_regret"][j], 0.4, label="max regret")
    ax.bar(x + 0.2, res.arrays["p90_regret"][j], 0.4, label="P90 regret")
    ax.set_xticks(x, opts, rotation=15, ha="right")
    ax.set_ylabel(f"regret in {outs[j]}")
    ax.legend(fontsize=8)
    return ax
