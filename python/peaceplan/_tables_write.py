"""Scenario -> workbook tables, atomic Excel writer (private; see :mod:`peaceplan.tables`)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pandas as pd

from peaceplan._atomic import atomic_path

_INTERVENTION_TEXT = ("name", "lead", "category", "situation")
_INTERVENTION_TAIL = (
    "not_before_months",
    "deadline_months",
    "deadline_weight",
    "relapse_hazard_reduction",
    "relapse_hazard_reduction_while_active",
    "probability",
    "cost_timing",
    "mode",
)


def _json(value: Any) -> str:
    return json.dumps(value, separators=(", ", ": "))


def _three(prefix: str, dist: Any, kind_col: str) -> dict[str, Any]:
    """Columns for a distribution: three-point where it is one, else the JSON form."""
    if isinstance(dist, (int, float)):
        return {f"{prefix}_mode": float(dist)}
    if isinstance(dist, dict) and len(dist) == 1:
        ((kind, args),) = dist.items()
        if kind in ("pert", "triangular") and len(args) == 3:
            lo, mode, hi = args
            return {
                f"{prefix}_min": lo,
                f"{prefix}_mode": mode,
                f"{prefix}_max": hi,
                kind_col: kind,
            }
        if kind == "uniform":
            return {f"{prefix}_min": args[0], f"{prefix}_max": args[1], kind_col: "uniform"}
    return {prefix: _json(dist)}


def _interventions(doc: dict[str, Any]) -> pd.DataFrame:
    pools = [p["id"] for p in doc.get("pools", [])]
    rows = []
    for iv in doc.get("interventions", []):
        row: dict[str, Any] = {"id": iv["id"]}
        for col in _INTERVENTION_TEXT:
            row[col] = iv.get(col, "")
        row.update(_three("duration", iv["duration_months"], "distribution"))
        for pool, fte in iv.get("staff", {}).items():
            row[f"staff_{pool}"] = fte
        if "cost_usd" in iv:
            row.update(_three("cost", iv["cost_usd"], "cost_distribution"))
        row["funding"] = ", ".join(iv.get("funding", []))
        row["after"] = ", ".join(iv.get("after", []))
        for col in _INTERVENTION_TAIL:
            if col in iv:
                row[col] = iv[col]
        for col in ("modes", "consumes"):
            if col in iv:
                row[col] = _json(iv[col])
        row["source"] = iv.get("source", "")
        rows.append(row)
    order = ["id", *_INTERVENTION_TEXT, "duration", "duration_min", "duration_mode"]
    order += ["duration_max", "distribution"] + [f"staff_{p}" for p in pools]
    order += ["cost", "cost_min", "cost_mode", "cost_max", "cost_distribution", "funding", "after"]
    order += [*_INTERVENTION_TAIL, "modes", "consumes", "source"]
    frame = pd.DataFrame(rows)
    extra = [c for c in frame.columns if c not in order]
    return frame.reindex(columns=[c for c in order if c in frame.columns] + extra)


def _sources(doc: dict[str, Any]) -> pd.DataFrame:
    rows = []
    for s in doc.get("sources", []):
        head = {"id": s["id"], "name": s.get("name", ""), "kind": s["kind"]}
        pledges = s.get("pledges", []) or [{}]
        for k, p in enumerate(pledges):
            row: dict[str, Any] = dict(head)
            if p:
                row["amount_usd"] = p["amount_usd"]
                row["at_months"] = p.get("at_months", 0.0)
                row["probability"] = p.get("probability", 1.0)
                if "delay_months" in p:
                    row.update(_three("delay", p["delay_months"], "delay_distribution"))
                if "share" in p:
                    row["share"] = _json(p["share"])
            if k == 0 and "mobilisation_lag_months" in s:
                row["mobilisation_lag_months"] = _json(s["mobilisation_lag_months"])
            row["source"] = s.get("source", "") if k == 0 else ""
            rows.append(row)
    cols = ["id", "name", "kind", "amount_usd", "at_months", "probability", "delay"]
    cols += ["delay_min", "delay_mode", "delay_max", "delay_distribution", "share"]
    cols += ["mobilisation_lag_months", "source"]
    frame = pd.DataFrame(rows)
    return frame.reindex(columns=[c for c in cols if c in frame.columns])


def _simple(
    items: list[dict[str, Any]], cols: list[str], as_json: tuple[str, ...] = ()
) -> pd.DataFrame:
    rows = []
    for item in items:
        row = {}
        for c in cols:
            v = item.get(c)
            if v is None:
                continue
            if c in as_json and not isinstance(v, (int, float)):
                v = _json(v)
            elif c == "affects":
                v = ", ".join(v)
            row[c] = v
        rows.append(row)
    return pd.DataFrame(rows, columns=cols)


def frames_of(doc: dict[str, Any]) -> dict[str, pd.DataFrame]:
    meta = [("name", doc.get("name", "")), ("description", doc.get("description", ""))]
    if doc.get("start_date"):
        meta.append(("start_date", doc["start_date"]))
    links = doc.get("links", [])
    for link in links:
        link.setdefault("type", "FS")
        link.setdefault("lag_months", 0.0)
    return {
        "scenario": pd.DataFrame(meta, columns=["key", "value"]),
        "interventions": _interventions(doc),
        "links": _simple(links, ["from", "to", "type", "lag_months", "source"]),
        "pools": _simple(doc.get("pools", []), ["id", "name", "capacity", "source"], ("capacity",)),
        "sources": _sources(doc),
        "situations": _simple(
            doc.get("situations", []),
            ["id", "name", "arrival_months", "priority", "relapse_p5", "relapse_p10", "source"],
        ),
        "relapse_rules": _simple(
            doc.get("relapse_rules", []), ["when", "before", "factor", "window_months", "source"]
        ),
        "risks": _simple(
            doc.get("risks", []),
            [
                "id",
                "name",
                "probability",
                "affects",
                "delay_months",
                "duration_scale",
                "extra_cost_usd",
                "source",
            ],
            ("delay_months", "duration_scale", "extra_cost_usd"),
        ),
    }


def write_excel(tables: dict[str, pd.DataFrame], path: str | os.PathLike[str]) -> Path:
    """Write tables as sheets, atomically (a temporary file beside ``path``, renamed over it).

    Text cells are written as text: a name beginning with ``=`` stays that string and never
    becomes a formula that Excel would evaluate (formula injection)."""
    target = Path(path)
    with atomic_path(target, suffix=".xlsx") as tmp:
        with pd.ExcelWriter(tmp, engine="openpyxl") as writer:
            for name, frame in tables.items():
                frame.to_excel(writer, sheet_name=name, index=False)
                sheet = writer.sheets[name]
                for row in sheet.iter_rows():
                    for cell in row:
                        if cell.data_type == "f":  # openpyxl read a leading "=" as a formula
                            cell.data_type = "s"
                for k, col in enumerate(frame.columns, start=1):
                    width = max([len(str(col))] + [len(str(v)) for v in frame[col].head(50)])
                    sheet.column_dimensions[sheet.cell(1, k).column_letter].width = min(
                        max(width + 2, 8), 60
                    )
                sheet.freeze_panes = "B2"
    return target
