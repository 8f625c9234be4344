"""The conformance matrix: operations x rule categories, each cell one outcome, built from a run's JSON.

The JSON document written by ``--conformance-json`` (rekognition_conformance.summary.build_document) is the input, so
the matrix can be rebuilt from a saved run. Each cell summarises the (rule, operation) pairs of its
category (rekognition_conformance.report.outcomes), strongest first:

- ``not_offered`` / ``not_selected`` / ``not_implemented``: the operation's family is not judged, and why;
- ``fail``: a violation that fails the run (any MUST, or any rule under ``--strict``);
- ``warning``: only violations of SHOULD rules, which do not fail the run;
- ``inconclusive``: a rule of the category had nothing to judge;
- ``pass``: at least one rule of the category was checked on the operation and nothing was violated;
- ``not_checked``: rules of the category apply to the operation but this run checked none of them;
- ``none``: no rule of the category applies to the operation.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from rekognition_conformance.report.outcomes import (
    FAIL,
    INCONCLUSIVE,
    NOT_CHECKED,
    NOT_IMPLEMENTED,
    NOT_OFFERED,
    NOT_SELECTED,
    PASS,
    WARNING,
    Outcomes,
    Pair,
    count,
    counts_line,
    excused_families,
    gate_failures,
    pair_outcomes,
    rule_outcome,
)
from rekognition_conformance.report.outcomes import LABELS as PAIR_LABELS
from rekognition_conformance.spec.operations import FAMILIES, family_of

NONE = "none"
OUTCOMES = (PASS, FAIL, WARNING, INCONCLUSIVE, NOT_IMPLEMENTED, NOT_OFFERED, NOT_SELECTED, NOT_CHECKED, NONE)
LABELS = {**PAIR_LABELS, NONE: "no rule"}
__all__ = ["gate_failures"]


@dataclass
class Cell:
    operation: str
    category: str
    outcome: str = NONE
    rules: list[str] = field(default_factory=list)  # the rules of this category that apply to the operation
    checked: list[str] = field(default_factory=list)  # those this run checked on the operation
    failures: list[dict[str, Any]] = field(default_factory=list)  # violations that fail the run
    warnings: list[dict[str, Any]] = field(default_factory=list)  # violations that only warn
    reason: str = ""  # why the family is not judged, or why a rule was inconclusive

    @property
    def anchor(self) -> str:
        return f"cell-{self.operation}-{self.category}"


@dataclass
class MustSummary:
    passing: int  # MUST rules checked on every served operation with no violation
    checked: int  # MUST rules judged (pass, fail or warn)
    total: int  # MUST rules in the contract
    failing: list[str]
    inconclusive: list[str] = field(default_factory=list)
    not_checked: list[str] = field(default_factory=list)
    allow_inconclusive: bool = False

    def line(self) -> str:
        text = (f"{self.passing} of {self.checked} MUST rules pass "
                f"({self.total - self.checked} of {self.total} not checked in this run)")
        if self.inconclusive:
            accepted = "allowed in this run, not failing it" if self.allow_inconclusive else (
                "failing the gate; --allow-inconclusive accepts them")
            text += f"; {len(self.inconclusive)} MUST rules inconclusive ({accepted})"
        return text


@dataclass
class Matrix:
    families: dict[str, tuple[str, ...]]
    categories: tuple[str, ...]
    cells: dict[tuple[str, str], Cell]
    must: MustSummary
    unsupported: dict[str, str]
    stray: list[dict[str, Any]]  # violations naming no covered operation (listed, never dropped)
    pairs: dict[str, dict[str, Pair]] = field(default_factory=dict)  # rule -> operation -> outcome

    excused: dict[str, dict[str, str]] = field(default_factory=dict)  # family -> {"outcome", "reason"}

    def family_note(self, family: str) -> str:
        """``not implemented: why`` (or not offered / not selected) for a family the run does not judge."""
        entry = self.excused.get(family)
        return f"{LABELS[entry['outcome']]}: {entry['reason']}" if entry else ""

    def pair_counts(self) -> dict[str, int]:
        return count(self.pairs)

    def pairs_line(self) -> str:
        return counts_line(self.pair_counts())

    def cell(self, operation: str, category: str) -> Cell:
        return self.cells[(operation, category)]

    def count(self, outcome: str) -> int:
        return sum(1 for c in self.cells.values() if c.outcome == outcome)


def categories_of(rules: dict[str, dict[str, Any]], order: Iterable[str] | None = None) -> tuple[str, ...]:
    """The categories the rules use, in the contract's order (rekognition_conformance.spec.rules.CATEGORIES)."""
    from rekognition_conformance.spec.rules import CATEGORIES

    used = {r["category"] for r in rules.values()}
    return tuple(c for c in (order or CATEGORIES) if c in used)


