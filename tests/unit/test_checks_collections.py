"""Tests of the collection checks: each COLLECTIONS rule passes a faithful answer and fires on a bad one."""

from __future__ import annotations

import pytest

from rekognition_conformance.checks import collections as c
from tests.unit.collection_factory import (
    COLLECTION,
    FACE_IDS,
    answer,
    error,
    face,
    index_answer,
    list_faces_page,
    search_answer,
)


def ids(violations):
    return [v.rule_id for v in violations]


@pytest.mark.parametrize("rule_id", ["COLLECTIONS.ALREADY_EXISTS", "COLLECTIONS.UNKNOWN",
                                     "COLLECTIONS.INDEX.IMAGE_FORMAT", "COLLECTIONS.SEARCH.UNKNOWN_FACE"])
def test_refusals(rule_id):
    expected = {"ResourceNotFoundException"}
    assert c.check_refused(error("DescribeCollection", "ResourceNotFoundException"), expected, rule_id=rule_id) == []
    accepted = c.check_refused(answer("DescribeCollection", {"FaceCount": 0}), expected, rule_id=rule_id)
    assert ids(accepted) == [rule_id]
    wrong = c.check_refused(error("DescribeCollection", "InvalidParameterException"), expected, rule_id=rule_id)
    assert ids(wrong) == [rule_id]
    assert "ResourceNotFoundException" in wrong[0].message
    server = c.check_refused(error("DescribeCollection", "InternalServerError", status=500), expected, rule_id=rule_id)
    assert ids(server) == [rule_id], "a 5xx is reported once, not once per judgement"


def test_collection_arn():
    create = answer("CreateCollection", {"CollectionArn": "arn:aws:rekognition:us-east-1:1:collection/a"})
    same = answer("DescribeCollection", {"CollectionARN": "arn:aws:rekognition:us-east-1:1:collection/a"})
    other = answer("DescribeCollection", {"CollectionARN": "arn:aws:rekognition:us-east-1:1:collection/b"})
    assert c.check_collection_arn(create, same) == []
    found = c.check_collection_arn(create, other)
    assert ids(found) == ["COLLECTIONS.ARN"] and found[0].pointer == "/CollectionARN"


def test_collection_arn_is_compared_modulo_a_leading_arn_prefix():
    # AWS's own pair: CreateCollection answers without "arn:", DescribeCollection with it (fixtures/aws).
    bare = answer("CreateCollection", {"CollectionArn": "aws:rekognition:us-east-1:1:collection/a"})
    prefixed = answer("DescribeCollection", {"CollectionARN": "arn:aws:rekognition:us-east-1:1:collection/a"})
    other = answer("DescribeCollection", {"CollectionARN": "arn:aws:rekognition:us-east-1:1:collection/b"})
    assert c.check_collection_arn(bare, prefixed) == []
    assert ids(c.check_collection_arn(bare, other)) == ["COLLECTIONS.ARN"]


def test_face_model_version_of_a_single_answer_and_of_a_listing():
    assert c.check_face_model_version(answer("CreateCollection", {"FaceModelVersion": "7.0"}), "7.0") == []
    assert ids(c.check_face_model_version(answer("IndexFaces", {"FaceModelVersion": "6.0"}), "7.0")) == [
        "COLLECTIONS.FACE_MODEL_VERSION"
    ]
    listing = answer("ListCollections", {"CollectionIds": ["x", COLLECTION], "FaceModelVersions": ["7.0", "5.0"]})
    found = c.check_face_model_version(listing, "7.0", collection_id=COLLECTION)
    assert ids(found) == ["COLLECTIONS.FACE_MODEL_VERSION"] and found[0].pointer == "/FaceModelVersions/1"
    assert c.check_face_model_version(listing, "7.0", collection_id="x") == []


def test_status_code():
    assert c.check_status_code(answer("CreateCollection", {"StatusCode": 200})) == []
    assert ids(c.check_status_code(answer("DeleteCollection", {"StatusCode": 201}))) == ["COLLECTIONS.STATUS_CODE"]


def test_face_count():
    assert c.check_face_count(answer("DescribeCollection", {"FaceCount": 3}), 3) == []
    assert ids(c.check_face_count(answer("DescribeCollection", {"FaceCount": 4}), 3)) == ["COLLECTIONS.FACE_COUNT"]


