"""Cell-level reading of spreadsheet tables for :mod:`peaceplan.tables` (private).

Every problem is recorded with its sheet, spreadsheet row (header = row 1) and column; the caller
raises them all at once.
"""

from __future__ import annotations

import datetime as _dt
import json
import math
from typing import Any

import numpy as np
import pandas as pd

from peaceplan.errors import SheetError

DAYS_PER_MONTH = 365.25 / 12

_THREE = ("min", "mode", "max")
_KINDS = ("pert", "triangular", "uniform")

_COLUMNS: dict[str, set[str]] = {
    "interventions": {
        "id",
        "name",
        "lead",
        "category",
        "situation",
        "duration",
        "duration_min",
        "duration_mode",
        "duration_max",
        "distribution",
        "cost",
        "cost_min",
        "cost_mode",
        "cost_max",
        "cost_distribution",
        "funding",
        "after",
        "not_before_months",
        "deadline_months",
        "deadline_weight",
        "relapse_hazard_reduction",
        "relapse_hazard_reduction_while_active",
        "probability",
        "cost_timing",
        "mode",
        "modes",
        "consumes",
        "source",
    },
    "links": {"from", "to", "type", "lag_months", "source"},
    "pools": {"id", "name", "capacity", "source"},
    "sources": {
        "id",
        "name",
        "kind",
        "amount_usd",
        "at_months",
        "probability",
        "delay",
        "delay_min",
        "delay_mode",
        "delay_max",
        "delay_distribution",
        "share",
        "mobilisation_lag_months",
        "source",
    },
    "situations": {
        "id",
        "name",
        "arrival_months",
        "priority",
        "relapse_p5",
        "relapse_p10",
        "source",
    },
    "relapse_rules": {"when", "before", "factor", "window_months", "source"},
    "risks": {
        "id",
        "name",
        "probability",
        "affects",
        "delay_months",
        "duration_scale",
        "extra_cost_usd",
        "source",
    },
    "progress": {
        "id",
        "started",
        "finished",
        "remaining_months",
        "remaining_min",
        "remaining_mode",
        "remaining_max",
        "remaining_distribution",
        "note",
    },
}

#: Column of a document field, where the names differ.
_FIELD_COLUMN = {
    ("interventions", "duration_months"): "duration_mode",
    ("interventions", "cost_usd"): "cost_mode",
    ("interventions", "staff"): "staff_*",
    ("sources", "pledges"): "amount_usd",
    ("sources", "delay_months"): "delay_mode",
}


def _empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return value.strip() == ""
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


