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
    labels = res.meta.get("outcome_labels") or outs
    title = labels[j]
    if res.meta.get("study"):
        opts = res.meta["options"]
        k = opts.index(option) if option is not None else 0
        key = (k, j)
        title = f"{labels[j]} — {opts[k]}" if len(opts) > 1 else labels[j]
    return key, title


def _names(res: Any) -> list[str]:
    return list(res.meta.get("labels") or res.meta["names"])


def _wrap(text: str, width: int = 34) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width)) or text


def sobol_bars(res: Any, outcome: str | None, option: str | None, ax: Any) -> Any:
    """S1 and ST bars with their confidence half-widths."""
    ax = _ax(ax)
    key, title = _pick(res, outcome, option)
    names = [_wrap(n, 28) for n in _names(res)]
    y = np.arange(len(names))[::-1]
    w = 0.38
    level = round(100 * float(res.meta.get("conf_level", 0.95)))
    for off, k, label in ((w / 2, "S1", "first order S1"), (-w / 2, "ST", "total ST")):
        ax.barh(
            y + off,
            res.arrays[k][key],
            w,
            xerr=res.arrays[f"{k}_conf"][key],
            capsize=3,
            label=label,
        )
    ax.axvline(0, color="black", lw=0.8)
    ax.set_yticks(y, names, fontsize=8)
    ax.set_xlabel(f"share of the outcome's variance (bars: {level} % intervals)")
    ax.set_title(_wrap(f"Which assumptions decide: {title}", 60), fontsize=10)
    reps = res.meta.get("replicates")
    if reps:
        ax.set_xlabel(
            _wrap(
                f"share of the outcome's variance (bars: {level} % intervals from {reps} "
                f"replicates × {res.meta['n']:,} base samples)",
                70,
            ),
            fontsize=8,
        )
    ax.legend(fontsize=8, loc="best")
    return ax


def sobol_convergence(res: Any, outcome: str | None, option: str | None, ax: Any) -> Any:
    """Running ST of each input with its interval, against the number of replicates."""
    ax = _ax(ax)
    _, title = _pick(res, outcome, option)
    df = res.convergence(outcome, option)
    df = df[df["index"] == "ST"]
    for name, g in df.groupby("parameter", sort=False):
        line = ax.plot(g["replicates"], g["value"], marker="o", ms=3, label=_wrap(str(name), 40))
        ax.fill_between(
            g["replicates"],
            g["value"] - g["half"],
            g["value"] + g["half"],
            color=line[0].get_color(),
            alpha=0.15,
        )
    ax.axhline(0, color="black", lw=0.8)
    ax.set_xlabel("replicates")
    ax.set_ylabel("total index ST (band: interval)")
    ax.set_title(_wrap(f"Convergence of ST: {title}", 60), fontsize=10)
    ax.legend(fontsize=7, loc="upper right")
    return ax


def morris_plane(res: Any, outcome: str | None, option: str | None, ax: Any) -> Any:
    """mu* against sigma, one labelled point per input."""
    ax = _ax(ax, (5.0, 4.0))
    key, title = _pick(res, outcome, option)
    ms, sg = res.arrays["mu_star"][key], res.arrays["sigma"][key]
    ax.errorbar(ms, sg, xerr=res.arrays["mu_star_conf"][key], fmt="o", capsize=3)
    for name, a, b in zip(_names(res), ms, sg, strict=False):
        ax.annotate(_wrap(name, 30), (a, b), fontsize=7, xytext=(3, 3), textcoords="offset points")
    ax.set_xlabel("μ* (mean |elementary effect|; bars: 95 % intervals)")
    ax.set_ylabel("σ (interaction / non-linearity)")
    ax.set_title(_wrap(f"Morris screening: {title}", 60), fontsize=10)
    return ax


