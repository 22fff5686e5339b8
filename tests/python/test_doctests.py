"""Docstring examples (Python modules and the compiled core) run and give what they show."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "peaceplan",
    "peaceplan._core",
    "peaceplan.errors",
    "peaceplan.scenario",
    "peaceplan.plan",
    "peaceplan.simulation",
    "peaceplan.office",
    "peaceplan.portfolio",
    "peaceplan.capacity_result",
    "peaceplan.frames",
    "peaceplan.schedule_frames",
    "peaceplan.capacity_frames",
    "peaceplan.plot",
    "peaceplan.resource_plot",
    "peaceplan.capacity_plot",
    "peaceplan.examples",
    "peaceplan.report",
    "peaceplan.capacity",
    "peaceplan.queueing",
    "peaceplan.risk",
    "peaceplan.risk_plot",
    "peaceplan.psplib",
    "peaceplan.tables",
    "peaceplan.financing",
    "peaceplan.financing_plot",
    "peaceplan.options",
    "peaceplan.progress",
    "peaceplan.report_html",
    "peaceplan.explore",
    "peaceplan.explore_results",
    "peaceplan.explore_given",
    "peaceplan.study",
    "peaceplan.cli",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str, tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # examples that write files write them here
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"
    assert result.attempted > 0
