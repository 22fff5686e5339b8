"""peaceplan: sequencing, staffing and funding of peacebuilding interventions.

The computing core is Rust (``peaceplan._core``); this package adds tables, plots, the embedded
default scenarios and the ``peaceplan`` command.

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
    frames,
    plot,
    psplib,
    queueing,
    report,
    risk,
    riskplot,
)
from peaceplan._core import (
    CapacityResult,
    Office,
    Plan,
    Portfolio,
    Scenario,
    Simulation,
    __version__,
)
from peaceplan.errors import (
    ArgumentError,
    CycleError,
    ExperimentError,
    FileError,
    InfeasibleError,
    ParseError,
    PeaceplanError,
    UnknownIdError,
    ValidationError,
)
from peaceplan.study import Study

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
    "Simulation",
    "Study",
    "UnknownIdError",
    "ValidationError",
    "__version__",
    "capacity",
    "examples",
    "explore",
    "frames",
    "load",
    "plot",
    "psplib",
    "queueing",
    "report",
    "risk",
    "riskplot",
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
