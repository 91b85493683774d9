"""Plan the shipped Oslo demo week and print how long it took (target ≤ 30 s).

Run: .venv/bin/python benchmarks/rounds_oslo.py [--time-limit 30] [--seed 0]
The scenario is examples/rounds/oslo/ (synthetic data). Prints the runtime, the KPIs,
the effect totals and the independent validator's verdict.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from sokkel.lab.rounds import read_scenario, solve
from sokkel.lab.rounds.validate import validate

SCENARIO = Path(__file__).resolve().parents[1] / "examples" / "rounds" / "oslo" / "scenario.toml"


def main() -> None:
    parser = argparse.ArgumentParser(description="Plan the Oslo demo week.")
    parser.add_argument("--time-limit", type=float, default=30.0)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    started = time.perf_counter()
    scenario = read_scenario(SCENARIO)
    result = solve(scenario, seed=args.seed, time_limit=args.time_limit)
    elapsed = time.perf_counter() - started
    problems = validate(scenario, result.to_dict())
    print(result.summary())
    total = result.effects["total"]
    print(
        f"  effects (model estimates): {total['hospital_trips_avoided']:.1f} hospital trips, "
        f"{total['carer_hours_freed']:.0f} carer hours, "
        f"net NOK {total['net_cost_avoided_nok']:,.0f}"
    )
    print(f"  validator: {'valid' if not problems else f'{len(problems)} problems'}")
    print(f"  hit time limit: {result.hit_time_limit}")
    verdict = "meets" if elapsed <= 30 else "MISSES"
    print(f"Oslo demo week planned in {elapsed:.1f} s ({verdict} ≤ 30 s)")


if __name__ == "__main__":
    main()
