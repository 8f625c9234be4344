"""Text detection jobs, all on the short fixture.

One job without filters, one per kind of filter (word confidence and size together, size alone so that
the default confidence applies, a region of interest).
"""

from __future__ import annotations

from typing import Any

from rekognition_conformance.catalogue import JobSpec

WORD_FILTER: dict[str, Any] = {"MinConfidence": 90.0, "MinBoundingBoxHeight": 0.05, "MinBoundingBoxWidth": 0.05}
SIZE_ONLY: dict[str, Any] = {"MinBoundingBoxHeight": 0.04}
# The top half of the frame.
REGION: dict[str, Any] = {"BoundingBox": {"Width": 1.0, "Height": 0.5, "Left": 0.0, "Top": 0.0}}


def _text(key: str, **params: Any) -> JobSpec:
    return JobSpec(key, "short", params)


JOBS: tuple[JobSpec, ...] = (
    _text("text.default", JobTag="rc-text-default"),
    _text("text.filtered", Filters={"WordFilter": WORD_FILTER}),
    _text("text.word_size", Filters={"WordFilter": SIZE_ONLY}),
    _text("text.region", Filters={"RegionsOfInterest": [REGION]}),
)

# The job the Get-side tests every family shares read.
MAIN = "text.default"

# A valid Start request with optional members set, for the shared Start tests' mutations to break; the
# Video and the token are replaced at run time.
START_TEMPLATE: dict[str, Any] = {
    "Video": {"S3Object": {"Bucket": "placeholder-bucket", "Name": "placeholder.mp4"}},
    "ClientRequestToken": "placeholder-token",
    "JobTag": "rc-invalid-request",
    "Filters": {
        "WordFilter": {"MinConfidence": 80.0, "MinBoundingBoxHeight": 0.01, "MinBoundingBoxWidth": 0.01},
        "RegionsOfInterest": [{"BoundingBox": {"Width": 1.0, "Height": 1.0, "Left": 0.0, "Top": 0.0}}],
    },
}
