"""``sokkel crew scp``: solve an OR-Library set-covering file."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from sokkel.lab.crew.scp import METHODS, ScpError, read_orlib, solve
from sokkel.lab.limits import option, seconds_option, seed_option

#: The most refinement rounds ``--max-rounds`` may ask for.
MAX_ROUNDS = 1_000_000


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, metavar="FILE", help="OR-Library rail-format file")
    parser.add_argument(
        "--time-limit", type=seconds_option, default=60.0, metavar="S", help="seconds (default 60)"
    )
    parser.add_argument("--seed", type=seed_option, default=0, metavar="N", help="random seed")
    parser.add_argument(
        "--max-rounds",
        type=option(0, MAX_ROUNDS, whole=True),
        default=None,
        metavar="R",
        help="refinement rounds at most (lagrangian): the same seed then gives the same "
        "cover, the time limit only caps it",
    )
    parser.add_argument(
        "--method", choices=METHODS, default="lagrangian", help="solver (default lagrangian)"
    )
    parser.add_argument(
        "--json", action="store_true", help="end with one JSON line: cost, bound, time to best"
    )


def run(args: argparse.Namespace) -> int:
    try:
        problem = read_orlib(args.file)
    except ScpError as error:
        print(f"sokkel crew scp: {error}", file=sys.stderr)
        return 2
    print(
        f"{args.file}: {problem.n_rows} rows, {problem.n_cols} columns; "
        f"{args.method}, {args.time_limit:g} s, seed {args.seed}",
        file=sys.stderr,
    )
    try:
        result = solve(
            problem,
            time_limit=args.time_limit,
            seed=args.seed,
            method=args.method,
            max_rounds=args.max_rounds,
            progress=lambda message: print(f"  {message}", file=sys.stderr, flush=True),
        )
    except ScpError as error:
        print(f"sokkel crew scp: {args.file}: {error}", file=sys.stderr)
        return 2
    gap = (result.cost - result.lower_bound) / result.cost if result.cost else 0.0
    summary = (
        f"cost {result.cost:g}, lower bound {result.lower_bound:g} (gap {gap:.2%}"
        f"{', optimal' if result.is_optimal else ''}), {len(result.selected)} columns, "
        f"best after {result.time_to_best_s:.2f} s of {result.elapsed_s:.2f} s"
        + (f", {result.rounds} refinement rounds" if result.method == "lagrangian" else "")
        + (", stopped by the time limit" if result.hit_time_limit else "")
    )
    if args.json:
        print(summary, file=sys.stderr)
        print(
            json.dumps(
                {
                    "cost": result.cost,
                    "lower_bound": result.lower_bound,
                    "time_to_best_s": round(result.time_to_best_s, 3),
                }
            )
        )
    else:
        print(summary)
    return 0
