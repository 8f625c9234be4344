"""StartPersonTracking and GetPersonTracking: Start answers, idempotency and rejections; every page's schema,
pagination, the TIMESTAMP and INDEX orders and the default sort, echoes, video metadata, status, and the faces
person tracking returns; and the rejection of unknown jobs, foreign tokens, bad parameters and unsigned requests.

AWS ended support for people pathing on 2025-10-31 (the GetPersonTracking documentation: "On October 31, 2025,
AWS will discontinue support for Amazon Rekognition People Pathing."). The suite still judges backends that
serve it; one that does not shows as not implemented.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conformance.catalogue.persons import DEFAULT, KEYS
from conformance.checks import bind, errors, faces, pagination, persons
from conformance.listing import read_listing
from conformance.strategies import get_parameters, invalid_requests, mutations
from conformance.suite import face_families as shared
from conformance.suite.common import (
    items_or_inconclusive,
    judge_invalid_parameter,
    judge_mismatch,
    judge_missing_object,
    judge_response,
)

START = "StartPersonTracking"
GET = "GetPersonTracking"
MEMBER = "Persons"
SORTS = ("TIMESTAMP", "INDEX")
# The Get parameter sets whose listings the suite reads.
VARIANTS = {
    "default": {},
    "timestamp": {"SortBy": "TIMESTAMP"},
    "index": {"SortBy": "INDEX"},
    "index-small-pages": {"SortBy": "INDEX", "MaxResults": shared.SMALL_PAGE},
}

pytestmark = [pytest.mark.family("persons"), pytest.mark.jobs(*KEYS)]

START_TEMPLATE: dict[str, Any] = {
    "Video": shared.PLACEHOLDER_VIDEO,
    "ClientRequestToken": "placeholder-token",
    "JobTag": "rc-invalid-request",
}
START_MUTATIONS = mutations(START, START_TEMPLATE)


def _invalid_start(mutation, video: dict[str, Any], run_id: str) -> dict[str, Any]:
    token = shared.fresh_token(run_id, f"{START}:{mutation.describe()}")
    return mutation.apply({**START_TEMPLATE, "Video": video, "ClientRequestToken": token})


# --- StartPersonTracking ------------------------------------------------------------------------------


def test_start_responses_conform(finished, verdict):
    for key in KEYS:
        judge_response(verdict, finished(key).start)


def test_same_token_and_parameters_return_the_same_job(finished, clients, verdict):
    run = finished(DEFAULT)
    shared.judge_same_job(verdict, run, clients.rekognition.call(START, run.request))


def test_same_token_with_another_video_is_rejected(finished, fixture_videos, clients, verdict):
    # The other object is not a video, so a backend that wrongly starts a job spends nothing on it.
    run = finished(DEFAULT)
    changed = {**run.request, "Video": fixture_videos["not_a_video"].video}
    judge_mismatch(verdict, clients.rekognition.call(START, changed))


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


# --- GetPersonTracking results -------------------------------------------------------------------------


def test_timestamp_sort(listing, verdict):
    chain = listing(DEFAULT, SortBy="TIMESTAMP")
    items = items_or_inconclusive(verdict, chain, "the short fixture")
    verdict.check(persons.check_person_timestamp_order, GET, items, chain.params)


def test_default_sort_is_timestamp(listing, verdict):
    default, by_timestamp = listing(DEFAULT), listing(DEFAULT, SortBy="TIMESTAMP")
    items_or_inconclusive(verdict, default, "the short fixture")
    verdict.check(persons.check_person_default_sort, GET, default.items, by_timestamp.items, default.params)


@pytest.mark.parametrize("variant", ["index", "index-small-pages"])
def test_index_sort_groups_each_person(variant, listing, verdict):
    chain = listing(DEFAULT, **VARIANTS[variant])
    items = items_or_inconclusive(verdict, chain, "the short fixture")
    verdict.check(persons.check_index_groups, GET, items, chain.params)
    verdict.check(persons.check_index_order, GET, items, chain.params)
    verdict.check(persons.check_index_confidence, GET, items, chain.params)


@pytest.mark.parametrize("variant", ["default", "index"])
def test_persons_carry_an_index_and_default_face_attributes(variant, listing, verdict):
    chain = listing(DEFAULT, **VARIANTS[variant])
    items = items_or_inconclusive(verdict, chain, "the short fixture")
    verdict.check(persons.check_index_present, GET, items, chain.params)
    verdict.check(persons.check_person_faces, GET, items, chain.params)
    verdict.check(faces.check_quality_range, GET, items, chain.params, path=persons.FACE_PATH)


@given(data=st.data(), params=get_parameters(sort_by=SORTS))
def test_any_page_size_and_sort(data, params, finished, listing, clients, verdict):
    run = finished(DEFAULT)
    given_params = {k: v for k, v in params.items() if v is not None}
    reference = listing(DEFAULT, MaxResults=1000, **given_params)
    max_results = shared.drawn_page_size(data, len(reference.items))
    chain = read_listing(clients.rekognition, GET, MEMBER, run.job_id, MaxResults=max_results, **given_params)
    verdict.check(pagination.check_page_size, chain.pages, MEMBER, max_results)
    verdict.check(pagination.check_token_chain, chain.pages, MEMBER, expected_total=len(reference.items))
    verdict.check(pagination.check_complete, chain.pages, MEMBER, reference.items)
    if given_params.get("SortBy") == "INDEX":
        verdict.check(persons.check_index_groups, GET, chain.items, chain.params)
    else:
        verdict.check(persons.check_person_timestamp_order, GET, chain.items, chain.params)
    verdict.assert_clean()


# --- GetPersonTracking rejections ----------------------------------------------------------------------
