"""Video face search on the reference backend: the collection it needs, FaceMatchThreshold, sorting, paging,
the collection snapshot a job searches, and idempotency, on the real short fixture video."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest

from rekognition_conformance.fixtures.images import face_image
from rekognition_conformance.fixtures.videos import ensure
from tests.unit.collection_env import BUCKET, Env, reference_env

VIDEO = {"S3Object": {"Bucket": BUCKET, "Name": "short.mp4"}}
COLLECTION = "people"


@pytest.fixture(scope="module")
def env() -> Iterator[Env]:
    with reference_env() as found:
        found.s3.put_object(Bucket=BUCKET, Key="short.mp4", Body=ensure("short").read_bytes())
        found.call("CreateCollection", CollectionId=COLLECTION)
        found.call("IndexFaces", CollectionId=COLLECTION, Image={"Bytes": face_image()}, ExternalImageId="cast")
        yield found


def start(env: Env, collection: str = COLLECTION, **params: Any) -> str:
    return env.call("StartFaceSearch", Video=VIDEO, CollectionId=collection, **params)["JobId"]


def persons(env: Env, job_id: str, **params: Any) -> list[dict[str, Any]]:
    while env.call("GetFaceSearch", JobId=job_id, MaxResults=1)["JobStatus"] == "IN_PROGRESS":
        time.sleep(0.05)
    found, token = [], {}
    while True:
        page = env.call("GetFaceSearch", JobId=job_id, **params, **token)
        assert page["JobStatus"] == "SUCCEEDED" and page["VideoMetadata"]["DurationMillis"] == 10000
        found += page["Persons"]
        if "NextToken" not in page:
            return found
        token = {"NextToken": page["NextToken"]}


def matches(items: list[dict[str, Any]]) -> list[tuple[int, str, float]]:
    return sorted((p["Timestamp"], m["Face"]["FaceId"], m["Similarity"]) for p in items for m in p["FaceMatches"])


@pytest.fixture(scope="module")
def jobs(env: Env) -> dict[str, str]:
    return {
        "default": start(env, JobTag="tag"),
        "80": start(env, FaceMatchThreshold=80.0),
        "50": start(env, FaceMatchThreshold=50.0),
        "95": start(env, FaceMatchThreshold=95.0),
    }


def test_an_unknown_collection_is_refused(env: Env):
    assert env.error("StartFaceSearch", Video=VIDEO, CollectionId="nobody") == "ResourceNotFoundException"


def test_default_threshold_is_80_and_lower_thresholds_add_matches(env: Env, jobs: dict[str, str]):
    default, at_80 = persons(env, jobs["default"]), persons(env, jobs["80"])
    lower, higher = persons(env, jobs["50"]), persons(env, jobs["95"])
    assert default and matches(default) == matches(at_80)
    assert all(s >= 80 for _, _, s in matches(default))
    assert set(matches(default)) < set(matches(lower))
    assert any(50 <= s < 80 for _, _, s in matches(lower))
    assert set(matches(higher)) < set(matches(default)) and all(s >= 95 for _, _, s in matches(higher))
    assert len({p["Person"]["Index"] for p in default}) > 1
    # Every person returned matches at least one face, and only faces of the collection.
    faces = {f["FaceId"] for f in env.call("ListFaces", CollectionId=COLLECTION)["Faces"]}
    assert all(p["FaceMatches"] for p in lower)
    assert {face_id for _, face_id, _ in matches(lower)} <= faces


def test_sorting(env: Env, jobs: dict[str, str]):
    default = persons(env, jobs["default"])
    key = [(p["Timestamp"], p["Person"]["Index"]) for p in default]
    assert key == sorted(key) and persons(env, jobs["default"], SortBy="TIMESTAMP") == default
    by_index = persons(env, jobs["default"], SortBy="INDEX")
    assert [(p["Person"]["Index"], p["Timestamp"]) for p in by_index] == sorted(
        (p["Person"]["Index"], p["Timestamp"]) for p in default
    )


def test_paging_and_echoes(env: Env, jobs: dict[str, str]):
    default = persons(env, jobs["default"])
    assert persons(env, jobs["default"], MaxResults=7) == default
    page = env.call("GetFaceSearch", JobId=jobs["default"], MaxResults=1)
    assert page["JobId"] == jobs["default"] and page["JobTag"] == "tag" and page["Video"] == VIDEO
    assert "GetRequestMetadata" not in page
    assert env.error("GetFaceSearch", JobId=jobs["default"], NextToken="garbage") == "InvalidPaginationTokenException"


def test_matched_persons_carry_the_default_facial_attributes_only(env: Env, jobs: dict[str, str]):
    for item in persons(env, jobs["50"]):
        assert set(item["Person"]["Face"]) == {"BoundingBox", "Confidence", "Landmarks", "Pose", "Quality"}
        similarities = [m["Similarity"] for m in item["FaceMatches"]]
        assert similarities == sorted(similarities, reverse=True)


def test_a_job_searches_the_collection_as_it_was_when_it_started(env: Env):
    env.call("CreateCollection", CollectionId="snapshot")
    env.call("IndexFaces", CollectionId="snapshot", Image={"Bytes": face_image()})
    job = start(env, "snapshot")
    before = matches(persons(env, job))
    env.call("IndexFaces", CollectionId="snapshot", Image={"Bytes": face_image()}, ExternalImageId="later")
    env.call("DeleteCollection", CollectionId="snapshot")
    assert matches(persons(env, job)) == before


def test_an_empty_collection_matches_nobody(env: Env):
    env.call("CreateCollection", CollectionId="empty")
    assert persons(env, start(env, "empty")) == []


def test_idempotency(env: Env):
    first = start(env, ClientRequestToken="token-1")
    assert start(env, ClientRequestToken="token-1") == first
    assert env.error("StartFaceSearch", Video=VIDEO, CollectionId=COLLECTION, ClientRequestToken="token-1",
                     FaceMatchThreshold=60.0) == "IdempotentParameterMismatchException"


def test_jobs_take_as_long_as_the_configured_latency():
    with reference_env(job_latency=0.5) as slow:
        slow.s3.put_object(Bucket=BUCKET, Key="short.mp4", Body=ensure("short").read_bytes())
        slow.call("CreateCollection", CollectionId="c")
        job = start(slow, "c")
        assert slow.call("GetFaceSearch", JobId=job)["JobStatus"] == "IN_PROGRESS"
        time.sleep(0.7)
        persons(slow, job)