def tornado_bars(res: Any, outcome: str | None, option: str | None, ax: Any) -> Any:
    """Horizontal bars from the low to the high outcome around the base."""
    ax = _ax(ax)
    key, title = _pick(res, outcome, option)
    low, high = res.arrays["low"][key], res.arrays["high"][key]
    base = float(res.arrays["base"][key][0]) if len(low) else 0.0
    order = np.argsort(-np.abs(high - low), kind="stable")[::-1]
    names = [_wrap(_names(res)[i], 30) for i in order]
    y = np.arange(len(order))
    ax.barh(y, low[order] - base, left=base, color="tab:blue", label="input at low end")
    ax.barh(y, high[order] - base, left=base, color="tab:orange", label="input at high end")
    ax.axvline(base, color="black", lw=0.8)
    noise = res.arrays.get("noise")
    if noise is not None and np.isfinite(noise[key]).any():
        h = float(np.nanmax(noise[key]))
        ax.axvspan(base - h, base + h, color="0.5", alpha=0.2, label="Monte Carlo noise (95 %)")
    ax.set_yticks(y, names, fontsize=8)
    ax.set_xlabel(title)
    ax.set_title(_wrap(f"One at a time: {title}", 60), fontsize=10)
    ax.legend(loc="lower right", fontsize=7)
    return ax


def experiments_cdf(res: Any, outcome: str | None, ax: Any) -> Any:
    """Empirical CDF of an outcome for each option."""
    ax = _ax(ax)
    outs = res.meta["outputs"]
    j = outs.index(outcome) if outcome is not None else 0
    for k, name in enumerate(res.meta["options"]):
        v = np.sort(res.arrays["y"][res.arrays["option"] == k, j])
        ax.step(v, np.arange(1, len(v) + 1) / max(len(v), 1), where="post", label=name)
    label = (res.meta.get("outcome_labels") or outs)[j]
    ax.set_xlabel(label)
    ax.set_ylabel("share of futures")
    ax.set_title(_wrap(f"Distribution over futures: {label}", 60), fontsize=10)
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
    ax.set_title(f"Where {res.meta.get('option', 'the option')} fails: PRIM trade-off", fontsize=10)
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
    label = (res.meta.get("outcome_labels") or outs)[j]
    ax.set_xticks(x, [_wrap(o, 20) for o in opts], fontsize=8)
    ax.set_ylabel(_wrap(f"regret: {label}", 40), fontsize=8)
    ax.set_title(_wrap(f"Regret against the best option in each future: {label}", 60), fontsize=10)
    ax.legend(fontsize=8)
    return ax


def pawn_bars(res: Any, outcome: str | None, option: str | None, ax: Any) -> Any:
    """PAWN index bars with their bootstrap intervals and the noise reference as a line."""
    ax = _ax(ax)
    key, title = _pick(res, outcome, option)
    names = [_wrap(n, 28) for n in _names(res)]
    y = np.arange(len(names))[::-1]
    v = res.arrays["index"][key]
    err = np.vstack([v - res.arrays["index_lo"][key], res.arrays["index_hi"][key] - v])
    above = res.arrays["above_noise"][key].astype(bool)
    ax.barh(y, v, 0.6, xerr=err, capsize=3, color=np.where(above, "C0", "lightgray"))
    noise = float(np.asarray(res.arrays["noise"])[key])
    ax.axvline(noise, color="C3", ls="--", lw=1, label="noise reference")
    ax.set_yticks(y, names, fontsize=8)
    level = round(100 * float(res.meta.get("conf_level", 0.95)))
    stat = res.meta.get("stat", "median")
    ax.set_xlabel(
        _wrap(
            f"PAWN index ({stat} KS distance over {res.meta.get('slices', 10)} slices; bars: "
            f"{level} % bootstrap intervals; grey: not above noise)",
            70,
        ),
        fontsize=8,
    )
    ax.set_title(_wrap(f"Which inputs move the distribution: {title}", 60), fontsize=10)
    ax.legend(fontsize=8, loc="lower right")
    return ax


def feature_bars(res: Any, outcome: str | None, option: str | None, ax: Any) -> Any:
    """Feature score bars with their spread over the trees."""
    ax = _ax(ax)
    key, title = _pick(res, outcome, option)
    names = [_wrap(n, 28) for n in _names(res)]
    y = np.arange(len(names))[::-1]
    ax.barh(y, res.arrays["score"][key], 0.6, xerr=res.arrays["score_std"][key], capsize=3)
    ax.set_yticks(y, names, fontsize=8)
    ax.set_xlabel("feature score (impurity importance, sums to 1; bars: spread over trees)")
    ax.set_title(_wrap(f"Which inputs the trees use: {title}", 60), fontsize=10)
    return ax
