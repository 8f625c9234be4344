"""Video face search jobs, all on the short fixture, against the face collection the run creates.

A face search needs a collection that exists, with faces in it, before the job starts. Catalogue params
are static data, so the collection is named here by a template holding the ``{run_id}`` placeholder,
which the job pool fills in; the suite's conftest creates the collection under the same name (through
:func:`collection_id`) before the pool starts any job.
"""

from __future__ import annotations

from typing import Any

from rekognition_conformance.catalogue import JobSpec, ThresholdJobs

COLLECTION = "rc-{run_id}-faces"
LOWER_THRESHOLD = 50.0
HIGHER_THRESHOLD = 90.0


def collection_id(run_id: str) -> str:
    """The id of the face collection the run's face search jobs search."""
    return COLLECTION.format(run_id=run_id)


def _search(key: str, **params: Any) -> JobSpec:
    return JobSpec(key, "short", {"CollectionId": COLLECTION, **params})


JOBS: tuple[JobSpec, ...] = (
    _search("face_search.default", JobTag="rc-face-search-default"),
    _search("face_search.threshold80", FaceMatchThreshold=80.0),
    _search("face_search.lower", FaceMatchThreshold=LOWER_THRESHOLD),
    _search("face_search.higher", FaceMatchThreshold=HIGHER_THRESHOLD),
)

DEFAULT = "face_search.default"
ALL = tuple(spec.key for spec in JOBS)
THRESHOLDS = {spec.key: spec.params.get("FaceMatchThreshold", 80.0) for spec in JOBS}

# The job the Get-side tests every family shares read.
MAIN = DEFAULT
# The jobs that show the Start threshold at work.
THRESHOLD_JOBS = ThresholdJobs(
    omitted="face_search.default", default="face_search.threshold80",
    lower="face_search.lower", higher="face_search.higher",
)

# A valid request with every optional member that has no side effects; Video and CollectionId are replaced
# at run time by the fixture video and the run's collection.
START_TEMPLATE: dict[str, Any] = {
    "Video": {"S3Object": {"Bucket": "placeholder-bucket", "Name": "placeholder.mp4"}},
    "ClientRequestToken": "placeholder-token",
    "CollectionId": "placeholder-collection",
    "FaceMatchThreshold": 80.0,
    "JobTag": "rc-invalid-request",
}
