"""Face detection semantics of the reference backend, on the real fixture videos through botocore.

Covers what GetFaceDetection returns: schema-valid pages, enough faces for several pages, Timestamp order,
the FaceAttributes choice (omitted, DEFAULT, ALL), no FaceOccluded or EyeDirection, deterministic results,
and the rejections of unknown jobs, foreign tokens and reused tokens with other parameters.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import botocore.exceptions
import pytest

from rekognition_conformance.checks.faces import ALL_ATTRIBUTES, DEFAULT_ATTRIBUTES
from rekognition_conformance.spec.schemas import validator
from tests.unit.face_reference_env import Env, reference_env, video

GET = "get_face_detection"


@pytest.fixture(scope="module")
def env() -> Iterator[tuple[Env, dict[str, str]]]:
    with reference_env() as e:
        start = e.rek.start_face_detection
        jobs = {
            "omitted": start(Video=video(), JobTag="faces-omitted")["JobId"],
            "default": start(Video=video(), FaceAttributes="DEFAULT")["JobId"],
            "all": start(Video=video(), FaceAttributes="ALL")["JobId"],
            "copy": start(Video=video("short-copy.mp4"), FaceAttributes="ALL")["JobId"],
            "long": start(Video=video("long.mp4"))["JobId"],
        }
        yield e, jobs


def faces(env: tuple[Env, dict[str, str]], job: str, **params: Any) -> list[dict[str, Any]]:
    e, jobs = env
    return e.items(GET, "Faces", jobs[job], **params)


def test_pages_are_schema_valid_and_chain_to_the_whole_listing(env) -> None:
    e, jobs = env
    pages = e.pages(GET, jobs["all"], MaxResults=25)
    assert len(pages) > 3 and all(len(page["Faces"]) == 25 for page in pages[:-1])
    # Schema validation of a page is slow, so the first and the last page stand for the rest.
    for page in (pages[0], pages[-1]):
        validator("GetFaceDetection", "output").validate(page)
    for page in pages:
        assert page["VideoMetadata"]["FrameWidth"] == 640 and "GetRequestMetadata" not in page
    assert [face for page in pages for face in page["Faces"]] == faces(env, "all")


def test_the_short_video_holds_about_a_hundred_faces_in_timestamp_order(env) -> None:
    items = faces(env, "omitted")
    assert 50 <= len(items) < 1000
    timestamps = [item["Timestamp"] for item in items]
    assert timestamps == sorted(timestamps)
    # Several faces share most timestamps, so ties are exercised.
    assert len(set(timestamps)) < len(timestamps)


def test_max_results_above_1000_is_clamped(env) -> None:
    e, jobs = env
    first = e.rek.get_face_detection(JobId=jobs["long"], MaxResults=5000)
    assert len(first["Faces"]) == 1000 and "NextToken" in first


def test_default_and_omitted_face_attributes_return_the_five_default_attributes(env) -> None:
    omitted, default = faces(env, "omitted"), faces(env, "default")
    assert omitted == default
    assert all(set(item["Face"]) == DEFAULT_ATTRIBUTES for item in default)


def test_all_returns_every_attribute_but_occlusion_and_eye_direction(env) -> None:
    items = faces(env, "all")
    assert all(set(item["Face"]) == ALL_ATTRIBUTES for item in items)
    # The ALL faces are the DEFAULT faces with more attributes.
    trimmed = [{**item, "Face": {k: item["Face"][k] for k in DEFAULT_ATTRIBUTES}} for item in items]
    assert trimmed == faces(env, "default")


def test_face_values_are_within_their_documented_ranges(env) -> None:
    for item in faces(env, "all"):
        face = item["Face"]
        box = face["BoundingBox"]
        assert box["Left"] >= 0 and box["Left"] + box["Width"] <= 1
        assert box["Top"] >= 0 and box["Top"] + box["Height"] <= 1
        assert all(0 <= face["Quality"][k] <= 100 for k in ("Brightness", "Sharpness"))
        assert face["AgeRange"]["Low"] <= face["AgeRange"]["High"]
        assert all(-180 <= v <= 180 for v in face["Pose"].values())
        assert {lm["Type"] for lm in face["Landmarks"]} == {"eyeLeft", "eyeRight", "nose", "mouthLeft", "mouthRight"}


def test_results_depend_only_on_the_video_content(env) -> None:
    assert faces(env, "copy") == faces(env, "all")


def test_unknown_job_and_foreign_token_are_rejected(env) -> None:
    e, jobs = env
    with pytest.raises(botocore.exceptions.ClientError) as unknown:
        e.rek.get_face_detection(JobId="0" * 64)
    assert unknown.value.response["Error"]["Code"] == "ResourceNotFoundException"
    token = e.rek.get_face_detection(JobId=jobs["all"], MaxResults=3)["NextToken"]
    with pytest.raises(botocore.exceptions.ClientError) as foreign:
        e.rek.get_face_detection(JobId=jobs["default"], NextToken=token)
    assert foreign.value.response["Error"]["Code"] == "InvalidPaginationTokenException"


def test_a_reused_token_returns_the_job_or_is_rejected_with_other_attributes(env) -> None:
    e, _ = env
    first = e.rek.start_face_detection(Video=video(), ClientRequestToken="faces-token", FaceAttributes="DEFAULT")
    again = e.rek.start_face_detection(Video=video(), ClientRequestToken="faces-token", FaceAttributes="DEFAULT")
    assert first["JobId"] == again["JobId"]
    with pytest.raises(botocore.exceptions.ClientError) as mismatch:
        e.rek.start_face_detection(Video=video(), ClientRequestToken="faces-token", FaceAttributes="ALL")
    assert mismatch.value.response["Error"]["Code"] == "IdempotentParameterMismatchException"


def test_an_invalid_face_attributes_value_is_rejected(env) -> None:
    e, _ = env
    with pytest.raises(botocore.exceptions.ClientError) as invalid:
        e.rek.start_face_detection(Video=video(), FaceAttributes="SOME")
    assert invalid.value.response["Error"]["Code"] == "InvalidParameterException"
