"""Applying mutations to a recording and judging each one offline, within the family it belongs to.

For each mutation, the listings it applies to are tried in recording order (at most ``attempts`` that it
could edit): the edited listing replaces the recorded one among its family's listings, and the offline
judge (:func:`rekognition_conformance.judge.run.judge`) judges them. The mutation is *killed* when its own rule fires
there and does not fire on the clean recording of that family. It is *not judged here* when the recording
holds nothing to edit, or when the judge does not judge its rule on the edited listings (a corpus example
that does not show its requests has no echo to compare); never a pass. *Survived* is the one outcome that
says the judging missed a deviation it could see.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field

from rekognition_conformance.judge.run import Judged, judge
from rekognition_conformance.judge.sources import Chain, Recording
from rekognition_conformance.mutations.base import Mutation
from rekognition_conformance.mutations.edits import Pages
from rekognition_conformance.spec.operations import family_of

KILLED = "killed"
SURVIVED = "survived"
NOT_JUDGED = "not judged here"
ERROR = "error"


@dataclass
class MutationResult:
    name: str
    rule: str
    family: str
    description: str
    outcome: str
    reason: str = ""
    site: str | None = None
    fired: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def killed(self) -> bool:
        return self.outcome == KILLED


def _fired(results: Iterable[Judged]) -> set[str]:
    return {rule_id for judged in results for rule_id in (*judged.failing, *judged.warning)}


class _Family:
    """One family's listings of the recording and what its clean judgement fired."""

    def __init__(self, recording: Recording, chains: list[Chain]) -> None:
        self.recording = recording
        self.chains = chains
        results, _, _ = judge(self.with_chains(chains))
        self.clean_fired = _fired(results)

    def with_chains(self, chains: list[Chain]) -> Recording:
        return Recording(self.recording.path, self.recording.kind, chains)


def _families(recording: Recording) -> dict[str, _Family]:
    grouped: dict[str, list[Chain]] = {}
    for chain in recording.chains:
        grouped.setdefault(family_of(chain.operation), []).append(chain)
    return {family: _Family(recording, chains) for family, chains in grouped.items()}


def run_one(mutation: Mutation, family: _Family | None, attempts: int = 3) -> MutationResult:
    started = time.monotonic()
    result = MutationResult(mutation.name, mutation.rule, mutation.family, mutation.description, NOT_JUDGED)
    if family is None:
        result.reason = f"the recording holds no {mutation.family} answer"
        return result
    edited = judged = 0
    candidates = [i for i, chain in enumerate(family.chains) if mutation.applies_to(chain)]
    for index in candidates:
        pages = Pages(family.chains[index])
        if not mutation.edit(pages):
            continue
        edited += 1
        chains = list(family.chains)
        chains[index] = pages.chain()
        results, _, _ = judge(family.with_chains(chains))
        errors = [r.harness_error for r in results if r.harness_error]
        if errors:
            result.outcome, result.reason, result.site = ERROR, f"the judge crashed: {errors[0]}", chains[index].name
            break
        fired = _fired(results)
        if any(mutation.rule in (*r.rules, *r.inconclusive) for r in results):
            judged += 1
        if mutation.rule in fired and mutation.rule not in family.clean_fired:
            result.outcome, result.site, result.fired = KILLED, chains[index].name, sorted(fired - family.clean_fired)
            result.reason = ""
            break
        if mutation.rule in family.clean_fired:
            result.reason = "its rule already fires on the clean recording"
        elif judged:
            result.outcome, result.site, result.fired = SURVIVED, chains[index].name, sorted(fired - family.clean_fired)
            result.reason = "its rule was judged and did not fire"
        if edited >= attempts:
            break
    if result.outcome == NOT_JUDGED and not result.reason:
        if not candidates:
            result.reason = f"no listing it applies to ({', '.join(mutation.operations)})"
        elif not edited:
            result.reason = "nothing to change in the listings it applies to"
        else:
            result.reason = "the judge does not judge its rule on the listings it changed"
    result.seconds = time.monotonic() - started
    return result


def run_mutations(recording: Recording, mutations: Iterable[Mutation], attempts: int = 3) -> list[MutationResult]:
    """Each mutation's result on ``recording``."""
    families = _families(recording)
    return [run_one(mutation, families.get(mutation.family), attempts) for mutation in mutations]


def clean_errors(recording: Recording) -> list[str]:
    """The rules the clean recording fails (MUST) and any crash of the judge on it: a clean recording has none."""
    results, _, _ = judge(recording)
    crashes = [f"{r.name}: {r.harness_error}" for r in results if r.harness_error]
    failing = sorted({rule_id for r in results for rule_id in r.failing})
    return crashes + [f"MUST rule {rule_id} fails" for rule_id in failing]
