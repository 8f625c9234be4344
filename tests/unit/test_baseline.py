"""The baseline of accepted failures: the gate fails on new failures only, and reports fixed entries."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from rekognition_conformance.checks import Violation, check
from rekognition_conformance.report.baseline import (
    Baseline,
    BaselineError,
    annotate,
    fixed_lines,
    load,
    summary_lines,
    updated,
    write,
)
from rekognition_conformance.report.html import render
from rekognition_conformance.summary import build_document
from rekognition_conformance.verdict import Ledger, Verdict

ROOT = Path(__file__).resolve().parents[2]
TEST = "conformance/suite/test_label_results.py::test_x"
TESTS = {TEST: {"family": "labels", "outcome": "passed"}}
GET = "GetLabelDetection"
PAGE_SIZE = Violation("PAGINATION.PAGE_SIZE", GET, "page 0 has 95 items", {"JobId": "j", "MaxResults": 94})
SORTED = Violation("LABELS.SORT.NAME", GET, "not sorted", {"JobId": "j", "SortBy": "NAME"})


@check("PAGINATION.PAGE_SIZE", "LABELS.SORT.NAME")
def returns(violations: list[Violation]) -> list[Violation]:
    return violations


def run(violations: list[Violation], baseline: Baseline | None = None, *, strict: bool = False,
        checked: tuple[str, ...] = ("PAGINATION.PAGE_SIZE", "LABELS.SORT.NAME")) -> dict:
    """A crafted run's document: ``checked`` rules judged on GetLabelDetection with ``violations``."""
    ledger = Ledger(strict=strict, accepted=baseline and baseline.accepts)
    ledger.record(TEST, checked, violations, (GET,))
    doc = json.loads(json.dumps(build_document(ledger, target=None, pool=None, run_id="r", exitstatus=0,
                                               unsupported={}, tests=TESTS), default=str))
    if baseline is not None:
        annotate(doc, baseline)
    return doc


def baseline_of(*pairs: tuple[str, str], update: bool = False) -> Baseline:
    return Baseline(Path("baseline.yaml"), {pair: "known" for pair in pairs}, update=update)


def test_a_baselined_failure_passes_the_gate_and_stays_visible_marked_baselined():
    doc = run([PAGE_SIZE], baseline_of(("PAGINATION.PAGE_SIZE", GET)))
    assert doc["gate"] == []
    assert [v["baselined"] for v in doc["violations"]] == [True]
    assert doc["rules"]["PAGINATION.PAGE_SIZE"]["outcomes"][GET]["outcome"] == "fail"
    page = render(doc)
    assert 'class="baselined"' in page
    assert '<pre class="reproduce">aws rekognition get-label-detection --job-id j --max-results 94' in page
    assert summary_lines(doc) == ["baseline baseline.yaml: 1 violation(s) of 1 accepted pair(s) did not fail the run "
                                  "(marked baselined in the JSON and HTML reports)"]


def test_a_new_failure_fails_the_gate_beside_a_baselined_one():
    doc = run([PAGE_SIZE, SORTED], baseline_of(("PAGINATION.PAGE_SIZE", GET)))
    assert len(doc["gate"]) == 1 and doc["gate"][0].startswith("MUST LABELS.SORT.NAME violated by GetLabelDetection")
    assert [v["baselined"] for v in doc["violations"]] == [True, False]


def test_without_a_baseline_the_same_failure_fails_the_gate():
    assert [r.split(" in ")[0] for r in run([PAGE_SIZE])["gate"]] == [
        "MUST PAGINATION.PAGE_SIZE violated by GetLabelDetection"]


def test_a_baselined_violation_does_not_fail_its_test_but_a_new_one_does():
    baseline = baseline_of(("PAGINATION.PAGE_SIZE", GET))
    verdict = Verdict(Ledger(accepted=baseline.accepts), TEST)
    for violation in (PAGE_SIZE, SORTED):
        verdict.check(returns, [violation])
    assert verdict.failing == [SORTED]
    assert verdict.ledger.violations == [(TEST, PAGE_SIZE), (TEST, SORTED)]


def test_a_fixed_entry_is_reported_and_fails_the_gate_only_under_strict():
    baseline = baseline_of(("PAGINATION.PAGE_SIZE", GET))
    lenient = run([], baseline)
    assert lenient["gate"] == []
    assert [e["rule_id"] for e in lenient["baseline"]["fixed"]] == ["PAGINATION.PAGE_SIZE"]
    assert summary_lines(lenient)[1:] == fixed_lines(lenient) == [
        "baseline: PAGINATION.PAGE_SIZE on GetLabelDetection now passes: fixed — remove it from baseline.yaml"]
    assert "fixed — remove it" in render(lenient)
    strict = run([], baseline, strict=True)
    assert [r for r in strict["gate"] if "fixed — remove it" in r] == [
        "baseline entry PAGINATION.PAGE_SIZE on GetLabelDetection now passes: fixed — remove it from "
        "baseline.yaml (fails under --strict)"]


