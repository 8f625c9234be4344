"""Checks specific to GetTextDetection listings: order, words per frame, filters, identifiers, geometry.

``items`` is a whole listing (a chain's TextDetections concatenated in page order); pointers take the
form ``listing[17]/TextDetection/Confidence``. ``filters`` is the StartTextDetection request's Filters.
The word filters and regions judge WORD detections only: the documentation says what they do to words
and is silent on lines.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from rekognition_conformance.checks import Violation, check
from rekognition_conformance.checks.items import as_number, dig, excerpt, listing_pointer
from rekognition_conformance.checks.moderation import model_version_violations
from rekognition_conformance.checks.sorting import timestamp_of
from rekognition_conformance.exchange import Exchange

DETECTION = "TextDetection"
WORD = "WORD"
LINE = "LINE"
MAX_WORDS_PER_FRAME = 100
DEFAULT_MIN_CONFIDENCE = 80.0
CONFIDENCE_TOLERANCE = 1e-3
# Region shares and polygon points are ratios of the frame; a backend rounding them is not a defect.
GEOMETRY_TOLERANCE = 0.01
# Polygons are measured by sampling a grid of points over the word's box.
POLYGON_GRID = 20
POLYGON_TOLERANCE = 0.05
BOX = ("Width", "Height", "Left", "Top")


def text_type(item: Any) -> str | None:
    kind = dig(item, DETECTION, "Type")
    return kind if isinstance(kind, str) else None


def confidence(item: Any) -> float | None:
    return as_number(dig(item, DETECTION, "Confidence"))


def box_of(item: Any) -> dict[str, float] | None:
    """The detection's BoundingBox as numbers, or None when it lacks one or any member is not a number."""
    box = dig(item, DETECTION, "Geometry", "BoundingBox")
    if not isinstance(box, dict):
        return None
    values = {name: as_number(box.get(name)) for name in BOX}
    return None if any(v is None for v in values.values()) else values  # type: ignore[return-value]


def _words(items: Sequence[Any]) -> list[tuple[int, Any]]:
    return [(index, item) for index, item in enumerate(items) if text_type(item) == WORD]


def _violation(
    rule_id: str, operation: str, request: Any, index: int, path: tuple[str, ...], message: str, value: Any
) -> Violation:
    return Violation(rule_id, operation, message, request, listing_pointer(index, *path), excerpt(value))


# --- order and volume ----------------------------------------------------------------------------


@check("TEXT.SORT.TIMESTAMP")
def check_timestamp_order(operation: str, items: Sequence[Any], request: Any) -> list[Violation]:
    """Timestamps never decrease across the whole listing; ties may come in any order."""
    previous: tuple[int, float] | None = None
    for index, item in enumerate(items):
        timestamp = timestamp_of(item)
        if timestamp is None:
            continue
        if previous is not None and timestamp < previous[1]:
            return [
                _violation(
                    "TEXT.SORT.TIMESTAMP",
                    operation,
                    request,
                    index,
                    ("Timestamp",),
                    f"Expected Timestamp to be non-decreasing across the listing; listing[{previous[0]}] has "
                    f"{previous[1]:g} but the later listing[{index}] has {timestamp:g}.",
                    item,
                )
            ]
        previous = (index, timestamp)
    return []


@check("TEXT.WORDS_PER_FRAME")
def check_words_per_frame(operation: str, items: Sequence[Any], request: Any) -> list[Violation]:
    """No Timestamp carries more than 100 WORD detections; the pointer is the 101st word."""
    counts: Counter[Any] = Counter()
    violations = []
    for index, item in _words(items):
        timestamp = dig(item, "Timestamp")
        counts[timestamp] += 1
        if counts[timestamp] == MAX_WORDS_PER_FRAME + 1:
            violations.append(
                _violation(
                    "TEXT.WORDS_PER_FRAME",
                    operation,
                    request,
                    index,
                    (),
                    f"Expected at most {MAX_WORDS_PER_FRAME} words per frame; listing[{index}] is word "
                    f"{MAX_WORDS_PER_FRAME + 1} at Timestamp {excerpt(timestamp)}.",
                    item,
                )
            )
    return violations


# --- filters -------------------------------------------------------------------------------------


def _word_filter(filters: Mapping[str, Any] | None) -> Mapping[str, Any] | None:
    word = dig(filters or {}, "WordFilter")
    return word if isinstance(word, Mapping) else None


