"""A Caprara–Fischetti–Toth-style Lagrangian heuristic for set covering.

The method follows A. Caprara, M. Fischetti and P. Toth, "A heuristic method for the set
covering problem", Operations Research 47(5), 1999:

* **Subgradient phase.** Lagrangian relaxation of the covering rows; multipliers ``u``
  are improved by subgradient steps on a *core problem* (a few thousand columns of low
  Lagrangian cost), re-priced against all columns at growing intervals. The Lagrangian
  value of the full problem is a valid lower bound.
* **Heuristic phase.** Along a short subgradient walk from the best multipliers, a
  greedy picks columns by Lagrangian score (reduced cost per newly covered row), and
  redundant columns are removed.
* **Column fixing.** Columns that the Lagrangian solution uses without overlap, and the
  first greedy picks, are fixed; the three phases repeat on the residual problem.
* **Refinement.** The best cover's columns that are cheapest in Lagrangian terms are
  fixed (a growing fraction of the rows) and the three phases run again; when every row
  is fixed without a better cover, refinement restarts from perturbed multipliers.

The search ends when the bound proves the cover optimal, when :data:`RESTARTS`
refinement restarts in a row found nothing better, after ``max_rounds`` refinement rounds
when given (a deterministic work budget: the same seed then gives the same cover), or
when the clock runs out (recorded as ``hit_time_limit``; only then may runs differ).

Additions to the paper's scheme:

* After the first subgradient phase, HiGHS solves the LP relaxation by column generation
  from the core; its duals are optimal multipliers, so the reported bound is the LP bound
  (rounded up for whole costs). One three-phase run starts with the LP's whole columns
  fixed. The search itself keeps the subgradient's multipliers.
* A residual problem is abandoned when its valid Lagrangian bound (over all columns, not
  only the core) shows that it cannot hold a cheaper cover; with whole costs, a cheaper
  cover must be cheaper by one.
* The greedy breaks near-ties at random (seeded), and covers near the best get an
  add-and-drop local search (add one column, drop the dearer columns it makes redundant).

Everything is vectorised with numpy: each subgradient step costs a few ``bincount``
calls over the core's nonzeros, and each greedy step an ``argmin`` over the core.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from sokkel.lab.crew.scp import ScpResult, SetCoverProblem, _ranges, proven_bound

log = logging.getLogger(__name__)

#: Columns per row kept in the core, and core columns per row chosen by reduced cost.
CORE_PER_ROW = 5
#: Columns whose reduced cost is below this join the core (at most ``CORE_PER_ROW * m``).
CORE_THRESHOLD = 0.1
#: Subgradient iterations of the heuristic phase (each followed by a greedy).
HEURISTIC_ITERATIONS = 60
#: Whether column fixing starts with the negative columns that overlap no other one.
NONOVERLAPPING_FIXING = True
#: Each column-fixing step fixes at least one column per this many free rows.
FIX_DIVISOR = 200
#: Starting fraction of the rows fixed by refinement, and its growth per round.
REFINE_START, REFINE_GROWTH = 0.3, 1.1
#: Refinement restarts (from perturbed multipliers) in a row without a better cover.
RESTARTS = 30
#: The subgradient step halves when the bound spreads more than this over 20 steps, and
#: grows by half when it spreads less than the second.
STEP_SHRINK_SPREAD, STEP_GROW_SPREAD = 0.05, 0.01
#: Whether the first subgradient phase is followed by an LP solve (HiGHS) for the LP bound.
LP_BOUND = True
#: Size of the random tie-breaking noise on reduced costs in the heuristic phase, as a
#: fraction of the mean column cost.
GREEDY_JITTER = 0.03
#: Covers within this of the best one get the add-and-drop local search.
LOCAL_SEARCH_SLACK = 2.0
#: Whether to search once with the LP optimum's whole columns fixed.
LP_FIXING = True
#: The subgradient phase takes at most this many steps per free row.
SUBGRADIENT_ROUNDS = 10
#: The subgradient phase ends when EXIT_PERIOD steps raised the bound by less than both
#: EXIT_GAIN and EXIT_GAIN_RELATIVE times the bound.
EXIT_PERIOD, EXIT_GAIN, EXIT_GAIN_RELATIVE = 100, 1.0, 0.001
EPS = 1e-9


class _Clock:
    """The time limit; ``hit`` records whether it ever cut the search short."""

    def __init__(self, time_limit: float) -> None:
        self.start = time.perf_counter()
        self.deadline = self.start + time_limit
        self.hit = False

    def elapsed(self) -> float:
        return time.perf_counter() - self.start

    def out(self) -> bool:
        if time.perf_counter() >= self.deadline:
            self.hit = True
        return self.hit


@dataclass
class _Core:
    """A core problem over the free rows: local rows ``0..m-1``, local columns ``0..n-1``."""

    columns: np.ndarray  # global column of each local column
    row_ids: np.ndarray  # global row of each local row
    costs: np.ndarray
    rows: np.ndarray  # local row of each nonzero
    owner: np.ndarray  # local column of each nonzero
    row_ptr: np.ndarray  # CSR over local rows
    row_cols: np.ndarray
    sizes: np.ndarray  # rows per local column
    col_ptr: np.ndarray  # CSC over local columns (``rows`` is grouped by column)

    @property
    def n_rows(self) -> int:
        return int(self.row_ids.size)

    @property
    def n_cols(self) -> int:
        return int(self.columns.size)

    def reduced_costs(self, u: np.ndarray) -> np.ndarray:
        return self.costs - np.bincount(self.owner, u[self.rows], minlength=self.n_cols)

    def column_rows(self, j: int) -> np.ndarray:
        return self.rows[self.col_ptr[j] : self.col_ptr[j + 1]]


class _Residual:
    """The problem left when some columns are fixed: its free rows and useful columns."""

    def __init__(self, problem: SetCoverProblem, owner: np.ndarray, fixed: np.ndarray) -> None:
        m = problem.n_rows
        covered = problem.coverage(fixed) > 0
        self.free = ~covered
        self.row_ids = np.flatnonzero(self.free)
        local = np.full(m, -1, dtype=np.int64)
        local[self.row_ids] = np.arange(self.row_ids.size)
        self.local_row = local
        nz = np.flatnonzero(self.free[problem.rows])
        self.nz_rows = local[problem.rows[nz]]
        self.nz_cols = owner[nz]
        useful = np.bincount(self.nz_cols, minlength=problem.n_cols) > 0
        useful[fixed] = False
        keep = useful[self.nz_cols]
        self.nz_rows, self.nz_cols = self.nz_rows[keep], self.nz_cols[keep]
        self.useful = useful
        self.col_ptr = np.concatenate(
            ([0], np.cumsum(np.bincount(self.nz_cols, minlength=problem.n_cols)))
        )
        # Row-wise view (CSR over the free rows), for the per-row part of the core.
        order = np.argsort(self.nz_rows, kind="stable")
        self.row_cols = self.nz_cols[order]
        self.row_ptr = np.concatenate(
            ([0], np.cumsum(np.bincount(self.nz_rows, minlength=self.row_ids.size)))
        )
        self.n_cols = problem.n_cols

    @property
    def n_rows(self) -> int:
        return int(self.row_ids.size)

    def reduced_costs(self, problem: SetCoverProblem, u_local: np.ndarray) -> np.ndarray:
        """Reduced costs of all columns against the free rows (unuseful ones: +inf)."""
        red = problem.costs - np.bincount(
            self.nz_cols, u_local[self.nz_rows], minlength=self.n_cols
        )
        red[~self.useful] = np.inf
        return red

    def lagrangian(self, red: np.ndarray, u_local: np.ndarray) -> float:
        return float(u_local.sum() + red[red < 0].sum())

    def core(self, problem: SetCoverProblem, red: np.ndarray) -> _Core:
        m = self.n_rows
        below = np.flatnonzero(red < CORE_THRESHOLD)
        if below.size > CORE_PER_ROW * m:
            part = np.argpartition(red[below], CORE_PER_ROW * m)[: CORE_PER_ROW * m]
            below = below[part]
        # Rows that the cheapest columns cover fewer than CORE_PER_ROW times get their
        # CORE_PER_ROW cheapest columns too.
        in_core = np.zeros(self.n_cols + 1, dtype=bool)
        in_core[below] = True
        spans = _ranges(self.col_ptr[below], self.col_ptr[below + 1])
        counts = np.bincount(self.nz_rows[spans], minlength=self.n_rows)
        short = np.flatnonzero(counts < CORE_PER_ROW)
        if short.size:
            starts, ends = self.row_ptr[short], self.row_ptr[short + 1]
            candidates = self.row_cols[_ranges(starts, ends)]
            owner_row = np.repeat(np.arange(short.size), ends - starts)
            by_cost = np.lexsort((red[candidates], owner_row))
            rank = np.arange(by_cost.size) - np.repeat(
                np.cumsum(ends - starts) - (ends - starts), ends - starts
            )
            in_core[candidates[by_cost[rank < CORE_PER_ROW]]] = True
        columns = np.flatnonzero(in_core[: self.n_cols])
        return self.build_core(problem, columns)

    def build_core(self, problem: SetCoverProblem, columns: np.ndarray) -> _Core:
        starts, ends = problem.indptr[columns], problem.indptr[columns + 1]
        nz = _ranges(starts, ends)
        owner = np.repeat(np.arange(columns.size), ends - starts)
        rows = self.local_row[problem.rows[nz]]
        keep = rows >= 0
        rows, owner = rows[keep], owner[keep]
        order = np.argsort(rows, kind="stable")
        counts = np.bincount(rows, minlength=self.n_rows)
        counts_per_col = np.bincount(owner, minlength=columns.size)
        return _Core(
            columns=columns,
            row_ids=self.row_ids,
            costs=problem.costs[columns],
            rows=rows,
            owner=owner,
            row_ptr=np.concatenate(([0], np.cumsum(counts))),
            row_cols=owner[order],
            sizes=counts_per_col,
            col_ptr=np.concatenate(([0], np.cumsum(counts_per_col))),
        )


def _greedy(
    core: _Core,
    u: np.ndarray,
    chosen: list[int] | None = None,
    stop_after: int | None = None,
    jitter: np.ndarray | None = None,
) -> list[int]:
    """Lagrangian-score greedy on ``core`` continuing from ``chosen``; local indices.

    The score of column ``j`` is ``g / mu`` if its reduced cost ``g`` over the uncovered
    rows is positive, else ``g * mu``, with ``mu`` the number of uncovered rows it covers.
    With ``stop_after``, stop once that many columns are chosen in all. A small
    ``jitter`` added to the reduced costs breaks ties differently from run to run.
    """
    chosen = [] if chosen is None else list(chosen)
    mu = core.sizes.astype(np.float64)
    gamma = core.reduced_costs(u)
    if jitter is not None:
        gamma += jitter
    score = np.where(gamma > 0, gamma / mu, gamma * mu)
    uncovered = np.ones(core.n_rows, dtype=bool)
    row_ptr, row_cols = core.row_ptr, core.row_cols
    n_left = core.n_rows

    def take(j: int) -> None:
        nonlocal n_left
        rows = core.column_rows(j)
        rows = rows[uncovered[rows]]
        if rows.size == 0:
            return
        uncovered[rows] = False
        n_left -= rows.size
        starts, ends = row_ptr[rows], row_ptr[rows + 1]
        affected = row_cols[_ranges(starts, ends)]
        np.subtract.at(mu, affected, 1.0)
        np.add.at(gamma, affected, np.repeat(u[rows], ends - starts))
        g, k = gamma[affected], mu[affected]
        score[affected] = np.where(k <= 0, np.inf, np.where(g > 0, g / np.maximum(k, 1), g * k))

    for j in chosen:
        take(j)
    while n_left > 0 and (stop_after is None or len(chosen) < stop_after):
        j = int(np.argmin(score))
        chosen.append(j)
        take(j)
    return chosen


class _Search:
    """State of one Lagrangian-heuristic run: best cover, best bound, clock."""

    def __init__(
        self,
        problem: SetCoverProblem,
        time_limit: float,
        seed: int,
        progress: Callable[[str], None] | None,
        max_rounds: int | None = None,
    ) -> None:
        self.problem = problem
        self.max_rounds = max_rounds
        self.rounds = 0
        self.owner = problem.owner
        self.rng = np.random.default_rng(seed)
        self.clock = _Clock(time_limit)
        self.progress = progress
        self.best_cost = math.inf
        self.best = np.zeros(0, dtype=np.int64)
        self.best_time = 0.0
        self.bound = 0.0
        self.lp_ones = np.zeros(0, dtype=np.int64)
        self.jitter = GREEDY_JITTER * float(problem.costs.mean()) if problem.n_cols else 0.0
        self.row_ptr, self.row_cols = problem.by_row
        self.step = 1.0 if problem.integer_costs else 0.0

    # -- bookkeeping

    def _say(self, message: str) -> None:
        log.debug(message)
        if self.progress is not None:
            self.progress(message)

    def proven(self) -> float:
        return proven_bound(self.problem, self.bound)

    def done(self) -> bool:
        """Whether to stop: the cover is proven optimal, or time is up and a cover exists."""
        if not math.isfinite(self.best_cost):
            return False
        return self.best_cost <= self.proven() + EPS or self.clock.out()

    def raise_bound(self, value: float) -> None:
        if value > self.bound + 1e-7:
            before = self.proven()
            self.bound = value
            if self.proven() > before:
                self._say(
                    f"bound {self.proven():g} (Lagrangian {value:.3f}) "
                    f"at {self.clock.elapsed():.2f} s"
                )

    def offer(self, columns: np.ndarray) -> None:
        """Keep ``columns`` (a cover) as the best if, without redundant columns, it is."""
        columns = np.unique(columns)
        costs = self.problem.costs
        # Shortcut: a cover dearer than the best by more than two of its columns rarely
        # sheds enough redundant columns to win, and checking costs time.
        if costs[columns].sum() - self.best_cost > 2 * costs[columns].max(initial=0):
            return
        columns = self._drop_redundant(columns)
        cost = float(costs[columns].sum())
        if cost <= self.best_cost + LOCAL_SEARCH_SLACK:
            columns = self._add_and_drop(columns)
            cost = float(costs[columns].sum())
        if cost < self.best_cost - EPS:
            self.best_cost, self.best = cost, columns
            self.best_time = self.clock.elapsed()
            self._say(f"cost {cost:g} (bound {self.proven():g}) at {self.best_time:.2f} s")

    def _add_and_drop(self, columns: np.ndarray) -> np.ndarray:
        """Local search: add a column that makes dearer columns redundant, drop them.

        Column ``j`` of the cover becomes redundant when an added column ``k`` covers every
        row that only ``j`` covers; ``k`` is worth trying when the columns it frees cost
        more than ``k``. Repeats while a move lowers the cost.
        """
        problem = self.problem
        costs, n = problem.costs, problem.n_cols
        while True:
            cover = problem.coverage(columns)
            starts, ends = problem.indptr[columns], problem.indptr[columns + 1]
            rows = problem.rows[_ranges(starts, ends)]
            position = np.repeat(np.arange(columns.size), ends - starts)
            unique = cover[rows] == 1
            rows, position = rows[unique], position[unique]
            alone = np.bincount(position, minlength=columns.size)
            degree = self.row_ptr[rows + 1] - self.row_ptr[rows]
            others = self.row_cols[_ranges(self.row_ptr[rows], self.row_ptr[rows + 1])]
            keys, counts = np.unique(np.repeat(position, degree) * n + others, return_counts=True)
            j, k = np.divmod(keys, n)
            frees = counts == alone[j]
            gain = np.bincount(k[frees], costs[columns][j[frees]], minlength=n) - costs
            gain[columns] = -np.inf
            candidates = np.flatnonzero(gain > EPS)
            current = float(costs[columns].sum())
            for k_add in candidates[np.argsort(-gain[candidates], kind="stable")][:10]:
                trial = self._drop_redundant(np.append(columns, k_add), prefer=k_add)
                if costs[trial].sum() < current - EPS:
                    columns = np.sort(trial)
                    break
            else:
                return columns

    def _drop_redundant(self, columns: np.ndarray, prefer: int | None = None) -> np.ndarray:
        problem = self.problem
        if columns.size == 0:
            return columns
        cover = problem.coverage(columns)
        starts, ends = problem.indptr[columns], problem.indptr[columns + 1]
        least = np.minimum.reduceat(
            cover[problem.rows[_ranges(starts, ends)]],
            np.concatenate(([0], np.cumsum(ends - starts)[:-1])),
        )
        candidates = columns[least >= 2]
        if candidates.size == 0:
            return columns
        keep = np.ones(problem.n_cols, dtype=bool)
        order = np.argsort(-problem.costs[candidates], kind="stable")
        if prefer is not None:  # try the other columns first, so ``prefer`` stays
            order = np.concatenate(
                (order[candidates[order] != prefer], order[candidates[order] == prefer])
            )
        for j in candidates[order]:
            rows = problem.column(j)
            if cover[rows].min() >= 2:
                cover[rows] -= 1
                keep[j] = False
        return columns[keep[columns]]

    # -- the three phases

    def subgradient(
        self, residual: _Residual, u: np.ndarray, cutoff: float, bound_is_global: bool
    ) -> tuple[np.ndarray, float, _Core]:
        """Improve the multipliers ``u`` of ``residual``.

        Returns the best multipliers, their Lagrangian value over all columns (a valid
        bound of the residual problem) and the core priced with them.
        """
        problem = self.problem
        m = residual.n_rows
        red_full = residual.reduced_costs(problem, u)
        if bound_is_global:
            self.raise_bound(residual.lagrangian(red_full, u))
        core = residual.core(problem, red_full)
        first = _greedy(core, u)
        upper = float(core.costs[first].sum())
        self.offer(np.concatenate((self.fixed, core.columns[first])))
        upper = min(upper, cutoff)
        step, window_low, window_high = 0.1, math.inf, -math.inf
        period, next_price = 10, 10
        longest_period = max(10, min(1000, m // 3))
        best_u, best_lb, checked_lb = u.copy(), -math.inf, -math.inf
        direction = np.zeros(m)
        for it in range(1, SUBGRADIENT_ROUNDS * m + 1):
            red = core.reduced_costs(u)
            negative = red < 0
            lagrangian = float(u.sum() + red[negative].sum())
            violation = 1.0 - np.bincount(core.rows[negative[core.owner]], minlength=m)
            if lagrangian > best_lb:
                best_lb, best_u = lagrangian, u.copy()
            if best_lb >= cutoff - EPS or not violation.any() or self.clock.out():
                break
            if it % EXIT_PERIOD == 0:
                gain = best_lb - checked_lb
                if gain < EXIT_GAIN and gain < EXIT_GAIN_RELATIVE * abs(best_lb):
                    break
                checked_lb = best_lb
            window_low, window_high = min(window_low, lagrangian), max(window_high, lagrangian)
            if it % 20 == 0:
                spread = (window_high - window_low) / max(abs(window_high), EPS)
                if spread > STEP_SHRINK_SPREAD:
                    step /= 2
                elif spread <= STEP_GROW_SPREAD:
                    step *= 1.5
                window_low, window_high = math.inf, -math.inf
            if it == next_price:
                red_full = residual.reduced_costs(problem, u)
                full = residual.lagrangian(red_full, u)
                if bound_is_global:
                    self.raise_bound(full)
                delta = (lagrangian - full) / max(abs(upper), EPS)
                if delta <= 1e-6:
                    period = min(longest_period, 10 * period)
                elif delta <= 0.02:
                    period = min(longest_period, 5 * period)
                elif delta <= 0.2:
                    period = min(longest_period, 2 * period)
                else:
                    period = 10
                next_price += period
                core = residual.core(problem, red_full)
                continue
            # Deflected direction (Camerini, Fratta and Maffioli) against zig-zagging.
            previous = float(direction @ direction)
            theta = max(0.0, -1.5 * float(violation @ direction) / previous) if previous else 0.0
            direction = violation + theta * direction
            move = np.where((u <= 0) & (direction < 0), 0.0, direction)
            norm = float(move @ move)
            if norm == 0:
                break
            upper = min(upper, self.best_cost - self.fixed_cost)
            gap = max(upper - lagrangian, 0.001 * max(abs(upper), 1.0))
            u = np.maximum(0.0, u + (step * gap / norm) * move)
        log.debug("subgradient: %d rows, %d iterations, core bound %.3f", m, it, best_lb)
        red_full = residual.reduced_costs(problem, best_u)
        full = residual.lagrangian(red_full, best_u)
        if bound_is_global:
            self.raise_bound(full)
        core = residual.core(problem, red_full)
        return best_u, full, core

    def lp_bound(self, residual: _Residual, core: _Core) -> None:
        """Raise the bound to the LP bound: HiGHS's LP duals, by column generation.

        HiGHS solves the LP relaxation over the core's columns; columns of negative reduced
        cost join until none is left, so the duals are optimal Lagrangian multipliers and
        their Lagrangian value (a valid bound at every round) reaches the LP bound. The
        search itself keeps the subgradient's multipliers: extreme-point duals make the
        Lagrangian greedy worse.
        """
        import highspy

        from sokkel.lab.crew.scp_highs import quiet_highs

        problem = self.problem
        m = residual.n_rows
        h = quiet_highs()
        lp = highspy.HighsLp()
        lp.num_row_ = m
        lp.row_lower_ = np.ones(m)
        lp.row_upper_ = np.full(m, highspy.kHighsInf)
        h.passModel(lp)
        in_lp = np.zeros(problem.n_cols, dtype=bool)
        order: list[np.ndarray] = []
        columns = core.columns
        while not self.clock.out():
            starts, ends = residual.col_ptr[columns], residual.col_ptr[columns + 1]
            rows = residual.nz_rows[_ranges(starts, ends)]
            offsets = np.concatenate(([0], np.cumsum(ends - starts)[:-1]))
            h.addCols(
                columns.size,
                problem.costs[columns],
                np.zeros(columns.size),
                np.full(columns.size, highspy.kHighsInf),
                rows.size,
                offsets.astype(np.int32),
                rows.astype(np.int32),
                np.ones(rows.size),
            )
            in_lp[columns] = True
            order.append(columns)
            h.setOptionValue("time_limit", max(self.clock.deadline - time.perf_counter(), 0.01))
            h.run()
            status = h.getModelStatus()
            if status == highspy.HighsModelStatus.kTimeLimit:
                self.clock.hit = True
            if status != highspy.HighsModelStatus.kOptimal:
                break
            solution = h.getSolution()
            values = np.asarray(solution.col_value)
            self.lp_ones = np.concatenate(order)[values > 1 - 1e-6]
            duals = np.maximum(np.asarray(solution.row_dual), 0.0)
            red = residual.reduced_costs(problem, duals)
            value = residual.lagrangian(red, duals)
            self.raise_bound(value)
            red[in_lp] = np.inf
            entering = np.flatnonzero(red < -1e-9)
            log.debug("LP: %d columns, value %.4f, %d to enter", in_lp.sum(), value, entering.size)
            if entering.size == 0:
                break
            if entering.size > 2 * m:
                entering = entering[np.argpartition(red[entering], 2 * m)[: 2 * m]]
            columns = entering

    def heuristic(self, core: _Core, u: np.ndarray) -> None:
        """Greedy covers along a short subgradient walk from ``u``."""
        m = core.n_rows
        for _ in range(HEURISTIC_ITERATIONS):
            if self.clock.out():
                break
            red = core.reduced_costs(u)
            negative = red < 0
            lagrangian = float(u.sum() + red[negative].sum())
            upper = self.best_cost - self.fixed_cost
            if lagrangian >= upper - EPS:
                break
            jitter = self.rng.uniform(0.0, self.jitter, size=core.n_cols) if self.jitter else None
            chosen = _greedy(core, u, jitter=jitter)
            self.offer(np.concatenate((self.fixed, core.columns[chosen])))
            violation = 1 - np.bincount(core.rows[negative[core.owner]], minlength=m)
            violation[(u <= 0) & (violation < 0)] = 0
            norm = float(violation @ violation)
            if norm == 0:
                break
            gap = max(upper - lagrangian, 0.001)
            u = np.maximum(0.0, u + (0.1 * gap / norm) * violation)

    def fix_columns(self, core: _Core, u: np.ndarray) -> np.ndarray:
        """Columns to fix: non-overlapping negative ones, then the first greedy picks."""
        red = core.reduced_costs(u)
        negative = np.flatnonzero(red < -0.001)
        count = np.zeros(core.n_rows, dtype=np.int64)
        nonoverlapping: list[int] = []
        if negative.size and NONOVERLAPPING_FIXING:
            starts, ends = core.col_ptr[negative], core.col_ptr[negative + 1]
            rows = core.rows[_ranges(starts, ends)]
            count = np.bincount(rows, minlength=core.n_rows)
            offsets = np.concatenate(([0], np.cumsum(ends - starts)[:-1]))
            most = np.maximum.reduceat(count[rows], offsets)
            nonoverlapping = [int(j) for j in negative[most == 1]]
        extra = max(1, core.n_rows // FIX_DIVISOR)
        chosen = _greedy(core, u, nonoverlapping, stop_after=len(nonoverlapping) + extra)
        return core.columns[chosen]

    def three_phase(self, fixed: np.ndarray, u_start: np.ndarray | None) -> np.ndarray | None:
        """Run the three phases from ``fixed``; return the first multipliers (global rows)."""
        problem = self.problem
        first_u: np.ndarray | None = None
        u_global = u_start
        global_bound = fixed.size == 0
        while not self.done():
            self.fixed = fixed
            self.fixed_cost = float(problem.costs[fixed].sum())
            residual = _Residual(problem, self.owner, fixed)
            if residual.n_rows == 0:
                self.offer(fixed)
                break
            if u_global is None:
                sizes = np.bincount(residual.nz_cols, minlength=problem.n_cols)
                ratio = problem.costs[residual.nz_cols] / sizes[residual.nz_cols]
                u = np.full(residual.n_rows, np.inf)
                np.minimum.at(u, residual.nz_rows, ratio)
            else:
                u = u_global[residual.row_ids].copy()
            cutoff = self.best_cost - self.fixed_cost
            u, lb, core = self.subgradient(residual, u, cutoff, global_bound)
            if global_bound and LP_BOUND:
                self.lp_bound(residual, core)
            log.debug(
                "three-phase: %d fixed (cost %g), %d free rows, bound %.2f, best %g",
                fixed.size,
                self.fixed_cost,
                residual.n_rows,
                lb + self.fixed_cost,
                self.best_cost,
            )
            global_bound = False
            if first_u is None:
                first_u = np.zeros(problem.n_rows)
                first_u[residual.row_ids] = u
            # ``lb`` is a valid bound of the residual problem: with whole costs, no better
            # cover lies here once it exceeds the best cost minus one.
            if lb > cutoff - self.step + 1e-6 or self.done():
                break
            self.heuristic(core, u)
            if lb > self.best_cost - self.fixed_cost - self.step + 1e-6 or self.done():
                break
            fixed = np.concatenate((fixed, self.fix_columns(core, u)))
            u_global = np.zeros(problem.n_rows)
            u_global[residual.row_ids] = u * self.rng.uniform(0.9, 1.1, size=u.size)
        return first_u

    def refine_fixing(self, u: np.ndarray, fraction: float) -> np.ndarray:
        """The best cover's columns cheapest in Lagrangian terms, covering ``fraction`` rows."""
        problem = self.problem
        best = self.best
        cover = problem.coverage(best).astype(np.float64)
        starts, ends = problem.indptr[best], problem.indptr[best + 1]
        rows = problem.rows[_ranges(starts, ends)]
        owner = np.repeat(np.arange(best.size), ends - starts)
        share = np.bincount(owner, u[rows] * (cover[rows] - 1) / cover[rows], minlength=best.size)
        reduced = problem.costs[best] - np.bincount(owner, u[rows], minlength=best.size)
        delta = share + np.maximum(reduced, 0.0)
        covered = np.zeros(problem.n_rows, dtype=bool)
        limit = fraction * problem.n_rows
        fixed: list[int] = []
        for k in np.argsort(delta, kind="stable"):
            column_rows = problem.column(int(best[k]))
            newly = int(np.count_nonzero(~covered[column_rows]))
            if covered.sum() + newly > limit:
                break
            covered[column_rows] = True
            fixed.append(int(best[k]))
        return np.asarray(fixed, dtype=np.int64)

    def run(self, initial: np.ndarray | None) -> None:
        if initial is not None:
            self.fixed, self.fixed_cost = np.zeros(0, dtype=np.int64), 0.0
            self.offer(initial)
        u_star = self.three_phase(np.zeros(0, dtype=np.int64), None)
        if u_star is None:
            return
        if LP_FIXING and self.lp_ones.size:
            # The columns at 1 in the LP optimum: rail LPs are nearly integral.
            self.three_phase(self.lp_ones, u_star)
        fraction, last_cost = REFINE_START / REFINE_GROWTH, math.inf
        restarts_left = RESTARTS
        tried: set[bytes] = set()
        # The budget is checked before the clock, so that a run which used up its budget
        # is not reported as cut by the clock.
        while (self.max_rounds is None or self.rounds < self.max_rounds) and not self.done():
            fraction *= REFINE_GROWTH
            if self.best_cost < last_cost:
                fraction, restarts_left = REFINE_START, RESTARTS
                tried.clear()
            last_cost = self.best_cost
            if fraction >= 1.0:
                # Every row was fixed without a better cover: start over from perturbed
                # multipliers, a limited number of times in a row.
                if restarts_left == 0:
                    break
                restarts_left -= 1
                fraction = REFINE_START
                u_star = u_star * self.rng.uniform(0.9, 1.1, size=u_star.size)
            fixed = self.refine_fixing(u_star, fraction)
            key = np.sort(fixed).tobytes()
            if key not in tried:  # the same fixing again would repeat the same search
                tried.add(key)
                self.rounds += 1
                self.three_phase(fixed, u_star)


