"""moto held to its profile: the suite runs against moto once, and every family and rule result must equal
conformance/profiles/moto.yaml.

The comparison is strict both ways: a moto upgrade that fixes a defect fails here as surely as one that
breaks something, so the profile (and the README table built from it) never drifts from what moto does.
When it fails, the message names each family or rule that changed and the command that re-records the
profile; review that diff before committing it — a rule that now fails on moto may be a harness bug (a
false failure), which belongs in a fix, not in the profile.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from rekognition_conformance.moto_target import (
    PROFILE,
    differences,
    family_results,
    load_profile,
    moto_version,
    run_suite,
)
from rekognition_conformance.spec.rules import rule, rules
from rekognition_conformance.suite.common import WELL_FORMED_UNKNOWN_JOB_ID

ROOT = Path(__file__).resolve().parent.parent
UPDATE = "python -m rekognition_conformance.moto_target --update"
COMMAND = "pytest conformance --target moto --conformance-json PATH -p no:cacheprovider"
# A defect of moto the profile records, used to show how a failure reads: moto answers a Get for a JobId
# that no job has with canned results instead of ResourceNotFoundException.
KNOWN_DEFECT = "ERRORS.UNKNOWN_JOB"


@dataclass
class MotoRun:
    proc: Any
    report: dict[str, Any]
    seconds: float

    def output(self, chars: int = 4000) -> str:
        return f"--- stdout (tail) ---\n{self.proc.stdout[-chars:]}\n--- stderr (tail) ---\n{self.proc.stderr[-2000:]}"


@pytest.fixture(scope="module")
def profile() -> dict[str, Any]:
    return load_profile()


@pytest.fixture(scope="module")
def moto_run(tmp_path_factory: pytest.TempPathFactory) -> MotoRun:
    """One run of the whole suite against moto for this module (about 100 s)."""
    path = tmp_path_factory.mktemp("moto") / "moto.json"
    started = time.monotonic()
    proc = run_suite(path)
    seconds = time.monotonic() - started
    if not path.exists():
        pytest.fail(f"`{COMMAND}` wrote no report (exit {proc.returncode}, {seconds:.0f} s)\n"
                    + MotoRun(proc, {}, seconds).output(), pytrace=False)
    return MotoRun(proc, json.loads(path.read_text(encoding="utf-8")), seconds)


def _pinned_moto() -> str | None:
    match = re.search(r"^moto(?:\[[^\]]*\])?==(\S+)", (ROOT / "constraints.txt").read_text(), re.MULTILINE)
    return match.group(1) if match else None


def test_installed_moto_is_the_profiled_version(profile):
    pinned, installed = _pinned_moto(), moto_version()
    assert pinned == profile["moto"], (
        f"constraints.txt pins moto=={pinned} but {PROFILE.name} records moto {profile['moto']}: after changing "
        f"the pin, install it and re-record the profile with `{UPDATE}`, then review the diff"
    )
    assert installed == profile["moto"], (
        f"moto {installed} is installed but {PROFILE.name} records moto {profile['moto']} (the version "
        "constraints.txt pins): install the pinned version with `pip install -c constraints.txt -e '.[test]'`, "
        f"or, if you mean to move to moto {installed}, change the pin and re-record with `{UPDATE}`"
    )


def test_every_defect_has_a_reason(profile):
    """The README table says what moto does for each rule it does not pass; `--update` keeps the reasons but
    cannot write new ones, nor tell which became stale."""
    reasons: dict[str, str] = profile.get("reasons") or {}
    defects = {r for r, result in profile["rules"].items() if result in ("fail", "warn")}
    missing = sorted(defects - set(reasons))
    assert not missing, f"rules moto does not pass have no entry under `reasons:` in {PROFILE.name}: {missing}"
    stale = sorted(set(reasons) - defects - set(profile["families"]))
    assert not stale, f"`reasons:` in {PROFILE.name} explains rules moto no longer fails or warns on: {stale}"


def test_the_run_ends_in_verdicts_not_errors(moto_run):
    """pytest exit 1 (tests failed: moto's defects) is expected; 2-5 mean the run itself broke."""
    assert moto_run.proc.returncode in (0, 1), (
        f"`{COMMAND}` exited {moto_run.proc.returncode}: the run broke instead of judging moto\n{moto_run.output()}"
    )
    errored = sorted(n for n, t in moto_run.report["tests"].items() if t.get("outcome") == "error")
    assert not errored, (
        f"{len(errored)} test(s) ended in a pytest error on moto (a harness crash, not a verdict): "
        f"{errored[:10]}\n{moto_run.output()}"
    )
    summary = moto_run.proc.stdout.strip().splitlines()[-1]
    assert not re.search(r"\d+ errors?\b", summary), f"pytest reported errors: {summary}\n{moto_run.output()}"


def test_unserved_families_are_not_implemented(moto_run, profile):
    """A family moto does not serve is reported as not implemented, with the profile's reason, and its
    tests are skipped: never failed and never errored."""
    unsupported: dict[str, str] = moto_run.report["unsupported"]
    expected = {f for f, result in profile["families"].items() if result == "not implemented"}
    assert expected, f"{PROFILE.name} records no unserved family; this test would then judge nothing"
    missing = sorted(expected - set(unsupported))
    assert not missing, (
        f"moto {moto_version()} no longer shows {missing} as not implemented (reported unsupported: "
        f"{sorted(unsupported)}); if moto now serves them, re-record with `{UPDATE}` and review the diff"
    )
    for family in expected:
        assert unsupported[family].strip(), f"family {family} is not implemented but the report gives no reason"
        assert moto_run.report["families"][family]["outcome"] == "not_implemented", moto_run.report["families"]
        outcomes = {t["outcome"] for t in moto_run.report["tests"].values() if t.get("family") == family}
        assert outcomes == {"skipped"}, (
            f"tests of {family}, which moto does not serve ({unsupported[family]}), ended {sorted(outcomes)}; "
            "they must all be skipped as not implemented"
        )


def test_declared_families_are_still_unserved_by_moto(profile):
    """moto's run declares up front the families its profile records as not implemented (an HTML 500 excuses
    nothing by itself). The declaration holds only while moto still answers each of them that way: the first
    operation of each family, sent to a fresh moto server, must get HTTP 500 with a body that is no AWS error."""
    from rekognition_conformance.clients import make_clients
    from rekognition_conformance.moto_target import declared_unsupported, moto_target
    from rekognition_conformance.spec.operations import FAMILIES

    declared = declared_unsupported()
    assert set(declared) == {f for f, result in profile["families"].items() if result == "not implemented"}
    target = moto_target()
    try:
        clients = make_clients(target)
        for family in sorted(declared):
            operation = FAMILIES[family][0]
            answer = clients.raw.send(operation, {})
            assert answer.status == 500 and answer.error_code is None, (
                f"moto {moto_version()} now answers {operation} with HTTP {answer.status} {answer.error_code}: if it "
                f"serves {family}, drop it from the profile's not implemented families and re-record with `{UPDATE}`"
            )
    finally:
        target.close()


def test_family_results_equal_the_profile(moto_run, profile):
    changed = [d for d in differences(profile, moto_run.report) if d.startswith("family ")]
    assert not changed, (
        f"moto's family results changed against {PROFILE.name}:\n  " + "\n  ".join(changed)
        + f"\nIf moto changed (not the harness), re-record with `{UPDATE}` and review the diff."
    )


def test_rule_results_equal_the_profile(moto_run, profile):
    changed = [d for d in differences(profile, moto_run.report) if d.startswith("rule ")]
    assert not changed, (
        f"moto's rule results changed against {PROFILE.name} ({len(changed)}):\n  " + "\n  ".join(changed)
        + f"\nIf moto changed (not the harness), re-record with `{UPDATE}` and review the diff: a rule moto now "
        "fails may be a false failure of the harness, to fix rather than record."
    )


def test_a_changed_result_is_caught(moto_run, profile):
    """The comparison can fail: a profile that disagrees with the run in one family and one rule, or lacks
    a rule, is reported line by line, naming each."""
    doctored = {**profile, "families": dict(profile["families"]), "rules": dict(profile["rules"])}
    doctored["families"]["text"] = "pass" if profile["families"]["text"] != "pass" else "fail"
    doctored["rules"][KNOWN_DEFECT] = "pass" if profile["rules"][KNOWN_DEFECT] != "pass" else "fail"
    del doctored["rules"]["SCHEMA.RESPONSE"]
    found = differences(doctored, moto_run.report)
    version = moto_version()
    assert found == [
        f"family text: profile says {doctored['families']['text']}, moto {version} gives "
        f"{family_results(moto_run.report)['text']}",
        f"rule {KNOWN_DEFECT}: profile says {doctored['rules'][KNOWN_DEFECT]}, moto {version} gives "
        f"{profile['rules'][KNOWN_DEFECT]}",
        f"rule SCHEMA.RESPONSE: profile says (not in the profile), moto {version} gives "
        f"{profile['rules']['SCHEMA.RESPONSE']}",
    ], found


def test_every_failure_names_its_rules(moto_run):
    """Each test that fails on moto fails for a contract violation: a known rule, an operation and a message,
    shown in the terminal as ``[LEVEL RULE] Operation: ...``."""
    unsupported = set(moto_run.report["unsupported"])
    failed = {n for n, t in moto_run.report["tests"].items()
              if t.get("outcome") == "failed" and t.get("family") not in unsupported}
    assert failed, "no test failed on moto, so nothing here shows how failures read; the profile says moto has defects"
    failing: dict[str, list[dict[str, Any]]] = {}
    for v in moto_run.report["violations"]:
        if v["fails"]:
            failing.setdefault(v["test"], []).append(v)
    unexplained = sorted(failed - set(failing))
    assert not unexplained, f"tests failed on moto without a failing rule violation (harness errors?): {unexplained}"
    known = set(rules())
    for test in sorted(failed):
        for v in failing[test]:
            assert v["rule_id"] in known, f"{test}: violation names unknown rule {v['rule_id']!r}"
            assert v["operation"] and v["message"].strip(), f"{test}: violation without operation or message: {v}"
            header = f"[{v['level']} {v['rule_id']}] {v['operation']}: "
            assert header in moto_run.proc.stdout, f"{test}: the terminal does not show {header!r}"


def test_a_known_moto_defect_reads_clearly(moto_run, profile):
    assert profile["rules"].get(KNOWN_DEFECT) == "fail", (
        f"{PROFILE.name} no longer records {KNOWN_DEFECT} as failing on moto; pick another rule moto fails "
        "for KNOWN_DEFECT in this test"
    )
    found = [v for v in moto_run.report["violations"]
             if v["rule_id"] == KNOWN_DEFECT and "::test_unknown_job_is_rejected[" in v["test"]]
    assert found, f"the report has no {KNOWN_DEFECT} violation from a test_unknown_job_is_rejected"
    v = found[0]
    assert v["level"] == "MUST" and v["fails"], v
    assert v["operation"].startswith("Get"), f"the violation should name the Get operation: {v}"
    assert v["request"] == {"JobId": WELL_FORMED_UNKNOWN_JOB_ID}, v["request"]
    assert "rejected" in v["message"] and "HTTP 200" in v["message"], (
        f"the message should say the request was to be rejected and what moto answered: {v['message']!r}"
    )
    # The terminal block carries the rule header, the request and the documented source.
    start = moto_run.proc.stdout.index(f"[MUST {KNOWN_DEFECT}] {v['operation']}: ")
    block = moto_run.proc.stdout[start:start + 3000]
    assert WELL_FORMED_UNKNOWN_JOB_ID in block, block
    assert f"source:    {rule(KNOWN_DEFECT).cite()}" in block, block
