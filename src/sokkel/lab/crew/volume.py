"""The volume algorithm for covering LPs: near-optimal duals in a fraction of an LP solve.

Column generation needs the duals of the restricted master LP every round, not its exact
optimum. On the NSB day the master (3,870 legs, 10,000–14,000 duties) takes 2–4 s by
interior point; the volume algorithm of Barahona and Anbil, "The volume algorithm:
producing primal solutions with a subgradient method", *Mathematical Programming* 87
(2000) 385–399, reaches duals as good for pricing in a few hundred subgradient steps of
a few passes over the matrix each (about 0.1 s).

The LP is ``min c·x + a·y`` subject to ``A x + y >= 1``, ``x, y >= 0``: ``y`` are the
artificial columns that ride one row alone at cost ``a`` (the master's dual box). With
positive costs no optimum takes a column above 1, so its Lagrangian relaxation of the
covering rows may bound ``x, y <= 1``; at multipliers ``u >= 0`` it is

    L(u) = sum(u) + sum_j min(0, c_j - u·A_j) + sum_i min(0, a_i - u_i),

a lower bound on the LP value whose maximum is that value, reached with ``0 <= u <= a``
(the LP's dual constraints of the artificial columns). The maximising ``u`` need not be
the LP's duals: columns may price below zero under them. Each step moves the
multipliers along the rows' violation by an average of the relaxation's solutions (the
"volume" estimate of a primal solution), which steers them much better than a plain
subgradient; the best multipliers are returned.
"""

from __future__ import annotations

from dataclasses import dataclass

import numba
import numpy as np

__all__ = ["VolumeResult", "maximise"]

#: Starting step size factor (lambda) and how it adapts: up after an improving step whose
#: direction still points uphill, down after this many steps without improvement.
STEP = 0.1
STEP_GROW = 1.1
STEP_MOST = 2.0
STEP_SHRINK = 0.67
STEP_PATIENCE = 20

#: Largest weight of the newest solution in the primal average (alpha).
AVERAGE_WEIGHT = 0.1

#: The step aims at a target this share above the best value so far, raised when the best
#: value comes within :data:`TARGET_NEAR` of it.
TARGET_ABOVE = 0.025
TARGET_NEAR = 0.05


@dataclass(frozen=True)
class VolumeResult:
    """The best multipliers found and what goes with them.

    Attributes
    ----------
    duals : numpy.ndarray
        The best multipliers ``u``, one per row.
    value : float
        ``L(duals)``: a lower bound on the LP value.
    reduced_costs : numpy.ndarray
        ``c_j - duals·A_j`` of every column.
    primal : numpy.ndarray
        The primal average ``x`` of the columns (an approximate LP solution).
    """

    duals: np.ndarray
    value: float
    reduced_costs: np.ndarray
    primal: np.ndarray


def maximise(
    costs: np.ndarray,
    indptr: np.ndarray,
    rows: np.ndarray,
    artificial: np.ndarray,
    duals: np.ndarray,
    steps: int,
) -> VolumeResult:
    """Maximise the Lagrangian ``L(u)`` of a covering LP by the volume algorithm.

    Parameters
    ----------
    costs : numpy.ndarray
        Cost of each column.
    indptr, rows : numpy.ndarray
        The columns in compressed sparse column form: column ``j`` rides rows
        ``rows[indptr[j]:indptr[j + 1]]``.
    artificial : numpy.ndarray
        Cost of the artificial column of each row (finite).
    duals : numpy.ndarray
        Starting multipliers (e.g. the previous round's).
    steps : int
        Subgradient steps (a deterministic budget).

    Returns
    -------
    VolumeResult
    """
    best, value, reduced, primal = _volume(
        np.asarray(costs, np.float64),
        np.asarray(indptr, np.int64),
        np.asarray(rows, np.int64),
        np.asarray(artificial, np.float64),
        np.clip(np.asarray(duals, np.float64), 0.0, artificial),
        steps,
        np.array(
            [
                STEP,
                STEP_GROW,
                STEP_MOST,
                STEP_SHRINK,
                STEP_PATIENCE,
                AVERAGE_WEIGHT,
                TARGET_ABOVE,
                TARGET_NEAR,
            ]
        ),
    )
    return VolumeResult(best, value, reduced, primal)


