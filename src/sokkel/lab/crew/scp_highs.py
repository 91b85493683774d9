"""Set covering by HiGHS's MIP solver: the whole problem (``method="highs"`` of
:func:`~.scp.solve`), or neighbourhoods of a cover (:func:`improve_cover`)."""

from __future__ import annotations

import logging
import math
import os
import sys
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

import highspy
import numpy as np

from sokkel.lab.crew.scp import ScpError, ScpResult, SetCoverProblem, _ranges, proven_bound

log = logging.getLogger(__name__)


def quiet_highs() -> highspy.Highs:
    """A silent HiGHS instance: the first one in a process prints a banner on stdout."""
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "w") as devnull:
            os.dup2(devnull.fileno(), 1)
            h = highspy.Highs()
    finally:
        os.dup2(saved, 1)
        os.close(saved)
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", 1)
    return h


def covering_model(
    n_rows: int, costs: np.ndarray, indptr: np.ndarray, rows: np.ndarray, integer: bool = True
) -> highspy.HighsLp:
    """The set-covering MIP over binary columns, given in compressed sparse column form.

    With ``integer=False``, its LP relaxation with ``x >= 0`` only: no optimum takes a
    column (of positive cost) above 1, and without upper bounds the row duals alone are
    dual feasible (no column prices out below zero), which pricing and bounds rely on.
    """
    n = costs.size
    lp = highspy.HighsLp()
    lp.num_col_ = n
    lp.num_row_ = n_rows
    lp.col_cost_ = costs
    lp.col_lower_ = np.zeros(n)
    lp.col_upper_ = np.ones(n) if integer else np.full(n, highspy.kHighsInf)
    lp.row_lower_ = np.ones(n_rows)
    lp.row_upper_ = np.full(n_rows, highspy.kHighsInf)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = indptr.astype(np.int32)
    lp.a_matrix_.index_ = rows.astype(np.int32)
    lp.a_matrix_.value_ = np.ones(rows.size)
    if integer:
        lp.integrality_ = [highspy.HighsVarType.kInteger] * n
    return lp


def solve_highs(
    problem: SetCoverProblem,
    *,
    time_limit: float,
    initial: np.ndarray | None = None,
    progress: Callable[[str], None] | None = None,
) -> ScpResult:
    """Solve ``problem`` with HiGHS MIP within ``time_limit`` seconds.

    Parameters
    ----------
    problem : SetCoverProblem
        A problem in which every row is coverable.
    time_limit : float
        HiGHS's time limit in seconds.
    initial : numpy.ndarray, optional
        Column indices of a cover, passed to HiGHS as a MIP start.
    progress : callable, optional
        Called with a message at each improving solution HiGHS finds.

    Returns
    -------
    ScpResult
    """
    began = time.perf_counter()
    n = problem.n_cols
    h = quiet_highs()
    h.setOptionValue("time_limit", float(max(time_limit, 0.01)))
    h.passModel(covering_model(problem.n_rows, problem.costs, problem.indptr, problem.rows))
    found_at = [0.0]

    def improving(event: highspy.cb.HighsCallbackEvent) -> None:
        found_at[0] = time.perf_counter() - began
        out = event.data_out
        message = (
            f"HiGHS: cost {out.objective_function_value:g}, bound {out.mip_dual_bound:.2f} "
            f"at {found_at[0]:.1f} s"
        )
        log.debug(message)
        if progress is not None:
            progress(message)

    h.cbMipImprovingSolution.subscribe(improving)
    if initial is not None:
        start = highspy.HighsSolution()
        values = np.zeros(n)
        values[initial] = 1.0
        start.col_value = values
        h.setSolution(start)
    h.run()
    values = np.asarray(h.getSolution().col_value)
    selected = np.flatnonzero(values > 0.5) if values.size == n else np.zeros(0, np.int64)
    if not problem.is_cover(selected):
        raise ScpError(f"HiGHS found no cover within {time_limit:g} s")
    cost = problem.cost_of(selected)
    info = h.getInfo()
    bound = info.mip_dual_bound
    bound = proven_bound(problem, bound) if math.isfinite(bound) else 0.0
    bound = min(bound, cost)
    return ScpResult(
        cost=cost,
        selected=[int(j) for j in selected],
        lower_bound=bound,
        time_to_best_s=found_at[0],
        elapsed_s=time.perf_counter() - began,
        is_optimal=bound >= cost - 1e-9,
        method="highs",
        hit_time_limit=h.getModelStatus() == highspy.HighsModelStatus.kTimeLimit,
    )


#: A neighbourhood frees the cover's columns around a random one until they cover at
#: least this many rows (or this share of all rows, whichever is less) ...
NEIGHBOURHOOD_ROWS, NEIGHBOURHOOD_SHARE = 400, 0.3
#: ... and HiGHS searches it for at most this many branch-and-bound nodes.
NEIGHBOURHOOD_NODES = 1


@dataclass
class Improvement:
    """What :func:`improve_cover` achieved."""

    selected: np.ndarray
    cost: float
    steps: int
    improved_at: float | None  # perf_counter time of the last improvement
    hit_time_limit: bool


