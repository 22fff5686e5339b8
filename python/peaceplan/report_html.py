"""Options-paper report: one self-contained HTML page for one or several scenarios (risk summary,
financing overview, options comparison, Gantt chart, and every assumption with its source).

Figures are inline SVG, styles inline; nothing is loaded from outside, so the file can be attached
to an options paper. Files are written atomically: a reader never sees half a report, and a
failure leaves no file behind.

Examples
--------
>>> import peaceplan as pp
>>> sim = pp.examples.postwar_country().simulate(draws=200, seed=1)
>>> path = sim.report("risk_report.html")
>>> path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
True
"""

from __future__ import annotations

import os
import tempfile
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from peaceplan._core import __version__
from peaceplan.report import _STYLE, _esc, _svg

if TYPE_CHECKING:
    from peaceplan.plan import Plan
    from peaceplan.scenario import Scenario
    from peaceplan.simulation import Simulation

__all__ = ["assumptions", "simulation_report", "write_atomic", "write_report"]

_SECTIONS = (
    "interventions",
    "links",
    "pools",
    "sources",
    "situations",
    "risks",
    "relapse_rules",
    "progress",
)


def write_atomic(path: str | os.PathLike[str], text: str) -> Path:
    """Write ``text`` to ``path`` through a temporary file in the same folder, renamed over it.

    Examples
    --------
    >>> from peaceplan.report_html import write_atomic
    >>> write_atomic("note.html", "<p>hi</p>").read_text()
    '<p>hi</p>'
    """
    target = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def assumptions(scenario: Scenario) -> pd.DataFrame:
    """Every entity's ``source`` field (where its numbers come from), ``[A]`` = assumption.

    Examples
    --------
    >>> import peaceplan as pp
    >>> a = pp.report_html.assumptions(pp.examples.postwar_country())
    >>> a.columns.tolist()
    ['table', 'id', 'source', 'assumption']
    """
    doc = scenario.to_dict()
    rows = []
    for section in _SECTIONS:
        for k, item in enumerate(doc.get(section, [])):
            ident = item.get("id") or f"{item.get('from', '?')} -> {item.get('to', '?')}"
            if section == "relapse_rules":
                ident = f"{item.get('when', '?')} before {item.get('before', '?')}"
            src = str(item.get("source", ""))
            rows.append(
                {
                    "table": section,
                    "id": ident or f"#{k}",
                    "source": src,
                    "assumption": "[A]" in src or not src,
                }
            )
    return pd.DataFrame(rows, columns=["table", "id", "source", "assumption"])


def _table(frame: pd.DataFrame, money: bool = False) -> str:
    fmt = "{:,.0f}" if money else "{:,.2f}"
    return frame.to_html(
        float_format=lambda v: fmt.format(v), na_rep="", border=0, escape=True, classes="data"
    )


def _figure(obj: Any) -> str:
    """Inline SVG of a Figure or of the figure of an Axes (closed afterwards if pyplot made it)."""
    fig = obj if hasattr(obj, "savefig") else obj.get_figure()
    text = f"<figure>{_svg(fig)}</figure>"
    import matplotlib.pyplot as plt

    plt.close(fig)
    return text


