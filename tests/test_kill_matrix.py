"""The kill matrix as a test: the conformance suite catches each fault of the reference backend by the rule
the fault breaks, and does not fail the clean backend.

One matrix is run for the module (:func:`rekognition_conformance.killmatrix.run_matrix`: the clean run, then a run per
fault of only the tests that check its rule, two at a time, stopping at the rule's first violation, with
hypothesis examples drawn as in CI but not shrunk). Then:

* the clean reference backend passes: no test fails, no MUST rule is violated;
* each fault is killed by its own rule; a fault no check detects fails here unless the catalogue marks
  it as a known gap (``Fault.gap``, with the reason), and a known gap that is caught after all fails too,
  so the mark is removed;
* the response mutations, run on the committed reference cassette, are killed by their own rule or
  cannot be judged there (never survive), and the clean recording passes;
* every MUST rule is proven: some fault or mutation of its family breaks it and is killed by it;
* the committed matrix (``fixtures/killmatrix.json``, which the README's figures quote) names the same
  faults and mutations with the same outcomes and the same rule coverage, so the figures cannot silently
  go stale.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rekognition_conformance.killmatrix import (
    ERROR,
    GAP,
    KILLED,
    STALE_GAP,
    SURVIVED,
    UNCHECKED,
    KillMatrix,
    run_matrix,
)
from rekognition_conformance.mutations import MUTATIONS
from rekognition_conformance.mutations.run import KILLED as MUTATION_KILLED
from rekognition_conformance.mutations.run import NOT_JUDGED
from rekognition_conformance.reference.faults import FAULTS

ROOT = Path(__file__).resolve().parent.parent
COMMITTED = ROOT / "fixtures" / "killmatrix.json"
COMMAND = "python -m rekognition_conformance.killmatrix --json fixtures/killmatrix.json"

WHY = {
    SURVIVED: "no check reported its rule: make a check catch it, or mark the fault as a known gap with the reason",
    UNCHECKED: "no test of the clean run checks its rule: add one, or mark the fault as a known gap with the reason",
    STALE_GAP: "it is marked as a known gap but its rule caught it: remove the gap",
    ERROR: "its run could not complete",
}


@pytest.fixture(scope="module")
def matrix(tmp_path_factory: pytest.TempPathFactory) -> KillMatrix:
    return run_matrix(scope="rule", workers=2, workdir=tmp_path_factory.mktemp("killmatrix"))


def test_the_clean_backend_passes(matrix: KillMatrix) -> None:
    clean = matrix.clean
    assert matrix.clean_passes, (
        f"the suite fails against the clean reference backend: exit {clean.exitstatus}, error {clean.error}, "
        f"MUST violations {clean.must_fired}\n{clean.log[-4000:]}"
    )
    assert clean.tests > 0 and not clean.must_fired


@pytest.mark.parametrize("name", sorted(FAULTS))
def test_each_fault_is_caught_by_the_rule_it_breaks(name: str, matrix: KillMatrix) -> None:
    result = next(r for r in matrix.results if r.name == name)
    run = result.run
    assert result.outcome in (KILLED, GAP), (
        f"fault {name} ({result.description}) breaks {result.rule} but is {result.outcome}: "
        f"{WHY.get(result.outcome, '')}. Rules that fired: {sorted(result.fired) or 'none'}."
        + (f"\nrun error: {run.error}" if run is not None and run.error else "")
        + (f"\ncommand: {' '.join(run.command)}" if run is not None else "")
    )
    if result.outcome == KILLED:
        assert result.own_rule_fired and result.rule not in matrix.clean.fired


@pytest.mark.parametrize("name", sorted(m.name for m in MUTATIONS))
def test_each_mutation_is_caught_or_cannot_be_judged_on_the_reference_recording(name: str, matrix: KillMatrix) -> None:
    assert matrix.mutations is not None, "the matrix ran no mutations"
    result = next(r for r in matrix.mutations.results if r.name == name)
    assert result.outcome in (MUTATION_KILLED, NOT_JUDGED), (
        f"mutation {name} ({result.description}) breaks {result.rule} on {result.site} but is {result.outcome}: "
        f"{result.reason}. Rules that fired: {result.fired or 'none'}."
    )


def test_the_clean_recording_passes(matrix: KillMatrix) -> None:
    assert matrix.mutations is not None and matrix.mutations.clean_passes, matrix.mutations


def test_every_must_rule_is_proven(matrix: KillMatrix) -> None:
    assert not matrix.unproven, (
        f"{len(matrix.unproven)} MUST rule(s) have no fault or mutation killed by them in their family's tests: "
        f"{matrix.unproven}. Add a fault (reference/faults/) or a mutation (conformance/mutations/) for each."
    )


def test_the_committed_matrix_is_current(matrix: KillMatrix) -> None:
    assert COMMITTED.exists(), f"no committed kill matrix: run `{COMMAND}`"
    committed = json.loads(COMMITTED.read_text(encoding="utf-8"))
    want = {r.name: r.outcome for r in matrix.results}
    got = {f["name"]: f["outcome"] for f in committed["faults"]}
    assert got == want, f"{COMMITTED.name} is stale (run `{COMMAND}`): {sorted(set(got.items()) ^ set(want.items()))}"
    assert matrix.mutations is not None and committed.get("mutations"), f"{COMMITTED.name} has no mutations"
    want_mutations = {r.name: r.outcome for r in matrix.mutations.results}
    got_mutations = {m["name"]: m["outcome"] for m in committed["mutations"]["results"]}
    assert got_mutations == want_mutations, f"{COMMITTED.name} is stale (run `{COMMAND}`)"
    summary = matrix.summary()
    for key in ("kill_rate", "mutations_killed", "must_rules", "must_rules_proven"):
        assert committed["summary"][key] == summary[key], f"{COMMITTED.name} is stale on {key} (run `{COMMAND}`)"
