"""Checks on StartLabelDetection's MinConfidence: the floor it sets, its default, and lower settings.

The judgements are the generic ones of :mod:`rekognition_conformance.checks.thresholds`, bound to the label family's
rules by the family table; a detection's score is its Label.Confidence, and detections of two jobs are
matched by (Timestamp, Label.Name).
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from rekognition_conformance.checks.items import dig, excerpt
from rekognition_conformance.checks.labels import label_name
from rekognition_conformance.checks.thresholds import Scores, per_item, threshold_checks


def detection_key(item: Any) -> Hashable:
    return (dig(item, "Timestamp"), label_name(item))


def _what(item: Any) -> str:
    return f"({label_name(item)!r} at Timestamp {excerpt(dig(item, 'Timestamp'))})"


SCORES = Scores("Label.Confidence", "detections", "the same Timestamp and Label.Name",
                per_item(("Label",), "Confidence", detection_key, _what))
CHECKS = threshold_checks("labels", SCORES, __name__)
check_confidence_floor = CHECKS.floor
check_default_min_confidence = CHECKS.default
check_lower_min_confidence = CHECKS.lower
