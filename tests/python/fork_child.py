"""Run by test_interrupt.py: every parallel entry point in process-pool children (not a test)."""

from __future__ import annotations

import concurrent.futures as cf
import multiprocessing as mp
import sys
import warnings

import numpy as np
import peaceplan as pp


def everything(seed: int) -> list[float]:
    warnings.simplefilter("ignore")
    sc = pp.examples.postwar_country()
    sim = sc.simulate(draws=300, seed=seed)
    out = [sim.pvalue(0.8), float(np.nansum(sim.criticality().select_dtypes("number").to_numpy()))]
    out.append(float(np.nansum(sim.risk_drivers().select_dtypes("number").to_numpy())))
    out.append(sc.schedule(method="search", max_schedules=200, seed=seed).makespan)
    cap = pp.capacity(pp.examples.pbso_office(), pp.Portfolio(4.5), years=3, draws=20, seed=seed)
    out.append(float(cap.p_wait_over([3.0])[0]))
    st = pp.Study(
        sc,
        uncertainties={"interventions.dd.duration.scale": (0.8, 1.6)},
        outcomes=["finish.p80"],
        draws=20,
        seed=3,
        progress=False,
    )
    out.append(float(np.nansum(st.lhs(4).arrays["y"])))
    return out


def main(method: str) -> None:
    local = [everything(s) for s in (1, 2)]  # rayon work in the parent first
    with cf.ProcessPoolExecutor(2, mp_context=mp.get_context(method)) as ex:
        remote = list(ex.map(everything, (1, 2)))
    assert remote == local, (remote, local)
    print("ok", method)


if __name__ == "__main__":
    main(sys.argv[1])