def _confidence_below(
    operation: str, items: Sequence[Any], floor: float, request: Any, rule_id: str, why: str
) -> list[Violation]:
    return [
        _violation(
            rule_id,
            operation,
            request,
            index,
            (DETECTION, "Confidence"),
            f"Expected every WORD to have Confidence >= {floor:g} ({why}); listing[{index}] "
            f"({dig(item, DETECTION, 'DetectedText')!r}) has {value:g}.",
            item,
        )
        for index, item in _words(items)
        if (value := confidence(item)) is not None and value < floor - CONFIDENCE_TOLERANCE
    ]


@check("TEXT.FILTER.WORD")
def check_word_confidence(
    operation: str, items: Sequence[Any], filters: Mapping[str, Any] | None, request: Any
) -> list[Violation]:
    """With a WordFilter MinConfidence, no WORD is below it."""
    floor = as_number(dig(_word_filter(filters) or {}, "MinConfidence"))
    if floor is None:
        return []
    return _confidence_below(operation, items, floor, request, "TEXT.FILTER.WORD", "the WordFilter MinConfidence")


@check("TEXT.FILTER.WORD_SIZE")
def check_word_size(
    operation: str, items: Sequence[Any], filters: Mapping[str, Any] | None, request: Any
) -> list[Violation]:
    """With a WordFilter MinBoundingBoxHeight or MinBoundingBoxWidth, no WORD's box is smaller."""
    word_filter = _word_filter(filters) or {}
    limits = {
        member: limit
        for member, name in (("Height", "MinBoundingBoxHeight"), ("Width", "MinBoundingBoxWidth"))
        if (limit := as_number(word_filter.get(name))) is not None
    }
    violations = []
    for index, item in _words(items):
        box = box_of(item)
        for member, limit in limits.items():
            if box is not None and box[member] < limit - CONFIDENCE_TOLERANCE:
                violations.append(
                    _violation(
                        "TEXT.FILTER.WORD_SIZE",
                        operation,
                        request,
                        index,
                        (DETECTION, "Geometry", "BoundingBox", member),
                        f"Expected every WORD's BoundingBox {member} >= {limit:g} (the WordFilter "
                        f"MinBoundingBox{member}); listing[{index}] has {box[member]:g}.",
                        box,
                    )
                )
    return violations


def _share(box: Mapping[str, float], region: Mapping[str, float]) -> float:
    """The fraction of ``box``'s area inside ``region``."""
    width = min(box["Left"] + box["Width"], region["Left"] + region["Width"]) - max(box["Left"], region["Left"])
    height = min(box["Top"] + box["Height"], region["Top"] + region["Height"]) - max(box["Top"], region["Top"])
    area = box["Width"] * box["Height"]
    return max(width, 0.0) * max(height, 0.0) / area if area > 0 else 0.0


def _polygon_share(item: Any, box: Mapping[str, float], region: Mapping[str, float]) -> float | None:
    """The fraction of the word's Polygon inside ``region``, estimated on a grid over its box; None without one."""
    points = dig(item, DETECTION, "Geometry", "Polygon")
    corners = [(as_number(dig(p, "X")), as_number(dig(p, "Y"))) for p in points] if isinstance(points, list) else []
    polygon = [(x, y) for x, y in corners if x is not None and y is not None]
    if len(polygon) < 3:
        return None
    inside = within = 0
    for i in range(POLYGON_GRID):
        for j in range(POLYGON_GRID):
            x = box["Left"] + (i + 0.5) * box["Width"] / POLYGON_GRID
            y = box["Top"] + (j + 0.5) * box["Height"] / POLYGON_GRID
            if _in_polygon(x, y, polygon):
                inside += 1
                within += (region["Left"] <= x <= region["Left"] + region["Width"]) and (
                    region["Top"] <= y <= region["Top"] + region["Height"]
                )
    return within / inside if inside else None


