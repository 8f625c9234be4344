"""The job pool judges the answers it acts on: a malformed JobStatus stops it at once, a flicker is on record."""

from __future__ import annotations

import json
import time

import pytest

from rekognition_conformance.checks.job_answers import check_job_answer, check_listing_status
from rekognition_conformance.checks.lifecycle import check_status_sequence
from rekognition_conformance.clients import make_clients
from rekognition_conformance.exchange import Exchange
from rekognition_conformance.jobs import JobPool, JobUnavailable
from rekognition_conformance.reference.faults import ENVIRONMENT_VARIABLE
from rekognition_conformance.storage import VideoBucket
from rekognition_conformance.targets import reference_target

KEY = "labels.default"


def _pool_against(monkeypatch: pytest.MonkeyPatch, fault: str | None, run_id: str):
    if fault:
        monkeypatch.setenv(ENVIRONMENT_VARIABLE, fault)
    else:
        monkeypatch.delenv(ENVIRONMENT_VARIABLE, raising=False)
    target = reference_target(job_latency=0.0)
    clients = make_clients(target)
    bucket = VideoBucket(clients.s3, region=target.region, run_id=run_id, bucket=None)
    videos = {key: {"S3Object": obj} for key, (obj, _meta) in bucket.upload_fixtures().items()}
    # A timeout far beyond the test's own bound: the pool must not get anywhere near it.
    return JobPool(clients.rekognition, videos, run_id=run_id, timeout=600.0), target


def test_a_lowercase_job_status_makes_the_job_unusable_at_once(monkeypatch):
    pool, target = _pool_against(monkeypatch, "job-status-lowercase", "lower")
    began = time.monotonic()
    try:
        with pytest.raises(JobUnavailable, match=r"SCHEMA.RESPONSE.*JobStatus") as caught:
            pool.wait(KEY)
    finally:
        target.close()
    assert time.monotonic() - began < 30
    # The first poll already answers in lower case (in_progress or succeeded): the pool stops there.
    answer = caught.value.answer
    assert answer is not None and answer.body["JobStatus"] in ("in_progress", "succeeded")
    [violation] = check_job_answer(answer)
    assert (violation.rule_id, violation.pointer) == ("SCHEMA.RESPONSE", "/JobStatus")
    assert violation.offending == f'"{answer.body["JobStatus"]}"'
    # The failure is remembered, with the answer, for every later test that needs the job.
    with pytest.raises(JobUnavailable) as again:
        pool.wait(KEY)
    assert again.value.answer is caught.value.answer


def test_a_succeeded_job_that_falls_back_to_in_progress_breaks_its_status_sequence(monkeypatch):
    pool, target = _pool_against(monkeypatch, "succeeded-flickers-in-progress", "flicker")
    try:
        run = pool.wait(KEY)
    finally:
        target.close()
    assert run.statuses[-2:] == ["SUCCEEDED", "IN_PROGRESS"]
    [violation] = check_status_sequence(run.spec.get_operation, run.statuses, {"JobId": run.job_id})
    assert violation.rule_id == "LIFECYCLE.STATUS"
    assert violation.pointer == f"statuses[{len(run.statuses) - 1}] /JobStatus"


def test_a_clean_job_is_read_once_more_after_it_finished(monkeypatch):
    pool, target = _pool_against(monkeypatch, None, "clean")
    try:
        run = pool.wait(KEY)
    finally:
        target.close()
    assert run.statuses[-2:] == ["SUCCEEDED", "SUCCEEDED"]
    assert check_status_sequence(run.spec.get_operation, run.statuses, {}) == []


def _answer(operation: str, body: object, status: int = 200) -> Exchange:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    return Exchange(operation, {"JobId": "j"}, status, raw)


@pytest.mark.parametrize(
    ("operation", "body", "pointer"),
    [
        ("GetLabelDetection", {"Labels": []}, "/JobStatus"),
        ("GetLabelDetection", {"JobStatus": ["SUCCEEDED"]}, "/JobStatus"),
        ("GetLabelDetection", {"JobStatus": "DONE"}, "/JobStatus"),
        ("GetLabelDetection", b"<html>ok</html>", ""),
        ("StartLabelDetection", {}, "/JobId"),
        ("StartLabelDetection", {"JobId": 7}, "/JobId"),
    ],
)
def test_a_job_answer_without_what_the_pool_needs_breaks_the_schema(operation, body, pointer):
    [violation] = check_job_answer(_answer(operation, body))
    assert (violation.rule_id, violation.pointer) == ("SCHEMA.RESPONSE", pointer)


@pytest.mark.parametrize(
    ("operation", "body", "status"),
    [("GetLabelDetection", {"JobStatus": "IN_PROGRESS"}, 200), ("StartLabelDetection", {"JobId": "j"}, 200),
     ("GetLabelDetection", {"__type": "ThrottlingException", "Message": "slow"}, 400)],
)
def test_a_well_formed_job_answer_passes(operation, body, status):
    assert check_job_answer(_answer(operation, body, status)) == []


def _page(status: str) -> Exchange:
    return _answer("GetLabelDetection", {"JobStatus": status, "Labels": []})


def test_a_listing_page_that_falls_back_after_success_breaks_stability():
    [violation] = check_listing_status("SUCCEEDED", [_page("SUCCEEDED"), _page("IN_PROGRESS")])
    assert (violation.rule_id, violation.pointer, violation.offending) == (
        "LIFECYCLE.STABLE", "page 1 /JobStatus", '"IN_PROGRESS"'
    )
    assert check_listing_status("SUCCEEDED", [_page("SUCCEEDED"), _page("SUCCEEDED")]) == []
