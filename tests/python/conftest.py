"""Shared fixtures: a small hand-computed network with all four link types."""

from __future__ import annotations

import os

import matplotlib
import peaceplan as pp
import pytest

# No windows, in this process or in the notebook kernels it starts.
os.environ.setdefault("MPLBACKEND", "Agg")
matplotlib.use("Agg")

# Six interventions, fixed durations, one link of each type (FS, SS, FF, SF) plus an `after` list.
#
#   a  3 mo                          ES 0   EF 3
#   b  4 mo  a -FS+1-> b             ES = EF_a + 1 = 4,                EF 8
#   c  2 mo  a -SS+2-> c             ES = ES_a + 2 = 2,                EF 4
#   d  5 mo  b -FF+2-> d             EF >= EF_b + 2 = 10  -> ES 5,     EF 10
#   e  3 mo  c -SF+6-> e             EF >= ES_c + 6 = 8   -> ES 5,     EF 8
#   f  0 mo  after d, e (FS)         ES = max(10, 8) = 10,             EF 10   -> makespan 10
#
# Backward pass (LF of the sinks = makespan = 10):
#   f  LF 10, LS 10
#   d  FS d->f: LF <= LS_f = 10                 -> LF 10, LS 5   TF 0
#   e  FS e->f: LF <= 10                         -> LF 10, LS 7   TF 2, FF = ES_f - EF_e = 2
#   b  FF b->d: LF <= LF_d - 2 = 8               -> LF 8,  LS 4   TF 0
#   c  SF c->e: LS <= LF_e - 6 = 4               -> LS 4,  LF 6   TF 2, FF = EF_e - (ES_c + 6) = 0
#   a  FS a->b: LF <= LS_b - 1 = 3; SS a->c: LS <= LS_c - 2 = 2  -> LF 3, LS 0   TF 0
# Critical (TF = 0): a, b, d, f.
NETWORK_TOML = """
schema = 1
name = "hand network"
description = "six interventions, four link types"
start_date = "2024-01-01"

[[pools]]
id = "planning"
capacity = 3

[[sources]]
id = "pbf"
kind = "voluntary"
pledges = [{amount_usd = 2e6}]

[[interventions]]
id = "a"
name = "Alpha"
duration_months = 3
staff = {planning = 1.0}
cost_usd = 1e6
funding = ["pbf"]

[[interventions]]
id = "b"
name = "Bravo"
duration_months = 4
staff = {planning = 0.5}
cost_usd = 3e6
funding = ["pbf"]

[[interventions]]
id = "c"
name = "Charlie"
duration_months = 2
staff = {planning = 0.5}

[[interventions]]
id = "d"
name = "Delta"
duration_months = 5

[[interventions]]
id = "e"
name = "Echo"
duration_months = 3

[[interventions]]
id = "f"
name = "Finish"
duration_months = 0
after = ["d", "e"]

[[links]]
from = "a"
to = "b"
lag_months = 1

[[links]]
from = "a"
to = "c"
type = "SS"
lag_months = 2

[[links]]
from = "b"
to = "d"
type = "FF"
lag_months = 2

[[links]]
from = "c"
to = "e"
type = "SF"
lag_months = 6
"""

EXPECTED = {
    #     start finish late_start late_finish total_float free_float
    "a": (0.0, 3.0, 0.0, 3.0, 0.0, 0.0),
    "b": (4.0, 8.0, 4.0, 8.0, 0.0, 0.0),
    "c": (2.0, 4.0, 4.0, 6.0, 2.0, 0.0),
    "d": (5.0, 10.0, 5.0, 10.0, 0.0, 0.0),
    "e": (5.0, 8.0, 7.0, 10.0, 2.0, 2.0),
    "f": (10.0, 10.0, 10.0, 10.0, 0.0, 0.0),
}


@pytest.fixture
def network() -> pp.Scenario:
    """The hand-computed six-intervention network."""
    return pp.Scenario.from_toml(NETWORK_TOML)
