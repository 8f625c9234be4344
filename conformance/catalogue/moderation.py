"""Content moderation jobs, all on the short fixture.

The MinConfidence comparisons need one job per threshold; sorting, aggregation and pagination read
the default job with several Get parameter sets.
"""

from __future__ import annotations

from typing import Any

from rekognition_conformance.catalogue import JobSpec, ThresholdJobs

LOWER_MIN_CONFIDENCE = 20.0
HIGHER_MIN_CONFIDENCE = 80.0


def _moderation(key: str, **params: Any) -> JobSpec:
    return JobSpec(key, "short", params)


JOBS: tuple[JobSpec, ...] = (
    _moderation("moderation.default", JobTag="rc-moderation-default"),
    _moderation("moderation.min50", MinConfidence=50.0),
    _moderation("moderation.lower", MinConfidence=LOWER_MIN_CONFIDENCE),
    _moderation("moderation.higher", MinConfidence=HIGHER_MIN_CONFIDENCE),
)

# The job the Get-side tests every family shares read.
MAIN = "moderation.default"
# The jobs that show the Start threshold at work.
THRESHOLD_JOBS = ThresholdJobs(
    omitted="moderation.default", default="moderation.min50", lower="moderation.lower", higher="moderation.higher"
)

# A valid Start request with optional members set, for the shared Start tests' mutations to break; the
# Video and the token are replaced at run time.
START_TEMPLATE: dict[str, Any] = {
    "Video": {"S3Object": {"Bucket": "placeholder-bucket", "Name": "placeholder.mp4"}},
    "ClientRequestToken": "placeholder-token",
    "MinConfidence": 50.0,
    "JobTag": "rc-invalid-request",
}