def _collections_page(names, *, token=None, request=None):
    body = {"CollectionIds": list(names), "FaceModelVersions": ["7.0"] * len(names)}
    if token:
        body["NextToken"] = token
    return answer("ListCollections", body, request=request or {"MaxResults": 1})


def test_list_page_size():
    pages = [_collections_page(["a"], token="t1"), _collections_page(["b"])]
    assert c.check_list_page_size(pages, "CollectionIds", 1) == []
    found = c.check_list_page_size([_collections_page(["a", "b"])], "CollectionIds", 1)
    assert ids(found) == ["COLLECTIONS.LIST.PAGE_SIZE"]


def test_collections_listed_once_and_deleted_ones_not_at_all():
    pages = [_collections_page(["a"], token="t1"), _collections_page(["b", "other"])]
    assert c.check_collections_listed(pages, present=["a", "b"], absent=["gone"]) == []
    missing = c.check_collections_listed(pages, present=["a", "c"])
    assert ids(missing) == ["COLLECTIONS.LIST.COMPLETE"] and "absent" in missing[0].message
    twice = c.check_collections_listed([_collections_page(["a"], token="t1"), _collections_page(["a"])], present=["a"])
    assert "2 times" in twice[0].message
    deleted = c.check_collections_listed(pages, present=["a"], absent=["b"])
    assert ids(deleted) == ["COLLECTIONS.LIST.COMPLETE"] and deleted[0].pointer == "page 1 /CollectionIds/0"
    looping = [_collections_page(["a"], token="t1"), _collections_page(["b"], token="t1")]
    assert "COLLECTIONS.LIST.COMPLETE" in ids(c.check_collections_listed(looping, present=["a", "b"]))
    stopped = "page 1 was an error: HTTP 500 InternalServerError"
    cut = c.check_collections_listed(pages[:1], present=["a"], stopped=stopped)
    assert ids(cut) == ["COLLECTIONS.LIST.COMPLETE"]


def test_list_versions():
    assert c.check_list_versions(_collections_page(["a", "b"])) == []
    uneven = answer("ListCollections", {"CollectionIds": ["a", "b"], "FaceModelVersions": ["7.0"]})
    assert ids(c.check_list_versions(uneven)) == ["COLLECTIONS.LIST.VERSIONS"]


def test_faces_listed_exactly():
    page = list_faces_page([face(0), face(1)])
    assert c.check_faces_listed([page], present=FACE_IDS[:2]) == []
    assert ids(c.check_faces_listed([page], present=FACE_IDS[:1])) == ["COLLECTIONS.LIST_FACES.COMPLETE"]
    assert ids(c.check_faces_listed([page], present=FACE_IDS[:3])) == ["COLLECTIONS.LIST_FACES.COMPLETE"]


def test_face_metadata():
    indexed = {FACE_IDS[0]: face(0)}
    assert c.check_face_metadata(list_faces_page([face(0, Confidence=99.5000001)]), indexed) == []
    moved = c.check_face_metadata(list_faces_page([face(0, BoundingBox={**face(0)["BoundingBox"], "Left": 0.5})]),
                                  indexed)
    assert ids(moved) == ["COLLECTIONS.FACE_METADATA"] and moved[0].pointer == "/Faces/0/BoundingBox/Left"
    relabelled = c.check_face_metadata(search_answer([(95.0, face(0, ExternalImageId="other"))]), indexed)
    assert ids(relabelled) == ["COLLECTIONS.FACE_METADATA"]
    assert relabelled[0].pointer == "/FaceMatches/0/Face/ExternalImageId"


def test_external_image_id():
    assert c.check_external_image_id(index_answer([face(0), face(1)])) == []
    found = c.check_external_image_id(index_answer([face(0), face(1, external=None)]))
    assert ids(found) == ["COLLECTIONS.INDEX.EXTERNAL_ID"] and found[0].pointer == "/FaceRecords/1/Face/ExternalImageId"
    listed = list_faces_page([face(0, external="elsewhere")])
    assert ids(c.check_external_image_id(listed, {FACE_IDS[0]: "rc-image"})) == ["COLLECTIONS.INDEX.EXTERNAL_ID"]


