"""Face collections: their life cycle, listings, indexing, searching and deleting faces, and rejected requests.

Each scenario runs once per module, in a fixture, against collections of its own named with the run's
prefix (the run's face search collection is never touched here); the tests judge what the scenario
recorded. Every collection is removed at the end of the session by ``run_resources``.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

import pytest
from hypothesis import given

from rekognition_conformance.checks import bind, collections, errors
from rekognition_conformance.exchange import Exchange
from rekognition_conformance.fixtures.images import face_image
from rekognition_conformance.fixtures.videos import NOT_A_VIDEO
from rekognition_conformance.resources import Chain, read_pages, settled
from rekognition_conformance.strategies import Mutation, invalid_requests, mutations
from rekognition_conformance.suite.common import (
    fill_placeholders,
    judge_bad_token,
    judge_error,
    judge_invalid_parameter,
    judge_response,
)
from rekognition_conformance.suite.conftest import image_bytes_param
from rekognition_conformance.verdict import nothing_to_judge

pytestmark = [pytest.mark.family("collections")]

UNKNOWN_FACE_ID = str(uuid.UUID(int=0x5EED, version=4))
SEARCH_THRESHOLD = 0.0
UNAUTHENTICATED = [("none", "ERRORS.UNSIGNED"), ("wrong-secret", "ERRORS.BAD_SIGNATURE")]
GARBAGE_TOKENS = ["not-a-token", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=="]


def _body(ex: Exchange) -> dict[str, Any]:
    return ex.body if ex.ok and isinstance(ex.body, dict) else {}


def _faces(ex: Exchange | None) -> list[dict[str, Any]]:
    if ex is None:
        return []
    records = _body(ex).get("FaceRecords") or []
    return [r["Face"] for r in records if isinstance(r, dict) and isinstance(r.get("Face"), dict)]


def _ensure(answer: Exchange, what: str) -> Exchange:
    """The answer of a request a scenario cannot do without; the test fails, explained, if it was refused."""
    if not answer.ok:
        pytest.fail(f"{what} failed, so the scenario cannot go on: HTTP {answer.status} {answer.error_code} "
                    f"{answer.error_message or ''}", pytrace=False)
    return answer


# --- the life of one collection ----------------------------------------------------------------------------------


@dataclass
class Lifecycle:
    collection_id: str
    create: Exchange
    describe: Exchange
    create_again: Exchange
    delete: Exchange
    describe_after: Exchange
    delete_again: Exchange


@pytest.fixture(scope="module")
def lifecycle(run_resources, clients) -> Lifecycle:
    name = run_resources.name("lifecycle")
    call = clients.rekognition.call
    create = run_resources.create_collection(name, Tags={"rc-run": run_resources.run_id})
    describe = call("DescribeCollection", {"CollectionId": name})
    create_again = call("CreateCollection", {"CollectionId": name})
    delete = call("DeleteCollection", {"CollectionId": name})
    return Lifecycle(
        name, create, describe, create_again, delete,
        call("DescribeCollection", {"CollectionId": name}),
        call("DeleteCollection", {"CollectionId": name}),
    )


def test_lifecycle_answers_conform(lifecycle, verdict):
    for answer in (lifecycle.create, lifecycle.describe, lifecycle.create_again, lifecycle.delete,
                   lifecycle.describe_after, lifecycle.delete_again):
        judge_response(verdict, answer)


def test_create_and_describe_agree(lifecycle, verdict):
    _ensure(lifecycle.create, "CreateCollection")
    verdict.check(collections.check_status_code, lifecycle.create)
    verdict.check(collections.check_collection_arn, lifecycle.create, lifecycle.describe)
    version = _body(lifecycle.describe).get("FaceModelVersion")
    verdict.check(collections.check_face_model_version, lifecycle.create, version, also=("DescribeCollection",))
    verdict.check(collections.check_face_count, lifecycle.describe, 0)


def test_an_existing_collection_cannot_be_created_again(lifecycle, verdict):
    _ensure(lifecycle.create, "CreateCollection")
    verdict.check(
        bind(collections.check_refused, "COLLECTIONS.ALREADY_EXISTS"),
        lifecycle.create_again,
        {"ResourceAlreadyExistsException"},
    )


def test_a_deleted_collection_is_gone(lifecycle, verdict):
    _ensure(lifecycle.delete, "DeleteCollection")
    verdict.check(collections.check_status_code, lifecycle.delete)
    for answer in (lifecycle.describe_after, lifecycle.delete_again):
        verdict.check(bind(collections.check_refused, "COLLECTIONS.UNKNOWN"), answer, {"ResourceNotFoundException"})


# --- listing collections -----------------------------------------------------------------------------------------


@dataclass
class Listings:
    present: list[str]
    gone: str
    chains: dict[int | None, Chain]
    versions: dict[str, str | None]


@pytest.fixture(scope="module")
def listings(run_resources, clients) -> Listings:
    present = [run_resources.name(f"list-{i}") for i in range(3)]
    for name in present:
        _ensure(run_resources.create_collection(name), f"CreateCollection {name}")
    gone = run_resources.name("list-gone")
    _ensure(run_resources.create_collection(gone), f"CreateCollection {gone}")
    _ensure(clients.rekognition.call("DeleteCollection", {"CollectionId": gone}), f"DeleteCollection {gone}")
    def complete(chain: Chain) -> bool:
        return not collections.check_collections_listed(chain.pages, present=present, absent=[gone],
                                                        stopped=chain.stopped)

    # Listings right after creating and deleting are eventually consistent: read again, for a bounded time.
    chains = {
        size: settled(lambda size=size: read_pages(clients.rekognition, "ListCollections",
                                                   {} if size is None else {"MaxResults": size}), complete)
        for size in (1, 2, None)
    }
    versions = {
        name: _body(clients.rekognition.call("DescribeCollection", {"CollectionId": name})).get("FaceModelVersion")
        for name in present
    }
    return Listings(present, gone, chains, versions)


@pytest.mark.parametrize("max_results", [1, 2, None], ids=["max1", "max2", "default"])
def test_listing_collections_pages_through_all_of_them(max_results, listings, verdict):
    chain = listings.chains[max_results]
    for page in chain.pages:
        judge_response(verdict, page)
        verdict.check(collections.check_list_versions, page)
        for name in listings.present:
            verdict.check(collections.check_face_model_version, page, listings.versions[name], collection_id=name,
                          also=("DescribeCollection",))
    verdict.check(collections.check_list_page_size, chain.pages, "CollectionIds", max_results)
    verdict.check(collections.check_collections_listed, chain.pages, present=listings.present,
                  absent=[listings.gone], stopped=chain.stopped)


@pytest.mark.parametrize("token", GARBAGE_TOKENS)
def test_a_garbage_token_is_rejected(token, clients, scratch, verdict):
    for operation, request in (
        ("ListCollections", {"NextToken": token}),
        ("ListFaces", {"CollectionId": scratch, "NextToken": token}),
    ):
        answer = clients.rekognition.call(operation, request)
        judge_bad_token(verdict, answer)


# --- indexing, listing, searching and deleting faces -------------------------------------------------------------


@dataclass
class Indexing:
    collection_id: str
    version: str | None
    by_bytes: Exchange
    by_s3: Exchange
    listed_before_repeat: Chain
    repeat: Exchange
    listed_after_repeat: Chain
    limited: Exchange
    listed: Chain
    listed_small: Chain
    describe: Exchange
    not_an_image: Exchange
    searches: list[Exchange] = field(default_factory=list)
    delete: Exchange | None = None
    listed_after_delete: Chain | None = None
    describe_after_delete: Exchange | None = None

    @property
    def answers(self) -> list[Exchange]:
        return [self.by_bytes, self.by_s3, self.repeat, self.limited]

    @property
    def indexed(self) -> dict[str, dict[str, Any]]:
        """FaceId -> the Face IndexFaces answered, for every face indexed (first answer wins)."""
        found: dict[str, dict[str, Any]] = {}
        for answer in self.answers:
            for face in _faces(answer):
                found.setdefault(face.get("FaceId"), face)
        return found

    @property
    def external_ids(self) -> dict[str, str]:
        return {
            face["FaceId"]: answer.request["ExternalImageId"]
            for answer in self.answers
            for face in _faces(answer)
            if "ExternalImageId" in answer.request
        }

    @property
    def deleted(self) -> list[str]:
        return list(_body(self.delete).get("DeletedFaces") or []) if self.delete is not None else []


def _list_faces(clients, collection_id: str, *, expect: Collection[str] | None = None,
                absent: Collection[str] = (), **params: Any) -> Chain:
    """The ListFaces chain; with ``expect``, read again (for a bounded time) until it lists exactly those faces."""

    def read() -> Chain:
        return read_pages(clients.rekognition, "ListFaces", {"CollectionId": collection_id, **params})

    if expect is None:
        return read()
    return settled(read, lambda chain: not collections.check_faces_listed(
        chain.pages, present=list(expect), absent=absent, stopped=chain.stopped))


def _describe(clients, collection_id: str, face_count: int) -> Exchange:
    """DescribeCollection, read again (for a bounded time) until FaceCount is ``face_count``."""
    return settled(lambda: clients.rekognition.call("DescribeCollection", {"CollectionId": collection_id}),
                   lambda answer: not collections.check_face_count(answer, face_count))


@pytest.fixture(scope="module")
def indexing(run_resources, clients, face_image_object) -> Indexing:
    name = run_resources.name("faces-managed")
    call = clients.rekognition.call
    _ensure(run_resources.create_collection(name), f"CreateCollection {name}")
    version = _body(call("DescribeCollection", {"CollectionId": name})).get("FaceModelVersion")

    def index(**params: Any) -> Exchange:
        return call("IndexFaces", {"CollectionId": name, **params})

    def ids(*answers: Exchange) -> set[str]:
        return {face["FaceId"] for answer in answers for face in _faces(answer) if isinstance(face.get("FaceId"), str)}

    by_bytes = index(Image={"Bytes": face_image()}, ExternalImageId="rc-bytes", DetectionAttributes=["ALL"])
    by_s3 = index(Image={"S3Object": face_image_object}, ExternalImageId="rc-s3")
    before = _list_faces(clients, name, expect=ids(by_bytes, by_s3))
    repeat = index(Image={"Bytes": face_image()}, ExternalImageId="rc-bytes", DetectionAttributes=["ALL"])
    after = _list_faces(clients, name, expect=ids(by_bytes, by_s3, repeat))
    limited = index(Image={"Bytes": face_image()}, ExternalImageId="rc-limited", MaxFaces=1, QualityFilter="NONE")
    indexed = ids(by_bytes, by_s3, repeat, limited)
    scenario = Indexing(
        name, version, by_bytes, by_s3, before, repeat, after, limited,
        listed=_list_faces(clients, name, expect=indexed),
        listed_small=_list_faces(clients, name, expect=indexed, MaxResults=1),
        describe=_describe(clients, name, len(indexed)),
        not_an_image=index(Image={"Bytes": NOT_A_VIDEO}),
    )
    first = next(iter(scenario.indexed), None)
    if first is not None:
        scenario.searches = [
            call("SearchFaces", {"CollectionId": name, "FaceId": first}),
            call("SearchFaces", {"CollectionId": name, "FaceId": first, "FaceMatchThreshold": SEARCH_THRESHOLD,
                                 "MaxFaces": 2}),
            # Every face of the collection: the copies of the searched face and the image's other faces
            # score differently, so the order of the matches shows (the two above may all tie).
            call("SearchFaces", {"CollectionId": name, "FaceId": first, "FaceMatchThreshold": SEARCH_THRESHOLD}),
        ]
    doomed = [face["FaceId"] for face in _faces(limited)]
    if doomed:
        scenario.delete = call("DeleteFaces", {"CollectionId": name, "FaceIds": doomed})
        remaining = indexed - set(scenario.deleted)
        scenario.listed_after_delete = _list_faces(clients, name, expect=remaining, absent=scenario.deleted)
        scenario.describe_after_delete = _describe(clients, name, len(remaining))
    return scenario


def _faces_or_skip(indexing: Indexing) -> dict[str, dict[str, Any]]:
    for answer in (indexing.by_bytes, indexing.by_s3):
        _ensure(answer, f"IndexFaces ({answer.request.get('ExternalImageId')})")
    if not indexing.indexed:
        nothing_to_judge("the backend indexed no face of the fixture image; there is nothing to judge")
    return indexing.indexed


def test_indexing_answers_conform(indexing, verdict):
    for answer in (*indexing.answers, indexing.describe, indexing.not_an_image, *indexing.searches):
        judge_response(verdict, answer)
    for chain in (indexing.listed, indexing.listed_small):
        for page in chain.pages:
            judge_response(verdict, page)


@pytest.mark.parametrize("which", ["by_bytes", "by_s3", "repeat", "limited"])
def test_index_faces_answers(which, indexing, verdict):
    answer = _ensure(getattr(indexing, which), f"IndexFaces ({which})")
    verdict.check(collections.check_index_ids, answer)
    verdict.check(collections.check_external_image_id, answer)
    verdict.check(collections.check_index_max_faces, answer)
    verdict.check(collections.check_index_order, answer)
    verdict.check(collections.check_face_model_version, answer, indexing.version, also=("DescribeCollection",))


def test_indexing_the_same_image_again_stores_no_duplicate(indexing, verdict):
    _faces_or_skip(indexing)
    _ensure(indexing.repeat, "the repeated IndexFaces")
    verdict.check(collections.check_no_duplicates, indexing.repeat, indexing.listed_before_repeat.items("Faces"),
                  indexing.listed_after_repeat.items("Faces"), also=("ListFaces",))
    verdict.check(collections.check_same_faces, indexing.by_bytes, indexing.repeat)


def test_something_that_is_not_an_image_is_rejected(indexing, verdict):
    verdict.check(
        bind(collections.check_refused, "COLLECTIONS.INDEX.IMAGE_FORMAT"),
        indexing.not_an_image,
        {"InvalidImageFormatException"},
    )


@pytest.mark.parametrize("small", [False, True], ids=["default", "max1"])
def test_list_faces_lists_the_indexed_faces(small, indexing, verdict):
    indexed = _faces_or_skip(indexing)
    chain = indexing.listed_small if small else indexing.listed
    verdict.check(collections.check_list_page_size, chain.pages, "Faces", 1 if small else None)
    verdict.check(collections.check_faces_listed, chain.pages, present=list(indexed), stopped=chain.stopped)
    for page in chain.pages:
        verdict.check(collections.check_face_metadata, page, indexed, also=("IndexFaces",))
        verdict.check(collections.check_external_image_id, page, indexing.external_ids)
        verdict.check(collections.check_face_model_version, page, indexing.version, also=("DescribeCollection",))


def test_face_count_counts_the_indexed_faces(indexing, verdict):
    indexed = _faces_or_skip(indexing)
    verdict.check(collections.check_face_count, indexing.describe, len(indexed))


def test_search_faces(indexing, verdict):
    indexed = _faces_or_skip(indexing)
    listed = [face.get("FaceId") for face in indexing.listed.items("Faces") if isinstance(face, dict)]
    for answer in indexing.searches:
        judge_response(verdict, answer)
        verdict.check(collections.check_searched_face_id, answer)
        verdict.check(collections.check_search_order, answer)
        verdict.check(collections.check_search_threshold, answer)
        verdict.check(collections.check_search_max_faces, answer)
        verdict.check(collections.check_face_metadata, answer, indexed, also=("IndexFaces",))
        verdict.check(collections.check_face_model_version, answer, indexing.version, also=("DescribeCollection",))
        verdict.check(collections.check_match_faces, answer.operation, collections.search_matches(answer), listed,
                      answer.request)


def test_searching_for_a_face_the_collection_lacks_is_rejected(indexing, clients, verdict):
    request = {"CollectionId": indexing.collection_id, "FaceId": UNKNOWN_FACE_ID}
    answer = clients.rekognition.call("SearchFaces", request)
    verdict.check(
        bind(collections.check_refused, "COLLECTIONS.SEARCH.UNKNOWN_FACE"),
        answer,
        {"InvalidParameterException", "ResourceNotFoundException"},
    )
    judge_error(verdict, answer)


def test_deleted_faces_are_gone(indexing, verdict):
    indexed = _faces_or_skip(indexing)
    if indexing.delete is None:
        nothing_to_judge("IndexFaces with MaxFaces=1 indexed no face, so none was deleted")
    judge_response(verdict, indexing.delete)
    _ensure(indexing.delete, "DeleteFaces")
    remaining = [face_id for face_id in indexed if face_id not in indexing.deleted]
    after = indexing.listed_after_delete
    verdict.check(collections.check_deleted_faces, indexing.delete, after.items("Faces"), also=("ListFaces",))
    verdict.check(collections.check_faces_listed, after.pages, present=remaining, absent=indexing.deleted,
                  stopped=after.stopped)
    verdict.check(collections.check_face_count, indexing.describe_after_delete, len(remaining))


# --- unknown collections and rejected requests -------------------------------------------------------------------


@pytest.fixture(scope="module")
def scratch(run_resources) -> str:
    """An empty collection that requests meant to be rejected name, so an accepted one harms nothing else."""
    name = run_resources.name("scratch")
    _ensure(run_resources.create_collection(name), f"CreateCollection {name}")
    return name


def _unknown_requests(collection_id: str) -> dict[str, dict[str, Any]]:
    return {
        "DescribeCollection": {"CollectionId": collection_id},
        "DeleteCollection": {"CollectionId": collection_id},
        "ListFaces": {"CollectionId": collection_id},
        "IndexFaces": {"CollectionId": collection_id, "Image": {"Bytes": face_image()}},
        "DeleteFaces": {"CollectionId": collection_id, "FaceIds": [UNKNOWN_FACE_ID]},
        "SearchFaces": {"CollectionId": collection_id, "FaceId": UNKNOWN_FACE_ID},
    }


@pytest.mark.parametrize("operation", list(_unknown_requests("x")))
def test_an_unknown_collection_is_rejected(operation, run_resources, clients, verdict):
    request = _unknown_requests(run_resources.name("never-created"))[operation]
    answer = clients.rekognition.call(operation, request)
    verdict.check(bind(collections.check_refused, "COLLECTIONS.UNKNOWN"), answer, {"ResourceNotFoundException"})
    judge_error(verdict, answer)


# Valid requests with every optional member that has no side effect; "{scratch}" and "{new}" are replaced at run
# time by the scratch collection and a collection id of the run that does not exist yet.
TEMPLATES: dict[str, dict[str, Any]] = {
    "CreateCollection": {"CollectionId": "{new}", "Tags": {"rc": "conformance"}},
    "DescribeCollection": {"CollectionId": "{scratch}"},
    "DeleteCollection": {"CollectionId": "{scratch}"},
    "ListCollections": {"MaxResults": 5},
    "IndexFaces": {
        "CollectionId": "{scratch}",
        "Image": {"Bytes": image_bytes_param()},
        "ExternalImageId": "rc-invalid-request",
        "MaxFaces": 2,
        "QualityFilter": "AUTO",
        "DetectionAttributes": ["DEFAULT"],
    },
    "ListFaces": {"CollectionId": "{scratch}", "MaxResults": 5, "FaceIds": [UNKNOWN_FACE_ID]},
    "DeleteFaces": {"CollectionId": "{scratch}", "FaceIds": [UNKNOWN_FACE_ID]},
    "SearchFaces": {"CollectionId": "{scratch}", "FaceId": UNKNOWN_FACE_ID, "MaxFaces": 5, "FaceMatchThreshold": 80.0},
}
CASES = [(operation, m) for operation, template in TEMPLATES.items() for m in mutations(operation, template)]


def _invalid(operation: str, mutation: Mutation, scratch: str, run_resources) -> dict[str, Any]:
    names = {"{scratch}": scratch, "{new}": run_resources.name("invalid-request")}
    return mutation.apply(fill_placeholders(TEMPLATES[operation], names))


@pytest.mark.parametrize(("operation", "mutation"), CASES,
                         ids=[f"{op}-{m.member}-{m.constraint}" for op, m in CASES])
def test_each_constraint_violation_is_rejected(operation, mutation, scratch, run_resources, clients, verdict):
    request = _invalid(operation, mutation, scratch, run_resources)
    judge_invalid_parameter(verdict, clients.raw.send(operation, request))


@pytest.mark.parametrize("operation", ["IndexFaces", "SearchFaces", "CreateCollection"])
def test_drawn_constraint_violations_are_rejected(operation, scratch, run_resources, clients, verdict):
    @given(mutation=invalid_requests(operation, TEMPLATES[operation]))
    def run(mutation: Mutation) -> None:
        request = _invalid(operation, mutation, scratch, run_resources)
        judge_invalid_parameter(verdict, clients.raw.send(operation, request))
        verdict.assert_clean()

    run()


@pytest.mark.parametrize(("signing", "rule_id"), UNAUTHENTICATED)
def test_unauthenticated_requests_are_rejected(signing, rule_id, scratch, clients, verdict):
    # Read-only requests only: a backend that wrongly accepted an unauthenticated write would act on it.
    for operation, body in (("ListCollections", {}), ("DescribeCollection", {"CollectionId": scratch}),
                            ("ListFaces", {"CollectionId": scratch}),
                            ("SearchFaces", {"CollectionId": scratch, "FaceId": str(uuid.UUID(int=0))})):
        answer = clients.raw.send(operation, body, signing=signing)
        verdict.check(bind(errors.check_rejected, rule_id), answer)
