"""Benchmark: the suite's wall time against the reference backend at several job latencies.

Jobs run concurrently, so the wall time at latency L should stay close to L plus the 0-second time,
well under twice the latency plus the 0-second time. Prints one row per latency:

    python tests/bench/bench_suite.py [--latencies 0 10]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run(latency: float) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        began = time.monotonic()
        proc = subprocess.run(
            [sys.executable, "-m", "pytest", "conformance", "-q", "-p", "no:cacheprovider",
             f"--job-latency={latency}", f"--conformance-json={report}"],
            cwd=ROOT, capture_output=True, text=True,
        )
        wall = time.monotonic() - began
        document = json.loads(report.read_text()) if report.exists() else {"jobs": {}}
    jobs = document.get("jobs", {})
    return {
        "latency": latency,
        "wall": wall,
        "exit": proc.returncode,
        "start_calls": jobs.get("start_calls"),
        "poll_calls": jobs.get("poll_calls"),
        "jobs": len(jobs.get("runs", {})),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latencies", type=float, nargs="+", default=[0.0, 10.0])
    args = parser.parse_args(argv)
    rows = [run(latency) for latency in args.latencies]
    base = next((r["wall"] for r in rows if r["latency"] == 0), None)
    print(f"{'latency s':>9}  {'wall s':>7}  {'bound s':>7}  {'jobs':>4}  {'Start calls':>11}  {'polls':>5}  exit")
    for r in rows:
        bound = f"{2 * r['latency'] + base:7.1f}" if base is not None else "      -"
        print(f"{r['latency']:9.0f}  {r['wall']:7.1f}  {bound}  {r['jobs']:>4}  {r['start_calls']!s:>11}  "
              f"{r['poll_calls']!s:>5}  {r['exit']}")
    print("bound = twice the latency plus the 0-s wall time (jobs run concurrently when wall stays well under it)")
    return 0 if all(r["exit"] == 0 for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