def must_summary(document: dict[str, Any], pairs: Outcomes | None = None) -> MustSummary:
    pairs = pair_outcomes(document) if pairs is None else pairs
    must = {rid: rule_outcome(pairs[rid]) for rid, r in document["rules"].items() if r["level"] == "MUST"}
    judged = {rid for rid, outcome in must.items() if outcome in (PASS, FAIL, WARNING)}
    return MustSummary(
        passing=sum(1 for rid in judged if must[rid] == PASS),
        checked=len(judged),
        total=len(must),
        failing=sorted(rid for rid in judged if must[rid] == FAIL),
        inconclusive=sorted(rid for rid, outcome in must.items() if outcome == INCONCLUSIVE),
        not_checked=sorted(rid for rid, outcome in must.items() if outcome == NOT_CHECKED),
        allow_inconclusive=bool(document.get("allow_inconclusive")),
    )


def build_matrix(document: dict[str, Any], outcomes: Outcomes | None = None) -> Matrix:
    rules: dict[str, dict[str, Any]] = document["rules"]
    excused = excused_families(document)
    categories = categories_of(rules)
    pairs = pair_outcomes(document) if outcomes is None else outcomes
    cells = {
        (op, category): Cell(op, category) for ops in FAMILIES.values() for op in ops for category in categories
    }
    outcomes_in: dict[tuple[str, str], dict[str, str]] = {}
    for rid, entry in rules.items():
        for op, pair in pairs[rid].items():
            cell = cells.get((op, entry["category"]))
            if cell is None:
                continue
            cell.rules.append(rid)
            if pair.outcome in (PASS, FAIL, WARNING):
                cell.checked.append(rid)
            outcomes_in.setdefault((op, entry["category"]), {}).setdefault(pair.outcome, pair.reason)
    stray = []
    for violation in document.get("violations", []):
        entry = rules.get(violation["rule_id"])
        cell = cells.get((violation["operation"], entry["category"])) if entry else None
        if cell is None:
            stray.append(violation)
            continue
        fails = violation.get("fails", entry["level"] == "MUST")
        (cell.failures if fails else cell.warnings).append(violation)
    for key, cell in cells.items():
        found = outcomes_in.get(key, {})
        family = excused.get(family_of(cell.operation))
        if family is not None and cell.rules:
            cell.outcome, cell.reason = family["outcome"], family["reason"]
        elif cell.failures or FAIL in found:
            cell.outcome = FAIL
        elif cell.warnings or WARNING in found:
            cell.outcome = WARNING
        elif INCONCLUSIVE in found:
            cell.outcome, cell.reason = INCONCLUSIVE, found[INCONCLUSIVE]
        elif PASS in found:
            cell.outcome = PASS
        elif NOT_CHECKED in found:
            cell.outcome, cell.reason = NOT_CHECKED, found[NOT_CHECKED]
        elif cell.rules:
            # Only "no test of the family ran" is left: the run was narrowed to other families.
            cell.outcome, cell.reason = NOT_SELECTED, found.get(NOT_SELECTED, "")
    unsupported = {family: entry["reason"] for family, entry in excused.items()}
    return Matrix(dict(FAMILIES), categories, cells, must_summary(document, pairs), unsupported, stray, pairs,
                  excused)

