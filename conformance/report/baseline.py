"""A baseline of accepted failures (``--baseline FILE``, ``--baseline-update``): the gate fails on new ones only.

The file names the (rule, operation) pairs a service knowingly fails (a violation, or a MUST rule the run
could not judge), each with an optional reason::

    accepted:
      - rule: PAGINATION.PAGE_SIZE
        operation: GetLabelDetection
        reason: pages hold one item more than MaxResults (tracked in our issue 12)

With a baseline, a violation of an accepted pair no longer fails its test nor the gate, but stays in every
report marked *baselined*; an accepted pair that now passes is *fixed — remove it*, which fails the gate
under ``--strict`` (as a strict xfail does). ``--baseline-update`` accepts every failure of the run and
rewrites the file with the pairs that fail now, keeping the reasons already written and the entries the run
did not judge (a family left out by ``--only``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from rekognition_conformance.report.outcomes import (
    EXCUSED,
    FAIL,
    INCONCLUSIVE,
    NOT_CHECKED,
    PASS,
    Outcomes,
    gate_failures,
    pair_outcomes,
)
from rekognition_conformance.spec.rules import rules

Pair = tuple[str, str]


class BaselineError(ValueError):
    """The baseline file cannot be used: unreadable, malformed, or naming an unknown rule or operation."""


@dataclass
class Baseline:
    path: Path
    entries: dict[Pair, str] = field(default_factory=dict)  # (rule id, operation) -> reason ("" when none)
    update: bool = False

    def accepts(self, rule_id: str, operation: str) -> bool:
        return self.update or (rule_id, operation) in self.entries


def _entry(item: Any, where: str) -> tuple[Pair, str]:
    if not isinstance(item, dict) or not isinstance(item.get("rule"), str) or not isinstance(
            item.get("operation"), str):
        raise BaselineError(f"{where}: each entry needs `rule` and `operation` (strings); found {item!r}")
    rid, operation = item["rule"], item["operation"]
    known = rules()
    if rid not in known:
        raise BaselineError(f"{where}: unknown rule {rid!r}")
    if operation not in known[rid].operations:
        raise BaselineError(f"{where}: rule {rid} does not apply to operation {operation!r} "
                            f"(it applies to {', '.join(known[rid].operations)})")
    reason = item.get("reason") or ""
    if not isinstance(reason, str):
        raise BaselineError(f"{where}: `reason` must be a string; found {reason!r}")
    return (rid, operation), reason


def load(path: str | Path, *, update: bool = False) -> Baseline:
    """Read and check a baseline file; with ``update`` a missing file is an empty baseline."""
    path = Path(path)
    if not path.exists():
        if update:
            return Baseline(path, {}, update=True)
        raise BaselineError(f"baseline file {path} does not exist (--baseline-update writes it)")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise BaselineError(f"baseline file {path}: {exc}") from exc
    items = data.get("accepted") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise BaselineError(f"baseline file {path}: expected a mapping with an `accepted:` list")
    entries = dict(_entry(item, f"{path} entry {n}") for n, item in enumerate(items, 1))
    return Baseline(path, entries, update=update)


def annotate(document: dict[str, Any], baseline: Baseline, outcomes: Outcomes | None = None) -> None:
    """Mark the baselined violations, record the baseline (with its fixed entries) and recompute the gate."""
    for v in document.get("violations", []):
        v["baselined"] = bool(v.get("fails")) and baseline.accepts(v["rule_id"], v["operation"])
    # Which violations are baselined does not change any pair's outcome: outcomes computed before still hold.
    outcomes = pair_outcomes(document) if outcomes is None else outcomes
    accepted = [{"rule_id": rid, "operation": op, "reason": why, "outcome": outcomes[rid][op].outcome}
                for (rid, op), why in sorted(baseline.entries.items())]
    document["baseline"] = {
        "file": str(baseline.path),
        "update": baseline.update,
        "accepted": accepted,
        # An update rewrites the file without the passing entries: nothing is left to remove by hand.
        "fixed": [] if baseline.update else [e for e in accepted if e["outcome"] == PASS],
    }
    document["gate"] = gate_failures(document, outcomes)


def failing_pairs(document: dict[str, Any], outcomes: Outcomes | None = None) -> list[Pair]:
    """The (rule, operation) pairs that fail the gate: violated, or a MUST rule left inconclusive (or, in a run
    of the whole suite, never checked), as rekognition_conformance.report.outcomes.gate_failures counts them."""
    unjudged = (INCONCLUSIVE, NOT_CHECKED) if document.get("whole_suite") else (INCONCLUSIVE,)
    levels = {rid: entry["level"] for rid, entry in document["rules"].items()}
    outcomes = pair_outcomes(document) if outcomes is None else outcomes
    return sorted((rid, op) for rid, pairs in outcomes.items() for op, pair in pairs.items()
                  if pair.outcome == FAIL or (pair.outcome in unjudged and levels[rid] == "MUST"))


def updated(document: dict[str, Any], baseline: Baseline, outcomes: Outcomes | None = None) -> dict[Pair, str]:
    """The baseline after this run: its failing pairs, plus the old entries the run did not judge."""
    outcomes = pair_outcomes(document) if outcomes is None else outcomes
    kept = {pair: why for pair, why in baseline.entries.items() if outcomes[pair[0]][pair[1]].outcome in EXCUSED}
    return {**kept, **{pair: baseline.entries.get(pair, "") for pair in failing_pairs(document, outcomes)}}


def write(path: str | Path, entries: dict[Pair, str]) -> None:
    items = []
    for (rid, operation), reason in sorted(entries.items()):
        item = {"rule": rid, "operation": operation}
        if reason:
            item["reason"] = reason
        items.append(item)
    header = ("# Accepted failures: (rule, operation) pairs this service knowingly fails. Used with\n"
              "# `pytest conformance --baseline FILE`; rewritten by `--baseline-update` (reasons are kept).\n")
    Path(path).write_text(header + yaml.safe_dump({"accepted": items}, sort_keys=False), encoding="utf-8")


def fixed_lines(document: dict[str, Any]) -> list[str]:
    """One line per baseline entry whose pair now passes."""
    baseline = document.get("baseline") or {}
    return [f"baseline: {e['rule_id']} on {e['operation']} now passes: fixed — remove it from {baseline['file']}"
            for e in baseline.get("fixed", ())]


def summary_lines(document: dict[str, Any]) -> list[str]:
    """The terminal's baseline lines: how much the baseline excused, then its fixed entries."""
    baseline = document.get("baseline")
    if not baseline:
        return []
    excused = [v for v in document.get("violations", ()) if v.get("baselined")]
    pairs = {(v["rule_id"], v["operation"]) for v in excused}
    lines = [f"baseline {baseline['file']}: {len(excused)} violation(s) of {len(pairs)} accepted pair(s) did not "
             "fail the run (marked baselined in the JSON and HTML reports)"]
    if baseline["update"]:
        lines.append(f"baseline: wrote {baseline['file']} with the failing pairs of this run")
    return lines + fixed_lines(document)
