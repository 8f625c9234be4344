"""The job pool against the reference backend: concurrent starts, shared tokens, clear timeouts."""

from __future__ import annotations

import pytest

from rekognition_conformance.clients import make_clients
from rekognition_conformance.jobs import JobPool, JobUnavailable
from rekognition_conformance.storage import VideoBucket
from rekognition_conformance.targets import reference_target

KEYS = ["labels.default", "labels.min50", "labels.lower"]


@pytest.fixture(scope="module")
def slow_backend():
    target = reference_target(job_latency=30.0)
    clients = make_clients(target)
    bucket = VideoBucket(clients.s3, region=target.region, run_id="pooltest", bucket=None)
    videos = {key: {"S3Object": obj} for key, (obj, _meta) in bucket.upload_fixtures().items()}
    yield clients, videos
    bucket.cleanup()
    target.close()


def _pool(slow_backend, run_id: str, **kwargs) -> JobPool:
    clients, videos = slow_backend
    return JobPool(clients.rekognition, videos, run_id=run_id, timeout=kwargs.pop("timeout", 60.0), **kwargs)


def test_start_all_starts_every_job_before_any_finishes(slow_backend):
    pool = _pool(slow_backend, "concurrent")
    pool.start_all(KEYS)
    assert pool.start_calls == len(KEYS)
    assert all(pool.runs[k].job_id for k in KEYS)
    clients, _ = slow_backend
    statuses = {
        k: clients.rekognition.call("GetLabelDetection", {"JobId": pool.runs[k].job_id}).body["JobStatus"]
        for k in KEYS
    }
    assert set(statuses.values()) == {"IN_PROGRESS"}


def test_starting_again_starts_nothing(slow_backend):
    pool = _pool(slow_backend, "again")
    pool.start_all(KEYS)
    pool.start_all(KEYS)
    assert pool.start_calls == len(KEYS)


def test_same_run_id_gets_the_same_jobs_back(slow_backend):
    first, second, other = (_pool(slow_backend, r) for r in ("same", "same", "other"))
    for pool in (first, second, other):
        pool.start_all(KEYS[:1])
    assert first.runs[KEYS[0]].job_id == second.runs[KEYS[0]].job_id != other.runs[KEYS[0]].job_id


def test_timeout_names_the_job_and_its_last_status(slow_backend):
    messages: list[str] = []
    pool = _pool(slow_backend, "timeout", timeout=1.0, progress=messages.append, progress_every=0.3)
    with pytest.raises(JobUnavailable) as caught:
        pool.wait("labels.default")
    text = str(caught.value)
    run = pool.runs["labels.default"]
    assert "labels.default" in text and run.job_id in text and "IN_PROGRESS" in text and "--job-timeout" in text
    assert any("waiting for job labels.default" in m for m in messages)
    # The failure is remembered: a second test needing the job fails at once with the same reason.
    with pytest.raises(JobUnavailable, match="still IN_PROGRESS"):
        pool.wait("labels.default")


def test_a_start_the_backend_rejects_is_reported_with_its_answer(slow_backend):
    clients, videos = slow_backend
    missing = {"short": {"S3Object": {**videos["short"]["S3Object"], "Name": "missing.mp4"}}}
    pool = JobPool(clients.rekognition, missing, run_id="rejected", timeout=5.0)
    with pytest.raises(JobUnavailable, match=r"StartLabelDetection failed.*InvalidS3ObjectException"):
        pool.wait("labels.default")