class _Neighbourhoods:
    """Row-wise and column-wise views of a problem, to grow neighbourhoods of a cover."""

    def __init__(self, problem: SetCoverProblem) -> None:
        self.problem = problem
        self.owner = problem.owner
        self.row_ptr, self.row_cols = problem.by_row

    def columns_of(self, rows: np.ndarray) -> np.ndarray:
        """The columns covering any of ``rows``."""
        return np.unique(self.row_cols[_ranges(self.row_ptr[rows], self.row_ptr[rows + 1])])

    def rows_of(self, columns: np.ndarray) -> np.ndarray:
        """The rows any of ``columns`` covers."""
        indptr = self.problem.indptr
        return np.unique(self.problem.rows[_ranges(indptr[columns], indptr[columns + 1])])

    def grow(self, cover: np.ndarray, rng: np.random.Generator, size: int) -> np.ndarray:
        """Columns of ``cover`` around a random one, covering at least ``size`` rows.

        Breadth first from a random column of the cover: the next columns are those of
        the cover that some column of the problem links to it (covers rows of both), in
        random order. Returns a mask over ``cover``.
        """
        problem = self.problem
        position = np.full(problem.n_cols, -1, dtype=np.int64)
        position[cover] = np.arange(cover.size)
        freed = np.zeros(cover.size, dtype=bool)
        covered = np.zeros(problem.n_rows, dtype=bool)
        queue = deque([int(rng.integers(cover.size))])
        while queue and np.count_nonzero(covered) < size:
            k = queue.popleft()
            if freed[k]:
                continue
            freed[k] = True
            rows = problem.column(int(cover[k]))
            covered[rows] = True
            linked = position[self.columns_of(self.rows_of(self.columns_of(rows)))]
            linked = linked[linked >= 0]
            queue.extend(int(j) for j in rng.permutation(linked[~freed[linked]]))
        return freed

    def solve(
        self, fixed: np.ndarray, start: np.ndarray, time_limit: float
    ) -> tuple[np.ndarray, bool]:
        """The best cover of the rows ``fixed`` leaves open, by HiGHS MIP from ``start``.

        Returns the columns and whether the clock stopped HiGHS.
        """
        problem = self.problem
        open_rows = problem.coverage(fixed) == 0
        if not open_rows.any():  # the freed columns were redundant
            return np.zeros(0, dtype=np.int64), False
        nz = np.flatnonzero(open_rows[problem.rows])
        columns = np.unique(self.owner[nz])
        local = np.cumsum(open_rows) - 1
        position = np.full(problem.n_cols, -1, dtype=np.int64)
        position[columns] = np.arange(columns.size)
        counts = np.bincount(position[self.owner[nz]], minlength=columns.size)
        n = columns.size
        h = quiet_highs()
        h.setOptionValue("mip_max_nodes", NEIGHBOURHOOD_NODES)
        h.setOptionValue("time_limit", max(time_limit, 0.01))
        h.passModel(
            covering_model(
                int(open_rows.sum()),
                problem.costs[columns],
                np.concatenate(([0], np.cumsum(counts))),
                local[problem.rows[nz]],
            )
        )
        values = np.zeros(n)
        values[position[start]] = 1.0
        warm = highspy.HighsSolution()
        warm.col_value = values
        h.setSolution(warm)
        h.run()
        x = np.asarray(h.getSolution().col_value)
        chosen = columns[x > 0.5] if x.size == n else start
        return chosen, h.getModelStatus() == highspy.HighsModelStatus.kTimeLimit


def improve_cover(
    problem: SetCoverProblem,
    cover: np.ndarray,
    *,
    steps: int,
    seed: int,
    deadline: float,
    progress: Callable[[float], None] | None = None,
) -> Improvement:
    """Improve ``cover`` by re-solving neighbourhoods of it exactly with HiGHS MIP.

    Each step frees the cover's columns around a random one (see
    :meth:`_Neighbourhoods.grow`), keeps the others fixed and lets HiGHS find the
    cheapest columns of the whole problem for the rows left open, starting from the freed
    columns and stopping after :data:`NEIGHBOURHOOD_NODES` nodes; a cheaper result
    replaces them. ``steps`` is a deterministic budget: the same seed gives the same
    cover unless ``deadline`` (a ``time.perf_counter`` value) cuts the search first.
    ``progress`` is called with each better cost.
    """
    rng = np.random.default_rng(seed)
    hoods = _Neighbourhoods(problem)
    size = min(NEIGHBOURHOOD_ROWS, math.ceil(NEIGHBOURHOOD_SHARE * problem.n_rows))
    best = np.unique(cover)
    best_cost = problem.cost_of(best)
    improved_at = None
    step = 0
    hit = False
    while step < steps and best.size:
        if time.perf_counter() >= deadline:
            hit = True
            break
        step += 1
        freed = hoods.grow(best, rng, size)
        chosen, hit = hoods.solve(best[~freed], best[freed], deadline - time.perf_counter())
        candidate = np.union1d(best[~freed], chosen)
        cost = problem.cost_of(candidate)
        if cost < best_cost - 1e-9 and problem.is_cover(candidate):
            best, best_cost, improved_at = candidate, cost, time.perf_counter()
            if progress is not None:
                progress(best_cost)
        if hit:
            break
    return Improvement(best, best_cost, step, improved_at, hit)
