"""GetFaceSearch's own rules against finished jobs on the short fixture and the run's face collection: the
INDEX sort, the default facial attributes, matches naming faces of the collection; an unknown collection
refused, and the same token with another FaceMatchThreshold refused.

The tests every video family shares (answers, pagination, echoes, video metadata, status, rejections,
Start-side refusals) are in ``test_video_gets`` and ``test_video_starts``; the FaceMatchThreshold tests in
``test_video_thresholds``.
"""

from __future__ import annotations

import hashlib

import pytest

from rekognition_conformance.catalogue.face_search import ALL, DEFAULT
from rekognition_conformance.checks import (
    bind,
    collections,
    face_search,
)
from rekognition_conformance.resources import read_pages
from rekognition_conformance.suite.common import (
    items_or_inconclusive,
    judge_error,
    judge_mismatch,
)

START = "StartFaceSearch"
GET = "GetFaceSearch"

pytestmark = [pytest.mark.family("face_search"), pytest.mark.jobs(*ALL)]


def _fresh_token(run_id: str, salt: str) -> str:
    return hashlib.sha256(f"{run_id}:face-search:{salt}".encode()).hexdigest()[:40]


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
