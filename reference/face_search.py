"""Video face search: StartFaceSearch and GetFaceSearch.

Start checks that the collection exists (ResourceNotFoundException otherwise) and takes a snapshot of
its faces: the job searches the collection as it was when the job started, and FaceMatchThreshold
(default 80) fixes which matches it keeps. The frozen results are the :class:`PersonMatch` records of
:mod:`rekognition_conformance.reference.personmatch`. Get presents them sorted by TIMESTAMP (the default) or by INDEX
(grouped by person, each person's matches in time order), a page at a time.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from rekognition_conformance.reference import collections
from rekognition_conformance.reference.context import Handler, ServiceContext
from rekognition_conformance.reference.personmatch import PersonMatch, search
from rekognition_conformance.reference.results import get_results

START = "StartFaceSearch"
GET = "GetFaceSearch"

DEFAULT_FACE_MATCH_THRESHOLD = 80.0
DEFAULT_SORT_BY = "TIMESTAMP"


class FaceSearchView:
    """How GetFaceSearch presents a job's person matches."""

    items_member = "Persons"

    def order(self, params: Mapping[str, Any]) -> dict[str, str]:
        return {"SortBy": params.get("SortBy") or DEFAULT_SORT_BY}

    def request_members(self, order: Mapping[str, str]) -> dict[str, Any]:
        # GetFaceSearch has no GetRequestMetadata member.
        return {}

    def items(self, results: Sequence[PersonMatch], order: Mapping[str, str]) -> Sequence[dict[str, Any]]:
        if order["SortBy"] == "INDEX":
            ordered = sorted(results, key=lambda m: (m.person.index, m.timestamp))
        else:
            ordered = sorted(results, key=lambda m: (m.timestamp, m.person.index))
        return [match.to_json() for match in ordered]

    def result_members(self, results: Sequence[PersonMatch]) -> dict[str, Any]:
        return {}


VIEW = FaceSearchView()


def start_face_search(context: ServiceContext, params: dict[str, Any]) -> dict[str, Any]:
    faces = collections.store(context).faces(params["CollectionId"])
    threshold = params.get("FaceMatchThreshold")
    threshold = DEFAULT_FACE_MATCH_THRESHOLD if threshold is None else float(threshold)

    def analyze(video: bytes, metadata: Mapping[str, Any], _params: Mapping[str, Any]) -> tuple[PersonMatch, ...]:
        return search(video, int(metadata["DurationMillis"]), faces, threshold)

    return {"JobId": context.jobs.start(START, params, analyze)}


def get_face_search(context: ServiceContext, params: dict[str, Any]) -> dict[str, Any]:
    return get_results(context, params, start_operation=START, view=VIEW)


OPERATIONS: Mapping[str, Handler] = {START: start_face_search, GET: get_face_search}
