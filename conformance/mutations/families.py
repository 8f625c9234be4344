"""Mutations of the rules of one family: sort orders, confidence floors, face attributes, segment and text content.

Each is phrased in the documented behaviour it breaks (an order the API reference states, a floor the
Start request set or its documented default) and works on whatever the recording holds: it finds an item
of the right kind, or reports that there is none.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from rekognition_conformance.judge.sources import Chain
from rekognition_conformance.mutations.base import Mutation
from rekognition_conformance.mutations.edits import Pages, first_after, job_succeeded, matching, nested, swap, timestamp
from rekognition_conformance.spec.families import by_get, video_family

Key = Callable[[Any], Any]


def _sorted_by(value: str | None) -> Callable[[Chain], bool]:
    """Listings whose Get request asked for SortBy ``value`` (None: asked for none, or for TIMESTAMP)."""

    def when(chain: Chain) -> bool:
        asked = chain.request.get("SortBy")
        wanted = asked is None or asked == "TIMESTAMP" if value is None else asked == value
        return job_succeeded(chain) and chain.complete and wanted

    return when


def _aggregated_by_segments(chain: Chain) -> bool:
    return job_succeeded(chain) and chain.request.get("AggregateBy") == "SEGMENTS"


def _out_of_order(key: Key = timestamp) -> Callable[[Pages], bool]:
    """Swap an item with a later one of a greater ``key``: the listing is no longer in non-decreasing order."""

    def edit(pages: Pages) -> bool:
        pair = first_after(pages.places(), key)
        if pair is None:
            return False
        swap(pages, *pair)
        return True

    return edit


def _group_split(key: Key) -> Callable[[Pages], bool]:
    """Move the first item of a group of two or more to the end: the group is no longer contiguous."""

    def edit(pages: Pages) -> bool:
        places = pages.places()
        if not places:
            return False
        last = key(places[-1].item)
        for place in places:
            group = key(place.item)
            if group is not None and group != last and sum(key(p.item) == group for p in places) > 1:
                moved = pages.items_of(place.page).pop(place.index)
                pages.items_of(len(pages.bodies) - 1).append(moved)
                return True
        return False

    return edit


def _with_attribute(*path: str) -> Callable[[Pages], bool]:
    """Add a facial attribute beyond the default ones (Smile) to the Face at ``path`` of an item."""

    def edit(pages: Pages) -> bool:
        for place in matching(pages, lambda item: isinstance(nested(item, *path), dict)):
            nested(place.item, *path)["Smile"] = {"Value": True, "Confidence": 99.0}
            return True
        return False

    return edit


def _without_attribute(name: str) -> Callable[[Pages], bool]:
    def edit(pages: Pages) -> bool:
        for place in matching(pages, lambda item: isinstance(nested(item, "Face", name), dict | list)):
            del place.item["Face"][name]
            return True
        return False

    return edit


def _start_known(member: str) -> Callable[[Chain], bool]:
    """The Start request is known, and either sets ``member`` or, sent as recorded, leaves it to its default."""

    def when(chain: Chain) -> bool:
        start = chain.start_request or {}
        return job_succeeded(chain) and (member in start or (chain.sent and chain.start_request is not None))

    return when


def _face_attributes(value: str) -> Callable[[Chain], bool]:
    def when(chain: Chain) -> bool:
        asked = (chain.start_request or {}).get("FaceAttributes", "DEFAULT" if chain.sent else None)
        return job_succeeded(chain) and chain.start_request is not None and asked == value

    return when


def _below_floor(path: tuple[str, ...], floor: Callable[[Chain], float], test: Callable[[Any], bool] = bool):
    """Put the confidence at ``path`` of one item just below the floor the job was started with."""

    def edit(pages: Pages) -> bool:
        below = floor(pages.original) - 1.0
        if below < 0:
            return False
        for place in matching(pages, lambda item: test(item) and isinstance(nested(item, *path), int | float)):
            nested(place.item, *path[:-1])[path[-1]] = below
            return True
        return False

    return edit


def _threshold(family: str, start_request: dict[str, Any] | None) -> float:
    """The floor a job of ``family`` set: its Start request's threshold, else the documented default."""
    threshold = video_family(family).threshold
    assert threshold is not None, f"the family table documents no threshold for {family}"
    return float((start_request or {}).get(threshold.member, threshold.default.value))


