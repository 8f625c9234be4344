"""The face search, collection and stream processor faults: each changes exactly what it says, shown by a
real botocore client against a server with the fault beside a clean one (see test_reference_faults.py)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import nullcontext
from typing import Any

import pytest

from rekognition_conformance.fixtures.images import face_image
from tests.unit.collection_factory import create_request
from tests.unit.fault_backend import Backend, backend

SEARCH = ("StartFaceSearch", "GetFaceSearch")
COLLECTION = "people"


def with_faces(b: Backend) -> Backend:
    """``b`` with a collection of faces to search (made once per server)."""
    if b.call("DescribeCollection", {"CollectionId": COLLECTION}).ok:
        return b
    assert b.call("CreateCollection", {"CollectionId": COLLECTION}).ok
    for external in ("cast", "crew"):
        answer = b.call(
            "IndexFaces", {"CollectionId": COLLECTION, "Image": {"Bytes": face_image()}, "ExternalImageId": external}
        )
        assert answer.ok, answer.describe()
    return b


@pytest.fixture(scope="module")
def clean() -> Iterator[Backend]:
    with backend() as b:
        yield with_faces(b)


def search(b: Backend, get_params: dict[str, Any] | None = None, **params: Any) -> list[dict[str, Any]]:
    job_id = b.family_job(*SEARCH, CollectionId=COLLECTION, **params)
    return b.items(job_id, "Persons", SEARCH[1], **(get_params or {}))


def similarities(items: list[dict[str, Any]]) -> list[float]:
    return sorted(match["Similarity"] for item in items for match in item.get("FaceMatches") or [])


def runs(keys: list[object]) -> int:
    return sum(1 for i, key in enumerate(keys) if i == 0 or keys[i - 1] != key)


# --- face search --------------------------------------------------------------------------------------


def test_fault_face_match_threshold_default_60(clean: Backend) -> None:
    with backend("face-match-threshold-default-60") as faulty:
        got, at_80 = search(with_faces(faulty)), search(faulty, FaceMatchThreshold=80.0)
    assert any(60 <= s < 80 for s in similarities(got)) and min(similarities(got)) >= 60
    assert similarities(search(clean)) == similarities(search(clean, FaceMatchThreshold=80.0)) == similarities(at_80)


def test_fault_face_match_threshold_off_by_ten(clean: Backend) -> None:
    with backend("face-match-threshold-off-by-ten") as faulty:
        got, default = search(with_faces(faulty), FaceMatchThreshold=80.0), search(faulty)
    assert any(70 <= s < 80 for s in similarities(got)) and min(similarities(got)) >= 70
    assert similarities(default) == similarities(search(clean))


def test_fault_face_search_index_not_grouped(clean: Backend) -> None:
    with backend("face-search-index-not-grouped") as faulty:
        got = search(with_faces(faulty), {"SortBy": "INDEX", "MaxResults": 7})
    want = search(clean, {"SortBy": "INDEX"})
    indexes = [item["Person"]["Index"] for item in got]
    assert runs(indexes) > len(set(indexes)) and runs([i["Person"]["Index"] for i in want]) == len(set(indexes))
    # FaceIds differ from server to server: the persons and their similarities are the same.
    assert sorted(map(person, got)) == sorted(map(person, want))


def person(item: dict[str, Any]) -> tuple[int, int, list[float]]:
    return item["Timestamp"], item["Person"]["Index"], similarities([item])


# --- collections --------------------------------------------------------------------------------------


def test_fault_collection_unknown_described(clean: Backend) -> None:
    with backend("collection-unknown-described") as faulty:
        got = faulty.call("DescribeCollection", {"CollectionId": "nobody"})
        listed = faulty.call("ListFaces", {"CollectionId": "nobody"})
    assert got.status == 200 and got.body["FaceCount"] == 0 and got.body["CollectionARN"].endswith("/nobody")
    assert clean.call("DescribeCollection", {"CollectionId": "nobody"}).error_code == "ResourceNotFoundException"
    assert listed.error_code == "ResourceNotFoundException"


def test_fault_collection_created_twice(clean: Backend) -> None:
    with backend("collection-created-twice") as faulty:
        first = faulty.call("CreateCollection", {"CollectionId": "twice"})
        again = faulty.call("CreateCollection", {"CollectionId": "twice"})
    assert first.ok and again.status == 200 and again.body["StatusCode"] == 200
    assert clean.call("CreateCollection", {"CollectionId": COLLECTION}).error_code == "ResourceAlreadyExistsException"


def test_fault_search_faces_weakest_first(clean: Backend) -> None:
    face_id = clean.call("ListFaces", {"CollectionId": COLLECTION}).body["Faces"][0]["FaceId"]
    with backend("search-faces-weakest-first") as faulty:
        with_faces(faulty)
        face_id_faulty = faulty.call("ListFaces", {"CollectionId": COLLECTION}).body["Faces"][0]["FaceId"]
        got = faulty.call(
            "SearchFaces", {"CollectionId": COLLECTION, "FaceId": face_id_faulty, "FaceMatchThreshold": 0.0}
        )
    want = clean.call("SearchFaces", {"CollectionId": COLLECTION, "FaceId": face_id, "FaceMatchThreshold": 0.0})
    got_s = [m["Similarity"] for m in got.body["FaceMatches"]]
    want_s = [m["Similarity"] for m in want.body["FaceMatches"]]
    assert len(set(want_s)) > 1 and want_s == sorted(want_s, reverse=True)
    assert got_s == sorted(want_s)


# --- stream processors --------------------------------------------------------------------------------


def processor(b: Backend, name: str) -> None:
    with_faces(b)
    request = create_request()
    request["Name"] = name
    request["Settings"]["FaceSearch"]["CollectionId"] = COLLECTION
    answer = b.call("CreateStreamProcessor", request)
    assert answer.ok, answer.describe()


def test_fault_processor_start_while_running_accepted(clean: Backend) -> None:
    outcomes = {}
    for name, b in (("faulty", None), ("clean", clean)):
        with backend("processor-start-while-running-accepted") if b is None else nullcontext(b) as server:
            processor(server, f"twice-{name}")
            first = server.call("StartStreamProcessor", {"Name": f"twice-{name}"})
            again = server.call("StartStreamProcessor", {"Name": f"twice-{name}"})
            assert first.ok, first.describe()
            outcomes[name] = (again.status, again.error_code or sorted(again.body))
    assert outcomes == {"faulty": (200, ["SessionId"]), "clean": (400, "ResourceInUseException")}


def test_fault_processor_delete_unknown_accepted(clean: Backend) -> None:
    with backend("processor-delete-unknown-accepted") as faulty:
        got = faulty.call("DeleteStreamProcessor", {"Name": "nobody"})
        described = faulty.call("DescribeStreamProcessor", {"Name": "nobody"})
    assert got.status == 200 and got.body == {}
    assert described.error_code == "ResourceNotFoundException"
    assert clean.call("DeleteStreamProcessor", {"Name": "nobody"}).error_code == "ResourceNotFoundException"


def listing(b: Backend, max_results: int) -> list[list[str]]:
    pages, token = [], {}
    while True:
        page = b.call("ListStreamProcessors", {"MaxResults": max_results, **token})
        assert page.ok and len(pages) < 50, page.describe()
        pages.append([p["Name"] for p in page.body["StreamProcessors"]])
        if not page.body.get("NextToken"):
            return pages
        token = {"NextToken": page.body["NextToken"]}


def test_fault_processor_list_page_drops_last(clean: Backend) -> None:
    names = [f"listed-{n}" for n in range(7)]
    with backend("processor-list-page-drops-last") as faulty:
        for name in names:
            processor(faulty, name)
        got, whole = listing(faulty, 3), listing(faulty, 1000)
    assert got == [names[0:2], names[3:5], names[6:7]]
    assert whole == [names]

