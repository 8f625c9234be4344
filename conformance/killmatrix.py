"""The kill matrix: does the conformance suite catch each fault of the reference backend by the rule it breaks?

1. A clean run: the whole suite against the reference backend without faults, recording which tests
   check which rules (:mod:`rekognition_conformance.killrun`). It must pass with no MUST violation.
2. One run per fault of :data:`rekognition_conformance.reference.faults.FAULTS` (``RC_REFERENCE_FAULTS=<name>``), two at
   a time. With ``--scope rule`` (the default) a run holds only the tests that checked the fault's rule in the clean
   run: no other test can report that rule, so the verdict is the same as the whole suite's, and the run takes seconds.
   ``--scope family`` runs the fault's family (the whole suite for a fault in shared behaviour), which also shows what
   else the fault trips.
3. The matrix: for each fault, the rules its run reported violations of (warnings included) and its
   outcome. A fault is *killed* when its own rule fired and did not fire in the clean run. A fault the
   catalogue marks as a known gap is expected to survive; one that is killed anyway is a stale gap.

4. The response mutations (:mod:`rekognition_conformance.mutations`) on a recording, by default the committed
   reference cassette: each edits one recorded listing to break one rule, and the offline judge judges
   the family's listings; a mutation is killed when its own rule fires there and not on the clean recording.
5. Rule coverage (:mod:`rekognition_conformance.killcoverage`): per family, faults and mutations killed by their own
   rule and MUST rules proven; the last line is ``MUST rules proven: N of M``.

``python -m rekognition_conformance.killmatrix [--json PATH] [--faults NAME ...] [--scope rule|family]`` prints the
matrix, the kill rate per family and the rule coverage, writes it as JSON, and exits 1 unless the clean
run and the clean recording pass, every fault is killed or a known gap, no mutation survives, and (for the
whole catalogue) every MUST rule is proven. ``--cassette FILE`` runs only the mutations, on a recording of
the user's own (a cassette or a corpus folder), and prints which rules the harness is proven to catch on
it and which it cannot judge there, and why.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from rekognition_conformance import killcoverage
from rekognition_conformance.judge.sources import SourceError, load
from rekognition_conformance.killcoverage import FAULT, MUTATION, Proof
from rekognition_conformance.mutations import MUTATIONS
from rekognition_conformance.mutations.run import ERROR as MUTATION_ERROR
from rekognition_conformance.mutations.run import KILLED as MUTATION_KILLED
from rekognition_conformance.mutations.run import NOT_JUDGED, MutationResult, clean_errors, run_mutations
from rekognition_conformance.mutations.run import SURVIVED as MUTATION_SURVIVED
from rekognition_conformance.reference.faults import COMMON, ENVIRONMENT_VARIABLE, FAULTS, Fault, resolve
from rekognition_conformance.spec.rules import rule

ROOT = Path(__file__).resolve().parent.parent
SUITE = "conformance/suite"
# Faults in shared behaviour are first judged through this family's tests alone: every family's Get and
# Start pass through the same wrappers, and one family's suite is enough to show the rule is checked.
COMMON_FAMILY = "labels"
# Jobs of the reference backend finish in about a second; a fault that stops them finishing should cost
# this long, not the suite's default of 15 minutes.
JOB_TIMEOUT = 60.0
RUN_TIMEOUT = 900.0
# The recording the mutations are applied to when the user names none.
RECORDING = ROOT / "fixtures" / "cassettes" / "reference.json.gz"

# nodeid -> {"family": the test's family marker, "rules": the rule ids it checked}
RuleMap = dict[str, dict[str, Any]]

KILLED = "killed"
GAP = "gap"
SURVIVED = "survived"
STALE_GAP = "stale gap"
UNCHECKED = "unchecked"
ERROR = "error"
# The outcomes the matrix accepts: a fault caught by its rule, or a documented gap that still is one.
ACCEPTED = (KILLED, GAP)


@dataclass
class SuiteRun:
    """One pytest run of the suite and what its report says."""

    label: str
    command: list[str]
    exitstatus: int | None
    seconds: float
    tests: int = 0
    fired: dict[str, int] = field(default_factory=dict)
    must_fired: dict[str, int] = field(default_factory=dict)
    rule_map: RuleMap = field(default_factory=dict)
    error: str | None = None
    log: str = ""


@dataclass
class FaultResult:
    name: str
    rule: str
    family: str
    description: str
    gap: str | None
    outcome: str
    own_rule_fired: bool
    run: SuiteRun | None

    @property
    def fired(self) -> dict[str, int]:
        return self.run.fired if self.run is not None else {}


@dataclass
class MutationRun:
    """The mutations applied to one recording, and what its clean judgement failed (nothing, when it is clean)."""

    recording: str
    results: list[MutationResult]
    problems: list[str]
    seconds: float

    @property
    def clean_passes(self) -> bool:
        return not self.problems

    @property
    def unaccepted(self) -> list[MutationResult]:
        return [r for r in self.results if r.outcome in (MUTATION_SURVIVED, MUTATION_ERROR)]

    def proofs(self) -> list[Proof]:
        return [Proof(MUTATION, r.name, r.rule, r.family, r.outcome == MUTATION_KILLED, r.outcome != NOT_JUDGED)
                for r in self.results]

    def to_json(self) -> dict[str, Any]:
        return {
            "recording": self.recording,
            "clean_problems": self.problems,
            "seconds": round(self.seconds, 1),
            "results": [
                {"name": r.name, "rule": r.rule, "family": r.family, "description": r.description,
                 "outcome": r.outcome, "reason": r.reason, "site": r.site, "fired": r.fired}
                for r in self.results
            ],
            "families": family_json(self.proofs()),
            "must_rules_proven": len(killcoverage.proven_rules(self.proofs())),
        }


def family_json(proofs: list[Proof]) -> list[dict[str, Any]]:
    return [
        {"family": row.family, "faults": row.faults, "faults_killed": row.faults_killed,
         "mutations": row.mutations, "mutations_killed": row.mutations_killed,
         "mutations_not_judged": row.mutations_not_judged,
         "must_rules": len(row.must), "must_rules_proven": len(row.proven), "unproven": row.unproven,
         "shared_must_rules_caught": row.shared_proven}
        for row in killcoverage.rows(proofs)
    ]


def run_mutation_matrix(path: Path | str, mutations: Sequence[Any] = MUTATIONS) -> MutationRun:
    """Every mutation applied to the recording at ``path`` (a cassette or a corpus folder) and judged offline."""
    started = time.monotonic()
    recording = load(path)
    problems = clean_errors(recording)
    results = run_mutations(recording, mutations)
    return MutationRun(_shown(Path(path)), results, problems, time.monotonic() - started)


def _shown(path: Path) -> str:
    """``path`` relative to the project when it lies in it (the committed matrix names no local folder)."""
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


@dataclass
class KillMatrix:
    scope: str
    clean: SuiteRun
    results: list[FaultResult]
    seconds: float
    # False: each fault's run stopped at its own rule's first violation, so ``fired`` lists the rules
    # reported until then.
    full: bool = False
    mutations: MutationRun | None = None
    # True when the whole fault catalogue ran: then every MUST rule must be proven.
    complete: bool = False

    @property
    def clean_passes(self) -> bool:
        return self.clean.error is None and self.clean.exitstatus == 0 and not self.clean.must_fired

    def proofs(self) -> list[Proof]:
        faults = [Proof(FAULT, r.name, r.rule, r.family, r.own_rule_fired and r.outcome == KILLED)
                  for r in self.results]
        return faults + (self.mutations.proofs() if self.mutations is not None else [])

    @property
    def unproven(self) -> list[str]:
        proven = killcoverage.proven_rules(self.proofs())
        return [rule_id for rule_id in killcoverage.must_rules() if rule_id not in proven]

    @property
    def killed(self) -> list[FaultResult]:
        return [r for r in self.results if r.own_rule_fired and r.outcome in (KILLED, STALE_GAP)]

    @property
    def kill_rate(self) -> float:
        return len(self.killed) / len(self.results) if self.results else 0.0

    @property
    def unaccepted(self) -> list[FaultResult]:
        return [r for r in self.results if r.outcome not in ACCEPTED]

    @property
    def ok(self) -> bool:
        mutations_ok = self.mutations is None or (self.mutations.clean_passes and not self.mutations.unaccepted)
        return self.clean_passes and not self.unaccepted and mutations_ok and not (self.complete and self.unproven)

    def summary(self) -> dict[str, Any]:
        outcomes = Counter(r.outcome for r in self.results)
        return {
            "faults": len(self.results),
            "killed": len(self.killed),
            "kill_rate": round(self.kill_rate, 4),
            "outcomes": dict(sorted(outcomes.items())),
            "clean_passes": self.clean_passes,
            "mutations": len(self.mutations.results) if self.mutations else 0,
            "mutations_killed": sum(r.killed for r in self.mutations.results) if self.mutations else 0,
            "must_rules": len(killcoverage.must_rules()),
            "must_rules_proven": len(killcoverage.must_rules()) - len(self.unproven),
            "unproven": self.unproven,
            "ok": self.ok,
            "seconds": round(self.seconds, 1),
        }

    def to_json(self) -> dict[str, Any]:
        clean = asdict(self.clean)
        clean.pop("log")
        return {
            "scope": self.scope,
            "full": self.full,
            "summary": self.summary(),
            "clean": clean,
            "faults": [
                {
                    "name": r.name,
                    "rule": r.rule,
                    "family": r.family,
                    "description": r.description,
                    "gap": r.gap,
                    "outcome": r.outcome,
                    "own_rule_fired": r.own_rule_fired,
                    "fired": r.fired,
                    "tests": r.run.tests if r.run else 0,
                    "seconds": round(r.run.seconds, 1) if r.run else 0.0,
                    "exitstatus": r.run.exitstatus if r.run else None,
                    "error": r.run.error if r.run else None,
                    "command": r.run.command if r.run else [],
                }
                for r in self.results
            ],
            "mutations": self.mutations.to_json() if self.mutations else None,
            "families": family_json(self.proofs()),
        }


# --- running the suite --------------------------------------------------------------------------------


def _environment(faults: Sequence[str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != ENVIRONMENT_VARIABLE}
    if faults:
        env[ENVIRONMENT_VARIABLE] = ",".join(faults)
    return env


def run_suite(
    label: str,
    selection: Sequence[str],
    *,
    workdir: Path,
    faults: Sequence[str] = (),
    keep_rule_map: bool = False,
    job_timeout: float = JOB_TIMEOUT,
    extra: Sequence[str] = (),
    timeout: float = RUN_TIMEOUT,
) -> SuiteRun:
    """Run pytest on ``selection`` (paths, node ids and options) with ``faults`` switched on.

    Every run records which rules each test checked; ``keep_rule_map`` keeps that map in the result.
    """
    report = workdir / f"{label}.json"
    map_path = workdir / f"{label}.rulemap.json"
    command = [
        sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "rekognition_conformance.killrun",
        f"--conformance-json={report}", f"--job-timeout={job_timeout:g}", "-o", "console_output_style=classic",
        f"--rule-map={map_path}", *extra, *selection,
    ]
    started = time.monotonic()
    try:
        proc = subprocess.run(
            command, cwd=ROOT, env=_environment(faults), capture_output=True, text=True, timeout=timeout
        )
    except subprocess.TimeoutExpired as exc:
        output = exc.stdout.decode() if isinstance(exc.stdout, bytes) else (exc.stdout or "")
        return SuiteRun(label, command, None, time.monotonic() - started, error=f"timed out after {timeout:g} s",
                        log=output[-4000:])
    seconds = time.monotonic() - started
    log = (proc.stdout + proc.stderr)[-8000:]
    run = SuiteRun(label, command, proc.returncode, seconds, log=log)
    # 0: passed, 1: some tests failed; anything else means the suite itself could not run as asked.
    if proc.returncode not in (0, 1) or not report.exists():
        run.error = f"pytest exited {proc.returncode}: {log[-1500:]}"
        return run
    document = json.loads(report.read_text(encoding="utf-8"))
    for violation in document.get("violations", []):
        rule_id = violation["rule_id"]
        run.fired[rule_id] = run.fired.get(rule_id, 0) + 1
        if document["rules"].get(rule_id, {}).get("level", rule(rule_id).level) == "MUST":
            run.must_fired[rule_id] = run.must_fired.get(rule_id, 0) + 1
    if map_path.exists():
        run.rule_map = json.loads(map_path.read_text(encoding="utf-8"))
        run.tests = len(run.rule_map)
    if not keep_rule_map:
        run.rule_map = {}
    return run


def tests_checking(rule_id: str, rule_map: RuleMap, family: str | None = None) -> list[str]:
    """The tests of the clean run that checked ``rule_id`` (only those of ``family`` when given), quickest
    first: a run that stops at its rule's first violation then spends the least it can."""
    return sorted(
        (
            nodeid
            for nodeid, entry in rule_map.items()
            if rule_id in entry["rules"] and (family is None or entry["family"] == family)
        ),
        key=lambda nodeid: (rule_map[nodeid].get("seconds", 0.0), nodeid),
    )


