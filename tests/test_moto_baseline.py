"""moto's known failures expressed as a baseline: with it the gate passes, without it the same run fails.

``conformance/profiles/moto-baseline.yaml`` was written by a moto run of the families moto serves:
``pytest conformance --target moto --only face_search,text --baseline conformance/profiles/moto-baseline.yaml
--baseline-update``; run that again after changing the moto pin (tests/test_moto_profile.py says when).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rekognition_conformance.moto_target import run_suite
from rekognition_conformance.report.baseline import failing_pairs, load

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / "conformance" / "profiles" / "moto-baseline.yaml"
SERVED = ("--only", "face_search,text")


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple]:
    found = {}
    for name, extra in (("with", ("--baseline", str(BASELINE))), ("without", ())):
        report = tmp_path_factory.mktemp(name) / "report.json"
        proc = run_suite(report, *SERVED, *extra)
        found[name] = (proc, json.loads(report.read_text()) if report.exists() else {})
    return found


def test_the_moto_baseline_names_known_pairs_only():
    assert load(BASELINE).entries, "the moto baseline accepts nothing"


def test_a_moto_run_with_its_baseline_passes_the_gate(runs):
    proc, report = runs["with"]
    assert proc.returncode == 0, proc.stdout[-4000:]
    assert report["gate"] == [] and report["baseline"]["fixed"] == [], report.get("baseline")
    violations = [v for v in report["violations"] if v["fails"]]
    assert violations and all(v["baselined"] for v in violations)


def test_the_same_run_without_it_fails_the_gate(runs):
    proc, report = runs["without"]
    assert proc.returncode != 0 and report["gate"], proc.stdout[-4000:]
    # The baseline holds exactly the pairs moto fails (or leaves inconclusive) in this run: nothing more.
    assert failing_pairs(report) == sorted(load(BASELINE).entries)
