"""Face-detection jobs, all on the short fixture: one per FaceAttributes choice, including none at all.

The job without FaceAttributes and the DEFAULT one show whether omitting the member means DEFAULT; the
ALL one shows that every attribute is returned.
"""

from __future__ import annotations

from typing import Any

from rekognition_conformance.catalogue import JobSpec


def _faces(key: str, **params: Any) -> JobSpec:
    return JobSpec(key, "short", params)


DEFAULT = "faces.default"
EXPLICIT_DEFAULT = "faces.default_attributes"
ALL = "faces.all"

JOBS: tuple[JobSpec, ...] = (
    _faces(DEFAULT, JobTag="rc-faces-default"),
    _faces(EXPLICIT_DEFAULT, FaceAttributes="DEFAULT"),
    _faces(ALL, FaceAttributes="ALL", JobTag="rc-faces-all"),
)

KEYS = tuple(spec.key for spec in JOBS)

# The job the Get-side tests every family shares read.
MAIN = DEFAULT

# A valid request with every optional member that can be set without side effects (a NotificationChannel
# would make a real backend publish to SNS). The Video and token are replaced at run time.
START_TEMPLATE: dict[str, Any] = {
    "Video": {"S3Object": {"Bucket": "placeholder-bucket", "Name": "placeholder.mp4"}},
    "ClientRequestToken": "placeholder-token",
    "FaceAttributes": "DEFAULT",
    "JobTag": "rc-invalid-request",
}
