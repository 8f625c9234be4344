"""Tests of the GetContentModeration checks: each rule passes a good listing and fires alone on a bad one."""

from __future__ import annotations

import json
from typing import Any

import pytest

from rekognition_conformance.checks import moderation
from rekognition_conformance.exchange import Exchange

OPERATION = "GetContentModeration"
REQUEST = {"JobId": "job-1"}


def ids(violations):
    return sorted({v.rule_id for v in violations})


def item(name: str, timestamp: int, confidence: float = 90.0, parent: str = "", level: int = 1) -> dict[str, Any]:
    return {
        "Timestamp": timestamp,
        "ModerationLabel": {"Confidence": confidence, "Name": name, "ParentName": parent, "TaxonomyLevel": level},
    }


def family(timestamp: int, base: float = 60.0) -> list[dict[str, Any]]:
    """A level-3 label with its level-2 parent and level-1 grandparent, each more confident."""
    return [
        item("Violence", timestamp, base + 20, "", 1),
        item("Graphic Violence", timestamp, base + 10, "Violence", 2),
        item("Weapon Violence", timestamp, base, "Graphic Violence", 3),
    ]


def segment(name: str, start: int, end: int, confidence: float = 90.0, **changes: Any) -> dict[str, Any]:
    found = {
        **item(name, start, confidence),
        "StartTimestampMillis": start,
        "EndTimestampMillis": end,
        "DurationMillis": end - start,
    }
    found.update(changes)
    return {k: v for k, v in found.items() if v is not None}


BY_TIME = family(0) + family(250, 70.0) + [item("Gambling", 500, 55.0)]
BY_NAME = sorted(BY_TIME, key=lambda i: (i["ModerationLabel"]["Name"], -i["ModerationLabel"]["Confidence"]))


def page(body: dict[str, Any]) -> Exchange:
    return Exchange(OPERATION, REQUEST, 200, json.dumps(body).encode(), {"Content-Type": "application/x-amz-json-1.1"})


# --- sorting -------------------------------------------------------------------------------------


def test_name_sorted_listing_passes():
    assert moderation.check_name_sort(OPERATION, BY_NAME, REQUEST) == []
    assert moderation.check_name_confidence(OPERATION, BY_NAME, REQUEST) == []


def test_split_name_group_fires_the_name_rule():
    listing = [*BY_NAME, item("Gambling", 750)]
    assert ids(moderation.check_name_sort(OPERATION, listing, REQUEST)) == ["MODERATION.SORT.NAME"]


def test_confidence_turning_back_within_a_group_fires_its_rule():
    listing = [item("Gambling", 0, 90.0), item("Gambling", 500, 60.0), item("Gambling", 250, 80.0)]
    assert moderation.check_name_sort(OPERATION, listing, REQUEST) == []
    found = moderation.check_name_confidence(OPERATION, listing, REQUEST)
    assert ids(found) == ["MODERATION.SORT.NAME_CONFIDENCE"]
    assert found[0].pointer == "listing[2]"


def test_a_name_group_in_timestamp_order_passes_whatever_its_confidences():
    # AWS keeps each NAME group in Timestamp order (fixtures/aws/GetLabelDetection/devguide-2019-sort-name.json).
    listing = [item("Gambling", 0, 90.0), item("Gambling", 250, 60.0), item("Gambling", 500, 80.0)]
    assert moderation.check_name_confidence(OPERATION, listing, REQUEST) == []


# --- aggregation ---------------------------------------------------------------------------------


def test_consistent_segments_pass():
    listing = [segment("Gambling", 0, 1250), segment("Violence", 250, 500)]
    assert moderation.check_segment_items(OPERATION, listing, REQUEST) == []


@pytest.mark.parametrize(
    ("changes", "rule", "where"),
    [
        ({"DurationMillis": 7}, "MODERATION.AGGREGATE.SEGMENTS", "listing[0]/DurationMillis"),
        ({"EndTimestampMillis": None}, "MODERATION.AGGREGATE.SEGMENTS", "listing[0]/EndTimestampMillis"),
        ({"Timestamp": 40}, "MODERATION.AGGREGATE.SEGMENT_TIMESTAMP", "listing[0]/Timestamp"),
    ],
)
def test_inconsistent_segments_fire_their_rule(changes, rule, where):
    found = moderation.check_segment_items(OPERATION, [segment("Gambling", 0, 1250, **changes)], REQUEST)
    assert ids(found) == [rule]
    assert found[0].pointer == where


def test_segment_members_in_a_timestamps_listing_fire_their_rule():
    assert moderation.check_timestamp_items(OPERATION, BY_TIME, REQUEST) == []
    found = moderation.check_timestamp_items(OPERATION, [segment("Gambling", 0, 250)], REQUEST)
    assert ids(found) == ["MODERATION.AGGREGATE.TIMESTAMPS"]


def test_default_aggregation_compares_with_timestamps():
    assert moderation.check_default_aggregation(OPERATION, BY_TIME, list(reversed(BY_TIME)), REQUEST) == []
    found = moderation.check_default_aggregation(OPERATION, [segment("Gambling", 0, 250)], BY_TIME[:1], REQUEST)
    assert ids(found) == ["MODERATION.AGGREGATE.DEFAULT"]


