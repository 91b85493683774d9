"""The compiled label-setting loop of :func:`sokkel.lab.crew.pricing.price`.

The module docstring of :mod:`sokkel.lab.crew.pricing` describes the labels and how they
extend; this is that loop over flat arrays, compiled by numba (``cache=True``: the
machine code is written next to this file on first use and loaded from there after).

Every label lives in one pool of rows (``pool``: the integer resources and links of
:data:`POOL_COLUMNS`, ``pool_cost``: its cost when it was made). A label waiting to board
a leg is *pending*; a label that rode a leg is an *arrival* (``LEG`` set), and a pending
label points to the arrival it came from (``PARENT``), so a duty is rebuilt by following
``PARENT`` from its last arrival. Labels on their break keep the break's start in
``STRETCH``. Labels waiting for a departure (staying on the train, changing trains, or
on their break) wait in the inbox of the leg departing then: one linked list per leg and
kind (``NEXT``), in the order the labels were made.

The fronts ("on the platform" and "on break" at each station) hold label ids and their
costs at the time the front was last updated; waiting is priced when the next departure
reads the front. Dominance sorts by cost with a stable sort, so ties keep the order in
which labels were made: the duties found do not depend on how the sort breaks ties.
"""

from __future__ import annotations

import numba
import numpy as np

__all__ = [
    "BREAK",
    "BRK",
    "CHANGE",
    "CONTINUE",
    "DEPOT",
    "HOW",
    "HOW_NAMES",
    "INT_PARAMETERS",
    "LEG",
    "MERGED",
    "POOL_COLUMNS",
    "SIGN",
    "TAXI",
    "TAXI_AT",
    "TAXI_BREAK",
    "chains",
    "label_setting",
    "select_duties",
]

#: How a label got onto its leg, as stored in the pool's ``HOW`` column.
HOW_NAMES = ("depot", "taxi", "continue", "change", "break", "taxi_break", "merged")
DEPOT, TAXI, CONTINUE, CHANGE, BREAK, TAXI_BREAK, MERGED = range(7)

#: Columns of the pool: sign-on, stretch start (break start for a label on its break),
#: break length, how (:data:`HOW_NAMES`), parent arrival, taxi station (-1: none), leg
#: ridden (-1 for a pending label), next label in the same inbox.
POOL_COLUMNS = ("sign_on", "stretch", "brk", "how", "parent", "taxi", "leg", "next")
SIGN, STRETCH, BRK, HOW, PARENT, TAXI_AT, LEG, NEXT = range(8)

#: The integer parameters, in the order :func:`label_setting` reads them.
INT_PARAMETERS = (
    "depot",
    "walk",
    "sign_on",
    "sign_off",
    "max_span",
    "max_work",
    "max_continuous_work",
    "min_changeover",
    "break_length",
    "break_length_long",
    "rule_break_length",
    "long_work_threshold",
    "window_start",
    "window_end",
    "cap",
    "merge",
    "sign_on_from",
    "sign_on_until",
)


@numba.njit(cache=True)
def _grow_pool(pool, pool_cost, size, need):
    if size + need <= pool.shape[0]:
        return pool, pool_cost
    capacity = max(2 * pool.shape[0], size + need)
    bigger = np.empty((capacity, pool.shape[1]), np.int32)
    bigger[:size] = pool[:size]
    costs = np.empty(capacity, np.float64)
    costs[:size] = pool_cost[:size]
    return bigger, costs


@numba.njit(cache=True)
def _grow_pair(costs, ids, size, need):
    if size + need <= costs.shape[0]:
        return costs, ids
    capacity = max(2 * costs.shape[0], size + need)
    bigger_costs = np.empty(capacity, np.float64)
    bigger_costs[:size] = costs[:size]
    bigger_ids = np.empty(capacity, np.int64)
    bigger_ids[:size] = ids[:size]
    return bigger_costs, bigger_ids


@numba.njit(cache=True)
def _grow_scratch(order, members, n):
    if n <= order.shape[0]:
        return order, members
    capacity = max(2 * order.shape[0], n)
    return np.empty(capacity, np.int64), np.empty((2, 3, capacity), np.int32)


@numba.njit(cache=True)
def _stable_order(costs, n, order):
    """Write into ``order`` the indices that sort ``costs[:n]``, equal costs in their
    given order (as ``list.sort``); ``order`` must hold ``n``."""
    if n > 48:
        order[:n] = np.argsort(costs[:n], kind="mergesort")
        return
    for i in range(n):
        j = i
        c = costs[i]
        while j > 0 and costs[order[j - 1]] > c:
            order[j] = order[j - 1]
            j -= 1
        order[j] = i


