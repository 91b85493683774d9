"""Set covering by HiGHS's MIP solver (``method="highs"`` of :func:`~.scp.solve`)."""

from __future__ import annotations

import logging
import math
import os
import sys
import time
from collections.abc import Callable

import highspy
import numpy as np

from sokkel.lab.crew.scp import ScpError, ScpResult, SetCoverProblem, proven_bound

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
    lp = highspy.HighsLp()
    lp.num_col_ = n
    lp.num_row_ = problem.n_rows
    lp.col_cost_ = problem.costs
    lp.col_lower_ = np.zeros(n)
    lp.col_upper_ = np.ones(n)
    lp.row_lower_ = np.ones(problem.n_rows)
    lp.row_upper_ = np.full(problem.n_rows, highspy.kHighsInf)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = problem.indptr.astype(np.int32)
    lp.a_matrix_.index_ = problem.rows
    lp.a_matrix_.value_ = np.ones(problem.rows.size)
    lp.integrality_ = [highspy.HighsVarType.kInteger] * n

    h = quiet_highs()
    h.setOptionValue("time_limit", float(max(time_limit, 0.01)))
    h.passModel(lp)
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
