"""Celebrity-recognition jobs: one on the short fixture; SortBy is a Get option, so one job serves every order."""

from __future__ import annotations

from typing import Any

from rekognition_conformance.catalogue import JobSpec

DEFAULT = "celebrities.default"

JOBS: tuple[JobSpec, ...] = (
    JobSpec(DEFAULT, "short", {"JobTag": "rc-celebrities-default"}),
)

KEYS = tuple(spec.key for spec in JOBS)

# The job the Get-side tests every family shares read.
MAIN = DEFAULT

# A valid Start request with optional members set, for the shared Start tests' mutations to break; the
# Video and the token are replaced at run time.
START_TEMPLATE: dict[str, Any] = {
    "Video": {"S3Object": {"Bucket": "placeholder-bucket", "Name": "placeholder.mp4"}},
    "ClientRequestToken": "placeholder-token",
    "JobTag": "rc-invalid-request",
}
