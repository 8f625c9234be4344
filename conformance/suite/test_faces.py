"""StartFaceDetection and GetFaceDetection: Start answers, idempotency and rejections; every page's schema,
pagination, timestamp order, echoes, video metadata and status; the FaceAttributes choice (DEFAULT, ALL and
omitted); and the rejection of unknown jobs, foreign tokens, bad parameters and unsigned requests.

Every job runs once on the short fixture; listings are read once per distinct set of Get parameters.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conformance.catalogue.faces import ALL, DEFAULT, EXPLICIT_DEFAULT, KEYS
from conformance.checks import bind, errors, faces, pagination
from conformance.listing import read_listing
from conformance.strategies import invalid_requests, mutations
from conformance.suite import face_families as shared
from conformance.suite.common import (
    items_or_inconclusive,
    judge_invalid_parameter,
    judge_mismatch,
    judge_missing_object,
    judge_response,
)

START = "StartFaceDetection"
GET = "GetFaceDetection"
MEMBER = "Faces"

pytestmark = [pytest.mark.family("faces"), pytest.mark.jobs(*KEYS)]

# A valid request with every optional member that can be set without side effects (a NotificationChannel
# would make a real backend publish to SNS). The Video and token are replaced at run time.
START_TEMPLATE: dict[str, Any] = {
    "Video": shared.PLACEHOLDER_VIDEO,
    "ClientRequestToken": "placeholder-token",
    "FaceAttributes": "DEFAULT",
    "JobTag": "rc-invalid-request",
}
START_MUTATIONS = mutations(START, START_TEMPLATE)


def _invalid_start(mutation, video: dict[str, Any], run_id: str) -> dict[str, Any]:
    token = shared.fresh_token(run_id, f"{START}:{mutation.describe()}")
    return mutation.apply({**START_TEMPLATE, "Video": video, "ClientRequestToken": token})


# --- StartFaceDetection -------------------------------------------------------------------------------


def test_start_responses_conform(finished, verdict):
    for key in KEYS:
        judge_response(verdict, finished(key).start)


def test_same_token_and_parameters_return_the_same_job(finished, clients, verdict):
    run = finished(DEFAULT)
    shared.judge_same_job(verdict, run, clients.rekognition.call(START, run.request))


def test_same_token_with_other_face_attributes_is_rejected(finished, clients, verdict):
    run = finished(DEFAULT)
    judge_mismatch(verdict, clients.rekognition.call(START, {**run.request, "FaceAttributes": "ALL"}))


def test_missing_s3_object_is_rejected(fixture_videos, clients, pytestconfig, verdict):
    request = shared.missing_object_request(fixture_videos["short"].video, pytestconfig.getoption("run_id"), START)
    judge_missing_object(verdict, clients.rekognition.call(START, request))


@pytest.mark.parametrize("mutation", START_MUTATIONS, ids=shared.mutation_ids(START_MUTATIONS))
def test_each_start_constraint_violation_is_rejected(mutation, fixture_videos, clients, pytestconfig, verdict):
    request = _invalid_start(mutation, fixture_videos["short"].video, pytestconfig.getoption("run_id"))
    judge_invalid_parameter(verdict, clients.raw.send(START, request))


@given(mutation=invalid_requests(START, START_TEMPLATE))
def test_drawn_start_constraint_violations_are_rejected(mutation, fixture_videos, clients, pytestconfig, verdict):
    request = _invalid_start(mutation, fixture_videos["short"].video, pytestconfig.getoption("run_id"))
    judge_invalid_parameter(verdict, clients.raw.send(START, request))
    verdict.assert_clean()


@pytest.mark.parametrize(("signing", "rule_id"), shared.UNAUTHENTICATED)
def test_unauthenticated_start_is_rejected(signing, rule_id, fixture_videos, clients, pytestconfig, verdict):
    token = shared.fresh_token(pytestconfig.getoption("run_id"), f"{START}:{signing}")
    request = {"Video": fixture_videos["short"].video, "ClientRequestToken": token}
    answer = clients.raw.send(START, request, signing=signing)
    verdict.check(bind(errors.check_rejected, rule_id), answer)


# --- GetFaceDetection results --------------------------------------------------------------------------


@pytest.mark.parametrize("key", KEYS)
def test_faces_are_in_timestamp_order(key, listing, verdict):
    chain = listing(key, MaxResults=shared.SMALL_PAGE)
    items = items_or_inconclusive(verdict, chain, key)
    verdict.check(faces.check_face_timestamp_order, GET, items, chain.params)


def test_face_attributes_default_returns_the_default_attributes_only(listing, verdict):
    chain = listing(EXPLICIT_DEFAULT)
    items = items_or_inconclusive(verdict, chain, EXPLICIT_DEFAULT)
    verdict.check(faces.check_default_attributes, GET, items, chain.params)


def test_face_attributes_all_returns_every_attribute(listing, verdict):
    chain = listing(ALL)
    items = items_or_inconclusive(verdict, chain, ALL)
    verdict.check(faces.check_all_attributes, GET, items, chain.params)


def test_omitted_face_attributes_mean_default(listing, verdict):
    omitted, explicit = listing(DEFAULT), listing(EXPLICIT_DEFAULT)
    items_or_inconclusive(verdict, omitted, DEFAULT)
    verdict.check(faces.check_omitted_attributes, GET, omitted.items, explicit.items, omitted.params)


@pytest.mark.parametrize("key", KEYS)
def test_faces_have_no_occlusion_or_eye_direction_and_quality_in_range(key, listing, verdict):
    chain = listing(key)
    items = items_or_inconclusive(verdict, chain, key)
    verdict.check(faces.check_null_attributes, GET, items, chain.params)
    verdict.check(faces.check_quality_range, GET, items, chain.params)


@given(data=st.data())
def test_any_page_size(data, finished, listing, clients, verdict):
    run = finished(ALL)
    reference = listing(ALL, MaxResults=1000)
    max_results = shared.drawn_page_size(data, len(reference.items))
    chain = read_listing(clients.rekognition, GET, MEMBER, run.job_id, MaxResults=max_results)
    verdict.check(pagination.check_page_size, chain.pages, MEMBER, max_results)
    verdict.check(pagination.check_token_chain, chain.pages, MEMBER, expected_total=len(reference.items))
    verdict.check(pagination.check_complete, chain.pages, MEMBER, reference.items)
    verdict.check(faces.check_face_timestamp_order, GET, chain.items, chain.params)
    verdict.assert_clean()


# --- GetFaceDetection rejections -----------------------------------------------------------------------
