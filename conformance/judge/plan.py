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

from rekognition_conformance.answers import judge_error
from rekognition_conformance.catalogue import JOBS
from rekognition_conformance.checks import (
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
from rekognition_conformance.checks.collections import check_collection_arn
from rekognition_conformance.exchange import Exchange
from rekognition_conformance.judge.sources import Chain
from rekognition_conformance.spec.families import video_families, video_family
from rekognition_conformance.verdict import Verdict

# The list member of every paginated operation.
MEMBERS: dict[str, str] = {
    **{family.get: family.items for family in video_families().values()},
    "ListCollections": "CollectionIds",
    "ListFaces": "Faces",
    "ListStreamProcessors": "StreamProcessors",
}
# The Get request's documented defaults, echoed in GetRequestMetadata.
GET_DEFAULTS: dict[str, dict[str, str]] = {
    family.get: family.mode_defaults for family in video_families().values() if "GetRequestMetadata" in family.echoes
}


def _documented_threshold(family: str) -> tuple[str, float]:
    """The Start member of ``family``'s threshold and its documented default, from the family table."""
    threshold = video_family(family).threshold
    assert threshold is not None, f"the family table documents no threshold for {family}"
    return threshold.member, float(threshold.default.value)

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


def _floor(verdict: Verdict, chain: Chain, items: list[Any], request: dict, start: dict, member: str,
           default: float, fn: Callable[..., Any]) -> None:
    """``fn`` (a floor check) with the Start request's ``member``, or its documented default where that is known."""
    floor = _start_value(verdict, chain, start, member, default, fn)
    if floor is not None:
        verdict.check(fn, chain.operation, items, floor, request)


def _sorted_and_aggregated(
    verdict: Verdict, chain: Chain, items: list[Any], request: dict, *, by_name: tuple[Callable[..., Any], ...],
    segments: Callable[..., Any], timestamps: tuple[Callable[..., Any], ...],
    whole_listing: tuple[Callable[..., Any], ...],
) -> None:
    """The SortBy and AggregateBy rules of labels and moderation, chosen by the Get request.

    ``whole_listing`` checks (ancestry: a parent and its child can sit on two pages) run on complete
    TIMESTAMPS listings only.
    """
    op = chain.operation
    if request.get("SortBy") == "NAME":
        for fn in by_name:
            verdict.check(fn, op, items, request)
    else:
        verdict.check(sorting.check_timestamp_order, op, items, request)
    if request.get("AggregateBy") == "SEGMENTS":
        verdict.check(segments, op, items, request)
        return
    for fn in (*timestamps, *(whole_listing if chain.complete else ())):
        verdict.check(fn, op, items, request)


def _labels(verdict: Verdict, chain: Chain, items: list[Any], request: dict, start: dict) -> None:
    _sorted_and_aggregated(
        verdict, chain, items, request, by_name=(labels.check_name_sort, labels.check_name_confidence),
        segments=aggregation.check_segment_items,
        timestamps=(aggregation.check_timestamp_items, labels.check_bounding_boxes),
        whole_listing=(labels.check_parents,),
    )
    _floor(verdict, chain, items, request, start, *_documented_threshold("labels"),
           label_confidence.check_confidence_floor)
    if start.get("Settings"):
        verdict.check(labels.check_label_filters, chain.operation, items, start["Settings"], request)


def _moderation(verdict: Verdict, chain: Chain, items: list[Any], request: dict, start: dict) -> None:
    _sorted_and_aggregated(
        verdict, chain, items, request, by_name=(moderation.check_name_sort, moderation.check_name_confidence),
        segments=moderation.check_segment_items, timestamps=(moderation.check_timestamp_items,),
        whole_listing=(moderation.check_ancestors,),
    )
    verdict.check(moderation.check_taxonomy_levels, chain.operation, items, request)
    verdict.check(moderation.check_top_level_parents, chain.operation, items, request)
    _floor(verdict, chain, items, request, start, *_documented_threshold("moderation"),
           moderation.check_confidence_floor)


def _faces(verdict: Verdict, chain: Chain, items: list[Any], request: dict, start: dict) -> None:
    op = chain.operation
    verdict.check(faces.check_face_timestamp_order, op, items, request)
    verdict.check(faces.check_null_attributes, op, items, request)
    # Without FaceAttributes a job returns DEFAULT's attributes (documented for the value, inferred for its
    # absence: FACES.ATTRIBUTES.OMITTED), so an unshown FaceAttributes leaves both rules inconclusive.
    fn = faces.check_all_attributes if start.get("FaceAttributes") == "ALL" else faces.check_default_attributes
    if _start_value(verdict, chain, start, "FaceAttributes", "DEFAULT", fn) is not None:
        verdict.check(fn, op, items, request)


def _sorted(verdict: Verdict, chain: Chain, items: list[Any], request: dict, sort_key: str, *,
            by_key: tuple[Callable[..., Any], ...], by_time: tuple[Callable[..., Any], ...],
            always: tuple[Callable[..., Any], ...]) -> None:
    """The checks of a listing sorted by ``sort_key`` (INDEX, ID) or by Timestamp, as the Get request asks."""
    for fn in (*(by_key if request.get("SortBy") == sort_key else by_time), *always):
        verdict.check(fn, chain.operation, items, request)


def _face_search(verdict: Verdict, chain: Chain, items: list[Any], request: dict, start: dict) -> None:
    _sorted(verdict, chain, items, request, "INDEX", by_key=(face_search.check_index_order,),
            by_time=(sorting.check_timestamp_order,), always=(face_search.check_default_attributes,))
    _floor(verdict, chain, items, request, start, *_documented_threshold("face_search"),
           face_search.check_threshold_floor)


def _persons(verdict: Verdict, chain: Chain, items: list[Any], request: dict, start: dict) -> None:
    _sorted(verdict, chain, items, request, "INDEX",
            by_key=(persons.check_index_groups, persons.check_index_order, persons.check_index_confidence),
            by_time=(persons.check_person_timestamp_order,),
            always=(persons.check_index_present, persons.check_person_faces))


def _celebrities(verdict: Verdict, chain: Chain, items: list[Any], request: dict, start: dict) -> None:
    _sorted(verdict, chain, items, request, "ID", by_key=(celebrities.check_id_groups, celebrities.check_id_order),
            by_time=(celebrities.check_celebrity_timestamp_order,),
            always=(celebrities.check_celebrity_faces, celebrities.check_detail_present))


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
