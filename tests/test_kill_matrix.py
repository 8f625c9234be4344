"""The kill matrix as a test: the conformance suite catches each fault of the reference backend by the rule
the fault breaks, and does not fail the clean backend.

One matrix is run for the module (:func:`conformance.killmatrix.run_matrix`: the clean run, then a run per
fault of only the tests that check its rule, two at a time, stopping at the rule's first violation, with
hypothesis examples drawn as in CI but not shrunk). Then:

* the clean reference backend passes: no test fails, no MUST rule is violated;
* each fault is killed by its own rule; a fault no check detects fails here unless the catalogue marks
  it as a known gap (``Fault.gap``, with the reason), and a known gap that is caught after all fails too,
  so the mark is removed;
* the committed matrix (``fixtures/killmatrix.json``, which the README's figure quotes) names the same
  faults with the same outcomes, so the figure cannot silently go stale.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conformance.killmatrix import ERROR, GAP, KILLED, STALE_GAP, SURVIVED, UNCHECKED, KillMatrix, run_matrix
from reference.faults import FAULTS

ROOT = Path(__file__).resolve().parent.parent
COMMITTED = ROOT / "fixtures" / "killmatrix.json"
COMMAND = "python -m conformance.killmatrix --json fixtures/killmatrix.json"

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


def test_the_committed_matrix_is_current(matrix: KillMatrix) -> None:
    assert COMMITTED.exists(), f"no committed kill matrix: run `{COMMAND}`"
    committed = json.loads(COMMITTED.read_text(encoding="utf-8"))
    want = {r.name: r.outcome for r in matrix.results}
    got = {f["name"]: f["outcome"] for f in committed["faults"]}
    assert got == want, f"{COMMITTED.name} is stale (run `{COMMAND}`): {sorted(set(got.items()) ^ set(want.items()))}"
    assert committed["summary"]["kill_rate"] == matrix.summary()["kill_rate"]