class SheetReader:
    """Reads cells, converts them and collects problems with their location."""

    def __init__(self, start_date: str | None = None) -> None:
        self.start_date = start_date
        self.problems: list[dict[str, Any]] = []
        #: (table, index in the document, pledge index or None) -> spreadsheet row
        self.origin: dict[tuple[str, int, int | None], int] = {}
        self.columns: dict[str, list[str]] = {}

    # -- problems ---------------------------------------------------------------------------
    def error(self, sheet: str, row: int | None, column: str | None, message: str) -> None:
        where = f"sheet {sheet}"
        if row is not None:
            where += f", row {row}"
        if column:
            where += f", column {column}"
        self.problems.append(
            {
                "sheet": sheet,
                "row": row,
                "column": column,
                "message": message,
                "path": where,
                "kind": "sheet",
            }
        )

    def error_object(self) -> SheetError:
        first = self.problems[0]
        lines = [f"{p['path']}: {p['message']}" for p in self.problems]
        text = lines[0] if len(lines) == 1 else f"{len(lines)} problems:\n  " + "\n  ".join(lines)
        return SheetError(
            text,
            sheet=first["sheet"],
            row=first["row"],
            column=first["column"],
            errors=self.problems,
        )

    def raise_if_errors(self) -> None:
        if self.problems:
            raise self.error_object()

    def column_of(self, sheet: str, field: str, path: str) -> str | None:
        if not field:
            return None
        col = _FIELD_COLUMN.get((sheet, field), field)
        if col == "staff_*":
            have = [c for c in self.columns.get(sheet, []) if c.startswith("staff_")]
            return ", ".join(have) or "staff_<pool>"
        if sheet == "interventions" and field in ("duration_months", "cost_usd"):
            base = field.split("_")[0]
            if base in self.columns.get(sheet, []):
                return base
        return col

    # -- frames -----------------------------------------------------------------------------
    def rows(self, sheet: str, frame: pd.DataFrame) -> list[tuple[int, dict[str, Any]]]:
        cols = [str(c).strip().lower() for c in frame.columns]
        self.columns[sheet] = cols
        allowed = _COLUMNS.get(sheet, set())
        for c in cols:
            if c.startswith("unnamed:"):
                continue
            if c not in allowed and not (sheet == "interventions" and c.startswith("staff_")):
                self.error(sheet, 1, c, "unknown column")
        out = []
        for pos, values in enumerate(frame.itertuples(index=False, name=None)):
            row = {c: v for c, v in zip(cols, values, strict=False) if not c.startswith("unnamed:")}
            if all(_empty(v) for v in row.values()):
                continue
            out.append((pos + 2, row))
        return out

    # -- cells ------------------------------------------------------------------------------
    def text(self, row: dict[str, Any], column: str) -> str:
        value = row.get(column)
        if _empty(value):
            return ""
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value).strip()

    def ids(self, row: dict[str, Any], column: str) -> list[str]:
        text = self.text(row, column)
        return [p.strip() for p in text.replace(";", ",").split(",") if p.strip()]

    def number(
        self, sheet: str, r: int, row: dict[str, Any], column: str, required: bool = False
    ) -> float | None:
        value = row.get(column)
        if _empty(value):
            if required:
                self.error(sheet, r, column, "missing value")
            return None
        if isinstance(value, bool):
            self.error(sheet, r, column, f"expected a number, got {value!r}")
            return None
        try:
            out = float(value)
        except (TypeError, ValueError):
            self.error(sheet, r, column, f"expected a number, got {value!r}")
            return None
        if not math.isfinite(out):
            self.error(sheet, r, column, f"expected a finite number, got {value!r}")
            return None
        return out

    def months(self, sheet: str, r: int | None, column: str, value: Any) -> float | None:
        """Months from the start: a number, or a date when the scenario has a start date."""
        if _empty(value):
            return None
        if isinstance(value, (pd.Timestamp, _dt.datetime, _dt.date, np.datetime64)) or (
            isinstance(value, str) and len(value) >= 8 and value[4:5] == "-"
        ):
            if not self.start_date:
                self.error(sheet, r, column, "a date needs the scenario's start_date")
                return None
            try:
                days = (pd.Timestamp(value) - pd.Timestamp(self.start_date)).days
            except (TypeError, ValueError):
                self.error(sheet, r, column, f"expected a date or months, got {value!r}")
                return None
            out = days / DAYS_PER_MONTH
        else:
            out_ = self.number(sheet, r or 0, {column: value}, column)
            if out_ is None:
                return None
            out = out_
        if out < 0:
            self.error(sheet, r, column, f"{value} is before the scenario start (month 0)")
            return None
        return round(out, 9)

    def json_cell(self, sheet: str, r: int, row: dict[str, Any], column: str) -> Any:
        value = row.get(column)
        if _empty(value):
            return None
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return self.number(sheet, r, row, column)
        try:
            return json.loads(str(value))
        except json.JSONDecodeError as err:
            self.error(sheet, r, column, f"expected a number or JSON, got {value!r} ({err.msg})")
            return None

    def dist(self, sheet: str, r: int, row: dict[str, Any], prefix: str, kind_col: str) -> Any:
        """A distribution from ``<prefix>`` or ``<prefix>_min/_mode/_max`` + ``kind_col``."""
        whole = self.json_cell(sheet, r, row, prefix)
        three = [row.get(f"{prefix}_{k}") for k in _THREE]
        if whole is not None:
            if any(not _empty(v) for v in three):
                self.error(sheet, r, prefix, f"give either {prefix} or {prefix}_min/mode/max")
            return whole
        lo, mode, hi = (self.number(sheet, r, row, f"{prefix}_{k}") for k in _THREE)
        kind = self.text(row, kind_col).lower() or self.text(row, "distribution").lower() or "pert"
        if kind not in _KINDS:
            self.error(sheet, r, kind_col, f"expected one of {', '.join(_KINDS)}, got {kind!r}")
            return None
        if kind == "uniform":
            if lo is None or hi is None:
                self.error(sheet, r, f"{prefix}_min", "a uniform needs min and max")
                return None
            return {"uniform": [lo, hi]}
        if mode is None:
            if lo is not None or hi is not None:
                self.error(sheet, r, f"{prefix}_mode", "missing value (most likely)")
            return None
        lo = mode if lo is None else lo
        hi = mode if hi is None else hi
        if lo == mode == hi:
            return mode
        return {kind: [lo, mode, hi]}

    # -- progress ---------------------------------------------------------------------------
    def progress(self, frame: pd.DataFrame) -> dict[str, dict[str, Any]]:
        out: dict[str, dict[str, Any]] = {}
        for r, row in self.rows("progress", frame):
            iid = self.text(row, "id")
            if not iid:
                self.error("progress", r, "id", "missing value")
                continue
            rec: dict[str, Any] = {}
            for col in ("started", "finished"):
                t = self.months("progress", r, col, row.get(col))
                if t is not None:
                    rec[col] = t
            rem = self.dist("progress", r, row, "remaining", "remaining_distribution")
            if rem is None:
                rem = self.json_cell("progress", r, row, "remaining_months")
            if rem is not None:
                rec["remaining_months"] = rem
            if iid in out:
                self.error("progress", r, "id", f"duplicate id {iid!r}")
            out[iid] = rec
        return out


