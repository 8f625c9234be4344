"""Tests of the GetTextDetection checks: each rule passes a good listing and fires alone on a bad one."""

from __future__ import annotations

import json
from typing import Any

import pytest

from rekognition_conformance.checks import text
from rekognition_conformance.exchange import Exchange

OPERATION = "GetTextDetection"
REQUEST = {"JobId": "job-1"}


def ids(violations):
    return sorted({v.rule_id for v in violations})


def detection(
    kind: str,
    words: str,
    timestamp: int,
    identifier: int,
    *,
    parent: int | None = None,
    confidence: float = 95.0,
    box: tuple[float, float, float, float] = (0.2, 0.1, 0.1, 0.1),
    **changes: Any,
) -> dict[str, Any]:
    width, height, left, top = box
    found: dict[str, Any] = {
        "DetectedText": words,
        "Type": kind,
        "Id": identifier,
        "Confidence": confidence,
        "Geometry": {
            "BoundingBox": {"Width": width, "Height": height, "Left": left, "Top": top},
            "Polygon": [
                {"X": left, "Y": top},
                {"X": left + width, "Y": top},
                {"X": left + width, "Y": top + height},
                {"X": left, "Y": top + height},
            ],
        },
    }
    if parent is not None:
        found["ParentId"] = parent
    found.update(changes)
    return {"Timestamp": timestamp, "TextDetection": {k: v for k, v in found.items() if v is not None}}


def frame(timestamp: int) -> list[dict[str, Any]]:
    """One line of two words in the top half of the frame, and a one-word line in the bottom half."""
    return [
        detection("LINE", "Main Street", timestamp, 0, confidence=90.0, box=(0.4, 0.1, 0.1, 0.1)),
        detection("LINE", "EXIT", timestamp, 1, box=(0.1, 0.08, 0.5, 0.8)),
        detection("WORD", "Main", timestamp, 0, parent=0, confidence=85.0, box=(0.15, 0.1, 0.1, 0.1)),
        detection("WORD", "Street", timestamp, 1, parent=0, confidence=95.0, box=(0.2, 0.1, 0.3, 0.1)),
        detection("WORD", "EXIT", timestamp, 2, parent=1, confidence=99.0, box=(0.1, 0.08, 0.5, 0.8)),
    ]


LISTING = frame(0) + frame(500)
TOP_HALF = {"RegionsOfInterest": [{"BoundingBox": {"Width": 1.0, "Height": 0.5, "Left": 0.0, "Top": 0.0}}]}


def page(body: dict[str, Any]) -> Exchange:
    return Exchange(OPERATION, REQUEST, 200, json.dumps(body).encode(), {"Content-Type": "application/x-amz-json-1.1"})


LISTING_CHECKS = (
    text.check_timestamp_order,
    text.check_words_per_frame,
    text.check_line_parents,
    text.check_identifiers,
    text.check_parent_lines,
    text.check_unique_ids,
    text.check_geometry,
)
FILTER_CHECKS = (
    text.check_word_confidence,
    text.check_word_size,
    text.check_regions,
    text.check_default_min_confidence,
    text.check_no_filter_min_confidence,
)


@pytest.mark.parametrize("check", LISTING_CHECKS, ids=lambda c: c.__name__)
def test_a_good_listing_passes(check):
    assert check(OPERATION, LISTING, REQUEST) == []


@pytest.mark.parametrize("check", FILTER_CHECKS, ids=lambda c: c.__name__)
@pytest.mark.parametrize(
    "filters",
    [None, {}, {"WordFilter": {"MinConfidence": 85.0, "MinBoundingBoxHeight": 0.08, "MinBoundingBoxWidth": 0.1}}],
)
def test_a_listing_within_its_filters_passes(check, filters):
    assert check(OPERATION, LISTING, filters, REQUEST) == []


def fires(check, listing, *args) -> list:
    found = check(OPERATION, listing, *args, REQUEST)
    assert found, f"{check.__name__} found nothing"
    return found


# --- order and volume ----------------------------------------------------------------------------


def test_time_going_back_fires_the_order_rule():
    found = fires(text.check_timestamp_order, frame(500) + frame(0))
    assert ids(found) == ["TEXT.SORT.TIMESTAMP"]
    assert found[0].pointer == "listing[5]/Timestamp"


