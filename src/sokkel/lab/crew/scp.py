"""The set-covering core: choose a least-cost set of columns covering every row.

A :class:`SetCoverProblem` holds the columns in compressed sparse column form (column
``j`` covers ``rows[indptr[j]:indptr[j + 1]]``, rows 0-based). :func:`read_orlib` reads
J. E. Beasley's OR-Library files, :func:`solve` finds a cover and a lower bound:

* ``method="lagrangian"`` (the default) runs a Caprara–Fischetti–Toth-style heuristic
  (:mod:`sokkel.lab.crew.scp_cft`): subgradient optimisation of the Lagrangian
  relaxation on a priced core problem, Lagrangian-cost greedy with column fixing and
  refinement, and redundancy removal. Its bound is the best Lagrangian bound of the full
  problem.
* ``method="highs"`` runs HiGHS's MIP solver on the whole problem.
* ``method="neighbourhoods"`` improves a start cover (``initial``, or else the Lagrangian
  heuristic's first cover) by re-solving neighbourhoods of it exactly with HiGHS MIP
  (:func:`sokkel.lab.crew.scp_highs.improve_cover`, a large-neighbourhood search). Built
  for covers from an LP dive on a large column pool: there it improves the cover within
  seconds, where the Lagrangian heuristic spends its first tens of seconds on bounds;
  given minutes, the Lagrangian refinement goes further.

With ``mip_steps``, the first two methods also end with that many neighbourhood steps.

A solution is a *cover*: a row may be covered more than once (the crew model turns
over-coverage into deadheading).
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np

from sokkel.lab.limits import shown

__all__ = [
    "METHODS",
    "InfeasibleCoverError",
    "ScpError",
    "ScpFormatError",
    "ScpResult",
    "SetCoverProblem",
    "read_orlib",
    "solve",
]

log = logging.getLogger(__name__)

METHODS = ("lagrangian", "highs", "neighbourhoods")

#: The neighbourhood steps of ``method="neighbourhoods"`` unless ``mip_steps`` says.
NEIGHBOURHOOD_STEPS = 40
#: The largest instance :func:`read_orlib` reads (rail4284: 4,284 rows, 1,092,610 columns).
MAX_ROWS, MAX_COLUMNS = 1_000_000, 10_000_000
#: The largest cost of a column.
MAX_COST = 1e9


class ScpError(ValueError):
    """Base class of the set-covering core's errors."""


class ScpFormatError(ScpError):
    """A malformed OR-Library file; the message names the file, the line and the field.

    A missing file is reported with ``line`` 0 and ``field`` ``"file"``.
    """

    def __init__(self, path: Path | str, line: int, field: str, problem: str) -> None:
        self.path = str(path)
        self.line = line
        self.field = field
        self.problem = problem
        where = f"{self.path}, line {line}, {field}" if line else f"{self.path}"
        super().__init__(f"{where}: {problem}")


class InfeasibleCoverError(ScpError):
    """Some rows are covered by no column, so no cover exists."""

    def __init__(self, rows: Sequence[int]) -> None:
        self.rows = [int(i) for i in rows]
        shown = ", ".join(str(i) for i in self.rows[:10])
        more = f" and {len(self.rows) - 10} more" if len(self.rows) > 10 else ""
        super().__init__(f"no column covers row(s) {shown}{more} (rows are 0-based)")