def intervention_rows(reader: SheetReader, frame: pd.DataFrame) -> list[dict[str, Any]]:
    sheet = "interventions"
    out = []
    for r, row in reader.rows(sheet, frame):
        iv: dict[str, Any] = {"id": reader.text(row, "id")}
        if not iv["id"]:
            reader.error(sheet, r, "id", "missing value")
        for col in ("name", "lead", "category", "situation", "cost_timing", "mode", "source"):
            if reader.text(row, col):
                iv[col] = reader.text(row, col)
        before = len(reader.problems)
        dur = reader.dist(sheet, r, row, "duration", "distribution")
        if dur is None and len(reader.problems) == before:
            reader.error(sheet, r, "duration_mode", "missing value (the duration)")
        iv["duration_months"] = dur
        cost = reader.dist(sheet, r, row, "cost", "cost_distribution")
        if cost is not None:
            iv["cost_usd"] = cost
        staff = {}
        for col in row:
            if col.startswith("staff_"):
                fte = reader.number(sheet, r, row, col)
                if fte:
                    staff[col[len("staff_") :]] = fte
        if staff:
            iv["staff"] = staff
        for col in ("funding", "after"):
            if reader.ids(row, col):
                iv[col] = reader.ids(row, col)
        for col in ("not_before_months", "deadline_months"):
            t = reader.months(sheet, r, col, row.get(col))
            if t is not None:
                iv[col] = t
        for col in (
            "deadline_weight",
            "relapse_hazard_reduction",
            "relapse_hazard_reduction_while_active",
            "probability",
        ):
            v = reader.number(sheet, r, row, col)
            if v is not None:
                iv[col] = v
        for col in ("modes", "consumes"):
            v = reader.json_cell(sheet, r, row, col)
            if v is not None:
                iv[col] = v
        reader.origin[(sheet, len(out), None)] = r
        out.append(iv)
    return out


_REQUIRED = {
    ("risks", "probability"),
    ("relapse_rules", "factor"),
    ("relapse_rules", "window_months"),
}


def _plain(reader: SheetReader, sheet: str, r: int, row: dict[str, Any]) -> dict[str, Any]:
    d: dict[str, Any] = {}
    for col in ("id", "name", "source", "from", "to", "type", "kind", "when", "before"):
        if col in _COLUMNS[sheet] and reader.text(row, col):
            d[col] = reader.text(row, col)
    numbers = ("lag_months", "arrival_months", "priority", "probability", "relapse_p5")
    numbers += ("relapse_p10", "factor", "window_months")
    for col in numbers:
        if col in _COLUMNS[sheet] and sheet != "sources":
            required = (sheet, col) in _REQUIRED
            v = reader.number(sheet, r, row, col, required=required)
            if v is not None:
                d[col] = v
    return d


def table_rows(reader: SheetReader, sheet: str, frame: pd.DataFrame) -> list[dict[str, Any]]:
    if sheet == "sources":
        return _source_rows(reader, frame)
    out = []
    for r, row in reader.rows(sheet, frame):
        d = _plain(reader, sheet, r, row)
        if sheet == "pools":
            cap = reader.json_cell(sheet, r, row, "capacity")
            if cap is None:
                reader.error(sheet, r, "capacity", "missing value")
            d["capacity"] = cap
        if sheet == "risks":
            d["affects"] = reader.ids(row, "affects")
            for col in ("delay_months", "duration_scale", "extra_cost_usd"):
                v = reader.json_cell(sheet, r, row, col)
                if v is not None:
                    d[col] = v
        reader.origin[(sheet, len(out), None)] = r
        out.append(d)
    return out


def _source_rows(reader: SheetReader, frame: pd.DataFrame) -> list[dict[str, Any]]:
    sheet = "sources"
    out: list[dict[str, Any]] = []
    index: dict[str, int] = {}
    for r, row in reader.rows(sheet, frame):
        sid = reader.text(row, "id")
        if not sid:
            reader.error(sheet, r, "id", "missing value")
            continue
        if sid not in index:
            index[sid] = len(out)
            src = _plain(reader, sheet, r, row)
            src.setdefault("kind", "")
            lag = reader.json_cell(sheet, r, row, "mobilisation_lag_months")
            if lag is not None:
                src["mobilisation_lag_months"] = lag
            src["pledges"] = []
            reader.origin[(sheet, len(out), None)] = r
            out.append(src)
        src = out[index[sid]]
        amount = reader.number(sheet, r, row, "amount_usd")
        if amount is None:
            continue
        pledge: dict[str, Any] = {"amount_usd": amount}
        at = reader.months(sheet, r, "at_months", row.get("at_months"))
        if at is not None:
            pledge["at_months"] = at
        p = reader.number(sheet, r, row, "probability")
        if p is not None:
            pledge["probability"] = p
        delay = reader.dist(sheet, r, row, "delay", "delay_distribution")
        if delay is not None:
            pledge["delay_months"] = delay
        share = reader.json_cell(sheet, r, row, "share")
        if share is not None:
            pledge["share"] = share
        reader.origin[(sheet, index[sid], len(src["pledges"]))] = r
        src["pledges"].append(pledge)
    return out
