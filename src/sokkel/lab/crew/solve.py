"""Plan the duties of a service day: column generation, then an integer cover.

1. **Legs**: the day's trains (rail only) cut at relief points (:mod:`.network`).
2. **Column generation**: a restricted master LP — minimise the cost of the chosen
   duties so that every leg is ridden at least once — starts from one artificial column
   per leg (cost :func:`artificial_cost`) and grows by the duties that
   :func:`sokkel.lab.crew.pricing.price` finds with negative reduced cost under its
   duals, depot by depot, until none is left, the LP value tails off, or the round or
   time budget is spent. Each round's duals come from the volume algorithm
   (:mod:`.volume`: a tenth of a second where HiGHS's interior point takes seconds); HiGHS
   solves the final master exactly. A pricing pass in bound mode at its duals proves
   the LP value to within a krone per duty when no duty prices out by a krone or more
   (:func:`_lower_bound`); else the LP value is reported as an estimate. On request
   (``bound_time``), after the plan, column generation with exact pricing at boxed duals
   proves a bound (:func:`_prove_bound`).
3. **Integer cover**: a price-and-branch dive (:func:`_dive`) fixes duties the LP takes
   and prices new ones around them until the fixed duties ride every leg; then
   :func:`sokkel.lab.crew.scp.solve` (neighbourhood MIPs, the Lagrangian heuristic, or HiGHS
   MIP) improves that cover: a least-cost set of the generated duties that rides every
   coverable leg.
4. **Exactly once**: a leg ridden by several chosen duties is driven by the first of them
   (in sign-on order) and ridden as a passenger (deadhead) by the others.
5. **Uncoverable legs** (no valid duty rides them) are reported with the rule that blocks
   them, found by pricing the leg alone with one rule relaxed at a time.
"""

from __future__ import annotations

import logging
import multiprocessing
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from multiprocessing.pool import Pool

import numpy as np

from sokkel.lab.crew import scp, volume
from sokkel.lab.crew.duties import Duty, DutyNetwork, Task, duty_tasks
from sokkel.lab.crew.gtfs import Feed, Trip, format_time
from sokkel.lab.crew.network import Leg, StationRoles, cut_legs
from sokkel.lab.crew.pricing import LABEL_CAP, WHOLE_DAY, PricingResult, price
from sokkel.lab.crew.rules import Rules
from sokkel.lab.crew.scp_highs import covering_model, quiet_highs

__all__ = ["DayPlan", "PlannedDuty", "UncoveredLeg", "artificial_cost", "plan_day"]

log = logging.getLogger(__name__)

Progress = Callable[[str], None]

#: A duty in the pool (see :func:`_key`).
Key = tuple[str, tuple[int, ...], float]

#: Share of the time limit given to column generation; the rest goes to the bound pass,
#: the dive and the integer cover. Column generation normally stops earlier, by its rule
#: or :data:`MAX_ROUNDS` (on the NSB day, after 58 rounds at 38–50 s); when the clock
#: stops it, ``clock_cut`` records so.
COLUMN_GENERATION_SHARE = 0.5

#: Column generation stops when the mean LP value of this many rounds fell by less than
#: this fraction from the mean of as many rounds before (tailing off; the volume
#: algorithm's values scatter a little from round to round) ...
TAILING_OFF = (0.0005, 20)

#: ... or after this many rounds.
MAX_ROUNDS = 150

#: Steps of the volume algorithm (:mod:`.volume`) for each round's duals.
VOLUME_STEPS = 300

#: Column pool management: when the master holds more than this many duties, those of
#: largest reduced cost leave it until this many are left (it keeps the rounds fast).
POOL_LIMIT = 14000
POOL_KEEP = 10000

#: The first pricing point is smoothed towards duals of this many times the hourly cost
#: per hour of each leg (about a leg's share of a duty that drives a third of its paid
#: time), which tames the wild duals of the first rounds.
START_DUALS = 3.3

#: Wentges smoothing: duals are priced at ``SMOOTHING × previous point + (1 − SMOOTHING) ×
#: new duals``.
SMOOTHING = 0.5

#: Every depot is priced each round, its duties split by the time they sign on into
#: windows of this many seconds, priced apart: in parallel, and each window with label
#: fronts of its own (late duties do not compete for the cap with the cheap fronts of
#: labels that have ridden all day) ...
SIGN_ON_WINDOW = 4 * 3600

#: ... each offering at most this many duties (of which those that are new and price out
#: at the plain duals join the master).
COLUMNS_PER_WINDOW = 100

#: The dive prices each depot over the whole day (faster; its legs are fewer each step)
#: and takes at most this many duties from it.
COLUMNS_PER_DEPOT = 400

#: A price-and-branch dive for an integer cover takes at most this many steps (a
#: deterministic budget) ...
DIVE_STEPS = 400

#: ... and, as a safety cap, may run until this share of the time limit ...
DIVE_END = 0.95

#: ... fixing each step the duties the LP's approximate solution (the volume algorithm's
#: primal average) takes at least this much of, and at least the (up to) this many it
#: takes most of.
DIVE_FIX = 0.5
DIVE_FIX_LEAST = 1

#: The dive starts without the duties whose reduced cost exceeds this (NOK) ...
DIVE_POOL_REDUCED_COST = 2000.0

#: ... and each of its LPs drops those it prices above this.
DIVE_DROP_REDUCED_COST = 5000.0

