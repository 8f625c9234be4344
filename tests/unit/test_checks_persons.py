"""Tests of the person-tracking checks: TIMESTAMP and INDEX orders, the default sort, faces and Index."""

from __future__ import annotations

import pytest

from rekognition_conformance.checks import rule_ids_of
from rekognition_conformance.checks.persons import (
    check_index_confidence,
    check_index_groups,
    check_index_order,
    check_index_present,
    check_person_default_sort,
    check_person_faces,
    check_person_timestamp_order,
)
from tests.unit.face_factory import person

OPERATION = "GetPersonTracking"
REQUEST = {"JobId": "job", "SortBy": "INDEX"}


def ids(violations):
    return [v.rule_id for v in violations]


def by_time() -> list[dict]:
    """Two people, each seen twice with a gap, in Timestamp order."""
    return [person(0, 0, 99.0), person(0, 1, 97.0), person(400, 1, 95.0), person(800, 0, 96.0)]


def by_index() -> list[dict]:
    return [person(0, 0, 99.0), person(800, 0, 96.0), person(400, 1, 95.0), person(0, 1, 97.0)]


@pytest.mark.parametrize(
    ("fn", "rule"),
    [
        (check_person_timestamp_order, "PERSONS.SORT.TIMESTAMP"),
        (check_person_default_sort, "PERSONS.SORT.DEFAULT"),
        (check_index_groups, "PERSONS.SORT.INDEX"),
        (check_index_order, "PERSONS.SORT.INDEX_ORDER"),
        (check_index_confidence, "PERSONS.SORT.INDEX_CONFIDENCE"),
        (check_person_faces, "PERSONS.FACE.DEFAULT_ATTRIBUTES"),
        (check_index_present, "PERSONS.INDEX.PRESENT"),
    ],
)
def test_each_check_declares_its_rule(fn, rule):
    assert rule_ids_of(fn) == (rule,)


def test_a_timestamp_listing_passes_and_an_inversion_is_reported_under_the_persons_rule():
    assert check_person_timestamp_order(OPERATION, by_time(), REQUEST) == []
    found = check_person_timestamp_order(OPERATION, by_index(), REQUEST)
    assert ids(found) == ["PERSONS.SORT.TIMESTAMP"]
    assert found[0].pointer == "listing[2]"


def test_default_sort_equal_to_the_timestamp_listing_passes():
    assert check_person_default_sort(OPERATION, by_time(), by_time(), REQUEST) == []


def test_default_sort_in_index_order_is_reported_under_the_persons_rule():
    found = check_person_default_sort(OPERATION, by_index(), by_time(), REQUEST)
    assert ids(found) == ["PERSONS.SORT.DEFAULT"]


def test_an_index_listing_passes_every_index_check():
    items = by_index()
    assert check_index_groups(OPERATION, items, REQUEST) == []
    assert check_index_order(OPERATION, items, REQUEST) == []
    assert check_index_confidence(OPERATION, items, REQUEST) == []


def test_a_person_split_in_two_groups_breaks_only_the_grouping_rule():
    items = by_time()
    found = check_index_groups(OPERATION, items, REQUEST)
    assert ids(found) == ["PERSONS.SORT.INDEX"]
    assert found[0].pointer == "listing[3]"
    assert check_index_order(OPERATION, items, REQUEST) == []


def test_descending_index_groups_break_only_the_order_rule():
    items = [*by_index()[2:], *by_index()[:2]]
    assert check_index_groups(OPERATION, items, REQUEST) == []
    found = check_index_order(OPERATION, items, REQUEST)
    assert ids(found) == ["PERSONS.SORT.INDEX_ORDER"]
    assert found[0].pointer == "listing[2]"


def test_confidence_turning_back_within_a_person_is_reported_and_faceless_items_are_skipped():
    faceless_between = [person(0, 0, 99.0), person(200, 0, None), person(400, 0, 97.0), person(600, 1, 50.0)]
    assert check_index_confidence(OPERATION, faceless_between, REQUEST) == []
    items = [person(0, 0, 99.0), person(200, 0, 97.0), person(400, 0, 98.0)]
    found = check_index_confidence(OPERATION, items, REQUEST)
    assert ids(found) == ["PERSONS.SORT.INDEX_CONFIDENCE"]
    assert found[0].pointer == "listing[2]"


def test_person_faces_with_default_attributes_pass_and_others_are_reported():
    assert check_person_faces(OPERATION, by_time(), REQUEST) == []
    items = [*by_time(), person(1000, 2, 90.0, AgeRange={"Low": 20, "High": 28})]
    found = check_person_faces(OPERATION, items, REQUEST)
    assert ids(found) == ["PERSONS.FACE.DEFAULT_ATTRIBUTES"]
    assert found[0].pointer == "listing[4]/Person/Face/AgeRange"


def test_a_person_without_an_integer_index_is_reported_once():
    assert check_index_present(OPERATION, by_time(), REQUEST) == []
    items = [*by_time(), person(1000, None), person(1200, None)]
    items[1]["Person"]["Index"] = "1"
    found = check_index_present(OPERATION, items, REQUEST)
    assert ids(found) == ["PERSONS.INDEX.PRESENT"]
    assert found[0].pointer == "listing[1]/Person/Index" and "3 of 6" in found[0].message
