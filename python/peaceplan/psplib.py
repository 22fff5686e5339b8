"""PSPLIB benchmark instances (Kolisch & Sprecher 1996) as peaceplan scenarios.

Examples
--------
>>> import peaceplan as pp
>>> sc = pp.psplib.load("j301_1.sm")  # doctest: +SKIP
>>> sc.pool_ids  # doctest: +SKIP
['R1', 'R2', 'R3', 'R4']
"""

from __future__ import annotations

import os

from peaceplan._core import psplib_load
from peaceplan.scenario import Scenario

__all__ = ["load"]


def load(path: str | os.PathLike[str]) -> Scenario:
    """Read a PSPLIB ``.sm`` or ``.mm`` instance as a Scenario.

    Jobs become interventions with ids ``"1"``, ``"2"``, ... (job numbers as strings), renewable
    resources become pools named as in the file (``R1`` .. ``R4``), non-renewable resources become
    sources ``N1``, ``N2``; mode 1 is the base mode.

    Parameters
    ----------
    path : str or path-like
        The instance file (``.sm`` or ``.mm``).

    Returns
    -------
    Scenario

    Raises
    ------
    ParseError
        Malformed file, with the line of the culprit.
    """
    return Scenario._wrap(psplib_load(os.fspath(path)))