def _in_polygon(x: float, y: float, polygon: Sequence[tuple[float, float]]) -> bool:
    inside = False
    for (x1, y1), (x2, y2) in zip(polygon, [*polygon[1:], polygon[0]], strict=True):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def _box_regions(filters: Mapping[str, Any] | None) -> list[dict[str, float]] | None:
    """The regions as boxes; None when there are none or when one is given only as a polygon."""
    regions = dig(filters or {}, "RegionsOfInterest")
    if not isinstance(regions, list) or not regions:
        return None
    boxes = []
    for region in regions:
        box = dig(region, "BoundingBox")
        values = {name: as_number(dig(box, name)) for name in BOX} if isinstance(box, dict) else {}
        if len(values) != len(BOX) or any(v is None for v in values.values()):
            return None  # a polygon region: judging the others alone could call a word out wrongly
        boxes.append(values)
    return boxes  # type: ignore[return-value]


@check("TEXT.FILTER.REGION")
def check_regions(
    operation: str, items: Sequence[Any], filters: Mapping[str, Any] | None, request: Any
) -> list[Violation]:
    """With RegionsOfInterest given as boxes, no WORD lies wholly outside every region.

    A word more than half inside a region is kept (the API reference), which does not say that a word only
    partly inside one is dropped: only a word with no part inside any region breaks the rule. The
    part inside is measured on the word's BoundingBox (to 1 %) and, for a word with a Polygon, on the
    polygon as well (to 5 %, as it is sampled on a grid): the word passes if either measure finds a part
    inside.
    """
    regions = _box_regions(filters)
    if regions is None:
        return []
    violations = []
    for index, item in _words(items):
        box = box_of(item)
        if box is None:
            continue
        best = max(_share(box, region) for region in regions)
        if best > GEOMETRY_TOLERANCE:
            continue
        shares = [_polygon_share(item, box, region) for region in regions]
        if any(share is not None and share > POLYGON_TOLERANCE for share in shares):
            continue
        violations.append(
            _violation(
                "TEXT.FILTER.REGION",
                operation,
                request,
                index,
                (DETECTION, "Geometry", "BoundingBox"),
                f"Expected no WORD wholly outside the RegionsOfInterest; listing[{index}] "
                f"({dig(item, DETECTION, 'DetectedText')!r}) has {best:.0%} of its box inside any of them.",
                box,
            )
        )
    return violations


@check("TEXT.MIN_CONFIDENCE.DEFAULT")
def check_default_min_confidence(
    operation: str, items: Sequence[Any], filters: Mapping[str, Any] | None, request: Any
) -> list[Violation]:
    """A job whose WordFilter omits MinConfidence returns no WORD below the documented default 80."""
    word_filter = _word_filter(filters)
    if word_filter is None or word_filter.get("MinConfidence") is not None:
        return []
    return _confidence_below(
        operation,
        items,
        DEFAULT_MIN_CONFIDENCE,
        request,
        "TEXT.MIN_CONFIDENCE.DEFAULT",
        "WordFilter without MinConfidence, default 80",
    )


@check("TEXT.MIN_CONFIDENCE.NO_FILTER")
def check_no_filter_min_confidence(
    operation: str, items: Sequence[Any], filters: Mapping[str, Any] | None, request: Any
) -> list[Violation]:
    """A job started without a WordFilter returns no WORD below 80."""
    if _word_filter(filters) is not None:
        return []
    return _confidence_below(
        operation,
        items,
        DEFAULT_MIN_CONFIDENCE,
        request,
        "TEXT.MIN_CONFIDENCE.NO_FILTER",
        "no WordFilter; the documented default MinConfidence is 80",
    )


# --- identifiers ---------------------------------------------------------------------------------


@check("TEXT.IDS.LINE")
def check_line_parents(operation: str, items: Sequence[Any], request: Any) -> list[Violation]:
    """A LINE carries no ParentId (absent or null)."""
    return [
        _violation(
            "TEXT.IDS.LINE",
            operation,
            request,
            index,
            (DETECTION, "ParentId"),
            f"Expected a LINE to have no ParentId; listing[{index}] has {excerpt(parent)}.",
            parent,
        )
        for index, item in enumerate(items)
        if text_type(item) == LINE and (parent := dig(item, DETECTION, "ParentId")) is not None
    ]


@check("TEXT.IDS.WORD")
def check_identifiers(operation: str, items: Sequence[Any], request: Any) -> list[Violation]:
    """Every detection carries an Id, and every WORD a ParentId."""
    violations = []
    for index, item in enumerate(items):
        kind = text_type(item)
        if kind not in (LINE, WORD):
            continue
        for member in ("Id", "ParentId") if kind == WORD else ("Id",):
            if dig(item, DETECTION, member) is None:
                violations.append(
                    _violation(
                        "TEXT.IDS.WORD",
                        operation,
                        request,
                        index,
                        (DETECTION, member),
                        f"Expected the {kind} listing[{index}] to carry {member}; it has none.",
                        item,
                    )
                )
    return violations


