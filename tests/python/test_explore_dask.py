"""A Dask LocalCluster (2 worker processes) gives the same study results as the local run."""

from __future__ import annotations

import numpy as np
import peaceplan as pp
import pytest

distributed = pytest.importorskip("dask.distributed")


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    )
    c = distributed.Client(cluster)
    yield c
    c.close()
    cluster.close()


def test_dask_executor_identical_to_local(client):
    sc = pp.examples.postwar_country()
    st = pp.Study(
        sc,
        uncertainties={
            "interventions.dd.duration.scale": (0.8, 1.6),
            "sources.pbf.pledges.0.probability": (0.4, 1.0),
        },
        levers={"interventions.el.mode": ["base"]},
        outcomes=["finish.p80", "funding.gap.max.p80"],
        draws=30,
        seed=11,
        chunk_size=10,
        progress=False,
    )
    local = st.sobol(n=8, replicates=2)
    remote = st.sobol(n=8, replicates=2, executor=client.get_executor())
    assert remote == local
    ex_local = st.lhs(25)
    ex_remote = st.lhs(25, executor=client.get_executor())
    assert np.array_equal(ex_local.arrays["y"], ex_remote.arrays["y"])
    # office models travel too
    office = pp.examples.pbso_office()
    so = pp.Study(
        office,
        portfolio=pp.Portfolio(),
        outcomes=["wait.p90"],
        uncertainties={"portfolio.arrivals_per_year": (3.0, 6.0)},
        draws=10,
        years=3,
        progress=False,
    )
    assert so.lhs(6, executor=client.get_executor()) == so.lhs(6)
