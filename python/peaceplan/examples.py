"""Embedded default scenarios and the default office.

The files live in ``peaceplan/data/`` inside the installed package and are built from the facts
(with sources) in the project's ``DOMAIN.md``; values marked ``[A]`` in their ``source`` fields are
assumptions. Each function returns a fresh object; edit a copy with the builder methods
(``with_link``, ``without_link``, ...) or save it with ``to_toml()`` and change the file.
"""

from __future__ import annotations

import os
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from peaceplan.office import Office
from peaceplan.portfolio import Portfolio
from peaceplan.scenario import Scenario

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

__all__ = [
    "available",
    "data_path",
    "default_portfolio",
    "pbc_agenda",
    "pbso_office",
    "political_transition",
    "postwar_country",
    "template_workbook",
]


def available() -> list[str]:
    """Names of the embedded data files.

    Returns
    -------
    list of str
        File names in ``peaceplan/data/``, sorted.

    Examples
    --------
    >>> import peaceplan as pp
    >>> "postwar_country.toml" in pp.examples.available()
    True
    """
    folder = files("peaceplan") / "data"
    return sorted(p.name for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))


def data_path(name: str) -> Traversable:
    """Location of an embedded data file.

    Parameters
    ----------
    name : str
        File name, e.g. ``"postwar_country.toml"``; ``.toml`` is added when there is no extension.

    Returns
    -------
    importlib.resources.abc.Traversable
        The file; for a normal installation this is a :class:`pathlib.Path`, which
        :func:`peaceplan.load` accepts.

    Raises
    ------
    FileNotFoundError
        If there is no such embedded file (the message lists the ones there are).

    Examples
    --------
    >>> import peaceplan as pp
    >>> path = pp.examples.data_path("postwar_country")
    >>> path.name
    'postwar_country.toml'
    >>> sc = pp.Scenario.from_toml(path.read_text(encoding="utf-8"))
    """
    if "." not in name:
        name += ".toml"
    path = files("peaceplan") / "data" / name
    if not path.is_file():
        raise FileNotFoundError(
            f"no embedded data file {name!r}; there are: {', '.join(available()) or 'none'}"
        )
    return path


def _read(name: str) -> str:
    return data_path(name).read_text(encoding="utf-8")


def postwar_country() -> Scenario:
    """Template A: a post-war country with a large peacekeeping mission.

    Modelled on Liberia 2003-10 and Sierra Leone 1999-2007 (DOMAIN §7.1): 18 interventions from the
    peace agreement (``pa``) through disarmament and demobilisation (``dd``), elections (``el``),
    security-sector and justice reform to core state capacity (``nc``), with the office's
    ``planning`` staff pool and the assessed, voluntary, grant and other funding sources.

    Returns
    -------
    Scenario
        A new scenario loaded from ``data/postwar_country.toml``.

    Examples
    --------
    >>> import peaceplan as pp
    >>> sc = pp.examples.postwar_country()
    >>> len(sc.intervention_ids)
    18
    >>> plan = sc.cpm()
    >>> plan.critical_path[0]
    'pa'
    """
    return Scenario.from_toml(_read("postwar_country.toml"))


def political_transition() -> Scenario:
    """Template B: a political transition with a small UN office.

    Modelled on Burundi 2006-11, Guinea-Bissau and Guinea (DOMAIN §7.2): no large peacekeeping
    mission, a ceasefire with a holdout group as a strategy objective, and elections at the end.

    Returns
    -------
    Scenario
        A new scenario loaded from ``data/political_transition.toml``.

    Examples
    --------
    >>> import peaceplan as pp
    >>> sc = pp.examples.political_transition()
    >>> sc.validate()
    """
    return Scenario.from_toml(_read("political_transition.toml"))


def pbso_office() -> Office:
    """The Peacebuilding Support Office of the founding note: 16 professional posts.

    Sections, grades and recruitment channels with their lags are those of DOMAIN §2.

    Returns
    -------
    Office
        A new office loaded from ``data/pbso_office.toml``.

    Examples
    --------
    >>> import peaceplan as pp
    >>> office = pp.examples.pbso_office()
    >>> office.post_count()
    16
    >>> pools = office.pools()  # staff available per section over time
    """
    return Office.from_toml(_read("pbso_office.toml"))


def default_portfolio() -> Portfolio:
    """The default portfolio of the office (DOMAIN §3), every number with its source key.

    The first two situations arrive in month 6, then Poisson 1.2 a year in years 1-5 and 0.3 a
    year after; each runs strategy formulation (3 FTE of planning, 2/10/18 months), fund
    allocation (1 financing + 1 planning) and monitoring (1 FTE) for about 11 years.

    Returns
    -------
    Portfolio
        Loaded from ``data/portfolio_default.toml``.

    Examples
    --------
    >>> import peaceplan as pp
    >>> p = pp.examples.default_portfolio()
    >>> [ph["id"] for ph in p.to_dict()["engagements"][0]["phases"]]
    ['strategy', 'fund_allocation', 'monitoring']
    """
    return Portfolio.from_toml(_read("portfolio_default.toml"))


def pbc_agenda() -> Portfolio:
    """The real agenda of the Peacebuilding Commission 2006-11 as dated arrivals (DOMAIN §3).

    Returns
    -------
    Portfolio
        Loaded from ``data/portfolio_pbc_agenda.toml``: Burundi, Sierra Leone, Guinea-Bissau,
        Central African Republic, Liberia, Guinea at their dates; phases as the default.

    Examples
    --------
    >>> import peaceplan as pp
    >>> [d["name"] for d in pp.examples.pbc_agenda().to_dict()["arrivals"]["dated"]][:2]
    ['Burundi', 'Sierra Leone']
    """
    return Portfolio.from_toml(_read("portfolio_pbc_agenda.toml"))


def template_workbook(path: str | os.PathLike[str]) -> Path:
    """Write a template workbook: the post-war template as spreadsheet tables.

    Sheets ``scenario``, ``interventions``, ``links``, ``pools``, ``sources``, ``situations``,
    ``risks``, an empty ``progress`` sheet (fill it in and set ``status_date`` on the
    ``scenario`` sheet to record actuals) and ``readme`` (what each column means). Edit it and
    read it back with :func:`peaceplan.read_excel`.

    Parameters
    ----------
    path : str or os.PathLike
        Where to write the ``.xlsx`` file.

    Returns
    -------
    pathlib.Path

    Examples
    --------
    >>> import peaceplan as pp
    >>> path = pp.examples.template_workbook("template.xlsx")
    >>> pp.read_excel(path) == pp.examples.postwar_country()
    True
    """
    from peaceplan import tables
    from peaceplan._tables_write import write_excel

    frames = tables.to_frames(postwar_country())
    frames["progress"] = pd.DataFrame(
        columns=["id", "started", "finished", "remaining_min", "remaining_mode", "remaining_max"]
    )
    doc = (tables.__doc__ or "").split("Errors name the culprit")[0]
    frames["readme"] = pd.DataFrame({"peaceplan workbook": doc.strip().splitlines()})
    return write_excel(frames, path)
