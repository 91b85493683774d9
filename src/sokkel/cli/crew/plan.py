"""``sokkel crew plan``: plan the duties of one or more service days from a GTFS timetable.

Progress goes to stderr; a summary to stdout. Exit status: 0 when every leg is covered,
1 when some leg could not be covered (each is listed with the rule that blocks it), 2
when an input cannot be read.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from sokkel.lab.crew.gtfs import GtfsError, read_feed, service_days
from sokkel.lab.crew.network import StationsError, load_stations
from sokkel.lab.crew.plan_io import write_plan
from sokkel.lab.crew.rules import CREW_TYPES, RulesError, load_rules
from sokkel.lab.crew.scp import METHODS
from sokkel.lab.crew.solve import DayPlan, plan_day
from sokkel.lab.limits import MAX_SECONDS, option, output_problem, seconds_option, seed_option

#: The most service days one run plans (``--from`` … ``--to``).
MAX_DAYS = 366
#: The most pricing processes (``--workers``).
MAX_WORKERS = 64


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date YYYY-MM-DD") from None


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("gtfs", type=Path, metavar="GTFS", help="The GTFS zip (or folder).")
    parser.add_argument("--date", type=_date, help="The service day, YYYY-MM-DD.")
    parser.add_argument("--from", dest="first", type=_date, help="First day of a range.")
    parser.add_argument("--to", dest="last", type=_date, help="Last day of a range.")
    parser.add_argument("--crew", choices=CREW_TYPES, default="driver", help="Crew type.")
    parser.add_argument("--rules", type=Path, help="Rules TOML (default: packaged rules).")
    parser.add_argument(
        "--stations",
        type=Path,
        help="Station roles TOML (default: the NSB 2018 file, or roles derived from the feed).",
    )
    parser.add_argument(
        "--time-limit",
        type=seconds_option,
        default=110.0,
        help="Seconds per day (default 110: an NSB weekday takes 80–106 s, so the clock "
        "cuts nothing and the same seed gives the same plan).",
    )
    parser.add_argument(
        "--prove-bound",
        type=option(0, MAX_SECONDS),
        default=0.0,
        metavar="S",
        help="Seconds per day for proving a lower bound after the plan, by exact pricing "
        "(default 0: none; an NSB weekday takes a few minutes). The plan is the same.",
    )
    parser.add_argument("--seed", type=seed_option, default=0, help="Seed (default 0).")
    parser.add_argument(
        "--method",
        choices=METHODS,
        default="neighbourhoods",
        help="Set-covering method for the integer solution, from the LP dive's cover "
        "(default neighbourhoods).",
    )
    parser.add_argument(
        "--workers",
        type=option(1, MAX_WORKERS, whole=True),
        default=min(2, os.cpu_count() or 1),
        help="Processes pricing duties in parallel, 1 to 64 (default: 2, or 1 on a one-core "
        "machine).",
    )
    parser.add_argument("-o", "--output", type=Path, required=True, help="plan.json to write.")
    parser.add_argument("--html", type=Path, help="Also write an HTML report.")
    parser.add_argument("--csv", type=Path, help="Also write the duties as CSV.")


def _days(args: argparse.Namespace) -> list[date] | str:
    """The service days asked for, or what is wrong with the options."""
    if args.date is not None:
        if args.first is not None or args.last is not None:
            return "give either --date or --from/--to, not both"
        return [args.date]
    if args.first is None or args.last is None:
        return "give --date, or both --from and --to"
    if args.last < args.first:
        return "--to is before --from"
    if (args.last - args.first).days >= MAX_DAYS:
        return f"--from … --to spans more than {MAX_DAYS} days"
    return service_days(args.first, args.last)


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _summary(plan: DayPlan) -> list[str]:
    buses = sum(1 for t in plan.excluded_trips if t.route_type == 714)
    lines = [
        f"{plan.day} {plan.crew}: {len(plan.trips)} trains, {len(plan.legs)} legs, "
        f"{len(plan.legs) - len(plan.uncovered)} covered; {len(plan.duties)} duties, "
        f"cost {plan.cost:,.0f}, lower bound {plan.lower_bound:,.0f} "
        f"({'proven' if plan.bound_proven else 'not proven'}), gap {plan.gap:.2%}, "
        f"{plan.elapsed_s:.1f} s" + (f" (+ {plan.bound_s:.1f} s proving)" if plan.bound_s else ""),
        f"  left out: {len(plan.excluded_trips)} non-rail trips "
        f"({buses} rail-replacement buses, route_type 714)",
    ]
    for item in plan.uncovered:
        lines.append(f"  NOT COVERED: trip {item.leg.trip_id} [{item.rule}] {item.message}")
    return lines


def run(args: argparse.Namespace) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    days = _days(args)
    if isinstance(days, str):
        print(f"sokkel crew plan: {days}", file=sys.stderr)
        return 2
    for output in (args.output, args.html, args.csv):
        problem = output and output_problem(output)
        if problem:
            print(f"sokkel crew plan: {problem}", file=sys.stderr)
            return 2
    try:
        _progress(f"reading {args.gtfs}")
        feed = read_feed(args.gtfs)
        rules = load_rules(args.rules, args.crew)
        roles = load_stations(args.stations, feed)
    except (GtfsError, RulesError, StationsError) as error:
        print(f"sokkel crew plan: {error}", file=sys.stderr)
        return 2
    print(
        f"stations: {roles.source}: {len(roles.depots)} depots, "
        f"{len(roles.relief_points)} relief points, {len(roles.break_stations)} break stations"
    )
    print(f"rules: {rules.crew} from {rules.source}")
    plans: list[DayPlan] = []
    started = time.perf_counter()
    for day in days:
        try:
            plan = plan_day(
                feed,
                day,
                rules,
                roles,
                time_limit=args.time_limit,
                seed=args.seed,
                method=args.method,
                workers=args.workers,
                progress=_progress,
                bound_time=args.prove_bound,
            )
        except GtfsError as error:
            print(f"sokkel crew plan: {error}", file=sys.stderr)
            return 2
        plans.append(plan)
        for line in _summary(plan):
            print(line)
    try:
        data = write_plan(plans, args.output)
    except OSError as error:
        print(f"sokkel crew plan: cannot write {args.output}: {error.strerror}", file=sys.stderr)
        return 2
    if len(plans) > 1:
        t = data["total"]
        print(
            f"total {t['days']} days: {t['duties']} duties, cost {t['cost']:,.0f}, "
            f"lower bound {t['lower_bound']:,.0f} "
            f"({'proven' if t['bound_proven'] else 'not proven'}), gap {t['gap']:.2%}, "
            f"{time.perf_counter() - started:.1f} s"
        )
    print(f"wrote {args.output}")
    if args.html is not None or args.csv is not None:
        from sokkel.lab.crew import report

        writers: list[tuple[Path, Callable[[Path], None]]] = []
        if args.html is not None:
            writers.append((args.html, lambda path: report.write_html(data, path, feed=feed)))
        if args.csv is not None:
            writers.append((args.csv, lambda path: report.write_csv(data, path)))
        for path, write in writers:
            try:
                write(path)
            except OSError as error:
                print(f"sokkel crew plan: cannot write {path}: {error.strerror}", file=sys.stderr)
                return 2
            print(f"wrote {path}")
    return 1 if any(plan.uncovered for plan in plans) else 0
