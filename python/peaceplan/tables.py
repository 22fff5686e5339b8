"""Scenarios from spreadsheets: pandas DataFrames, a folder of CSV files or an Excel workbook.

A workbook has one sheet per table; a CSV folder has one file per table (``interventions.csv``,
...). Every table but ``interventions`` is optional. Column names are case-insensitive; unknown
columns are an error (a misspelt ``duraton_mode`` is reported, not ignored).

``scenario`` (key / value rows)
    ``name``, ``description``, ``start_date`` (``YYYY-MM-DD``), ``status_date`` (for ``progress``).
``interventions`` (one row each)
    ``id`` (required), ``name``, ``lead``, ``category``, ``situation``;
    duration: ``duration_min``, ``duration_mode``, ``duration_max`` with ``distribution``
    (``pert`` (default), ``triangular``, ``uniform``), or ``duration`` holding one number or a
    distribution in the file syntax as JSON (``{"lognormal": [6, 2]}``);
    ``staff_<pool>`` (FTE on that pool); cost: ``cost_min``, ``cost_mode``, ``cost_max`` with
    ``cost_distribution`` (default: ``distribution``), or ``cost``;
    ``funding`` and ``after`` (ids separated by commas); ``not_before_months``,
    ``deadline_months`` (months, or calendar dates when the scenario has a ``start_date``);
    ``relapse_hazard_reduction``, ``relapse_hazard_reduction_while_active``, ``probability``,
    ``cost_timing`` (``start``/``spread``),
    ``mode``, ``modes`` and ``consumes`` (JSON), ``source`` (where the numbers come from).
``links``
    ``from``, ``to``, ``type`` (FS, SS, FF, SF; default FS), ``lag_months``, ``source``.
``pools``
    ``id``, ``name``, ``capacity`` (FTE, or JSON steps ``[{"from_months": 0, "fte": 2}]``),
    ``source``.
``sources`` (one row per pledge; the source's own columns are read from its first row)
    ``id``, ``name``, ``kind`` (assessed, voluntary, grant, other), ``amount_usd``,
    ``at_months``, ``probability``, ``delay_min``, ``delay_mode``, ``delay_max`` (with
    ``delay_distribution``) or ``delay``, ``share`` (number or JSON distribution), ``source``.
    A row with an empty ``amount_usd`` declares a source without pledges.
``situations``
    ``id``, ``name``, ``arrival_months``, ``priority``, ``relapse_p5``, ``relapse_p10``,
    ``source``.
``risks``
    ``id``, ``name``, ``probability``, ``affects`` (ids separated by commas), ``delay``,
    ``duration_scale``, ``extra_cost_usd`` (numbers or JSON distributions), ``source``.
``relapse_rules``
    ``when``, ``before``, ``factor``, ``window_months``, ``source`` (see ``docs/relapse.md``).
``progress``
    ``id``, ``started``, ``finished``, ``remaining_min``, ``remaining_mode``, ``remaining_max``
    (see :func:`peaceplan.progress.with_progress`).

Errors name the culprit: :class:`peaceplan.SheetError` carries ``sheet``, ``row`` (the spreadsheet
row number: the header is row 1, the first data row is row 2) and ``column``, and ``errors()``
lists every problem at once. Problems found by ``Scenario.validate`` (unknown ids, cycles, ...)
are mapped back to their sheet, row and column the same way.

Examples
--------
>>> import pandas as pd
>>> import peaceplan as pp
>>> ivs = pd.DataFrame({"id": ["a", "b"], "duration_min": [1, 2], "duration_mode": [2, 3],
...                     "duration_max": [4, 6], "after": ["", "a"]})
>>> sc = pp.from_frames(ivs)
>>> sc.cpm().makespan
5.0
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import json
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from peaceplan._atomic import atomic_path
from peaceplan._tables_read import SheetReader, intervention_rows, table_rows
from peaceplan.errors import ParseError, SheetError

if TYPE_CHECKING:
    from peaceplan.scenario import Scenario

__all__ = ["TABLES", "from_frames", "read_csv", "read_excel", "read_progress", "to_frames"]

#: The tables of a workbook, in sheet order.
TABLES = (
    "scenario",
    "interventions",
    "links",
    "pools",
    "sources",
    "situations",
    "risks",
    "relapse_rules",
    "progress",
)

_PATH = re.compile(r"^(\w+)\[(\d+)\](?:\.pledges\[(\d+)\])?\.?([\w]*)")


def _blank(frame: pd.DataFrame | None) -> bool:
    return frame is None or len(frame.columns) == 0


def from_frames(
    interventions: pd.DataFrame,
    links: pd.DataFrame | None = None,
    pools: pd.DataFrame | None = None,
    sources: pd.DataFrame | None = None,
    *,
    situations: pd.DataFrame | None = None,
    risks: pd.DataFrame | None = None,
    relapse_rules: pd.DataFrame | None = None,
    name: str = "Scenario from spreadsheets",
    description: str = "",
    start_date: str | None = None,
) -> Scenario:
    """Build a scenario from pandas DataFrames (one per table, columns as in the module help).

    Parameters
    ----------
    interventions : DataFrame
        One row per intervention.
    links, pools, sources, situations, risks, relapse_rules : DataFrame, optional
        The other tables (``sources`` has one row per pledge).
    name, description : str
        Scenario name and description.
    start_date : str, optional
        Calendar date of month 0 (``YYYY-MM-DD``); needed for date cells.

    Returns
    -------
    Scenario
        A validated scenario.

    Raises
    ------
    SheetError
        Every problem at once, each naming its sheet, spreadsheet row and column.

    Examples
    --------
    >>> import pandas as pd
    >>> import peaceplan as pp
    >>> ivs = pd.DataFrame({"id": ["a"], "duration_mode": [3], "staff_planning": [1.0],
    ...                     "cost_mode": [2e6], "funding": ["pbf"]})
    >>> pools = pd.DataFrame({"id": ["planning"], "capacity": [2]})
    >>> srcs = pd.DataFrame({"id": ["pbf"], "kind": ["voluntary"], "amount_usd": [5e6]})
    >>> pp.from_frames(ivs, pools=pools, sources=srcs).schedule().makespan
    3.0
    >>> try:
    ...     pp.from_frames(pd.DataFrame({"id": ["a"], "duration_mode": ["soon"]}))
    ... except pp.SheetError as e:
    ...     print(e.sheet, e.row, e.column)
    interventions 2 duration_mode
    """
    from peaceplan.scenario import Scenario

    reader = SheetReader(start_date)
    doc: dict[str, Any] = {"schema": 1, "name": name}
    if description:
        doc["description"] = description
    if start_date:
        doc["start_date"] = str(start_date)[:10]
    doc["interventions"] = intervention_rows(reader, interventions)
    for sheet, frame in (
        ("links", links),
        ("pools", pools),
        ("sources", sources),
        ("situations", situations),
        ("risks", risks),
        ("relapse_rules", relapse_rules),
    ):
        if not _blank(frame):
            doc[sheet] = table_rows(reader, sheet, frame)
    reader.raise_if_errors()
    try:
        scenario = Scenario.from_dict(doc)
    except ParseError as err:
        raise _mapped(reader, [{"path": err.path or "", "message": err.message}]) from None
    issues = scenario.issues()
    if issues:
        raise _mapped(reader, issues)
    return scenario


def _mapped(reader: SheetReader, issues: list[dict[str, str]]) -> SheetError:
    """Issues with document paths turned into sheet / row / column problems."""
    for issue in issues:
        path = str(issue.get("path", ""))
        m = _PATH.match(path)
        sheet, row, column = "scenario", None, None
        if m:
            sheet, index, pledge, field = m.group(1), int(m.group(2)), m.group(3), m.group(4)
            key = (sheet, index, int(pledge) if pledge is not None else None)
            row = reader.origin.get(key, reader.origin.get((sheet, index, None)))
            column = reader.column_of(sheet, field, path)
        reader.error(sheet, row, column, str(issue.get("message", "")))
    return reader.error_object()


def _read_kv(frame: pd.DataFrame) -> dict[str, Any]:
    if _blank(frame) or len(frame.columns) < 2:
        return {}
    out: dict[str, Any] = {}
    for _, row in frame.iterrows():
        key, value = row.iloc[0], row.iloc[1]
        if isinstance(key, str) and key.strip() and not pd.isna(value):
            out[key.strip().lower()] = value
    return out


def _from_tables(tables: dict[str, pd.DataFrame]) -> Scenario:
    meta = _read_kv(tables.get("scenario", pd.DataFrame()))
    if "interventions" not in tables:
        raise SheetError(
            "sheet interventions: missing (every workbook needs one)", sheet="interventions"
        )
    start = meta.get("start_date")
    return from_frames(
        tables["interventions"],
        tables.get("links"),
        tables.get("pools"),
        tables.get("sources"),
        situations=tables.get("situations"),
        risks=tables.get("risks"),
        relapse_rules=tables.get("relapse_rules"),
        name=str(meta.get("name", "Scenario from spreadsheets")),
        description=str(meta.get("description", "")),
        start_date=None if start is None else _start_date(start),
    )


def _start_date(value: Any) -> str:
    """The ``start_date`` cell as ``YYYY-MM-DD``: a date cell, or text of exactly that form.

    Text that pandas would also parse (``"now"``, ``"today"``, ``"3 May"``) is refused: a plan must
    not move with the day the workbook is opened."""
    if isinstance(value, (pd.Timestamp, _dt.datetime, _dt.date, np.datetime64)):
        stamp = pd.Timestamp(value)
        if not pd.isna(stamp):
            return str(stamp.date())
    elif isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}( 00:00:00)?", value.strip()):
        try:
            return str(pd.Timestamp(value.strip()[:10]).date())
        except ValueError:
            pass
    raise SheetError(
        f"sheet scenario, start_date: expected a date (YYYY-MM-DD), got {value!r}",
        sheet="scenario",
        column="start_date",
    )


def _excel_tables(path: str | os.PathLike[str]) -> dict[str, pd.DataFrame]:
    try:
        sheets = pd.read_excel(path, sheet_name=None, dtype=object, engine="openpyxl")
    except FileNotFoundError as err:
        from peaceplan.errors import FileError

        raise FileError(f"{os.fspath(path)}: cannot read: {err.strerror}") from None
    return {str(k).strip().lower(): v for k, v in sheets.items()}


def _csv_tables(folder: str | os.PathLike[str]) -> dict[str, pd.DataFrame]:
    root = Path(folder)
    if not root.is_dir():
        from peaceplan.errors import FileError

        raise FileError(f"{root}: not a folder")
    out = {}
    for table in TABLES:
        file = root / f"{table}.csv"
        if file.is_file():
            try:
                out[table] = pd.read_csv(file, dtype=object, keep_default_na=True)
            except pd.errors.EmptyDataError:  # a table without columns is written as no text
                out[table] = pd.DataFrame()
    return out


def read_excel(path: str | os.PathLike[str], *, progress: bool = True) -> Scenario:
    """Read a scenario from an Excel workbook with one sheet per table.

    Parameters
    ----------
    path : str or os.PathLike
        The ``.xlsx`` file (see :func:`peaceplan.examples.template_workbook`).
    progress : bool, default True
        Apply the ``progress`` sheet, when there is one, at the ``status_date`` of the
        ``scenario`` sheet (:func:`peaceplan.progress.with_progress`).

    Returns
    -------
    Scenario

    Raises
    ------
    SheetError
        Every problem, naming sheet, row and column.
    FileError
        The file cannot be read.

    Examples
    --------
    >>> import peaceplan as pp
    >>> path = pp.examples.template_workbook("template.xlsx")
    >>> pp.read_excel(path).intervention_ids[:2]
    ['pa', 'pk']
    """
    tables = _excel_tables(path)
    return _with_progress_sheet(_from_tables(tables), tables, progress)


def read_csv(folder: str | os.PathLike[str], *, progress: bool = True) -> Scenario:
    """Read a scenario from a folder of CSV files (``interventions.csv``, ``links.csv``, ...).

    Same tables and columns as :func:`read_excel`; the ``scenario`` table is ``scenario.csv``
    with columns ``key,value``.

    Examples
    --------
    >>> import peaceplan as pp
    >>> folder = pp.tables.to_csv(pp.examples.postwar_country(), "csv_scenario")
    >>> pp.read_csv(folder).intervention_ids == pp.examples.postwar_country().intervention_ids
    True
    """
    tables = _csv_tables(folder)
    return _with_progress_sheet(_from_tables(tables), tables, progress)


def read_progress(frame: pd.DataFrame, start_date: str | None = None) -> dict[str, dict[str, Any]]:
    """Progress records ``{id: {"started": t, "finished": t, "remaining_months": d}}`` from a
    ``progress`` table (columns ``id``, ``started``, ``finished``, ``remaining_min``,
    ``remaining_mode``, ``remaining_max`` or ``remaining_months``; months or dates).

    Examples
    --------
    >>> import pandas as pd
    >>> from peaceplan.tables import read_progress
    >>> read_progress(pd.DataFrame({"id": ["a"], "started": [1.0], "finished": [4.0]}))
    {'a': {'started': 1.0, 'finished': 4.0}}
    """
    reader = SheetReader(start_date)
    out = reader.progress(frame)
    reader.raise_if_errors()
    return out


def _with_progress_sheet(
    scenario: Scenario, tables: dict[str, pd.DataFrame], apply: bool
) -> Scenario:
    frame = tables.get("progress")
    if not apply or _blank(frame) or frame is None or frame.dropna(how="all").empty:
        return scenario
    from peaceplan.progress import with_progress

    meta = _read_kv(tables.get("scenario", pd.DataFrame()))
    status = meta.get("status_date")
    if status is None:
        raise SheetError(
            "sheet scenario: a progress sheet needs a status_date row",
            sheet="scenario",
            column="status_date",
        )
    reader = SheetReader(scenario.start_date)
    status_months = reader.months("scenario", None, "status_date", status)
    reader.raise_if_errors()
    return with_progress(scenario, read_progress(frame, scenario.start_date), status_months)


def to_frames(scenario: Scenario) -> dict[str, pd.DataFrame]:
    """The scenario as the tables of a workbook (the layout :func:`from_frames` reads).

    Examples
    --------
    >>> import peaceplan as pp
    >>> t = pp.tables.to_frames(pp.examples.postwar_country())
    >>> list(t)[:3]
    ['scenario', 'interventions', 'links']
    """
    from peaceplan._tables_write import frames_of

    return frames_of(json.loads(scenario.to_json()))


def to_excel(scenario: Scenario, path: str | os.PathLike[str]) -> Path:
    """Write the scenario as a workbook, atomically (see :func:`to_frames`).

    Examples
    --------
    >>> import peaceplan as pp
    >>> sc = pp.examples.postwar_country()
    >>> path = sc.to_excel("postwar.xlsx")
    >>> pp.read_excel(path) == sc
    True
    """
    from peaceplan._tables_write import write_excel

    return write_excel(to_frames(scenario), path)


def to_csv(scenario: Scenario, folder: str | os.PathLike[str]) -> Path:
    """Write the scenario as one CSV file per table into ``folder`` (created if needed).

    Every table is written, an empty one as its header row, so a table left over from an earlier
    scenario in the same folder is replaced, never read back as part of this one. Each file is
    written atomically and all are renamed into place only after every table was written."""
    root = Path(folder)
    root.mkdir(parents=True, exist_ok=True)
    with contextlib.ExitStack() as stack:
        for table, frame in to_frames(scenario).items():
            tmp = stack.enter_context(atomic_path(root / f"{table}.csv", suffix=".csv"))
            frame.to_csv(tmp, index=False)
    return root
