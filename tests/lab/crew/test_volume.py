"""The volume algorithm against HiGHS's LP optimum on random covering LPs."""

from __future__ import annotations

import numpy as np
import pytest

from sokkel.lab.crew import volume
from sokkel.lab.crew.scp_highs import covering_model, quiet_highs


def covering_lp(seed: int, n_rows: int = 60, n_cols: int = 400):
    """Random columns of 2–8 rows, costs growing with their length, artificials dearer."""
    rng = np.random.default_rng(seed)
    lengths = rng.integers(2, 9, n_cols)
    rows = np.concatenate([rng.choice(n_rows, k, replace=False) for k in lengths])
    indptr = np.concatenate(([0], np.cumsum(lengths)))
    costs = lengths * rng.uniform(80, 120, n_cols) + 300
    artificial = np.full(n_rows, 2000.0)
    return costs, indptr, rows, artificial


def lp_value(costs, indptr, rows, artificial) -> float:
    n_rows = artificial.size
    highs = quiet_highs()
    highs.passModel(
        covering_model(
            n_rows,
            np.concatenate([costs, artificial]),
            np.concatenate([indptr, indptr[-1] + 1 + np.arange(n_rows)]),
            np.concatenate([rows, np.arange(n_rows)]),
            integer=False,
        )
    )
    highs.run()
    return highs.getInfo().objective_function_value


def lagrangian(costs, indptr, rows, artificial, u) -> tuple[float, np.ndarray]:
    spans = zip(indptr[:-1], indptr[1:], strict=True)
    reduced = costs - np.array([u[rows[a:b]].sum() for a, b in spans])
    value = u.sum() + np.minimum(reduced, 0).sum() + np.minimum(artificial - u, 0).sum()
    return value, reduced


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_the_value_is_a_lower_bound_that_reaches_the_lp_optimum(seed: int) -> None:
    costs, indptr, rows, artificial = covering_lp(seed)
    optimum = lp_value(costs, indptr, rows, artificial)
    start = np.zeros(artificial.size)
    values = []
    for steps in (0, 200, 2000):
        result = volume.maximise(costs, indptr, rows, artificial, start, steps)
        value, reduced = lagrangian(costs, indptr, rows, artificial, result.duals)
        # What it returns is the Lagrangian of the duals it returns ...
        assert result.value == pytest.approx(value)
        np.testing.assert_allclose(result.reduced_costs, reduced, atol=1e-6)
        # ... within the dual box, and never above the LP optimum.
        assert (result.duals >= 0).all() and (result.duals <= artificial).all()
        assert result.value <= optimum + 1e-6
        values.append(result.value)
    assert values[0] < values[1] < values[2]
    assert values[2] >= 0.995 * optimum


def test_a_warm_start_keeps_its_value() -> None:
    costs, indptr, rows, artificial = covering_lp(3)
    first = volume.maximise(costs, indptr, rows, artificial, np.zeros(artificial.size), 500)
    again = volume.maximise(costs, indptr, rows, artificial, first.duals, 50)
    assert again.value >= first.value - 1e-6