@dataclass(frozen=True)
class SetCoverProblem:
    """A weighted set-covering problem in compressed sparse column form.

    Parameters
    ----------
    n_rows : int
        Number of rows (elements to cover), numbered from 0.
    costs : numpy.ndarray
        Cost of each column, float64, shape ``(n_cols,)``, all non-negative.
    indptr : numpy.ndarray
        Column pointers, int64, shape ``(n_cols + 1,)``.
    rows : numpy.ndarray
        Row indices, int32; column ``j`` covers ``rows[indptr[j]:indptr[j + 1]]``.

    Notes
    -----
    On construction the rows of each column are sorted and duplicates removed, so
    ``rows`` is canonical. Use :meth:`from_columns` to build a problem from lists.
    """

    n_rows: int
    costs: np.ndarray
    indptr: np.ndarray
    rows: np.ndarray

    def __post_init__(self) -> None:
        costs = np.ascontiguousarray(self.costs, dtype=np.float64)
        indptr = np.ascontiguousarray(self.indptr, dtype=np.int64)
        rows = np.ascontiguousarray(self.rows, dtype=np.int32)
        n_rows = int(self.n_rows)
        if n_rows < 0:
            raise ScpError(f"n_rows must be non-negative, got {n_rows}")
        if costs.ndim != 1 or indptr.shape != (costs.size + 1,):
            raise ScpError("indptr must have one entry more than costs")
        if indptr[0] != 0 or indptr[-1] != rows.size or np.any(np.diff(indptr) < 0):
            raise ScpError("indptr must start at 0, never decrease and end at len(rows)")
        if not np.all(np.isfinite(costs)) or np.any(costs < 0):
            raise ScpError("costs must be finite and non-negative")
        if rows.size and (rows.min() < 0 or rows.max() >= n_rows):
            raise ScpError(f"row indices must lie in 0..{n_rows - 1}")
        lengths = np.diff(indptr)
        owner = np.repeat(np.arange(costs.size, dtype=np.int64), lengths)
        order = np.lexsort((rows, owner))
        rows, owner = rows[order], owner[order]
        keep = np.ones(rows.size, dtype=bool)
        keep[1:] = (rows[1:] != rows[:-1]) | (owner[1:] != owner[:-1])
        if not keep.all():
            rows = rows[keep]
            lengths = np.bincount(owner[keep], minlength=costs.size)
            indptr = np.concatenate(([0], np.cumsum(lengths))).astype(np.int64)
        for name, value in (("n_rows", n_rows), ("costs", costs), ("indptr", indptr)):
            object.__setattr__(self, name, value)
        object.__setattr__(self, "rows", rows)
        for array in (costs, indptr, rows):
            array.flags.writeable = False

    @classmethod
    def from_columns(
        cls, n_rows: int, costs: Sequence[float], columns: Sequence[Sequence[int]]
    ) -> SetCoverProblem:
        """Build a problem from one cost and one list of covered rows per column.

        Parameters
        ----------
        n_rows : int
            Number of rows; every row index must lie in ``0..n_rows - 1``.
        costs : sequence of float
            Cost of each column.
        columns : sequence of sequence of int
            The rows each column covers (order and repetitions do not matter).

        Returns
        -------
        SetCoverProblem
        """
        if len(costs) != len(columns):
            raise ScpError(f"{len(costs)} costs but {len(columns)} columns")
        lengths = np.fromiter((len(c) for c in columns), dtype=np.int64, count=len(columns))
        indptr = np.concatenate(([0], np.cumsum(lengths))).astype(np.int64)
        rows = np.fromiter(
            (i for column in columns for i in column), dtype=np.int64, count=int(indptr[-1])
        )
        if rows.size and (rows.min() < 0 or rows.max() >= n_rows):
            raise ScpError(f"row indices must lie in 0..{n_rows - 1}")
        return cls(n_rows, np.asarray(costs, dtype=np.float64), indptr, rows.astype(np.int32))

    @property
    def n_cols(self) -> int:
        """Number of columns."""
        return int(self.costs.size)

    def column(self, j: int) -> np.ndarray:
        """The rows column ``j`` covers."""
        return self.rows[self.indptr[j] : self.indptr[j + 1]]

    @cached_property
    def integer_costs(self) -> bool:
        """Whether every cost is a whole number (then bounds may be rounded up)."""
        return bool(np.all(self.costs == np.round(self.costs)))

    @cached_property
    def owner(self) -> np.ndarray:
        """The column of each entry of ``rows``."""
        return np.repeat(np.arange(self.n_cols), np.diff(self.indptr))

    @cached_property
    def by_row(self) -> tuple[np.ndarray, np.ndarray]:
        """The problem row-wise: row ``i`` is covered by ``columns[starts[i]:starts[i + 1]]``.

        Returns ``(starts, columns)``.
        """
        columns = self.owner[np.argsort(self.rows, kind="stable")]
        starts = np.concatenate(([0], np.cumsum(np.bincount(self.rows, minlength=self.n_rows))))
        return starts, columns

    def coverage(self, selected: Sequence[int] | np.ndarray) -> np.ndarray:
        """How many of the ``selected`` columns cover each row."""
        chosen = np.asarray(selected, dtype=np.int64)
        if chosen.size == 0:
            return np.zeros(self.n_rows, dtype=np.int64)
        if chosen.min() < 0 or chosen.max() >= self.n_cols:
            raise ScpError(f"column indices must lie in 0..{self.n_cols - 1}")
        starts, ends = self.indptr[chosen], self.indptr[chosen + 1]
        covered = self.rows[_ranges(starts, ends)]
        return np.bincount(covered, minlength=self.n_rows)

    def is_cover(self, selected: Sequence[int] | np.ndarray) -> bool:
        """Whether the ``selected`` columns cover every row."""
        return bool(np.all(self.coverage(selected) > 0))

    def cost_of(self, selected: Sequence[int] | np.ndarray) -> float:
        """Total cost of the ``selected`` columns."""
        return float(self.costs[np.asarray(selected, dtype=np.int64)].sum())

    def uncoverable_rows(self) -> np.ndarray:
        """Rows that no column covers (a cover exists only if this is empty)."""
        counts = np.bincount(self.rows, minlength=self.n_rows)
        return np.flatnonzero(counts == 0)


