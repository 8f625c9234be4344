"""Face collections on the reference backend: life cycle, listings, IndexFaces, ListFaces, DeleteFaces and
SearchFaces, through real HTTP with every answer checked against the output schema."""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Iterator

import pytest

from rekognition_conformance.fixtures.images import face_image
from rekognition_conformance.reference.imagefaces import read_image
from tests.unit.collection_env import BUCKET, Env, reference_env

NOT_AN_IMAGE = b"plain text, not a picture\n" * 20
names = (f"c-{i}" for i in itertools.count())


@pytest.fixture(scope="module")
def env() -> Iterator[Env]:
    with reference_env() as found:
        found.s3.put_object(Bucket=BUCKET, Key="face.jpg", Body=face_image())
        yield found


@pytest.fixture
def collection(env: Env) -> str:
    name = next(names)
    env.call("CreateCollection", CollectionId=name)
    return name


def index(env: Env, collection: str, **params) -> dict:
    return env.call("IndexFaces", CollectionId=collection, Image={"Bytes": face_image()}, **params)


def listed(env: Env, collection: str, **params) -> list[dict]:
    faces, token = [], {}
    while True:
        page = env.call("ListFaces", CollectionId=collection, **params, **token)
        faces += page["Faces"]
        if "NextToken" not in page:
            return faces
        token = {"NextToken": page["NextToken"]}


def test_the_fixture_image_is_a_deterministic_jpeg():
    info = read_image(face_image())
    assert (info.format, info.width, info.height) == ("JPEG", 256, 256)
    face_image.cache_clear()
    assert read_image(face_image()).digest == info.digest


def test_create_describe_list_delete(env: Env):
    name = next(names)
    created = env.call("CreateCollection", CollectionId=name, Tags={"k": "v"})
    assert created["StatusCode"] == 200 and created["CollectionArn"].endswith(f":collection/{name}")
    described = env.call("DescribeCollection", CollectionId=name)
    assert described["CollectionARN"] == created["CollectionArn"]
    assert described["FaceCount"] == 0 and described["FaceModelVersion"] == created["FaceModelVersion"]
    assert env.error("CreateCollection", CollectionId=name) == "ResourceAlreadyExistsException"
    listing = env.call("ListCollections")
    assert name in listing["CollectionIds"] and len(listing["FaceModelVersions"]) == len(listing["CollectionIds"])
    assert env.call("DeleteCollection", CollectionId=name) == {"StatusCode": 200}
    for operation in ("DescribeCollection", "DeleteCollection", "ListFaces"):
        assert env.error(operation, CollectionId=name) == "ResourceNotFoundException"
    assert name not in env.call("ListCollections")["CollectionIds"]


def test_list_collections_pages_survive_changes_between_pages(env: Env):
    mine = [next(names) for _ in range(4)]
    for name in mine:
        env.call("CreateCollection", CollectionId=name)
    first = env.call("ListCollections", MaxResults=1)
    seen = list(first["CollectionIds"])
    env.call("DeleteCollection", CollectionId=mine[-1])
    late = next(names)
    env.call("CreateCollection", CollectionId=late)
    token = first["NextToken"]
    while token:
        page = env.call("ListCollections", MaxResults=1, NextToken=token)
        assert len(page["CollectionIds"]) <= 1
        seen += page["CollectionIds"]
        token = page.get("NextToken")
    assert len(seen) == len(set(seen))
    assert set(mine[:-1]) | {late} <= set(seen) and mine[-1] not in seen


def test_a_foreign_or_garbage_token_is_refused(env: Env, collection: str):
    index(env, collection)
    other = next(names)
    env.call("CreateCollection", CollectionId=other)
    index(env, other)
    token = env.call("ListFaces", CollectionId=collection, MaxResults=1)["NextToken"]
    assert env.error("ListFaces", CollectionId=other, NextToken=token) == "InvalidPaginationTokenException"
    assert env.error("ListCollections", NextToken="garbage") == "InvalidPaginationTokenException"


def test_index_faces_detects_the_same_faces_in_the_same_image(env: Env, collection: str):
    first = index(env, collection, ExternalImageId="one")
    records = first["FaceRecords"]
    assert 2 <= len(records) <= 4 and first["UnindexedFaces"] == []
    assert len({r["Face"]["ImageId"] for r in records}) == 1
    assert len({r["Face"]["FaceId"] for r in records}) == len(records)
    assert all(r["Face"]["ExternalImageId"] == "one" for r in records)
    areas = [r["Face"]["BoundingBox"]["Width"] * r["Face"]["BoundingBox"]["Height"] for r in records]
    assert areas == sorted(areas, reverse=True)
    other = next(names)
    env.call("CreateCollection", CollectionId=other)
    again = index(env, other)["FaceRecords"]
    assert [r["Face"]["BoundingBox"] for r in again] == [r["Face"]["BoundingBox"] for r in records]


def test_the_same_image_and_external_id_store_no_duplicates(env: Env, collection: str):
    first = index(env, collection, ExternalImageId="same")
    repeat = index(env, collection, ExternalImageId="same")
    assert [r["Face"]["FaceId"] for r in repeat["FaceRecords"]] == [r["Face"]["FaceId"] for r in first["FaceRecords"]]
    other = index(env, collection, ExternalImageId="different")
    count = len(first["FaceRecords"])
    assert len(other["FaceRecords"]) == count
    assert env.call("DescribeCollection", CollectionId=collection)["FaceCount"] == 2 * count


