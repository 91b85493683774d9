"""Benchmark: plan a week of NSB (2018-10-15 … 21) for drivers and conductors.

Target (issue 3, on a 2-core machine): at least 2,000 duties in at most 15 minutes for
the whole run. Prints per day and crew type the duties, legs covered, cost, bound and gap,
the validator's verdict, then the totals and whether the target is met.

    .venv/bin/python benchmarks/crew_nsb_week.py [--time-limit 55]
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from datetime import date, timedelta
from pathlib import Path

from sokkel.lab.crew.check import check_plan
from sokkel.lab.crew.gtfs import read_feed
from sokkel.lab.crew.network import load_stations
from sokkel.lab.crew.plan_io import plan_to_dict
from sokkel.lab.crew.rules import load_rules
from sokkel.lab.crew.solve import plan_day

FEED = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "gtfs" / "nsb-2018.zip"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gtfs", type=Path, default=FEED)
    parser.add_argument("--from", dest="first", type=date.fromisoformat, default=date(2018, 10, 15))
    parser.add_argument("--days", type=int, default=7)
    parser.add_argument("--time-limit", type=float, default=55.0, help="seconds per day and crew")
    parser.add_argument("--workers", type=int, default=2, help="pricing processes")
    args = parser.parse_args()

    started = time.perf_counter()
    feed = read_feed(args.gtfs)
    roles = load_stations(None, feed)
    duties = legs = covered = violations = 0
    cost = bound = 0.0
    for crew in ("driver", "conductor"):
        rules = load_rules(None, crew)
        for offset in range(args.days):
            day = args.first + timedelta(days=offset)
            plan = plan_day(
                feed, day, rules, roles, time_limit=args.time_limit, workers=args.workers
            )
            data = plan_to_dict([plan])
            found = check_plan(feed, data, rules, roles)
            n_covered = len(plan.legs) - len(plan.uncovered)
            print(
                f"{day} {crew:9s} duties {len(plan.duties):4d}  legs {n_covered}/{len(plan.legs)}"
                f"  cost {plan.cost:12,.0f}  bound {plan.lower_bound:12,.0f}"
                f" {'proven' if plan.bound_proven else 'LP    '}  gap {plan.gap:6.2%}"
                f"  violations {len(found)}  {plan.elapsed_s:5.1f} s"
                f"  (elapsed {time.perf_counter() - started:6.1f} s)",
                flush=True,
            )
            duties += len(plan.duties)
            legs += len(plan.legs)
            covered += n_covered
            violations += len(found)
            cost += plan.cost
            bound += plan.lower_bound
    elapsed = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"total: {duties} duties, legs {covered}/{legs}, cost {cost:,.0f}, bound {bound:,.0f}, "
        f"gap {(cost - bound) / bound:.2%}, violations {violations}, {elapsed:.0f} s, "
        f"peak memory {peak_mb:.0f} MB"
    )
    met = duties >= 2000 and elapsed <= 15 * 60
    print(f"target >= 2,000 duties in <= 15 min: {'met' if met else 'NOT met'}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