@numba.njit(cache=True)
def _new_label(pool, pool_cost, top, cost, sign_on, stretch, brk, how, parent, taxi):
    pool[top, SIGN] = sign_on
    pool[top, STRETCH] = stretch
    pool[top, BRK] = brk
    pool[top, HOW] = how
    pool[top, PARENT] = parent
    pool[top, TAXI_AT] = taxi
    pool[top, LEG] = -1
    pool[top, NEXT] = -1
    pool_cost[top] = cost
    return top + 1


@numba.njit(cache=True)
def _prune(
    costs, ids, n, cap, merge, open_until, pool, pool_cost, top, out_costs, out_ids, order, members
):
    """Dominance on pending labels.

    Keeps the labels no other label of the same group (before / after the break) beats
    in cost, sign-on, stretch start and break; a label signing on or starting its stretch
    later than every label of its group so far is kept without a check. Before the break
    a later sign-on is better only once the break window has opened (see
    :func:`_window_open`): a label signing on after ``open_until`` beats only labels of
    its own sign-on. At most ``cap`` are kept (reaching it counts as a hit). With
    ``merge`` the labels beyond the cap are merged, per group, into one label with the
    best of each resource (least cost, latest sign-on and stretch start, longest break):
    a relaxation that keeps a lower bound valid (a new pool row; the pool must have room
    for two). Labels whose window has not opened are kept instead of merged.

    Returns the number kept (into ``out_*``), whether the cap was hit and the new pool
    size. ``order`` and ``members`` (sign-on, stretch start and break of the kept labels
    of each group) are scratch space for ``n`` labels.
    """
    _stable_order(costs, n, order)
    # Per group (0: before the break, 1: after): members so far, their latest sign-on
    # and stretch start, and the merged label (plain scalars: this loop is hot).
    count_0 = 0
    count_1 = 0
    latest_sign_0 = latest_sign_1 = -(10**9)
    latest_stretch_0 = latest_stretch_1 = -(10**9)
    merged_0 = merged_1 = False
    cost_0 = cost_1 = 0.0
    sign_0 = sign_1 = stretch_0 = stretch_1 = brk_0 = brk_1 = 0
    kept = 0
    for k in range(n):
        i = order[k]
        label = ids[i]
        sign_on = pool[label, SIGN]
        stretch = pool[label, STRETCH]
        brk = pool[label, BRK]
        group = 1 if brk > 0 else 0
        if group == 0:
            check = sign_on <= latest_sign_0 and stretch <= latest_stretch_0
            count = count_0
        else:
            check = sign_on <= latest_sign_1 and stretch <= latest_stretch_1
            count = count_1
        if check:
            # Branch-free, so that the compiler can vectorise it (faster than stopping
            # at the first label that dominates, even on fronts of thousands).
            signs = members[group, 0]
            stretches = members[group, 1]
            breaks = members[group, 2]
            until = open_until if group == 0 else 1 << 40  # after the break: any
            dominated = 0
            for m in range(count):
                dominated |= (
                    (signs[m] >= sign_on)
                    & (stretches[m] >= stretch)
                    & (breaks[m] >= brk)
                    & ((signs[m] <= until) | (signs[m] == sign_on))
                )
            if dominated:
                continue
        if kept >= cap and (group == 1 or sign_on <= open_until):
            if group == 0:
                if not merged_0:
                    merged_0 = True
                    cost_0, sign_0, stretch_0, brk_0 = costs[i], sign_on, stretch, brk
                else:
                    sign_0 = max(sign_0, sign_on)
                    stretch_0 = max(stretch_0, stretch)
                    brk_0 = max(brk_0, brk)
            else:
                if not merged_1:
                    merged_1 = True
                    cost_1, sign_1, stretch_1, brk_1 = costs[i], sign_on, stretch, brk
                else:
                    sign_1 = max(sign_1, sign_on)
                    stretch_1 = max(stretch_1, stretch)
                    brk_1 = max(brk_1, brk)
            continue
        out_costs[kept] = costs[i]
        out_ids[kept] = label
        kept += 1
        members[group, 0, count] = sign_on
        members[group, 1, count] = stretch
        members[group, 2, count] = brk
        if group == 0:
            count_0 += 1
            latest_sign_0 = max(latest_sign_0, sign_on)
            latest_stretch_0 = max(latest_stretch_0, stretch)
        else:
            count_1 += 1
            latest_sign_1 = max(latest_sign_1, sign_on)
            latest_stretch_1 = max(latest_stretch_1, stretch)
        if kept >= cap and not merge:
            return kept, True, top
    if merged_0:
        out_costs[kept] = cost_0
        out_ids[kept] = top
        top = _new_label(pool, pool_cost, top, cost_0, sign_0, stretch_0, brk_0, MERGED, -1, -1)
        kept += 1
    if merged_1:
        out_costs[kept] = cost_1
        out_ids[kept] = top
        top = _new_label(pool, pool_cost, top, cost_1, sign_1, stretch_1, brk_1, MERGED, -1, -1)
        kept += 1
    return kept, merged_0 or merged_1, top