def test_more_than_100_words_in_a_frame_fires_the_limit_rule():
    words = [detection("WORD", "a", 0, i, parent=0) for i in range(101)]
    assert text.check_words_per_frame(OPERATION, words[:100], REQUEST) == []
    found = fires(text.check_words_per_frame, words)
    assert ids(found) == ["TEXT.WORDS_PER_FRAME"]
    assert found[0].pointer == "listing[100]"


# --- filters -------------------------------------------------------------------------------------


def test_a_word_below_the_filter_confidence_fires_the_word_rule():
    found = fires(text.check_word_confidence, LISTING, {"WordFilter": {"MinConfidence": 90.0}})
    assert ids(found) == ["TEXT.FILTER.WORD"]
    assert [v.pointer for v in found] == ["listing[2]/TextDetection/Confidence", "listing[7]/TextDetection/Confidence"]


def test_a_line_below_the_filter_confidence_is_not_judged():
    assert text.check_word_confidence(OPERATION, LISTING, {"WordFilter": {"MinConfidence": 85.0}}, REQUEST) == []


@pytest.mark.parametrize(
    ("word_filter", "member"), [({"MinBoundingBoxHeight": 0.09}, "Height"), ({"MinBoundingBoxWidth": 0.16}, "Width")]
)
def test_a_word_smaller_than_the_filter_fires_the_size_rule(word_filter, member):
    found = fires(text.check_word_size, LISTING, {"WordFilter": word_filter})
    assert ids(found) == ["TEXT.FILTER.WORD_SIZE"]
    assert found[0].pointer.endswith(f"/BoundingBox/{member}")


def test_a_word_outside_every_region_fires_the_region_rule():
    found = fires(text.check_regions, LISTING, TOP_HALF)
    assert ids(found) == ["TEXT.FILTER.REGION"]
    assert [v.pointer for v in found] == [
        "listing[4]/TextDetection/Geometry/BoundingBox",
        "listing[9]/TextDetection/Geometry/BoundingBox",
    ]
    both = {
        "RegionsOfInterest": [
            *TOP_HALF["RegionsOfInterest"],
            {"BoundingBox": {"Width": 0.5, "Height": 0.45, "Left": 0.1, "Top": 0.5}},
        ]
    }
    assert text.check_regions(OPERATION, LISTING, both, REQUEST) == []


def test_a_word_whose_polygon_is_more_than_half_inside_passes():
    # Its box is only 45 % inside the top half, but the text itself (its polygon) is all inside.
    slanted = detection(
        "WORD", "EXIT", 0, 0, parent=0, box=(0.4, 0.4, 0.1, 0.32),
        Geometry={
            "BoundingBox": {"Width": 0.4, "Height": 0.4, "Left": 0.1, "Top": 0.32},
            "Polygon": [{"X": 0.1, "Y": 0.32}, {"X": 0.5, "Y": 0.32}, {"X": 0.5, "Y": 0.45}, {"X": 0.1, "Y": 0.45}],
        },
    )  # fmt: skip
    assert text.check_regions(OPERATION, [slanted], TOP_HALF, REQUEST) == []


def test_a_word_only_partly_inside_a_region_is_not_judged():
    # The documentation does not say a word partly inside a region is dropped: 45 % or 5 % of the box
    # inside both pass, and only a word with nothing inside fires.
    for top in (0.32, 0.48):
        partly = detection("WORD", "EXIT", 0, 0, parent=0, box=(0.4, 0.4, 0.1, top))
        partly["TextDetection"]["Geometry"].pop("Polygon")
        assert text.check_regions(OPERATION, [partly], TOP_HALF, REQUEST) == []
    outside = detection("WORD", "EXIT", 0, 0, parent=0, box=(0.4, 0.4, 0.1, 0.55))
    outside["TextDetection"]["Geometry"].pop("Polygon")
    assert ids(fires(text.check_regions, [outside], TOP_HALF)) == ["TEXT.FILTER.REGION"]


def test_polygon_regions_are_not_judged():
    polygon = {"RegionsOfInterest": [{"Polygon": [{"X": 0, "Y": 0}, {"X": 1, "Y": 0}, {"X": 1, "Y": 0.1}]}]}
    assert text.check_regions(OPERATION, LISTING, polygon, REQUEST) == []