#: Steps of the volume algorithm for each LP of the dive.
DIVE_VOLUME_STEPS = 300

#: Proving the lower bound (``plan_day(..., bound_time=...)``): the duals of the master
#: are boxed at most this much (NOK) above the last round's ...
BOX_WIDTH = 1.0

#: ... and column generation goes on at the boxed LP's exact duals, pricing with fronts
#: of this many labels until they find nothing, then without a cap (exact, and slower:
#: 30–50 s a pass on the NSB day with 2 workers) ...
PROOF_CAP = 1000

#: ... until no duty's reduced cost is below minus this much (NOK). Column generation's
#: own bound pass proves its LP value only under the same condition.
PROOF_TOLERANCE = 1.0

#: Fronts of this many labels are never cut: pricing is exact.
NO_CAP = 1 << 30

#: Refinement rounds of the Lagrangian set-covering heuristic after the dive, with
#: ``method="lagrangian"`` (``scp.solve``'s ``max_rounds``, a deterministic budget; the
#: rest of the time limit only caps it).
COVER_ROUNDS = 5

#: Neighbourhood MIP steps of the set-covering step after its search (``scp.solve``'s
#: ``mip_steps``, a deterministic budget).
COVER_STEPS = 10


@dataclass(frozen=True)
class UncoveredLeg:
    """A leg no valid duty can ride, and why."""

    leg: Leg
    rule: str
    message: str


@dataclass(frozen=True)
class PlannedDuty:
    """A chosen duty with its tasks."""

    id: str
    duty: Duty
    tasks: tuple[Task, ...]
    driven: tuple[int, ...]


@dataclass
class DayPlan:
    """The plan of one service day.

    Attributes
    ----------
    day : date
        The service day.
    crew : str
        Crew type.
    legs : list of Leg
        Every leg of the day.
    duties : list of PlannedDuty
        The chosen duties, each leg driven by exactly one of them.
    uncovered : list of UncoveredLeg
        Legs no valid duty can ride.
    cost : float
        Total cost of the duties.
    lower_bound : float
        A lower bound on the cost of covering the coverable legs: the Lagrangian bound
        of the final duals (see :func:`_lower_bound`) when no duty prices out at them by
        :data:`PROOF_TOLERANCE` or more (it is then the LP value within a krone per duty);
        else the bound the proof found (``bound_time``), or else the final LP value (an
        estimate, not a bound: a Lagrangian bound at duals far from converged is far
        below it, 204,707 NOK for a plan of 1,671,362 on an NSB Saturday).
    bound_proven : bool
        Whether ``lower_bound`` is a proven bound.
    lp_value : float
        The restricted master's LP value at the end (not a bound before convergence).
    least_reduced_cost : float
        At most the least reduced cost of any valid duty under the final duals (0 when
        none is negative: column generation converged); see :func:`_lower_bound`.
    hit_time_limit : bool
        Whether the clock cut any step short (see ``clock_cut``) rather than its
        deterministic stopping rule; only then may the plan differ between runs with the
        same seed.
    clock_cut : tuple of str
        The steps the clock cut short: ``"column_generation"`` (before convergence,
        tailing off or :data:`MAX_ROUNDS`), ``"dive"`` (before :data:`DIVE_STEPS` or its
        fixed duties riding every leg) and ``"integer_cover"`` (before its :data:`COVER_STEPS`
        neighbourhoods, :data:`COVER_ROUNDS` refinement rounds or proven optimality).
    columns : int
        Duties generated.
    rounds : int
        Column-generation rounds.
    elapsed_s : float
        Seconds the planning took (without proving the bound).
    bound_s : float
        Seconds spent proving the bound (``plan_day``'s ``bound_time``).
    excluded_trips : list of Trip
        Trips left out (not trains, e.g. rail-replacement buses).
    trips : list of Trip
        The trains planned.
    """

    day: date
    crew: str
    rules: Rules
    roles: StationRoles
    legs: list[Leg]
    duties: list[PlannedDuty]
    uncovered: list[UncoveredLeg]
    cost: float
    lower_bound: float
    bound_proven: bool
    columns: int
    rounds: int
    elapsed_s: float
    bound_s: float = 0.0
    lp_value: float = 0.0
    least_reduced_cost: float = 0.0
    hit_time_limit: bool = False
    clock_cut: tuple[str, ...] = ()
    excluded_trips: list[Trip] = field(default_factory=list)
    trips: list[Trip] = field(default_factory=list)
    method: str = ""

    @property
    def gap(self) -> float:
        """Relative gap of the cost to the lower bound."""
        if self.lower_bound <= 0:
            return 1.0 if self.cost > 0 else 0.0
        return (self.cost - self.lower_bound) / self.lower_bound


def artificial_cost(rules: Rules) -> float:
    """Cost of the artificial column that rides one leg: dearer than any duty."""
    return 1.1 * rules.duty_cost(rules.max_span, 2 * rules.max_taxi_km / rules.taxi_detour_factor)


