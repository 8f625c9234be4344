"""The conformance matrix: operations x rule categories, each cell one outcome, built from a run's JSON.

The JSON document written by ``--conformance-json`` (conformance.summary.build_document) is the input, so
the matrix can be rebuilt from a saved run. A cell's outcome, strongest first:

- ``not_implemented``: the operation's family is not served by the target (declared or detected);
- ``fail``: a violation that fails the run (any MUST, or any rule under ``--strict``);
- ``warning``: only violations of SHOULD rules, which do not fail the run;
- ``pass``: at least one rule of the category was checked on the operation and nothing was violated;
- ``not_checked``: rules of the category apply to the operation but this run checked none of them;
- ``none``: no rule of the category applies to the operation.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from spec.operations import FAMILIES, family_of

PASS = "pass"
FAIL = "fail"
WARNING = "warning"
NOT_IMPLEMENTED = "not_implemented"
NOT_CHECKED = "not_checked"
NONE = "none"
OUTCOMES = (PASS, FAIL, WARNING, NOT_IMPLEMENTED, NOT_CHECKED, NONE)
LABELS = {
    PASS: "pass",
    FAIL: "fail",
    WARNING: "warning",
    NOT_IMPLEMENTED: "not implemented",
    NOT_CHECKED: "not checked",
    NONE: "no rule",
}


@dataclass
class Cell:
    operation: str
    category: str
    outcome: str = NONE
    rules: list[str] = field(default_factory=list)  # the rules of this category that apply to the operation
    checked: list[str] = field(default_factory=list)  # those this run checked on the operation
    failures: list[dict[str, Any]] = field(default_factory=list)  # violations that fail the run
    warnings: list[dict[str, Any]] = field(default_factory=list)  # violations that only warn
    reason: str = ""  # why the family is not implemented

    @property
    def anchor(self) -> str:
        return f"cell-{self.operation}-{self.category}"


@dataclass
class MustSummary:
    passing: int  # MUST rules checked with no violation
    checked: int  # MUST rules checked at all
    total: int  # MUST rules in the contract
    failing: list[str]

    def line(self) -> str:
        return (f"{self.passing} of {self.checked} MUST rules pass "
                f"({self.total - self.checked} of {self.total} not checked in this run)")


@dataclass
class Matrix:
    families: dict[str, tuple[str, ...]]
    categories: tuple[str, ...]
    cells: dict[tuple[str, str], Cell]
    must: MustSummary
    unsupported: dict[str, str]
    stray: list[dict[str, Any]]  # violations naming no covered operation (listed, never dropped)

    def cell(self, operation: str, category: str) -> Cell:
        return self.cells[(operation, category)]

    def count(self, outcome: str) -> int:
        return sum(1 for c in self.cells.values() if c.outcome == outcome)


def categories_of(rules: dict[str, dict[str, Any]], order: Iterable[str] | None = None) -> tuple[str, ...]:
    """The categories the rules use, in the contract's order (spec.rules.CATEGORIES)."""
    from spec.rules import CATEGORIES

    used = {r["category"] for r in rules.values()}
    return tuple(c for c in (order or CATEGORIES) if c in used)


def _test_families(document: dict[str, Any]) -> dict[str, str | None]:
    return {nodeid: t.get("family") for nodeid, t in document.get("tests", {}).items()}


def _checked_operations(entry: dict[str, Any], test_family: dict[str, str | None]) -> set[str]:
    """The operations a rule was checked on: named by the checks, or else the operations of the test's family."""
    operations = set(entry.get("checked_operations", {}))
    scope = set(entry["operations"])
    for nodeid in entry.get("unattributed_tests", ()):
        family = test_family.get(nodeid)
        # A test of no known family could have judged any operation in scope; claiming a pass for all of
        # them would overstate the run, so such checks attribute nothing.
        if family in FAMILIES:
            operations |= scope & set(FAMILIES[family])
    return operations


def _failing_rules(rules: dict[str, dict[str, Any]], violations: list[dict[str, Any]]) -> set[str]:
    return {v["rule_id"] for v in violations if v.get("fails", rules.get(v["rule_id"], {}).get("level") == "MUST")}


def must_summary(document: dict[str, Any]) -> MustSummary:
    rules = document["rules"]
    must = {rid: r for rid, r in rules.items() if r["level"] == "MUST"}
    checked = {rid for rid, r in must.items() if r["checks"] > 0}
    violated = {rid for rid in checked if must[rid]["violations"] > 0}
    return MustSummary(len(checked - violated), len(checked), len(must), sorted(violated))


def build_matrix(document: dict[str, Any]) -> Matrix:
    rules: dict[str, dict[str, Any]] = document["rules"]
    unsupported: dict[str, str] = document.get("unsupported", {})
    categories = categories_of(rules)
    test_family = _test_families(document)
    failing = _failing_rules(rules, document.get("violations", []))
    cells = {
        (op, category): Cell(op, category) for ops in FAMILIES.values() for op in ops for category in categories
    }
    for rid, entry in rules.items():
        checked_on = _checked_operations(entry, test_family) if entry["checks"] else set()
        for op in entry["operations"]:
            cell = cells.get((op, entry["category"]))
            if cell is None:
                continue
            cell.rules.append(rid)
            if op in checked_on:
                cell.checked.append(rid)
    stray = []
    for violation in document.get("violations", []):
        entry = rules.get(violation["rule_id"])
        cell = cells.get((violation["operation"], entry["category"])) if entry else None
        if cell is None:
            stray.append(violation)
            continue
        fails = violation.get("fails", violation["rule_id"] in failing)
        (cell.failures if fails else cell.warnings).append(violation)
    for (op, _), cell in cells.items():
        reason = unsupported.get(family_of(op))
        if reason is not None and cell.rules:
            cell.outcome, cell.reason = NOT_IMPLEMENTED, reason
        elif cell.failures:
            cell.outcome = FAIL
        elif cell.warnings:
            cell.outcome = WARNING
        elif cell.checked:
            cell.outcome = PASS
        elif cell.rules:
            cell.outcome = NOT_CHECKED
    return Matrix(dict(FAMILIES), categories, cells, must_summary(document), unsupported, stray)


def gate_failures(document: dict[str, Any]) -> list[str]:
    """Why the run must not pass a CI gate: failing violations outside unsupported families, and under
    ``--strict`` unsupported families. Empty when the gate passes."""
    unsupported = document.get("unsupported", {})
    reasons = []
    for v in document.get("violations", []):
        if not v.get("fails"):
            continue
        try:
            family = family_of(v["operation"])
        except KeyError:
            family = None
        if family not in unsupported:
            reasons.append(f"{v['level']} {v['rule_id']} violated by {v['operation']} in {v['test']}")
    if document.get("strict"):
        reasons += [f"{family} not implemented under --strict ({why})" for family, why in sorted(unsupported.items())]
    return reasons
