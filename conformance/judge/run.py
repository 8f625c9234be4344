"""Judging a recording: run each chain's checks through the run's ledger and build the run's document.

Each chain (a file, a chain of page files, a cassette's listing) is one "test" of the document, named
``judge::<chain>``, so the reports built from a live run (the rule table, the operations x categories
matrix, the JSON document, the HTML report) render an offline judgement unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from rekognition_conformance.judge.plan import judge_chain, judge_pair, pairs
from rekognition_conformance.judge.sources import Recording
from rekognition_conformance.spec.operations import family_of
from rekognition_conformance.summary import build_document
from rekognition_conformance.verdict import Ledger, Verdict

PREFIX = "judge::"


@dataclass
class Judged:
    """What one chain (or pair) was judged on and what it broke."""

    name: str
    files: list[str]
    rules: list[str] = field(default_factory=list)
    failing: list[str] = field(default_factory=list)
    warning: list[str] = field(default_factory=list)
    inconclusive: list[str] = field(default_factory=list)
    # A check that crashed on this recording: a failure of the judge's own, never a pass.
    harness_error: str | None = None

    @property
    def outcome(self) -> str:
        if self.harness_error is not None:
            return "error"
        return "failed" if self.failing else "passed"

    def line(self) -> str:
        head = f"{self.name}: {len(self.rules)} rules judged"
        if self.failing:
            head += f"; FAIL {', '.join(sorted(set(self.failing)))}"
        if self.warning:
            head += f"; warn {', '.join(sorted(set(self.warning)))}"
        if self.inconclusive:
            head += f"; inconclusive {', '.join(sorted(set(self.inconclusive)))}"
        if self.harness_error is not None:
            return f"{head}; harness error: {self.harness_error}"
        return head if self.failing or self.warning else head + "; pass"


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def _judge(ledger: Ledger, name: str, files: list[str], body: Any) -> Judged:
    nodeid = PREFIX + name
    checked_before = {rid: t.checks for rid, t in ledger.tallies.items()}
    seen_violations = len(ledger.violations)
    seen_inconclusive = {rid: len(v) for rid, v in ledger.inconclusive.items()}
    verdict = Verdict(ledger, nodeid)
    try:
        body(verdict)
        error = None
    except Exception as exc:  # a check that crashes must not stop the judging of the other files
        error = f"{type(exc).__name__}: {exc}"
    judged = Judged(name, files, harness_error=error)
    judged.rules = sorted(rid for rid, t in ledger.tallies.items() if t.checks > checked_before.get(rid, 0))
    for _, violation in ledger.violations[seen_violations:]:
        (judged.failing if ledger.fails(violation) else judged.warning).append(violation.rule_id)
    judged.inconclusive = sorted(
        rid for rid, v in ledger.inconclusive.items() if len(v) > seen_inconclusive.get(rid, 0)
    )
    return judged


def judge(recording: Recording, *, strict: bool = False) -> tuple[list[Judged], dict[str, Any], Ledger]:
    """Judge every chain and cross-response pair of ``recording``; the per-chain results and the document."""
    started = _now()
    ledger = Ledger(strict=strict)
    results: list[Judged] = []
    tests: dict[str, dict[str, Any]] = {}

    def record(judged: Judged, operation: str) -> None:
        results.append(judged)
        tests[PREFIX + judged.name] = {"family": family_of(operation), "outcome": judged.outcome}

    for chain in recording.chains:
        record(_judge(ledger, chain.name, chain.files, lambda v, c=chain: judge_chain(v, c)), chain.operation)
    for create, describe in pairs(recording.chains):
        name = f"{create.name} + {describe.name}"
        files = [*create.files, *describe.files]
        record(_judge(ledger, name, files, lambda v, a=create, b=describe: judge_pair(v, a, b)), create.operation)
    failed = any(ledger.fails(v) for _, v in ledger.violations) or any(r.harness_error for r in results)
    document = build_document(
        ledger,
        target=recording,
        pool=None,
        run_id="offline",
        exitstatus=1 if failed else 0,
        unsupported={},
        tests=tests,
        started=started,
        finished=_now(),
        # Offline, a recording shows what it shows: a rule it gives nothing to judge is reported, not failed.
        allow_inconclusive=True,
    )
    return results, document, ledger
