"""Plain-language labels of study inputs and outcomes for tables and figures of an options paper.

A parameter path (``interventions.dd.duration.scale``) becomes the intervention, pool or source
name with the quantity, its unit and the range explored
(``Disarmament and demobilisation: duration × 0.8–1.6``); an outcome name (``finish.p80``)
becomes what it measures and its unit (``project finish, P80 (months)``).

Examples
--------
>>> import peaceplan as pp
>>> sc = pp.examples.postwar_country()
>>> input_label(sc, "interventions.dd.duration.scale", ("range", (0.8, 1.6)))
'Disarmament and demobilisation: duration × 0.8–1.6'
>>> outcome_label(sc, "funding.gap.max.p80")
'largest funding gap, P80 (US$)'
"""

from __future__ import annotations

import json
from typing import Any

from peaceplan import _core

__all__ = ["fmt_number", "input_label", "outcome_label", "unit_of"]


def _names(model: Any) -> dict[str, dict[str, str]]:
    """Names of the scenario's interventions, pools and sources (or the office's sections)."""
    out: dict[str, dict[str, str]] = {"interventions": {}, "pools": {}, "sources": {}}
    doc: dict[str, Any] = {}
    target = model[0] if isinstance(model, tuple) else model
    try:
        doc = target.to_dict()
    except Exception:  # pragma: no cover - a model without to_dict
        return out
    for key in ("interventions", "pools", "sources", "sections"):
        for item in doc.get(key, []) or []:
            if isinstance(item, dict) and "id" in item:
                name = str(item.get("name") or item["id"]).split(" (")[0]
                out.setdefault(key, {})[str(item["id"])] = name
    return out


def fmt_number(v: float, unit: str = "") -> str:
    """A number as a paper prints it: thousands separators, no scientific notation.

    >>> fmt_number(12345678.9, "US$"), fmt_number(23.456, "months"), fmt_number(0.3821)
    ('12,345,679', '23.5', '0.382')
    """
    if v != v:  # NaN
        return "–"
    if v in (float("inf"), float("-inf")):
        return "∞" if v > 0 else "-∞"
    a = abs(v)
    if unit == "US$" or a >= 1000:
        return f"{v:,.0f}"
    if unit in ("months", "FTE") or a >= 10:
        return f"{v:,.1f}"
    return f"{v:.3f}"


def _range_text(spec: tuple[str, Any]) -> str:
    kind, value = spec
    if kind == "range":
        lo, hi = value
        return f"{lo:g}–{hi:g}"
    try:
        d = json.loads(value)
        (family, params), *_ = d.items()
        return f"{family} {params}"
    except Exception:  # pragma: no cover - an unusual distribution spec
        return str(value)


_QUANTITY = {
    ("duration", "scale"): ("duration ×", ""),
    ("cost", "scale"): ("cost ×", ""),
    ("duration", "value"): ("duration, months", "months"),
    ("lag", "scale"): ("recruitment lag ×", ""),
}


def input_label(model: Any, path: str, spec: tuple[str, Any]) -> str:
    """Label of an uncertainty: named element, quantity, unit and range explored."""
    names = _names(model)
    parts = path.split(".")
    rng = _range_text(spec)
    head, ident, rest = parts[0], parts[1] if len(parts) > 1 else "", parts[2:]
    if head == "interventions" and rest:
        name = names["interventions"].get(ident, ident)
        q, _ = _QUANTITY.get(tuple(rest[-2:]), (" ".join(rest), ""))  # type: ignore[arg-type]
        return f"{name}: {q} {rng}"
    if head == "sources" and rest:
        name = names["sources"].get(ident, ident)
        if rest[0] == "pledges" and len(rest) >= 3:
            return f"{name}: pledge {int(rest[1]) + 1} {' '.join(rest[2:])} {rng}"
        if rest == ["scale"]:
            return f"{name}: amounts × {rng}"
        return f"{name}: {' '.join(rest)} {rng}"
    if head == "pools" and rest:
        name = names["pools"].get(ident, ident)
        q = "staff capacity, FTE" if rest == ["capacity"] else " ".join(rest)
        return f"{name}: {q} {rng}"
    if head == "portfolio" and parts[1:] == ["arrivals", "scale"]:
        return f"arrivals of new situations × {rng}"
    if head == "office" and len(parts) >= 4 and parts[1] == "channels":
        q, _ = _QUANTITY.get(tuple(parts[-2:]), (" ".join(parts[3:]), ""))  # type: ignore[arg-type]
        return f"{ident if ident != 'channels' else parts[2]} {q} {rng}".replace(
            "channels ", ""
        ).strip()
    return f"{path} {rng}"