class _Master:
    """The restricted master LP: minimise cost, every leg ridden at least once.

    Leg ``i`` also has an artificial column riding it alone. Its cost starts at
    ``artificial`` and drops to the cost of the cheapest duty riding the leg as soon as
    one is added: the artificial column is then no better than that duty, so it leaves
    the LP value unchanged while it bounds the leg's dual (a dual box), which keeps the
    duals of the early rounds from running wild.

    Each round's duals come from the volume algorithm (:mod:`.volume`), warm-started at
    the last round's; :meth:`solve_exact` solves the LP itself.
    """

    def __init__(self, n_legs: int, artificial: float, duals: np.ndarray) -> None:
        self.n_legs = n_legs
        self.artificial = np.full(n_legs, artificial)
        self.reached = np.zeros(n_legs, dtype=bool)
        self.costs = np.zeros(0)
        self.indptr = np.zeros(1, dtype=np.int64)
        self.rows = np.zeros(0, dtype=np.int64)
        self.duals = duals
        self.volume_duals = duals  # the last duals of the volume algorithm
        self.reduced_costs = np.zeros(0)

    def add(self, costs: Sequence[float], columns: Sequence[Sequence[int]]) -> None:
        """Add duties; lower the artificial column of each leg they ride to their cost."""
        costs = np.asarray(costs, dtype=np.float64)
        rows = np.fromiter((i for column in columns for i in column), np.int64)
        lengths = np.fromiter((len(column) for column in columns), np.int64, len(columns))
        self.costs = np.concatenate([self.costs, costs])
        self.indptr = np.concatenate([self.indptr, self.indptr[-1] + np.cumsum(lengths)])
        self.rows = np.concatenate([self.rows, rows])
        np.minimum.at(self.artificial, rows, np.repeat(costs, lengths))
        self.reached[rows] = True

    def solve(self) -> tuple[float, np.ndarray]:
        """The value of the legs some duty rides (a lower bound on the LP's) and duals."""
        result = volume.maximise(
            self.costs, self.indptr, self.rows, self.artificial, self.duals, VOLUME_STEPS
        )
        self.duals, self.reduced_costs = result.duals, result.reduced_costs
        self.volume_duals = result.duals
        unreached = ~self.reached
        shift = np.minimum(self.duals, self.artificial)[unreached].sum()
        return result.value - float(shift), self.duals

    def solve_exact(self) -> tuple[float, np.ndarray]:
        """The LP value of the legs some duty rides, and the LP's duals (interior point)."""
        highs = quiet_highs()
        # The interior point method without crossover: several times faster than simplex
        # on this degenerate LP, and its duals (central, not a vertex) suit pricing.
        highs.setOptionValue("solver", "ipm")
        highs.setOptionValue("run_crossover", "off")
        n = self.costs.size
        highs.passModel(
            covering_model(
                self.n_legs,
                np.concatenate([self.costs, self.artificial]),
                np.concatenate([self.indptr, self.indptr[-1] + 1 + np.arange(self.n_legs)]),
                np.concatenate([self.rows, np.arange(self.n_legs)]),
                integer=False,
            )
        )
        highs.run()
        solution = highs.getSolution()
        self.duals = np.asarray(solution.row_dual)
        self.reduced_costs = np.asarray(solution.col_dual)[:n]
        unreached = ~self.reached
        shift = self.artificial[unreached] @ np.asarray(solution.col_value)[n:][unreached]
        return highs.getInfo().objective_function_value - float(shift), self.duals

    def drop_dear(self, most: int, keep_at: int, above: float = 0.0) -> np.ndarray:
        """When more than ``most`` duties are held, remove those of largest reduced cost
        in the last solution, as long as it exceeds ``above``, until ``keep_at`` are left.

        Returns which duties (in the order added) stay.
        """
        reduced = self.reduced_costs
        keep = np.ones(reduced.size, dtype=bool)
        if reduced.size > most:
            dearest = np.argsort(-reduced, kind="stable")[: reduced.size - keep_at]
            keep[dearest[reduced[dearest] > above]] = False
        lengths = np.diff(self.indptr)
        _keep_last_duties(
            self.rows, np.repeat(np.arange(reduced.size), lengths), keep, self.reached
        )
        if not keep.all():
            self.rows = self.rows[np.repeat(keep, lengths)]
            self.indptr = np.concatenate([[0], np.cumsum(lengths[keep])])
            self.costs = self.costs[keep]
            self.reduced_costs = reduced[keep]
        return keep


