"""Label-detection jobs.

Threshold and filter comparisons use the short fixture to keep billed video minutes low; pagination,
sorting and aggregation need the long one (more than 1000 results).
"""

from __future__ import annotations

from typing import Any

from rekognition_conformance.catalogue import JobSpec, ThresholdJobs

# Filters name labels and categories of AWS's published taxonomy that the fixtures are likely to show.
INCLUSION_LABELS = ["Person", "Car", "Vehicle"]
EXCLUSION_LABELS = ["Person", "Adult"]
INCLUDED_CATEGORIES = ["Vehicles and Automotive"]
EXCLUDED_CATEGORIES = ["Person Description"]
LOWER_MIN_CONFIDENCE = 20.0
HIGHER_MIN_CONFIDENCE = 80.0



def _labels(key: str, video: str, **params: Any) -> JobSpec:
    return JobSpec(key, video, params)


def _general_labels(**filters: list[str]) -> dict[str, Any]:
    return {"Settings": {"GeneralLabels": filters}}


JOBS: tuple[JobSpec, ...] = (
    _labels("labels.long", "long", JobTag="rc-labels-long"),
    _labels("labels.default", "short", JobTag="rc-labels-default"),
    _labels("labels.min50", "short", MinConfidence=50.0),
    _labels("labels.lower", "short", MinConfidence=LOWER_MIN_CONFIDENCE),
    _labels("labels.higher", "short", MinConfidence=HIGHER_MIN_CONFIDENCE),
    _labels("labels.include", "short", **_general_labels(LabelInclusionFilters=INCLUSION_LABELS)),
    _labels("labels.exclude", "short", **_general_labels(LabelExclusionFilters=EXCLUSION_LABELS)),
    _labels(
        "labels.category_include",
        "short",
        **_general_labels(LabelCategoryInclusionFilters=INCLUDED_CATEGORIES),
    ),
    _labels("labels.not_a_video", "not_a_video", JobTag="rc-labels-not-a-video"),
    _labels(
        "labels.category_exclude",
        "short",
        **_general_labels(LabelCategoryExclusionFilters=EXCLUDED_CATEGORIES),
    ),
)

LONG = "labels.long"
NOT_A_VIDEO = "labels.not_a_video"
SHORT = tuple(spec.key for spec in JOBS if spec.video == "short")
FILTERED = tuple(spec.key for spec in JOBS if "Settings" in spec.params)

# The job the Get-side tests every family shares read.
MAIN = LONG
# The jobs that show the Start threshold at work.
THRESHOLD_JOBS = ThresholdJobs(
    omitted="labels.default", default="labels.min50", lower="labels.lower", higher="labels.higher"
)

# The shape of a valid request with every optional member that can be set without side effects
# (a NotificationChannel would make a real backend publish to SNS). The Video is replaced at run time.
START_TEMPLATE: dict[str, Any] = {
    "Video": {"S3Object": {"Bucket": "placeholder-bucket", "Name": "placeholder.mp4"}},
    "ClientRequestToken": "placeholder-token",
    "MinConfidence": 50.0,
    "JobTag": "rc-invalid-request",
    "Features": ["GENERAL_LABELS"],
    "Settings": {"GeneralLabels": {"LabelInclusionFilters": ["Person"], "LabelCategoryExclusionFilters": ["Text"]}},
}
