"""One Scenario used from several Python threads at once gives the sequential results (#16)."""

from __future__ import annotations

import concurrent.futures as cf
import warnings

import numpy as np
import peaceplan as pp


def _work(sc: pp.Scenario, seed: int) -> tuple[float, float, float, float]:
    sim = sc.simulate(draws=400, seed=seed)
    plan = sc.schedule(method="search", max_schedules=100, seed=seed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        office, portfolio = pp.examples.pbso_office(), pp.Portfolio(4.5)
        cap = pp.capacity(office, portfolio, years=3, draws=10, seed=seed)
    return sim.pvalue(0.8), float(np.nanmean(sim.finish)), plan.makespan, float(cap.waits.sum())


def test_shared_scenario_from_threads_matches_sequential():
    sc = pp.examples.postwar_country()
    seeds = list(range(8))
    sequential = [_work(sc, s) for s in seeds]
    with cf.ThreadPoolExecutor(4) as ex:
        threaded = list(ex.map(lambda s: _work(sc, s), seeds))
    assert threaded == sequential