def plan_day(
    feed: Feed,
    day: date,
    rules: Rules,
    roles: StationRoles,
    *,
    time_limit: float = 60.0,
    seed: int = 0,
    method: str = "neighbourhoods",
    progress: Progress | None = None,
    workers: int = 1,
    bound_time: float = 0.0,
) -> DayPlan:
    """Plan the duties of one service day.

    Parameters
    ----------
    feed : Feed
        The timetable.
    day : date
        The service day.
    rules : Rules
        The crew type's rule profile.
    roles : StationRoles
        Depots, relief points and break stations.
    time_limit : float
        Seconds for column generation and the integer cover together (reading the feed
        not included; the diagnosis of uncoverable legs comes on top).
    seed : int
        Seed of the integer cover. Column generation, the LP dive and the integer cover
        each stop by a deterministic rule or budget, so the same seed gives the same plan
        unless the clock cut a step short (``DayPlan.hit_time_limit``).
    method : {"neighbourhoods", "lagrangian", "highs"}
        The set-covering method (:func:`sokkel.lab.crew.scp.solve`), started from the LP
        dive's cover.
    progress : callable, optional
        Called with one-line progress messages.
    workers : int
        Processes pricing depots in parallel (the plan does not depend on it).
    bound_time : float
        Seconds for proving a lower bound after the plan (:func:`_prove_bound`; not
        part of ``time_limit``, and the plan does not depend on it). 0: no proof.

    Returns
    -------
    DayPlan
    """
    started = time.perf_counter()
    say = progress or (lambda message: None)
    trips = feed.trips_on(day)
    legs = cut_legs(trips, roles.relief_points)
    net = DutyNetwork.build(feed, legs, roles, rules)
    depots = sorted(d for d in roles.depots if d in net.departures or net.taxi_km.get(d))
    say(f"{day}: {len(trips)} trains, {len(legs)} legs, {len(depots)} depots")

    artificial = artificial_cost(rules)
    centre = np.array([START_DUALS * rules.hourly_cost * (g.end - g.start) / 3600 for g in legs])
    master = _Master(len(legs), artificial, centre)
    duties: list[Duty] = []
    known: set[Key] = set()
    deadline = started + COLUMN_GENERATION_SHARE * time_limit
    rounds = 0
    generated = 0
    clock_cut: list[str] = []
    found: list[Duty] = []
    history: list[float] = []
    exact: tuple[float, np.ndarray] | None = None  # the exact LP of the master as it is
    with _Pricer(net, depots, workers) as pricer:
        while True:
            clock = time.perf_counter()
            value, duals = master.solve()
            lp_s = time.perf_counter() - clock
            rounds += 1
            history.append(value)
            # Wentges smoothing: price at a point between the last pricing point (at
            # first the START_DUALS guess) and the new duals; when that finds nothing that
            # prices out at the duals themselves (a mispricing), price at the duals.
            smoothed = True
            point = SMOOTHING * centre + (1 - SMOOTHING) * duals
            while True:
                found, best = _price_round(pricer, point, duals, depots, known)
                if found or not smoothed:
                    break
                point, smoothed = duals, False
            if not found:
                # The volume algorithm's duals may price known duties below zero, which
                # can crowd new ones out of pricing: only the LP's own duals end it.
                value, duals = exact = master.solve_exact()
                found, best = _price_round(pricer, duals, duals, depots, known)
                point = duals
            centre = point
            pricing_s = time.perf_counter() - clock - lp_s
            say(
                f"round {rounds}: LP ≥ {value:,.0f}, {len(duties):,} duties, "
                f"{len(found)} new, best reduced cost {best:,.0f} "
                f"(duals {lp_s:.1f} s, pricing {pricing_s:.1f} s)"
            )
            if not found:
                break
            # Pool management: drop the duties the LP has priced far out (they may come
            # back when pricing finds them again), then add the new ones.
            duties = _forget(duties, master.drop_dear(POOL_LIMIT, POOL_KEEP), known)
            master.add([d.cost for d in found], [d.legs for d in found])
            exact = None
            duties.extend(found)
            generated += len(found)
            if _tailing_off(history) or rounds >= MAX_ROUNDS:
                break
            if time.perf_counter() > deadline:
                clock_cut.append("column_generation")
                say("column generation stopped by the time limit (the plan may differ per run)")
                break
        covered = _covered(len(legs), duties)
        # Column generation may have stopped before reaching some legs: price them alone.
        repaired = [
            duty
            for duty in _cover_alone(net, np.flatnonzero(~covered), depots, artificial)
            if _key(duty) not in known
        ]
        for duty in repaired:
            known.add(_key(duty))
        if repaired:
            master.add([d.cost for d in repaired], [d.legs for d in repaired])
            duties.extend(repaired)
            generated += len(repaired)
        if exact is None or repaired:
            clock = time.perf_counter()
            exact = master.solve_exact()
            say(f"LP {exact[0]:,.0f} ({time.perf_counter() - clock:.1f} s)")
        lp_value, duals = exact
        clock = time.perf_counter()
        lagrangian, least = _lower_bound(pricer, duals, master.reached, depots, lp_value)
        bound_proven = lagrangian > 0 and least >= -PROOF_TOLERANCE
        lower_bound = lagrangian if bound_proven else lp_value
        say(
            f"bound: least reduced cost of any duty {least:,.0f}, "
            + (
                f"lower bound {lower_bound:,.0f}"
                if bound_proven
                else f"the LP value {lp_value:,.0f} is not proven "
                f"(the Lagrangian bound is {lagrangian:,.0f})"
            )
            + f" ({time.perf_counter() - clock:.1f} s)"
        )
        dive: _Dive | None = None
        if duties:
            # The dive's first LPs are faster without the dearest duties.
            duties = _forget(duties, master.drop_dear(0, 0, DIVE_POOL_REDUCED_COST), known)
            dive = _dive(
                pricer,
                duties,
                known,
                depots,
                started + DIVE_END * time_limit,
                say,
                master.duals,
                artificial,
            )
            generated += dive.priced
    covered = _covered(len(legs), duties)
    uncovered = _diagnose(net, np.flatnonzero(~covered), depots)
    for item in uncovered:
        say(f"uncoverable: trip {item.leg.trip_id} {item.message}")

    chosen: list[Duty] = []
    cost = 0.0
    if duties:
        rows = np.flatnonzero(covered)
        row_of = np.full(len(legs), -1, dtype=np.int64)
        row_of[rows] = np.arange(rows.size)
        problem = scp.SetCoverProblem.from_columns(
            int(rows.size),
            [d.cost for d in duties],
            [[int(row_of[i]) for i in d.legs] for d in duties],
        )
        assert dive is not None
        dived: list[int] | None = _cover_from(problem, dive.values)
        if dive.clock_cut:
            clock_cut.append("dive")
            say("LP dive stopped by the time limit (the plan may differ per run)")
        if not problem.is_cover(dived):
            dived = None
        if dived is not None:
            dive_cost = float(sum(duties[j].cost for j in dived))
            say(
                f"LP dive: {len(dived)} duties, cost {dive_cost:,.0f} in {dive.steps} steps, "
                f"{dive.priced:,} duties priced on the way"
                + ("" if dive.complete else " (completed by rounding)")
            )
        remaining = max(5.0, time_limit - (time.perf_counter() - started))
        result = scp.solve(
            problem,
            time_limit=remaining,
            seed=seed,
            method=method,
            initial=dived,
            progress=say,
            max_rounds=COVER_ROUNDS,
            mip_steps=COVER_STEPS,
        )
        if result.hit_time_limit:
            clock_cut.append("integer_cover")
            say("integer cover stopped by the time limit (the plan may differ per run)")
        selected = result.selected
        if dived is not None and dive_cost < result.cost:
            selected = dived
        chosen = [duties[j] for j in selected]
        cost = float(sum(d.cost for d in chosen))
        say(
            f"integer cover: {len(chosen)} duties, cost {cost:,.0f}, LP bound "
            f"{lower_bound:,.0f} ({result.rounds} rounds, {result.elapsed_s:.1f} s)"
        )

    elapsed = time.perf_counter() - started
    bound_s = 0.0
    if bound_time > 0 and duties:
        clock = time.perf_counter()
        with _Pricer(net, depots, workers) as pricer:
            proven, at = _prove_bound(pricer, master, depots, lp_value, clock + bound_time, say)
        bound_s = time.perf_counter() - clock
        if proven > 0 and (not bound_proven or proven > lower_bound):
            lower_bound, bound_proven, least = proven, True, at
    planned = _assign_driving(chosen, net)
    return DayPlan(
        day=day,
        crew=rules.crew,
        rules=rules,
        roles=roles,
        legs=legs,
        duties=planned,
        uncovered=uncovered,
        cost=cost,
        lower_bound=lower_bound,
        bound_proven=bound_proven,
        lp_value=lp_value,
        least_reduced_cost=least,
        columns=generated,
        rounds=rounds,
        elapsed_s=elapsed,
        bound_s=bound_s,
        hit_time_limit=bool(clock_cut),
        clock_cut=tuple(clock_cut),
        excluded_trips=feed.excluded_on(day),
        trips=trips,
        method=method,
    )


