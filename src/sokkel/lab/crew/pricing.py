"""Pricing: resource-constrained shortest paths that find duties of negative reduced cost.

For one depot, a single pass over the day's legs in departure order builds **labels**
(partial duties) and extends them leg by leg. A label carries its cost so far (paid time
plus taxis minus the duals of the legs it rides), the time of sign-on (span), the start of
its current stretch of continuous work, and the length of its break (0 before the break).
Cost is linear in time, so waiting is priced as it happens and a duty's reduced cost is the
sum along its path.

From the end of a leg a label may

* stay on the train (the trip's next leg, no changeover),
* change trains: it waits on the platform from ``min_changeover`` after arrival and may
  board any later departure from that station,
* take its break (at a break station, once per duty): it waits at least
  ``walk + break_length + walk`` and boards a later departure; the break must overlap the
  break window and the work before it must not exceed ``max_continuous_work``,
* sign off at its depot, or ride a taxi home first (at a break station, optionally after
  taking its break there).

A duty starting with a taxi to a break station may also take its break there before its
first train.

New labels start at every departure from the depot (after sign-on and a walk) and from
every relief point a taxi can reach from the depot. A label is dropped when it breaks
span or continuous-work limits, and when another label at the same place and time is at
least as good in every resource (cost, sign-on time, stretch start, break). Fronts are
capped at :data:`LABEL_CAP` labels; :class:`PricingResult` says whether the cap was hit
(pricing then is a heuristic: it may miss the best duties).

In **bound mode** (``price(..., bound=True)``) the labels beyond the cap are merged into
one label with the best of each resource instead of being dropped, every taxi is allowed
and the break may start before its window: each step is a relaxation, so the least
reduced cost found is at most that of any valid duty, which makes a Lagrangian lower
bound (:func:`sokkel.lab.crew.solve.plan_day`) proven.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from operator import itemgetter

from sokkel.lab.crew.duties import Duty, DutyNetwork, Step

__all__ = ["LABEL_CAP", "PricingResult", "price"]

#: At most this many labels are kept at a place and time.
LABEL_CAP = 30

#: A pricing pass returns at most this many duties with the same first or last leg.
SAME_END = 5

#: Taxis are the exception: a duty takes a taxi out only when trains would make it sign
#: on more than this many seconds earlier (or cannot get there at all), and a taxi home
#: only when trains would make it sign off more than this later or not within its span.
TAXI_SLACK = 3600

# A pending label (waiting to board a leg):
#   (cost, sign_on, stretch_start, break_length, how, previous_arrival, taxi_station)
# An arrival label (after riding a leg):
#   (cost, sign_on, stretch_start, break_length, leg, how, previous_arrival, taxi_station)
# A label on break: (cost, sign_on, break_start, previous_arrival)


@dataclass
class PricingResult:
    """Duties of negative reduced cost from one pricing pass over one depot.

    Attributes
    ----------
    duties : list of Duty
        The best duties found, most negative reduced cost first, distinct in their legs.
    reduced_costs : list of float
        Their reduced costs.
    best : float
        The most negative reduced cost found (0.0 if none).
    cap_hit : bool
        Whether a label front was cut (merged, in bound mode) at the cap.
    """

    duties: list[Duty]
    reduced_costs: list[float]
    best: float
    cap_hit: bool


def _prune(labels: list[tuple], cap: int, merge: bool = False) -> tuple[list[tuple], bool]:
    """Keep the labels no other label beats in every resource; at most ``cap`` of them.

    Labels before and after their break never dominate each other, so each is checked
    against its own group only; a label signing on or starting its stretch later than
    every label of its group so far is kept without a check.

    With ``merge``, the labels beyond the cap are not dropped but merged, per group, into
    one label with the best of each resource (least cost, latest sign-on and stretch
    start, longest break): a relaxation (every extension of a merged label is open to
    the merged one at no more cost), which keeps a lower bound valid.
    """
    if len(labels) < 2:
        return labels, False
    labels.sort(key=itemgetter(0))
    kept: list[tuple] = []
    groups: tuple[list[tuple], list[tuple]] = ([], [])
    latest = [[-(10**9), -(10**9)], [-(10**9), -(10**9)]]
    merged: list[list | None] = [None, None]
    for label in labels:
        sign_on, stretch, brk = label[1], label[2], label[3]
        group = 1 if brk > 0 else 0
        bounds = latest[group]
        if sign_on <= bounds[0] and stretch <= bounds[1]:
            # A plain loop: a generator in any() costs this hot loop about a sixth more.
            dominated = False
            for other in groups[group]:
                if other[1] >= sign_on and other[2] >= stretch and other[3] >= brk:
                    dominated = True
                    break
            if dominated:
                continue
        if len(kept) >= cap:
            merged[group] = _merge(merged[group], label)
            continue
        kept.append(label)
        groups[group].append(label)
        bounds[0] = max(bounds[0], sign_on)
        bounds[1] = max(bounds[1], stretch)
        if len(kept) >= cap and not merge:
            return kept, True
    extra = [(*m, "merged", None, None) for m in merged if m is not None]
    return kept + extra, bool(extra)


def _merge(merged: list | None, label: tuple) -> list:
    """The ideal point of ``merged`` and a pending label: least cost, latest times."""
    if merged is None:
        return [label[0], label[1], label[2], label[3]]
    merged[1] = max(merged[1], label[1])
    merged[2] = max(merged[2], label[2])
    merged[3] = max(merged[3], label[3])
    return merged


def _prune_breaks(labels: list[tuple], cap: int, merge: bool = False) -> tuple[list[tuple], bool]:
    """Dominance on labels taking their break: cost, sign-on, earlier break start.

    With ``merge``, labels beyond the cap become one label (least cost, latest sign-on,
    earliest break start) marked by a fifth field, as in :func:`_prune`.
    """
    if len(labels) < 2:
        return labels, False
    labels.sort(key=lambda label: label[0])
    kept: list[tuple] = []
    merged: list | None = None
    for label in labels:
        for other in kept:
            if other[1] >= label[1] and other[2] <= label[2]:
                break
        else:
            if len(kept) < cap:
                kept.append(label)
            elif not merge:
                return kept, True
            elif merged is None:
                merged = [label[0], label[1], label[2]]
            else:
                merged[1] = max(merged[1], label[1])
                merged[2] = min(merged[2], label[2])
    if merged is None:
        return kept, False
    return [*kept, (*merged, None, "merged")], True


def price(
    net: DutyNetwork,
    duals: Sequence[float],
    depot: str,
    *,
    max_duties: int = 150,
    only_legs: Sequence[int] | None = None,
    cap: int = LABEL_CAP,
    taxi_slack: int | None = TAXI_SLACK,
    bound: bool = False,
) -> PricingResult:
    """Find the duties from ``depot`` with the most negative reduced cost.

    Parameters
    ----------
    net : DutyNetwork
        Legs, stations and rules of the day.
    duals : sequence of float
        The master problem's dual value of each leg.
    depot : str
        The depot the duties start and end at.
    max_duties : int
        Return at most this many duties.
    only_legs : sequence of int, optional
        Consider only these legs (the others cannot be ridden).
    cap : int
        Labels kept at a place and time.
    taxi_slack : int or None
        Seconds a taxi must save over trains to be taken (see :data:`TAXI_SLACK`);
        ``None`` allows every taxi.
    bound : bool
        Compute a lower bound on the reduced cost of every valid duty from ``depot``
        instead of duties: fronts beyond ``cap`` are merged, not cut (see
        :func:`_prune`), every taxi is allowed and the break may start before the break
        window. Each is a relaxation, so ``best`` is at most the least reduced cost of any
        duty the rules allow (with or without :data:`TAXI_SLACK`); no duties are returned.

    Returns
    -------
    PricingResult
    """
    rules = net.rules
    legs = net.legs
    duals = [float(d) for d in duals]
    hourly = rules.hourly_cost / 3600.0
    fixed = rules.fixed_cost_per_duty
    walk = rules.walk
    sign_on_time = rules.sign_on
    sign_off_time = rules.sign_off
    max_span = rules.max_span
    max_work = rules.max_work
    max_stretch = rules.max_continuous_work
    min_changeover = rules.min_changeover
    break_length = max(rules.break_length, 1)
    # The bound relaxes the start of the break window: a later sign-on, which dominance
    # and merging take as better, could otherwise make a break too early.
    window_start = 0 if bound else rules.break_window_start
    if bound:
        taxi_slack = None
    window_end = rules.break_window_end
    break_stations = net.roles.break_stations
    next_in_trip = net.next_in_trip
    departure_times = net.departure_times
    taxi_km = net.taxi_km.get(depot, {})
    taxi_ride = {s: rules.taxi_seconds(km) for s, km in taxi_km.items()}
    taxi_cost = {s: rules.taxi_cost(km) for s, km in taxi_km.items()}
    allowed = None if only_legs is None else set(only_legs)

    cached = net.home_cache.get(depot)
    if cached is None:
        cached = net.home_cache[depot] = (
            _earliest_home(net, depot, taxi_ride),
            _earliest_home(net, depot, {}),
            _latest_out(net, depot),
        )
    home_by, train_home, train_out = cached
    no_slack = taxi_slack is None
    slack = 0 if taxi_slack is None else taxi_slack
    continuing: dict[int, list[tuple]] = {}
    platform_inbox: dict[tuple[str, int], list[tuple]] = {}
    break_inbox: dict[tuple[str, int], list[tuple]] = {}
    platform: dict[str, tuple[int, list[tuple]]] = {}
    on_break: dict[str, tuple[int, list[tuple]]] = {}
    finished: list[tuple[float, int, tuple, int, str | None]] = []
    cap_hit = False

    for leg in legs:
        index = leg.index
        station = leg.from_station
        departure = leg.start
        position = net.position[index]
        board: list[tuple] = []
        # Sets of labels in ``board`` that may dominate each other: the platform front and
        # the labels staying on the train are each free of dominated labels already.
        sources = 0
        # Labels changing trains wait on the platform.
        waiting: list[tuple] = []
        front = platform.get(station)
        if front is not None:
            dt = departure - front[0]
            extra = hourly * dt
            for label in front[1]:
                if departure - label[2] <= max_stretch and departure - label[1] <= max_span:
                    waiting.append((label[0] + extra, *label[1:]))
        inbox = platform_inbox.pop((station, position), None)
        if inbox:
            # The front is already free of dominated labels (waiting adds the same cost
            # to all of them); only arrivals need the dominance check.
            waiting.extend(inbox)
            waiting, hit = _prune(waiting, cap, bound)
            cap_hit |= hit
        if waiting:
            platform[station] = (departure, waiting)
            board.extend(waiting)
            sources += 1
        elif front is not None:
            del platform[station]
        # Labels on their break.
        if station in break_stations:
            resting: list[tuple] = []
            front = on_break.get(station)
            if front is not None:
                extra = hourly * (departure - front[0])
                for label in front[1]:
                    if departure + walk + sign_off_time - label[1] <= max_span:
                        resting.append((label[0] + extra, *label[1:]))
            inbox = break_inbox.pop((station, position), None)
            if inbox:
                resting.extend(inbox)
                resting, hit = _prune_breaks(resting, cap, bound)
                cap_hit |= hit
            if resting:
                on_break[station] = (departure, resting)
                back = departure - walk
                sources += 2
                for label in resting:
                    cost, sign_on, break_start, previous = label[:4]
                    length = back - break_start
                    if length >= break_length and back > sign_on + window_start:
                        how = "break" if len(label) == 4 else "merged"
                        board.append((cost, sign_on, back, length, how, previous, None))
            elif front is not None:
                del on_break[station]
        if allowed is not None and index not in allowed:
            continue
        staying = continuing.pop(index, None)
        if staying:
            board.extend(staying)
            sources += 1
        taxi_out = station in taxi_ride and (
            no_slack
            or train_out[index] < departure - walk - taxi_ride[station] - sign_on_time - slack
        )
        if station == depot or taxi_out:
            sources += 2
        if station == depot:
            lead = walk + sign_on_time
            start = departure - lead
            board.append((hourly * lead, start, start, 0, "depot", None, None))
        elif taxi_out:
            lead = walk + taxi_ride[station] + sign_on_time
            start = departure - lead
            board.append(
                (hourly * lead + taxi_cost[station], start, start, 0, "taxi", None, station)
            )
            if station in break_stations:
                # The taxi out, then the break at this station before the first train.
                for length in sorted({break_length, rules.break_length_long}):
                    lead = walk + length + walk + taxi_ride[station] + sign_on_time
                    start = departure - lead
                    back = departure - walk
                    if lead - length - walk > max_stretch or back <= start + window_start:
                        continue
                    if back - length >= start + window_end:
                        continue
                    cost = hourly * lead + taxi_cost[station]
                    board.append((cost, start, back, length, "taxi_break", None, station))
        if not board:
            continue
        if sources > 1 and len(board) > 1:
            board, hit = _prune(board, cap, bound)
            cap_hit |= hit
        arrival = leg.end
        to = leg.to_station
        ride = hourly * (arrival - departure) - duals[index]
        nxt = next_in_trip[index]
        times = departure_times.get(to)
        change_at = -1
        change_cost = 0.0
        if times is not None:
            change_at = bisect_left(times, arrival + min_changeover)
            if change_at < len(times):
                change_cost = hourly * (times[change_at] - arrival)
            else:
                change_at = -1
        rest_at = -1
        rest_cost = 0.0
        if to in break_stations and times is not None:
            rest_at = bisect_left(times, arrival + walk + break_length + walk)
            if rest_at < len(times):
                rest_cost = hourly * (times[rest_at] - arrival)
            else:
                rest_at = -1
        if to == depot:
            home_lead, home_cost = walk + sign_off_time, 0.0
        elif to in taxi_ride:
            home_lead, home_cost = walk + taxi_ride[to] + sign_off_time, taxi_cost[to]
        else:
            home_lead = -1
        by_train = train_home[index]
        for label in board:
            cost = label[0] + ride
            sign_on, stretch, brk = label[1], label[2], label[3]
            if arrival - stretch > max_stretch or home_by[index] - sign_on > max_span:
                continue
            here = (cost, sign_on, stretch, brk, index, label[4], label[5], label[6])
            if nxt >= 0:
                wait = hourly * (legs[nxt].start - arrival)
                continuing.setdefault(nxt, []).append(
                    (cost + wait, sign_on, stretch, brk, "continue", here, None)
                )
            if change_at >= 0:
                platform_inbox.setdefault((to, change_at), []).append(
                    (cost + change_cost, sign_on, stretch, brk, "change", here, None)
                )
            if rest_at >= 0 and brk == 0:
                break_start = arrival + walk
                if break_start < sign_on + window_end and break_start - sign_on <= max_stretch:
                    break_inbox.setdefault((to, rest_at), []).append(
                        (cost + rest_cost, sign_on, break_start, here)
                    )
            if home_lead < 0:
                continue
            taxi_home = None if to == depot else to
            end = arrival + home_lead
            if (
                taxi_home is not None
                and not no_slack
                and by_train <= min(end + slack, sign_on + max_span)
            ):
                continue
            span = end - sign_on
            work = span - brk
            if (
                span <= max_span
                and end - stretch <= max_stretch
                and work <= max_work
                and brk >= rules.required_break(work)
            ):
                reduced = cost + hourly * home_lead + home_cost + fixed
                if reduced < -1e-6:
                    finished.append((reduced, index, here, end, taxi_home, 0))
            if brk == 0 and taxi_home is not None and to in break_stations:
                # The break at the last station, then the taxi home.
                break_start = arrival + walk
                if break_start - sign_on > max_stretch or break_start >= sign_on + window_end:
                    continue
                for length in sorted({break_length, rules.break_length_long}):
                    end = arrival + home_lead + length
                    span = end - sign_on
                    work = span - length
                    if (
                        span > max_span
                        or work > max_work
                        or length < rules.required_break(work)
                        or end - (break_start + length) > max_stretch
                        or break_start + length <= sign_on + window_start
                    ):
                        continue
                    reduced = cost + hourly * (home_lead + length) + home_cost + fixed
                    if reduced < -1e-6:
                        finished.append((reduced, index, here, end, taxi_home, length))
                    break

    if bound:
        best = min((f[0] for f in finished), default=0.0)
        return PricingResult([], [], best, cap_hit)
    finished.sort(key=lambda f: (f[0], f[1], f[3]))
    duties: list[Duty] = []
    reduced_costs: list[float] = []
    seen: set[tuple[int, ...]] = set()
    ends: dict[int, int] = {}
    starts: dict[int, int] = {}
    for reduced, last, label, end, taxi_home, home_break in finished:
        if ends.get(last, 0) >= SAME_END:
            continue
        chain = []
        current = label
        while current is not None:
            chain.append(current[4])
            current = current[6]
        ridden = tuple(reversed(chain))
        first = ridden[0]
        if ridden in seen or starts.get(first, 0) >= SAME_END:
            continue
        duty = _duty(net, depot, label, end, taxi_home, home_break)
        ends[last] = ends.get(last, 0) + 1
        starts[first] = starts.get(first, 0) + 1
        seen.add(ridden)
        duties.append(duty)
        reduced_costs.append(reduced)
        if len(duties) >= max_duties:
            break
    return PricingResult(duties, reduced_costs, finished[0][0] if finished else 0.0, cap_hit)


def _earliest_home(net: DutyNetwork, depot: str, taxi_ride: dict[str, int]) -> list[float]:
    """For each leg, the earliest end of sign-off at ``depot`` after riding it.

    Trains (changing with ``min_changeover``) and the taxi home count; rules on breaks
    and continuous work do not, so this is a bound used to drop hopeless labels.
    """
    rules = net.rules
    legs = net.legs
    inf = float("inf")
    home = [inf] * len(legs)
    best_from: dict[str, list[float]] = {
        s: [inf] * (len(idx) + 1) for s, idx in net.departures.items()
    }
    for leg in reversed(legs):  # by departure, latest first
        arrival = leg.end
        to = leg.to_station
        best = inf
        if to == depot:
            best = arrival + rules.walk + rules.sign_off
        elif to in taxi_ride:
            best = arrival + rules.walk + taxi_ride[to] + rules.sign_off
        nxt = net.next_in_trip[leg.index]
        if nxt >= 0:
            best = min(best, home[nxt])
        times = net.departure_times.get(to)
        if times is not None:
            position = bisect_left(times, arrival + rules.min_changeover)
            best = min(best, best_from[to][position])
        home[leg.index] = best
        suffix = best_from[leg.from_station]
        position = net.position[leg.index]
        suffix[position] = min(best, suffix[position + 1])
    return home


def _latest_out(net: DutyNetwork, depot: str) -> list[float]:
    """For each leg, the latest start of sign-on at ``depot`` from which trains reach it.

    Changes need ``min_changeover``; rules on breaks and work do not count. ``-inf`` where
    no train from the depot gets there.
    """
    rules = net.rules
    legs = net.legs
    lead = rules.walk + rules.sign_on
    latest = [float("-inf")] * len(legs)
    previous_in_trip = [-1] * len(legs)
    for index, nxt in enumerate(net.next_in_trip):
        if nxt >= 0:
            previous_in_trip[nxt] = index
    arrivals: dict[str, list[tuple[int, int]]] = {}
    for leg in legs:
        arrivals.setdefault(leg.to_station, []).append((leg.end, leg.index))
    for arriving in arrivals.values():
        arriving.sort()
    seen = dict.fromkeys(arrivals, 0)
    best = dict.fromkeys(arrivals, float("-inf"))
    for leg in legs:  # by departure
        value = leg.start - lead if leg.from_station == depot else float("-inf")
        previous = previous_in_trip[leg.index]
        if previous >= 0:
            value = max(value, latest[previous])
        arriving = arrivals.get(leg.from_station)
        if arriving is not None:
            at = seen[leg.from_station]
            top = best[leg.from_station]
            while at < len(arriving) and arriving[at][0] + rules.min_changeover <= leg.start:
                top = max(top, latest[arriving[at][1]])
                at += 1
            seen[leg.from_station] = at
            best[leg.from_station] = top
            value = max(value, top)
        latest[leg.index] = value
    return latest


def _duty(
    net: DutyNetwork,
    depot: str,
    label: tuple,
    end: int,
    taxi_home: str | None,
    home_break: int,
) -> Duty:
    """Rebuild a duty from its last arrival label."""
    steps: list[Step] = []
    first = label
    current: tuple | None = label
    while current is not None:
        steps.append(Step(current[4], "taxi" if current[5] == "taxi_break" else current[5]))
        first = current
        current = current[6]
    steps.reverse()
    taxi_out = first[7]
    start_break = first[3] if first[5] == "taxi_break" else 0
    km = net.taxi_km[depot].get(taxi_out, 0.0) if taxi_out else 0.0
    if taxi_home:
        km += net.taxi_km[depot][taxi_home]
    span = end - label[1]
    return Duty(
        depot=depot,
        steps=tuple(steps),
        sign_on=label[1],
        sign_off_end=end,
        taxi_out=taxi_out,
        taxi_home=taxi_home,
        taxi_km=km,
        break_length=label[3] or home_break,
        home_break=home_break,
        start_break=start_break,
        cost=float(round(net.rules.duty_cost(span, km))),
    )
