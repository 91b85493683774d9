"""OR-Library rail507 and rail516: our Lagrangian heuristic against HiGHS MIP and AC-CFT.

Run: .venv/bin/python benchmarks/scp_rail.py [--time-limit 60] [--seed 0]
     [--solvers ours,highs,pycft] [NAME ...]
Reads ../shared/data/scp/rail507.txt and rail516.txt and runs each solver with the same
time limit, one after the other in this process, printing one line per run: cost, lower
bound, seconds to the best cover, wall and CPU seconds used, and the known optimum.
Targets: rail507 -> 174 and rail516 -> 182 within 60 s.

AC-CFT (PyPI ``pycft``, a dev dependency) reports progress only on its own stdout, once
per refinement round; its time to best is the end of the round that found the best cover
(an upper bound), read from that output.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from sokkel.lab.crew.scp import SetCoverProblem, read_orlib, solve

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "scp"
OPTIMUM = {"rail507": 174, "rail516": 182}
SOLVERS = ("ours", "highs", "pycft")


@dataclass
class Run:
    cost: float
    bound: float
    time_to_best_s: float
    wall_s: float
    cpu_s: float


def run_ours(problem: SetCoverProblem, time_limit: float, seed: int, method: str) -> Run:
    wall, cpu = time.perf_counter(), time.process_time()
    result = solve(problem, time_limit=time_limit, seed=seed, method=method)
    return Run(
        result.cost,
        result.lower_bound,
        result.time_to_best_s,
        time.perf_counter() - wall,
        time.process_time() - cpu,
    )


def run_pycft(problem: SetCoverProblem, time_limit: float, seed: int) -> Run:
    from pycft import SetCoverSolver

    solver = SetCoverSolver()
    for j in range(problem.n_cols):
        solver.add_set(problem.column(j).tolist(), float(problem.costs[j]))
    wall, cpu = time.perf_counter(), time.process_time()
    with tempfile.TemporaryFile(mode="w+") as log:
        sys.stdout.flush()
        saved = os.dup(1)
        os.dup2(log.fileno(), 1)
        try:
            solver.solve(seed=seed, time_limit=time_limit, verbose=2)
        finally:
            sys.stdout.flush()
            os.dup2(saved, 1)
            os.close(saved)
        log.seek(0)
        output = log.read()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    cost = float(solver.get_cost())
    # "REFN>  3: Best solution 182.00, ..." then "REFN>  3: Fixed cost ..., time 7.49s"
    best = dict(re.findall(r"REFN>\s*(\d+): Best solution ([\d.]+)", output))
    times = dict(re.findall(r"REFN>\s*(\d+): Fixed cost .*time ([\d.]+)s", output))
    found = [int(k) for k, value in best.items() if float(value) <= cost + 1e-9]
    first = min(found, default=None)
    to_best = float(times.get(str(first), wall)) if first is not None else wall
    return Run(cost, float(solver.get_lower_bound()), to_best, wall, cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description="rail507/rail516: ours, HiGHS MIP, AC-CFT.")
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--solvers", default=",".join(SOLVERS), help="comma-separated")
    parser.add_argument("names", nargs="*", help="instances (default: rail507 rail516)")
    args = parser.parse_args()
    solvers = [s for s in args.solvers.split(",") if s]
    unknown = set(solvers) - set(SOLVERS)
    if unknown:
        parser.error(f"unknown solver(s): {', '.join(sorted(unknown))}")
    names = args.names or list(OPTIMUM)
    print(
        f"time limit {args.time_limit:g} s per run, seed {args.seed}, "
        f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores"
    )
    header = f"{'instance':<9} {'solver':<11} {'cost':>6} {'bound':>7} {'to best s':>9}"
    print(f"{header} {'wall s':>7} {'cpu s':>7} {'optimum':>7}")
    for name in names:
        problem = read_orlib(DATA / f"{name}.txt")
        for solver in solvers:
            if solver == "pycft":
                run, label = run_pycft(problem, args.time_limit, args.seed), "AC-CFT"
            elif solver == "highs":
                run = run_ours(problem, args.time_limit, args.seed, "highs")
                label = "HiGHS MIP"
            else:
                run = run_ours(problem, args.time_limit, args.seed, "lagrangian")
                label = "ours (CFT)"
            print(
                f"{name:<9} {label:<11} {run.cost:>6g} {run.bound:>7.2f} "
                f"{run.time_to_best_s:>9.2f} {run.wall_s:>7.1f} {run.cpu_s:>7.1f} "
                f"{OPTIMUM.get(name, float('nan')):>7}",
                flush=True,
            )


if __name__ == "__main__":
    main()
