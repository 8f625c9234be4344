"""Benchmark: the whole suite against the reference backend at several job latencies, and against faulty
backends, side by side.

    python -m rekognition_conformance.bench [--latencies 0 10 30] [--faults NAME ...] [--pytest-arg=-n2 ...]

Each latency is one ``pytest conformance`` run in a subprocess (the reference backend keeps every job
IN_PROGRESS for that many seconds). Printed per latency: wall time, Start calls (what AWS bills),
distinct job configurations, Get calls the pool made to poll, and the time tests spent blocked on jobs.

Goals, each with pass/fail:
  * wall time at latency L <= L + 1.25 x wall time at latency 0: jobs run concurrently, so a slower
    backend costs its latency once, not once per job;
  * Start calls == distinct job configurations: each job is started once per run, nothing is retried
    into the concurrent-job limit and nothing is started twice;
  * the replay of a cassette (no backend at all) and the live run at latency 0, printed beside the previous
    release's figures (``PREVIOUS_RELEASE``: 31 s and 88 s on 2 cores), take at most ``RELEASE_GOALS`` (10 s
    and 40 s). The replayed cassette is recorded by the benchmark into a temporary directory (one more run,
    not timed against a goal) unless ``--cassette`` names one;
  * wall time with a fault <= 2 x wall time of the clean run (latency 0), and a verdict (exit 0 or 1): a
    backend that breaks the contract gets its verdict about as fast as one that keeps it. By default the
    fault is the slowest of the reference catalogue (``SLOWEST_FAULT``, found by timing the faults that fail
    the property tests and the one that kept jobs from finishing); ``--faults`` times others (``--faults``
    with no name: none).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
WALL_FACTOR = 1.25
FAULT_FACTOR = 2.0
FAULTS_VARIABLE = "RC_REFERENCE_FAULTS"
SLOWEST_FAULT = "boundary-item-repeats"
# Wall times of the previous release on 2 cores, and the goals for this one (seconds).
PREVIOUS_RELEASE = {"replay": 31.0, "live": 88.0}
RELEASE_GOALS = {"replay": 10.0, "live": 40.0}


@dataclass(frozen=True)
class Run:
    latency: float
    wall: float
    exit: int
    start_calls: int | None
    jobs: int | None
    get_calls: int | None
    wait_seconds: float | None
    must_violations: int | None
    fault: str | None = None

    @property
    def starts_ok(self) -> bool:
        return self.start_calls is not None and self.start_calls == self.jobs


def run_suite(latency: float, extra: list[str], fault: str | None = None) -> Run:
    env = {k: v for k, v in os.environ.items() if k != FAULTS_VARIABLE}
    if fault:
        env[FAULTS_VARIABLE] = fault
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        began = time.monotonic()
        proc = subprocess.run(
            [sys.executable, "-m", "pytest", "conformance", "-q", "-p", "no:cacheprovider",
             f"--job-latency={latency:g}", f"--conformance-json={report}", *extra],
            cwd=ROOT, capture_output=True, text=True, env=env,
        )
        wall = time.monotonic() - began
        document: dict[str, Any] = json.loads(report.read_text()) if report.exists() else {}
    if proc.returncode != 0 and fault is None:
        sys.stderr.write(f"latency {latency:g}: pytest exited {proc.returncode}\n{proc.stdout[-3000:]}\n")
    jobs = document.get("jobs", {})
    rules = document.get("rules", {})
    return Run(
        latency=latency,
        wall=wall,
        exit=proc.returncode,
        start_calls=jobs.get("start_calls"),
        jobs=len(jobs["runs"]) if "runs" in jobs else None,
        get_calls=jobs.get("poll_calls"),
        wait_seconds=jobs.get("wait_seconds"),
        must_violations=sum(r.get("violations", 0) for r in rules.values() if r.get("level") == "MUST")
        if rules else None,
        fault=fault,
    )


def _cell(value: Any, spec: str = "") -> str:
    return "-" if value is None else format(value, spec)


def table(runs: list[Run]) -> tuple[list[str], bool]:
    """The side-by-side table and the goals; returns (lines, every goal met)."""
    base = next((r.wall for r in runs if r.latency == 0), None)
    rows: list[tuple[str, list[str]]] = [
        ("job latency (s)", [f"{r.latency:g}" for r in runs]),
        ("wall time (s)", [f"{r.wall:.1f}" for r in runs]),
        ("Start calls (billable)", [_cell(r.start_calls) for r in runs]),
        ("distinct job configurations", [_cell(r.jobs) for r in runs]),
        ("Get calls (job polls)", [_cell(r.get_calls) for r in runs]),
        ("time tests waited on jobs (s)", [_cell(r.wait_seconds, ".1f") for r in runs]),
        ("MUST violations", [_cell(r.must_violations) for r in runs]),
        ("pytest exit status", [str(r.exit) for r in runs]),
    ]
    ok = True
    bound_cells, wall_cells, start_cells = [], [], []
    for r in runs:
        if base is None or r.latency == 0:
            bound_cells.append("-")
            wall_cells.append("-" if base is None else "base")
        else:
            bound = r.latency + WALL_FACTOR * base
            met = r.wall <= bound
            ok &= met
            bound_cells.append(f"{bound:.1f}")
            wall_cells.append("pass" if met else "FAIL")
        start_cells.append("pass" if r.starts_ok else "FAIL")
        ok &= r.starts_ok and r.exit == 0
    rows += [
        (f"goal: wall <= L + {WALL_FACTOR:g} x wall(0) (s)", bound_cells),
        ("  wall goal", wall_cells),
        ("  goal: Start calls == configurations", start_cells),
    ]
    width = max(len(name) for name, _ in rows)
    col = max(10, *(len(c) for _, cells in rows for c in cells))
    lines = [f"{name:<{width}}  " + "  ".join(f"{c:>{col}}" for c in cells) for name, cells in rows]
    if base is None:
        lines.append("(no latency-0 run: the wall goal needs one)")
    return lines, ok


def fault_table(clean: Run, faulty: list[Run]) -> tuple[list[str], bool]:
    """The clean run beside each faulty one, with the ratio of their wall times; (lines, every goal met)."""
    ok = clean.exit == 0
    rows: list[tuple[str, list[str]]] = [
        ("backend", ["clean", *(r.fault or "" for r in faulty)]),
        ("wall time (s)", [f"{r.wall:.1f}" for r in (clean, *faulty)]),
        ("wall / clean wall", ["1.00", *(f"{r.wall / clean.wall:.2f}" for r in faulty)]),
        ("MUST violations", [_cell(r.must_violations) for r in (clean, *faulty)]),
        ("pytest exit status", [str(r.exit) for r in (clean, *faulty)]),
    ]
    goals = ["base"]
    for r in faulty:
        # Exit 0 or 1: the run came to a verdict (a fault of a SHOULD rule only warns); 2 and above did not.
        met = r.wall <= FAULT_FACTOR * clean.wall and r.exit in (0, 1)
        ok &= met
        goals.append("pass" if met else "FAIL")
    rows.append((f"goal: wall <= {FAULT_FACTOR:g} x clean", goals))
    width = max(len(name) for name, _ in rows)
    col = max(10, *(len(c) for _, cells in rows for c in cells))
    return [f"{name:<{width}}  " + "  ".join(f"{c:>{col}}" for c in cells) for name, cells in rows], ok


def release_table(live: Run, replay: Run) -> tuple[list[str], bool]:
    """Replay and live wall times beside the previous release's and the goals; (lines, every goal met)."""
    lines = [f"{'':<24}  {'this run':>10}  {'previous':>10}  {'goal':>10}  {'':>6}"]
    ok = True
    for key, name, run in (("replay", "replay (s)", replay), ("live", "live, latency 0 (s)", live)):
        met = run.wall <= RELEASE_GOALS[key] and run.exit == 0
        ok &= met
        lines.append(f"{name:<24}  {run.wall:>10.1f}  {PREVIOUS_RELEASE[key]:>10.1f}  {RELEASE_GOALS[key]:>10.1f}  "
                     f"{'pass' if met else 'FAIL':>6}")
    lines.append(f"{'speed-up':<24}  replay {PREVIOUS_RELEASE['replay'] / replay.wall:.1f}x, "
                 f"live {PREVIOUS_RELEASE['live'] / live.wall:.1f}x")
    return lines, ok


