"""Tests of the order checks: timestamp order, default sort, grouping, monotonic values in groups."""

from __future__ import annotations

import pytest

from rekognition_conformance.checks.labels import check_name_confidence, check_name_sort, label_confidence
from rekognition_conformance.checks.sorting import (
    check_default_sort,
    check_grouped,
    check_monotonic_within_groups,
    check_timestamp_order,
)
from tests.unit.label_factory import OPERATION, get_request, label, street_labels

REQUEST = get_request(SortBy="NAME")


def ids(violations):
    return [v.rule_id for v in violations]


def test_non_decreasing_timestamps_pass_whatever_the_order_of_ties():
    items = street_labels(9)
    assert check_timestamp_order(OPERATION, items, REQUEST) == []
    assert check_timestamp_order(OPERATION, [items[2], items[0], items[1], *items[3:]], REQUEST) == []
    assert check_timestamp_order(OPERATION, [], REQUEST) == []


def test_the_first_inversion_is_reported_with_both_positions():
    items = [label("Car", 0), label("Car", 400), label("Road", 200), label("Tree", 100)]
    found = check_timestamp_order(OPERATION, items, REQUEST)
    assert ids(found) == ["SORT.TIMESTAMP"]
    assert found[0].pointer == "listing[2]"
    assert "listing[1]" in found[0].message
    assert "400" in found[0].message


def test_items_without_a_timestamp_are_left_to_the_schema():
    items = [label("Car", 0), {"Label": {"Name": "Ghost"}}, label("Road", 100)]
    assert check_timestamp_order(OPERATION, items, REQUEST) == []


def test_a_default_listing_equal_to_the_timestamp_listing_passes():
    items = street_labels(9)
    swapped = [items[1], items[0], *items[2:]]
    assert check_default_sort(OPERATION, swapped, items, REQUEST) == []


def test_a_default_listing_with_other_items_or_another_order_is_reported():
    items = street_labels(6)
    assert ids(check_default_sort(OPERATION, items[:5], items, REQUEST)) == ["SORT.DEFAULT"]
    found = check_default_sort(OPERATION, list(reversed(items)), items, REQUEST)
    assert ids(found) == ["SORT.DEFAULT"]
    assert "non-decreasing" in found[0].message


def named(*names_and_confidences):
    return [label(name, t * 100, confidence) for t, (name, confidence) in enumerate(names_and_confidences)]


@pytest.mark.parametrize(
    "items",
    [
        named(("Apple", 90), ("Apple", 80), ("Car", 70), ("car", 99), ("dog", 60)),  # code-point order
        named(("apple", 90), ("Banana", 80), ("car", 70)),  # case-insensitive order
        named(("Car", 90)),
        [],
    ],
)
def test_contiguous_groups_in_either_accepted_order_pass(items):
    assert check_name_sort(OPERATION, items, REQUEST) == []


def test_a_name_split_into_two_groups_is_reported_at_the_second():
    items = named(("Car", 90), ("Road", 80), ("Car", 70))
    found = check_name_sort(OPERATION, items, REQUEST)
    assert ids(found) == ["LABELS.SORT.NAME"]
    assert found[0].pointer == "listing[2]"
    assert "listing[0..0]" in found[0].message


def test_groups_out_of_order_under_both_orderings_are_reported():
    items = named(("Road", 90), ("Car", 80), ("Tree", 70))
    found = check_name_sort(OPERATION, items, REQUEST)
    assert ids(found) == ["LABELS.SORT.NAME"]
    assert found[0].pointer == "listing[1]"
    assert "code-point" in found[0].message and "case-insensitive" in found[0].message


def test_grouping_is_generic_over_key_and_rule():
    persons = [{"Timestamp": t, "Person": {"Index": index}} for t, index in enumerate([0, 0, 2, 1])]
    found = check_grouped(
        OPERATION, persons, REQUEST, key=lambda item: item["Person"]["Index"], rule_id="LABELS.SORT.NAME"
    )
    assert ids(found) == ["LABELS.SORT.NAME"]
    assert found[0].pointer == "listing[3]"


@pytest.mark.parametrize(
    "items",
    [
        named(("Car", 90), ("Car", 80), ("Car", 80), ("Road", 10), ("Road", 20), ("Road", 30)),
        named(("Car", 50)),
        [],
    ],
)
def test_monotonic_confidence_in_either_direction_passes(items):
    assert check_name_confidence(OPERATION, items, REQUEST) == []


def test_a_group_that_turns_back_is_reported_once_at_the_turn():
    # Neither in confidence order nor in Timestamp order.
    items = [label("Car", 300, 90), label("Car", 100, 80), label("Car", 200, 85), label("Car", 0, 70), label("Road", 0)]
    found = check_name_confidence(OPERATION, items, REQUEST)
    assert ids(found) == ["LABELS.SORT.NAME_CONFIDENCE"]
    assert found[0].pointer == "listing[2]"
    assert "listing[1]" in found[0].message


def test_a_name_group_in_timestamp_order_passes_whatever_its_confidences():
    # AWS's own NAME-sorted page: "Apparel" at 46813/47013/47213/63229 ms with confidences 50.537/50.539/50.769/
    # 50.505 (fixtures/aws/GetLabelDetection/devguide-2019-sort-name.json).
    items = [label("Apparel", t, c) for t, c in ((46813, 50.537), (47013, 50.539), (47213, 50.769), (63229, 50.505))]
    assert check_name_confidence(OPERATION, items, REQUEST) == []
    shuffled = [items[0], items[2], items[1], items[3]]
    assert ids(check_name_confidence(OPERATION, shuffled, REQUEST)) == ["LABELS.SORT.NAME_CONFIDENCE"]


def test_monotonic_check_takes_its_rule_id_and_keys():
    items = named(("Car", 90), ("Car", 95), ("Car", 92))
    found = check_monotonic_within_groups(
        OPERATION, items, REQUEST, group_key=lambda i: i["Label"]["Name"], value_key=label_confidence, rule_id="R"
    )
    assert ids(found) == ["R"]
