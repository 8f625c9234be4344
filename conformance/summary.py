"""The run's results as data: the end-of-run rule table and the JSON document the reports are built from.

The JSON document (``--conformance-json``) is the reports' data model: the HTML report and the terminal
matrix are rendered from it (conformance.report.model), so a report can be rebuilt from a saved run.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

from conformance.verdict import Ledger
from spec.rules import rule, rules

SCHEMA_VERSION = 2


def rule_table(ledger: Ledger) -> list[str]:
    rows = []
    for rule_id in rules():
        tally = ledger.tallies.get(rule_id)
        if tally is None:
            continue
        if tally.violations == 0:
            result = "pass"
        elif tally.failed_tests:
            result = f"FAIL ({tally.violations} violations)"
        else:
            result = f"warn ({tally.violations} violations)"
        rows.append((rule_id, ledger.level(rule_id), str(tally.checks), result))
    unchecked = [rid for rid in rules() if rid not in ledger.tallies]
    width = max((len(r[0]) for r in rows), default=10)
    lines = [f"{'rule':<{width}}  level   checks  result"]
    lines += [f"{rid:<{width}}  {lvl:<6}  {n:>6}  {res}" for rid, lvl, n, res in rows]
    must = [r for r in rows if r[1] == "MUST"]
    passing = sum(1 for r in must if r[3] == "pass")
    lines.append(f"{passing} of {len(must)} MUST rules checked pass; {len(rows)} rules checked, "
                 f"{len(unchecked)} not checked in this run")
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
    }


def build_document(
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
) -> dict[str, Any]:
    """The run as a JSON-ready dict: target, every rule with its tallies, violations, tests and jobs.

    ``rules`` holds every rule of the contract (``checks`` is 0 for the ones this run did not check);
    ``tests`` maps each test's node id to its family and outcome, which attributes checks that named no
    operation to the operations of the test's family.
    """
    runs = getattr(pool, "runs", {})
    return {
        "schema_version": SCHEMA_VERSION,
        "run_id": run_id,
        "exitstatus": exitstatus,
        "target": getattr(target, "description", None),
        "started": started,
        "finished": finished,
        "strict": ledger.strict,
        "unsupported": unsupported,
        "rules": {rid: _rule_entry(ledger, rid) for rid in rules()},
        "violations": [
            {"test": nodeid, **asdict(v), "level": ledger.level(v.rule_id), "fails": ledger.fails(v)}
            for nodeid, v in ledger.violations
        ],
        "tests": tests or {},
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


def write_document(path: str | Path, document: dict[str, Any]) -> None:
    Path(path).write_text(json.dumps(document, indent=2, default=str) + "\n", encoding="utf-8")


def write_json(path: str, ledger: Ledger, **run: Any) -> None:
    """The run as JSON (see :func:`build_document` for the members)."""
    write_document(path, build_document(ledger, **run))