def test_index_ids():
    assert c.check_index_ids(index_answer([face(0), face(1)])) == []
    two_images = c.check_index_ids(index_answer([face(0), face(1, ImageId="5d2e7b1f-3c8a-4f4b-8e9d-2a1f3e4d5c6b")]))
    assert ids(two_images) == ["COLLECTIONS.INDEX.IDS"]
    same_face = c.check_index_ids(index_answer([face(0), face(1, FaceId=FACE_IDS[0])]))
    assert ids(same_face) == ["COLLECTIONS.INDEX.IDS"] and same_face[0].pointer == "/FaceRecords/1/Face/FaceId"


def test_index_max_faces():
    assert c.check_index_max_faces(index_answer([face(0)], request={"MaxFaces": 1})) == []
    found = c.check_index_max_faces(index_answer([face(0), face(1)], request={"MaxFaces": 1}))
    assert ids(found) == ["COLLECTIONS.INDEX.MAX_FACES"] and found[0].pointer == "/FaceRecords/1"


def test_index_order():
    assert c.check_index_order(index_answer([face(0), face(1), face(2)])) == []
    found = c.check_index_order(index_answer([face(1), face(0)]))
    assert ids(found) == ["COLLECTIONS.INDEX.ORDER"] and found[0].pointer == "/FaceRecords/1/Face/BoundingBox"


def test_no_duplicates_and_same_faces():
    first = index_answer([face(0), face(1)])
    before = [face(0), face(1)]
    assert c.check_no_duplicates(first, before, [face(0), face(1)]) == []
    assert ids(c.check_no_duplicates(first, before, [face(0), face(1), face(2)])) == ["COLLECTIONS.INDEX.NO_DUPLICATES"]
    assert c.check_same_faces(first, index_answer([face(1), face(0)])) == []
    assert ids(c.check_same_faces(first, index_answer([face(0), face(2)]))) == ["COLLECTIONS.INDEX.SAME_FACES"]


def test_deleted_faces():
    delete = answer("DeleteFaces", {"DeletedFaces": [FACE_IDS[2]]}, request={"FaceIds": [FACE_IDS[2]]})
    assert c.check_deleted_faces(delete, [face(0), face(1)]) == []
    assert ids(c.check_deleted_faces(delete, [face(0), face(2)])) == ["COLLECTIONS.DELETE_FACES"]
    foreign = answer("DeleteFaces", {"DeletedFaces": [FACE_IDS[1]]}, request={"FaceIds": [FACE_IDS[2]]})
    assert "not among the FaceIds" in c.check_deleted_faces(foreign, [])[0].message


def test_search_checks():
    good = search_answer([(97.0, face(1)), (85.0, face(2))], MaxFaces=2)
    for fn in (c.check_searched_face_id, c.check_search_order, c.check_search_threshold, c.check_search_max_faces):
        assert fn(good) == []
    assert ids(c.check_search_order(search_answer([(85.0, face(1)), (97.0, face(2))]))) == ["COLLECTIONS.SEARCH.ORDER"]
    low = c.check_search_threshold(search_answer([(79.0, face(1))]))
    assert ids(low) == ["COLLECTIONS.SEARCH.THRESHOLD"] and "default 80" in low[0].message
    assert c.check_search_threshold(search_answer([(60.0, face(1))], FaceMatchThreshold=50.0)) == []
    many = c.check_search_max_faces(search_answer([(97.0, face(1)), (90.0, face(2))], MaxFaces=1))
    assert ids(many) == ["COLLECTIONS.SEARCH.MAX_FACES"]
    echo = answer("SearchFaces", {"SearchedFaceId": FACE_IDS[1], "FaceMatches": []}, request={"FaceId": FACE_IDS[0]})
    assert ids(c.check_searched_face_id(echo)) == ["COLLECTIONS.SEARCH.ECHO"]


def test_match_faces():
    ex = search_answer([(97.0, face(1)), (90.0, face(2))])
    matches = c.search_matches(ex)
    assert c.check_match_faces("SearchFaces", matches, FACE_IDS, ex.request) == []
    found = c.check_match_faces("SearchFaces", matches, FACE_IDS[:2], ex.request)
    assert ids(found) == ["COLLECTIONS.MATCH_FACES"] and found[0].pointer == "/FaceMatches/1/Face/FaceId"
