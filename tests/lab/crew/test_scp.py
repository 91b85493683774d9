"""The set-covering core: reading OR-Library files, and covers that are optimal or bounded."""

from __future__ import annotations

import itertools
import time
from pathlib import Path

import numpy as np
import pytest

from sokkel.lab.crew.scp import (
    InfeasibleCoverError,
    ScpError,
    ScpFormatError,
    SetCoverProblem,
    read_orlib,
    solve,
)
from sokkel.lab.crew.scp_highs import improve_cover

DATA = Path(__file__).parent / "data"
TINY = DATA / "scp_tiny.txt"


def random_problem(seed: int, n_rows: int, n_cols: int, max_size: int = 4) -> SetCoverProblem:
    """A random problem in which every row is coverable (costs 1–3)."""
    rng = np.random.default_rng(seed)
    columns = [
        sorted(rng.choice(n_rows, size=rng.integers(1, max_size + 1), replace=False))
        for _ in range(n_cols)
    ]
    for row in range(n_rows):
        columns[row % n_cols].append(row)
    costs = rng.integers(1, 4, size=n_cols).astype(float)
    return SetCoverProblem.from_columns(n_rows, costs, columns)


def brute_force_optimum(problem: SetCoverProblem) -> float:
    """The least cover cost, by trying every subset of columns."""
    best = np.inf
    masks = [sum(1 << int(i) for i in problem.column(j)) for j in range(problem.n_cols)]
    everything = (1 << problem.n_rows) - 1
    for size in range(1, problem.n_cols + 1):
        for subset in itertools.combinations(range(problem.n_cols), size):
            cover = 0
            for j in subset:
                cover |= masks[j]
            if cover == everything:
                best = min(best, float(problem.costs[list(subset)].sum()))
    return best


def test_it_reads_the_rail_format_with_rows_from_zero():
    problem = read_orlib(TINY)

    assert (problem.n_rows, problem.n_cols) == (6, 7)
    assert problem.costs.tolist() == [1, 1, 1, 1, 1, 1, 3]
    assert problem.column(0).tolist() == [0, 1]
    assert problem.column(6).tolist() == [0, 1, 2, 3]


def test_it_finds_the_optimum_of_the_tiny_file_and_stops_on_its_own():
    problem = read_orlib(TINY)

    result = solve(problem, time_limit=20)

    assert result.cost == 4
    assert problem.is_cover(result.selected)
    assert problem.cost_of(result.selected) == result.cost
    assert 3 <= result.lower_bound <= result.cost
    assert result.elapsed_s < 10  # ends when refinement runs out, not at the limit


@pytest.mark.parametrize("seed", range(4))
def test_it_matches_brute_force_on_small_random_problems(seed):
    problem = random_problem(seed, n_rows=9, n_cols=13)
    optimum = brute_force_optimum(problem)

    result = solve(problem, time_limit=10, seed=seed)
    mip = solve(problem, time_limit=10, method="highs")

    assert result.cost == optimum
    assert problem.is_cover(result.selected)
    assert result.lower_bound <= result.cost
    assert mip.cost == optimum and mip.is_optimal
    assert mip.lower_bound == optimum


def test_its_bound_is_below_the_optimum_and_its_cover_is_valid():
    problem = random_problem(7, n_rows=40, n_cols=160, max_size=6)
    optimum = solve(problem, time_limit=20, method="highs")
    assert optimum.is_optimal

    result = solve(problem, time_limit=5)

    assert problem.is_cover(result.selected)
    assert result.lower_bound <= optimum.cost <= result.cost
    assert result.is_optimal == (result.lower_bound == result.cost)


def test_the_same_seed_gives_the_same_cover():
    problem = random_problem(11, n_rows=30, n_cols=120, max_size=5)

    first = solve(problem, time_limit=5, seed=3)
    again = solve(problem, time_limit=5, seed=3)

    assert (first.cost, first.selected) == (again.cost, again.selected)


def test_a_round_budget_gives_the_same_cover_whatever_the_time_limit():
    # Not solved to proven optimality, so the search runs until its budget.
    problem = random_problem(2, n_rows=80, n_cols=500, max_size=5)

    short = solve(problem, time_limit=20, seed=3, max_rounds=3)
    long = solve(problem, time_limit=60, seed=3, max_rounds=3)

    assert not short.is_optimal
    assert (short.cost, short.selected) == (long.cost, long.selected)
    assert short.rounds == long.rounds == 3
    assert not short.hit_time_limit and not long.hit_time_limit


def test_mip_neighbourhoods_make_a_poor_cover_cheaper():
    problem = random_problem(2, n_rows=80, n_cols=500, max_size=5)
    everything = np.arange(problem.n_cols)

    result = improve_cover(problem, everything, steps=20, seed=0, deadline=time.perf_counter() + 60)

    assert problem.is_cover(result.selected)
    assert result.cost == problem.cost_of(result.selected)
    assert result.cost < problem.cost_of(everything)
    assert (result.steps, result.hit_time_limit) == (20, False)


def test_mip_steps_are_a_budget_that_gives_the_same_cover_whatever_the_time_limit():
    problem = random_problem(2, n_rows=80, n_cols=500, max_size=5)
    without = solve(problem, time_limit=20, seed=3, max_rounds=1)

    short = solve(problem, time_limit=20, seed=3, max_rounds=1, mip_steps=5)
    long = solve(problem, time_limit=60, seed=3, max_rounds=1, mip_steps=5)

    assert (short.cost, short.selected) == (long.cost, long.selected)
    assert short.mip_steps == long.mip_steps == 5
    assert not short.hit_time_limit and not long.hit_time_limit
    assert problem.is_cover(short.selected)
    assert short.lower_bound <= short.cost <= without.cost


