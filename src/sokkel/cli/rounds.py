"""``sokkel rounds``: command-line glue over ``sokkel.lab.rounds``."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from gettext import gettext as _
from pathlib import Path

from sokkel.lab.limits import (
    option,
    output_problem,
    seconds_option,
    seed_option,
    write_atomically,
)
from sokkel.lab.rounds import InputError, Progress, read_scenario, solve
from sokkel.lab.rounds.generate import GeneratorSettings, write_generated
from sokkel.lab.rounds.read import read_plan
from sokkel.lab.rounds.report import render_report
from sokkel.lab.rounds.solomon import read_solomon, solve_solomon
from sokkel.lab.rounds.validate import validate


def register(subparsers: argparse._SubParsersAction) -> None:
    rounds = subparsers.add_parser(
        "rounds", help="Mobile service rounds: plan a mobile X-ray service and its effects."
    )
    commands = rounds.add_subparsers(dest="rounds_command", metavar="COMMAND", required=True)

    plan = commands.add_parser(
        "plan", help="Plan the rounds of a scenario over its horizon of days."
    )
    plan.add_argument("scenario", type=Path, help="scenario file (.toml or .json)")
    plan.add_argument("-o", "--output", type=Path, required=True, help="plan.json to write")
    plan.add_argument("--html", type=Path, help="also write a self-contained HTML report")
    plan.add_argument(
        "--time-limit", type=seconds_option, default=30.0, help="seconds (default 30)"
    )
    plan.add_argument("--seed", type=seed_option, default=0, help="random seed (default 0)")
    plan.add_argument("--quiet", action="store_true", help="no progress on stderr")
    plan.set_defaults(func=run_plan)

    check = commands.add_parser(
        "check", help="Re-check a plan.json against its scenario, naming every violation."
    )
    check.add_argument("scenario", type=Path)
    check.add_argument("plan", type=Path)
    check.set_defaults(func=run_check)

    generate = commands.add_parser(
        "generate", help="Write a synthetic Oslo-like scenario (scenario.toml and CSVs)."
    )
    defaults = GeneratorSettings()
    generate.add_argument("--seed", type=seed_option, default=defaults.seed)
    generate.add_argument("-o", "--output", type=Path, required=True, help="folder to write")
    generate.add_argument(
        "--start", type=dt.date.fromisoformat, default=defaults.start, help="first day"
    )
    generate.add_argument("--days", type=option(1, 366, whole=True), default=defaults.days)
    generate.add_argument("--teams", type=option(1, 100, whole=True), default=defaults.teams)
    generate.add_argument("--sites", type=option(1, 1000, whole=True), default=defaults.sites)
    generate.add_argument(
        "--requests-per-weekday", type=option(0, 1000), default=defaults.requests_per_weekday
    )
    generate.set_defaults(func=run_generate)

    solomon = commands.add_parser("solomon", help="Solve a Solomon VRPTW instance.")
    solomon.add_argument("file", type=Path)
    solomon.add_argument(
        "--time-limit", type=seconds_option, default=10.0, help="seconds (default 10)"
    )
    solomon.add_argument("--seed", type=seed_option, default=0)
    solomon.add_argument(
        "--cpu", action="store_true", help="count the time limit in CPU seconds, not wall time"
    )
    solomon.add_argument(
        "--json", action="store_true", help='end with {"distance": …, "routes": …} on one line'
    )
    solomon.set_defaults(func=run_solomon)


def _progress(step: Progress) -> None:
    print(
        _("dag {n}/{total} {day}: {today} betjent, {pending} venter ({elapsed:.1f} s)").format(
            n=step.day_number,
            total=step.days,
            day=step.day.isoformat(),
            today=step.served_today,
            pending=step.pending,
            elapsed=step.elapsed,
        ),
        file=sys.stderr,
    )


def _fail(error: InputError | OSError | str) -> int:
    print(_("feil: {error}").format(error=error), file=sys.stderr)
    return 2


def run_plan(args: argparse.Namespace) -> int:
    for output in (args.output, args.html):
        problem = output and output_problem(output)
        if problem:
            return _fail(problem)
    try:
        scenario = read_scenario(args.scenario)
    except InputError as error:
        return _fail(error)
    result = solve(
        scenario,
        seed=args.seed,
        time_limit=args.time_limit,
        progress=None if args.quiet else _progress,
    )
    plan = result.to_dict()
    text = json.dumps(plan, ensure_ascii=False, indent=2, allow_nan=False) + "\n"
    html = render_report(scenario, result) if args.html else None
    try:
        write_atomically(args.output, text)
        if html is not None:
            write_atomically(args.html, html)
    except OSError as error:
        return _fail(error)
    print(result.summary())
    problems = validate(scenario, plan)
    for problem in problems:
        print(_("ugyldig plan: {problem}").format(problem=problem), file=sys.stderr)
    return 1 if problems else 0


def run_check(args: argparse.Namespace) -> int:
    try:
        scenario = read_scenario(args.scenario)
        plan = read_plan(args.plan)
    except InputError as error:
        return _fail(error)
    problems = validate(scenario, plan)
    for problem in problems:
        print(problem)
    if not problems:
        print(_("planen er gyldig"))
    return 1 if problems else 0


def run_generate(args: argparse.Namespace) -> int:
    settings = GeneratorSettings(
        seed=args.seed,
        start=args.start,
        days=args.days,
        teams=args.teams,
        sites=args.sites,
        requests_per_weekday=args.requests_per_weekday,
    )
    try:
        written = write_generated(settings, args.output)
    except (OSError, ValueError) as error:
        return _fail(error)
    for path in written:
        print(path)
    return 0


def run_solomon(args: argparse.Namespace) -> int:
    try:
        instance = read_solomon(args.file)
    except InputError as error:
        return _fail(error)
    solution = solve_solomon(
        instance, time_limit=args.time_limit, seed=args.seed, cpu_time=args.cpu
    )
    print(
        f"{instance.name}: distance {solution.distance:.1f}, {len(solution.routes)} routes, "
        f"{'feasible' if solution.feasible else 'INFEASIBLE'}, {solution.runtime:.1f} s"
    )
    if args.json:
        routes = [list(route) for route in solution.routes]
        print(json.dumps({"distance": solution.distance, "routes": routes}))
    return 0 if solution.feasible else 1