def _min_confidence(chain: Chain) -> float:
    return _threshold(by_get(chain.operation).name, chain.start_request)


def _similarity_below_threshold(pages: Pages) -> bool:
    threshold = _threshold("face_search", pages.original.start_request)
    for place in matching(pages, lambda item: bool(item.get("FaceMatches"))):
        place.item["FaceMatches"][0]["Similarity"] = threshold - 1.0
        return True
    return False


def _shot_floor(chain: Chain) -> float:
    shot = ((chain.start_request or {}).get("Filters") or {}).get("ShotFilter") or {}
    return _threshold("segments", shot)


def _is_shot(item: Any) -> bool:
    return item.get("Type") == "SHOT"


def _segment_arithmetic(pages: Pages) -> bool:
    # DurationMillis is no longer EndTimestampMillis - StartTimestampMillis.
    for place in matching(pages, lambda item: isinstance(item.get("DurationMillis"), int)):
        place.item["DurationMillis"] += 1
        return True
    return False


def _top_level_with_parent(pages: Pages) -> bool:
    for place in matching(pages, lambda item: nested(item, "ModerationLabel", "TaxonomyLevel") == 1
                          and nested(item, "ModerationLabel", "ParentName") == ""):
        place.item["ModerationLabel"]["ParentName"] = "Violence"
        return True
    return False


def _shot_with_cue(pages: Pages) -> bool:
    for place in matching(pages, lambda item: _is_shot(item) and "TechnicalCueSegment" not in item):
        place.item["TechnicalCueSegment"] = {"Type": "BlackFrames", "Confidence": 99.0}
        return True
    return False


def _past_the_end(pages: Pages) -> bool:
    # The last segment is moved a minute past the end of the video.
    places = pages.places()
    durations = [nested(body, "VideoMetadata") for body in pages.bodies]
    duration = next((m[0].get("DurationMillis") for m in durations if isinstance(m, list) and m
                     and isinstance(m[0], dict)), None)
    if not places or not isinstance(duration, int | float):
        return False
    item = places[-1].item
    if not isinstance(item.get("EndTimestampMillis"), int):
        return False
    item["EndTimestampMillis"] = int(duration) + 60_000
    return True


def _audio_off_last_page(pages: Pages) -> bool:
    if len(pages.bodies) < 2 or not pages.bodies[0].get("AudioMetadata"):
        return False
    pages.bodies[-1].pop("AudioMetadata", None)
    return True


def _segment_start(item: Any) -> Any:
    return item.get("StartTimestampMillis") if isinstance(item, dict) else None


def _type_group_disorder(pages: Pages) -> bool:
    # Two segments of one Type swap places: within the group StartTimestampMillis decreases.
    places = pages.places()
    for kind in dict.fromkeys(p.item.get("Type") for p in places):
        pair = first_after([p for p in places if p.item.get("Type") == kind], _segment_start)
        if pair is not None:
            swap(pages, *pair)
            return True
    return False


def _is_word(item: Any) -> bool:
    return nested(item, "TextDetection", "Type") == "WORD"


def _too_many_words(pages: Pages) -> bool:
    # One WORD repeated (each copy with an Id of its own) until its frame holds 101 words.
    places = pages.places()
    for place in places:
        if not _is_word(place.item):
            continue
        at = timestamp(place.item)
        count = sum(1 for p in places if _is_word(p.item) and timestamp(p.item) == at)
        items = pages.items_of(place.page)
        for number in range(101 - count):
            twin = copy.deepcopy(place.item)
            twin["TextDetection"]["Id"] = 100_000 + number
            items.insert(place.index + 1, twin)
        return True
    return False


def _word_without_parent(pages: Pages) -> bool:
    for place in matching(pages, lambda item: _is_word(item) and "ParentId" in item["TextDetection"]):
        del place.item["TextDetection"]["ParentId"]
        return True
    return False


