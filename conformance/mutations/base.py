"""What a response mutation is: one small deviation from one documented rule, made on a recorded listing.

A mutation names the rule it breaks and the operations whose recorded answers it edits. ``when`` says
which listings the rule is judged on (a sort order only where the Get request asked for it, a floor only
where the Start request is known); ``edit`` changes edited copies of the pages and returns False when
the listing holds nothing to change (no second page, no item of the kind). A mutation of a rule every
family shares is made once per family, so each family's judging is shown to catch it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import yaml

from rekognition_conformance.judge.sources import Chain
from rekognition_conformance.mutations.edits import Edit, successful
from rekognition_conformance.reference.faults.base import COMMON
from rekognition_conformance.spec.operations import FAMILIES, expand, family_of
from rekognition_conformance.spec.rules import rule_files, rules


@dataclass(frozen=True)
class Mutation:
    name: str
    rule: str
    description: str
    operations: tuple[str, ...]
    edit: Edit
    when: Callable[[Chain], bool] = successful
    family: str = COMMON

    def applies_to(self, chain: Chain) -> bool:
        return chain.operation in expand(self.operations) and self.when(chain)


def rule_family(rule_id: str) -> str:
    """The family whose rules file declares ``rule_id`` (``common`` for common.yaml)."""
    return _RULE_FAMILIES[rule_id]


def _families() -> dict[str, str]:
    found = {}
    for path in rule_files():
        for raw in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("rules", []):
            found[raw["id"]] = COMMON if path.stem == "common" else path.stem
    return found


_RULE_FAMILIES = _families()


def per_family(mutation: Mutation) -> list[Mutation]:
    """A family's mutation as it is; a shared rule's mutation once for each family it has operations in."""
    family = rule_family(mutation.rule)
    if family != COMMON:
        if family not in FAMILIES:
            raise ValueError(f"mutation {mutation.name}: rule {mutation.rule} has no family")
        return [replace(mutation, family=family)]
    operations = expand(mutation.operations)
    out = []
    for name, members in FAMILIES.items():
        mine = tuple(op for op in operations if op in members)
        if mine:
            out.append(replace(mutation, name=f"{mutation.name}@{name}", operations=mine, family=name))
    return out


def check_catalogue(mutations: list[Mutation]) -> None:
    known = rules()
    for mutation in mutations:
        if mutation.rule not in known:
            raise ValueError(f"mutation {mutation.name}: unknown rule {mutation.rule}")
        for op in expand(mutation.operations):
            family_of(op)
