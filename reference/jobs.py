"""Asynchronous stored-video analysis jobs, shared by every Start*/Get* family.

A Start* request is checked synchronously: idempotency, the S3 object, the concurrent-job limit.
It then gets a JobId at once while a background worker probes the video and runs the family's
analyzer. The job reads IN_PROGRESS until ``latency`` seconds have passed *and* the worker is done,
then SUCCEEDED with results computed once and never changed again, or FAILED with a StatusMessage.
Get* requests only read state under a lock, so they stay fast whatever the latency.

Families plug in with an :data:`Analyzer`: ``(video bytes, VideoMetadata, Start params) -> results``.
The results are whatever immutable value the family's result view knows how to page through.
"""

from __future__ import annotations

import copy
import enum
import secrets
import sys
import threading
import time
import traceback
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Protocol

from rekognition_conformance.reference.protocol import ServiceError
from rekognition_conformance.reference.video import UnsupportedVideo, probe

DEFAULT_MAX_IN_PROGRESS = 20

S3_OBJECT_MESSAGE = "Unable to get object metadata from S3. Check object key, region and/or access permissions."

Analyzer = Callable[[bytes, Mapping[str, Any], Mapping[str, Any]], Any]


class JobStatus(enum.StrEnum):
    IN_PROGRESS = "IN_PROGRESS"
    SUCCEEDED = "SUCCEEDED"
    FAILED = "FAILED"


class ObjectSource(Protocol):
    def get_object(self, bucket: str, key: str, version: str | None = None) -> bytes | None: ...


@dataclass(frozen=True)
class Outcome:
    """What the worker produced: metadata and results, or a failure message."""

    status: JobStatus
    video_metadata: Mapping[str, Any] | None = None
    results: Any = None
    status_message: str | None = None


@dataclass
class _Job:
    job_id: str
    operation: str
    params: dict[str, Any]
    ready_at: float
    outcome: Outcome | None = None


@dataclass(frozen=True)
class JobSnapshot:
    """A job as a Get* request sees it at one moment."""

    job_id: str
    operation: str
    params: Mapping[str, Any]
    status: JobStatus
    video_metadata: Mapping[str, Any] | None = None
    results: Any = None
    status_message: str | None = None


def _without_token(params: Mapping[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in params.items() if name != "ClientRequestToken"}


def _s3_object(params: Mapping[str, Any]) -> tuple[str, str, str | None]:
    s3_object = (params.get("Video") or {}).get("S3Object") or {}
    bucket, name = s3_object.get("Bucket"), s3_object.get("Name")
    if not bucket or not name:
        raise ServiceError("InvalidParameterException", "Video.S3Object must name a Bucket and a Name.")
    return bucket, name, s3_object.get("Version")


class JobStore:
    """Thread-safe registry of jobs, with the worker pool that analyses them."""

    def __init__(
        self,
        objects: ObjectSource,
        *,
        latency: float = 0.0,
        max_in_progress: int = DEFAULT_MAX_IN_PROGRESS,
        workers: int = 2,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._objects = objects
        self._latency = latency
        self._max_in_progress = max_in_progress
        self._clock = clock
        self._lock = threading.Lock()
        self._jobs: dict[str, _Job] = {}
        self._by_token: dict[tuple[str, str], str] = {}
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="reference-job")

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)

    def _status(self, job: _Job) -> JobStatus:
        if job.outcome is None or self._clock() < job.ready_at:
            return JobStatus.IN_PROGRESS
        return job.outcome.status

    def start(self, operation: str, params: Mapping[str, Any], analyzer: Analyzer) -> str:
        """Register a job for Start operation ``operation`` and return its JobId."""
        token = params.get("ClientRequestToken")
        with self._lock:
            if token is not None:
                existing = self._by_token.get((operation, token))
                if existing is not None:
                    if _without_token(self._jobs[existing].params) != _without_token(params):
                        raise ServiceError(
                            "IdempotentParameterMismatchException",
                            f"ClientRequestToken '{token}' was already used with different parameters.",
                        )
                    return existing
            bucket, name, version = _s3_object(params)
            video = self._objects.get_object(bucket, name, version)
            if video is None:
                raise ServiceError("InvalidS3ObjectException", S3_OBJECT_MESSAGE)
            running = sum(1 for job in self._jobs.values() if self._status(job) is JobStatus.IN_PROGRESS)
            if running >= self._max_in_progress:
                raise ServiceError(
                    "LimitExceededException",
                    f"{running} jobs are already IN_PROGRESS, the limit of concurrent jobs. "
                    "Wait for some to finish before starting another.",
                )
            job = _Job(
                job_id=secrets.token_hex(32),
                operation=operation,
                params=copy.deepcopy(dict(params)),
                ready_at=self._clock() + self._latency,
            )
            self._jobs[job.job_id] = job
            if token is not None:
                self._by_token[(operation, token)] = job.job_id
        self._pool.submit(self._run, job, video, analyzer)
        return job.job_id

    def _run(self, job: _Job, video: bytes, analyzer: Analyzer) -> None:
        try:
            metadata = probe(video)
            outcome = Outcome(JobStatus.SUCCEEDED, metadata, analyzer(video, metadata, job.params))
        except UnsupportedVideo as exc:
            outcome = Outcome(JobStatus.FAILED, status_message=f"Unsupported video: {exc}")
        except Exception:
            traceback.print_exc(file=sys.stderr)
            outcome = Outcome(JobStatus.FAILED, status_message="Internal error while analysing the video.")
        with self._lock:
            job.outcome = outcome

    def get(self, job_id: str, operation: str) -> JobSnapshot:
        """The job ``job_id`` as started by ``operation``; ResourceNotFoundException for any other."""
        with self._lock:
            job = self._jobs.get(job_id)
            if job is None or job.operation != operation:
                raise ServiceError("ResourceNotFoundException", f"Job {job_id} was not found.")
            status = self._status(job)
            if status is JobStatus.IN_PROGRESS or job.outcome is None:
                return JobSnapshot(job.job_id, job.operation, job.params, JobStatus.IN_PROGRESS)
            outcome = job.outcome
        return JobSnapshot(
            job.job_id,
            job.operation,
            job.params,
            outcome.status,
            outcome.video_metadata,
            outcome.results,
            outcome.status_message,
        )
