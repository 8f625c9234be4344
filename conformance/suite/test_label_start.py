"""StartLabelDetection: responses, idempotency, and rejection of bad requests."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from hypothesis import given

from conformance.catalogue.labels import LONG, SHORT
from conformance.checks import bind, errors, idempotency
from conformance.strategies import Mutation, invalid_requests, mutations
from conformance.suite.common import (
    START_LABELS,
    judge_invalid_parameter,
    judge_mismatch,
    judge_missing_object,
    judge_response,
)

pytestmark = [pytest.mark.family("labels"), pytest.mark.jobs(LONG, *SHORT)]

# The shape of a valid request with every optional member that can be set without side effects
# (a NotificationChannel would make a real backend publish to SNS). The Video is replaced at run time.
TEMPLATE: dict[str, Any] = {
    "Video": {"S3Object": {"Bucket": "placeholder-bucket", "Name": "placeholder.mp4"}},
    "ClientRequestToken": "placeholder-token",
    "MinConfidence": 50.0,
    "JobTag": "rc-invalid-request",
    "Features": ["GENERAL_LABELS"],
    "Settings": {"GeneralLabels": {"LabelInclusionFilters": ["Person"], "LabelCategoryExclusionFilters": ["Text"]}},
}
START_MUTATIONS = mutations(START_LABELS, TEMPLATE)


def _fresh_token(run_id: str, salt: str) -> str:
    return hashlib.sha256(f"{run_id}:invalid:{salt}".encode()).hexdigest()[:40]


def _invalid_request(mutation: Mutation, video: dict[str, Any], run_id: str) -> dict[str, Any]:
    base = {**TEMPLATE, "Video": video, "ClientRequestToken": _fresh_token(run_id, mutation.describe())}
    return mutation.apply(base)


def test_start_responses_conform(job_pool, verdict):
    for key in sorted(job_pool.runs):
        judge_response(verdict, job_pool.runs[key].start)


def test_same_token_and_parameters_return_the_same_job(job_pool, finished, clients, verdict):
    run = finished("labels.default")
    repeat = clients.rekognition.call(START_LABELS, run.request)
    verdict.check(idempotency.check_same_job, run.start, repeat)


def test_same_token_with_other_parameters_is_rejected(job_pool, finished, clients, verdict):
    run = finished("labels.default")
    changed = {**run.request, "MinConfidence": 77.0}
    answer = clients.rekognition.call(START_LABELS, changed)
    judge_mismatch(verdict, answer)


def test_missing_s3_object_is_rejected(fixture_videos, clients, pytestconfig, verdict):
    video = fixture_videos["short"].video
    missing = {"S3Object": {**video["S3Object"], "Name": video["S3Object"]["Name"] + ".does-not-exist"}}
    request = {"Video": missing, "ClientRequestToken": _fresh_token(pytestconfig.getoption("run_id"), "missing")}
    answer = clients.rekognition.call(START_LABELS, request)
    judge_missing_object(verdict, answer)


@pytest.mark.parametrize("mutation", START_MUTATIONS, ids=[f"{m.member}-{m.constraint}" for m in START_MUTATIONS])
def test_each_constraint_violation_is_rejected(mutation, fixture_videos, clients, pytestconfig, verdict):
    request = _invalid_request(mutation, fixture_videos["short"].video, pytestconfig.getoption("run_id"))
    judge_invalid_parameter(verdict, clients.raw.send(START_LABELS, request))


@given(mutation=invalid_requests(START_LABELS, TEMPLATE))
def test_drawn_constraint_violations_are_rejected(mutation, fixture_videos, clients, pytestconfig, verdict):
    request = _invalid_request(mutation, fixture_videos["short"].video, pytestconfig.getoption("run_id"))
    judge_invalid_parameter(verdict, clients.raw.send(START_LABELS, request))
    verdict.assert_clean()


UNAUTHENTICATED = [("none", "ERRORS.UNSIGNED"), ("wrong-secret", "ERRORS.BAD_SIGNATURE")]


@pytest.mark.parametrize(("signing", "rule_id"), UNAUTHENTICATED)
def test_unauthenticated_start_is_rejected(signing, rule_id, fixture_videos, clients, pytestconfig, verdict):
    token = _fresh_token(pytestconfig.getoption("run_id"), signing)
    request = {"Video": fixture_videos["short"].video, "ClientRequestToken": token}
    answer = clients.raw.send(START_LABELS, request, signing=signing)
    verdict.check(bind(errors.check_rejected, rule_id), answer)
