"""The outcome of every (rule, operation) pair of a run, computed from the run's JSON document.

Each rule names the operations it applies to (its scope); each pair ends as exactly one of:

- ``not_offered``: the provider does not offer the operation's family (a profile's ``not_offered:``);
- ``not_selected``: the run left the family out (``--only`` / ``--skip``), or no test of the family ran;
- ``not_implemented``: the target declared, or the backend explicitly answered, that it does not serve it;
- ``fail``: a violation of the rule on the operation that fails the run (any MUST, any rule under --strict);
- ``warning``: only violations that do not fail the run (SHOULD);
- ``pass``: the rule was checked on the operation and never violated;
- ``inconclusive``: the family is served and selected, but there was nothing to judge (an empty listing, a
  missing prerequisite); the reason says why;
- ``not_checked``: the family is served and its tests ran, but no check judged the rule on the operation.

The matrix, the rule table, the gate and the JSON report all read these pairs, so they cannot disagree.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from rekognition_conformance.spec.operations import FAMILIES, family_of

PASS = "pass"
FAIL = "fail"
WARNING = "warning"
INCONCLUSIVE = "inconclusive"
NOT_IMPLEMENTED = "not_implemented"
NOT_OFFERED = "not_offered"
NOT_SELECTED = "not_selected"
NOT_CHECKED = "not_checked"
EXCUSED = (NOT_OFFERED, NOT_SELECTED, NOT_IMPLEMENTED)
# Worst first: a rule's outcome over its served pairs is the worst of them.
SEVERITY = (FAIL, WARNING, INCONCLUSIVE, NOT_CHECKED, PASS)
PAIR_OUTCOMES = (PASS, FAIL, WARNING, INCONCLUSIVE, NOT_CHECKED, NOT_IMPLEMENTED, NOT_OFFERED, NOT_SELECTED)
LABELS = {
    PASS: "pass",
    FAIL: "fail",
    WARNING: "warning",
    INCONCLUSIVE: "inconclusive",
    NOT_IMPLEMENTED: "not implemented",
    NOT_OFFERED: "not offered",
    NOT_SELECTED: "not selected",
    NOT_CHECKED: "not checked",
}


@dataclass(frozen=True)
class Pair:
    outcome: str
    reason: str = ""


# rule id -> operation -> Pair: what pair_outcomes computes once per document and its readers share.
Outcomes = dict[str, dict[str, Pair]]


def excused_families(document: dict[str, Any]) -> dict[str, dict[str, str]]:
    """family -> {"outcome", "reason"} for the families the run does not judge.

    A document written before outcomes were told apart only has ``unsupported`` (family -> reason): those
    families read as not implemented.
    """
    if "families" in document:
        return document["families"]
    return {f: {"outcome": NOT_IMPLEMENTED, "reason": why} for f, why in document.get("unsupported", {}).items()}


def _families_that_ran(document: dict[str, Any]) -> set[str]:
    return {t.get("family") for t in document.get("tests", {}).values() if t.get("outcome")} - {None}


def _scope_in(family: str | None, scope: Iterable[str]) -> set[str]:
    # A test of no known family could have judged any operation; attributing it anywhere would overstate it.
    return set(scope) & set(FAMILIES[family]) if family in FAMILIES else set()


def checked_operations(entry: dict[str, Any], test_family: dict[str, str | None]) -> set[str]:
    """The operations a rule was checked on: named by the checks, or else the operations of the test's family."""
    operations = set(entry.get("checked_operations", {}))
    for nodeid in entry.get("unattributed_tests", ()):
        operations |= _scope_in(test_family.get(nodeid), entry["operations"])
    return operations


def _inconclusive_reasons(entry: dict[str, Any], test_family: dict[str, str | None]) -> dict[str, str]:
    """operation -> why, for the rule's own inconclusive records (a check had nothing to judge)."""
    found: dict[str, str] = {}
    for record in entry.get("inconclusive", ()):
        operations = {record["operation"]} if record.get("operation") else _scope_in(
            test_family.get(record["test"]), entry["operations"])
        for op in operations:
            found.setdefault(op, record["reason"])
    return found


def _stopped_tests(document: dict[str, Any], test_family: dict[str, str | None]) -> dict[str, str]:
    """family -> why, for the families where a test stopped with nothing to judge."""
    found: dict[str, str] = {}
    for nodeid, record in sorted(document.get("inconclusive_tests", {}).items()):
        family = test_family.get(nodeid)
        if family is None and record.get("operation"):
            family = family_of(record["operation"])
        if family:
            found.setdefault(family, f"{record['reason']} ({nodeid})")
    return found