def selections_for(fault: Fault, scope: str, rule_map: RuleMap) -> list[list[str]]:
    """The pytest arguments of a fault's run, then of a wider run to try if the first does not kill it.

    ``family`` scope runs the fault's family, or the whole suite for a fault in shared behaviour. ``rule``
    scope runs the tests that checked the fault's rule: those of its family, and for a fault in shared
    behaviour first those of :data:`COMMON_FAMILY` (the model family) and, if it survives them, all.
    """
    if scope == "family":
        return [[SUITE] if fault.family == COMMON else [SUITE, f"--only={fault.family}"]]
    if fault.family != COMMON:
        return [tests] if (tests := tests_checking(fault.rule, rule_map, fault.family)) else []
    everywhere = tests_checking(fault.rule, rule_map)
    first = tests_checking(fault.rule, rule_map, COMMON_FAMILY) or everywhere
    return [first, everywhere] if first and first != everywhere else ([first] if first else [])


def judge(fault: Fault, run: SuiteRun | None, clean: SuiteRun) -> FaultResult:
    """The outcome of ``fault`` given its run (None when no test checks its rule)."""
    fired = run is not None and run.error is None and fault.rule in run.fired and fault.rule not in clean.fired
    if run is None:
        outcome = GAP if fault.gap else UNCHECKED
    elif run.error is not None:
        outcome = ERROR
    elif fired:
        outcome = STALE_GAP if fault.gap else KILLED
    else:
        outcome = GAP if fault.gap else SURVIVED
    return FaultResult(fault.name, fault.rule, fault.family, fault.description, fault.gap, outcome, fired, run)