def test_an_entry_the_run_did_not_judge_is_neither_fixed_nor_failing():
    doc = run([], baseline_of(("PAGINATION.PAGE_SIZE", "GetFaceSearch")), strict=True)
    assert doc["baseline"]["fixed"] == [] and doc["gate"] == []


def test_an_accepted_inconclusive_pair_passes_the_gate():
    ledger = Ledger()
    ledger.record_inconclusive(TEST, ("LABELS.SORT.NAME",), "no labels", (GET,))
    doc = json.loads(json.dumps(build_document(ledger, target=None, pool=None, run_id="r", exitstatus=0,
                                               unsupported={}, tests=TESTS), default=str))
    assert any("LABELS.SORT.NAME inconclusive" in r for r in doc["gate"])
    annotate(doc, baseline_of(("LABELS.SORT.NAME", GET)))
    assert not any("LABELS.SORT.NAME" in r for r in doc["gate"])


def test_update_accepts_every_failure_and_writes_the_failing_pairs_keeping_reasons(tmp_path):
    path = tmp_path / "baseline.yaml"
    path.write_text("accepted:\n  - rule: LABELS.SORT.NAME\n    operation: GetLabelDetection\n"
                    "    reason: sorts by confidence\n  - rule: PAGINATION.PAGE_SIZE\n    operation: GetFaceSearch\n"
                    "  - rule: PAGINATION.TOKEN\n    operation: GetLabelDetection\n")
    baseline = load(path, update=True)
    doc = run([PAGE_SIZE, SORTED], baseline, checked=("PAGINATION.PAGE_SIZE", "LABELS.SORT.NAME",
                                                      "PAGINATION.TOKEN"))
    assert doc["gate"] == [] and doc["baseline"]["fixed"] == []
    write(path, updated(doc, baseline))
    again = load(path)
    # Failing now (reason kept), not judged by this run (kept); PAGINATION.TOKEN passed and is dropped.
    assert again.entries == {("LABELS.SORT.NAME", GET): "sorts by confidence", ("PAGINATION.PAGE_SIZE", GET): "",
                             ("PAGINATION.PAGE_SIZE", "GetFaceSearch"): ""}


@pytest.mark.parametrize(("text", "message"), [
    ("accepted:\n  - rule: NO.SUCH.RULE\n    operation: GetLabelDetection\n", "unknown rule 'NO.SUCH.RULE'"),
    ("accepted:\n  - rule: LABELS.SORT.NAME\n    operation: GetFaceSearch\n", "does not apply to operation"),
    ("accepted:\n  - rule: LABELS.SORT.NAME\n", "needs `rule` and `operation`"),
    ("- just a list\n", "expected a mapping with an `accepted:` list"),
])
def test_a_bad_entry_is_a_usage_error(tmp_path, text, message):
    path = tmp_path / "baseline.yaml"
    path.write_text(text)
    with pytest.raises(BaselineError, match=message):
        load(path)


def test_a_missing_file_is_an_error_unless_updating(tmp_path):
    with pytest.raises(BaselineError, match="does not exist"):
        load(tmp_path / "none.yaml")
    assert load(tmp_path / "none.yaml", update=True).entries == {}


@pytest.mark.parametrize(("options", "message"), [
    (["--baseline-update"], "--baseline-update needs --baseline FILE"),
    (["--baseline", "{bad}"], "unknown rule 'NO.SUCH.RULE'"),
])
def test_the_plugin_refuses_an_unusable_baseline_before_any_test(tmp_path, options, message):
    bad = tmp_path / "bad.yaml"
    bad.write_text("accepted:\n  - rule: NO.SUCH.RULE\n    operation: GetLabelDetection\n")
    proc = subprocess.run([sys.executable, "-m", "pytest", "conformance", "--collect-only", "-q", "-p",
                           "no:cacheprovider", *(o.format(bad=bad) for o in options)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == pytest.ExitCode.USAGE_ERROR and message in proc.stderr, proc.stderr[-2000:]


def test_the_markdown_report_counts_a_baselined_failure_apart_from_the_failing_rules():
    from rekognition_conformance.report.markdown import render as render_markdown

    doc = run([PAGE_SIZE, SORTED], baseline_of(("PAGINATION.PAGE_SIZE", GET)))
    text = render_markdown(doc)
    failing = text.split("### Failing rules", 1)[1]
    assert "`LABELS.SORT.NAME`** on `GetLabelDetection`" in failing
    assert "PAGINATION.PAGE_SIZE" not in failing.split("###", 1)[0]
    assert "- baseline baseline.yaml: 1 violation(s) of 1 accepted pair(s) did not fail the run" in text