def _scenario_section(name: str, sc: Scenario, sim: Simulation, plan: Plan | None) -> list[str]:
    from peaceplan import plot
    from peaceplan.financing_plot import plot_financing

    out = [f"<h2>{_esc(name)}</h2>"]
    if sc.description:
        out.append(f"<p class='note'>{_esc(sc.description.strip())}</p>")
    out.append(
        f"<p>{sim.draws:,} draws, seed {sim.seed}, engine {_esc(sim.engine)}; "
        f"deterministic finish {sim.deterministic_finish:,.1f} months.</p>"
    )
    for w in sim.warnings:
        out.append(f"<p class='note'><b>Warning:</b> {_esc(w)}</p>")
    out += ["<h3>Finish and risk</h3>", _table(sim.summary())]
    out.append(_figure(sim.plot_cdf()))
    short = sim.unfunded()
    short = short[short.sum(axis=1) > 0]
    if len(short):
        out += [
            "<h3>Money the pledges did not bring (share of draws)</h3>",
            "<p class='note'>unfunded: never started, its money never arrived; held: a "
            "predecessor never started; mobilised: started on money mobilised after a lag "
            "(see docs/funding.md).</p>",
            _table(short),
        ]
    out += [
        "<h3>Financing by kind of money (US$, across draws)</h3>",
        _table(sim.financing(), True),
    ]
    if plan is not None:
        out += [
            "<h3>Financing by source (US$, deterministic plan)</h3>",
            _table(plan.financing("source"), True),
        ]
        out.append(_figure(plot_financing(plan, sim)))
        out += ["<h3>Plan</h3>", _figure(plot.gantt(plan))]
    out += [
        "<h3>Assumptions and their sources</h3>",
        "<p class='note'>Every number of the scenario with the source it comes from; rows "
        "marked as assumption are ours ([A]) or have no source. The relapse model's base "
        "rates are sourced (DOMAIN §6: 0.30 within 5 years, 0.40 within 10, fitted by a "
        "Weibull); the effect of each intervention, presence and rule on them is an "
        "assumption.</p>",
        assumptions(sc).to_html(index=False, border=0, escape=True, classes="data"),
    ]
    return out


def _page(title: str, body: list[str]) -> str:
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return (
        "<!DOCTYPE html>\n<html lang='en'>\n<head>\n<meta charset='utf-8'>\n"
        f"<title>{_esc(title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
        f"<h1>{_esc(title)}</h1>\n<p class='note'>peaceplan {__version__}, {stamp}. "
        "Figures are model outputs under the assumptions listed; P80 = exceeded in 20% of the "
        "simulated futures.</p>\n" + "\n".join(body) + "\n</body>\n</html>\n"
    )


def simulation_report(
    sim: Simulation, path: str | os.PathLike[str], plan: Plan | None = None
) -> Path:
    """Write the HTML report of one simulation (``Simulation.report``).

    Parameters
    ----------
    sim : Simulation
    path : str or os.PathLike
        Output file; its folder must exist.
    plan : Plan, optional
        The deterministic plan (default: ``sim.scenario.schedule()``, or ``cpm()`` when it is
        infeasible).

    Returns
    -------
    pathlib.Path
    """
    from peaceplan.errors import InfeasibleError

    sc = sim.scenario
    if plan is None:
        try:
            plan = sc.schedule()
        except InfeasibleError:
            plan = sc.cpm()
    text = _page(sc.name, _scenario_section(sc.name, sc, sim, plan))
    return write_atomic(path, text)


def write_report(
    path: str | os.PathLike[str],
    scenarios: dict[str, Scenario],
    draws: int = 2000,
    seed: int = 0,
    title: str | None = None,
) -> Path:
    """Write one HTML report for several scenarios (options): comparison first, then each.

    Examples
    --------
    >>> import peaceplan as pp
    >>> sc = pp.examples.postwar_country()
    >>> p = pp.report_html.write_report("options.html", {"A": sc, "B": sc.with_link("dd", "el",
    ...                                 "SS", 6)}, draws=100)
    >>> "Options compared" in p.read_text(encoding="utf-8")
    True
    """
    from peaceplan.errors import InfeasibleError
    from peaceplan.options import compare

    body: list[str] = []
    table, sims = compare(scenarios, draws=draws, seed=seed, return_simulations=True)
    if len(scenarios) > 1:
        body += [
            "<h2>Options compared</h2>",
            "<p class='note'>Same seed for every option (common random numbers); lower is "
            "better on every row; <em>best</em> names the winner.</p>",
            _table(table),
        ]
    for name, sc in scenarios.items():
        sim = sims[name]
        try:
            plan = sc.schedule()
        except InfeasibleError:
            plan = sc.cpm()
        body += _scenario_section(name, sc, sim, plan)
    names = ", ".join(scenarios)
    return write_atomic(path, _page(title or f"peaceplan report: {names}", body))
