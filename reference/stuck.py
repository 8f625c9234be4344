"""Jobs that never finish: the reference backend can keep every job of some Start operations IN_PROGRESS
for ever, so a harness can prove that one stuck job fails only its own tests, after its timeout.

Switched on with ``ReferenceServer(stuck_jobs=("StartFaceDetection",))``, ``python -m rekognition_conformance.reference
--stuck-job StartFaceDetection`` or, for the conformance suite's ``reference`` target, ``RC_REFERENCE_STUCK_JOBS`` (a
comma-separated list of Start operations). Starting, idempotency and unknown JobIds behave as usual; only the status a
Get operation reads is held at IN_PROGRESS.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from typing import Any

from rekognition_conformance.reference.jobs import JobSnapshot, JobStatus, JobStore
from rekognition_conformance.spec.operations import VIDEO_START

ENV_STUCK = "RC_REFERENCE_STUCK_JOBS"


class StuckJobs:
    """A :class:`JobStore` whose jobs of the ``stuck`` Start operations stay IN_PROGRESS."""

    def __init__(self, jobs: JobStore, stuck: Iterable[str]) -> None:
        self.stuck = frozenset(stuck)
        unknown = sorted(self.stuck - set(VIDEO_START))
        if unknown:
            raise ValueError(f"not Start operations of video jobs: {', '.join(unknown)}")
        self._jobs = jobs

    def get(self, job_id: str, operation: str) -> JobSnapshot:
        snapshot = self._jobs.get(job_id, operation)
        if operation in self.stuck:
            return JobSnapshot(snapshot.job_id, snapshot.operation, snapshot.params, JobStatus.IN_PROGRESS)
        return snapshot

    def __getattr__(self, name: str) -> Any:
        return getattr(self._jobs, name)


def from_environment(environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """``ReferenceServer`` keyword arguments from RC_REFERENCE_STUCK_JOBS."""
    text = (os.environ if environ is None else environ).get(ENV_STUCK) or ""
    names = tuple(name.strip() for name in text.split(",") if name.strip())
    return {"stuck_jobs": names} if names else {}