def _other_arn(pages: Pages) -> bool:
    body = pages.bodies[0]
    arn = body.get("CollectionARN")
    if not isinstance(arn, str) or ":" not in arn:
        return False
    head, _, name = arn.rpartition("/")
    body["CollectionARN"] = f"{head}/{name}-other" if head else arn + "-other"
    return True


def _celebrity_id(item: Any) -> Any:
    return nested(item, "Celebrity", "Id")


def _person_index(item: Any) -> Any:
    return nested(item, "Person", "Index")


def _label_name(item: Any) -> Any:
    return nested(item, "Label", "Name")


def _moderation_name(item: Any) -> Any:
    return nested(item, "ModerationLabel", "Name")


MUTATIONS: tuple[Mutation, ...] = (
    # sort orders
    Mutation("labels-timestamp-inverted", "SORT.TIMESTAMP", "two labels of different Timestamps swap places",
             ("GetLabelDetection", "GetContentModeration", "GetFaceSearch"), _out_of_order(), _sorted_by(None)),
    Mutation("labels-name-group-split", "LABELS.SORT.NAME", "with SortBy NAME a label's group is split in two",
             ("GetLabelDetection",), _group_split(_label_name), _sorted_by("NAME")),
    Mutation("moderation-name-group-split", "MODERATION.SORT.NAME",
             "with SortBy NAME a moderation label's group is split in two",
             ("GetContentModeration",), _group_split(_moderation_name), _sorted_by("NAME")),
    Mutation("celebrities-timestamp-inverted", "CELEBRITIES.SORT.TIMESTAMP",
             "two recognitions of different Timestamps swap places", ("GetCelebrityRecognition",),
             _out_of_order(), _sorted_by(None)),
    Mutation("celebrities-id-group-split", "CELEBRITIES.SORT.ID",
             "with SortBy ID a celebrity's recognitions are split in two groups", ("GetCelebrityRecognition",),
             _group_split(_celebrity_id), _sorted_by("ID")),
    Mutation("faces-timestamp-inverted", "FACES.SORT.TIMESTAMP", "two faces of different Timestamps swap places",
             ("GetFaceDetection",), _out_of_order(), _sorted_by(None)),
    Mutation("persons-timestamp-inverted", "PERSONS.SORT.TIMESTAMP",
             "two person detections of different Timestamps swap places", ("GetPersonTracking",),
             _out_of_order(), _sorted_by(None)),
    Mutation("persons-index-group-split", "PERSONS.SORT.INDEX",
             "with SortBy INDEX a tracked person's detections are split in two groups", ("GetPersonTracking",),
             _group_split(_person_index), _sorted_by("INDEX")),
    Mutation("segments-type-group-disordered", "SEGMENTS.SORT.TYPE",
             "two segments of one Type swap places, so StartTimestampMillis decreases in the group",
             ("GetSegmentDetection",), _type_group_disorder, job_succeeded),
    Mutation("text-timestamp-inverted", "TEXT.SORT.TIMESTAMP",
             "two text detections of different Timestamps swap places",
             ("GetTextDetection",), _out_of_order(), job_succeeded),
    # confidence floors and thresholds
    Mutation("labels-below-min-confidence", "LABELS.MIN_CONFIDENCE.FLOOR",
             "a label with a Confidence just below the job's MinConfidence (50 when the Start request set none)",
             ("GetLabelDetection",), _below_floor(("Label", "Confidence"), _min_confidence),
             _start_known("MinConfidence")),
    Mutation("moderation-below-min-confidence", "MODERATION.MIN_CONFIDENCE.FLOOR",
             "a moderation label with a Confidence just below the job's MinConfidence (50 by default)",
             ("GetContentModeration",), _below_floor(("ModerationLabel", "Confidence"), _min_confidence),
             _start_known("MinConfidence")),
    Mutation("face-match-below-threshold", "FACE_SEARCH.THRESHOLD.FLOOR",
             "a FaceMatch with a Similarity just below the job's FaceMatchThreshold (80 by default)",
             ("GetFaceSearch",), _similarity_below_threshold, _start_known("FaceMatchThreshold")),
    Mutation("shot-below-min-confidence", "SEGMENTS.MIN_CONFIDENCE.FLOOR",
             "a SHOT with a Confidence just below the ShotFilter's MinSegmentConfidence (50 by default)",
             ("GetSegmentDetection",), _below_floor(("ShotSegment", "Confidence"), _shot_floor, _is_shot),
             _start_known("Filters")),
    # face attributes
    Mutation("celebrity-face-extra-attribute", "CELEBRITIES.FACE.DEFAULT_ATTRIBUTES",
             "a celebrity's Face carries Smile, beyond the default attributes", ("GetCelebrityRecognition",),
             _with_attribute("Celebrity", "Face"), job_succeeded),
    Mutation("person-face-extra-attribute", "PERSONS.FACE.DEFAULT_ATTRIBUTES",
             "a tracked person's Face carries Smile, beyond the default attributes", ("GetPersonTracking",),
             _with_attribute("Person", "Face"), job_succeeded),
    Mutation("face-search-face-extra-attribute", "FACE_SEARCH.DEFAULT_ATTRIBUTES",
             "a matched person's Face carries Smile, beyond the default attributes", ("GetFaceSearch",),
             _with_attribute("Person", "Face"), job_succeeded),
    Mutation("default-face-without-pose", "FACES.ATTRIBUTES.DEFAULT",
             "a face of a FaceAttributes DEFAULT job has no Pose", ("GetFaceDetection",),
             _without_attribute("Pose"), _face_attributes("DEFAULT")),
    Mutation("all-face-without-emotions", "FACES.ATTRIBUTES.ALL",
             "a face of a FaceAttributes ALL job has no Emotions", ("GetFaceDetection",),
             _without_attribute("Emotions"), _face_attributes("ALL")),
    # aggregation and content
    Mutation("label-segment-arithmetic", "LABELS.AGGREGATE.SEGMENTS",
             "with AggregateBy SEGMENTS a label's DurationMillis is not End - Start", ("GetLabelDetection",),
             _segment_arithmetic, _aggregated_by_segments),
    Mutation("moderation-segment-arithmetic", "MODERATION.AGGREGATE.SEGMENTS",
             "with AggregateBy SEGMENTS a moderation label's DurationMillis is not End - Start",
             ("GetContentModeration",), _segment_arithmetic, _aggregated_by_segments),
    Mutation("moderation-top-level-with-parent", "MODERATION.TAXONOMY.TOP_LEVEL",
             "a TaxonomyLevel 1 moderation label names a parent", ("GetContentModeration",),
             _top_level_with_parent, job_succeeded),
    Mutation("shot-with-technical-cue", "SEGMENTS.DETAIL", "a SHOT segment also carries a TechnicalCueSegment",
             ("GetSegmentDetection",), _shot_with_cue, job_succeeded),
    Mutation("segment-past-video-end", "SEGMENTS.INTERVAL", "the last segment ends a minute after the video does",
             ("GetSegmentDetection",), _past_the_end, job_succeeded),
    Mutation("segment-audio-metadata-dropped", "SEGMENTS.AUDIO_METADATA.EVERY_PAGE",
             "the last page of a listing with AudioMetadata carries none", ("GetSegmentDetection",),
             _audio_off_last_page, job_succeeded),
    Mutation("text-word-repeated-past-100", "TEXT.WORDS_PER_FRAME",
             "a WORD is repeated until its frame holds 101 words", ("GetTextDetection",), _too_many_words,
             job_succeeded),
    Mutation("text-word-without-parent", "TEXT.IDS.WORD", "a WORD detection carries no ParentId",
             ("GetTextDetection",), _word_without_parent, job_succeeded),
    Mutation("collection-arn-changed", "COLLECTIONS.ARN",
             "DescribeCollection's CollectionARN names another collection than CreateCollection's CollectionArn",
             ("DescribeCollection",), _other_arn),
)
