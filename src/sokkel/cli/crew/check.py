"""``sokkel crew check``: re-check a plan against the timetable and the rules.

Exit status: 0 when every duty is valid and every leg is driven exactly once, 1 when the
validator found violations (each printed with its duty, rule and times), 2 when an input
file cannot be read.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sokkel.lab.crew.check import PlanError, read_plan, validate_plan
from sokkel.lab.crew.gtfs import Feed, GtfsError, read_feed
from sokkel.lab.crew.network import StationRoles, StationsError, load_stations
from sokkel.lab.crew.rules import CREW_TYPES, DEFAULT_RULES_FILE, Rules, RulesError, load_rules
from sokkel.lab.limits import inside, shown

#: The last parts of the packaged rules file's path, as stored in a plan's ``rules_file``.
PACKAGED_RULES = DEFAULT_RULES_FILE.parts[-5:]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("gtfs", type=Path, metavar="GTFS", help="The GTFS zip (or folder).")
    parser.add_argument("plan", type=Path, metavar="PLAN", help="The plan.json to check.")
    parser.add_argument(
        "--rules",
        type=Path,
        help="Rules TOML (default: the plan's rules_file, else the packaged defaults).",
    )
    parser.add_argument(
        "--stations",
        type=Path,
        help="Station roles TOML (default: the roles stored in the plan, else the packaged "
        "NSB file or roles derived from the feed).",
    )
    parser.add_argument(
        "--crew",
        choices=CREW_TYPES,
        help="Crew type whose rules apply (default: the plan's crew).",
    )


def _first(plan: Mapping[str, Any], key: str) -> Any:
    """A key of the plan, or of its first day for a multi-day plan."""
    if key in plan:
        return plan[key]
    days = plan.get("days")
    if isinstance(days, list) and days and isinstance(days[0], Mapping):
        return days[0].get(key)
    return None


def _rules_path(args: argparse.Namespace, plan: Mapping[str, Any]) -> Path | None:
    """``--rules``, else the plan's ``rules_file`` if it is the packaged default (``None``)
    or a file in the plan's own folder: a plan cannot make the check read a file elsewhere.
    """
    if args.rules is not None:
        return args.rules
    stored = _first(plan, "rules_file")
    if not isinstance(stored, str) or not stored:
        return None
    if Path(stored).parts[-5:] == PACKAGED_RULES:
        return None  # the packaged defaults, wherever they were installed
    field = "rules_file" if "rules_file" in plan else "days[0].rules_file"
    try:
        path = inside(args.plan.parent, stored)
    except ValueError as error:
        raise PlanError(str(args.plan), None, field, f"{error}; give --rules FILE") from None
    if not path.is_file():
        raise PlanError(
            str(args.plan),
            None,
            field,
            f"{shown(stored)} is not a file in the plan's folder; give --rules FILE",
        )
    return path


def _stored_stations(plan: Mapping[str, Any], plan_path: Path) -> StationRoles | None:
    stored = _first(plan, "stations")
    if stored is None:
        return None
    lists: dict[str, frozenset[str]] = {}
    for key in ("depots", "relief_points", "break_stations"):
        value = stored.get(key, []) if isinstance(stored, Mapping) else None
        if not isinstance(value, list) or not all(isinstance(s, str) for s in value):
            raise PlanError(
                str(plan_path), None, f"stations.{key}", "expected a list of station ids"
            )
        lists[key] = frozenset(value)
    if not lists["depots"]:
        raise PlanError(str(plan_path), None, "stations.depots", "no depot")
    depots = lists["depots"]
    return StationRoles(
        depots=depots,
        relief_points=lists["relief_points"] | depots,
        break_stations=lists["break_stations"] | depots,
        source=f"stored in {plan_path}",
    )


def _stations(args: argparse.Namespace, plan: Mapping[str, Any], feed: Feed) -> StationRoles:
    if args.stations is not None:
        return load_stations(args.stations, feed)
    return _stored_stations(plan, args.plan) or load_stations(None, feed)


def _rules_differing(plan: Mapping[str, Any], rules: Rules) -> list[str]:
    """The rules whose values differ from those the plan says it was made with."""
    stored = _first(plan, "rules")
    if not isinstance(stored, Mapping):
        return []
    now = rules.as_dict()
    return [
        f"{key} {shown(stored[key])} in the plan, {shown(now[key])} now"
        for key in sorted(set(stored) & set(now) - {"source"})
        if stored[key] != now[key]
    ]


def run(args: argparse.Namespace) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    try:
        plan = read_plan(args.plan)
        crew = args.crew or _first(plan, "crew")
        if crew not in CREW_TYPES:
            raise PlanError(
                str(args.plan), None, "crew", f"{shown(crew)} is not a crew type; give --crew"
            )
        rules = load_rules(_rules_path(args, plan), crew)
        feed = read_feed(args.gtfs)
        stations = _stations(args, plan, feed)
    except (PlanError, GtfsError, RulesError, StationsError) as exc:
        print(f"sokkel crew check: {exc}", file=sys.stderr)
        return 2
    for difference in _rules_differing(plan, rules):
        print(
            f"note: checking with other rules than the plan was made with: {difference}",
            file=sys.stderr,
        )
    result = validate_plan(feed, plan, rules, stations)
    days = ", ".join(result.days) or "no date"
    if result.violations:
        for violation in result.violations:
            print(violation)
        rules_broken = Counter(v.rule for v in result.violations)
        duties = {(v.day, v.duty_id) for v in result.violations if v.duty_id is not None}
        summary = ", ".join(f"{rule} {n}" for rule, n in rules_broken.most_common())
        print(
            f"INVALID ({days}): {len(result.violations)} violations in {len(duties)} of "
            f"{result.duties} duties ({summary}); {result.legs_covered} of {result.legs} "
            "legs driven"
        )
        return 1
    print(
        f"OK ({days}): {result.duties} duties valid for {crew}s, {result.legs_covered} of "
        f"{result.legs} legs driven exactly once (rules: {rules.source}; stations: "
        f"{stations.source})"
    )
    return 0
