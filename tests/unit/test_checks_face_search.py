"""Tests of the face search checks: each FACE_SEARCH rule passes a faithful listing and fires on a bad one."""

from __future__ import annotations

from rekognition_conformance.checks import face_search as fs
from rekognition_conformance.checks.collections import check_match_faces
from tests.unit.collection_factory import FACE_IDS, person_match

GET = "GetFaceSearch"
REQUEST = {"JobId": "job"}
A, B, C = FACE_IDS


def ids(violations):
    return [v.rule_id for v in violations]


def test_threshold_floor():
    items = [person_match(0, 0, [(91.0, A)]), person_match(200, 1, [(85.0, B), (80.0, C)])]
    assert fs.check_threshold_floor(GET, items, 80.0, REQUEST) == []
    assert fs.check_threshold_floor(GET, [person_match(0, 0, [(79.9995, A)])], 80.0, REQUEST) == []
    found = fs.check_threshold_floor(GET, [person_match(0, 0, [(95.0, A), (61.0, B)])], 80.0, REQUEST)
    assert ids(found) == ["FACE_SEARCH.THRESHOLD.FLOOR"]
    assert found[0].pointer == "listing[0]/FaceMatches/1/Similarity"


def test_default_threshold():
    default = [person_match(0, 0, [(91.0, A)]), person_match(400, 1, [(82.0, B)])]
    # The other job may number persons differently and report slightly different similarities.
    explicit = [person_match(0, 5, [(90.5, A)]), person_match(400, 6, [(82.5, B)])]
    assert fs.check_default_threshold(GET, default, explicit, REQUEST) == []
    below = fs.check_default_threshold(GET, [*default, person_match(600, 0, [(70.0, C)])], explicit, REQUEST)
    assert set(ids(below)) == {"FACE_SEARCH.THRESHOLD.DEFAULT", "FACE_SEARCH.THRESHOLD.DEFAULT.EQUIVALENT"}
    assert any("default 80" in v.message for v in below if v.rule_id == "FACE_SEARCH.THRESHOLD.DEFAULT")
    fewer = fs.check_default_threshold(GET, default[:1], explicit, REQUEST)
    assert ids(fewer) == ["FACE_SEARCH.THRESHOLD.DEFAULT.EQUIVALENT"] and fewer[0].pointer.startswith("explicit[1]")


def test_lower_threshold():
    default = [person_match(0, 0, [(91.0, A)])]
    lower = [person_match(0, 0, [(91.0, A), (60.0, B)])]
    assert fs.check_lower_threshold(GET, lower, default, 50.0, REQUEST) == []
    lost = fs.check_lower_threshold(GET, [person_match(0, 0, [(60.0, B)])], default, 50.0, REQUEST)
    assert ids(lost) == ["FACE_SEARCH.THRESHOLD.LOWER"]
    nothing_gained = fs.check_lower_threshold(GET, default, default, 50.0, REQUEST)
    assert ids(nothing_gained) == ["FACE_SEARCH.THRESHOLD.LOWER"] and "at least one" in nothing_gained[0].message


def test_index_sort():
    by_time = [person_match(0, 0), person_match(0, 1), person_match(200, 0), person_match(200, 1)]
    by_index = [by_time[0], by_time[2], by_time[1], by_time[3]]
    assert fs.check_index_sort(GET, by_index, by_time, REQUEST) == []
    split = fs.check_index_sort(GET, by_time, by_time, REQUEST)
    assert ids(split) == ["FACE_SEARCH.SORT.INDEX"] and split[0].pointer == "listing[2]"
    dropped = fs.check_index_sort(GET, by_index[:3], by_time, REQUEST)
    assert ids(dropped) == ["FACE_SEARCH.SORT.INDEX"] and dropped[0].pointer == "timestamp[3]"


def test_index_order():
    assert fs.check_index_order(GET, [person_match(0, 0), person_match(200, 0), person_match(0, 1)], REQUEST) == []
    found = fs.check_index_order(GET, [person_match(0, 1), person_match(0, 0)], REQUEST)
    assert ids(found) == ["FACE_SEARCH.SORT.INDEX_ORDER"] and found[0].pointer == "listing[1]/Person/Index"


def test_default_attributes():
    assert fs.check_default_attributes(GET, [person_match(0, 0)], REQUEST) == []
    found = fs.check_default_attributes(GET, [person_match(0, 0), person_match(0, 1, Smile={"Value": True})], REQUEST)
    assert ids(found) == ["FACE_SEARCH.DEFAULT_ATTRIBUTES"] and found[0].pointer == "listing[1]/Person/Face/Smile"


def test_matches_of_a_listing_must_name_faces_of_the_collection():
    items = [person_match(0, 0, [(91.0, A)]), person_match(200, 0, [(95.0, C)])]
    matches = fs.face_matches(items)
    assert check_match_faces(GET, matches, FACE_IDS, REQUEST) == []
    found = check_match_faces(GET, matches, [A, B], REQUEST)
    assert ids(found) == ["COLLECTIONS.MATCH_FACES"] and found[0].pointer == "listing[1]/FaceMatches/0/Face/FaceId"
