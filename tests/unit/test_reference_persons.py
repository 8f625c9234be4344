"""Person tracking semantics of the reference backend, on the real fixture videos through botocore.

Covers what GetPersonTracking returns: schema-valid pages, people who leave and come back under one Index,
the TIMESTAMP (default) and INDEX orders, faces with the default attributes only, deterministic results, and
tokens bound to the sort order they were issued for.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

import botocore.exceptions
import pytest

from rekognition_conformance.checks.faces import DEFAULT_ATTRIBUTES
from rekognition_conformance.reference.facemodel import SAMPLE_INTERVAL_MS
from rekognition_conformance.spec.schemas import validator
from tests.unit.face_reference_env import Env, reference_env, video

GET = "get_person_tracking"


@pytest.fixture(scope="module")
def env() -> Iterator[tuple[Env, dict[str, str]]]:
    with reference_env() as e:
        jobs = {
            "short": e.rek.start_person_tracking(Video=video(), JobTag="persons")["JobId"],
            "copy": e.rek.start_person_tracking(Video=video("short-copy.mp4"))["JobId"],
        }
        yield e, jobs


def persons(env: tuple[Env, dict[str, str]], job: str = "short", **params: Any) -> list[dict[str, Any]]:
    e, jobs = env
    return e.items(GET, "Persons", jobs[job], **params)


def test_pages_are_schema_valid_and_chain_to_the_whole_listing(env) -> None:
    e, jobs = env
    for sort_by in ("TIMESTAMP", "INDEX"):
        pages = e.pages(GET, jobs["short"], MaxResults=25, SortBy=sort_by)
        assert len(pages) > 3
        # Schema validation of a page is slow, so the first and the last page stand for the rest.
        for page in (pages[0], pages[-1]):
            validator("GetPersonTracking", "output").validate(page)
        for page in pages:
            assert page["JobTag"] == "persons" and "GetRequestMetadata" not in page
        assert [p for page in pages for p in page["Persons"]] == persons(env, SortBy=sort_by)


def test_timestamp_is_the_default_order(env) -> None:
    default = persons(env)
    assert default == persons(env, SortBy="TIMESTAMP")
    assert [(p["Timestamp"], p["Person"]["Index"]) for p in default] == sorted(
        (p["Timestamp"], p["Person"]["Index"]) for p in default
    )


def test_people_leave_and_come_back_under_the_same_index(env) -> None:
    seen: dict[int, list[int]] = {}
    for item in persons(env):
        seen.setdefault(item["Person"]["Index"], []).append(item["Timestamp"])
    assert len(seen) >= 3
    gaps = [max(b - a for a, b in itertools.pairwise(times)) for times in seen.values() if len(times) > 1]
    assert any(gap > SAMPLE_INTERVAL_MS for gap in gaps)


def test_index_order_groups_each_person_by_descending_face_confidence(env) -> None:
    items = persons(env, SortBy="INDEX")
    assert sorted(items, key=lambda p: (p["Timestamp"], p["Person"]["Index"])) == persons(env)
    indices = [p["Person"]["Index"] for p in items]
    assert indices == sorted(indices)
    for index in set(indices):
        group = [p["Person"] for p in items if p["Person"]["Index"] == index]
        confidences = [p["Face"]["Confidence"] for p in group if "Face" in p]
        assert confidences == sorted(confidences, reverse=True)
        # Detections without a face come last in the group.
        with_face = ["Face" in p for p in group]
        assert with_face == sorted(with_face, reverse=True)


def test_faces_carry_only_the_default_attributes_and_some_people_show_none(env) -> None:
    items = persons(env)
    faces = [p["Person"]["Face"] for p in items if "Face" in p["Person"]]
    assert faces and len(faces) < len(items)
    assert all(set(face) == DEFAULT_ATTRIBUTES for face in faces)


def test_results_depend_only_on_the_video_content(env) -> None:
    assert persons(env, "copy") == persons(env)


def test_a_token_is_bound_to_its_sort_order(env) -> None:
    e, jobs = env
    token = e.rek.get_person_tracking(JobId=jobs["short"], MaxResults=2, SortBy="INDEX")["NextToken"]
    with pytest.raises(botocore.exceptions.ClientError) as other_order:
        e.rek.get_person_tracking(JobId=jobs["short"], NextToken=token, SortBy="TIMESTAMP")
    assert other_order.value.response["Error"]["Code"] == "InvalidPaginationTokenException"
    following = e.rek.get_person_tracking(JobId=jobs["short"], NextToken=token, SortBy="INDEX", MaxResults=2)
    assert following["Persons"] == persons(env, SortBy="INDEX")[2:4]


def test_an_invalid_sort_is_rejected_and_a_reused_token_with_another_video_too(env) -> None:
    e, jobs = env
    with pytest.raises(botocore.exceptions.ClientError) as invalid:
        e.rek.get_person_tracking(JobId=jobs["short"], SortBy="NAME")
    assert invalid.value.response["Error"]["Code"] == "InvalidParameterException"
    e.rek.start_person_tracking(Video=video(), ClientRequestToken="persons-token")
    with pytest.raises(botocore.exceptions.ClientError) as mismatch:
        e.rek.start_person_tracking(Video=video("long.mp4"), ClientRequestToken="persons-token")
    assert mismatch.value.response["Error"]["Code"] == "IdempotentParameterMismatchException"
