"""Tests of the AggregateBy checks."""

from __future__ import annotations

import pytest

from rekognition_conformance.checks.aggregation import (
    check_default_aggregation,
    check_segment_items,
    check_timestamp_items,
)
from tests.unit.label_factory import OPERATION, get_request, label, segment, street_labels

REQUEST = get_request(AggregateBy="SEGMENTS")


def ids(violations):
    return [v.rule_id for v in violations]


def test_consistent_segments_pass():
    items = [segment("Car", 0, 1200), segment("Road", 0, 10000), segment("Tree", 400, 400)]
    items.append({**segment("Sky", 1000, 3000), "StartTimestampMillis": 1000.0})
    assert check_segment_items(OPERATION, items, REQUEST) == []


@pytest.mark.parametrize(
    ("changes", "where"),
    [
        ({"DurationMillis": 999}, "listing[0]/DurationMillis"),
        ({"EndTimestampMillis": 100, "DurationMillis": -400}, "listing[0]/EndTimestampMillis"),
        ({"Timestamp": 0}, "listing[0]/Timestamp"),
        ({"StartTimestampMillis": None}, "listing[0]/StartTimestampMillis"),
        ({"EndTimestampMillis": 1200.5}, "listing[0]/EndTimestampMillis"),
    ],
)
def test_inconsistent_segment_arithmetic_is_reported(changes, where):
    item = {**segment("Car", 500, 1200), **changes}
    item = {k: v for k, v in item.items() if v is not None}
    found = check_segment_items(OPERATION, [item], REQUEST)
    assert ids(found) == ["LABELS.AGGREGATE.SEGMENTS"]
    assert found[0].pointer == where


def test_segments_with_instances_are_reported():
    item = segment("Car", 0, 1000, boxes=[{"Width": 0.1, "Height": 0.1, "Left": 0.1, "Top": 0.1}])
    found = check_segment_items(OPERATION, [segment("Road", 0, 500), item], REQUEST)
    assert ids(found) == ["LABELS.AGGREGATE.SEGMENTS"]
    assert found[0].pointer == "listing[1]/Label/Instances"


def test_timestamps_items_without_segment_members_pass():
    assert check_timestamp_items(OPERATION, street_labels(6), get_request()) == []


def test_timestamps_items_with_segment_members_are_reported():
    found = check_timestamp_items(OPERATION, [label("Car", 0), segment("Road", 0, 500)], get_request())
    assert ids(found) == ["LABELS.AGGREGATE.TIMESTAMPS"] * 3
    assert found[0].pointer == "listing[1]/StartTimestampMillis"


def test_the_default_aggregation_equals_timestamps_as_a_multiset():
    items = street_labels(6)
    assert check_default_aggregation(OPERATION, list(reversed(items)), items, get_request()) == []


def test_a_default_aggregation_differing_from_timestamps_is_reported():
    items = street_labels(3)
    segments = [segment("Car", 0, 600), *items[1:]]
    found = check_default_aggregation(OPERATION, segments, items, get_request())
    assert ids(found) == ["LABELS.AGGREGATE.DEFAULT", "LABELS.AGGREGATE.DEFAULT"]
    assert {v.pointer for v in found} == {"default[0]", "timestamps[0]"}
