"""The run's results as data: the end-of-run rule table and the JSON document the reports are built from.

The JSON document (``--conformance-json``) is the reports' data model: the HTML report and the terminal
matrix are rendered from it (rekognition_conformance.report.model), so a report can be rebuilt from a saved run.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

from rekognition_conformance.report.outcomes import (
    EXCUSED,
    FAIL,
    INCONCLUSIVE,
    LABELS,
    NOT_CHECKED,
    NOT_IMPLEMENTED,
    PASS,
    WARNING,
    Outcomes,
    Pair,
    as_json,
    count,
    counts_line,
    gate_failures,
    pair_outcomes,
    rule_outcome,
)
from rekognition_conformance.report.reproduce import reproduce
from rekognition_conformance.spec.rules import rule, rules
from rekognition_conformance.verdict import Ledger

# 3: per (rule, operation) outcomes (``rules.*.outcomes``), ``families`` (not selected / not implemented /
# not offered, with why), inconclusive records, ``pairs`` counts, ``gate``, ``allow_inconclusive``, ``whole_suite``;
# each violation's ``reproduce`` (a shell command, rekognition_conformance.report.reproduce) and, with a baseline,
# ``baselined`` and the document's ``baseline``: new members only, so the version stays.
SCHEMA_VERSION = 3


def _result(rule_id: str, pairs: dict[str, Pair], violations: int) -> str:
    outcome = rule_outcome(pairs)
    text = {FAIL: f"FAIL ({violations} violations)", WARNING: f"warn ({violations} violations)"}.get(
        outcome, LABELS[outcome])
    served = [op for op, p in pairs.items() if p.outcome not in EXCUSED]
    loose = [op for op in served if pairs[op].outcome in (INCONCLUSIVE, NOT_CHECKED)]
    if loose and len(loose) < len(served):
        text += f" ({len(served) - len(loose)} of {len(served)} operations judged; not on {', '.join(loose)})"
    if outcome == INCONCLUSIVE:
        text += f": {next(pairs[op].reason for op in loose if pairs[op].outcome == INCONCLUSIVE)}"
    return text


def rule_table(document: dict[str, Any], outcomes: Outcomes | None = None) -> list[str]:
    """One line per rule the run judged or had to judge (not the rules of families it did not judge)."""
    outcomes = pair_outcomes(document) if outcomes is None else outcomes
    rows = []
    for rule_id, entry in document["rules"].items():
        pairs = outcomes[rule_id]
        if rule_outcome(pairs) in EXCUSED:
            continue
        rows.append((rule_id, entry["level"], str(entry["checks"]), _result(rule_id, pairs, entry["violations"])))
    width = max((len(r[0]) for r in rows), default=10)
    lines = [f"{'rule':<{width}}  level   checks  result"]
    lines += [f"{rid:<{width}}  {lvl:<6}  {n:>6}  {res}" for rid, lvl, n, res in rows]
    by_rule = {rid: rule_outcome(pairs) for rid, pairs in outcomes.items()}
    judged = [rid for rid, o in by_rule.items() if o in (PASS, FAIL, WARNING)]
    must = [rid for rid in judged if document["rules"][rid]["level"] == "MUST"]
    passing = sum(1 for rid in must if by_rule[rid] == PASS)
    undecided = {o: sum(1 for x in by_rule.values() if x == o) for o in (INCONCLUSIVE, NOT_CHECKED)}
    lines.append(f"{passing} of {len(must)} MUST rules checked pass; {len(judged)} rules checked, "
                 f"{undecided[NOT_CHECKED]} not checked, {undecided[INCONCLUSIVE]} inconclusive, "
                 f"{len(by_rule) - len(judged) - sum(undecided.values())} not judged (family not selected, "
                 "not implemented or not offered)")
    lines.append(counts_line(count(outcomes)))
    return lines


def _rule_entry(ledger: Ledger, rid: str) -> dict[str, Any]:
    source = rule(rid)
    tally = ledger.tallies.get(rid)
    return {
        "level": ledger.level(rid),
        "category": source.category,
        "operations": list(source.operations),
        "statement": source.statement,
        "source": {"url": source.source_url, "quote": source.source_quote},
        "checks": tally.checks if tally else 0,
        "violations": tally.violations if tally else 0,
        "failed_tests": sorted(tally.failed_tests) if tally else [],
        "checked_operations": dict(sorted(ledger.coverage.get(rid, {}).items())),
        "unattributed_tests": sorted(ledger.unattributed.get(rid, ())),
        "inconclusive": [{"test": test, "operation": op, "reason": why}
                         for test, op, why in ledger.inconclusive.get(rid, ())],
    }


def build_document(ledger: Ledger, **run: Any) -> dict[str, Any]:
    """The run as a JSON-ready dict (see :func:`build_run` for the members)."""
    return build_run(ledger, **run)[0]


def build_run(
    ledger: Ledger,
    *,
    target: Any,
    pool: Any,
    run_id: str,
    exitstatus: int,
    unsupported: dict[str, str],
    tests: dict[str, dict[str, Any]] | None = None,
    started: str | None = None,
    finished: str | None = None,
    families: dict[str, dict[str, str]] | None = None,
    allow_inconclusive: bool = False,
    whole_suite: bool = False,
) -> tuple[dict[str, Any], Outcomes]:
    """The run as a JSON-ready dict (target, every rule with its tallies, violations, tests and jobs), and the
    (rule, operation) outcomes computed for it, which the reports rendered from the document reuse.

    ``rules`` holds every rule of the contract (``checks`` is 0 for the ones this run did not check);
    ``tests`` maps each test's node id to its family and outcome, which attributes checks that named no
    operation to the operations of the test's family. ``families`` says why each family the run does not
    judge is left out (default: ``unsupported`` read as not implemented). Each rule's ``outcomes`` give every
    (rule, operation) pair its outcome (rekognition_conformance.report.outcomes); ``gate`` lists why the run fails the
    CI gate. ``whole_suite`` is true when every suite module ran unnarrowed by -k/-m, so a MUST rule never
    checked in a served family fails the gate.
    """
    runs = getattr(pool, "runs", {})
    stopped = {nodeid: {"operation": op, "reason": why} for nodeid, (op, why) in ledger.inconclusive_tests.items()}
    tests = {nodeid: dict(entry) for nodeid, entry in (tests or {}).items()}
    for nodeid in stopped:
        tests.setdefault(nodeid, {"family": None})["outcome"] = "inconclusive"
    document = {
        "schema_version": SCHEMA_VERSION,
        "run_id": run_id,
        "exitstatus": exitstatus,
        "target": getattr(target, "description", None),
        "started": started,
        "finished": finished,
        "strict": ledger.strict,
        "allow_inconclusive": allow_inconclusive,
        "whole_suite": whole_suite,
        "unsupported": unsupported,
        "families": families if families is not None else {
            family: {"outcome": NOT_IMPLEMENTED, "reason": why} for family, why in unsupported.items()},
        "rules": {rid: _rule_entry(ledger, rid) for rid in rules()},
        "inconclusive_tests": stopped,
        "violations": [
            {"test": nodeid, **asdict(v), "level": ledger.level(v.rule_id), "fails": ledger.fails(v),
             "reproduce": reproduce(v.operation, v.request, v.signing)}
            for nodeid, v in ledger.violations
        ],
        "tests": tests,
        "jobs": {
            "start_calls": getattr(pool, "start_calls", 0),
            "poll_calls": getattr(pool, "get_calls", 0),
            "wait_seconds": round(getattr(pool, "wait_seconds", 0.0), 3),
            "runs": {
                key: {
                    "job_id": run.job_id,
                    "statuses": run.statuses,
                    "seconds": None if run.finished_at is None else round(run.finished_at - run.started_at, 3),
                    "problem": run.problem,
                }
                for key, run in runs.items()
            },
        },
    }
    outcomes = pair_outcomes(document)
    for rid, pairs in as_json(outcomes).items():
        document["rules"][rid]["outcomes"] = pairs
        document["rules"][rid]["outcome"] = rule_outcome(outcomes[rid])
    document["pairs"] = count(outcomes)
    document["gate"] = gate_failures(document, outcomes)
    return document, outcomes


def write_document(path: str | Path, document: dict[str, Any]) -> None:
    Path(path).write_text(json.dumps(document, indent=2, default=str) + "\n", encoding="utf-8")


def write_json(path: str, ledger: Ledger, **run: Any) -> None:
    """The run as JSON (see :func:`build_document` for the members)."""
    write_document(path, build_document(ledger, **run))