def test_neighbourhoods_improve_an_initial_cover_the_same_way_for_a_seed():
    problem = random_problem(2, n_rows=80, n_cols=500, max_size=5)
    optimum = solve(problem, time_limit=20, method="highs")
    assert optimum.is_optimal
    everything = list(range(problem.n_cols))

    first = solve(problem, time_limit=20, seed=1, method="neighbourhoods", initial=everything)
    again = solve(problem, time_limit=60, seed=1, method="neighbourhoods", initial=everything)

    assert problem.is_cover(first.selected)
    assert first.lower_bound <= optimum.cost <= first.cost < problem.cost_of(everything)
    assert (first.cost, first.selected) == (again.cost, again.selected)
    assert first.mip_steps == 40 and first.rounds == 0


def test_neighbourhoods_without_a_start_begin_with_the_lagrangian_cover():
    problem = random_problem(2, n_rows=80, n_cols=500, max_size=5)
    start = solve(problem, time_limit=20, seed=1, max_rounds=0)

    result = solve(problem, time_limit=20, seed=1, method="neighbourhoods", mip_steps=10)

    assert result.lower_bound == start.lower_bound
    assert result.cost <= start.cost
    assert result.mip_steps == 10


def test_a_negative_mip_step_budget_is_refused():
    with pytest.raises(ScpError, match="mip_steps must be non-negative, got -2"):
        solve(read_orlib(TINY), time_limit=1, mip_steps=-2)


def test_a_cut_by_the_clock_is_recorded():
    problem = random_problem(5, n_rows=30, n_cols=120, max_size=5)

    result = solve(problem, time_limit=0.0, max_rounds=3)

    assert result.hit_time_limit
    assert problem.is_cover(result.selected)


def test_a_negative_round_budget_is_refused():
    with pytest.raises(ScpError, match="max_rounds must be non-negative, got -1"):
        solve(read_orlib(TINY), time_limit=1, max_rounds=-1)


def test_it_starts_from_an_initial_cover():
    problem = read_orlib(TINY)
    initial = [0, 1, 3, 4]  # pairs {1,2}, {2,3}, {4,5}, {5,6}: cost 4

    for method in ("lagrangian", "highs"):
        result = solve(problem, time_limit=5, method=method, initial=initial)
        assert result.cost == 4

    with pytest.raises(ScpError, match="does not cover"):
        solve(problem, time_limit=5, initial=[0])


def test_it_reports_progress():
    messages: list[str] = []

    solve(read_orlib(TINY), time_limit=5, progress=messages.append)

    assert any(message.startswith("cost 4") for message in messages)


def test_a_row_no_column_covers_is_named():
    problem = SetCoverProblem.from_columns(3, [1.0, 1.0], [[0], [0, 2]])

    with pytest.raises(InfeasibleCoverError, match="row\\(s\\) 1 ") as caught:
        solve(problem, time_limit=1)
    assert caught.value.rows == [1]


def test_from_columns_checks_its_input():
    with pytest.raises(ScpError, match="0..2"):
        SetCoverProblem.from_columns(3, [1.0], [[3]])
    with pytest.raises(ScpError, match="costs"):
        SetCoverProblem.from_columns(3, [-1.0], [[0]])
    with pytest.raises(ScpError, match="2 costs but 1 columns"):
        SetCoverProblem.from_columns(3, [1.0, 2.0], [[0]])


def test_from_columns_drops_repeated_rows():
    problem = SetCoverProblem.from_columns(3, [1.0], [[2, 0, 2]])

    assert problem.column(0).tolist() == [0, 2]


@pytest.mark.parametrize(
    ("text", "line", "field", "problem"),
    [
        ("six 2\n1 1 1\n", 1, "header: number of rows", "'six' is not a whole number"),
        ("3\n", 1, "header: number of columns", "the file ends here"),
        ("3 2\n1 2 1 2\n1 1 4\n", 3, "column 2: row 1 of 1", "4 is outside 1..3"),
        ("3 2\n1 2 1 2\n1 2 3\n", 3, "column 2: row 2 of 2", "the file ends here"),
        ("3 2\n1 2 1 2\n", 2, "column 2: cost", "the file ends here"),
        ("3 2\n1 2 1 2\nx 1 3\n", 3, "column 2: cost", "'x' is not a number"),
        ("3 1\n1 2.5 1 2\n", 2, "column 1: number of rows", "'2.5' is not a whole number"),
        ("3 1\n1 0\n", 2, "column 1: number of rows", "0 is outside 1..3"),
        ("3 1\n1 3 1 2 3\n7\n", 3, "end of file", "unexpected '7' after the last column"),
    ],
)
def test_malformed_files_are_named_by_line_and_field(tmp_path, text, line, field, problem):
    path = tmp_path / "bad.txt"
    path.write_text(text)

    with pytest.raises(ScpFormatError) as caught:
        read_orlib(path)

    error = caught.value
    assert (error.line, error.field) == (line, field)
    assert str(error) == f"{path}, line {line}, {field}: {problem}"


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(ScpFormatError, match="nowhere.txt: no such file"):
        read_orlib(tmp_path / "nowhere.txt")


def test_even_without_time_it_returns_a_cover():
    problem = random_problem(5, n_rows=30, n_cols=120, max_size=5)

    result = solve(problem, time_limit=0.0)

    assert problem.is_cover(result.selected)
    assert result.cost == problem.cost_of(result.selected)
