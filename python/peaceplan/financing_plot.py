"""Money in versus money needed over time (matplotlib, object-oriented API only).

Examples
--------
>>> import peaceplan as pp
>>> from peaceplan.financing_plot import plot_financing
>>> sc = pp.examples.postwar_country()
>>> fig = plot_financing(sc.schedule(), sc.simulate(draws=100, seed=1))
>>> len(fig.axes)
1
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from peaceplan.financing import KINDS, plan_financing, simulation_financing

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from peaceplan.plan import Plan
    from peaceplan.simulation import Simulation

__all__ = ["plot_financing"]

_KIND_COLOURS = {
    "assessed": "#4c72b0",
    "voluntary": "#55a868",
    "grant": "#8172b2",
    "other": "#ccb974",
}


def plot_financing(
    plan: Plan, sim: Simulation | None = None, ax: Axes | None = None, horizon: float | None = None
) -> Figure:
    """Cumulative money received by kind (stacked) against money committed, gap shaded.

    The stacked areas are the plan's inflows by kind of money (every pledge arriving at the
    plan's point); the black line is the money the plan commits; where it runs above the money
    received, the gap is shaded red. With ``sim``, the simulation's bands are drawn over it:
    money committed P50 to P80 (dashed, grey band) and money received P20 to P50 (green band),
    and the title gives the P80 of each draw's largest funding gap (the ``funding_gap_usd`` P80
    of ``sim.summary()`` and the ``gap_p80`` of ``sim.financing()``).

    Parameters
    ----------
    plan : Plan
        The plan (deterministic).
    sim : Simulation, optional
        A simulation of the same scenario, for the P50/P80 bands.
    ax : matplotlib Axes, optional
        Where to draw; a new figure when omitted.
    horizon : float, optional
        Last month shown (default: a little past the plan's finish).

    Returns
    -------
    matplotlib.figure.Figure
    """
    if ax is None:
        from matplotlib.figure import Figure

        fig = Figure(figsize=(9, 4.5))
        ax = fig.add_subplot()
    else:
        fig = ax.get_figure()  # type: ignore[assignment]
    tab = plan_financing(plan, "time")
    end = float(horizon) if horizon is not None else float(plan.makespan) * 1.1 + 1.0
    tab = tab[tab["months"] <= end]
    t = tab["months"].to_numpy(float)
    scale = 1e6
    stacks = [tab[f"received:{k}"].to_numpy(float) / scale for k in KINDS]
    ax.stackplot(
        t,
        *stacks,
        labels=[f"received: {k}" for k in KINDS],
        colors=[_KIND_COLOURS[k] for k in KINDS],
        alpha=0.55,
        step="post",
    )
    rec = tab["received_usd"].to_numpy(float) / scale
    com = tab["committed_usd"].to_numpy(float) / scale
    ax.step(t, com, where="post", color="black", lw=1.6, label="committed (plan)")
    ax.fill_between(
        t, rec, com, where=com > rec, step="post", color="#c44e52", alpha=0.45, label="gap (plan)"
    )
    if sim is not None:
        band = simulation_financing(sim, "time")
        band = band[band["months"] <= end]
        m = band["months"].to_numpy(float)
        ax.fill_between(
            m,
            band["committed_p50"] / scale,
            band["committed_p80"] / scale,
            color="grey",
            alpha=0.3,
            label="committed P50-P80 (simulation)",
        )
        ax.plot(m, band["committed_p50"] / scale, color="grey", ls="--", lw=1)
        ax.fill_between(
            m,
            band["received_p20"] / scale,
            band["received_p50"] / scale,
            color="#2ca02c",
            alpha=0.25,
            label="received P20-P50 (simulation)",
        )
        ax.plot(m, band["received_p50"] / scale, color="#2ca02c", ls="--", lw=1)
        # the P80 of each draw's largest gap: the figure of sim.summary() and sim.financing()
        gap80 = float(simulation_financing(sim).loc["total", "gap_p80"])
        ax.set_title(f"Money in vs money needed (largest gap P80: ${gap80 / scale:,.1f}m)")
    else:
        ax.set_title("Money in vs money needed")
    ax.set_xlim(0, end)
    ax.set_xlabel("months from start")
    ax.set_ylabel("cumulative US$ m")
    ax.legend(loc="upper left", fontsize="small", ncol=2)
    ax.grid(alpha=0.3)
    return fig
