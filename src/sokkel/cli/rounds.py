"""``sokkel rounds``: command-line glue over ``sokkel.lab.rounds``."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from gettext import gettext as _
from pathlib import Path

from sokkel.lab.rounds import InputError, Progress, read_scenario, solve
from sokkel.lab.rounds.generate import GeneratorSettings, write_generated
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
    plan.add_argument("--time-limit", type=float, default=30.0, help="seconds (default 30)")
    plan.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
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
    generate.add_argument("--seed", type=int, default=defaults.seed)
    generate.add_argument("-o", "--output", type=Path, required=True, help="folder to write")
    generate.add_argument(
        "--start", type=dt.date.fromisoformat, default=defaults.start, help="first day"
    )
    generate.add_argument("--days", type=int, default=defaults.days)
    generate.add_argument("--teams", type=int, default=defaults.teams)
    generate.add_argument("--sites", type=int, default=defaults.sites)
    generate.add_argument(
        "--requests-per-weekday", type=float, default=defaults.requests_per_weekday
    )
    generate.set_defaults(func=run_generate)

    solomon = commands.add_parser("solomon", help="Solve a Solomon VRPTW instance.")
    solomon.add_argument("file", type=Path)
    solomon.add_argument("--time-limit", type=float, default=10.0, help="seconds (default 10)")
    solomon.add_argument("--seed", type=int, default=0)
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


def _fail(error: InputError) -> int:
    print(_("feil: {error}").format(error=error), file=sys.stderr)
    return 2


def run_plan(args: argparse.Namespace) -> int:
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
    args.output.write_text(json.dumps(plan, ensure_ascii=False, indent=2) + "\n", "utf-8")
    if args.html:
        args.html.write_text(render_report(scenario, result), encoding="utf-8")
    print(result.summary())
    problems = validate(scenario, plan)
    for problem in problems:
        print(_("ugyldig plan: {problem}").format(problem=problem), file=sys.stderr)
    return 1 if problems else 0


def run_check(args: argparse.Namespace) -> int:
    try:
        scenario = read_scenario(args.scenario)
    except InputError as error:
        return _fail(error)
    try:
        plan = json.loads(args.plan.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        print(_("feil: {file}: {error}").format(file=args.plan, error=error), file=sys.stderr)
        return 2
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
    except ValueError as error:
        print(_("feil: {error}").format(error=error), file=sys.stderr)
        return 2
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
