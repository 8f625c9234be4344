"""Which checks a recorded listing gets: the suite's checks that need nothing but the answers and their requests.

Every page gets the checks every answer gets (``judge_response``: schema or error body, content type when
the headers were recorded). A successful listing then gets its family's checks on the items, chosen by
the Get request (SortBy, AggregateBy, MaxResults) and the Start request (MinConfidence, FaceAttributes,
SegmentTypes, filters) where the recording shows them, and with the documented defaults where it shows
none. Rules that compare two listings of one job (defaults against explicit values, one page size against
another) or need the fixture video's true properties are left to the live suite.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from conformance.catalogue import JOBS
from conformance.checks import (
    aggregation,
    celebrities,
    echoes,
    face_search,
    faces,
    label_confidence,
    labels,
    metadata,
    moderation,
    pagination,
    persons,
    rule_ids_of,
    schema,
    segments,
    sorting,
    text,
)
from conformance.checks.collections import check_collection_arn
from conformance.exchange import Exchange
from conformance.judge.sources import Chain
from conformance.suite.common import judge_error
from conformance.verdict import Verdict

# The list member of every paginated operation.
MEMBERS: dict[str, str] = {
    **{spec.get_operation: spec.list_member for spec in JOBS.values()},
    "ListCollections": "CollectionIds",
    "ListFaces": "Faces",
    "ListStreamProcessors": "StreamProcessors",
}
# The Get request's documented defaults, echoed in GetRequestMetadata.
GET_DEFAULTS: dict[str, dict[str, str]] = {
    "GetLabelDetection": {"SortBy": "TIMESTAMP", "AggregateBy": "TIMESTAMPS"},
    "GetContentModeration": {"SortBy": "TIMESTAMP", "AggregateBy": "TIMESTAMPS"},
}
DEFAULT_MIN_CONFIDENCE = 50.0  # labels, moderation: "the default ... is 50"
DEFAULT_FACE_MATCH_THRESHOLD = 80.0  # StartFaceSearch: "The default value is 80"

Listing = Callable[[Verdict, Chain, list[Any], dict[str, Any], dict[str, Any]], None]


def judge_page(verdict: Verdict, page: Exchange) -> None:
    """What every answer gets; the content type only when the recording kept the response headers."""
    if page.headers:
        verdict.check(schema.check_content_type, page)
    if page.ok:
        verdict.check(schema.check_response_schema, page)
    else:
        judge_error(verdict, page)


def judge_chain(verdict: Verdict, chain: Chain) -> None:
    for page in chain.pages:
        judge_page(verdict, page)
    pages = [p for p in chain.pages if p.ok]
    if len(pages) != len(chain.pages) or not pages:
        return
    member = MEMBERS.get(chain.operation)
    request, start = chain.request, dict(chain.start_request or {})
    if member is not None:
        _pagination(verdict, chain, pages, member, request)
    family = FAMILY_CHECKS.get(chain.operation)
    if family is not None and member is not None:
        items = [item for page in pages for item in page.items(member)]
        family(verdict, chain, items, request, start)
    if chain.operation.startswith("Get") and chain.operation in MEMBERS:
        _video_get(verdict, chain, pages, start)


def _pagination(verdict: Verdict, chain: Chain, pages: list[Exchange], member: str, request: dict) -> None:
    max_results = request.get("MaxResults")
    verdict.check(pagination.check_empty_token, pages)
    if max_results is not None:
        verdict.check(pagination.check_page_size, pages, member, max_results)
        verdict.check(pagination.check_clamp, pages, member, max_results)
    elif chain.operation in JOB_GETS:
        verdict.check(pagination.check_default_page_size, pages, member)
    if len(pages) > 1:
        verdict.check(pagination.check_token_chain, pages, member)
        verdict.check(pagination.check_trailing_token, pages, member)
        if chain.operation in JOB_GETS:
            verdict.check(pagination.check_full_pages, pages, member, max_results)


JOB_GETS = frozenset(spec.get_operation for spec in JOBS.values())


def _start_value(verdict: Verdict, chain: Chain, start: dict[str, Any], member: str, default: Any, fn: Any) -> Any:
    """The Start request's ``member``, or its documented default when the recording holds the request as sent.

    A documentation example shows only part of its Start request: a floor it does not show is unknown,
    so ``fn``'s rules are inconclusive there rather than judged against an assumed default.
    """
    if member in start:
        return start[member]
    if chain.sent:
        return default
    verdict.inconclusive(rule_ids_of(fn), f"the recording does not show the Start request's {member}",
                         (chain.operation,))
    return None


def _video_get(verdict: Verdict, chain: Chain, pages: list[Exchange], start: dict[str, Any]) -> None:
    verdict.check(metadata.check_metadata_every_page, pages)
    for page in pages:
        verdict.check(metadata.check_codec, page)
    if not chain.sent:
        return  # the requests are illustrative: identifiers and echoes cannot be compared with them
    for page in pages:
        verdict.check(echoes.check_job_id_echo, page)
        if start:
            verdict.check(echoes.check_job_tag_echo, page, start)
            verdict.check(echoes.check_video_echo, page, start)
        if chain.operation in GET_DEFAULTS:
            verdict.check(echoes.check_request_metadata_echo, page, GET_DEFAULTS[chain.operation])


def _labels(verdict: Verdict, chain: Chain, items: list[Any], request: dict, start: dict) -> None:
    op = chain.operation
    if request.get("SortBy") == "NAME":
        verdict.check(labels.check_name_sort, op, items, request)
        verdict.check(labels.check_name_confidence, op, items, request)
    else:
        verdict.check(sorting.check_timestamp_order, op, items, request)
    if request.get("AggregateBy") == "SEGMENTS":
        verdict.check(aggregation.check_segment_items, op, items, request)
    else:
        verdict.check(aggregation.check_timestamp_items, op, items, request)
        if chain.complete:
            verdict.check(labels.check_parents, op, items, request)
        verdict.check(labels.check_bounding_boxes, op, items, request)
    floor = _start_value(verdict, chain, start, "MinConfidence", DEFAULT_MIN_CONFIDENCE,
                         label_confidence.check_confidence_floor)
    if floor is not None:
        verdict.check(label_confidence.check_confidence_floor, op, items, floor, request)
    if start.get("Settings"):
        verdict.check(labels.check_label_filters, op, items, start["Settings"], request)


def _moderation(verdict: Verdict, chain: Chain, items: list[Any], request: dict, start: dict) -> None:
    op = chain.operation
    if request.get("SortBy") == "NAME":
        verdict.check(moderation.check_name_sort, op, items, request)
        verdict.check(moderation.check_name_confidence, op, items, request)
    else:
        verdict.check(sorting.check_timestamp_order, op, items, request)
    if request.get("AggregateBy") == "SEGMENTS":
        verdict.check(moderation.check_segment_items, op, items, request)
    else:
        verdict.check(moderation.check_timestamp_items, op, items, request)
        if chain.complete:
            # A parent and its child can sit on two pages: ancestry is judged on whole listings only.
            verdict.check(moderation.check_ancestors, op, items, request)
    verdict.check(moderation.check_taxonomy_levels, op, items, request)
    verdict.check(moderation.check_top_level_parents, op, items, request)
    floor = _start_value(verdict, chain, start, "MinConfidence", DEFAULT_MIN_CONFIDENCE,
                         moderation.check_confidence_floor)
    if floor is not None:
        verdict.check(moderation.check_confidence_floor, op, items, floor, request)


def _faces(verdict: Verdict, chain: Chain, items: list[Any], request: dict, start: dict) -> None:
    op = chain.operation
    verdict.check(faces.check_face_timestamp_order, op, items, request)
    verdict.check(faces.check_null_attributes, op, items, request)
    if start.get("FaceAttributes", "DEFAULT") == "DEFAULT":
        verdict.check(faces.check_default_attributes, op, items, request)
    else:
        verdict.check(faces.check_all_attributes, op, items, request)


def _face_search(verdict: Verdict, chain: Chain, items: list[Any], request: dict, start: dict) -> None:
    op = chain.operation
    if request.get("SortBy") == "INDEX":
        verdict.check(face_search.check_index_order, op, items, request)
    else:
        verdict.check(sorting.check_timestamp_order, op, items, request)
    threshold = _start_value(verdict, chain, start, "FaceMatchThreshold", DEFAULT_FACE_MATCH_THRESHOLD,
                             face_search.check_threshold_floor)
    if threshold is not None:
        verdict.check(face_search.check_threshold_floor, op, items, threshold, request)
    verdict.check(face_search.check_default_attributes, op, items, request)


def _persons(verdict: Verdict, chain: Chain, items: list[Any], request: dict, start: dict) -> None:
    op = chain.operation
    if request.get("SortBy") == "INDEX":
        verdict.check(persons.check_index_groups, op, items, request)
        verdict.check(persons.check_index_order, op, items, request)
        verdict.check(persons.check_index_confidence, op, items, request)
    else:
        verdict.check(persons.check_person_timestamp_order, op, items, request)
    verdict.check(persons.check_index_present, op, items, request)
    verdict.check(persons.check_person_faces, op, items, request)


def _celebrities(verdict: Verdict, chain: Chain, items: list[Any], request: dict, start: dict) -> None:
    op = chain.operation
    if request.get("SortBy") == "ID":
        verdict.check(celebrities.check_id_groups, op, items, request)
        verdict.check(celebrities.check_id_order, op, items, request)
    else:
        verdict.check(celebrities.check_celebrity_timestamp_order, op, items, request)
    verdict.check(celebrities.check_celebrity_faces, op, items, request)
    verdict.check(celebrities.check_detail_present, op, items, request)


def _segments(verdict: Verdict, chain: Chain, items: list[Any], request: dict, start: dict) -> None:
    op = chain.operation
    pages = chain.pages
    verdict.check(segments.check_type_grouping, op, items, request)
    if start.get("SegmentTypes"):
        verdict.check(segments.check_types_selected, op, items, start["SegmentTypes"], request)
        verdict.check(segments.check_type_order, op, items, start["SegmentTypes"], request)
        verdict.check(segments.check_types_echo, pages, start["SegmentTypes"])
    # The check applies the documented default (50) to each type the Filters do not name.
    if _start_value(verdict, chain, start, "Filters", {}, segments.check_confidence_floor) is not None:
        verdict.check(segments.check_confidence_floor, op, items, start.get("Filters"), request)
    verdict.check(segments.check_detail, op, items, request)
    verdict.check(segments.check_timecode_format, op, items, request)
    verdict.check(segments.check_shot_sequence, op, items, request)
    verdict.check(segments.check_audio_every_page, pages)
    verdict.check(segments.check_single_video_metadata, pages)
    video = _first_video_metadata(pages)
    rate, duration = video.get("FrameRate"), video.get("DurationMillis")
    if isinstance(rate, int | float) and rate > 0:
        verdict.check(segments.check_timecode_frames, op, items, rate, request)
        if isinstance(duration, int | float):
            verdict.check(segments.check_interval, op, items, duration, rate, request)


def _first_video_metadata(pages: list[Exchange]) -> dict[str, Any]:
    for page in pages:
        body = page.body if isinstance(page.body, dict) else {}
        found = body.get("VideoMetadata")
        if isinstance(found, list) and found and isinstance(found[0], dict):
            return found[0]
    return {}


def _text(verdict: Verdict, chain: Chain, items: list[Any], request: dict, start: dict) -> None:
    op = chain.operation
    verdict.check(text.check_timestamp_order, op, items, request)
    verdict.check(text.check_words_per_frame, op, items, request)
    verdict.check(text.check_line_parents, op, items, request)
    verdict.check(text.check_identifiers, op, items, request)
    verdict.check(text.check_parent_lines, op, items, request)
    verdict.check(text.check_unique_ids, op, items, request)
    verdict.check(text.check_geometry, op, items, request)
    verdict.check(text.check_model_version, chain.pages)
    if start.get("Filters"):
        verdict.check(text.check_word_confidence, op, items, start["Filters"], request)
        verdict.check(text.check_regions, op, items, start["Filters"], request)


FAMILY_CHECKS: dict[str, Listing] = {
    "GetLabelDetection": _labels,
    "GetContentModeration": _moderation,
    "GetFaceDetection": _faces,
    "GetFaceSearch": _face_search,
    "GetPersonTracking": _persons,
    "GetCelebrityRecognition": _celebrities,
    "GetSegmentDetection": _segments,
    "GetTextDetection": _text,
}


def pairs(chains: list[Chain]) -> list[tuple[Chain, Chain]]:
    """CreateCollection answers joined to the DescribeCollection answers of the same CollectionId."""
    created = {}
    found = []
    for chain in chains:
        page = chain.pages[0]
        if not page.ok:
            continue
        if chain.operation == "CreateCollection":
            created[page.request.get("CollectionId")] = chain
        elif chain.operation == "DescribeCollection":
            create = created.get(page.request.get("CollectionId"))
            if create is not None and page.request.get("CollectionId") is not None:
                found.append((create, chain))
    return found


def judge_pair(verdict: Verdict, create: Chain, describe: Chain) -> None:
    verdict.check(check_collection_arn, create.pages[0], describe.pages[0])
