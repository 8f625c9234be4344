"""StartFaceSearch and GetFaceSearch against finished jobs on the short fixture and the run's face collection.

Start side: responses, idempotency, an unknown collection, a missing S3 object, constraint violations and
unsigned requests. Get side: the schema of every page, pagination across pages, both sort orders and the
default, FaceMatchThreshold (floor, default 80, a lower and a higher setting), the default facial
attributes, matches naming faces of the collection, echoes, video metadata, lifecycle, and the rejection
of unknown jobs, foreign tokens and bad parameters. Listings are read once per distinct set of Get
parameters and shared between tests.
"""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from hypothesis import given

from conformance.catalogue.face_search import ALL, DEFAULT
from conformance.checks import (
    bind,
    collections,
    errors,
    face_search,
    idempotency,
)
from conformance.strategies import Mutation, invalid_requests, mutations
from conformance.suite.common import (
    items_or_inconclusive,
    judge_error,
    judge_invalid_parameter,
    judge_mismatch,
    judge_missing_object,
    judge_response,
)
from conformance.suite.resources import read_pages

START = "StartFaceSearch"
GET = "GetFaceSearch"
MEMBER = "Persons"
VARIANTS: dict[str, dict[str, Any]] = {
    "default": {},
    "max1000": {"MaxResults": 1000},
    "timestamp": {"SortBy": "TIMESTAMP"},
    "index": {"SortBy": "INDEX"},
}
# Page sizes that cut the listing into one item per page, into several pages, and one above the largest value.
UNAUTHENTICATED = [("none", "ERRORS.UNSIGNED"), ("wrong-secret", "ERRORS.BAD_SIGNATURE")]

pytestmark = [pytest.mark.family("face_search"), pytest.mark.jobs(*ALL)]

# A valid request with every optional member that has no side effects; Video and CollectionId are replaced
# at run time by the fixture video and the run's collection.
START_TEMPLATE: dict[str, Any] = {
    "Video": {"S3Object": {"Bucket": "placeholder-bucket", "Name": "placeholder.mp4"}},
    "ClientRequestToken": "placeholder-token",
    "CollectionId": "placeholder-collection",
    "FaceMatchThreshold": 80.0,
    "JobTag": "rc-invalid-request",
}
START_MUTATIONS = mutations(START, START_TEMPLATE)


def _fresh_token(run_id: str, salt: str) -> str:
    return hashlib.sha256(f"{run_id}:face-search:{salt}".encode()).hexdigest()[:40]


def test_start_responses_conform(job_pool, verdict):
    for key in ALL:
        judge_response(verdict, job_pool.runs[key].start)


def test_index_sort_groups_each_person(listing, verdict):
    by_index, by_timestamp = listing(DEFAULT, SortBy="INDEX"), listing(DEFAULT, SortBy="TIMESTAMP")
    items = items_or_inconclusive(verdict, by_index, "the short fixture", "person matches")
    verdict.check(face_search.check_index_sort, GET, items, by_timestamp.items, by_index.params)
    verdict.check(face_search.check_index_order, GET, items, by_index.params)


@pytest.mark.parametrize("key", ALL)
def test_persons_carry_only_the_default_facial_attributes(key, listing, verdict):
    chain = listing(key)
    verdict.check(face_search.check_default_attributes, GET, chain.items, chain.params)


@pytest.mark.parametrize("key", ALL)
def test_matches_name_faces_of_the_collection(key, listing, face_collection, clients, verdict):
    chain = listing(key)
    items = items_or_inconclusive(verdict, chain, key, "person matches")
    faces = read_pages(clients.rekognition, "ListFaces", {"CollectionId": face_collection.collection_id})
    if faces.stopped:
        pytest.fail(f"cannot list the faces of {face_collection.collection_id}: {faces.stopped}", pytrace=False)
    face_ids = [face.get("FaceId") for face in faces.items("Faces") if isinstance(face, dict)]
    verdict.check(collections.check_match_faces, GET, face_search.face_matches(items), face_ids, chain.params)


def test_same_token_and_parameters_return_the_same_job(finished, clients, verdict):
    run = finished(DEFAULT)
    repeat = clients.rekognition.call(START, run.request)
    verdict.check(idempotency.check_same_job, run.start, repeat)


def test_same_token_with_other_parameters_is_rejected(finished, clients, verdict):
    run = finished(DEFAULT)
    answer = clients.rekognition.call(START, {**run.request, "FaceMatchThreshold": 77.0})
    judge_mismatch(verdict, answer)


def test_an_unknown_collection_is_rejected(fixture_videos, run_resources, clients, pytestconfig, verdict):
    request = {
        "Video": fixture_videos["short"].video,
        "CollectionId": run_resources.name("never-created"),
        "ClientRequestToken": _fresh_token(pytestconfig.getoption("run_id"), "unknown-collection"),
    }
    answer = clients.rekognition.call(START, request)
    verdict.check(bind(collections.check_refused, "COLLECTIONS.UNKNOWN"), answer, {"ResourceNotFoundException"})
    judge_error(verdict, answer)


def test_missing_s3_object_is_rejected(fixture_videos, face_collection, clients, pytestconfig, verdict):
    video = fixture_videos["short"].video
    missing = {"S3Object": {**video["S3Object"], "Name": video["S3Object"]["Name"] + ".does-not-exist"}}
    request = {
        "Video": missing,
        "CollectionId": face_collection.collection_id,
        "ClientRequestToken": _fresh_token(pytestconfig.getoption("run_id"), "missing"),
    }
    answer = clients.rekognition.call(START, request)
    judge_missing_object(verdict, answer)


def _invalid_start(mutation: Mutation, video: dict[str, Any], collection: str, run_id: str) -> dict[str, Any]:
    base = {
        **START_TEMPLATE,
        "Video": video,
        "CollectionId": collection,
        "ClientRequestToken": _fresh_token(run_id, mutation.describe()),
    }
    return mutation.apply(base)


@pytest.mark.parametrize("mutation", START_MUTATIONS, ids=[f"{m.member}-{m.constraint}" for m in START_MUTATIONS])
def test_each_start_constraint_violation_is_rejected(
    mutation, fixture_videos, face_collection, clients, pytestconfig, verdict
):
    request = _invalid_start(
        mutation, fixture_videos["short"].video, face_collection.collection_id, pytestconfig.getoption("run_id")
    )
    judge_invalid_parameter(verdict, clients.raw.send(START, request))


@given(mutation=invalid_requests(START, START_TEMPLATE))
def test_drawn_start_constraint_violations_are_rejected(
    mutation, fixture_videos, face_collection, clients, pytestconfig, verdict
):
    request = _invalid_start(
        mutation, fixture_videos["short"].video, face_collection.collection_id, pytestconfig.getoption("run_id")
    )
    judge_invalid_parameter(verdict, clients.raw.send(START, request))
    verdict.assert_clean()


@pytest.mark.parametrize(("signing", "rule_id"), UNAUTHENTICATED)
def test_unauthenticated_start_is_rejected(signing, rule_id, finished, face_collection, clients, verdict):
    answer = clients.raw.send(START, finished(DEFAULT).request, signing=signing)
    verdict.check(bind(errors.check_rejected, rule_id), answer)
