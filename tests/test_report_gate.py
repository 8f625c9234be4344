"""The exit status is a CI gate, and the reports are written: run pytest on small suites that use the verdict.

The suites below need no backend: their checks are handed operation names (their ``operation`` parameter, as
the verdict reads it), not exchanges, so only the ledger, the reports and the gate take part.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SUITE = '''
import pytest

from rekognition_conformance.checks import Violation, check

pytestmark = pytest.mark.family("labels")


@check("PAGINATION.TOKEN")
def must_rule(operation):
    return [Violation("PAGINATION.TOKEN", operation, "no NextToken", request={"JobId": "j-1"}, pointer="/NextToken")]


@check("PAGINATION.ORDER")
def should_rule(operation):
    return [Violation("PAGINATION.ORDER", operation, "pages repeat an item", pointer="/Labels/0")]


@check("PAGINATION.COMPLETE")
def clean(operation):
    return []


def test_clean(verdict):
    verdict.check(clean, "GetLabelDetection")
'''

MUST = '''

def test_must(verdict):
    verdict.check(must_rule, "GetLabelDetection")
'''

SHOULD = '''

def test_should(verdict):
    verdict.check(should_rule, "GetLabelDetection")
'''

# A MUST violation inside an xfail test: pytest alone would exit 0.
HIDDEN = '''

@pytest.mark.xfail(reason="known")
def test_hidden(verdict):
    verdict.check(must_rule, "GetLabelDetection")
    raise AssertionError("expected")
'''


def run(tmp_path: Path, source: str, *args: str) -> tuple[subprocess.CompletedProcess, dict, str]:
    (tmp_path / "test_gate_suite.py").write_text(source)
    report, html = tmp_path / "run.json", tmp_path / "run.html"
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "test_gate_suite.py", "-q", "-p", "no:cacheprovider",
         f"--conformance-json={report}", f"--conformance-html={html}", *args],
        cwd=tmp_path, capture_output=True, text=True, timeout=120,
    )
    assert report.exists() and html.exists(), proc.stdout[-3000:] + proc.stderr[-3000:]
    return proc, json.loads(report.read_text()), html.read_text()


def test_a_clean_run_passes_the_gate_and_prints_the_matrix(tmp_path):
    proc, report, html = run(tmp_path, SUITE)
    assert proc.returncode == 0, proc.stdout
    assert "conformance: operations x rule categories" in proc.stdout
    assert "1 of 1 MUST rules checked pass" in proc.stdout
    assert "1 of 1 MUST rules pass" in proc.stdout and "1 of 1 MUST rules pass" in html
    assert report["tests"]["test_gate_suite.py::test_clean"] == {"family": "labels", "outcome": "passed"}
    assert report["rules"]["PAGINATION.COMPLETE"]["checked_operations"] == {"GetLabelDetection": 1}


def test_a_must_violation_fails_the_run(tmp_path):
    proc, report, html = run(tmp_path, SUITE + MUST)
    assert proc.returncode == 1
    assert report["exitstatus"] == 1
    assert 'href="#cell-GetLabelDetection-pagination"' in html
    row = next(line for line in proc.stdout.splitlines() if line.startswith("  GetLabelDetection"))
    assert "F" in row.split("GetLabelDetection", 1)[1]


def test_a_should_violation_warns_and_fails_only_under_strict(tmp_path):
    proc, report, _ = run(tmp_path, SUITE + SHOULD)
    assert proc.returncode == 0, proc.stdout
    assert [v["fails"] for v in report["violations"]] == [False]
    strict, report, _ = run(tmp_path, SUITE + SHOULD, "--strict")
    assert strict.returncode == 1, strict.stdout
    assert report["strict"] is True and [v["fails"] for v in report["violations"]] == [True]


def test_a_must_violation_hidden_by_xfail_still_fails_the_gate(tmp_path):
    proc, report, _ = run(tmp_path, SUITE + HIDDEN)
    assert "xfailed" in proc.stdout
    assert proc.returncode == 1, proc.stdout
    assert report["exitstatus"] == 1
    assert "gate: MUST PAGINATION.TOKEN violated by GetLabelDetection" in proc.stdout


def test_a_family_left_out_by_skip_is_not_selected_even_under_strict(tmp_path):
    proc, report, html = run(tmp_path, SUITE + MUST, "--skip", "labels")
    assert proc.returncode == 0, proc.stdout
    assert "labels  (not selected: left out by --skip)" in proc.stdout
    assert report["families"]["labels"] == {"outcome": "not_selected", "reason": "left out by --skip"}
    assert 'data-operation="GetLabelDetection" data-category="pagination"' in html
    assert 'data-outcome="not_selected"' in html
    strict, _, _ = run(tmp_path, SUITE + MUST, "--skip", "labels", "--strict")
    assert strict.returncode == 0, strict.stdout  # narrowing the run says nothing about the backend


def test_a_family_declared_unsupported_is_not_implemented_and_fails_under_strict(tmp_path):
    profile = tmp_path / "target.yaml"
    profile.write_text("unsupported: [labels]\n")
    proc, report, _ = run(tmp_path, SUITE + MUST, f"--capabilities={profile}")
    assert proc.returncode == 0, proc.stdout
    assert f"labels  (not implemented: declared unsupported in {profile})" in proc.stdout
    assert report["rules"]["PAGINATION.TOKEN"]["outcomes"]["GetLabelDetection"]["outcome"] == "not_implemented"
    strict, _, _ = run(tmp_path, SUITE + MUST, f"--capabilities={profile}", "--strict")
    assert strict.returncode == 1
