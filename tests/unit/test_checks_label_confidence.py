"""Tests of the MinConfidence checks."""

from __future__ import annotations

from rekognition_conformance.checks.label_confidence import (
    check_confidence_floor,
    check_default_min_confidence,
    check_lower_min_confidence,
)
from tests.unit.label_factory import OPERATION, START_REQUEST, label

DEFAULT_JOB = [label("Car", 0, 97.5), label("Road", 0, 64.0), label("Tree", 200, 50.0)]


def ids(violations):
    return [v.rule_id for v in violations]


def test_confidences_at_or_above_the_floor_pass():
    assert check_confidence_floor(OPERATION, DEFAULT_JOB, 50, START_REQUEST) == []
    # A value rounded just below the floor when serialised is not a breach.
    assert check_confidence_floor(OPERATION, [label("Car", 0, 69.9999)], 70, START_REQUEST) == []


def test_a_confidence_below_the_floor_is_reported():
    found = check_confidence_floor(OPERATION, [*DEFAULT_JOB, label("Sky", 400, 41.2)], 50, START_REQUEST)
    assert ids(found) == ["LABELS.MIN_CONFIDENCE.FLOOR"]
    assert found[0].pointer == "listing[3]/Label/Confidence"
    assert "41.2" in found[0].message


def test_a_default_job_matching_the_min_confidence_50_job_passes():
    explicit = [label("Car", 0, 97.1), label("Tree", 200, 50.2), label("Road", 0, 63.8)]
    assert check_default_min_confidence(OPERATION, DEFAULT_JOB, explicit, START_REQUEST) == []


def test_a_default_job_below_50_or_with_other_detections_is_reported():
    low = [*DEFAULT_JOB, label("Sky", 400, 45.0)]
    found = check_default_min_confidence(OPERATION, low, DEFAULT_JOB, START_REQUEST)
    # Below the documented default is the MUST rule; another job's detections only the SHOULD one.
    assert sorted((v.rule_id, v.pointer) for v in found) == [
        ("LABELS.MIN_CONFIDENCE.DEFAULT", "default[3]/Label/Confidence"),
        ("LABELS.MIN_CONFIDENCE.DEFAULT.EQUIVALENT", "default[3]"),
    ]
    missing = check_default_min_confidence(OPERATION, DEFAULT_JOB[:2], DEFAULT_JOB, START_REQUEST)
    assert ids(missing) == ["LABELS.MIN_CONFIDENCE.DEFAULT.EQUIVALENT"]
    assert missing[0].pointer == "explicit[2]"


def test_a_lower_job_with_every_default_detection_and_more_passes():
    lower = [*DEFAULT_JOB, label("Sky", 400, 38.0)]
    assert check_lower_min_confidence(OPERATION, lower, DEFAULT_JOB, 30, START_REQUEST) == []


def test_a_lower_job_missing_a_default_detection_is_reported():
    lower = [DEFAULT_JOB[0], label("Sky", 400, 38.0)]
    found = check_lower_min_confidence(OPERATION, lower, DEFAULT_JOB, 30, START_REQUEST)
    assert ids(found) == ["LABELS.MIN_CONFIDENCE.LOWER"] * 2
    assert {v.pointer for v in found} == {"default[1]", "default[2]"}


def test_a_lower_job_gaining_nothing_below_50_is_reported():
    found = check_lower_min_confidence(OPERATION, DEFAULT_JOB, DEFAULT_JOB, 30, START_REQUEST)
    assert ids(found) == ["LABELS.MIN_CONFIDENCE.LOWER"]
    assert "[30, 50)" in found[0].message