# --- MinConfidence -------------------------------------------------------------------------------


def test_confidence_floor():
    assert moderation.check_confidence_floor(OPERATION, BY_TIME, 55.0, REQUEST) == []
    found = moderation.check_confidence_floor(OPERATION, BY_TIME, 60.5, REQUEST)
    assert ids(found) == ["MODERATION.MIN_CONFIDENCE.FLOOR"]
    assert [v.pointer for v in found] == [
        "listing[2]/ModerationLabel/Confidence",
        "listing[6]/ModerationLabel/Confidence",
    ]


def test_default_min_confidence_matches_an_explicit_50():
    assert moderation.check_default_min_confidence(OPERATION, BY_TIME, list(reversed(BY_TIME)), REQUEST) == []
    low = [*BY_TIME, item("Alcohol", 750, 40.0)]
    found = moderation.check_default_min_confidence(OPERATION, low, low, REQUEST)
    assert ids(found) == ["MODERATION.MIN_CONFIDENCE.DEFAULT"]
    missing = moderation.check_default_min_confidence(OPERATION, BY_TIME[1:], BY_TIME, REQUEST)
    assert ids(missing) == ["MODERATION.MIN_CONFIDENCE.DEFAULT.EQUIVALENT"]
    assert missing[0].pointer == "explicit[0]"


def test_lower_min_confidence_must_add_detections():
    lower = [*BY_TIME, item("Alcohol", 750, 30.0)]
    assert moderation.check_lower_min_confidence(OPERATION, lower, BY_TIME, 20.0, REQUEST) == []
    assert ids(moderation.check_lower_min_confidence(OPERATION, BY_TIME, BY_TIME, 20.0, REQUEST)) == [
        "MODERATION.MIN_CONFIDENCE.LOWER"
    ]
    assert ids(moderation.check_lower_min_confidence(OPERATION, lower[2:], BY_TIME, 20.0, REQUEST)) == [
        "MODERATION.MIN_CONFIDENCE.LOWER"
    ]


# --- taxonomy ------------------------------------------------------------------------------------


def test_a_consistent_taxonomy_passes():
    for check in (moderation.check_taxonomy_levels, moderation.check_top_level_parents, moderation.check_ancestors):
        assert check(OPERATION, BY_TIME, REQUEST) == []


def test_members_are_judged_only_when_present():
    bare = [{"Timestamp": 0, "ModerationLabel": {"Name": "Gambling", "Confidence": 70.0}}]
    for check in (moderation.check_taxonomy_levels, moderation.check_top_level_parents, moderation.check_ancestors):
        assert check(OPERATION, bare, REQUEST) == []


@pytest.mark.parametrize("level", [0, 4, 2.5])
def test_a_level_outside_1_to_3_fires_the_level_rule(level):
    listing = [item("Gambling", 0, level=level)]
    found = moderation.check_taxonomy_levels(OPERATION, listing, REQUEST)
    assert ids(found) == ["MODERATION.TAXONOMY.LEVEL"]
    assert found[0].pointer == "listing[0]/ModerationLabel/TaxonomyLevel"


def test_a_top_level_label_with_a_parent_fires_the_top_level_rule_alone():
    listing = [item("Gambling", 0, parent="Vices", level=1)]
    assert ids(moderation.check_top_level_parents(OPERATION, listing, REQUEST)) == ["MODERATION.TAXONOMY.TOP_LEVEL"]
    assert moderation.check_ancestors(OPERATION, listing, REQUEST) == []
    assert moderation.check_taxonomy_levels(OPERATION, listing, REQUEST) == []


@pytest.mark.parametrize(
    "listing",
    [
        family(0)[1:],  # the parent "Violence" is missing at that Timestamp
        [*family(0)[:1], *family(250)[1:]],  # the parents are returned, but at another Timestamp
        [item("Graphic Violence", 0, 70.0, "", 2)],  # a second-level label without a parent
        [item("Violence", 0, 80.0, "", 1), item("Graphic Violence", 0, 70.0, "Violence", 3)],  # a level skipped
    ],
)
def test_missing_or_misplaced_ancestors_fire_the_ancestors_rule(listing):
    assert ids(moderation.check_ancestors(OPERATION, listing, REQUEST)) == ["MODERATION.TAXONOMY.ANCESTORS"]
    assert moderation.check_top_level_parents(OPERATION, listing, REQUEST) == []


# --- model version -------------------------------------------------------------------------------


def test_model_version_on_every_page():
    good = [page({"JobStatus": "SUCCEEDED", "ModerationModelVersion": "7.0"}) for _ in range(2)]
    assert moderation.check_model_version(good) == []
    assert moderation.check_model_version([page({"JobStatus": "IN_PROGRESS"})]) == []
    for bad in (
        [*good, page({"JobStatus": "SUCCEEDED"})],
        [*good, page({"JobStatus": "SUCCEEDED", "ModerationModelVersion": "6.0"})],
        [page({"JobStatus": "SUCCEEDED", "ModerationModelVersion": ""})],
    ):
        found = moderation.check_model_version(bad)
        assert ids(found) == ["MODERATION.MODEL_VERSION"]
        assert found[0].pointer == f"page {len(bad) - 1} /ModerationModelVersion"
