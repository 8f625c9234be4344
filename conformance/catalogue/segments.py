"""Segment detection jobs, all on the short fixture.

Both segment types in either order (the order of the groups in the results follows the request), one
type alone, the default confidence next to an explicit 50, and stricter filters including BlackFrame.
"""

from __future__ import annotations

from typing import Any

from rekognition_conformance.catalogue import JobSpec

BOTH_TYPES = ["TECHNICAL_CUE", "SHOT"]
FILTERS: dict[str, Any] = {
    "TechnicalCueFilter": {
        "MinSegmentConfidence": 80.0,
        "BlackFrame": {"MaxPixelThreshold": 0.1, "MinCoveragePercentage": 99.5},
    },
    "ShotFilter": {"MinSegmentConfidence": 70.0},
}
AT_50: dict[str, Any] = {
    "TechnicalCueFilter": {"MinSegmentConfidence": 50.0},
    "ShotFilter": {"MinSegmentConfidence": 50.0},
}


def _segments(key: str, segment_types: list[str], **params: Any) -> JobSpec:
    return JobSpec(key, "short",
        {"SegmentTypes": segment_types, **params},
    )


JOBS: tuple[JobSpec, ...] = (
    _segments("segments.shots_and_cues", BOTH_TYPES, JobTag="rc-segments-shots-and-cues"),
    _segments("segments.shots_first", ["SHOT", "TECHNICAL_CUE"]),
    _segments("segments.shots", ["SHOT"]),
    _segments("segments.min50", BOTH_TYPES, Filters=AT_50),
    _segments("segments.filtered", BOTH_TYPES, Filters=FILTERS),
)

# The job the Get-side tests every family shares read.
MAIN = "segments.shots_and_cues"

# A valid Start request with optional members set, for the shared Start tests' mutations to break; the
# Video and the token are replaced at run time.
START_TEMPLATE: dict[str, Any] = {
    "Video": {"S3Object": {"Bucket": "placeholder-bucket", "Name": "placeholder.mp4"}},
    "ClientRequestToken": "placeholder-token",
    "JobTag": "rc-invalid-request",
    "SegmentTypes": ["TECHNICAL_CUE", "SHOT"],
    "Filters": {
        "TechnicalCueFilter": {
            "MinSegmentConfidence": 60.0,
            "BlackFrame": {"MaxPixelThreshold": 0.2, "MinCoveragePercentage": 99.0},
        },
        "ShotFilter": {"MinSegmentConfidence": 60.0},
    },
}
