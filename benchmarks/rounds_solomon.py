"""Solomon C1, R1 and RC1 with the rounds planner's PyVRP model: gap to best-known.

Run: .venv/bin/python benchmarks/rounds_solomon.py [--time-limit 10] [--cpu] [--seed 0] [NAME ...]
Reads ../shared/data/vrptw/*.txt and the best-known *.sol (DIMACS convention), prints one
line per instance and the mean gap per set and overall. Target: mean gap ≤ 0.5 % at 10 s.
With --cpu the limit counts this process's CPU seconds, for a fair figure on a loaded machine.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from sokkel.lab.rounds.solomon import read_solomon, solve_solomon

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "vrptw"


def best_known(name: str) -> tuple[float, int]:
    text = (DATA / f"{name}.sol").read_text()
    routes = sum(1 for line in text.splitlines() if line.startswith("Route"))
    cost = re.search(r"Cost\s+([\d.]+)", text)
    assert cost is not None, f"{name}.sol has no Cost line"
    return float(cost.group(1)), routes


def main() -> None:
    parser = argparse.ArgumentParser(description="Solomon gap to best-known.")
    parser.add_argument("--time-limit", type=float, default=10.0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--cpu", action="store_true", help="limit CPU time, not wall time")
    parser.add_argument("names", nargs="*", help="instances, e.g. R101 (default: all)")
    args = parser.parse_args()
    names = args.names or sorted(p.stem for p in DATA.glob("*.txt"))
    gaps: dict[str, list[float]] = {}
    clock = "CPU" if args.cpu else "wall-clock"
    print(f"time limit: {args.time_limit:g} {clock} seconds per instance, seed {args.seed}")
    print(f"{'instance':<8} {'best':>8} {'found':>8} {'gap %':>7} {'routes':>6} {'bk':>3}  s")
    for name in names:
        bks, bk_routes = best_known(name)
        solution = solve_solomon(
            read_solomon(DATA / f"{name}.txt"),
            time_limit=args.time_limit,
            seed=args.seed,
            cpu_time=args.cpu,
        )
        gap = 100 * (solution.distance - bks) / bks if solution.feasible else float("inf")
        gaps.setdefault(name[:-2], []).append(gap)  # R101 -> set R1
        print(
            f"{name:<8} {bks:>8.1f} {solution.distance:>8.1f} {gap:>7.2f} "
            f"{len(solution.routes):>6} {bk_routes:>3}  {solution.runtime:.1f}",
            flush=True,
        )
    for group, values in gaps.items():
        print(f"mean gap {group}: {sum(values) / len(values):.3f} % over {len(values)} instances")
    everything = [g for values in gaps.values() for g in values]
    mean = sum(everything) / len(everything)
    verdict = "meets" if mean <= 0.5 else "MISSES"
    print(f"mean gap overall: {mean:.3f} % over {len(everything)} instances ({verdict} ≤ 0.5 %)")


if __name__ == "__main__":
    main()
