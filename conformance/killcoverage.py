"""Rule coverage of the kill matrix: which MUST rules a killed fault or mutation proves the harness catches.

A *proof* is a reference fault or a response mutation that was killed by the rule it breaks, in the
tests (or the offline judging) of the family it belongs to. A MUST rule is *proven* when some proof
names it. The table has a row per family: its faults and mutations, how many were killed by their own
rule, and how many of the family's MUST rules are proven; the ``common`` row holds the rules every family
shares, and each family row also says how many of those shared rules its own proofs catch.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from rekognition_conformance.mutations import rule_family
from rekognition_conformance.reference.faults.base import COMMON
from rekognition_conformance.spec.operations import FAMILIES
from rekognition_conformance.spec.rules import rules

FAULT = "fault"
MUTATION = "mutation"


@dataclass(frozen=True)
class Proof:
    kind: str
    name: str
    rule: str
    family: str
    killed: bool
    # False for a mutation the recording gives nothing to judge: it counts neither as killed nor as missed.
    judged: bool = True


@dataclass
class FamilyRow:
    family: str
    faults: int = 0
    faults_killed: int = 0
    mutations: int = 0
    mutations_killed: int = 0
    mutations_not_judged: int = 0
    must: list[str] = field(default_factory=list)
    proven: list[str] = field(default_factory=list)
    shared_proven: list[str] = field(default_factory=list)

    @property
    def unproven(self) -> list[str]:
        return [rule_id for rule_id in self.must if rule_id not in self.proven]


def must_rules() -> list[str]:
    return [rule_id for rule_id, r in rules().items() if r.level == "MUST"]


def proven_rules(proofs: Iterable[Proof]) -> set[str]:
    """MUST rules with a killed proof from the family the rule belongs to (any family for a shared rule)."""
    must = set(must_rules())
    return {
        p.rule for p in proofs
        if p.killed and p.rule in must and rule_family(p.rule) in (COMMON, p.family)
    }


def rows(proofs: list[Proof]) -> list[FamilyRow]:
    must = must_rules()
    table = {family: FamilyRow(family) for family in (COMMON, *FAMILIES)}
    for proof in proofs:
        row = table[proof.family]
        if proof.kind == FAULT:
            row.faults += 1
            row.faults_killed += proof.killed
        elif not proof.judged:
            row.mutations_not_judged += 1
        else:
            row.mutations += 1
            row.mutations_killed += proof.killed
    proven = proven_rules(proofs)
    for rule_id in must:
        table[rule_family(rule_id)].must.append(rule_id)
    for row in table.values():
        row.proven = [rule_id for rule_id in row.must if rule_id in proven]
        if row.family != COMMON:
            row.shared_proven = sorted(
                {p.rule for p in proofs if p.killed and p.family == row.family and rule_family(p.rule) == COMMON}
            )
    return list(table.values())


def _ratio(a: int, b: int) -> str:
    return f"{a}/{b}" if b else "-"


def table_lines(table: list[FamilyRow]) -> list[str]:
    shared = len(next(row for row in table if row.family == COMMON).must)
    lines = [
        f"{'family':<18} {'faults killed':>13} {'mutations killed':>16} {'not judged':>10} {'kill rate':>9} "
        f"{'MUST rules proven':>17} {'shared MUST rules caught here':>29}"
    ]
    for row in table:
        tried = row.faults + row.mutations
        killed = row.faults_killed + row.mutations_killed
        rate = f"{100 * killed / tried:.0f} %" if tried else "-"
        here = "" if row.family == COMMON else _ratio(len(row.shared_proven), shared)
        lines.append(
            f"{row.family:<18} {_ratio(row.faults_killed, row.faults):>13} "
            f"{_ratio(row.mutations_killed, row.mutations):>16} {row.mutations_not_judged or '':>10} {rate:>9} "
            f"{_ratio(len(row.proven), len(row.must)):>17} {here:>29}"
        )
    return lines


def proven_line(proofs: list[Proof], where: str = "") -> str:
    """``MUST rules proven: N of M``, the same line for the whole matrix and for one recording (``where``)."""
    must = must_rules()
    proven = proven_rules(proofs)
    return f"MUST rules proven: {len(proven)} of {len(must)}" + (f" ({where})" if where else "")