def pair_outcomes(document: dict[str, Any]) -> Outcomes:
    """rule id -> operation -> Pair, for every operation in every rule's scope."""
    rules: dict[str, dict[str, Any]] = document["rules"]
    excused = excused_families(document)
    test_family = {nodeid: t.get("family") for nodeid, t in document.get("tests", {}).items()}
    ran = _families_that_ran(document)
    stopped = _stopped_tests(document, test_family)
    violated: dict[tuple[str, str], set[bool]] = {}
    for v in document.get("violations", []):
        fails = v.get("fails", rules.get(v["rule_id"], {}).get("level") == "MUST")
        violated.setdefault((v["rule_id"], v["operation"]), set()).add(bool(fails))
    result: dict[str, dict[str, Pair]] = {}
    for rid, entry in rules.items():
        checked = checked_operations(entry, test_family) if entry.get("checks") else set()
        inconclusive = _inconclusive_reasons(entry, test_family)
        pairs: dict[str, Pair] = {}
        for op in entry["operations"]:
            family = family_of(op)
            found = violated.get((rid, op), set())
            if family in excused:
                pairs[op] = Pair(excused[family]["outcome"], excused[family]["reason"])
            elif True in found:
                pairs[op] = Pair(FAIL)
            elif found:
                pairs[op] = Pair(WARNING)
            elif op in checked:
                pairs[op] = Pair(PASS)
            elif op in inconclusive:
                pairs[op] = Pair(INCONCLUSIVE, inconclusive[op])
            elif family in stopped:
                pairs[op] = Pair(INCONCLUSIVE, f"no check judged it; a test had nothing to judge: {stopped[family]}")
            elif family not in ran:
                pairs[op] = Pair(NOT_SELECTED, "no test of the family ran")
            else:
                pairs[op] = Pair(NOT_CHECKED, "no check of this run judged the rule on this operation")
        result[rid] = pairs
    return result


def rule_outcome(pairs: dict[str, Pair]) -> str:
    """A rule's outcome: the worst of its served pairs; a rule with no served pair takes its families' excuse."""
    served = {p.outcome for p in pairs.values() if p.outcome not in EXCUSED}
    for outcome in SEVERITY:
        if outcome in served:
            return outcome
    excused = {p.outcome for p in pairs.values()}
    return next((o for o in (NOT_IMPLEMENTED, NOT_OFFERED, NOT_SELECTED) if o in excused), NOT_SELECTED)


def count(outcomes: dict[str, dict[str, Pair]]) -> dict[str, int]:
    """How many pairs ended in each outcome."""
    counts = dict.fromkeys(PAIR_OUTCOMES, 0)
    for pairs in outcomes.values():
        for pair in pairs.values():
            counts[pair.outcome] += 1
    return counts


def counts_line(counts: dict[str, int]) -> str:
    return "(rule, operation) pairs: " + ", ".join(f"{counts[o]} {LABELS[o]}" for o in PAIR_OUTCOMES)


def as_json(outcomes: dict[str, dict[str, Pair]]) -> dict[str, dict[str, dict[str, str]]]:
    return {rid: {op: {"outcome": p.outcome, "reason": p.reason} for op, p in pairs.items()}
            for rid, pairs in outcomes.items()}


def gate_failures(document: dict[str, Any], outcomes: Outcomes | None = None) -> list[str]:
    """Why the run must not pass a CI gate; empty when it passes.

    Failing violations of a judged family; MUST rules of a served family that were inconclusive, or (in a
    run of the whole suite) never checked, unless ``--allow-inconclusive``; under ``--strict`` a family that
    is not implemented. A document with a ``baseline`` (rekognition_conformance.report.baseline) excuses its baselined
    violations and accepted inconclusive pairs, and under ``--strict`` fails on its fixed entries.
    ``outcomes`` are the document's pair outcomes when the caller has them already.
    """
    excused = excused_families(document)
    baseline = document.get("baseline") or {}
    accepted = {(e["rule_id"], e["operation"]) for e in baseline.get("accepted", ())}
    # One line per rule and operation, however many items or tests violated it.
    violated: dict[tuple[str, str, str], list[str]] = {}
    for v in document.get("violations", []):
        if not v.get("fails") or v.get("baselined"):
            continue
        try:
            family = family_of(v["operation"])
        except KeyError:
            family = None
        if family not in excused:
            violated.setdefault((v["level"], v["rule_id"], v["operation"]), []).append(v["test"])
    reasons = []
    for (level, rid, operation), tests in violated.items():
        more = f" ({len(tests)} violations in {len(set(tests))} test(s))" if len(tests) > 1 else ""
        reasons.append(f"{level} {rid} violated by {operation} in {tests[0]}{more}")
    if not document.get("allow_inconclusive"):
        outcomes = pair_outcomes(document) if outcomes is None else outcomes
        counted = (INCONCLUSIVE, NOT_CHECKED) if document.get("whole_suite") else (INCONCLUSIVE,)
        for rid, pairs in outcomes.items():
            if document["rules"][rid]["level"] != "MUST":
                continue
            for outcome in counted:
                ops = sorted(op for op, p in pairs.items() if p.outcome == outcome and not (
                    baseline.get("update") or (rid, op) in accepted))
                if ops:
                    why = pairs[ops[0]].reason
                    reasons.append(f"MUST {rid} {LABELS[outcome]} on {', '.join(ops)}: {why} "
                                   "(--allow-inconclusive accepts it)")
    if document.get("strict"):
        reasons += [f"{family} not implemented under --strict ({entry['reason']})"
                    for family, entry in sorted(excused.items()) if entry["outcome"] == NOT_IMPLEMENTED]
        # Like a strict xfail: an accepted failure that no longer fails must leave the baseline.
        reasons += [f"baseline entry {e['rule_id']} on {e['operation']} now passes: fixed — remove it from "
                    f"{baseline['file']} (fails under --strict)" for e in baseline.get("fixed", ())]
    return reasons
