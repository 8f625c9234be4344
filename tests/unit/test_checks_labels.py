"""Tests of the label-content checks: filters, parents, bounding boxes."""

from __future__ import annotations

import pytest

from rekognition_conformance.checks import rule_ids_of
from rekognition_conformance.checks.labels import check_bounding_boxes, check_label_filters, check_parents
from tests.unit.label_factory import OPERATION, box, get_request, label

REQUEST = get_request()


def ids(violations):
    return [v.rule_id for v in violations]


CAR = label("Car", 0, parents=["Vehicle", "Transportation"], categories=["Vehicles and Automotive"])
VEHICLE = label("Vehicle", 0, parents=["Transportation"], categories=["Vehicles and Automotive"])
TRANSPORT = label("Transportation", 0, categories=["Vehicles and Automotive"])
PERSON = label("Person", 0, categories=["Person Description"])
TREE = label("Tree", 200, parents=["Plant"], categories=["Plants and Flowers"])


def test_filters_declare_all_four_rules():
    assert set(rule_ids_of(check_label_filters)) == {
        "LABELS.FILTER.INCLUSION",
        "LABELS.FILTER.EXCLUSION",
        "LABELS.FILTER.CATEGORY_INCLUSION",
        "LABELS.FILTER.CATEGORY_EXCLUSION",
    }


@pytest.mark.parametrize(
    "settings",
    [
        {},
        {"GeneralLabels": {"LabelInclusionFilters": []}},
        {"GeneralLabels": {"LabelInclusionFilters": ["car"]}},  # ancestors of included labels come along
        {"LabelCategoryInclusionFilters": ["Vehicles and Automotive"]},
        {"LabelExclusionFilters": ["Person", "Tree"]},
        {"LabelExclusionFilters": ["vehicle"]},  # exclusion respects case
        {"LabelCategoryExclusionFilters": ["Plants and Flowers", "Person Description"]},
        # Either inclusion filter admits a label when both are given.
        {"GeneralLabels": {"LabelInclusionFilters": ["Car"], "LabelCategoryInclusionFilters": ["Nothing"]}},
    ],
)
def test_listings_that_keep_to_their_filters_pass(settings):
    assert check_label_filters(OPERATION, [CAR, VEHICLE, TRANSPORT], settings, REQUEST) == []


@pytest.mark.parametrize(
    ("settings", "rule", "where"),
    [
        ({"GeneralLabels": {"LabelInclusionFilters": ["Car"]}}, "LABELS.FILTER.INCLUSION", "listing[3]/Label/Name"),
        ({"LabelExclusionFilters": ["Person"]}, "LABELS.FILTER.EXCLUSION", "listing[3]/Label/Name"),
        (
            {"LabelCategoryInclusionFilters": ["Vehicles and Automotive"]},
            "LABELS.FILTER.CATEGORY_INCLUSION",
            "listing[3]/Label/Categories",
        ),
        (
            {"LabelCategoryExclusionFilters": ["Person Description"]},
            "LABELS.FILTER.CATEGORY_EXCLUSION",
            "listing[3]/Label/Categories/0/Name",
        ),
    ],
)
def test_a_label_breaking_a_filter_is_reported_under_that_filters_rule(settings, rule, where):
    found = check_label_filters(OPERATION, [CAR, VEHICLE, TRANSPORT, PERSON], settings, REQUEST)
    assert ids(found) == [rule]
    assert found[0].pointer == where


def test_a_label_breaking_both_inclusion_filters_breaks_both_rules():
    settings = {"LabelInclusionFilters": ["Car"], "LabelCategoryInclusionFilters": ["Vehicles and Automotive"]}
    found = check_label_filters(OPERATION, [CAR, TREE], settings, REQUEST)
    assert sorted(ids(found)) == ["LABELS.FILTER.CATEGORY_INCLUSION", "LABELS.FILTER.INCLUSION"]


def test_parents_returned_at_the_same_timestamp_pass():
    assert check_parents(OPERATION, [CAR, VEHICLE, TRANSPORT, PERSON], REQUEST) == []
    assert check_parents(OPERATION, [], REQUEST) == []


def test_a_parent_missing_at_its_timestamp_is_reported():
    plant_elsewhere = label("Plant", 0)
    found = check_parents(OPERATION, [CAR, VEHICLE, TRANSPORT, TREE, plant_elsewhere], REQUEST)
    assert ids(found) == ["LABELS.PARENTS"]
    assert found[0].pointer == "listing[3]/Label/Parents/0/Name"
    assert found[0].offending == '"Plant"'


@pytest.mark.parametrize(
    "boxed",
    [
        box(),
        box(width=1.0, height=1.0, left=0.0, top=0.0),
        # AWS documents Left/Top outside [0, 1] for objects partly outside the frame.
        box(width=0.3, height=0.2, left=-0.1, top=0.9),
    ],
)
def test_bounding_boxes_within_the_frame_pass(boxed):
    assert check_bounding_boxes(OPERATION, [label("Car", 0, boxes=[boxed]), PERSON], REQUEST) == []


@pytest.mark.parametrize(
    ("boxed", "member"),
    [
        (box(width=1.5), "Width"),
        (box(height=-0.1), "Height"),
        (box(left=1.2), "Left"),
        (box(top=-0.6, height=0.5), "Top"),
    ],
)
def test_bounding_boxes_that_are_not_frame_ratios_are_reported(boxed, member):
    found = check_bounding_boxes(OPERATION, [PERSON, label("Car", 0, boxes=[box(), boxed])], REQUEST)
    assert ids(found) == ["LABELS.BOUNDING_BOX"]
    assert found[0].pointer == f"listing[1]/Label/Instances/1/BoundingBox/{member}"
