"""The faults that break the MUST rules no earlier fault broke: each changes exactly what it says, shown by a
real botocore client against a server with the fault beside a clean one (see test_reference_faults.py)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest

from rekognition_conformance.fixtures.images import face_image
from tests.unit.collection_factory import create_request
from tests.unit.fault_backend import Backend, backend

CELEBRITIES = ("StartCelebrityRecognition", "GetCelebrityRecognition")
PERSONS = ("StartPersonTracking", "GetPersonTracking")
MODERATION = ("StartContentModeration", "GetContentModeration")
SEGMENTS = ("StartSegmentDetection", "GetSegmentDetection")
TEXT = ("StartTextDetection", "GetTextDetection")
LABELS = ("StartLabelDetection", "GetLabelDetection")
COLLECTION = "people"
BOTH = ["TECHNICAL_CUE", "SHOT"]
AT_50 = {"ShotFilter": {"MinSegmentConfidence": 50.0}}


@pytest.fixture(scope="module")
def clean() -> Iterator[Backend]:
    with backend() as b:
        yield with_faces(b)


def with_faces(b: Backend) -> Backend:
    """``b`` with a collection holding the faces of one image, indexed under ExternalImageId ``cast``."""
    if not b.call("DescribeCollection", {"CollectionId": COLLECTION}).ok:
        assert b.call("CreateCollection", {"CollectionId": COLLECTION}).ok
        assert index(b).ok
    return b


def index(b: Backend, **params: Any) -> Any:
    request = {"CollectionId": COLLECTION, "Image": {"Bytes": face_image()}, "ExternalImageId": "cast", **params}
    return b.call("IndexFaces", request)


def listing(b: Backend, family: tuple[str, str], member: str, get: dict[str, Any] | None = None, **start: Any) -> list:
    return b.items(b.family_job(*family, **start), member, family[1], **(get or {}))


def faces_of(b: Backend) -> list[dict[str, Any]]:
    return b.call("ListFaces", {"CollectionId": COLLECTION}).body["Faces"]


def search(b: Backend, **params: Any) -> Any:
    face_id = faces_of(b)[0]["FaceId"]
    return b.call("SearchFaces", {"CollectionId": COLLECTION, "FaceId": face_id, **params})


def without_ids(record: dict[str, Any]) -> dict[str, Any]:
    """A face as two servers both describe it: FaceIds are random, the rest is derived from the image."""
    return {k: v for k, v in record.items() if k != "FaceId"}


# --- celebrities, persons, moderation, labels, segments, text -----------------------------------------


def test_fault_celebrity_default_sort_by_id(clean: Backend) -> None:
    with backend("celebrity-default-sort-by-id") as faulty:
        got, by_id = listing(faulty, CELEBRITIES, "Celebrities"), listing(faulty, CELEBRITIES, "Celebrities",
                                                                          {"SortBy": "ID"})
    assert got == by_id == listing(clean, CELEBRITIES, "Celebrities", {"SortBy": "ID"})
    assert got != listing(clean, CELEBRITIES, "Celebrities")


def test_fault_celebrity_info_url_dropped(clean: Backend) -> None:
    celebrity_id = listing(clean, CELEBRITIES, "Celebrities")[0]["Celebrity"]["Id"]
    want = clean.call("GetCelebrityInfo", {"Id": celebrity_id}).body
    with backend("celebrity-info-url-dropped") as faulty:
        got = faulty.call("GetCelebrityInfo", {"Id": celebrity_id}).body
    assert want["Urls"] and got == {**want, "Urls": want["Urls"][:-1]}


def test_fault_person_default_sort_by_index(clean: Backend) -> None:
    with backend("person-default-sort-by-index") as faulty:
        got = listing(faulty, PERSONS, "Persons")
    assert got == listing(clean, PERSONS, "Persons", {"SortBy": "INDEX"}) != listing(clean, PERSONS, "Persons")


def test_fault_moderation_default_aggregate_segments(clean: Backend) -> None:
    with backend("moderation-default-aggregate-segments") as faulty:
        got = listing(faulty, MODERATION, "ModerationLabels")
    want = listing(clean, MODERATION, "ModerationLabels", {"AggregateBy": "SEGMENTS"})
    assert got == want and all("DurationMillis" in item for item in got)


def test_fault_label_default_confidence_40(clean: Backend) -> None:
    with backend("label-default-confidence-40") as faulty:
        got = [item["Label"]["Confidence"] for item in listing(faulty, LABELS, "Labels")]
        at_50 = [item["Label"]["Confidence"] for item in listing(faulty, LABELS, "Labels", MinConfidence=50.0)]
    assert any(40 <= c < 50 for c in got) and min(got) >= 40 and min(at_50) >= 50


def test_fault_segment_default_floor_lets_45_through(clean: Backend) -> None:
    with backend("segment-default-floor-lets-45-through") as faulty:
        got = listing(faulty, SEGMENTS, "Segments", SegmentTypes=BOTH)
        at_50 = listing(faulty, SEGMENTS, "Segments", SegmentTypes=BOTH, Filters=AT_50)
    want = listing(clean, SEGMENTS, "Segments", SegmentTypes=BOTH)
    lowered = [i for i, (g, w) in enumerate(zip(got, want, strict=True)) if g != w]
    assert len(lowered) == 1 and got[lowered[0]]["ShotSegment"]["Confidence"] == 45.0
    assert at_50 == listing(clean, SEGMENTS, "Segments", SegmentTypes=BOTH, Filters=AT_50)


def test_fault_segment_audio_metadata_first_page_only(clean: Backend) -> None:
    with backend("segment-audio-metadata-first-page-only") as faulty:
        job_id = faulty.family_job(*SEGMENTS, SegmentTypes=BOTH)
        pages = faulty.pages(job_id, SEGMENTS[1], MaxResults=2)
    assert len(pages) > 1
    assert pages[0].body["AudioMetadata"] and all("AudioMetadata" not in page.body for page in pages[1:])
    clean_pages = clean.pages(clean.family_job(*SEGMENTS, SegmentTypes=BOTH), SEGMENTS[1], MaxResults=2)
    assert len({repr(page.body.get("AudioMetadata")) for page in clean_pages}) == 1


def test_fault_text_word_size_ignored(clean: Backend) -> None:
    word_filter = {"WordFilter": {"MinBoundingBoxHeight": 0.05, "MinBoundingBoxWidth": 0.05}}
    with backend("text-word-size-ignored") as faulty:
        got = listing(faulty, TEXT, "TextDetections", Filters=word_filter)
    assert got == listing(clean, TEXT, "TextDetections", Filters={"WordFilter": {}})
    assert len(got) > len(listing(clean, TEXT, "TextDetections", Filters=word_filter))


def test_fault_text_word_default_confidence_50(clean: Backend) -> None:
    with backend("text-word-default-confidence-50") as faulty:
        got = listing(faulty, TEXT, "TextDetections", Filters={"WordFilter": {}})
    assert got == listing(clean, TEXT, "TextDetections", Filters={"WordFilter": {"MinConfidence": 50.0}})
    words = [d["TextDetection"]["Confidence"] for d in got if d["TextDetection"]["Type"] == "WORD"]
    assert any(50 <= c < 80 for c in words)


# --- collections --------------------------------------------------------------------------------------


def test_fault_collection_index_older_model(clean: Backend) -> None:
    with backend("collection-index-older-model") as faulty:
        with_faces(faulty)
        got = index(faulty, ExternalImageId="other").body["FaceModelVersion"]
        described = faulty.call("DescribeCollection", {"CollectionId": COLLECTION}).body["FaceModelVersion"]
    assert described == clean.call("DescribeCollection", {"CollectionId": COLLECTION}).body["FaceModelVersion"]
    assert got != described


def test_fault_collection_created_status_201(clean: Backend) -> None:
    with backend("collection-created-status-201") as faulty:
        got = faulty.call("CreateCollection", {"CollectionId": "fresh"})
    assert got.status == 200 and got.body["StatusCode"] == 201
    assert clean.call("CreateCollection", {"CollectionId": "fresh"}).body["StatusCode"] == 200


def test_fault_collection_face_count_one_more(clean: Backend) -> None:
    with backend("collection-face-count-one-more") as faulty:
        with_faces(faulty)
        got = faulty.call("DescribeCollection", {"CollectionId": COLLECTION}).body["FaceCount"]
        listed = len(faces_of(faulty))
    assert got == listed + 1 and listed == len(faces_of(clean))


def test_fault_collection_list_page_one_too_many(clean: Backend) -> None:
    with backend("collection-list-page-one-too-many") as faulty:
        for n in range(4):
            faulty.call("CreateCollection", {"CollectionId": f"c{n}"})
        with_faces(faulty)
        collections = faulty.call("ListCollections", {"MaxResults": 2}).body["CollectionIds"]
        faces = faulty.call("ListFaces", {"CollectionId": COLLECTION, "MaxResults": 1}).body["Faces"]
    assert len(collections) == 3 and len(faces) == min(2, len(faces_of(clean)))
    assert len(clean.call("ListCollections", {"MaxResults": 1}).body["CollectionIds"]) == 1


def test_fault_collection_list_page_drops_last(clean: Backend) -> None:
    with backend("collection-list-page-drops-last") as faulty:
        for n in range(5):
            faulty.call("CreateCollection", {"CollectionId": f"c{n}"})
        first = faulty.call("ListCollections", {"MaxResults": 2}).body
        second = faulty.call("ListCollections", {"MaxResults": 2, "NextToken": first["NextToken"]}).body
    assert first["CollectionIds"] == ["c0"] and second["CollectionIds"] == ["c2"]
    assert len(first["FaceModelVersions"]) == 1


def test_fault_collection_list_version_dropped(clean: Backend) -> None:
    with backend("collection-list-version-dropped") as faulty:
        for n in range(2):
            faulty.call("CreateCollection", {"CollectionId": f"c{n}"})
        got = faulty.call("ListCollections", {}).body
    assert got["CollectionIds"] == ["c0", "c1"] and len(got["FaceModelVersions"]) == 1


def test_fault_collection_list_faces_drops_last(clean: Backend) -> None:
    with backend("collection-list-faces-drops-last") as faulty:
        with_faces(faulty)
        got = faces_of(faulty)
    want = faces_of(clean)
    assert want and list(map(without_ids, got)) == list(map(without_ids, want[:-1]))


def test_fault_collection_listed_face_other_image(clean: Backend) -> None:
    with backend("collection-listed-face-other-image") as faulty:
        with_faces(faulty)
        indexed = index(faulty).body["FaceRecords"]
        listed = faces_of(faulty)
    assert {f["ImageId"] for f in listed}.isdisjoint({r["Face"]["ImageId"] for r in indexed})
    assert [{**without_ids(f), "ImageId": None} for f in listed] == [
        {**without_ids(f), "ImageId": None} for f in faces_of(clean)
    ]


def test_fault_collection_index_external_id_dropped(clean: Backend) -> None:
    with backend("collection-index-external-id-dropped") as faulty:
        faulty.call("CreateCollection", {"CollectionId": COLLECTION})
        records = index(faulty).body["FaceRecords"]
        listed = faces_of(faulty)
    assert records and all("ExternalImageId" not in r["Face"] for r in records)
    assert all(f["ExternalImageId"] == "cast" for f in listed)


def test_fault_collection_index_face_ids_shared(clean: Backend) -> None:
    with backend("collection-index-face-ids-shared") as faulty:
        faulty.call("CreateCollection", {"CollectionId": COLLECTION})
        records = index(faulty).body["FaceRecords"]
    assert len(records) > 1
    assert len({r["Face"]["FaceId"] for r in records}) == 1 or len({r["Face"]["ImageId"] for r in records}) > 1


def test_fault_collection_index_max_faces_ignored(clean: Backend) -> None:
    with backend("collection-index-max-faces-ignored") as faulty:
        faulty.call("CreateCollection", {"CollectionId": COLLECTION})
        got = index(faulty, MaxFaces=1).body
    clean.call("CreateCollection", {"CollectionId": "limited"})
    want = clean.call("IndexFaces", {"CollectionId": "limited", "Image": {"Bytes": face_image()}, "MaxFaces": 1})
    if len(want.body["FaceRecords"]) + len(want.body.get("UnindexedFaces") or []) < 2:
        pytest.fail("the face image holds one face: MaxFaces cannot be shown to be ignored")
    assert len(want.body["FaceRecords"]) == 1 and len(got["FaceRecords"]) > 1


def test_fault_collection_index_smallest_first(clean: Backend) -> None:
    def areas(records: list[dict[str, Any]]) -> list[float]:
        return [r["Face"]["BoundingBox"]["Width"] * r["Face"]["BoundingBox"]["Height"] for r in records]

    with backend("collection-index-smallest-first") as faulty:
        faulty.call("CreateCollection", {"CollectionId": COLLECTION})
        got = areas(index(faulty).body["FaceRecords"])
    assert len(set(got)) > 1 and got == sorted(got)


def test_fault_collection_index_format_as_parameter(clean: Backend) -> None:
    request = {"CollectionId": COLLECTION, "Image": {"Bytes": b"not an image"}}
    with backend("collection-index-format-as-parameter") as faulty:
        with_faces(faulty)
        got = faulty.call("IndexFaces", request)
    assert got.error_code == "InvalidParameterException"
    assert clean.call("IndexFaces", request).error_code == "InvalidImageFormatException"


def test_fault_collection_index_duplicates(clean: Backend) -> None:
    with backend("collection-index-duplicates") as faulty:
        with_faces(faulty)
        once = len(faces_of(faulty))
        again = index(faulty).body["FaceRecords"]
        twice = faces_of(faulty)
    assert len(twice) == 2 * once and all(r["Face"]["ExternalImageId"] == "cast" for r in again)
    index(clean)
    assert len(faces_of(clean)) == once


def test_fault_collection_delete_names_unasked_face(clean: Backend) -> None:
    with backend("collection-delete-names-unasked-face") as faulty:
        with_faces(faulty)
        face_id = faces_of(faulty)[0]["FaceId"]
        got = faulty.call("DeleteFaces", {"CollectionId": COLLECTION, "FaceIds": [face_id]}).body["DeletedFaces"]
    assert got[0] == face_id and len(got) == 2


def test_fault_collection_search_other_face_echoed(clean: Backend) -> None:
    with backend("collection-search-other-face-echoed") as faulty:
        with_faces(faulty)
        asked = faces_of(faulty)[0]["FaceId"]
        got = search(faulty).body
    assert got["SearchedFaceId"] != asked
    assert search(clean).body["SearchedFaceId"] == faces_of(clean)[0]["FaceId"]


def test_fault_collection_search_below_threshold(clean: Backend) -> None:
    with backend("collection-search-below-threshold") as faulty:
        with_faces(faulty)
        got = [m["Similarity"] for m in search(faulty, FaceMatchThreshold=0.0).body["FaceMatches"]]
        default = [m["Similarity"] for m in search(faulty).body["FaceMatches"]]
    want = [m["Similarity"] for m in search(clean, FaceMatchThreshold=0.0).body["FaceMatches"]]
    assert want and got == [*want, -1.0]
    assert default and default[-1] == 79.0


def test_fault_collection_search_one_match_more(clean: Backend) -> None:
    with backend("collection-search-one-match-more") as faulty:
        with_faces(faulty)
        got = search(faulty, FaceMatchThreshold=0.0, MaxFaces=1).body["FaceMatches"]
    assert len(search(clean, FaceMatchThreshold=0.0, MaxFaces=1).body["FaceMatches"]) == 1 and len(got) == 2


def test_fault_collection_search_unknown_face(clean: Backend) -> None:
    with backend("collection-search-unknown-face") as faulty:
        with_faces(faulty)
        known = {f["FaceId"] for f in faces_of(faulty)}
        got = search(faulty, FaceMatchThreshold=0.0).body["FaceMatches"]
    assert got and got[0]["Face"]["FaceId"] not in known
    assert all(m["Face"]["FaceId"] in known for m in got[1:])


# --- stream processors --------------------------------------------------------------------------------


def processor(b: Backend, name: str, **settings: Any) -> dict[str, Any]:
    with_faces(b)
    request = create_request()
    request["Name"] = name
    request["Settings"]["FaceSearch"]["CollectionId"] = COLLECTION
    request["Settings"]["FaceSearch"].update(settings)
    answer = b.call("CreateStreamProcessor", request)
    assert answer.ok, answer.describe()
    return request


def describe(b: Backend, name: str) -> dict[str, Any]:
    return b.call("DescribeStreamProcessor", {"Name": name}).body


def settled(b: Backend, name: str) -> dict[str, Any]:
    """The description once an update has taken effect (the processor is no longer UPDATING)."""
    deadline = time.monotonic() + 30
    while (found := describe(b, name)).get("Status") == "UPDATING":
        assert time.monotonic() < deadline, f"{name} stays UPDATING"
        time.sleep(0.05)
    return found


def test_fault_processor_name_in_use_accepted(clean: Backend) -> None:
    with backend("processor-name-in-use-accepted") as faulty:
        request = processor(faulty, "twice")
        again = faulty.call("CreateStreamProcessor", request)
    assert again.status == 200 and again.body["StreamProcessorArn"].endswith("twice-2")
    processor(clean, "twice")
    assert clean.call("CreateStreamProcessor", request | {"Name": "twice"}).error_code == "ResourceInUseException"


def test_fault_processor_described_with_other_role(clean: Backend) -> None:
    with backend("processor-described-with-other-role") as faulty:
        request = processor(faulty, "role")
        got = describe(faulty, "role")
    assert got["RoleArn"] == request["RoleArn"] + "-other"


def test_fault_processor_threshold_misreported(clean: Backend) -> None:
    with backend("processor-threshold-misreported") as faulty:
        processor(faulty, "at-95", FaceMatchThreshold=95.0)
        processor(faulty, "at-80", FaceMatchThreshold=80.0)
        got = [describe(faulty, name)["Settings"]["FaceSearch"]["FaceMatchThreshold"] for name in ("at-95", "at-80")]
    assert got == [80.0, 90.0]
    processor(clean, "at-95", FaceMatchThreshold=95.0)
    assert describe(clean, "at-95")["Settings"]["FaceSearch"]["FaceMatchThreshold"] == 95.0


def test_fault_processor_list_page_one_too_many(clean: Backend) -> None:
    with backend("processor-list-page-one-too-many") as faulty:
        for n in range(3):
            processor(faulty, f"p{n}")
        got = faulty.call("ListStreamProcessors", {"MaxResults": 1}).body["StreamProcessors"]
    assert len(got) == 2


def test_fault_processor_updated_before_created(clean: Backend) -> None:
    with backend("processor-updated-before-created") as faulty:
        processor(faulty, "early")
        got = describe(faulty, "early")
    assert got["LastUpdateTimestamp"] < got["CreationTimestamp"]
    processor(clean, "early")
    assert describe(clean, "early")["LastUpdateTimestamp"] >= describe(clean, "early")["CreationTimestamp"]


def test_fault_processor_update_not_described(clean: Backend) -> None:
    update = {"Name": "shared", "DataSharingPreferenceForUpdate": {"OptIn": True}}
    with backend("processor-update-not-described") as faulty:
        processor(faulty, "shared")
        before = describe(faulty, "shared").get("DataSharingPreference")
        assert faulty.call("UpdateStreamProcessor", update).ok
        after = settled(faulty, "shared")
    assert after["DataSharingPreference"] == {"OptIn": False}
    assert before in (None, {"OptIn": False})
    processor(clean, "shared")
    assert clean.call("UpdateStreamProcessor", update).ok
    assert settled(clean, "shared")["DataSharingPreference"] == {"OptIn": True}