def test_detection_attributes(env: Env, collection: str):
    default = index(env, collection, ExternalImageId="d")["FaceRecords"][0]["FaceDetail"]
    assert set(default) == {"BoundingBox", "Confidence", "Landmarks", "Pose", "Quality"}
    every = index(env, collection, ExternalImageId="a", DetectionAttributes=["ALL"])["FaceRecords"][0]["FaceDetail"]
    assert {"AgeRange", "Emotions", "Smile", "Gender", "FaceOccluded", "EyeDirection"} <= set(every)
    some = index(env, collection, ExternalImageId="s", DetectionAttributes=["SMILE"])["FaceRecords"][0]["FaceDetail"]
    assert set(some) == set(default) | {"Smile"}


def test_quality_filter_and_max_faces(env: Env, collection: str):
    everything = index(env, collection, ExternalImageId="none", QualityFilter="NONE")
    count = len(everything["FaceRecords"])
    strict = index(env, collection, ExternalImageId="high", QualityFilter="HIGH")
    assert len(strict["FaceRecords"]) < count
    assert len(strict["FaceRecords"]) + len(strict["UnindexedFaces"]) == count
    assert all(set(u["Reasons"]) <= {"LOW_SHARPNESS", "LOW_BRIGHTNESS"} for u in strict["UnindexedFaces"])
    one = index(env, collection, ExternalImageId="one", MaxFaces=1, QualityFilter="NONE")
    assert len(one["FaceRecords"]) == 1
    assert [u["Reasons"] for u in one["UnindexedFaces"]] == [["EXCEEDS_MAX_FACES"]] * (count - 1)
    assert one["FaceRecords"][0]["Face"]["BoundingBox"] == everything["FaceRecords"][0]["Face"]["BoundingBox"]


def test_images_from_s3_and_bad_images(env: Env, collection: str):
    stored = {"S3Object": {"Bucket": BUCKET, "Name": "face.jpg"}}
    from_s3 = env.call("IndexFaces", CollectionId=collection, Image=stored)
    assert from_s3["FaceRecords"]
    missing = {"S3Object": {"Bucket": BUCKET, "Name": "absent.png"}}
    assert env.error("IndexFaces", CollectionId=collection, Image=missing) == "InvalidS3ObjectException"
    assert env.error("IndexFaces", CollectionId=collection, Image={"Bytes": NOT_AN_IMAGE}) == (
        "InvalidImageFormatException"
    )
    assert env.error("IndexFaces", CollectionId="never-made", Image={"Bytes": face_image()}) == (
        "ResourceNotFoundException"
    )


def test_list_faces_pages_and_filters(env: Env, collection: str):
    indexed = [r["Face"] for r in index(env, collection, ExternalImageId="x")["FaceRecords"]]
    assert listed(env, collection, MaxResults=1) == indexed == listed(env, collection)
    chosen = [indexed[-1]["FaceId"]]
    assert [f["FaceId"] for f in listed(env, collection, FaceIds=chosen)] == chosen
    assert listed(env, collection, UserId="nobody") == []


def test_delete_faces(env: Env, collection: str):
    faces = [r["Face"]["FaceId"] for r in index(env, collection)["FaceRecords"]]
    unknown = str(uuid.uuid4())
    answer = env.call("DeleteFaces", CollectionId=collection, FaceIds=[faces[0], unknown])
    assert answer["DeletedFaces"] == [faces[0]]
    assert answer["UnsuccessfulFaceDeletions"] == [{"FaceId": unknown, "Reasons": ["FACE_NOT_FOUND"]}]
    assert [f["FaceId"] for f in listed(env, collection)] == faces[1:]
    assert env.call("DescribeCollection", CollectionId=collection)["FaceCount"] == len(faces) - 1
    assert "DeletedFaces" not in env.call("DeleteFaces", CollectionId=collection, FaceIds=[unknown])


def test_search_faces(env: Env, collection: str):
    first = [r["Face"] for r in index(env, collection, ExternalImageId="first")["FaceRecords"]]
    twins = [r["Face"] for r in index(env, collection, ExternalImageId="twin")["FaceRecords"]]
    searched = first[0]["FaceId"]
    default = env.call("SearchFaces", CollectionId=collection, FaceId=searched)
    assert default["SearchedFaceId"] == searched
    similarities = [m["Similarity"] for m in default["FaceMatches"]]
    assert similarities and min(similarities) >= 80 and similarities == sorted(similarities, reverse=True)
    # The same face indexed again (under another ExternalImageId) is the best match; the face itself is not one.
    assert default["FaceMatches"][0]["Face"] == twins[0]
    assert searched not in {m["Face"]["FaceId"] for m in default["FaceMatches"]}
    everyone = env.call("SearchFaces", CollectionId=collection, FaceId=searched, FaceMatchThreshold=0)
    assert len(everyone["FaceMatches"]) == len(first) + len(twins) - 1
    assert len(env.call("SearchFaces", CollectionId=collection, FaceId=searched, FaceMatchThreshold=0,
                        MaxFaces=2)["FaceMatches"]) == 2
    assert env.error("SearchFaces", CollectionId=collection, FaceId=str(uuid.uuid4())) == "InvalidParameterException"


def test_constraint_violations_are_invalid_parameters(env: Env):
    assert env.error("CreateCollection", CollectionId="!!!") == "InvalidParameterException"
    assert env.error("ListCollections", MaxResults=5000) == "InvalidParameterException"
