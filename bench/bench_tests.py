"""Time the test run that needs no model: wall seconds and CPU seconds (every process).

    .venv/bin/python bench/bench_tests.py [--runs 2] [--ref /path/to/other/checkout] [-- pytest args]

Runs ``pytest -q -m "not model and not corpus"`` (the default ``-n auto`` of pyproject.toml)
in this checkout and, with ``--ref``, in another checkout of the project (say ``git archive
main`` unpacked in /tmp) with this interpreter, alternating the two so that both see the same
load, and prints each run and the ratios. CPU seconds are user + system time of pytest and its
workers: on a machine shared with other jobs they move much less than the wall time, so both
are printed with the load average.
"""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]


def run_once(folder: Path, extra: list[str]) -> tuple[float, float, str]:
    """Wall seconds, CPU seconds and pytest's last line for one run in ``folder``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
               "-m", "not model and not corpus", *extra]  # fmt: skip
    done = subprocess.run(command, cwd=folder, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    lines = done.stdout.strip().splitlines()
    return wall, cpu, lines[-1] if lines else f"exit {done.returncode}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--ref", type=Path, help="another checkout to compare with (run first)")
    parser.add_argument("pytest_args", nargs="*")
    args = parser.parse_args()
    folders = ([("ref", args.ref)] if args.ref else []) + [("this", HERE)]
    results: dict[str, list[tuple[float, float]]] = {name: [] for name, _ in folders}
    for run in range(1, args.runs + 1):
        for name, folder in folders:
            load = os.getloadavg()[0]
            wall, cpu, last = run_once(folder, args.pytest_args)
            results[name].append((wall, cpu))
            print(f"{name} run {run}: {wall:6.1f} s wall {cpu:6.1f} s CPU  load {load:4.1f}  {last}")
    for name, _ in folders:
        walls, cpus = zip(*results[name])
        print(f"{name}: median {statistics.median(walls):.1f} s wall, {statistics.median(cpus):.1f} s CPU")
    if args.ref:
        (ref_wall, ref_cpu), (wall, cpu) = (
            tuple(statistics.median(v) for v in zip(*results[name])) for name in ("ref", "this")
        )
        print(f"this/ref: wall {wall / ref_wall:.2f}x, CPU {cpu / ref_cpu:.2f}x")


if __name__ == "__main__":
    main()
