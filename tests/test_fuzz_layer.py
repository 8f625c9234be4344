"""The schema-fuzzing layer catches, on its own, a fault of the reference backend that only a fuzzed request reaches.

The fault ``notification-channel-crashes`` (reference/faults/common.py) answers a valid Start request that
names a NotificationChannel with HTTP 500 and a web framework's ``{"message": ...}`` body, which breaks
SCHEMA.ERROR_BODY; schemathesis draws such a request from the OpenAPI document. Two short runs of the fuzz
tests of StartLabelDetection alone, made the way the kill matrix makes them
(:func:`rekognition_conformance.killmatrix.run_suite`, ``RC_REFERENCE_FAULTS``), show it:

* with the fault, SCHEMA.ERROR_BODY is violated, by a fuzzed request carrying the NotificationChannel, and
  every violation comes from the fuzz tests (no behavioural test ran);
* without the fault, the same fuzz tests check the rule and pass (the violation is the fault's).

Whether the behavioural suite catches the fault too is not pinned here: a behavioural test that learns to
catch it is an improvement, not a failure.
"""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from rekognition_conformance.killmatrix import SUITE, SuiteRun, run_suite
from rekognition_conformance.reference.faults import FAULTS

FAULT = "notification-channel-crashes"
RULE = "SCHEMA.ERROR_BODY"
OPERATION = "StartLabelDetection"
FUZZED = [f"{SUITE}/test_fuzz.py", "--only=labels", "--fuzz", "-k", OPERATION]
# Each run takes seconds; a run that takes minutes is itself a failure worth seeing.
TIMEOUT = 300.0


def _report(workdir: Path, run: SuiteRun) -> dict[str, Any]:
    path = workdir / f"{run.label}.json"
    assert path.exists(), f"{run.label}: no --conformance-json report ({run.error})\n{run.log[-3000:]}"
    return json.loads(path.read_text(encoding="utf-8"))


def _describe(run: SuiteRun) -> str:
    command = " ".join(run.command)
    return f"{run.label}: exit {run.exitstatus}, {run.seconds:.1f} s\ncommand: {command}\n{run.log[-3000:]}"


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, SuiteRun]]:
    workdir = tmp_path_factory.mktemp("fuzz-layer")
    plans = {
        "fuzz-faulty": (FUZZED, [FAULT]),
        "fuzz-clean": (FUZZED, []),
    }
    with ThreadPoolExecutor(max_workers=len(plans)) as pool:
        futures = {
            label: pool.submit(
                run_suite, label, selection, workdir=workdir, faults=faults, keep_rule_map=True, timeout=TIMEOUT
            )
            for label, (selection, faults) in plans.items()
        }
        return workdir, {label: future.result() for label, future in futures.items()}


def test_the_fault_breaks_the_rule_the_fuzz_layer_reports() -> None:
    assert FAULTS[FAULT].rule == RULE and FAULTS[FAULT].gap is None, FAULTS[FAULT]


def test_fuzz_layer_catches_the_fault(runs: tuple[Path, dict[str, SuiteRun]]) -> None:
    workdir, by_label = runs
    run = by_label["fuzz-faulty"]
    assert run.error is None and run.exitstatus == 1, _describe(run)
    assert RULE in run.must_fired, f"the fuzz tests did not report {RULE}: {run.fired}\n{_describe(run)}"
    violations = [v for v in _report(workdir, run)["violations"] if v["rule_id"] == RULE]
    assert violations, _describe(run)
    # On its own: only fuzz tests ran, and each violation of the rule is one of theirs.
    assert run.rule_map and all("test_fuzz" in nodeid for nodeid in run.rule_map), sorted(run.rule_map)
    for violation in violations:
        assert violation["operation"] == OPERATION and "test_fuzz.py" in violation["test"], violation
        assert "NotificationChannel" in violation["request"], violation
        assert "Internal server error" in violation["offending"], violation


def test_fuzz_layer_passes_the_clean_backend(runs: tuple[Path, dict[str, SuiteRun]]) -> None:
    workdir, by_label = runs
    run = by_label["fuzz-clean"]
    assert run.error is None and run.exitstatus == 0 and not run.must_fired, _describe(run)
    assert RULE not in run.fired, _describe(run)
    checked = _report(workdir, run)["rules"][RULE]["checked_operations"]
    assert checked.get(OPERATION, 0) > 0, f"the fuzz tests did not check {RULE} on {OPERATION}: {checked}"
    fuzz_tests = [nodeid for nodeid in run.rule_map if "test_fuzz" in nodeid]
    assert len(fuzz_tests) == 2 and all(RULE in run.rule_map[nodeid]["rules"] for nodeid in fuzz_tests), run.rule_map