class _Pricer:
    """Prices depots, window by window of sign-on, in worker processes when ``workers > 1``."""

    def __init__(self, net: DutyNetwork, depots: Sequence[str], workers: int) -> None:
        self.net = net
        self.pool: Pool | None = None
        self.windows = _sign_on_windows(net)
        if workers > 1:
            # Load the compiled pricing kernel (compiling it on a cold cache) and build the
            # network's arrays for every depot once, here, for the forked workers to inherit.
            for depot in depots:
                price(net, np.zeros(len(net.legs)), depot, max_duties=0)
            global _WORKER_NET
            _WORKER_NET = net
            self.pool = multiprocessing.get_context("fork").Pool(workers)

    def __enter__(self) -> _Pricer:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()

    def price(
        self,
        depots: Sequence[str],
        duals: np.ndarray,
        bound: bool = False,
        cap: int = LABEL_CAP,
        whole_day: bool = False,
    ) -> list[PricingResult]:
        """Price each depot and window of sign-on (``whole_day``: one window) with fronts
        of ``cap`` labels (``bound``: a lower bound on the reduced costs, see ``price``)."""
        windows, most = (
            ([WHOLE_DAY], COLUMNS_PER_DEPOT) if whole_day else (self.windows, COLUMNS_PER_WINDOW)
        )
        tasks = [(d, w, duals, bound, cap, most) for d in depots for w in windows]
        if self.pool is None:
            return [_price_window(self.net, *task) for task in tasks]
        return self.pool.starmap(_price_in_worker, tasks)


#: The network a worker process prices (inherited when the pool forks).
_WORKER_NET: DutyNetwork | None = None


def _price_in_worker(
    depot: str, window: tuple[int, int], duals: np.ndarray, bound: bool, cap: int, most: int
) -> PricingResult:
    assert _WORKER_NET is not None
    return _price_window(_WORKER_NET, depot, window, duals, bound, cap, most)


def _price_window(
    net: DutyNetwork,
    depot: str,
    window: tuple[int, int],
    duals: np.ndarray,
    bound: bool,
    cap: int,
    most: int,
) -> PricingResult:
    return price(net, duals, depot, max_duties=most, cap=cap, bound=bound, sign_on=window)


def _sign_on_windows(net: DutyNetwork) -> list[tuple[int, int]]:
    """Windows of :data:`SIGN_ON_WINDOW` seconds from the first departure; the first and
    the last are open-ended."""
    starts = [leg.start for leg in net.legs] or [0]
    cuts = range(min(starts) + SIGN_ON_WINDOW, max(starts), SIGN_ON_WINDOW)
    bounds = [WHOLE_DAY[0], *cuts, WHOLE_DAY[1]]
    return list(zip(bounds[:-1], bounds[1:], strict=True))


