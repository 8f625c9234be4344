"""The face detection, person tracking and celebrity faults: each changes exactly what it says, shown by a
real botocore client against a server with the fault beside a clean one (see test_reference_faults.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from rekognition_conformance.checks.faces import ALL_ATTRIBUTES, DEFAULT_ATTRIBUTES
from tests.unit.fault_backend import Backend, backend

FACES = ("StartFaceDetection", "GetFaceDetection")
PERSONS = ("StartPersonTracking", "GetPersonTracking")
CELEBRITIES = ("StartCelebrityRecognition", "GetCelebrityRecognition")


@pytest.fixture(scope="module")
def clean() -> Iterator[Backend]:
    with backend() as b:
        yield b


def faces(b: Backend, **params: object) -> list[dict]:
    return b.items(b.family_job(*FACES, **params), "Faces", FACES[1])


def present(detail: dict) -> set[str]:
    return {name for name, value in detail.items() if value is not None}


def runs(keys: list[object]) -> int:
    """How many runs of equal consecutive keys a sequence has (one per group when grouped)."""
    return sum(1 for i, key in enumerate(keys) if i == 0 or keys[i - 1] != key)


# --- face detection -----------------------------------------------------------------------------------


def test_fault_face_default_returns_all(clean: Backend) -> None:
    with backend("face-default-returns-all") as faulty:
        got, omitted = faces(faulty, FaceAttributes="DEFAULT"), faces(faulty)
    want = faces(clean, FaceAttributes="DEFAULT")
    assert len(got) == len(want) > 0
    assert all(present(item["Face"]) >= ALL_ATTRIBUTES for item in got)
    assert all(present(item["Face"]) == set(DEFAULT_ATTRIBUTES) for item in want)
    # Only the explicit DEFAULT is read as ALL.
    assert all(present(item["Face"]) == set(DEFAULT_ATTRIBUTES) for item in omitted)


def test_fault_face_all_missing_emotions(clean: Backend) -> None:
    with backend("face-all-missing-emotions") as faulty:
        got = faces(faulty, FaceAttributes="ALL")
    want = faces(clean, FaceAttributes="ALL")
    assert len(got) == len(want) > 0
    for item, expected in zip(got, want, strict=True):
        assert "Emotions" in expected["Face"] and "Emotions" not in item["Face"]
        assert present(item["Face"]) == present(expected["Face"]) - {"Emotions"}


def test_fault_face_brightness_byte_scale(clean: Backend) -> None:
    with backend("face-brightness-byte-scale") as faulty:
        got = faces(faulty)
    want = faces(clean)
    assert len(got) == len(want)
    brightness = [
        (i["Face"]["Quality"]["Brightness"], w["Face"]["Quality"]["Brightness"]) for i, w in zip(got, want, strict=True)
    ]
    assert all(b == pytest.approx(e * 2.55, abs=0.01) for b, e in brightness)
    assert any(b > 100 for b, _ in brightness)
    assert [i["Face"]["Quality"]["Sharpness"] for i in got] == [w["Face"]["Quality"]["Sharpness"] for w in want]


# --- person tracking ----------------------------------------------------------------------------------


def persons(b: Backend, **get_params: object) -> list[dict]:
    return b.items(b.family_job(*PERSONS), "Persons", PERSONS[1], **get_params)


def test_fault_person_index_not_grouped(clean: Backend) -> None:
    with backend("person-index-not-grouped") as faulty:
        got, by_time = persons(faulty, SortBy="INDEX", MaxResults=50), persons(faulty)
    want = persons(clean, SortBy="INDEX")
    indexes = [item["Person"]["Index"] for item in got]
    assert runs(indexes) > len(set(indexes))
    assert runs([item["Person"]["Index"] for item in want]) == len(set(indexes))
    assert sorted(map(repr, got)) == sorted(map(repr, want))
    assert by_time == persons(clean)


def test_fault_person_face_with_smile(clean: Backend) -> None:
    with backend("person-face-with-smile") as faulty:
        got = persons(faulty)
    want = persons(clean)
    with_face = [item for item in got if item["Person"].get("Face")]
    assert with_face and all(item["Person"]["Face"]["Smile"]["Value"] is True for item in with_face)
    assert not any("Smile" in (item["Person"].get("Face") or {}) for item in want)


# --- celebrity recognition ----------------------------------------------------------------------------


def celebrities(b: Backend, **get_params: object) -> list[dict]:
    return b.items(b.family_job(*CELEBRITIES), "Celebrities", CELEBRITIES[1], **get_params)


def test_fault_celebrity_id_not_grouped(clean: Backend) -> None:
    with backend("celebrity-id-not-grouped") as faulty:
        got, by_time = celebrities(faulty, SortBy="ID", MaxResults=20), celebrities(faulty)
    want = celebrities(clean, SortBy="ID")
    ids = [item["Celebrity"]["Id"] for item in got]
    assert runs(ids) > len(set(ids))
    assert runs([item["Celebrity"]["Id"] for item in want]) == len(set(ids))
    assert sorted(map(repr, got)) == sorted(map(repr, want))
    assert by_time == celebrities(clean)


def test_fault_celebrity_info_name_upper_case(clean: Backend) -> None:
    celebrity = celebrities(clean)[0]["Celebrity"]
    with backend("celebrity-info-name-upper-case") as faulty:
        got = faulty.call("GetCelebrityInfo", {"Id": celebrity["Id"]})
    want = clean.call("GetCelebrityInfo", {"Id": celebrity["Id"]})
    assert want.body["Name"] == celebrity["Name"] != celebrity["Name"].upper()
    assert got.body == {**want.body, "Name": celebrity["Name"].upper()}


def test_fault_celebrity_info_unknown_id_accepted(clean: Backend) -> None:
    celebrity = celebrities(clean)[0]["Celebrity"]
    with backend("celebrity-info-unknown-id-accepted") as faulty:
        got = faulty.call("GetCelebrityInfo", {"Id": "0000000"})
        known = faulty.call("GetCelebrityInfo", {"Id": celebrity["Id"]})
    assert got.status == 200 and got.body == {"Name": "", "Urls": []}
    assert clean.call("GetCelebrityInfo", {"Id": "0000000"}).error_code == "ResourceNotFoundException"
    assert known.body["Name"] == celebrity["Name"]
