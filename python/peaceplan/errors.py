"""Exceptions raised by peaceplan.

Every error of the package derives from :class:`PeaceplanError` and, where one fits, from a builtin
(``ValueError``, ``KeyError``, ``OSError``) so that generic handlers keep working. The classes the
compiled core raises are defined there (``peaceplan._core``) and re-exported here; the two raised
only by this package, :class:`SheetError` and :class:`ExperimentError`, are defined here.
"""

from __future__ import annotations

from typing import Any

from peaceplan._core import (
    ArgumentError,
    CycleError,
    FileError,
    InfeasibleError,
    ParseError,
    PeaceplanError,
    UnknownIdError,
    ValidationError,
)

__all__ = [
    "ArgumentError",
    "CycleError",
    "ExperimentError",
    "FileError",
    "InfeasibleError",
    "ParseError",
    "PeaceplanError",
    "SheetError",
    "UnknownIdError",
    "ValidationError",
]


class SheetError(ValidationError):
    """A spreadsheet table is wrong; ``sheet``, ``row`` (spreadsheet row number, header = 1) and
    ``column`` name the first culprit, :meth:`errors` lists every problem with the same keys.

    Examples
    --------
    >>> import pandas as pd
    >>> import peaceplan as pp
    >>> try:
    ...     pp.from_frames(pd.DataFrame({"id": ["a", "a"], "duration_mode": [1, 2]}))
    ... except pp.SheetError as e:
    ...     print(e.sheet, e.row, e.column)
    interventions 3 id
    """

    def __init__(
        self,
        message: str,
        sheet: str | None = None,
        row: int | None = None,
        column: str | None = None,
        errors: list[dict[str, Any]] | None = None,
    ) -> None:
        super().__init__(message, errors)
        self.sheet = sheet
        self.row = row
        self.column = column


class ExperimentError(PeaceplanError, RuntimeError):
    """Experiments of a study failed; ``failures`` lists each with its inputs and message, and
    ``partial`` holds the experiments that succeeded (an ``ExperimentsResult``)."""

    def __init__(self, message: str, failures: list[dict[str, Any]], partial: Any = None) -> None:
        super().__init__(message)
        self.failures = failures
        self.partial = partial
