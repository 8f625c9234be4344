"""The end-of-run table: every rule that was checked, its level, how often, and with what result."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

from conformance.verdict import Ledger
from spec.rules import rules


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


def write_json(
    path: str,
    ledger: Ledger,
    *,
    target: Any,
    pool: Any,
    run_id: str,
    exitstatus: int,
    unsupported: dict[str, str],
) -> None:
    """The run as JSON: target, per-rule tallies, violations and job statistics."""
    runs = getattr(pool, "runs", {})
    document = {
        "run_id": run_id,
        "exitstatus": exitstatus,
        "target": getattr(target, "description", None),
        "unsupported": unsupported,
        "rules": {
            rid: {
                "level": ledger.level(rid),
                "checks": tally.checks,
                "violations": tally.violations,
                "failed_tests": sorted(tally.failed_tests),
            }
            for rid, tally in ledger.tallies.items()
        },
        "violations": [{"test": nodeid, **asdict(v)} for nodeid, v in ledger.violations],
        "jobs": {
            "start_calls": getattr(pool, "start_calls", 0),
            "poll_calls": getattr(pool, "get_calls", 0),
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
    Path(path).write_text(json.dumps(document, indent=2, default=str) + "\n", encoding="utf-8")