def _price_round(
    pricer: _Pricer,
    point: np.ndarray,
    duals: np.ndarray,
    depots: Sequence[str],
    known: set[Key],
    whole_day: bool = False,
    cap: int = LABEL_CAP,
) -> tuple[list[Duty], float]:
    """Price every depot at ``point`` (see :meth:`_Pricer.price`).

    Returns the new duties of negative reduced cost under ``duals`` (added to ``known``)
    and the most negative reduced cost at ``point``.
    """
    found: list[Duty] = []
    best = 0.0
    for result in pricer.price(depots, point, cap=cap, whole_day=whole_day):
        best = min(best, result.best)
        for duty in result.duties:
            key = _key(duty)
            if key in known or duty.cost - float(duals[list(duty.legs)].sum()) > -1e-6:
                continue
            known.add(key)
            found.append(duty)
    return found, best


def _lower_bound(
    pricer: _Pricer,
    duals: np.ndarray,
    reached: np.ndarray,
    depots: Sequence[str],
    lp_value: float,
) -> tuple[float, float]:
    """A proven lower bound on the cost of covering the legs some duty rides.

    For any duals ``u >= 0`` (here the master's, zero on legs no duty rides), Lagrangian
    relaxation of the covering rows gives ``sum(u) + K * min(0, least reduced cost at u)``
    as a lower bound on the LP optimum over *all* duties of the model (each signing on as
    late as its first task allows, see :mod:`.pricing`), where ``K`` bounds the
    number of duties of that optimum. The optimum costs at most ``lp_value`` (the
    restricted master's solution is feasible) and every duty at least :func:`_least_cost`,
    so ``K = lp_value / least cost`` will do. The least reduced cost comes from pricing
    in bound mode (``price(..., bound=True)``), a relaxation whose value is at most the
    true one. When it is not negative the bound is ``sum(u)``, the LP optimum itself.

    Returns the bound and the least reduced cost.
    """
    point = np.where(reached, np.maximum(duals, 0.0), 0.0)
    least = min((r.best for r in pricer.price(depots, point, bound=True)), default=0.0)
    most_duties = lp_value / _least_cost(pricer.net)
    return float(point.sum()) + most_duties * min(0.0, least), least


def _prove_bound(
    pricer: _Pricer,
    master: _Master,
    depots: Sequence[str],
    upper: float,
    deadline: float,
    say: Progress,
) -> tuple[float, float]:
    """A proven lower bound from column generation with exact pricing, boxed duals.

    Any duals ``u >= 0`` give the Lagrangian bound of :func:`_lower_bound` when pricing is
    exact; pricing without a cap is (dominance alone drops labels), and when nothing
    prices out the bound is ``sum(u)`` itself. The volume algorithm's last duals are
    close to optimal but price some duties below zero; the master's own duals are
    optimal for its duties but arbitrary beyond them (it is degenerate). So the master
    goes on with each leg's artificial column at most :data:`BOX_WIDTH` above the volume
    dual — its duals stay in that box — and grows by the duties that price out at its
    duals: first from fronts of :data:`PROOF_CAP` labels, then from exact passes, until
    an exact pass finds none below ``-PROOF_TOLERANCE`` (or no new one: duties the
    master holds may price a little below zero at the interior point's duals). The box
    only lowers the master's LP value; when exact pricing finds nothing below zero, that
    value ``sum(u)`` is at most the LP optimum (on the NSB day close to it). A pass begun
    before ``deadline`` runs to its end.

    Returns the best bound (0 if no exact pass ended before ``deadline``) and the least
    reduced cost at its duals. Leaves the master with the new duties, its artificial
    columns as they were and the boxed LP's duals.
    """
    most_duties = upper / _least_cost(pricer.net)
    reached = master.reached.copy()  # the legs ``upper`` covers (duties found may add some)
    added: set[Key] = set()  # the dive's duties are known but not in the master
    artificial = master.artificial
    box = master.volume_duals + BOX_WIDTH
    best, least = 0.0, 0.0
    cap = PROOF_CAP
    while time.perf_counter() < deadline:
        clock = time.perf_counter()
        master.artificial = np.minimum(artificial, box)
        value, duals = master.solve_exact()
        master.artificial = artificial
        point = np.where(reached, np.clip(duals, 0.0, box), 0.0)
        found, reduced = _price_round(pricer, point, point, depots, added, cap=cap)
        exact = cap == NO_CAP
        message = f"boxed LP {value:,.0f}, least reduced cost {reduced:,.0f}"
        if exact:
            bound = float(point.sum()) + most_duties * min(0.0, reduced)
            if bound > best:
                best, least = bound, reduced
            message += f", proven bound {bound:,.0f}"
        say(
            f"bound pass ({'exact' if exact else f'fronts of {cap}'}): {message}, "
            f"{len(found)} new ({time.perf_counter() - clock:.1f} s)"
        )
        done = not found or reduced >= -PROOF_TOLERANCE
        if exact and done:
            break
        cap = NO_CAP if done else PROOF_CAP
        master.add([d.cost for d in found], [d.legs for d in found])
    return best, least


def _least_cost(net: DutyNetwork) -> float:
    """A lower bound on the cost of any duty: sign-on, walks, the shortest leg, sign-off."""
    rules = net.rules
    shortest = min((leg.end - leg.start for leg in net.legs), default=0)
    return rules.duty_cost(rules.sign_on + 2 * rules.walk + shortest + rules.sign_off)


@dataclass
class _Dive:
    """What :func:`_dive` ends with.

    Attributes
    ----------
    values : numpy.ndarray
        Per duty of the pool: 1 for the fixed duties, else its value in the last step's
        primal average (to round up to a cover).
    complete : bool
        Whether the fixed duties ride every leg some duty rides.
    steps : int
        Steps taken.
    clock_cut : bool
        Whether the deadline ended the dive.
    priced : int
        Duties that pricing added to the pool.
    """

    values: np.ndarray
    complete: bool
    steps: int
    clock_cut: bool
    priced: int


