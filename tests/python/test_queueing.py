"""Closed forms of peaceplan.queueing against the reference table and known values."""

from __future__ import annotations

import math

import peaceplan as pp
import pytest
from peaceplan import queueing as q


def test_erlang_c_reference_c5_a4() -> None:
    # reference/capacity.md §3: c = 5, a = 4 -> B 0.199, C 0.554, Wq 0.554
    assert q.erlang_b(4.0, 1.0, 5) == pytest.approx(0.1991, abs=1e-4)
    assert q.erlang_c(4.0, 1.0, 5) == pytest.approx(0.5541, abs=1e-4)
    assert q.mean_wait(4.0, 1.0, 5) == pytest.approx(0.5541, abs=1e-4)


@pytest.mark.parametrize(
    ("lam", "c", "pc", "wq", "ac"),
    [(4.5, 5, 0.762, 1.525, 0.953), (4.5, 6, 0.422, 0.281, 0.176), (4.5, 7, 0.217, 0.087, 0.054)],
)
def test_reference_rows(lam: float, c: int, pc: float, wq: float, ac: float) -> None:
    assert q.erlang_c(lam, 1.0, c) == pytest.approx(pc, abs=1e-3)
    assert q.mean_wait(lam, 1.0, c) == pytest.approx(wq, abs=1e-3)
    assert q.allen_cunneen(lam, 1.0, c, 1.0, 0.5) == pytest.approx(ac, abs=1e-3)


def test_single_server_closed_form() -> None:
    # M/M/1: C = rho, Wq = rho / (mu - lambda)
    assert q.erlang_c(0.5, 1.0, 1) == pytest.approx(0.5)
    assert q.mean_wait(0.5, 1.0, 1) == pytest.approx(1.0)


def test_thousand_servers_stable() -> None:
    c = q.erlang_c(950.0, 1.0, 1000)
    assert math.isfinite(c) and 0.0 < c < 1.0
    assert q.erlang_b(990.0, 1.0, 1000) > 0.0


@pytest.mark.parametrize(
    ("args", "name"),
    [((5.0, 1.0, 5), "arrival_rate"), ((1.0, 0.0, 5), "service_rate"), ((1.0, 1.0, 0), "servers")],
)
def test_errors_name_the_argument(args: tuple[float, float, int], name: str) -> None:
    with pytest.raises(pp.ArgumentError, match=name):
        q.erlang_c(*args)
    with pytest.raises(ValueError):
        q.erlang_c(*args)