def run_matrix(
    faults: Iterable[Fault] | None = None,
    *,
    scope: str = "rule",
    workers: int = 2,
    workdir: Path | None = None,
    job_timeout: float = JOB_TIMEOUT,
    full: bool = False,
    recording: Path | None = RECORDING,
    progress: Callable[[str], None] = lambda _message: None,
) -> KillMatrix:
    """The clean run, then one run per fault (``workers`` at a time), then the mutations on ``recording``.

    A fault's run stops after the first test that reports its rule, unless ``full``: then it runs every
    selected test and the matrix lists every rule the fault trips in them.
    """
    if scope not in ("rule", "family"):
        raise ValueError(f"unknown scope {scope!r}; use rule or family")
    chosen = list(FAULTS.values()) if faults is None else list(faults)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="killmatrix-") as scratch:
        where = Path(workdir) if workdir is not None else Path(scratch)
        where.mkdir(parents=True, exist_ok=True)
        progress("clean run: the whole suite against the reference backend without faults")
        clean = run_suite("clean", [SUITE], workdir=where, keep_rule_map=True, job_timeout=job_timeout)
        progress(f"clean run: exit {clean.exitstatus}, {clean.tests} tests, {clean.seconds:.1f} s"
                 + (f", MUST violations {clean.must_fired}" if clean.must_fired else "")
                 + (f", error {clean.error}" if clean.error else ""))

        def one(fault: Fault) -> FaultResult:
            run: SuiteRun | None = None
            for attempt, selection in enumerate(selections_for(fault, scope, clean.rule_map)):
                earlier = run.seconds if run is not None else 0.0
                run = run_suite(
                    f"fault-{fault.name}" + (f"-{attempt}" if attempt else ""),
                    selection,
                    workdir=where,
                    faults=[fault.name],
                    job_timeout=job_timeout,
                    extra=["--no-shrink", *([] if full else [f"--stop-on-rule={fault.rule}"])],
                )
                run.seconds += earlier
                if run.error is not None or fault.rule in run.fired:
                    break
            result = judge(fault, run, clean)
            progress(_line(result))
            return result

        with ThreadPoolExecutor(max_workers=max(1, workers)) as executor:
            results = list(executor.map(one, chosen))
    mutations = None
    if recording is not None:
        mutations = run_mutation_matrix(recording)
        progress(f"mutations on {recording}: {sum(r.killed for r in mutations.results)} of "
                 f"{len(mutations.results)} killed, {mutations.seconds:.1f} s")
    return KillMatrix(scope, clean, results, time.monotonic() - started, full, mutations,
                      complete=faults is None)