def _dive(
    pricer: _Pricer,
    duties: list[Duty],
    known: set[Key],
    depots: Sequence[str],
    deadline: float,
    say: Progress,
    start_duals: np.ndarray,
    artificial: float,
) -> _Dive:
    """An integer cover by a price-and-branch dive on a shrinking LP.

    Each step solves the LP of riding the legs that no fixed duty rides yet with the
    duties of the pool by the volume algorithm, warm-started at the last step's duals (at
    first ``start_duals``; each leg has an artificial column at cost ``artificial``). The
    LP shrinks as duties are fixed, and the duties it prices above
    :data:`DIVE_DROP_REDUCED_COST` leave the later ones. The step fixes to 1 every duty
    the volume algorithm's primal average takes at :data:`DIVE_FIX` or more (and at
    least the :data:`DIVE_FIX_LEAST` it takes most of), then prices every depot at the
    duals, zero on the legs now ridden, and adds the new duties of negative reduced cost to
    ``duties`` (extended in place): pricing repairs what fixing spoils. It ends when the
    fixed duties ride every leg some duty of the pool rides, after :data:`DIVE_STEPS`
    steps or at ``deadline``.
    """
    n_legs = len(pricer.net.legs)
    closed = ~_covered(n_legs, duties)  # legs no duty rides are left to the diagnosis
    # The pool as arrays: the legs of every duty in a row (``flat``) with the duty each
    # entry belongs to (``owner``), each duty's cost, and whether an LP priced it out.
    flat = np.zeros(0, dtype=np.int64)
    owner = np.zeros(0, dtype=np.int64)
    costs = np.zeros(0)
    dear = np.zeros(0, dtype=bool)

    def grow(new: Sequence[Duty], first: int) -> None:
        nonlocal flat, owner, costs, dear
        lengths = [len(d.legs) for d in new]
        flat = np.concatenate([flat, np.fromiter((i for d in new for i in d.legs), np.int64)])
        owner = np.concatenate([owner, np.repeat(np.arange(first, first + len(new)), lengths)])
        costs = np.concatenate([costs, [d.cost for d in new]])
        dear = np.concatenate([dear, np.zeros(len(new), dtype=bool)])

    grow(duties, 0)
    fixed: list[int] = []
    columns = np.zeros(0, dtype=np.int64)
    x = np.zeros(0)
    priced = 0
    duals = start_duals

    def ending(complete: bool, steps: int, clock_cut: bool) -> _Dive:
        values = np.zeros(len(duties))
        values[columns] = x
        values[fixed] = 1.0
        return _Dive(values, complete, steps, clock_cut, priced)

    for step in range(1, DIVE_STEPS + 1):
        clock = time.perf_counter()
        if clock >= deadline:
            return ending(False, step - 1, True)
        open_legs = np.flatnonzero(~closed)
        row_of = np.full(n_legs, -1, dtype=np.int64)
        row_of[open_legs] = np.arange(open_legs.size)
        entries = ~closed[flat] & ~dear[owner]
        columns, counts = np.unique(owner[entries], return_counts=True)
        indptr = np.concatenate(([0], np.cumsum(counts)))
        result = volume.maximise(
            costs[columns],
            indptr,
            row_of[flat[entries]],
            np.full(open_legs.size, artificial),
            duals[open_legs],
            DIVE_VOLUME_STEPS,
        )
        lp_s = time.perf_counter() - clock
        x = result.primal
        dear[columns[result.reduced_costs > DIVE_DROP_REDUCED_COST]] = True
        fix = np.flatnonzero(x >= DIVE_FIX)
        if fix.size < DIVE_FIX_LEAST:
            largest = np.argsort(-x, kind="stable")[:DIVE_FIX_LEAST]
            fix = largest[x[largest] > 1e-6]
        if fix.size == 0:  # the average rides the legs by artificial columns alone
            fix = np.array([np.argmin(result.reduced_costs)])
        fixed_cost = float(costs[fixed].sum())
        for j in columns[fix]:
            fixed.append(int(j))
            closed[list(duties[j].legs)] = True
        if closed.all():
            return ending(True, step, False)
        live = ~dear
        _keep_last_duties(flat, owner, live, ~closed)
        dear = ~live
        duals = np.zeros(n_legs)
        duals[open_legs] = result.duals
        duals[closed] = 0.0
        found, _ = _price_round(pricer, duals, duals, depots, known, whole_day=True)
        say(
            f"dive step {step}: {open_legs.size:,} legs open, LP ≥ {result.value:,.0f} "
            f"+ fixed {fixed_cost:,.0f}, "
            f"{fix.size} duties fixed, {len(found)} new (duals {lp_s:.1f} s, "
            f"pricing {time.perf_counter() - clock - lp_s:.1f} s)"
        )
        if found:
            grow(found, len(duties))
            duties.extend(found)
            priced += len(found)
    return ending(False, DIVE_STEPS, False)