@numba.njit(cache=True)
def _lagrangian(costs, indptr, rows, artificial, u, x, y, reduced):  # pragma: no cover
    """``L(u)``; fills the relaxation's solution ``x``, ``y`` and the reduced costs."""
    value = u.sum()
    for j in range(costs.size):
        r = costs[j]
        for k in range(indptr[j], indptr[j + 1]):
            r -= u[rows[k]]
        reduced[j] = r
        if r < 0:
            value += r
            x[j] = 1.0
        else:
            x[j] = 0.0
    for i in range(u.size):
        r = artificial[i] - u[i]
        if r < 0:
            value += r
            y[i] = 1.0
        else:
            y[i] = 0.0
    return value


@numba.njit(cache=True)
def _violation(indptr, rows, x, y, out):  # pragma: no cover
    """``out = 1 - A x - y``: how far each row is from covered."""
    for i in range(out.size):
        out[i] = 1.0 - y[i]
    for j in range(x.size):
        if x[j] != 0.0:
            for k in range(indptr[j], indptr[j + 1]):
                out[rows[k]] -= x[j]


@numba.njit(cache=True)
def _volume(costs, indptr, rows, artificial, u, steps, settings):  # pragma: no cover
    step, grow, most, shrink, patience, weight, above, near = settings
    n, m = costs.size, u.size
    x, y, reduced = np.empty(n), np.empty(m), np.empty(n)
    best_value = _lagrangian(costs, indptr, rows, artificial, u, x, y, reduced)
    best, best_reduced = u.copy(), reduced.copy()
    x_best, y_best = x.copy(), y.copy()
    x_avg, y_avg = x.copy(), y.copy()
    # The first target is the cost of the relaxation's first solution (the columns of
    # negative reduced cost: large after pricing added many), or above the value; the
    # adaptive step size makes up for a target far too high. With neither (all
    # multipliers zero), it is the cost of riding every row by its artificial column.
    target = max(best_value + above * abs(best_value), (costs * x).sum() + (artificial * y).sum())
    if target <= best_value:
        target = artificial.sum()
    direction, new, change = np.empty(m), np.empty(m), np.empty(m)
    u_new = np.empty(m)
    reds = 0
    restarted = False
    for _ in range(steps):
        _violation(indptr, rows, x_avg, y_avg, direction)
        change[:] = direction  # the average's violation, before the projection
        norm = 0.0
        for i in range(m):
            if (best[i] <= 0.0 and direction[i] < 0.0) or (
                best[i] >= artificial[i] and direction[i] > 0.0
            ):
                direction[i] = 0.0
            norm += direction[i] * direction[i]
        if norm < 1e-12:
            # No move from the best multipliers along the average: they are optimal if
            # their own relaxation's solution agrees; else the average (spoilt by steps
            # far off) starts again from that solution.
            if restarted:
                break
            x_avg[:], y_avg[:] = x_best, y_best
            restarted = True
            continue
        restarted = False
        if best_value >= target - near * abs(target):
            target = max(target, best_value + above * abs(best_value))
        size = step * (target - best_value) / norm
        for i in range(m):
            u_new[i] = min(max(0.0, best[i] + size * direction[i]), artificial[i])
        value = _lagrangian(costs, indptr, rows, artificial, u_new, x, y, reduced)
        # The weight of the new solution in the average: the one that makes the average
        # violate the rows least, within [weight / 10, weight].
        _violation(indptr, rows, x, y, new)
        uphill, cross, square = 0.0, 0.0, 0.0
        for i in range(m):
            uphill += direction[i] * new[i]
            d = new[i] - change[i]
            cross += change[i] * d
            square += d * d
        alpha = weight if square == 0.0 else min(weight, max(weight / 10, -cross / square))
        for j in range(n):
            x_avg[j] = alpha * x[j] + (1 - alpha) * x_avg[j]
        for i in range(m):
            y_avg[i] = alpha * y[i] + (1 - alpha) * y_avg[i]
        if value > best_value:
            if uphill >= 0.0:
                step = min(step * grow, most)
            best_value = value
            best[:] = u_new
            best_reduced[:] = reduced
            x_best[:], y_best[:] = x, y
            reds = 0
        else:
            reds += 1
            if reds >= patience:
                step *= shrink
                reds = 0
    return best, best_value, best_reduced, x_avg
