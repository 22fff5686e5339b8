"""The compiled core sits below the package: it imports nothing from ``peaceplan``.

The core is loaded under a bare stand-in package (an empty ``peaceplan/__init__.py`` beside the
built ``_core`` library), exercised, and the imported modules are listed; the Rust sources of the
bindings are scanned for imports of the package.
"""

from __future__ import annotations

import json
import os
import pathlib
import pickle
import subprocess
import sys

import peaceplan as pp
import pytest
from peaceplan import _core

ROOT = pathlib.Path(__file__).resolve().parents[2]

# Runs in the stand-in package: cpm, schedule, simulate, capacity and an error path, then prints
# the peaceplan modules that were imported and what the calls gave.
_SCRIPT = r"""
import json, sys
from peaceplan import _core

sc = _core.Scenario.load(sys.argv[1])
plan = sc.cpm()
sched = sc.schedule(max_schedules=50)
sim = sc.simulate(draws=200, seed=1)
office = _core.Office.load(sys.argv[2])
result = _core.capacity(office, _core.Portfolio(2.0), 2.0, 20, 0)
try:
    sc.with_link("nope", "pa")
    error = error_module = None
except _core.PeaceplanError as e:
    error, error_module = type(e).__name__, type(e).__module__
out = {
    "modules": sorted(m for m in sys.modules if m == "peaceplan" or m.startswith("peaceplan.")),
    "makespan": plan.makespan,
    "schedule_makespan": sched.makespan,
    "p80": sim.pvalue(0.8),
    "waits": len(result.waits),
    "error": error,
    "error_module": error_module,
    "stand_in": sys.modules["peaceplan"].__file__,
}
print(json.dumps(out))
"""


def test_core_imports_nothing_from_the_package(tmp_path: pathlib.Path) -> None:
    pkg = tmp_path / "peaceplan"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    lib = pathlib.Path(_core.__file__)
    os.symlink(lib, pkg / lib.name)
    scenario = pp.examples.data_path("postwar_country.toml")
    office = pp.examples.data_path("pbso_office.toml")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    code = f"import sys; sys.path.insert(0, {str(tmp_path)!r})\n" + _SCRIPT
    done = subprocess.run(
        [sys.executable, "-c", code, str(scenario), str(office)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout.strip().splitlines()[-1])
    # The stand-in package and the core, nothing else of peaceplan.
    assert out["stand_in"] == str(pkg / "__init__.py")
    assert out["modules"] == ["peaceplan", "peaceplan._core"]
    # The same numbers as through the package (the core really ran).
    sc = pp.load(scenario)
    assert out["makespan"] == sc.cpm().makespan
    assert out["schedule_makespan"] == sc.schedule(max_schedules=50).makespan
    assert out["p80"] == sc.simulate(draws=200, seed=1).pvalue(0.8)
    assert out["waits"] > 0
    # The error path raised the core's class, which the package re-exports.
    assert out["error"] == "UnknownIdError"
    assert out["error_module"] == "peaceplan.errors"


def test_core_classes_are_the_package_errors() -> None:
    assert pp.ValidationError is _core.ValidationError
    assert pp.InfeasibleError is _core.InfeasibleError
    assert issubclass(pp.UnknownIdError, KeyError)
    assert issubclass(pp.FileError, OSError)
    assert issubclass(pp.SheetError, _core.ValidationError)
    for name in ("ValidationError", "ParseError", "InfeasibleError", "UnknownIdError"):
        assert issubclass(getattr(_core, name), pp.PeaceplanError)


def test_bindings_source_never_imports_the_package() -> None:
    offenders = [
        f"{path.name}:{n}"
        for path in sorted((ROOT / "src" / "python").glob("*.rs"))
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if 'import("peaceplan' in line
    ]
    assert offenders == []
    assert len(list((ROOT / "src" / "python").glob("*.rs"))) > 5  # the scan saw the bindings


def test_public_classes_wrap_core_objects() -> None:
    sc = pp.examples.postwar_country()
    assert isinstance(sc, pp.Scenario)
    assert isinstance(sc._core, _core.Scenario)
    plan = sc.cpm()
    assert isinstance(plan, pp.Plan) and isinstance(plan._core, _core.Plan)
    sim = sc.simulate(draws=50)
    assert isinstance(sim, pp.Simulation) and isinstance(sim.scenario, pp.Scenario)
    assert isinstance(sc.with_link("pa", "dd"), pp.Scenario)


def test_wrappers_pickle_compare_and_complete() -> None:
    sc = pp.examples.postwar_country()
    back = pickle.loads(pickle.dumps(sc))
    assert type(back) is pp.Scenario and back == sc
    assert sc.with_params({"interventions.dd.duration.scale": 1.5}) != sc
    office = pp.examples.pbso_office()
    assert pickle.loads(pickle.dumps(office)) == office
    # Explicit methods (what Jupyter's tab completion lists), each with its docstring.
    assert {"cpm", "schedule", "simulate", "to_pandas", "with_progress"} <= set(dir(sc))
    sim_methods = {"summary", "financing", "criticality", "risk_drivers", "plot_cdf", "pawn"}
    assert sim_methods <= set(dir(pp.Simulation))
    assert "Critical path" in (pp.Scenario.cpm.__doc__ or "")
    # No public constructor where the core had none; Portfolio keeps its own.
    with pytest.raises(TypeError):
        pp.Plan()
    assert pp.Portfolio(2.0).to_dict()["arrivals"]["rate_per_year"] == 2.0


def test_core_errors_keep_their_attributes() -> None:
    sc = pp.examples.postwar_country()
    with pytest.raises(pp.UnknownIdError):
        sc.with_link("nope", "pa")
    with pytest.raises(pp.ParseError) as parse:
        pp.Scenario.from_toml("schema = 1\nname = 3\n")
    assert parse.value.line == 2
    err = pp.InfeasibleError("late", "el", "planning", 2.5)
    again = pickle.loads(pickle.dumps(err))
    assert (again.intervention, again.resource, again.shortfall) == ("el", "planning", 2.5)