@numba.njit(cache=True)
def _prune_breaks(
    costs, ids, n, cap, merge, open_until, pool, pool_cost, top, out_costs, out_ids, order, members
):
    """Dominance on labels on their break: cost, sign-on and an earlier break start.

    A later sign-on is better only for labels signing on by ``open_until``, as in
    :func:`_prune`. At most ``cap`` are kept; with ``merge`` the others become one merged
    label (least cost, latest sign-on, earliest break start; the pool must have room for
    it), except those signing on after ``open_until``, which are kept.
    """
    _stable_order(costs, n, order)
    signs = members[0, 0]
    starts = members[0, 1]
    kept = 0
    merged = False
    merged_cost = 0.0
    merged_sign = 0
    merged_start = 0
    for k in range(n):
        i = order[k]
        label = ids[i]
        sign_on = pool[label, SIGN]
        start = pool[label, STRETCH]
        dominated = 0
        for m in range(kept):  # branch-free, as in _prune
            dominated |= (
                (signs[m] >= sign_on)
                & (starts[m] <= start)
                & ((signs[m] <= open_until) | (signs[m] == sign_on))
            )
        if dominated:
            continue
        if kept < cap or (merge and sign_on > open_until):
            out_costs[kept] = costs[i]
            out_ids[kept] = label
            signs[kept] = sign_on
            starts[kept] = start
            kept += 1
        elif not merge:
            return kept, True, top
        elif not merged:
            merged = True
            merged_cost = costs[i]
            merged_sign = sign_on
            merged_start = start
        else:
            merged_sign = max(merged_sign, sign_on)
            merged_start = min(merged_start, start)
    if not merged:
        return kept, False, top
    out_costs[kept] = merged_cost
    out_ids[kept] = top
    top = _new_label(
        pool, pool_cost, top, merged_cost, merged_sign, merged_start, 0, MERGED, -1, -1
    )
    return kept + 1, True, top


@numba.njit(cache=True)
def _window_open(departure, break_length, window_start):
    """The latest sign-on whose break window is open for a label boarding at ``departure``.

    Its break ends at least ``break_length`` after it boards, so for a label signing on
    by this time every break it can still take ends after the window's start: a label
    signing on later but still this early is as good as an earlier one. (On their break,
    labels board at ``departure`` with the break ending ``walk`` before it: the window
    is open for sign-ons before ``departure - walk - window_start``.)
    """
    return departure + break_length - window_start - 1


@numba.njit(cache=True)
def _required_break(work, max_stretch, threshold, long_length, length):
    if work <= max_stretch:
        return 0
    return long_length if work > threshold else length


@numba.njit(cache=True)
def _store_front(store_costs, store_ids, store_top, starts, lengths, slot, costs, ids, n):
    """Write a front into the store; compacts the store (live fronts only) when full."""
    if store_top + n > store_costs.shape[0]:
        live = 0
        for s in range(lengths.shape[0]):
            if lengths[s] > 0 and s != slot:
                live += lengths[s]
        capacity = max(store_costs.shape[0], 2 * (live + n))
        new_costs = np.empty(capacity, np.float64)
        new_ids = np.empty(capacity, np.int64)
        at = 0
        for s in range(lengths.shape[0]):
            if lengths[s] > 0 and s != slot:
                a = starts[s]
                new_costs[at : at + lengths[s]] = store_costs[a : a + lengths[s]]
                new_ids[at : at + lengths[s]] = store_ids[a : a + lengths[s]]
                starts[s] = at
                at += lengths[s]
        store_costs = new_costs
        store_ids = new_ids
        store_top = at
    store_costs[store_top : store_top + n] = costs[:n]
    store_ids[store_top : store_top + n] = ids[:n]
    starts[slot] = store_top
    lengths[slot] = n
    return store_costs, store_ids, store_top + n