def _ranges(starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Concatenate ``arange(s, e)`` for each pair, vectorised."""
    lengths = ends - starts
    total = int(lengths.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    offsets = np.repeat(starts - np.concatenate(([0], np.cumsum(lengths)[:-1])), lengths)
    return np.arange(total, dtype=np.int64) + offsets


# --------------------------------------------------------------------------- reading


def _tokens(path: Path) -> Iterator[tuple[str, int]]:
    try:
        handle = path.open(encoding="ascii", errors="replace")
    except OSError as exc:
        raise ScpFormatError(path, 0, "file", f"cannot read the file: {exc.strerror}") from None
    with handle:
        for number, line in enumerate(handle, start=1):
            for token in line.split():
                yield token, number


def read_orlib(path: Path | str) -> SetCoverProblem:
    """Read an OR-Library set-covering file in the railway ("rail") format.

    The format, as in ``rail507.txt``: the first line holds the number of rows ``m`` and
    the number of columns ``n``; then, for each column, its cost, the number ``k`` of rows
    it covers and the ``k`` rows (1-based). Line breaks between numbers do not matter.

    Parameters
    ----------
    path : pathlib.Path or str
        The file to read.

    Returns
    -------
    SetCoverProblem
        Rows renumbered from 0.

    Raises
    ------
    ScpFormatError
        The file is missing, truncated or holds something other than the expected
        number; the message names the file, the line and the field.
    """
    path = Path(path)
    if not path.is_file():
        raise ScpFormatError(path, 0, "file", "no such file")
    tokens = _tokens(path)
    last_line = 0

    def take(field: str, kind: type, low: float | None = None, high: float | None = None):
        nonlocal last_line
        try:
            token, last_line = next(tokens)
        except StopIteration:
            raise ScpFormatError(path, last_line, field, "the file ends here") from None
        try:
            value = kind(token)
        except ValueError:
            what = "a whole number" if kind is int else "a number"
            raise ScpFormatError(path, last_line, field, f"{shown(token)} is not {what}") from None
        if kind is float and not math.isfinite(value):
            raise ScpFormatError(path, last_line, field, f"{shown(token)} is not a finite number")
        if (low is not None and value < low) or (high is not None and value > high):
            bounds = f"{low:g}..{high:g}" if high is not None else f">= {low:g}"
            raise ScpFormatError(path, last_line, field, f"{value} is outside {bounds}")
        return value

    n_rows = take("header: number of rows", int, 1, MAX_ROWS)
    n_cols = take("header: number of columns", int, 1, MAX_COLUMNS)
    costs = np.empty(n_cols, dtype=np.float64)
    indptr = np.zeros(n_cols + 1, dtype=np.int64)
    rows: list[int] = []
    for j in range(n_cols):
        label = f"column {j + 1}"
        costs[j] = take(f"{label}: cost", float, 0, MAX_COST)
        k = take(f"{label}: number of rows", int, 1, n_rows)
        for r in range(k):
            rows.append(take(f"{label}: row {r + 1} of {k}", int, 1, n_rows) - 1)
        indptr[j + 1] = len(rows)
    for token, number in tokens:
        raise ScpFormatError(
            path, number, "end of file", f"unexpected {shown(token)} after the last column"
        )
    problem = SetCoverProblem(n_rows, costs, indptr, np.asarray(rows, dtype=np.int32))
    log.info("read %s: %d rows, %d columns", path, n_rows, n_cols)
    return problem


# --------------------------------------------------------------------------- solving


@dataclass
class ScpResult:
    """A cover found by :func:`solve`.

    Attributes
    ----------
    cost : float
        Total cost of the selected columns.
    selected : list of int
        The selected columns, ascending; together they cover every row.
    lower_bound : float
        A valid lower bound on the optimal cost (rounded up when all costs are whole).
    time_to_best_s : float
        Seconds from the start until the returned cover was found.
    elapsed_s : float
        Seconds the solve took.
    is_optimal : bool
        Whether the bound proves the cover optimal.
    method : str
        One of :data:`METHODS`.
    rounds : int
        Refinement rounds the Lagrangian heuristic ran (0 for the other methods).
    mip_steps : int
        Neighbourhoods of the cover re-solved by HiGHS MIP after the search.
    hit_time_limit : bool
        Whether the clock cut the search short. When it did not, the result depends
        only on the problem, ``initial``, the seed, ``max_rounds`` and ``mip_steps``.
    """

    cost: float
    selected: list[int]
    lower_bound: float
    time_to_best_s: float
    elapsed_s: float
    is_optimal: bool
    method: str
    rounds: int = 0
    hit_time_limit: bool = False
    mip_steps: int = 0


def proven_bound(problem: SetCoverProblem, bound: float) -> float:
    """Round a valid lower bound up when all costs are whole numbers."""
    if problem.integer_costs and math.isfinite(bound):
        return float(math.ceil(bound - 1e-6))
    return float(bound)


def trivial_bound(problem: SetCoverProblem) -> float:
    """A valid lower bound from the columns alone: each row pays its cheapest share.

    Row ``i`` pays ``min(cost_j / size_j)`` over the columns ``j`` covering it; every
    column then costs at least what its rows pay, so any cover costs at least their sum.
    """
    share = problem.costs / np.maximum(np.diff(problem.indptr), 1)
    least = np.full(problem.n_rows, np.inf)
    np.minimum.at(least, problem.rows, share[problem.owner])
    return proven_bound(problem, float(least.sum()))


def solve(
    problem: SetCoverProblem,
    *,
    time_limit: float,
    seed: int = 0,
    method: str = "lagrangian",
    initial: Sequence[int] | None = None,
    progress: Callable[[str], None] | None = None,
    max_rounds: int | None = None,
    mip_steps: int | None = None,
) -> ScpResult:
    """Find a least-cost cover of every row.

    Parameters
    ----------
    problem : SetCoverProblem
        The problem; every row must be covered by some column.
    time_limit : float
        Seconds the solver may use (the result comes back shortly after at most). Without
        ``max_rounds`` the Lagrangian heuristic normally runs until this limit; with it,
        the limit is only a safety cap.
    seed : int, default 0
        Seed for the solver's random choices; the same seed gives the same result when
        the solver stops before the time limit (``ScpResult.hit_time_limit`` false).
    method : {"lagrangian", "highs", "neighbourhoods"}
        The Caprara–Fischetti–Toth-style Lagrangian heuristic, HiGHS's MIP solver, or
        neighbourhood MIPs of a start cover (see the module docstring).
    initial : sequence of int, optional
        A cover to start from (an upper bound; a MIP start for HiGHS; the start of
        ``"neighbourhoods"``, whose bound is then only the trivial
        ``sum over rows of min(cost / size)`` of the columns covering each row).
    progress : callable, optional
        Called with a one-line message whenever the best cover or bound improves.
    max_rounds : int, optional
        A deterministic work budget for ``method="lagrangian"``: at most this many
        refinement rounds (each a run of the subgradient, greedy and column-fixing phases
        on a partly fixed problem), after the two first runs. The search stops after them,
        at proven optimality, or when refinement gives up, whichever comes first. The
        other methods ignore it (HiGHS's MIP search is deterministic and stops by
        optimality or the clock).
    mip_steps : int, optional
        After the search, this many neighbourhoods of the best cover are re-solved by
        HiGHS MIP (each the columns of the cover around a random one, freed and replaced
        by the cheapest columns for the rows they leave open, within a node budget). A
        deterministic budget like ``max_rounds``, within the same time limit. Default:
        0, and :data:`NEIGHBOURHOOD_STEPS` for ``method="neighbourhoods"``.

    Returns
    -------
    ScpResult

    Raises
    ------
    InfeasibleCoverError
        Some row is covered by no column.
    ScpError
        ``initial`` is not a cover, ``method`` is unknown, or ``max_rounds`` or
        ``mip_steps`` is negative.
    """
    if method not in METHODS:
        raise ScpError(f"unknown method {method!r}; choose one of {', '.join(METHODS)}")
    if max_rounds is not None and max_rounds < 0:
        raise ScpError(f"max_rounds must be non-negative, got {max_rounds}")
    if mip_steps is None:
        mip_steps = NEIGHBOURHOOD_STEPS if method == "neighbourhoods" else 0
    if mip_steps < 0:
        raise ScpError(f"mip_steps must be non-negative, got {mip_steps}")
    missing = problem.uncoverable_rows()
    if missing.size:
        raise InfeasibleCoverError(missing)
    start = None if initial is None else np.unique(np.asarray(initial, dtype=np.int64))
    if start is not None and not problem.is_cover(start):
        raise ScpError("the initial solution does not cover every row")
    began = time.perf_counter()
    if method == "highs":
        from sokkel.lab.crew.scp_highs import solve_highs

        result = solve_highs(problem, time_limit=time_limit, initial=start, progress=progress)
    elif method == "neighbourhoods" and start is not None:
        from sokkel.lab.crew.scp_cft import local_search

        start = local_search(problem, start)
        cost, bound = problem.cost_of(start), trivial_bound(problem)
        result = ScpResult(
            cost=cost,
            selected=[int(j) for j in start],
            lower_bound=min(bound, cost),
            time_to_best_s=time.perf_counter() - began,
            elapsed_s=0.0,
            is_optimal=cost <= bound + 1e-9,
            method=method,
        )
        if progress is not None:
            progress(
                f"cost {cost:g} (bound {result.lower_bound:g}) at {result.time_to_best_s:.2f} s"
            )
    else:
        from sokkel.lab.crew.scp_cft import solve_lagrangian

        result = solve_lagrangian(
            problem,
            time_limit=time_limit,
            seed=seed,
            initial=start,
            progress=progress,
            max_rounds=0 if method == "neighbourhoods" else max_rounds,
        )
        result.method = method
    if mip_steps and not result.is_optimal and not result.hit_time_limit:
        _improve(
            problem,
            result,
            began=began,
            deadline=began + time_limit,
            seed=seed,
            steps=mip_steps,
            progress=progress,
        )
    result.elapsed_s = time.perf_counter() - began
    log.info(
        "%s: cost %g, bound %g, best after %.2f s, %.2f s in all, %d rounds, %d MIP steps%s",
        method,
        result.cost,
        result.lower_bound,
        result.time_to_best_s,
        result.elapsed_s,
        result.rounds,
        result.mip_steps,
        ", cut by the time limit" if result.hit_time_limit else "",
    )
    return result


def _improve(
    problem: SetCoverProblem,
    result: ScpResult,
    *,
    began: float,
    deadline: float,
    seed: int,
    steps: int,
    progress: Callable[[str], None] | None,
) -> None:
    """Improve ``result``'s cover by ``steps`` neighbourhood MIPs, in place."""
    from sokkel.lab.crew.scp_highs import improve_cover

    def say(cost: float) -> None:
        if progress is not None:
            progress(f"MIP neighbourhood: cost {cost:g} at {time.perf_counter() - began:.2f} s")

    found = improve_cover(
        problem,
        np.asarray(result.selected, dtype=np.int64),
        steps=steps,
        seed=seed,
        deadline=deadline,
        progress=say,
    )
    result.mip_steps = found.steps
    result.hit_time_limit = found.hit_time_limit
    if found.improved_at is not None:
        result.cost = found.cost
        result.selected = [int(j) for j in found.selected]
        result.time_to_best_s = found.improved_at - began
        result.is_optimal = result.cost <= result.lower_bound + 1e-9
