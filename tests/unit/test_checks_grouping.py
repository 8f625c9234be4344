"""Tests of the helpers that run the generic order checks under another family's rule ids."""

from __future__ import annotations

from rekognition_conformance.checks.grouping import contiguity_violations, group_order_violations, retagged
from rekognition_conformance.checks.sorting import check_timestamp_order, code_point
from tests.unit.face_factory import person

OPERATION = "GetPersonTracking"


def index(item):
    return item["Person"].get("Index")


def test_retagged_violations_keep_everything_but_the_rule_id():
    items = [person(400, 0), person(0, 1)]
    original = check_timestamp_order(OPERATION, items, {})
    moved = retagged(original, "PERSONS.SORT.TIMESTAMP")
    assert [v.rule_id for v in moved] == ["PERSONS.SORT.TIMESTAMP"]
    assert (moved[0].message, moved[0].pointer) == (original[0].message, original[0].pointer)


def test_contiguity_ignores_group_order_and_group_order_ignores_splits():
    descending = [person(0, 2), person(0, 1), person(0, 0)]
    assert contiguity_violations(OPERATION, descending, {}, key=index, rule_id="R") == []
    assert [v.rule_id for v in group_order_violations(
        OPERATION, descending, {}, key=index, rule_id="R", orderings=(code_point,)
    )] == ["R"]
    split = [person(0, 0), person(0, 1), person(0, 0)]
    assert [v.rule_id for v in contiguity_violations(OPERATION, split, {}, key=index, rule_id="R")] == ["R"]
    assert group_order_violations(OPERATION, split, {}, key=index, rule_id="R", orderings=(code_point,)) == []