@numba.njit(cache=True)
def _bisect_left(times, lo, hi, value):
    """The position in ``times[lo:hi]`` where ``value`` would go first (as bisect)."""
    a = lo
    b = hi
    while a < b:
        mid = (a + b) // 2
        if times[mid] < value:
            a = mid + 1
        else:
            b = mid
    return a - lo


@numba.njit(cache=True)
def _drain(heads, counts, kind, index, pool, pool_cost, costs, ids, n):
    """Append the labels waiting in leg ``index``'s inbox of ``kind`` to ``costs`` and
    ``ids`` from position ``n`` and empty the inbox; returns the new length."""
    label = heads[kind, index]
    while label >= 0:
        costs[n] = pool_cost[label]
        ids[n] = label
        n += 1
        label = pool[label, NEXT]
    heads[kind, index] = -1
    counts[kind, index] = 0
    return n


@numba.njit(cache=True)
def _finish(finished_cost, finished, n, reduced, leg, label, end, taxi_home, home_break):
    """Record a finished duty as row ``n`` (see :func:`label_setting`); returns ``n + 1``."""
    finished_cost[n] = reduced
    finished[n, 0] = leg
    finished[n, 1] = label
    finished[n, 2] = end
    finished[n, 3] = taxi_home
    finished[n, 4] = home_break
    return n + 1