# --- reporting ----------------------------------------------------------------------------------------


def _fired_text(result: FaultResult) -> str:
    rules = sorted(result.fired, key=lambda rid: (rid != result.rule, rid))
    return ", ".join(f"{rid}*" if rid == result.rule else rid for rid in rules) or "-"


def _line(result: FaultResult) -> str:
    seconds = f"{result.run.seconds:.1f} s" if result.run else "not run"
    return f"{result.name}: {result.outcome} ({result.rule}; {seconds})"


def mutation_lines(run: MutationRun) -> list[str]:
    """One line per mutation on a recording, then the clean recording's verdict."""
    width = max([len(r.name) for r in run.results] + [8])
    rule_width = max([len(r.rule) for r in run.results] + [4])
    lines = [f"{'mutation':<{width}}  {'rule':<{rule_width}}  {'outcome':<15}  where / why"]
    for r in run.results:
        detail = r.site if r.outcome == MUTATION_KILLED else (r.reason + (f" ({r.site})" if r.site else ""))
        lines.append(f"{r.name:<{width}}  {r.rule:<{rule_width}}  {r.outcome:<15}  {detail}")
    clean = "passes" if run.clean_passes else "FAILS: " + "; ".join(run.problems)
    lines += ["", f"clean recording {run.recording}: {clean}"]
    return lines


