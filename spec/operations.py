"""The Rekognition Video operations this project covers, grouped into families.

A family is a set of operations that share state on the service side: a
Start*/Get* pair sharing a JobId, the stream-processor lifecycle, or the face
collection a video face search runs against. The deriver produces one schema
per operation listed here, and suites are organised by family.
"""

from __future__ import annotations

FAMILIES: dict[str, tuple[str, ...]] = {
    "labels": ("StartLabelDetection", "GetLabelDetection"),
    "faces": ("StartFaceDetection", "GetFaceDetection"),
    "celebrities": ("StartCelebrityRecognition", "GetCelebrityRecognition", "GetCelebrityInfo"),
    "moderation": ("StartContentModeration", "GetContentModeration"),
    "persons": ("StartPersonTracking", "GetPersonTracking"),
    "face_search": ("StartFaceSearch", "GetFaceSearch"),
    "segments": ("StartSegmentDetection", "GetSegmentDetection"),
    "text": ("StartTextDetection", "GetTextDetection"),
    "stream_processors": (
        "CreateStreamProcessor",
        "DescribeStreamProcessor",
        "ListStreamProcessors",
        "StartStreamProcessor",
        "StopStreamProcessor",
        "DeleteStreamProcessor",
        "UpdateStreamProcessor",
    ),
    "collections": (
        "CreateCollection",
        "DescribeCollection",
        "ListCollections",
        "DeleteCollection",
        "IndexFaces",
        "ListFaces",
        "DeleteFaces",
        "SearchFaces",
    ),
}

ALL_OPERATIONS: tuple[str, ...] = tuple(sorted({op for ops in FAMILIES.values() for op in ops}))

_FAMILY_BY_OPERATION: dict[str, str] = {op: family for family, ops in FAMILIES.items() for op in ops}


def family_of(operation: str) -> str:
    """Return the family an operation belongs to; KeyError if it is not covered."""
    try:
        return _FAMILY_BY_OPERATION[operation]
    except KeyError:
        raise KeyError(f"{operation!r} is not a covered Rekognition Video operation") from None


# The asynchronous video-analysis operations: every family whose Start returns a JobId read by a Get.
VIDEO_START: tuple[str, ...] = tuple(
    op for op in ALL_OPERATIONS if op.startswith("Start") and "StreamProcessor" not in op
)
VIDEO_GET: tuple[str, ...] = tuple(
    op for op in ALL_OPERATIONS if op.startswith("Get") and op != "GetCelebrityInfo"
)
# Names a rule may use in its `operations` list to stand for a whole group.
GROUPS: dict[str, tuple[str, ...]] = {
    "@all": ALL_OPERATIONS,
    "@video-start": VIDEO_START,
    "@video-get": VIDEO_GET,
    "@video": VIDEO_START + VIDEO_GET,
}


def expand(names: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """Operation names with group names (``@video-get``) replaced by their members, in order, once each."""
    out: dict[str, None] = {}
    for name in names:
        for op in GROUPS.get(name, (name,)):
            out[op] = None
    return tuple(out)