@numba.njit(cache=True)
def label_setting(
    leg_start,
    leg_end,
    leg_from,
    leg_to,
    next_in_trip,
    departure_ptr,
    departure_times,
    departure_legs,
    is_break,
    taxi_ride,
    taxi_cost,
    home_by,
    duals,
    allowed,
    ints,
    hourly,
    fixed,
    keep_finished,
):
    """One pricing pass over the legs (see :func:`sokkel.lab.crew.pricing.price`).

    Parameters
    ----------
    leg_start, leg_end, leg_from, leg_to, next_in_trip : int arrays
        Per leg (in departure order): times, station ids, the trip's next leg (-1: none).
    departure_ptr, departure_times, departure_legs : int arrays
        The departures of station ``s`` in time order are
        ``departure_ptr[s]:departure_ptr[s + 1]`` of the other two.
    is_break : bool array
        Per station: a break station.
    taxi_ride, taxi_cost : arrays
        Per station: seconds and cost of a taxi from / to the depot (-1 s: no taxi).
    home_by : float array
        Per leg: the earliest end of sign-off after riding it (by trains and taxis).
    duals : float array
        Per leg.
    allowed : bool array
        Per leg: may be ridden.
    ints : int array
        The values of :data:`INT_PARAMETERS` in that order (``depot`` a station id).
    hourly, fixed : float
        Cost of a second of paid time, and of a duty.
    keep_finished : bool
        Record every finished duty (otherwise only the least reduced cost).

    Returns
    -------
    pool, pool_cost : arrays
        The labels (rows of :data:`POOL_COLUMNS`) and their costs.
    finished_cost : float array
        Reduced cost of each finished duty, in the order found.
    finished : int array, one row per finished duty
        Last leg, last arrival label, end of sign-off, taxi-home station (-1: none),
        break before the taxi home (0: none).
    best : float
        The least reduced cost found (0.0 if none).
    cap_hit : bool
        Whether a front was cut or merged at the cap.
    """
    depot = ints[0]
    walk = ints[1]
    sign_on_time = ints[2]
    sign_off_time = ints[3]
    max_span = ints[4]
    max_work = ints[5]
    max_stretch = ints[6]
    min_changeover = ints[7]
    break_length = ints[8]
    break_length_long = ints[9]
    rule_break_length = ints[10]
    long_threshold = ints[11]
    window_start = ints[12]
    window_end = ints[13]
    cap = ints[14]
    merge = ints[15] != 0
    # Duties sign on in [sign_from, sign_until): no label rides a leg departing before
    # the first sign-on plus its lead, or a max span after the last.
    sign_from = ints[16]
    sign_until = ints[17]
    # sorted({break_length, break_length_long})
    short = min(break_length, break_length_long)
    long_ = max(break_length, break_length_long)
    n_lengths = 1 if short == long_ else 2
    lengths = np.empty(2, np.int64)
    lengths[0] = short
    lengths[1] = long_

    n_legs = leg_start.shape[0]
    n_stations = is_break.shape[0]
    pool = np.empty((max(1024, 8 * n_legs), 8), np.int32)
    pool_cost = np.empty(pool.shape[0], np.float64)
    top = 0
    # Inboxes: linked lists through NEXT, per leg: staying, changing, on break.
    heads = np.full((3, n_legs), -1, np.int64)
    tails = np.full((3, n_legs), -1, np.int64)
    counts = np.zeros((3, n_legs), np.int64)
    # Fronts: slot s is the platform of station s, slot n_stations + s its break room.
    front_time = np.zeros(2 * n_stations, np.int64)
    front_start = np.zeros(2 * n_stations, np.int64)
    front_length = np.full(2 * n_stations, -1, np.int64)
    store_costs = np.empty(4096, np.float64)
    store_ids = np.empty(4096, np.int64)
    store_top = 0
    # Scratch lists of (cost, label): waiting / resting, pruned, board.
    work_costs = np.empty(64, np.float64)
    work_ids = np.empty(64, np.int64)
    pruned_costs = np.empty(64, np.float64)
    pruned_ids = np.empty(64, np.int64)
    board_costs = np.empty(64, np.float64)
    board_ids = np.empty(64, np.int64)
    order = np.empty(64, np.int64)
    members = np.empty((2, 3, 64), np.int32)
    finished_cost = np.empty(1024, np.float64)
    finished = np.empty((1024, 5), np.int64)
    n_finished = 0
    best = 0.0
    cap_hit = False

    for index in range(n_legs):
        station = leg_from[index]
        departure = leg_start[index]
        if departure < sign_from + walk + sign_on_time:
            continue
        if departure >= sign_until + max_span:
            break
        board_n = 0
        sources = 0

        # Labels changing trains wait on the platform.
        slot = station
        length = front_length[slot]
        inbox = counts[1, index]
        need = max(length, 0) + inbox
        work_costs, work_ids = _grow_pair(work_costs, work_ids, 0, need + 2)
        wn = 0
        if length >= 0:
            extra = hourly * (departure - front_time[slot])
            at = front_start[slot]
            for k in range(length):
                label = store_ids[at + k]
                if (
                    departure - pool[label, STRETCH] <= max_stretch
                    and departure - pool[label, SIGN] <= max_span
                ):
                    work_costs[wn] = store_costs[at + k] + extra
                    work_ids[wn] = label
                    wn += 1
        if inbox > 0:
            wn = _drain(heads, counts, 1, index, pool, pool_cost, work_costs, work_ids, wn)
            if wn >= 2:
                pool, pool_cost = _grow_pool(pool, pool_cost, top, 2)
                pruned_costs, pruned_ids = _grow_pair(pruned_costs, pruned_ids, 0, wn + 2)
                order, members = _grow_scratch(order, members, wn)
                wn, hit, top = _prune(
                    work_costs,
                    work_ids,
                    wn,
                    cap,
                    merge,
                    _window_open(departure, break_length, window_start),
                    pool,
                    pool_cost,
                    top,
                    pruned_costs,
                    pruned_ids,
                    order,
                    members,
                )
                cap_hit |= hit
                work_costs, pruned_costs = pruned_costs, work_costs
                work_ids, pruned_ids = pruned_ids, work_ids
        if wn > 0:
            store_costs, store_ids, store_top = _store_front(
                store_costs,
                store_ids,
                store_top,
                front_start,
                front_length,
                slot,
                work_costs,
                work_ids,
                wn,
            )
            front_time[slot] = departure
            board_costs, board_ids = _grow_pair(board_costs, board_ids, board_n, wn)
            board_costs[board_n : board_n + wn] = work_costs[:wn]
            board_ids[board_n : board_n + wn] = work_ids[:wn]
            board_n += wn
            sources += 1
        elif length >= 0:
            front_length[slot] = -1

        # Labels on their break.
        if is_break[station]:
            slot = n_stations + station
            length = front_length[slot]
            inbox = counts[2, index]
            need = max(length, 0) + inbox
            work_costs, work_ids = _grow_pair(work_costs, work_ids, 0, need + 2)
            wn = 0
            if length >= 0:
                extra = hourly * (departure - front_time[slot])
                at = front_start[slot]
                for k in range(length):
                    label = store_ids[at + k]
                    if departure + walk + sign_off_time - pool[label, SIGN] <= max_span:
                        work_costs[wn] = store_costs[at + k] + extra
                        work_ids[wn] = label
                        wn += 1
            if inbox > 0:
                wn = _drain(heads, counts, 2, index, pool, pool_cost, work_costs, work_ids, wn)
                if wn >= 2:
                    pool, pool_cost = _grow_pool(pool, pool_cost, top, 1)
                    pruned_costs, pruned_ids = _grow_pair(pruned_costs, pruned_ids, 0, wn + 1)
                    order, members = _grow_scratch(order, members, wn)
                    wn, hit, top = _prune_breaks(
                        work_costs,
                        work_ids,
                        wn,
                        cap,
                        merge,
                        departure - walk - window_start - 1,
                        pool,
                        pool_cost,
                        top,
                        pruned_costs,
                        pruned_ids,
                        order,
                        members,
                    )
                    cap_hit |= hit
                    work_costs, pruned_costs = pruned_costs, work_costs
                    work_ids, pruned_ids = pruned_ids, work_ids
            if wn > 0:
                store_costs, store_ids, store_top = _store_front(
                    store_costs,
                    store_ids,
                    store_top,
                    front_start,
                    front_length,
                    slot,
                    work_costs,
                    work_ids,
                    wn,
                )
                front_time[slot] = departure
                back = departure - walk
                sources += 2
                pool, pool_cost = _grow_pool(pool, pool_cost, top, wn)
                board_costs, board_ids = _grow_pair(board_costs, board_ids, board_n, wn)
                for k in range(wn):
                    label = work_ids[k]
                    sign_on = pool[label, SIGN]
                    rest = back - pool[label, STRETCH]
                    if rest >= break_length and back > sign_on + window_start:
                        how = BREAK if pool[label, HOW] == BREAK else MERGED
                        board_costs[board_n] = work_costs[k]
                        board_ids[board_n] = top
                        board_n += 1
                        top = _new_label(
                            pool,
                            pool_cost,
                            top,
                            work_costs[k],
                            sign_on,
                            back,
                            rest,
                            how,
                            pool[label, PARENT],
                            -1,
                        )
            elif length >= 0:
                front_length[slot] = -1

        if not allowed[index]:
            continue
        staying = counts[0, index]
        if staying > 0:
            board_costs, board_ids = _grow_pair(board_costs, board_ids, board_n, staying)
            board_n = _drain(
                heads, counts, 0, index, pool, pool_cost, board_costs, board_ids, board_n
            )
            sources += 1
        ride_out = taxi_ride[station]
        if station == depot or ride_out >= 0:
            sources += 2
        pool, pool_cost = _grow_pool(pool, pool_cost, top, 3)
        board_costs, board_ids = _grow_pair(board_costs, board_ids, board_n, 3)
        if station == depot:
            lead = walk + sign_on_time
            start = departure - lead
            if sign_from <= start < sign_until:
                board_costs[board_n] = hourly * lead
                board_ids[board_n] = top
                board_n += 1
                top = _new_label(
                    pool, pool_cost, top, hourly * lead, start, start, 0, DEPOT, -1, -1
                )
        elif ride_out >= 0:
            lead = walk + ride_out + sign_on_time
            start = departure - lead
            cost = hourly * lead + taxi_cost[station]
            if sign_from <= start < sign_until:
                board_costs[board_n] = cost
                board_ids[board_n] = top
                board_n += 1
                top = _new_label(pool, pool_cost, top, cost, start, start, 0, TAXI, -1, station)
            if is_break[station]:
                # The taxi out, then the break at this station before the first train.
                for j in range(n_lengths):
                    # Long enough to end after the break window opens.
                    rest = max(lengths[j], window_start - walk - ride_out - sign_on_time + 1)
                    lead = walk + rest + walk + ride_out + sign_on_time
                    start = departure - lead
                    back = departure - walk
                    if not sign_from <= start < sign_until:
                        continue
                    if lead - rest - walk > max_stretch:
                        continue
                    if back - rest >= start + window_end:
                        continue
                    cost = hourly * lead + taxi_cost[station]
                    board_costs[board_n] = cost
                    board_ids[board_n] = top
                    board_n += 1
                    top = _new_label(
                        pool, pool_cost, top, cost, start, back, rest, TAXI_BREAK, -1, station
                    )
        if board_n == 0:
            continue
        if sources > 1 and board_n > 1:
            pool, pool_cost = _grow_pool(pool, pool_cost, top, 2)
            pruned_costs, pruned_ids = _grow_pair(pruned_costs, pruned_ids, 0, board_n + 2)
            order, members = _grow_scratch(order, members, board_n)
            board_n, hit, top = _prune(
                board_costs,
                board_ids,
                board_n,
                cap,
                merge,
                _window_open(departure, break_length, window_start),
                pool,
                pool_cost,
                top,
                pruned_costs,
                pruned_ids,
                order,
                members,
            )
            cap_hit |= hit
            board_costs, pruned_costs = pruned_costs, board_costs
            board_ids, pruned_ids = pruned_ids, board_ids

        arrival = leg_end[index]
        to = leg_to[index]
        ride = hourly * (arrival - departure) - duals[index]
        nxt = next_in_trip[index]
        first = departure_ptr[to]
        last = departure_ptr[to + 1]
        change_at = -1
        change_cost = 0.0
        if last > first:
            change_at = _bisect_left(departure_times, first, last, arrival + min_changeover)
            if change_at < last - first:
                change_cost = hourly * (departure_times[first + change_at] - arrival)
            else:
                change_at = -1
        rest_at = -1
        rest_cost = 0.0
        if is_break[to] and last > first:
            rest_at = _bisect_left(
                departure_times, first, last, arrival + walk + break_length + walk
            )
            if rest_at < last - first:
                rest_cost = hourly * (departure_times[first + rest_at] - arrival)
            else:
                rest_at = -1
        home_cost = 0.0
        if to == depot:
            home_lead = walk + sign_off_time
        elif taxi_ride[to] >= 0:
            home_lead = walk + taxi_ride[to] + sign_off_time
            home_cost = taxi_cost[to]
        else:
            home_lead = -1
        latest_home = home_by[index]
        pool, pool_cost = _grow_pool(pool, pool_cost, top, 4 * board_n)
        if n_finished + 2 * board_n > finished_cost.shape[0]:
            capacity = max(2 * finished_cost.shape[0], n_finished + 2 * board_n)
            bigger_cost = np.empty(capacity, np.float64)
            bigger_cost[:n_finished] = finished_cost[:n_finished]
            bigger = np.empty((capacity, 5), np.int64)
            bigger[:n_finished] = finished[:n_finished]
            finished_cost = bigger_cost
            finished = bigger
        for k in range(board_n):
            label = board_ids[k]
            cost = board_costs[k] + ride
            sign_on = np.int64(pool[label, SIGN])
            stretch = np.int64(pool[label, STRETCH])
            brk = np.int64(pool[label, BRK])
            if arrival - stretch > max_stretch or latest_home - sign_on > max_span:
                continue
            here = top
            top += 1
            pool[here, SIGN] = sign_on
            pool[here, STRETCH] = stretch
            pool[here, BRK] = brk
            pool[here, HOW] = pool[label, HOW]
            pool[here, PARENT] = pool[label, PARENT]
            pool[here, TAXI_AT] = pool[label, TAXI_AT]
            pool[here, LEG] = index
            pool[here, NEXT] = -1
            pool_cost[here] = cost
            used = False
            if nxt >= 0:
                wait = hourly * (leg_start[nxt] - arrival)
                new = top
                top = _new_label(
                    pool, pool_cost, top, cost + wait, sign_on, stretch, brk, CONTINUE, here, -1
                )
                if heads[0, nxt] < 0:
                    heads[0, nxt] = new
                else:
                    pool[tails[0, nxt], NEXT] = new
                tails[0, nxt] = new
                counts[0, nxt] += 1
                used = True
            if change_at >= 0:
                target = departure_legs[first + change_at]
                new = top
                top = _new_label(
                    pool,
                    pool_cost,
                    top,
                    cost + change_cost,
                    sign_on,
                    stretch,
                    brk,
                    CHANGE,
                    here,
                    -1,
                )
                if heads[1, target] < 0:
                    heads[1, target] = new
                else:
                    pool[tails[1, target], NEXT] = new
                tails[1, target] = new
                counts[1, target] += 1
                used = True
            if rest_at >= 0 and brk == 0:
                break_start = arrival + walk
                if break_start < sign_on + window_end and break_start - sign_on <= max_stretch:
                    target = departure_legs[first + rest_at]
                    new = top
                    top = _new_label(
                        pool,
                        pool_cost,
                        top,
                        cost + rest_cost,
                        sign_on,
                        break_start,
                        0,
                        BREAK,
                        here,
                        -1,
                    )
                    if heads[2, target] < 0:
                        heads[2, target] = new
                    else:
                        pool[tails[2, target], NEXT] = new
                    tails[2, target] = new
                    counts[2, target] += 1
                    used = True
            if home_lead >= 0:
                taxi_home = -1 if to == depot else to
                end = arrival + home_lead
                span = end - sign_on
                work = span - brk
                if (
                    span <= max_span
                    and end - stretch <= max_stretch
                    and work <= max_work
                    and brk
                    >= _required_break(
                        work,
                        max_stretch,
                        long_threshold,
                        break_length_long,
                        rule_break_length,
                    )
                ):
                    reduced = cost + hourly * home_lead + home_cost + fixed
                    if reduced < -1e-6:
                        best = min(best, reduced)
                        if keep_finished:
                            n_finished = _finish(
                                finished_cost,
                                finished,
                                n_finished,
                                reduced,
                                index,
                                here,
                                end,
                                taxi_home,
                                0,
                            )
                            used = True
                if brk == 0 and taxi_home >= 0 and is_break[to]:
                    # The break at the last station, then the taxi home.
                    break_start = arrival + walk
                    if not (
                        break_start - sign_on > max_stretch or break_start >= sign_on + window_end
                    ):
                        for j in range(n_lengths):
                            # Long enough to end after the break window opens.
                            rest = max(lengths[j], sign_on + window_start + 1 - break_start)
                            end = arrival + home_lead + rest
                            span = end - sign_on
                            work = span - rest
                            if (
                                span > max_span
                                or work > max_work
                                or rest
                                < _required_break(
                                    work,
                                    max_stretch,
                                    long_threshold,
                                    break_length_long,
                                    rule_break_length,
                                )
                                or end - (break_start + rest) > max_stretch
                            ):
                                continue
                            reduced = cost + hourly * (home_lead + rest) + home_cost + fixed
                            if reduced < -1e-6:
                                best = min(best, reduced)
                                if keep_finished:
                                    n_finished = _finish(
                                        finished_cost,
                                        finished,
                                        n_finished,
                                        reduced,
                                        index,
                                        here,
                                        end,
                                        taxi_home,
                                        rest,
                                    )
                                    used = True
                            break
            if not used:
                top -= 1  # nothing refers to this arrival: reuse its row
    return (
        pool[:top],
        pool_cost[:top],
        finished_cost[:n_finished],
        finished[:n_finished],
        best,
        cap_hit,
    )