def replay_run(extra: list[str], cassette: str | None) -> Run:
    """A replay of ``cassette``, or of one recorded for the purpose into a temporary directory."""
    if cassette is not None:
        return run_suite(0.0, [*extra, "--record-mode=none", f"--cassette={cassette}"])
    with tempfile.TemporaryDirectory() as tmp:
        recorded = str(Path(tmp) / "cassette.json.gz")
        print("recording a cassette to replay (not timed against a goal) ...", flush=True)
        run_suite(0.0, [*extra, "--record-mode=rewrite", f"--cassette={recorded}"])
        print("replaying it ...", flush=True)
        return run_suite(0.0, [*extra, "--record-mode=none", f"--cassette={recorded}"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latencies", type=float, nargs="+", default=[0.0, 10.0, 30.0],
                        help="job latencies in seconds (default 0 10 30)")
    parser.add_argument("--pytest-arg", action="append", default=[], metavar="ARG",
                        help="extra argument for every pytest run, e.g. --pytest-arg=-n2 or --pytest-arg=-kLabel")
    parser.add_argument("--faults", nargs="*", default=[SLOWEST_FAULT], metavar="NAME",
                        help=f"reference faults to time beside the clean run, one run each (default {SLOWEST_FAULT}, "
                             "the slowest of the catalogue; no name: none)")
    parser.add_argument("--cassette", default=None, metavar="PATH",
                        help="cassette the replay is timed on (default: one the benchmark records first)")
    parser.add_argument("--no-replay", action="store_true", help="leave the replay and the release comparison out")
    args = parser.parse_args(argv)
    runs = []
    for latency in args.latencies:
        print(f"running the suite at job latency {latency:g} s ...", flush=True)
        runs.append(run_suite(latency, args.pytest_arg))
    lines, ok = table(runs)
    print("\n".join(lines))
    if not args.no_replay:
        live = next((r for r in runs if r.latency == 0), None)
        if live is None:
            print("running the suite at job latency 0 s (the live run of the release comparison) ...", flush=True)
            live = run_suite(0.0, args.pytest_arg)
        lines, release_ok = release_table(live, replay_run(args.pytest_arg, args.cassette))
        print("\n".join(lines))
        ok &= release_ok
    if args.faults:
        clean = next((r for r in runs if r.latency == 0), None)
        if clean is None:
            print("running the suite at job latency 0 s (the clean run the faults are compared with) ...", flush=True)
            clean = run_suite(0.0, args.pytest_arg)
        faulty = []
        for fault in args.faults:
            print(f"running the suite against the reference backend with fault {fault} ...", flush=True)
            faulty.append(run_suite(0.0, args.pytest_arg, fault=fault))
        lines, faults_ok = fault_table(clean, faulty)
        print("\n".join(lines))
        ok &= faults_ok
    print("all goals met" if ok else "a goal was missed (see FAIL above)")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