@check("TEXT.IDS.PARENT_LINE")
def check_parent_lines(operation: str, items: Sequence[Any], request: Any) -> list[Violation]:
    """Each WORD's ParentId is a LINE at the same Timestamp whose text contains the word.

    Apply to jobs without Filters only: a filter that drops a line but keeps its words is not
    documented either way.
    """
    lines: defaultdict[Any, dict[Any, str]] = defaultdict(dict)
    for item in items:
        if text_type(item) == LINE:
            text = dig(item, DETECTION, "DetectedText")
            lines[dig(item, "Timestamp")][dig(item, DETECTION, "Id")] = text if isinstance(text, str) else ""
    violations = []
    for index, item in _words(items):
        parent, timestamp = dig(item, DETECTION, "ParentId"), dig(item, "Timestamp")
        word = dig(item, DETECTION, "DetectedText")
        if parent is None:
            continue
        if parent not in lines[timestamp]:
            problem = f"names ParentId {excerpt(parent)}, but no LINE with that Id is returned at that Timestamp"
        elif isinstance(word, str) and word not in lines[timestamp][parent]:
            problem = f"({word!r}) is not part of its parent LINE {lines[timestamp][parent]!r}"
        else:
            continue
        violations.append(
            _violation(
                "TEXT.IDS.PARENT_LINE",
                operation,
                request,
                index,
                (DETECTION, "ParentId"),
                f"The WORD listing[{index}] at Timestamp {excerpt(timestamp)} {problem}.",
                item,
            )
        )
    return violations


@check("TEXT.IDS.UNIQUE")
def check_unique_ids(operation: str, items: Sequence[Any], request: Any) -> list[Violation]:
    """At one Timestamp no two LINEs and no two WORDs share an Id."""
    seen: dict[tuple[Any, str, Any], int] = {}
    violations = []
    for index, item in enumerate(items):
        kind, identifier = text_type(item), dig(item, DETECTION, "Id")
        if kind is None or identifier is None:
            continue
        key = (dig(item, "Timestamp"), kind, identifier)
        if key in seen:
            violations.append(
                _violation(
                    "TEXT.IDS.UNIQUE",
                    operation,
                    request,
                    index,
                    (DETECTION, "Id"),
                    f"The {kind} listing[{index}] repeats the Id {excerpt(identifier)} of listing[{seen[key]}] "
                    f"at the same Timestamp {excerpt(key[0])}.",
                    item,
                )
            )
        else:
            seen[key] = index
    return violations


# --- geometry and model --------------------------------------------------------------------------


def _geometry_problems(item: Any) -> list[tuple[tuple[str | int, ...], str]]:
    base = (DETECTION, "Geometry")
    box = box_of(item)
    if box is None:
        return []
    # Whether the Polygon lies within the BoundingBox is not judged: for rotated text AWS answers polygon
    # points well outside the box (fixtures/aws/README.md, "Geometry").
    return [
        ((*base, "BoundingBox", member), f"{member} {box[member]:g} is outside [0, 1]")
        for member in ("Width", "Height")
        if not 0 <= box[member] <= 1
    ]


@check("TEXT.GEOMETRY")
def check_geometry(operation: str, items: Sequence[Any], request: Any) -> list[Violation]:
    """BoundingBox Width and Height are in [0, 1]."""
    return [
        Violation(
            "TEXT.GEOMETRY",
            operation,
            f"listing[{index}] ({dig(item, DETECTION, 'DetectedText')!r}): {problem}.",
            request,
            listing_pointer(index, *path),
            excerpt(dig(item, DETECTION, "Geometry")),
        )
        for index, item in enumerate(items)
        for path, problem in _geometry_problems(item)
    ]


@check("TEXT.MODEL_VERSION")
def check_model_version(pages: Sequence[Exchange]) -> list[Violation]:
    """Every page of a SUCCEEDED job names the same non-empty TextModelVersion."""
    return model_version_violations(pages, "TextModelVersion", "TEXT.MODEL_VERSION")