def _keep_last_duties(
    rows: np.ndarray, owner: np.ndarray, keep: np.ndarray, needed: np.ndarray
) -> None:
    """Mark in ``keep`` every duty of a ``needed`` leg that no kept duty rides.

    ``rows`` lists the legs of every duty in a row, ``owner`` the duty of each entry. The
    volume algorithm's reduced costs are not the LP's, so dropping the duties it prices
    high may take every duty of a leg.
    """
    starving = needed & (np.bincount(rows[keep[owner]], minlength=needed.size) == 0)
    keep[owner[starving[rows]]] = True


def _key(duty: Duty) -> Key:
    """What tells duties apart in the pool: depot, legs and cost (pricing may find a
    cheaper duty riding the same legs, with another sign-on or taxi; a dearer one may
    join too, and the LP never prefers it)."""
    return duty.depot, duty.legs, duty.cost


def _forget(duties: list[Duty], keep: np.ndarray, known: set[Key]) -> list[Duty]:
    """The duties ``keep`` marks; the others leave ``known`` (pricing may find them again)."""
    for duty, kept in zip(duties, keep, strict=True):
        if not kept:
            known.discard(_key(duty))
    return [duty for duty, kept in zip(duties, keep, strict=True) if kept]


def _cover_from(problem: scp.SetCoverProblem, values: np.ndarray) -> list[int]:
    """Round an LP solution up to a cover: the duties it takes wholly, then the others by
    decreasing value while they ride a leg not yet covered (integral values: those)."""
    covered = np.zeros(problem.n_rows, dtype=bool)
    chosen: list[int] = []
    for j in np.argsort(-values, kind="stable"):
        if values[j] <= 1e-6:
            break
        rows = problem.column(int(j))
        if values[j] >= 1 - 1e-6 or not covered[rows].all():
            chosen.append(int(j))
            covered[rows] = True
    return chosen


def _tailing_off(history: Sequence[float]) -> bool:
    """Whether the LP value fell by less than the :data:`TAILING_OFF` share lately."""
    share, rounds = TAILING_OFF
    if len(history) < 2 * rounds:
        return False
    recent = float(np.mean(history[-rounds:]))
    return float(np.mean(history[-2 * rounds : -rounds])) - recent < share * recent


def _covered(n_legs: int, duties: Sequence[Duty]) -> np.ndarray:
    covered = np.zeros(n_legs, dtype=bool)
    for duty in duties:
        covered[list(duty.legs)] = True
    return covered


def _assign_driving(chosen: Sequence[Duty], net: DutyNetwork) -> list[PlannedDuty]:
    """Let the first duty (in sign-on order) drive each leg; the others deadhead on it."""
    ordered = sorted(chosen, key=lambda d: (d.sign_on, d.depot, d.legs))
    taken: set[int] = set()
    planned: list[PlannedDuty] = []
    for number, duty in enumerate(ordered, start=1):
        driven = tuple(i for i in duty.legs if i not in taken)
        taken.update(driven)
        tasks = tuple(duty_tasks(duty, net, frozenset(driven)))
        planned.append(PlannedDuty(f"D{number:04d}", duty, tasks, driven))
    return planned


#: Rules relaxed one at a time to find what blocks an uncoverable leg, with the message.
_RELAXATIONS: tuple[tuple[str, dict[str, float], str], ...] = (
    (
        "max_taxi_km",
        {"max_taxi_km": 1000.0},
        "no train or taxi within max_taxi_km gets crew there and home",
    ),
    (
        "max_span",
        {"max_span": 4 * 3600, "max_work": 4 * 3600},
        "no duty fits within max_span / max_work",
    ),
    (
        "max_continuous_work",
        {"max_continuous_work": 4 * 3600, "max_span": 4 * 3600, "max_work": 4 * 3600},
        "no break at a break station fits (max_continuous_work, break window)",
    ),
)


def _cover_alone(
    net: DutyNetwork, targets: Sequence[int], depots: Sequence[str], weight: float
) -> list[Duty]:
    """Duties riding the target legs, priced with a dual only on them, until none is new."""
    remaining = {int(i) for i in targets}
    duties: list[Duty] = []
    while remaining:
        duals = np.zeros(len(net.legs))
        duals[sorted(remaining)] = weight
        reached: set[int] = set()
        for depot in depots:
            for duty in price(net, duals, depot).duties:
                hits = remaining.intersection(duty.legs)
                if hits:
                    reached |= hits
                    duties.append(duty)
        if not reached:
            break
        remaining -= reached
    return duties


def _diagnose(
    net: DutyNetwork, targets: Sequence[int], depots: Sequence[str]
) -> list[UncoveredLeg]:
    """Find the rule that keeps every duty off each target leg, relaxing one at a time."""
    remaining = [int(i) for i in targets]
    blocked: dict[int, tuple[str, str]] = {}
    base = net.rules
    for rule, changes, message in _RELAXATIONS:
        if not remaining:
            break
        extended = {
            name: (value if name == "max_taxi_km" else getattr(base, name) + value)
            for name, value in changes.items()
        }
        probe = net.build_like(replace(base, **extended))
        for duty in _cover_alone(probe, remaining, depots, 1e9):
            for i in duty.legs:
                blocked.setdefault(i, (rule, message))
        remaining = [i for i in remaining if i not in blocked]
    result = []
    for i in targets:
        leg = net.legs[int(i)]
        rule, message = blocked.get(
            int(i), ("unreachable", "no depot reaches it even with rules relaxed")
        )
        where = (
            f"{leg.from_station} {format_time(leg.start)} – {leg.to_station} {format_time(leg.end)}"
        )
        result.append(UncoveredLeg(leg, rule, f"{where}: {message}"))
    return result
