"""Closed forms of queueing theory for quick answers and cross-checks of the simulation.

Each function takes ``(arrival_rate, service_rate, servers)`` in one time unit (e.g. per year).
They are computed in Rust with the Erlang-B recursion, which is stable for thousands of servers.

Examples
--------
>>> from peaceplan import queueing
>>> teams = 16 // 3  # founding note: 16 posts, 3 professionals per situation
>>> round(queueing.erlang_c(4.5, 1.0, teams), 3)  # P(a new situation waits)
0.762
>>> round(queueing.mean_wait(4.5, 1.0, teams), 3)  # years, engagements of 1 year on average
1.525
"""

from __future__ import annotations

from peaceplan._core import allen_cunneen, erlang_b, erlang_c, mean_wait

__all__ = ["allen_cunneen", "erlang_b", "erlang_c", "mean_wait"]
