"""Run experiments locally (all cores, Rust threads) or on any ``concurrent.futures.Executor``.

Chunks of experiments are shipped with the pickled model (Scenarios, Offices and Portfolios
pickle as their JSON text, losslessly). Every experiment's result depends only on the model,
its inputs and the study seed, so the results are identical however the rows are chunked and
wherever they run. A chunk that raises on a worker marks its rows as failed (with the error)
without losing the other chunks.
"""

from __future__ import annotations

import concurrent.futures as cf
from typing import Any

import numpy as np

from peaceplan import _core
from peaceplan._wrap import core_of

__all__ = ["run_chunk", "run_experiments"]


def run_chunk(payload: dict[str, Any], x: np.ndarray) -> tuple[np.ndarray, list[tuple[int, str]]]:
    """Run one chunk of experiments (the function shipped to workers)."""
    return _core._explore_run(  # type: ignore[no-any-return]
        core_of(payload["model"]),
        payload["params"],
        payload["outcomes"],
        np.ascontiguousarray(x, dtype=float),
        draws=payload["draws"],
        seed=payload["seed"],
        engine=payload["engine"],
        years=payload["years"],
        threshold_months=payload["threshold_months"],
    )


def run_experiments(
    payload: dict[str, Any],
    x: np.ndarray,
    executor: cf.Executor | None = None,
    chunk_size: int | None = None,
    progress: bool = False,
    desc: str = "experiments",
) -> tuple[np.ndarray, list[tuple[int, str]]]:
    """All rows of ``x``: ``(Y, errors)`` with NaN rows and ``(row, message)`` for failures."""
    rows = len(x)
    m = len(payload["outcomes"])
    if chunk_size is None:
        chunk_size = max(16, -(-rows // (8 if executor is not None else 20)))
    starts = list(range(0, rows, chunk_size))
    y = np.full((rows, m), np.nan)
    errors: list[tuple[int, str]] = []
    bar = None
    if progress:
        from tqdm.auto import tqdm

        bar = tqdm(total=rows, desc=desc, unit="exp", leave=False)

    def take(start: int, out: tuple[np.ndarray, list[tuple[int, str]]]) -> None:
        yy, errs = out
        y[start : start + len(yy)] = yy
        errors.extend((start + r, msg) for r, msg in errs)

    try:
        if executor is None:
            for s in starts:
                take(s, run_chunk(payload, x[s : s + chunk_size]))
                if bar is not None:
                    bar.update(min(chunk_size, rows - s))
        else:
            futures = {
                executor.submit(run_chunk, payload, x[s : s + chunk_size]): s for s in starts
            }
            for fut in cf.as_completed(futures):
                s = futures[fut]
                n = min(chunk_size, rows - s)
                try:
                    take(s, fut.result())
                except Exception as exc:  # a lost worker or chunk: report its rows
                    errors.extend((s + r, f"chunk failed: {exc!r}") for r in range(n))
                if bar is not None:
                    bar.update(n)
    finally:
        if bar is not None:
            bar.close()
    errors.sort()
    return y, errors
