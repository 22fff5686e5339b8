"""PSPLIB instances load through the Python API and their critical path equals the file's."""

from __future__ import annotations

from pathlib import Path

import peaceplan as pp
import pytest

DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "psplib"

SM = """\
************************************************************************
jobs (incl. supersource/sink ):  4
horizon                       :  5
RESOURCES
  - renewable                 :  1   R
  - nonrenewable              :  0   N
  - doubly constrained        :  0   D
************************************************************************
PROJECT INFORMATION:
pronr.  #jobs rel.date duedate tardcost  MPM-Time
    1      2      0       5        1        3
************************************************************************
PRECEDENCE RELATIONS:
jobnr.    #modes  #successors   successors
   1        1          2           2   3
   2        1          1           4
   3        1          1           4
   4        1          0
************************************************************************
REQUESTS/DURATIONS:
jobnr. mode duration  R 1
------------------------------------------------------------------------
  1      1     0       0
  2      1     3       2
  3      1     2       1
  4      1     0       0
************************************************************************
RESOURCEAVAILABILITIES:
  R 1
    2
************************************************************************
"""


def test_small_instance(tmp_path: Path) -> None:
    path = tmp_path / "tiny.sm"
    path.write_text(SM)
    sc = pp.psplib.load(path)
    assert sc.intervention_ids == ["1", "2", "3", "4"]
    assert sc.pool_ids == ["R1"]
    assert sc.cpm().makespan == 3.0


def test_malformed_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.sm"
    path.write_text(SM.replace("  2      1     3       2", "  2      1     x       2"))
    with pytest.raises(pp.ParseError) as err:
        pp.psplib.load(path)
    assert err.value.line == 24


@pytest.mark.skipif(not DATA.is_dir(), reason="shared PSPLIB data not beside the repository")
def test_stored_instance_matches_mpm_time() -> None:
    sc = pp.psplib.load(DATA / "j30" / "j301_1.sm")
    assert sc.pool_ids == ["R1", "R2", "R3", "R4"]
    assert sc.cpm().makespan == 38.0  # MPM-Time in the file
