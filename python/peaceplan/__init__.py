"""peaceplan: sequencing, staffing and funding of peacebuilding interventions.

The computing core is Rust (``peaceplan._core``, which returns plain data and imports nothing from
this package); this package wraps its objects in the public classes and adds tables, plots, the
embedded default scenarios and the ``peaceplan`` command.

Examples
--------
>>> import peaceplan as pp
>>> sc = pp.examples.postwar_country()
>>> plan = sc.cpm()
>>> plan.critical_path[0]
'pa'
"""

from __future__ import annotations

import os

from peaceplan import (
    capacity,
    examples,
    explore,
    financing,
    financing_plot,
    frames,
    options,
    plot,
    progress,
    psplib,
    queueing,
    report,
    report_html,
    risk,
    risk_plot,
    stats,
    tables,
)
from peaceplan._core import __version__
from peaceplan.capacity_result import CapacityResult
from peaceplan.errors import (
    ArgumentError,
    CycleError,
    ExperimentError,
    FileError,
    InfeasibleError,
    ParseError,
    PeaceplanError,
    SheetError,
    UnknownIdError,
    ValidationError,
)
from peaceplan.office import Office
from peaceplan.options import compare
from peaceplan.plan import Plan
from peaceplan.portfolio import Portfolio
from peaceplan.scenario import Scenario
from peaceplan.simulation import Simulation
from peaceplan.study import Study
from peaceplan.tables import from_frames, read_csv, read_excel

__all__ = [
    "ArgumentError",
    "CapacityResult",
    "CycleError",
    "ExperimentError",
    "FileError",
    "InfeasibleError",
    "Office",
    "ParseError",
    "PeaceplanError",
    "Plan",
    "Portfolio",
    "Scenario",
    "SheetError",
    "Simulation",
    "Study",
    "UnknownIdError",
    "ValidationError",
    "__version__",
    "capacity",
    "compare",
    "examples",
    "explore",
    "financing",
    "financing_plot",
    "frames",
    "from_frames",
    "load",
    "options",
    "plot",
    "progress",
    "psplib",
    "queueing",
    "read_csv",
    "read_excel",
    "report",
    "report_html",
    "risk",
    "risk_plot",
    "stats",
    "tables",
]


def load(path: str | os.PathLike[str]) -> Scenario:
    """Read a scenario file (``.toml`` or ``.json``).

    Parameters
    ----------
    path : str or path-like
        The file; its extension decides the format.

    Returns
    -------
    Scenario

    Raises
    ------
    ParseError
        Malformed file (with ``line``, ``column`` and ``path`` of the culprit).
    FileError
        The file cannot be read.

    Examples
    --------
    >>> import peaceplan as pp
    >>> sc = pp.load(pp.examples.data_path("postwar_country.toml"))
    >>> sc.name != ""
    True
    """
    return Scenario.load(os.fspath(path))