def test_the_default_word_confidence_is_80():
    low = [*LISTING, detection("WORD", "Street", 500, 3, parent=0, confidence=79.0)]
    size_only = {"WordFilter": {"MinBoundingBoxHeight": 0.01}}
    found = fires(text.check_default_min_confidence, low, size_only)
    assert ids(found) == ["TEXT.MIN_CONFIDENCE.DEFAULT"]
    assert text.check_no_filter_min_confidence(OPERATION, low, size_only, REQUEST) == []
    assert text.check_default_min_confidence(OPERATION, low, None, REQUEST) == []
    assert text.check_default_min_confidence(OPERATION, low, {"WordFilter": {"MinConfidence": 50}}, REQUEST) == []
    assert ids(fires(text.check_no_filter_min_confidence, low, None)) == ["TEXT.MIN_CONFIDENCE.NO_FILTER"]
    assert ids(fires(text.check_no_filter_min_confidence, low, TOP_HALF)) == ["TEXT.MIN_CONFIDENCE.NO_FILTER"]


# --- identifiers ---------------------------------------------------------------------------------


def test_a_line_with_a_parent_fires_the_line_rule():
    found = fires(text.check_line_parents, [detection("LINE", "EXIT", 0, 0, parent=3)])
    assert ids(found) == ["TEXT.IDS.LINE"]
    assert found[0].pointer == "listing[0]/TextDetection/ParentId"


@pytest.mark.parametrize(
    ("bad", "where"),
    [
        (detection("WORD", "EXIT", 0, 0), "listing[0]/TextDetection/ParentId"),
        (detection("LINE", "EXIT", 0, 0, Id=None), "listing[0]/TextDetection/Id"),
    ],
)
def test_missing_identifiers_fire_the_word_rule(bad, where):
    found = fires(text.check_identifiers, [bad])
    assert ids(found) == ["TEXT.IDS.WORD"]
    assert found[0].pointer == where


@pytest.mark.parametrize(
    "listing",
    [
        frame(0)[1:],  # the parent LINE 0 is missing
        [*frame(0)[:2], detection("WORD", "Main", 500, 0, parent=0)],  # the parent is at another Timestamp
        [*frame(0)[:2], detection("WORD", "Avenue", 0, 0, parent=0)],  # the word is not in its line
    ],
)
def test_a_word_without_its_line_fires_the_parent_rule(listing):
    assert ids(fires(text.check_parent_lines, listing)) == ["TEXT.IDS.PARENT_LINE"]


def test_repeated_ids_in_a_frame_fire_the_unique_rule():
    listing = [*frame(0), detection("WORD", "Street", 0, 1, parent=0)]
    found = fires(text.check_unique_ids, listing)
    assert ids(found) == ["TEXT.IDS.UNIQUE"]
    assert found[0].pointer == "listing[5]/TextDetection/Id"


# --- geometry and model version ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "where"),
    [
        ({"Geometry": {"BoundingBox": {"Width": 1.2, "Height": 0.1, "Left": 0, "Top": 0}}},
         "listing[0]/TextDetection/Geometry/BoundingBox/Width"),
        ({"Geometry": {"BoundingBox": {"Width": 0.2, "Height": -0.1, "Left": 0.1, "Top": 0.1}}},
         "listing[0]/TextDetection/Geometry/BoundingBox/Height"),
    ],
)  # fmt: skip
def test_boxes_out_of_range_fire_the_geometry_rule(changes, where):
    found = fires(text.check_geometry, [detection("LINE", "EXIT", 0, 0, **changes)])
    assert ids(found) == ["TEXT.GEOMETRY"]
    assert found[0].pointer == where


def test_a_rotated_polygon_outside_its_box_passes():
    # AWS's captured rotated WORD "13rsza.": box Top 0.6595, a polygon point at Y 0.6008 (fixtures/aws/README.md).
    rotated = {"Geometry": {"BoundingBox": {"Width": 0.2362, "Height": 0.0401, "Left": 0.5349, "Top": 0.6595},
                            "Polygon": [{"X": 0.5349, "Y": 0.6996}, {"X": 0.7637, "Y": 0.6008}]}}
    assert text.check_geometry(OPERATION, [detection("WORD", "13rsza.", 0, 0, parent=0, **rotated)], REQUEST) == []


def test_model_version_on_every_page():
    good = [page({"JobStatus": "SUCCEEDED", "TextModelVersion": "3.0"}) for _ in range(2)]
    assert text.check_model_version(good) == []
    found = text.check_model_version([*good, page({"JobStatus": "SUCCEEDED"})])
    assert ids(found) == ["TEXT.MODEL_VERSION"]
