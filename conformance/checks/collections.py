"""Checks on face collections: refusals, echoes between operations, listings, indexing, deletion and search.

Faces are identified by FaceId. Listings of collections, faces and stream processors are judged by
whether the resources the run made (and did not delete) appear in them exactly once: other clients'
resources may come and go in the same account, so a listing is never compared item for item with a
second one. Pointers are JSON pointers into one answer, ``page 2 /CollectionIds/0`` into one page of
a listing, or ``listing[5]/FaceMatches/1`` into a whole GetFaceSearch listing.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections import Counter
from collections.abc import Callable, Collection, Hashable, Mapping, Sequence
from typing import Any

from rekognition_conformance.checks import Violation, check, errors, generic, pagination
from rekognition_conformance.checks.items import as_number, dig, excerpt, page_pointer, pointer, success_body
from rekognition_conformance.exchange import Exchange

DEFAULT_FACE_MATCH_THRESHOLD = 80.0
MAX_INDEXED_FACES = 100
# Similarities, confidences and box ratios are floats a backend may round when serialising.
TOLERANCE = 1e-3


def relabel(violations: list[Violation], rule_id: str) -> list[Violation]:
    """The violations of a generic check, reported under ``rule_id``."""
    return [dataclasses.replace(v, rule_id=rule_id) for v in violations]


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def refused(ex: Exchange, expected: Collection[str], rule_id: str) -> list[Violation]:
    """The request was refused with a client error of one of the ``expected`` types (one violation at most)."""
    return errors.check_rejected(ex, rule_id=rule_id) or errors.check_error_type(ex, expected, rule_id=rule_id)


@generic()
def check_refused(ex: Exchange, expected: Collection[str], *, rule_id: str) -> list[Violation]:
    """The request was refused with a client error of one of the ``expected`` error types."""
    return refused(ex, expected, rule_id)


@check("COLLECTIONS.ARN")
def check_collection_arn(create: Exchange, describe: Exchange) -> list[Violation]:
    """DescribeCollection's CollectionARN names the collection CreateCollection answered, modulo a leading ``arn:``.

    AWS's CreateCollection answers the ARN without its ``arn:`` prefix while DescribeCollection answers it
    with the prefix (fixtures/aws/CreateCollection and DescribeCollection; aws/aws-sdk-js-v3#6704).
    """
    created, described = success_body(create).get("CollectionArn"), success_body(describe).get("CollectionARN")
    if not isinstance(created, str) or not isinstance(described, str) or _arn(created) == _arn(described):
        return []
    return [
        Violation(
            "COLLECTIONS.ARN",
            describe.operation,
            f"Expected CollectionARN to be {excerpt(created)}, the CollectionArn CreateCollection answered (a "
            f"leading 'arn:' on either side aside); found "
            f"{excerpt(described)}.",
            describe.request,
            "/CollectionARN",
            excerpt(described),
        )
    ]


def _arn(value: str) -> str:
    return value.removeprefix("arn:")


@check("COLLECTIONS.FACE_MODEL_VERSION")
def check_face_model_version(
    ex: Exchange, expected: str | None, *, collection_id: str | None = None
) -> list[Violation]:
    """The face model version an answer names for the collection is ``expected`` (DescribeCollection's).

    For ListCollections the entry of FaceModelVersions at the position of ``collection_id`` in
    CollectionIds is judged; for the other operations the FaceModelVersion member. Absent members are
    the schema's concern.
    """
    body = success_body(ex)
    if expected is None:
        return []
    if ex.operation == "ListCollections":
        ids, versions = _list(body.get("CollectionIds")), _list(body.get("FaceModelVersions"))
        if collection_id not in ids or ids.index(collection_id) >= len(versions):
            return []
        index = ids.index(collection_id)
        found, where = versions[index], pointer("FaceModelVersions", index)
    else:
        if "FaceModelVersion" not in body:
            return []
        found, where = body["FaceModelVersion"], "/FaceModelVersion"
    if found == expected:
        return []
    return [
        Violation(
            "COLLECTIONS.FACE_MODEL_VERSION",
            ex.operation,
            f"Expected the face model version of the collection to be {excerpt(expected)}, as DescribeCollection "
            f"reports; found {excerpt(found)}.",
            ex.request,
            where,
            excerpt(found),
        )
    ]


@check("COLLECTIONS.STATUS_CODE")
def check_status_code(ex: Exchange) -> list[Violation]:
    """A StatusCode member of a successful answer equals the answer's HTTP status."""
    body = success_body(ex)
    if "StatusCode" not in body or body["StatusCode"] == ex.status:
        return []
    return [
        Violation(
            "COLLECTIONS.STATUS_CODE",
            ex.operation,
            f"Expected StatusCode to be {ex.status}, the HTTP status of the answer; found "
            f"{excerpt(body['StatusCode'])}.",
            ex.request,
            "/StatusCode",
            excerpt(body["StatusCode"]),
        )
    ]


@check("COLLECTIONS.FACE_COUNT")
def check_face_count(describe: Exchange, expected: int) -> list[Violation]:
    """FaceCount is the number of faces the run indexed into the collection and did not delete."""
    found = success_body(describe).get("FaceCount")
    if found is None or as_number(found) == expected:
        return []
    return [
        Violation(
            "COLLECTIONS.FACE_COUNT",
            describe.operation,
            f"Expected FaceCount {expected}, the number of faces indexed into the collection and not deleted; "
            f"found {excerpt(found)}.",
            describe.request,
            "/FaceCount",
            excerpt(found),
        )
    ]


@check("COLLECTIONS.LIST.PAGE_SIZE")
def check_list_page_size(pages: Sequence[Exchange], member: str, max_results: int | None) -> list[Violation]:
    """No page of a ListCollections or ListFaces chain holds more than MaxResults items."""
    return relabel(pagination.check_page_size(pages, member, max_results), "COLLECTIONS.LIST.PAGE_SIZE")


def listing_violations(
    pages: Sequence[Exchange],
    member: str,
    key: Callable[[Any], Hashable],
    *,
    present: Collection[Hashable],
    absent: Collection[Hashable] = (),
    exact: bool = False,
    stopped: str | None = None,
    rule_id: str,
    noun: str,
) -> list[Violation]:
    """How a listing chain fails to hold each of ``present`` once and none of ``absent``.

    ``exact`` also forbids anything else (a listing of a collection only the run uses). ``stopped`` says
    why reading stopped early (an error page, a repeated token, the page cap), which is itself a failure.
    """
    if not pages:
        return []
    first = pages[0]
    violations = relabel(pagination.check_token_chain(pages, member), rule_id)
    if stopped is not None and not violations:
        violations.append(
            Violation(rule_id, first.operation, f"The listing did not run to its end: {stopped}.", first.request,
                      page_pointer(len(pages) - 1), None)
        )
    where: dict[Hashable, str] = {}
    counts: Counter[Hashable] = Counter()
    for index, page in enumerate(pages):
        for position, item in enumerate(page.items(member)):
            name = key(item)
            counts[name] += 1
            where.setdefault(name, page_pointer(index, member, position))
    for name in present:
        if counts[name] != 1:
            found = "absent from it" if counts[name] == 0 else f"listed {counts[name]} times"
            violations.append(
                Violation(rule_id, first.operation, f"Expected {noun} {excerpt(name)} to be listed exactly once; "
                          f"it is {found}.", first.request, where.get(name, ""), excerpt(name))
            )
    unwanted = set(absent) | ({name for name in counts if name not in set(present)} if exact else set())
    for name in sorted(unwanted & set(counts), key=str):
        violations.append(
            Violation(rule_id, first.operation, f"Expected {noun} {excerpt(name)} not to be listed (it was deleted, "
                      "or never made); it is.", first.request, where[name], excerpt(name))
        )
    return violations


def _identity(item: Any) -> Hashable:
    return item if isinstance(item, str) else excerpt(item)


def face_id_of(item: Any) -> Hashable:
    return dig(item, "FaceId") if isinstance(dig(item, "FaceId"), str) else excerpt(item)


@check("COLLECTIONS.LIST.COMPLETE")
def check_collections_listed(
    pages: Sequence[Exchange],
    *,
    present: Collection[str],
    absent: Collection[str] = (),
    stopped: str | None = None,
) -> list[Violation]:
    """A complete ListCollections chain lists each of ``present`` once and none of ``absent``."""
    return listing_violations(pages, "CollectionIds", _identity, present=present, absent=absent, stopped=stopped,
                              rule_id="COLLECTIONS.LIST.COMPLETE", noun="collection")


@check("COLLECTIONS.LIST_FACES.COMPLETE")
def check_faces_listed(
    pages: Sequence[Exchange], *, present: Collection[str], absent: Collection[str] = (), stopped: str | None = None
) -> list[Violation]:
    """A complete ListFaces chain lists exactly the faces of ``present``, each once."""
    return listing_violations(pages, "Faces", face_id_of, present=present, absent=absent, exact=True,
                              stopped=stopped, rule_id="COLLECTIONS.LIST_FACES.COMPLETE", noun="face")


@check("COLLECTIONS.LIST.VERSIONS")
def check_list_versions(page: Exchange) -> list[Violation]:
    """FaceModelVersions has as many entries as CollectionIds."""
    body = success_body(page)
    if "CollectionIds" not in body and "FaceModelVersions" not in body:
        return []
    ids, versions = _list(body.get("CollectionIds")), _list(body.get("FaceModelVersions"))
    if len(ids) == len(versions):
        return []
    return [
        Violation(
            "COLLECTIONS.LIST.VERSIONS",
            page.operation,
            f"Expected one FaceModelVersions entry per CollectionIds entry; found {len(versions)} versions for "
            f"{len(ids)} collections.",
            page.request,
            "/FaceModelVersions",
            excerpt(body.get("FaceModelVersions")),
        )
    ]


def _faces_of(ex: Exchange) -> list[tuple[str, Any]]:
    """(pointer, Face) for each face an IndexFaces, ListFaces or SearchFaces answer describes."""
    body = success_body(ex)
    if ex.operation in ("IndexFaces", "SearchFaces"):
        member = "FaceRecords" if ex.operation == "IndexFaces" else "FaceMatches"
        return [(pointer(member, i, "Face"), dig(entry, "Face")) for i, entry in enumerate(_list(body.get(member)))]
    return [(pointer("Faces", i), face) for i, face in enumerate(_list(body.get("Faces")))]


def _differs(a: Any, b: Any) -> bool:
    x, y = as_number(a), as_number(b)
    if x is not None and y is not None:
        return abs(x - y) > TOLERANCE
    return a != b


@check("COLLECTIONS.FACE_METADATA")
def check_face_metadata(ex: Exchange, indexed: Mapping[str, Mapping[str, Any]]) -> list[Violation]:
    """Each face an answer describes carries the metadata IndexFaces returned for its FaceId.

    ``indexed`` maps FaceIds to the Face members of IndexFaces' FaceRecords. ImageId and
    ExternalImageId must be equal; BoundingBox members and Confidence equal within rounding.
    """
    violations = []
    for where, face in _faces_of(ex):
        face_id = dig(face, "FaceId")
        if face_id not in indexed:
            continue
        original = indexed[face_id]
        for path in (("ImageId",), ("ExternalImageId",), ("Confidence",),
                     *(("BoundingBox", m) for m in ("Width", "Height", "Left", "Top"))):
            then, now = dig(original, *path), dig(face, *path)
            if then is None or now is None or not _differs(then, now):
                continue
            violations.append(
                Violation(
                    "COLLECTIONS.FACE_METADATA",
                    ex.operation,
                    f"Expected face {face_id} to be described as IndexFaces returned it: {'/'.join(path)} was "
                    f"{excerpt(then, 80)}, but this answer has {excerpt(now, 80)}.",
                    ex.request,
                    where + pointer(*path),
                    excerpt(now),
                )
            )
            break
    return violations


@check("COLLECTIONS.INDEX.EXTERNAL_ID")
def check_external_image_id(ex: Exchange, expected: Mapping[str, str] | None = None) -> list[Violation]:
    """Faces indexed with an ExternalImageId carry it.

    For IndexFaces every FaceRecord must carry the request's ExternalImageId; for ListFaces
    ``expected`` maps FaceIds to the ExternalImageId they were indexed with.
    """
    violations = []
    for where, face in _faces_of(ex):
        if ex.operation == "IndexFaces":
            wanted = ex.request.get("ExternalImageId")
        else:
            wanted = (expected or {}).get(dig(face, "FaceId"))
        if wanted is None or dig(face, "ExternalImageId") == wanted:
            continue
        found = dig(face, "ExternalImageId")
        violations.append(
            Violation(
                "COLLECTIONS.INDEX.EXTERNAL_ID",
                ex.operation,
                f"Expected face {excerpt(dig(face, 'FaceId'))} to carry ExternalImageId {excerpt(wanted)}, given "
                f"when it was indexed; found {excerpt(found)}.",
                ex.request,
                where + "/ExternalImageId",
                excerpt(found),
            )
        )
    return violations


@check("COLLECTIONS.INDEX.IDS")
def check_index_ids(ex: Exchange) -> list[Violation]:
    """All FaceRecords of one IndexFaces answer share an ImageId and have distinct FaceIds."""
    faces = _faces_of(ex)
    violations = []
    image_ids = {dig(face, "ImageId") for _, face in faces if dig(face, "ImageId") is not None}
    if len(image_ids) > 1:
        violations.append(
            Violation("COLLECTIONS.INDEX.IDS", ex.operation,
                      f"Expected every face indexed from one image to share one ImageId; found {len(image_ids)}: "
                      f"{excerpt(sorted(image_ids), 200)}.", ex.request, "/FaceRecords", excerpt(sorted(image_ids)))
        )
    seen: dict[str, str] = {}
    for where, face in faces:
        face_id = dig(face, "FaceId")
        if not isinstance(face_id, str):
            continue
        if face_id in seen:
            violations.append(
                Violation("COLLECTIONS.INDEX.IDS", ex.operation,
                          f"Expected each indexed face to have its own FaceId; {where} repeats the FaceId of "
                          f"{seen[face_id]}.", ex.request, where + "/FaceId", excerpt(face_id))
            )
        seen.setdefault(face_id, where)
    return violations


@check("COLLECTIONS.INDEX.MAX_FACES")
def check_index_max_faces(ex: Exchange) -> list[Violation]:
    """IndexFaces indexed no more than the request's MaxFaces, and no more than 100 faces."""
    records = _list(success_body(ex).get("FaceRecords"))
    max_faces = ex.request.get("MaxFaces")
    limit = MAX_INDEXED_FACES
    if isinstance(max_faces, int) and not isinstance(max_faces, bool) and max_faces >= 1:
        limit = min(limit, max_faces)
    if len(records) <= limit:
        return []
    return [
        Violation(
            "COLLECTIONS.INDEX.MAX_FACES",
            ex.operation,
            f"Expected at most {limit} FaceRecords (MaxFaces={excerpt(max_faces)}, and never more than "
            f"{MAX_INDEXED_FACES}); found {len(records)}.",
            ex.request,
            pointer("FaceRecords", limit),
            excerpt(records[limit]),
        )
    ]


def _area(face: Any) -> float | None:
    width, height = as_number(dig(face, "BoundingBox", "Width")), as_number(dig(face, "BoundingBox", "Height"))
    return None if width is None or height is None else width * height


@check("COLLECTIONS.INDEX.ORDER")
def check_index_order(ex: Exchange) -> list[Violation]:
    """FaceRecords are ordered by bounding box area, largest first."""
    previous: tuple[str, float] | None = None
    for where, face in _faces_of(ex):
        area = _area(face)
        if area is None:
            continue
        if previous is not None and area > previous[1] + TOLERANCE**2:
            return [
                Violation(
                    "COLLECTIONS.INDEX.ORDER",
                    ex.operation,
                    f"Expected FaceRecords largest bounding box first; {where} (area {area:.6f}) follows "
                    f"{previous[0]} (area {previous[1]:.6f}).",
                    ex.request,
                    where + "/BoundingBox",
                    excerpt(dig(face, "BoundingBox")),
                )
            ]
        previous = (where, area)
    return []


@check("COLLECTIONS.INDEX.NO_DUPLICATES")
def check_no_duplicates(
    repeat: Exchange, listed_before: Sequence[Any], listed_after: Sequence[Any]
) -> list[Violation]:
    """Indexing an image again with the same ExternalImageId adds no face: ListFaces lists the same faces."""
    before = {face_id_of(face) for face in listed_before}
    added = [face_id_of(face) for face in listed_after if face_id_of(face) not in before]
    if not added:
        return []
    return [
        Violation(
            "COLLECTIONS.INDEX.NO_DUPLICATES",
            repeat.operation,
            f"Expected indexing the same image with the same ExternalImageId again to store no face; the "
            f"collection holds {len(added)} more face(s) afterwards.",
            repeat.request,
            "ListFaces after the repeat",
            excerpt(added),
        )
    ]


@check("COLLECTIONS.INDEX.SAME_FACES")
def check_same_faces(first: Exchange, repeat: Exchange) -> list[Violation]:
    """The repeated indexing answers the FaceIds of the first."""
    if not first.ok or not repeat.ok:
        return []
    before = sorted(str(face_id_of(face)) for _, face in _faces_of(first))
    after = sorted(str(face_id_of(face)) for _, face in _faces_of(repeat))
    if before == after:
        return []
    return [
        Violation(
            "COLLECTIONS.INDEX.SAME_FACES",
            repeat.operation,
            f"Expected the repeated IndexFaces to answer the FaceIds of the first ({excerpt(before, 200)}); found "
            f"{excerpt(after, 200)}.",
            repeat.request,
            "/FaceRecords",
            excerpt(after),
        )
    ]


@check("COLLECTIONS.DELETE_FACES")
def check_deleted_faces(delete: Exchange, listed_after: Sequence[Any]) -> list[Violation]:
    """DeletedFaces names only requested faces, and none of them is listed afterwards."""
    body = success_body(delete)
    requested = set(delete.request.get("FaceIds") or ())
    remaining = {face_id_of(face) for face in listed_after}
    violations = []
    for index, face_id in enumerate(_list(body.get("DeletedFaces"))):
        if face_id not in requested:
            problem = "was not among the FaceIds of the request"
        elif face_id in remaining:
            problem = "is still listed by ListFaces afterwards"
        else:
            continue
        violations.append(
            Violation("COLLECTIONS.DELETE_FACES", delete.operation, f"DeletedFaces names {excerpt(face_id)}, which "
                      f"{problem}.", delete.request, pointer("DeletedFaces", index), excerpt(face_id))
        )
    return violations


@check("COLLECTIONS.SEARCH.ECHO")
def check_searched_face_id(ex: Exchange) -> list[Violation]:
    """SearchedFaceId is the FaceId the request searched for."""
    body = success_body(ex)
    if "SearchedFaceId" not in body or body["SearchedFaceId"] == ex.request.get("FaceId"):
        return []
    return [
        Violation("COLLECTIONS.SEARCH.ECHO", ex.operation,
                  f"Expected SearchedFaceId {excerpt(ex.request.get('FaceId'))}, the FaceId of the request; found "
                  f"{excerpt(body['SearchedFaceId'])}.", ex.request, "/SearchedFaceId", excerpt(body["SearchedFaceId"]))
    ]


def _similarities(ex: Exchange) -> list[tuple[int, float]]:
    return [
        (index, value)
        for index, match in enumerate(_list(success_body(ex).get("FaceMatches")))
        if (value := as_number(dig(match, "Similarity"))) is not None
    ]


@check("COLLECTIONS.SEARCH.ORDER")
def check_search_order(ex: Exchange) -> list[Violation]:
    """FaceMatches come highest Similarity first."""
    scored = _similarities(ex)
    for (before, high), (index, value) in itertools.pairwise(scored):
        if value > high + TOLERANCE:
            return [
                Violation("COLLECTIONS.SEARCH.ORDER", ex.operation,
                          f"Expected FaceMatches highest Similarity first; /FaceMatches/{index} ({value:g}) follows "
                          f"/FaceMatches/{before} ({high:g}).", ex.request, pointer("FaceMatches", index, "Similarity"),
                          excerpt(value))
            ]
    return []


@check("COLLECTIONS.SEARCH.THRESHOLD")
def check_search_threshold(ex: Exchange) -> list[Violation]:
    """No FaceMatch is below the request's FaceMatchThreshold (80 when it has none)."""
    given = as_number(ex.request.get("FaceMatchThreshold"))
    threshold = DEFAULT_FACE_MATCH_THRESHOLD if given is None else given
    why = "the request's FaceMatchThreshold" if given is not None else "FaceMatchThreshold omitted, default 80"
    return [
        Violation("COLLECTIONS.SEARCH.THRESHOLD", ex.operation,
                  f"Expected every Similarity >= {threshold:g} ({why}); /FaceMatches/{index} has {value:g}.",
                  ex.request, pointer("FaceMatches", index, "Similarity"), excerpt(value))
        for index, value in _similarities(ex)
        if value < threshold - TOLERANCE
    ]


@check("COLLECTIONS.SEARCH.MAX_FACES")
def check_search_max_faces(ex: Exchange) -> list[Violation]:
    """SearchFaces returns no more matches than MaxFaces."""
    matches = _list(success_body(ex).get("FaceMatches"))
    limit = ex.request.get("MaxFaces")
    if not isinstance(limit, int) or isinstance(limit, bool) or limit < 1 or len(matches) <= limit:
        return []
    return [
        Violation("COLLECTIONS.SEARCH.MAX_FACES", ex.operation,
                  f"Expected at most MaxFaces={limit} FaceMatches; found {len(matches)}.", ex.request,
                  pointer("FaceMatches", limit), excerpt(matches[limit]))
    ]


def search_matches(ex: Exchange) -> list[tuple[str, Any]]:
    """(pointer, FaceMatch) for each match of a SearchFaces answer."""
    return [(pointer("FaceMatches", i), m) for i, m in enumerate(_list(success_body(ex).get("FaceMatches")))]


@check("COLLECTIONS.MATCH_FACES")
def check_match_faces(
    operation: str, matches: Sequence[tuple[str, Any]], collection_faces: Collection[str], request: Any
) -> list[Violation]:
    """Every FaceMatch names a face of the searched collection.

    ``matches`` pairs each FaceMatch with its pointer; ``collection_faces`` are the FaceIds ListFaces
    lists for the collection.
    """
    known = set(collection_faces)
    return [
        Violation(
            "COLLECTIONS.MATCH_FACES",
            operation,
            f"Expected every FaceMatch to name a face of the searched collection; {where} names "
            f"{excerpt(dig(match, 'Face', 'FaceId'))}, which ListFaces does not list for it.",
            request,
            where + "/Face/FaceId",
            excerpt(dig(match, "Face")),
        )
        for where, match in matches
        if isinstance(dig(match, "Face", "FaceId"), str) and dig(match, "Face", "FaceId") not in known
    ]
