"""Tests of the face checks: timestamp order, the FaceAttributes choice, null members, Quality range."""

from __future__ import annotations

import pytest

from rekognition_conformance.checks import rule_ids_of
from rekognition_conformance.checks.faces import (
    check_all_attributes,
    check_default_attributes,
    check_face_timestamp_order,
    check_null_attributes,
    check_omitted_attributes,
    check_quality_range,
    extra_attribute_violations,
)
from tests.unit.face_factory import default_face, face_item, full_face, person

OPERATION = "GetFaceDetection"
REQUEST = {"JobId": "job"}


def ids(violations):
    return [v.rule_id for v in violations]


def default_listing(count: int = 6) -> list[dict]:
    return [face_item(200 * (i // 2), default_face(90.0 + i)) for i in range(count)]


def full_listing(count: int = 6) -> list[dict]:
    return [face_item(200 * (i // 2), full_face(Confidence=90.0 + i)) for i in range(count)]


@pytest.mark.parametrize(
    ("fn", "rule"),
    [
        (check_face_timestamp_order, "FACES.SORT.TIMESTAMP"),
        (check_default_attributes, "FACES.ATTRIBUTES.DEFAULT"),
        (check_all_attributes, "FACES.ATTRIBUTES.ALL"),
        (check_omitted_attributes, "FACES.ATTRIBUTES.OMITTED"),
        (check_null_attributes, "FACES.ATTRIBUTES.NULL"),
        (check_quality_range, "FACES.QUALITY.RANGE"),
    ],
)
def test_each_check_declares_its_rule(fn, rule):
    assert rule_ids_of(fn) == (rule,)


# --- timestamp order --------------------------------------------------------------------------------


def test_faces_in_timestamp_order_pass_whatever_the_order_of_ties():
    items = default_listing()
    assert check_face_timestamp_order(OPERATION, items, REQUEST) == []
    assert check_face_timestamp_order(OPERATION, [items[1], items[0], *items[2:]], REQUEST) == []


def test_a_face_going_back_in_time_is_reported_under_the_face_rule():
    items = [face_item(0), face_item(400), face_item(200)]
    found = check_face_timestamp_order(OPERATION, items, REQUEST)
    assert ids(found) == ["FACES.SORT.TIMESTAMP"]
    assert found[0].pointer == "listing[2]"


# --- FaceAttributes DEFAULT and ALL -----------------------------------------------------------------


def test_default_faces_pass_the_default_check_and_null_members_count_as_absent():
    assert check_default_attributes(OPERATION, default_listing(), REQUEST) == []
    items = [face_item(0, default_face(Smile=None, FaceOccluded=None))]
    assert check_default_attributes(OPERATION, items, REQUEST) == []


def test_a_default_face_with_another_attribute_is_reported_at_that_attribute():
    items = default_listing()
    items[3] = face_item(200, default_face(Smile={"Value": True, "Confidence": 90.0}))
    found = check_default_attributes(OPERATION, items, REQUEST)
    assert ids(found) == ["FACES.ATTRIBUTES.DEFAULT"]
    assert found[0].pointer == "listing[3]/Face/Smile"


def test_a_default_face_without_landmarks_is_reported():
    detail = default_face()
    del detail["Landmarks"]
    found = check_default_attributes(OPERATION, [face_item(0), face_item(0, detail)], REQUEST)
    assert ids(found) == ["FACES.ATTRIBUTES.DEFAULT"]
    assert found[0].pointer == "listing[1]/Face"
    assert "Landmarks" in found[0].message


def test_full_faces_pass_the_all_check_without_occlusion_or_eye_direction():
    assert check_all_attributes(OPERATION, full_listing(), REQUEST) == []


def test_a_full_face_lacking_an_attribute_is_reported():
    items = full_listing()
    items[4] = face_item(400, full_face(Emotions=None))
    found = check_all_attributes(OPERATION, items, REQUEST)
    assert ids(found) == ["FACES.ATTRIBUTES.ALL"]
    assert "Emotions" in found[0].message and found[0].pointer == "listing[4]/Face"


def test_default_faces_fail_the_all_check():
    found = check_all_attributes(OPERATION, default_listing(2), REQUEST)
    assert ids(found) == ["FACES.ATTRIBUTES.ALL", "FACES.ATTRIBUTES.ALL"]


def test_many_bad_faces_are_summarised_after_the_first_ten():
    found = check_all_attributes(OPERATION, default_listing(25), REQUEST)
    assert len(found) == 11 and "15 further" in found[-1].message


# --- FaceAttributes omitted -----------------------------------------------------------------------------


def test_a_job_without_face_attributes_returning_the_default_jobs_faces_passes():
    items = default_listing()
    assert check_omitted_attributes(OPERATION, list(reversed(items)), items, REQUEST) == []


def test_a_job_without_face_attributes_returning_all_attributes_is_reported():
    found = check_omitted_attributes(OPERATION, full_listing(1), [face_item(0, default_face(90.0))], REQUEST)
    assert set(ids(found)) == {"FACES.ATTRIBUTES.OMITTED"}
    assert found[0].pointer.startswith("listing[0]/Face/")


def test_a_job_without_face_attributes_returning_other_faces_is_reported():
    items = default_listing()
    found = check_omitted_attributes(OPERATION, items[:-1], items, REQUEST)
    assert ids(found) == ["FACES.ATTRIBUTES.OMITTED"]
    assert found[0].pointer == "default[5]"


# --- FaceOccluded and EyeDirection ----------------------------------------------------------------------


def test_absent_or_null_occlusion_and_eye_direction_pass():
    items = [face_item(0, full_face()), face_item(0, full_face(FaceOccluded=None, EyeDirection=None))]
    assert check_null_attributes(OPERATION, items, REQUEST) == []


def test_a_value_for_eye_direction_is_reported():
    items = [face_item(0), face_item(0, full_face(EyeDirection={"Yaw": 1.0, "Pitch": 2.0, "Confidence": 90.0}))]
    found = check_null_attributes(OPERATION, items, REQUEST)
    assert ids(found) == ["FACES.ATTRIBUTES.NULL"]
    assert found[0].pointer == "listing[1]/Face/EyeDirection"


# --- Quality range --------------------------------------------------------------------------------------


def test_quality_at_the_bounds_passes():
    items = [face_item(0, default_face(Quality={"Brightness": 0, "Sharpness": 100.0}))]
    assert check_quality_range(OPERATION, items, REQUEST) == []


@pytest.mark.parametrize(("member", "value"), [("Brightness", 100.5), ("Sharpness", -0.1)])
def test_quality_outside_0_to_100_is_reported(member, value):
    quality = {"Brightness": 50.0, "Sharpness": 50.0, member: value}
    found = check_quality_range(OPERATION, [face_item(0), face_item(0, default_face(Quality=quality))], REQUEST)
    assert ids(found) == ["FACES.QUALITY.RANGE"]
    assert found[0].pointer == f"listing[1]/Face/Quality/{member}"


def test_quality_is_found_along_the_given_path_and_faceless_items_are_skipped():
    items = [person(0, 0, face_confidence=None), person(0, 1, Quality={"Brightness": 140, "Sharpness": 3})]
    found = check_quality_range("GetPersonTracking", items, REQUEST, path=("Person", "Face"))
    assert ids(found) == ["FACES.QUALITY.RANGE"]
    assert found[0].pointer == "listing[1]/Person/Face/Quality/Brightness"


def test_extra_attributes_are_reported_under_the_rule_given():
    items = [person(0, 0), person(0, 1, Gender={"Value": "Male", "Confidence": 90.0})]
    found = extra_attribute_violations(
        "GetPersonTracking", items, REQUEST, rule_id="PERSONS.FACE.DEFAULT_ATTRIBUTES", path=("Person", "Face")
    )
    assert ids(found) == ["PERSONS.FACE.DEFAULT_ATTRIBUTES"]
    assert found[0].pointer == "listing[1]/Person/Face/Gender"
