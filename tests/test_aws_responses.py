"""Responses recorded from real AWS (fixtures/aws) must pass every MUST rule the offline judge applies to them.

A false failure is worse than a miss: if AWS's own answers fail a MUST rule, the rule is wrong. The corpus
ships with the repository (fixtures/aws/README.md gives each file's provenance, trust level and edits), and
each file is judged with the request ``requests.yaml`` records for it, so a NAME-sorted page is judged as
NAME-sorted. The only MUST failures allowed are the documentation examples AWS edited by hand, each named
below with the edit that explains it.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from rekognition_conformance.judge.__main__ import main
from rekognition_conformance.judge.run import PREFIX, judge
from rekognition_conformance.judge.sources import load

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "aws"
# (file, rule) -> the edit in the documentation example that explains the failure, and where it shows.
EDITED = {
    ("GetLabelDetection/devguide-2023-v3-segments.json", "LABELS.AGGREGATE.SEGMENTS"): (
        "hand-written AggregateBy SEGMENTS example: its third item says DurationMillis 2353 for the 353 ms from "
        "StartTimestampMillis 22225 to EndTimestampMillis 22578, a typo in the Developer Guide",
        "listing[2]/DurationMillis",
    ),
}


@pytest.fixture(scope="module")
def judged():
    results, document, ledger = judge(load(CORPUS))
    return {r.name: r for r in results}, document, ledger


def _must_failures(document) -> set[tuple[str, str]]:
    return {(v["test"].removeprefix(PREFIX), v["rule_id"]) for v in document["violations"] if v["fails"]}


def test_every_file_of_the_corpus_is_judged(judged):
    results, _, _ = judged
    files = sorted(p.relative_to(CORPUS).as_posix() for p in CORPUS.rglob("*.json"))
    covered = sorted({f for r in results.values() for f in r.files})
    assert covered == files
    assert len(files) == 45
    requests = yaml.safe_load((CORPUS / "requests.yaml").read_text(encoding="utf-8"))
    assert set(requests) <= set(files), "requests.yaml names a file the corpus lacks"
    assert all(r.rules for r in results.values()), [n for n, r in results.items() if not r.rules]


def test_only_the_named_edits_of_documentation_examples_fail_a_must_rule(judged):
    _, document, _ = judged
    assert _must_failures(document) == set(EDITED)


@pytest.mark.parametrize(("file", "rule_id"), sorted(EDITED))
def test_each_named_exception_fails_where_its_edit_is(judged, file, rule_id):
    _, document, _ = judged
    edit, where = EDITED[(file, rule_id)]
    found = [v for v in document["violations"] if v["test"] == PREFIX + file and v["rule_id"] == rule_id]
    assert [v["pointer"] for v in found] == [where], edit


def test_a_name_sorted_page_is_judged_by_the_name_rules(judged):
    results, _, _ = judged
    by_name = results["GetLabelDetection/devguide-2019-sort-name.json"]
    assert {"LABELS.SORT.NAME", "LABELS.SORT.NAME_CONFIDENCE"} <= set(by_name.rules)
    assert "SORT.TIMESTAMP" not in by_name.rules
    by_timestamp = results["GetLabelDetection/devguide-2019-sort-timestamp.json"]
    assert "SORT.TIMESTAMP" in by_timestamp.rules and "LABELS.SORT.NAME" not in by_timestamp.rules
    # Judged as TIMESTAMP-sorted, the NAME page would fail: the request is what makes the verdict right.
    body = json.loads((CORPUS / "GetLabelDetection/devguide-2019-sort-name.json").read_text(encoding="utf-8"))
    stamps = [item["Timestamp"] for item in body["Labels"]]
    assert stamps != sorted(stamps)


def test_the_captured_moderation_chain_is_judged_as_one_listing(judged):
    results, _, _ = judged
    chain = results["GetContentModeration/netflix-long-video"]
    assert chain.files == [
        "GetContentModeration/netflix-long-video-page1.json", "GetContentModeration/netflix-long-video-page2.json"
    ]
    # The parent/child pair split across the page boundary is judged on the whole listing.
    assert {"PAGINATION.TOKEN", "PAGINATION.FULL_PAGES", "MODERATION.TAXONOMY.ANCESTORS"} <= set(chain.rules)
    assert not chain.failing and not chain.warning


def test_create_and_describe_of_one_collection_are_judged_together(judged):
    results, _, ledger = judged
    pair = results["CreateCollection/awscli-example.json + DescribeCollection/awscli-example.json"]
    assert pair.rules == ["COLLECTIONS.ARN"] and not pair.failing
    assert ledger.tallies["COLLECTIONS.ARN"].violations == 0


def test_undeclared_members_aws_sends_warn_and_fail_only_under_strict(judged):
    results, _, _ = judged
    for name in ("GetLabelDetection/devguide-2019-sort-timestamp.json", "GetFaceDetection/devguide-2023-faces.json"):
        assert "SCHEMA.UNDECLARED" in results[name].warning
    strict = {r.name: r for r in judge(load(CORPUS), strict=True)[0]}
    assert "SCHEMA.UNDECLARED" in strict["GetFaceDetection/devguide-2023-faces.json"].failing


def test_the_command_fails_on_the_corpus_and_passes_without_the_edited_examples(tmp_path, capsys):
    report, html = tmp_path / "judge.json", tmp_path / "judge.html"
    assert main([str(CORPUS), "--conformance-json", str(report), "--conformance-html", str(html)]) == 1
    out = capsys.readouterr().out
    assert "GetLabelDetection/devguide-2023-v3-segments.json: " in out and "FAIL LABELS.AGGREGATE.SEGMENTS" in out
    assert "GetContentModeration/netflix-short-video.json: " in out
    document = json.loads(report.read_text(encoding="utf-8"))
    assert document["rules"]["LABELS.AGGREGATE.SEGMENTS"]["failed_tests"]
    assert "<html" in html.read_text(encoding="utf-8").lower()
    captured = tmp_path / "captured"
    shutil.copytree(CORPUS, captured)
    for file, _ in EDITED:
        (captured / file).unlink()
    assert main([str(captured), "--quiet"]) == 0


def test_a_missing_path_is_a_usage_error(tmp_path, capsys):
    assert main([str(tmp_path / "nowhere")]) == 2
    assert "no such folder" in capsys.readouterr().err
