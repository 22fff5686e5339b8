"""Exceptions raised by peaceplan.

Every error of the package derives from :class:`PeaceplanError` and, where one fits, from a builtin
(``ValueError``, ``KeyError``, ``OSError``) so that generic handlers keep working.
"""

from __future__ import annotations

from typing import Any

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


class PeaceplanError(Exception):
    """Base class of every peaceplan error."""


class ValidationError(PeaceplanError, ValueError):
    """A scenario is inconsistent; :meth:`errors` lists every problem.

    Examples
    --------
    >>> import peaceplan as pp
    >>> try:
    ...     pp.Scenario.from_dict({"schema": 1, "name": "x", "interventions": [
    ...         {"id": "a", "duration_months": -1}]}).validate()
    ... except pp.ValidationError as e:
    ...     print(e.errors()[0]["path"])
    interventions[0].duration_months
    """

    def __init__(self, message: str, errors: list[dict[str, str]] | None = None) -> None:
        super().__init__(message)
        self._errors = [dict(e) for e in (errors or [])]

    def errors(self) -> list[dict[str, str]]:
        """Every problem as a dict with ``path``, ``message`` and ``kind``."""
        return [dict(e) for e in self._errors]


class CycleError(ValidationError):
    """The dependency graph has a cycle (named in the message, e.g. ``a -> b -> a``)."""


class ParseError(PeaceplanError, ValueError):
    """A file or text could not be read: syntax error, wrong type or unknown key.

    ``path`` is the document path of the culprit (``interventions[2].staff``), ``line`` and
    ``column`` are 1-based when known, ``message`` is the parser's own words without the location.
    """

    def __init__(
        self,
        text: str,
        path: str | None = None,
        line: int | None = None,
        column: int | None = None,
        message: str | None = None,
    ) -> None:
        super().__init__(text)
        self.path = path
        self.line = line
        self.column = column
        self.message = text if message is None else message


class UnknownIdError(PeaceplanError, KeyError):
    """An id (intervention, pool, source, link) that does not exist."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class ArgumentError(PeaceplanError, ValueError):
    """A bad argument to an engine (e.g. ``durations="median"``)."""


class InfeasibleError(PeaceplanError, ValueError):
    """Constraints that cannot all be met (raised by the constrained scheduler).

    ``intervention`` is the id that cannot be scheduled, ``resource`` what holds it back (a pool
    id, source ids joined by ``", "``) and ``shortfall`` how much is missing in that resource's
    unit (FTE, US$ or months). A missed deadline under ``hard_deadlines=True`` names its binding
    cause: ``resource`` is ``"deadline:pool:<pool>"``, ``"deadline:source:<source>"``,
    ``"deadline:release:<intervention>"``, ``"deadline:links"`` or
    ``"deadline:started:<intervention>"`` (``"deadline"`` alone when it cannot be traced), the
    shortfall is in months late, and the message spells out the chain of delays with the month
    the pool's staff is free or the source's money arrives.
    """

    def __init__(
        self,
        message: str,
        intervention: str | None = None,
        resource: str | None = None,
        shortfall: float | None = None,
    ) -> None:
        super().__init__(message)
        self.intervention = intervention
        self.resource = resource
        self.shortfall = shortfall


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


class FileError(PeaceplanError, OSError):
    """A file could not be read or written."""


def _make(name: str, *args: Any) -> PeaceplanError:
    """Build an exception by class name (used by the compiled core)."""
    cls = globals()[name]
    return cls(*args)


class ExperimentError(PeaceplanError, RuntimeError):
    """Experiments of a study failed; ``failures`` lists each with its inputs and message, and
    ``partial`` holds the experiments that succeeded (an ``ExperimentsResult``)."""

    def __init__(self, message: str, failures: list[dict[str, Any]], partial: Any = None) -> None:
        super().__init__(message)
        self.failures = failures
        self.partial = partial