@numba.njit(cache=True)
def _same_chain(pool, a, b):
    """Whether the arrival labels ``a`` and ``b`` rode the same legs."""
    while a >= 0 and b >= 0:
        if pool[a, LEG] != pool[b, LEG]:
            return False
        a = pool[a, PARENT]
        b = pool[b, PARENT]
    return a < 0 and b < 0


@numba.njit(cache=True)
def select_duties(order, finished, pool, n_legs, same_end, max_duties):
    """The finished duties to return, taken in ``order``.

    A duty is skipped when ``same_end`` duties already taken end with its last leg or
    start with its first, or when one rides the same legs. Stops after ``max_duties``.
    Returns indices into ``finished``.
    """
    ends = np.zeros(n_legs, np.int64)
    starts = np.zeros(n_legs, np.int64)
    size = max(max_duties, 1)
    chosen = np.empty(size, np.int64)
    same_hash = np.full(size, -1, np.int64)
    by_hash = numba.typed.Dict.empty(numba.types.int64, numba.types.int64)
    n = 0
    for at in order:
        last = finished[at, 0]
        if ends[last] >= same_end:
            continue
        label = finished[at, 1]
        key = np.int64(0)
        first = -1
        current = label
        while current >= 0:
            first = pool[current, LEG]
            key = key * np.int64(1000003) + first + 1
            current = pool[current, PARENT]
        if starts[first] >= same_end:
            continue
        taken = by_hash[key] if key in by_hash else -1
        duplicate = False
        while taken >= 0:
            if _same_chain(pool, finished[chosen[taken], 1], label):
                duplicate = True
                break
            taken = same_hash[taken]
        if duplicate:
            continue
        chosen[n] = at
        same_hash[n] = by_hash[key] if key in by_hash else -1
        by_hash[key] = n
        ends[last] += 1
        starts[first] += 1
        n += 1
        if n >= max_duties:
            break
    return chosen[:n]


@numba.njit(cache=True)
def chains(pool, labels):
    """The arrival labels leading to each of ``labels``, first leg first (CSR)."""
    pointers = np.zeros(labels.shape[0] + 1, np.int64)
    for k in range(labels.shape[0]):
        current = labels[k]
        count = 0
        while current >= 0:
            count += 1
            current = pool[current, PARENT]
        pointers[k + 1] = pointers[k] + count
    out = np.empty(pointers[-1], np.int64)
    for k in range(labels.shape[0]):
        current = labels[k]
        at = pointers[k + 1]
        while current >= 0:
            at -= 1
            out[at] = current
            current = pool[current, PARENT]
    return pointers, out
