"""The :class:`Portfolio` class: the core portfolio of engagements wrapped."""

from __future__ import annotations

import os
from typing import Any

from peaceplan import _core
from peaceplan._wrap import Wrapper, core_of
from peaceplan.office import Office

__all__ = ["Portfolio"]


class Portfolio(Wrapper):
    """The portfolio of country situations an office serves: arrivals, engagement phases, staff
    demand.

    ``Portfolio(arrivals_per_year=4.5)`` is the founding note's simple model: Poisson arrivals, one
    phase needing ``team_fte`` FTE of ``demand`` for an exponential time of mean ``mean_months``.
    Richer portfolios (rates by year, dated arrivals, phases, situations in progress) are read from
    files or dicts; see ``docs/capacity.md``.

    Examples
    --------
    >>> import peaceplan as pp
    >>> pp.Portfolio(arrivals_per_year=4.5).to_dict()["arrivals"]["rate_per_year"]
    4.5
    >>> pp.examples.default_portfolio().name
    'PBC agenda, DOMAIN §3 defaults'
    """

    __slots__ = ()
    _core: _core.Portfolio

    def __init__(
        self,
        arrivals_per_year: float = 4.5,
        team_fte: float = 3.0,
        mean_months: float = 12.0,
        demand: str = "planning",
    ) -> None:
        self._core = _core.Portfolio(arrivals_per_year, team_fte, mean_months, demand)

    @staticmethod
    def from_toml(text: str) -> Portfolio:
        """Read a portfolio from TOML text."""
        return Portfolio._wrap(_core.Portfolio.from_toml(text))

    @staticmethod
    def from_json(text: str) -> Portfolio:
        """Read a portfolio from JSON text."""
        return Portfolio._wrap(_core.Portfolio.from_json(text))

    @staticmethod
    def from_dict(data: dict[str, Any]) -> Portfolio:
        """Build a portfolio from a dict with the structure of the file format."""
        return Portfolio._wrap(_core.Portfolio.from_dict(data))

    @staticmethod
    def load(path: str | os.PathLike[str]) -> Portfolio:
        """Read a ``.toml`` or ``.json`` portfolio file."""
        return Portfolio._wrap(_core.Portfolio.load(path))

    def to_toml(self) -> str:
        """The portfolio as TOML text."""
        return self._core.to_toml()

    def to_json(self) -> str:
        """The portfolio as JSON text."""
        return self._core.to_json()

    def to_dict(self) -> dict[str, Any]:
        """The portfolio as a plain dict."""
        return self._core.to_dict()

    @property
    def name(self) -> str:
        """Portfolio name."""
        return self._core.name

    @property
    def description(self) -> str:
        """Free-text description."""
        return self._core.description

    def with_rate(self, rate_per_year: float) -> Portfolio:
        """A copy with Poisson arrivals at ``rate_per_year`` in every year (dated arrivals are
        kept).
        """
        return Portfolio._wrap(self._core.with_rate(rate_per_year))

    def with_classes(
        self, rates_per_year: dict[str, float], priorities: dict[str, int] | None = None
    ) -> Portfolio:
        """A copy with priority classes: engagement ``id`` arrives as a Poisson process of
        ``rates_per_year[id]`` situations a year (every engagement needs a rate; 0 for none) and
        has priority ``priorities[id]`` (0 when not given, at most 1000). A higher class is served
        first and, on arrival, pre-empts lower-class work when no team is free (preemptive-resume;
        see ``docs/capacity.md``).
        """
        return Portfolio._wrap(self._core.with_classes(rates_per_year, priorities))

    def issues(self, office: Office | None = None) -> list[dict[str, str]]:
        """Every problem (of the portfolio, and with ``office`` also of the office and of the two
        together) as dicts with ``path``, ``message`` and ``kind``.
        """
        return self._core.issues(core_of(office))

    def validate(self, office: Office | None = None) -> None:
        """Raise ``ValidationError`` listing every problem (see :meth:`issues`)."""
        return self._core.validate(core_of(office))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Portfolio):
            return NotImplemented
        return bool(self._core == other._core)

    __hash__ = None  # type: ignore[assignment]

    def __reduce__(self) -> tuple[Any, tuple[str]]:
        return (Portfolio.from_json, (self.to_json(),))