_STATS = {"mean": "mean", "std": "standard deviation", "min": "minimum", "max": "maximum"}


def _stat_text(stat: str) -> str:
    if stat in _STATS:
        return _STATS[stat]
    if stat.startswith("p"):
        return stat.upper()
    return stat


def unit_of(name: str) -> str:
    """Unit of an outcome name (``months``, ``US$``, ``FTE``, ``share`` or ``count``).

    >>> unit_of("finish.p80"), unit_of("cost.pbf.mean"), unit_of("relapse.10y")
    ('months', 'US$', 'share')
    """
    parts = name.split(".")
    if parts[0] in ("situations", "sources", "pools", "interventions") and len(parts) > 2:
        # a member's outcome (docs/outcomes.md): its unit from the catalogue
        for r in _core._outcome_catalogue():
            head = r["name"].split(".")
            if head[0] == parts[0] and parts[2 : 2 + len(head) - 2] == head[2:]:
                return {"probability": "share", "0/1": "share"}.get(r["unit"], r["unit"])
    if name.startswith(("finish", "plan.finish", "wait.mean", "wait.p5", "wait.p8", "wait.p9")):
        return "months"
    if name.startswith(("cost", "plan.cost", "unfunded", "funding")):
        return "US$"
    if name.startswith("staff"):
        return "FTE"
    if name == "completed":
        return "count"
    return "share"


def outcome_label(model: Any, name: str) -> str:
    """Label of an outcome: what it measures, the statistic over draws and the unit."""
    names = _names(model)
    unit = unit_of(name)
    parts = name.split(".")
    last = parts[-1]
    is_stat = last in _STATS or (last[:1] == "p" and last[1:].replace(".", "").isdigit())
    stat = last if len(parts) > 1 and is_stat else ""
    body = parts[: len(parts) - 1] if stat else parts
    what = ".".join(body)
    fixed = {
        "finish": "project finish",
        "cost": "total cost",
        "unfunded": "unfunded cost",
        "funding.gap.max": "largest funding gap",
        "relapse.5y": "relapse risk within 5 years",
        "relapse.10y": "relapse risk within 10 years",
        "plan.finish": "finish of the deterministic plan",
        "plan.cost": "cost of the deterministic plan",
        "wait": "wait for staff",
        "wait.p_any": "share of situations that wait",
        "wait.p_over_threshold": "share waiting longer than the threshold",
        "understaffed.share": "share of time understaffed",
        "understaffed.mean": "mean understaffing",
        "completed": "situations completed",
    }
    member = what.split(".", 2)
    if what in fixed:
        text = fixed[what]
    elif len(member) == 3 and member[0] in ("situations", "sources", "pools", "interventions"):
        # situations.<id>.finish, sources.<id>.gap, interventions.<id>.finish ...
        head, mid, rest = member
        who = names.get(head, {}).get(mid, mid)
        quantity = {"staff.peak": "peak staff", "gap": "money missing", "cost": "cost charged"}
        text = f"{who}: {quantity.get(rest, rest)}"
    elif what.startswith("finish."):
        text = f"finish of {what.split('.', 1)[1]}"
    elif what.startswith("cost."):
        sid = what.split(".", 1)[1]
        text = f"cost from {names['sources'].get(sid, sid)}"
    elif what.startswith("staff.peak."):
        pid = what.split(".", 2)[2]
        text = f"peak staff of {names['pools'].get(pid, pid)}"
    elif what.startswith("utilisation."):
        text = f"utilisation of the {what.split('.')[1]} section"
    elif name.startswith("wait.p") and name[6:].isdigit():
        return f"wait for staff, {name.split('.')[1].upper()} (months)"
    else:
        text = what
    if name in ("wait.p_any", "wait.p_over_threshold", "completed", "plan.finish", "plan.cost"):
        return f"{fixed[name]} ({unit})"
    s = _stat_text(stat) if stat else "mean"
    return f"{text}, {s} ({unit})"