def coverage_lines(proofs: list[Proof], reasons: dict[str, str], where: str = "") -> list[str]:
    """The per-family table, then each unproven MUST rule with why (``reasons`` by rule id, where known)."""
    table = killcoverage.rows(proofs)
    lines = ["", *killcoverage.table_lines(table)]
    unproven = [rule_id for row in table for rule_id in row.unproven]
    if unproven:
        lines += ["", f"MUST rules not proven{where}:"]
        lines += [f"  {rule_id}: {reasons.get(rule_id, 'no fault or mutation breaks it')}" for rule_id in unproven]
    return lines


def _mutation_reasons(run: MutationRun) -> dict[str, str]:
    reasons: dict[str, str] = {}
    for r in run.results:
        if not r.killed:
            reasons.setdefault(r.rule, f"mutation {r.name} {r.outcome}: {r.reason}")
    for fault in FAULTS.values():
        reasons.setdefault(fault.rule, f"no mutation breaks it on a recording (fault {fault.name} proves it against "
                                       "the reference backend)")
    return reasons


def render(matrix: KillMatrix) -> list[str]:
    """The matrix as text: one line per fault and per mutation, the per-family table, then the totals."""
    width = max([len(r.name) for r in matrix.results] + [5])
    rule_width = max([len(r.rule) for r in matrix.results] + [4])
    fired = "rules that fired (* its own rule)" + ("" if matrix.full else ", until its own rule fired")
    lines = [f"{'fault':<{width}}  {'rule':<{rule_width}}  {'outcome':<9}  {fired}"]
    for r in matrix.results:
        lines.append(f"{r.name:<{width}}  {r.rule:<{rule_width}}  {r.outcome:<9}  {_fired_text(r)}")
        if r.outcome == GAP and r.gap:
            lines.append(f"{'':<{width}}  known gap: {r.gap}")
        if r.run is not None and r.run.error:
            lines.append(f"{'':<{width}}  error: {r.run.error[:300]}")
    if matrix.mutations is not None:
        lines += ["", *mutation_lines(matrix.mutations)]
    proofs = matrix.proofs()
    reasons = {r.rule: f"fault {r.name} {r.outcome}" for r in matrix.results if r.outcome != KILLED}
    if matrix.mutations is not None:
        reasons = {**_mutation_reasons(matrix.mutations), **reasons}
    lines += coverage_lines(proofs, reasons)
    summary = matrix.summary()
    clean = "passes" if matrix.clean_passes else f"FAILS (exit {matrix.clean.exitstatus}, {matrix.clean.must_fired})"
    lines.append("")
    lines.append(f"clean reference backend: {clean}")
    lines.append(
        f"kill rate: {summary['killed']} of {summary['faults']} faults caught by the rule they break "
        f"({100 * matrix.kill_rate:.0f} %); outcomes {summary['outcomes']}; scope {matrix.scope}; "
        f"{matrix.seconds:.0f} s"
    )
    if matrix.mutations is not None:
        lines.append(f"mutations: {summary['mutations_killed']} of {summary['mutations']} killed by their own rule "
                     f"on {matrix.mutations.recording} ({matrix.mutations.seconds:.0f} s)")
    lines.append(killcoverage.proven_line(proofs))
    return lines


