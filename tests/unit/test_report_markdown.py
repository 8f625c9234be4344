"""The Markdown report: the gate's verdict, the matrix, the failing rules with sources, and GitHub's size limit."""

from __future__ import annotations

import json
from pathlib import Path

from rekognition_conformance.checks import Violation
from rekognition_conformance.report import markdown
from rekognition_conformance.summary import build_document
from rekognition_conformance.verdict import Ledger

TEST = "conformance/suite/test_label_results.py::test_pages"
OP = "GetLabelDetection"


def document(violations: list[Violation], *, unsupported: dict[str, str] | None = None,
             inconclusive: bool = False) -> dict:
    ledger = Ledger()
    ledger.record(TEST, ("PAGINATION.COMPLETE", "PAGINATION.ORDER"), violations, (OP,))
    if inconclusive:
        ledger.record_inconclusive(TEST, ("SORT.TIMESTAMP",), "the listing was empty", (OP,))
    doc = build_document(ledger, target=None, pool=None, run_id="r", exitstatus=0,
                         unsupported=unsupported or {}, tests={TEST: {"family": "labels", "outcome": "passed"}})
    doc["target"] = "a backend | with a pipe"
    return json.loads(json.dumps(doc, default=str))


def test_a_clean_run_passes_the_gate_and_shows_its_cells() -> None:
    text = markdown.render(document([]))
    assert "**CI gate: passes**" in text
    assert "| GetLabelDetection | " in text and "**FAIL**" not in text
    assert "### Failing rules" not in text


def test_a_failing_rule_is_listed_with_its_source_and_offending_part() -> None:
    found = Violation("PAGINATION.COMPLETE", OP, "NextToken | missing\non page 2", request={"JobId": "j"},
                      pointer="/NextToken", offending={"a": "`tick`"})
    text = markdown.render(document([found], unsupported={"faces": "UnknownOperationException"},
                                    inconclusive=True))
    assert "**CI gate: fails**" in text
    assert ("**MUST `PAGINATION.COMPLETE`** on `GetLabelDetection` (1 violation(s)): "
            "NextToken \\| missing on page 2") in text
    assert "offending `/NextToken`: `{\"a\": \"'tick'\"}`" in text
    assert "source: https://docs.aws.amazon.com/" in text
    assert "`SORT.TIMESTAMP` on `GetLabelDetection`: the listing was empty" in text
    assert "- faces: not implemented: UnknownOperationException" in text
    assert "a backend \\| with a pipe" in text  # a pipe in text never splits a table row or line


def test_a_warned_should_rule_gets_one_line() -> None:
    warned = [Violation("PAGINATION.ORDER", OP, f"order differs {n}") for n in range(3)]
    text = markdown.render(document(warned))
    assert "### SHOULD rules violated" in text
    assert text.count("SHOULD PAGINATION.ORDER: 3 violation(s)") == 1


def test_long_lists_are_cut_with_a_count_and_the_text_fits_a_job_summary(monkeypatch) -> None:
    many = [Violation("PAGINATION.COMPLETE", op, "x" * 5000, offending="y" * 5000)
            for op in ("GetLabelDetection", "GetFaceDetection", "GetPersonTracking")]
    monkeypatch.setattr(markdown, "LIST_ITEMS", 2)
    text = markdown.render(document(many))
    assert "... and 1 more failing (rule, operation) pairs" in text
    monkeypatch.setattr(markdown, "LIMIT_BYTES", 4000)
    cut = markdown.render(document(many))
    assert len(cut.encode()) <= 4000 and "cut to fit GitHub's job-summary limit" in cut


def test_a_saved_run_renders_from_the_command_line(tmp_path: Path) -> None:
    saved, out = tmp_path / "run.json", tmp_path / "run.md"
    saved.write_text(json.dumps(document([])))
    assert markdown.main([str(saved), str(out)]) == 0
    assert out.read_text() == markdown.render(document([]))