def local_search(problem: SetCoverProblem, cover: np.ndarray) -> np.ndarray:
    """``cover`` without redundant columns, then improved by add-and-drop moves."""
    search = _Search(problem, math.inf, 0, None)
    search.offer(cover)
    return search.best


def solve_lagrangian(
    problem: SetCoverProblem,
    *,
    time_limit: float,
    seed: int = 0,
    initial: np.ndarray | None = None,
    progress: Callable[[str], None] | None = None,
    max_rounds: int | None = None,
) -> ScpResult:
    """Run the Lagrangian heuristic on ``problem`` (see the module docstring).

    Parameters
    ----------
    problem : SetCoverProblem
        A problem in which every row is coverable.
    time_limit : float
        Seconds to search; the search also ends when the bound proves the cover optimal
        or refinement has fixed every row without improving. With ``max_rounds`` the
        time limit is only a safety cap.
    seed : int
        Seed of the multiplier perturbations and the greedy's tie-breaking.
    initial : numpy.ndarray, optional
        Column indices of a cover to start from.
    progress : callable, optional
        Called with a message at each better cover or bound.
    max_rounds : int, optional
        Refinement rounds (three-phase runs after the first two) at most; the search is
        then deterministic for a seed unless the clock cuts it first.

    Returns
    -------
    ScpResult
    """
    search = _Search(problem, time_limit, seed, progress, max_rounds)
    search.run(initial)
    bound = min(search.proven(), search.best_cost)
    return ScpResult(
        cost=search.best_cost,
        selected=[int(j) for j in search.best],
        lower_bound=bound,
        time_to_best_s=search.best_time,
        elapsed_s=search.clock.elapsed(),
        is_optimal=search.best_cost <= bound + EPS,
        method="lagrangian",
        rounds=search.rounds,
        hit_time_limit=search.clock.hit,
    )
