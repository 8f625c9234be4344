"""The rules file: well-formed, sourced, and only MUST where AWS documents the behaviour."""

from __future__ import annotations

import textwrap

import pytest

from rekognition_conformance.spec.operations import ALL_OPERATIONS
from rekognition_conformance.spec.rules import RulesError, error_statuses, load_rules, rule, rules

DOCUMENTED_SOURCES = ("https://docs.aws.amazon.com/", "botocore/data/rekognition/")


def test_operation_groups_expand_to_their_members():
    assert "GetFaceSearch" in rule("PAGINATION.COMPLETE").operations
    assert "StartLabelDetection" in rule("IDEMPOTENCY.SAME_JOB").operations
    assert "GetLabelDetection" not in rule("IDEMPOTENCY.SAME_JOB").operations


def test_every_rule_names_known_operations():
    for r in rules().values():
        unknown = set(r.operations) - set(ALL_OPERATIONS)
        assert not unknown, f"{r.id} names unknown operations {unknown}"


def test_every_rule_cites_an_aws_source():
    for r in rules().values():
        assert r.source_url.startswith(DOCUMENTED_SOURCES), f"{r.id} cites {r.source_url}"
        assert r.source_quote, f"{r.id} has no quote"


def test_must_rules_are_not_sourced_from_observation():
    for r in rules().values():
        if r.level == "MUST":
            assert "observed" not in r.source_quote.lower(), f"{r.id} is MUST but its source is an observation"


def test_unknown_rule_id_is_reported_by_name():
    with pytest.raises(KeyError, match=r"NO\.SUCH\.RULE"):
        rule("NO.SUCH.RULE")


def test_client_errors_are_documented_as_4xx_and_faults_as_5xx():
    statuses = error_statuses()
    assert statuses["InvalidParameterException"] == (400,)
    assert statuses["InternalServerError"] == (500,)
    assert all(any(400 <= s < 600 for s in v) for v in statuses.values())


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("- {id: A, level: MAY, category: schema, operations: [X], statement: s, source: {url: u, quote: q}}",
         "level 'MAY'"),
        ("- {id: A, level: MUST, category: vibes, operations: [X], statement: s, source: {url: u, quote: q}}",
         "category 'vibes'"),
        ("- {id: A, level: MUST, category: schema, operations: [X], statement: s}", "lacks"),
        ("- {id: A, level: MUST, category: schema, operations: ['@nope'], statement: s, source: {url: u, quote: q}}",
         "unknown operation groups"),
        ("- {id: A, level: MUST, category: schema, operations: [X], statement: s, source: {url: u, quote: q}}\n"
         "- {id: A, level: MUST, category: schema, operations: [X], statement: s, source: {url: u, quote: q}}",
         "appears twice"),
    ],
)
def test_malformed_rules_files_are_rejected(tmp_path, body, message):
    path = tmp_path / "rules.yaml"
    path.write_text("rules:\n" + textwrap.indent(body, "  ") + "\n")
    with pytest.raises(RulesError, match=message):
        load_rules(path)