def render_recording(run: MutationRun) -> list[str]:
    """``--cassette``: the mutations on the user's recording, the per-family table and the proven rules there."""
    proofs = run.proofs()
    killed = sum(r.killed for r in run.results)
    not_judged = sum(r.outcome == NOT_JUDGED for r in run.results)
    return [
        *mutation_lines(run),
        *coverage_lines(proofs, _mutation_reasons(run), " on this recording"),
        "",
        f"mutations: {killed} of {len(run.results)} killed by their own rule, {not_judged} not judged on this "
        f"recording ({run.seconds:.1f} s)",
        killcoverage.proven_line(proofs, "on this recording"),
    ]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m rekognition_conformance.killmatrix",
        description="Run the conformance suite against the reference backend with each fault switched on, and "
                    "the response mutations on a recording.",
    )
    parser.add_argument("--json", metavar="PATH", help="write the matrix as JSON to PATH")
    parser.add_argument("--faults", nargs="+", metavar="NAME", help="only these faults (default: the whole catalogue)")
    parser.add_argument("--scope", choices=("rule", "family"), default="rule",
                        help="rule: only the tests that check the fault's rule (default); family: the fault's family")
    parser.add_argument("--workers", type=int, default=2, help="fault runs at a time (default 2)")
    parser.add_argument("--job-timeout", type=float, default=JOB_TIMEOUT,
                        help=f"seconds a job may take in a run (default {JOB_TIMEOUT:g})")
    parser.add_argument("--workdir", metavar="DIR", help="keep each run's report and rule map in DIR")
    parser.add_argument("--full", action="store_true",
                        help="run every selected test of a fault, not only until its rule fires, to list every "
                             "rule it trips")
    parser.add_argument("--cassette", metavar="FILE",
                        help="only run the response mutations, on this recording (a cassette recorded with "
                             "--cassette, or a corpus folder); no backend is started")
    parser.add_argument("--mutations-on", metavar="FILE", default=str(RECORDING),
                        help="the recording the full matrix runs the mutations on (default: the committed "
                             "reference cassette); 'none' runs no mutations")
    args = parser.parse_args(argv)
    if args.cassette:
        try:
            run = run_mutation_matrix(args.cassette)
        except SourceError as exc:
            print(f"killmatrix: {exc}", file=sys.stderr)
            return 2
        print("\n".join(render_recording(run)))
        if args.json:
            Path(args.json).write_text(json.dumps(run.to_json(), indent=2) + "\n", encoding="utf-8")
        return 0 if run.clean_passes and not run.unaccepted else 1
    try:
        faults = resolve(args.faults) if args.faults else None
    except ValueError as exc:
        parser.error(str(exc))
    matrix = run_matrix(
        faults,
        scope=args.scope,
        workers=args.workers,
        workdir=Path(args.workdir) if args.workdir else None,
        job_timeout=args.job_timeout,
        full=args.full,
        recording=None if args.mutations_on == "none" else Path(args.mutations_on),
        progress=lambda message: print(f"[killmatrix] {message}", file=sys.stderr, flush=True),
    )
    print("\n".join(render(matrix)))
    if args.json:
        Path(args.json).write_text(json.dumps(matrix.to_json(), indent=2) + "\n", encoding="utf-8")
    return 0 if matrix.ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
