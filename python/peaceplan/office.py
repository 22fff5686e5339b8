"""The :class:`Office` class: the core office structure wrapped, with its table."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from peaceplan import _core
from peaceplan._wrap import Wrapper

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Office"]


class Office(Wrapper):
    """The office: sections, posts (grades) and recruitment channels with their lags.

    Examples
    --------
    >>> import peaceplan as pp
    >>> pp.examples.pbso_office().post_count()
    16
    """

    __slots__ = ()
    _core: _core.Office

    def __init__(self) -> None:
        raise TypeError(
            "No constructor defined for Office "
            "(made by Office.load, Office.from_toml or Office.from_dict)"
        )

    @staticmethod
    def from_toml(text: str) -> Office:
        """Read an office from TOML text."""
        return Office._wrap(_core.Office.from_toml(text))

    @staticmethod
    def from_json(text: str) -> Office:
        """Read an office from JSON text."""
        return Office._wrap(_core.Office.from_json(text))

    @staticmethod
    def from_dict(data: dict[str, Any]) -> Office:
        """Build an office from a dict with the structure of the file format."""
        return Office._wrap(_core.Office.from_dict(data))

    @staticmethod
    def load(path: str | os.PathLike[str]) -> Office:
        """Read a ``.toml`` or ``.json`` office file."""
        return Office._wrap(_core.Office.load(path))

    def to_toml(self) -> str:
        """The office as TOML text."""
        return self._core.to_toml()

    def to_json(self) -> str:
        """The office as JSON text."""
        return self._core.to_json()

    def to_dict(self) -> dict[str, Any]:
        """The office as a plain dict."""
        return self._core.to_dict()

    @property
    def name(self) -> str:
        """Office name."""
        return self._core.name

    @property
    def description(self) -> str:
        """Free-text description."""
        return self._core.description

    def post_count(self, professional_only: bool = True) -> int:
        """Number of posts; only professional grades (P, D, ASG, USG) by default."""
        return self._core.post_count(professional_only)

    def issues(self) -> list[dict[str, str]]:
        """Every consistency problem as a dict with ``path``, ``message`` and ``kind``."""
        return self._core.issues()

    def validate(self) -> None:
        """Raise ``ValidationError`` listing every problem, if any."""
        return self._core.validate()

    def post_cost_usd_per_year(self) -> float:
        """Cost of all posts per year (US$), from ``post_cost_usd_per_year`` and per-post costs."""
        return self._core.post_cost_usd_per_year()

    def posts_table(self) -> dict[str, list[Any]]:
        """One row per group of posts: section, section_name, grade, count, channel, filled,
        professional.
        """
        return self._core.posts_table()

    def pools(
        self, durations: str | float = "mode", professional_only: bool = True
    ) -> list[dict[str, Any]]:
        """One staff pool per section; capacity steps up as posts come on line after recruitment.

        Parameters
        ----------
        durations : str or float, default "mode"
            Which value of each recruitment-lag distribution to use.
        professional_only : bool, default True
            Count only professional posts.
        """
        return self._core.pools(durations, professional_only)

    def to_pandas(self) -> pd.DataFrame:
        """The posts as a pandas DataFrame."""
        from peaceplan import frames

        return frames.office_frame(self)

    def _repr_html_(self) -> str:
        """HTML view for Jupyter."""
        from peaceplan import frames

        return frames.office_html(self)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Office):
            return NotImplemented
        return bool(self._core == other._core)

    __hash__ = None  # type: ignore[assignment]

    def __reduce__(self) -> tuple[Any, tuple[str]]:
        return (Office.from_json, (self.to_json(),))
