"""Ctrl-C stops every long call within a second, and peaceplan works in forked children (#16)."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

SETUP = """
import warnings
import peaceplan as pp
warnings.simplefilter("ignore")
sc = pp.examples.postwar_country()
office, portfolio = pp.examples.pbso_office(), pp.Portfolio(4.5)
study = pp.Study(sc, uncertainties={"interventions.dd.duration.scale": (0.8, 1.6)},
                 outcomes=["finish.p80"], draws=2000, progress=False)
"""

# each call takes well over a minute on this machine when not interrupted
CALLS = {
    "simulate": "sc.simulate(draws=2_000_000, seed=1, max_bytes=2**40, progress=False)",
    "capacity": "pp.capacity(office, portfolio, years=2000, draws=20000)",
    "minimum_structure": "pp.capacity.minimum_structure(office, portfolio, target=0.0, "
    "years=500, draws=5000)",
    "study": "study.lhs(100_000)",
    "compare": "pp.compare({'a': sc, 'b': sc}, draws=2_000_000)",
    "risk_drivers": "sc.simulate(draws=200_000, seed=1).risk_drivers()",
}


def _line(proc: subprocess.Popen[str], timeout: float) -> str:
    assert proc.stdout is not None
    ready, _, _ = select.select([proc.stdout], [], [], timeout)
    return proc.stdout.readline().strip() if ready else ""


@pytest.mark.parametrize("name", sorted(CALLS))
def test_ctrl_c_stops_the_call_within_a_second(name):
    script = SETUP + textwrap.dedent(f"""
        print("ready", flush=True)
        try:
            {CALLS[name]}
            print("finished", flush=True)
        except KeyboardInterrupt:
            print("interrupted", flush=True)
        """)
    proc = subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, env=os.environ.copy()
    )
    try:
        assert _line(proc, 120) == "ready"
        time.sleep(1.5)  # well inside the call
        t0 = time.monotonic()
        proc.send_signal(signal.SIGINT)
        out = _line(proc, 30)
        elapsed = time.monotonic() - t0
        assert out == "interrupted", out
        assert elapsed < 1.0, f"{name} took {elapsed:.2f} s to stop"
        assert proc.wait(30) == 0
    finally:
        proc.kill()


FORK_SCRIPT = Path(__file__).with_name("fork_child.py")


@pytest.mark.parametrize("method", ["fork", "forkserver", "spawn"])
def test_process_pools_of_every_start_method(method):
    """After rayon work in the parent, a child of each start method computes the same numbers."""
    run = subprocess.run(
        [sys.executable, str(FORK_SCRIPT), method],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.strip() == f"ok {method}"
