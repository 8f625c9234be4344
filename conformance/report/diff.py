"""What changed between two runs: ``python -m rekognition_conformance.report.diff OLD.json NEW.json``.

Both runs' documents (``--conformance-json``) are read into per (rule, operation) outcomes
(rekognition_conformance.report.outcomes.pair_outcomes, so a saved run of an older schema is read the same way), and
every pair whose outcome differs is classed as

- **regressed**: it got worse on a served operation (pass -> warning, not checked, inconclusive or fail;
  warning -> inconclusive or fail; inconclusive or not checked -> fail), or a judged pair became
  *not implemented* (the service stopped serving it);
- **fixed**: it now passes where it did not (fail, warning, inconclusive or not checked -> pass);
- **changed**: anything else, e.g. not implemented -> pass (newly implemented), fail -> inconclusive, or a
  family selected in one run and not in the other.

Families that the runs excuse differently (not implemented, not offered, not selected) are listed as well.
Exit status, for a CI job to gate on: 0 when nothing regressed, 1 when anything regressed, 2 when a
document cannot be read (a usage error).
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rekognition_conformance.report.outcomes import (
    FAIL,
    INCONCLUSIVE,
    LABELS,
    NOT_CHECKED,
    NOT_IMPLEMENTED,
    NOT_SELECTED,
    PASS,
    WARNING,
    excused_families,
    pair_outcomes,
)

REGRESSED, FIXED, CHANGED = "regressed", "fixed", "changed"
KINDS = (REGRESSED, FIXED, CHANGED)
JUDGED = "judged"  # a family the run neither excused nor left out
# How bad a served outcome is: a move to a higher rank is a regression.
RANK = {PASS: 0, WARNING: 1, NOT_CHECKED: 2, INCONCLUSIVE: 2, FAIL: 3}
EXIT_OK, EXIT_REGRESSED, EXIT_UNREADABLE = 0, 1, 2


@dataclass(frozen=True)
class Change:
    kind: str
    subject: str  # "RULE.ID on Operation", or a family's name
    old: str
    new: str

    def line(self) -> str:
        return f"{self.kind}: {self.subject}: {_label(self.old)} -> {_label(self.new)}"


@dataclass
class Diff:
    pairs: list[Change] = field(default_factory=list)
    families: list[Change] = field(default_factory=list)
    unchanged: int = 0

    def of(self, kind: str) -> list[Change]:
        return [c for c in self.pairs + self.families if c.kind == kind]

    @property
    def regressed(self) -> bool:
        return bool(self.of(REGRESSED))

    def summary(self) -> str:
        counts = {kind: sum(1 for c in self.pairs if c.kind == kind) for kind in KINDS}
        families = {kind: sum(1 for c in self.families if c.kind == kind) for kind in KINDS}
        text = (f"(rule, operation) pairs: {counts[REGRESSED]} regressed, {counts[FIXED]} fixed, "
                f"{counts[CHANGED]} changed, {self.unchanged} unchanged")
        if self.families:
            text += "; families: " + ", ".join(f"{families[k]} {k}" for k in KINDS)
        return text


def _label(outcome: str) -> str:
    return LABELS.get(outcome, outcome.replace("_", " "))


def classify(old: str, new: str) -> str:
    """regressed, fixed or changed, for two different outcomes of one (rule, operation) pair or family."""
    if old in RANK and new in RANK:
        if new == PASS:
            return FIXED
        return REGRESSED if RANK[new] > RANK[old] else CHANGED
    if new == NOT_IMPLEMENTED and (old in RANK or old == JUDGED):
        return REGRESSED
    return CHANGED


def _family_outcomes(document: dict[str, Any]) -> dict[str, str]:
    from rekognition_conformance.spec.operations import FAMILIES

    excused = excused_families(document)
    return {family: excused[family]["outcome"] if family in excused else JUDGED for family in FAMILIES}


def diff(old: dict[str, Any], new: dict[str, Any]) -> Diff:
    result = Diff()
    before, after = pair_outcomes(old), pair_outcomes(new)
    for rule_id in sorted(before.keys() | after.keys()):
        old_pairs, new_pairs = before.get(rule_id, {}), after.get(rule_id, {})
        for operation in sorted(old_pairs.keys() | new_pairs.keys()):
            # A rule or operation only one run knows of (the contract changed) reads as not selected in the other.
            was = old_pairs[operation].outcome if operation in old_pairs else NOT_SELECTED
            now = new_pairs[operation].outcome if operation in new_pairs else NOT_SELECTED
            if was == now:
                result.unchanged += 1
            else:
                result.pairs.append(Change(classify(was, now), f"{rule_id} on {operation}", was, now))
    old_families, new_families = _family_outcomes(old), _family_outcomes(new)
    for family in sorted(old_families):
        was, now = old_families[family], new_families[family]
        if was != now:
            result.families.append(Change(classify(was, now), f"family {family}", was, now))
    return result


def text_lines(result: Diff) -> list[str]:
    lines = [c.line() for kind in KINDS for c in result.of(kind)]
    return [*lines, result.summary()]


def markdown(result: Diff) -> str:
    lines = ["## Conformance: changes since the previous run", "", result.summary() + "."]
    for kind in KINDS:
        changes = result.of(kind)
        if changes:
            lines += ["", f"### {kind.capitalize()} ({len(changes)})", "", "| subject | before | after |",
                      "|---|---|---|"]
            lines += [f"| {c.subject} | {_label(c.old)} | {_label(c.new)} |" for c in changes]
    return "\n".join(lines) + "\n"


def _load(path: Path) -> dict[str, Any]:
    document = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(document, dict) or "rules" not in document:
        raise ValueError("not a run document written by --conformance-json (no `rules`)")
    return document


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Compare two saved runs (--conformance-json). Exit status: 0 nothing regressed, "
                    "1 something regressed, 2 a document cannot be read.")
    parser.add_argument("old", type=Path, help="the earlier run's JSON document")
    parser.add_argument("new", type=Path, help="the later run's JSON document")
    parser.add_argument("--markdown", action="store_true", help="print Markdown (for a job summary) instead of text")
    args = parser.parse_args(argv)
    try:
        old, new = _load(args.old), _load(args.new)
    except (OSError, ValueError) as exc:
        print(f"rekognition_conformance.report.diff: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    result = diff(old, new)
    sys.stdout.write(markdown(result) if args.markdown else "\n".join(text_lines(result)) + "\n")
    return EXIT_REGRESSED if result.regressed else EXIT_OK


if __name__ == "__main__":
    raise SystemExit(main())
