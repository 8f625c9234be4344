"""Text detection: StartTextDetection and GetTextDetection.

Start fixes which text a job returns. Words pass the WordFilter: confidence at least MinConfidence
(default 80, whether or not a WordFilter is given), box height and width at least MinBoundingBoxHeight
and MinBoundingBoxWidth, and, when RegionsOfInterest are given, more than half of the word's box inside
one of them (a region is a BoundingBox, or else a Polygon). A line is returned when at least one of its
words is; it keeps its full text and box. At each timestamp lines are numbered from 0 and words from 0,
each word naming its line as ParentId.

Get has no sort options: detections come by timestamp, each timestamp's lines before its words, then
pages.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rekognition_conformance.reference.context import Handler, ServiceContext
from rekognition_conformance.reference.results import get_results
from rekognition_conformance.reference.textmodel import MODEL_VERSION, Box, Line, Word, detect

START = "StartTextDetection"
GET = "GetTextDetection"

DEFAULT_MIN_CONFIDENCE = 80.0
# Polygon regions are measured on a grid of sample points over the word's box.
_GRID = 10

Point = tuple[float, float]


@dataclass(frozen=True)
class Region:
    box: Box | None
    polygon: tuple[Point, ...]

    def share_of(self, box: Box) -> float:
        """The fraction of ``box``'s area inside this region."""
        if self.box is not None:
            width = min(box.left + box.width, self.box.left + self.box.width) - max(box.left, self.box.left)
            height = min(box.top + box.height, self.box.top + self.box.height) - max(box.top, self.box.top)
            area = box.width * box.height
            return max(width, 0.0) * max(height, 0.0) / area if area > 0 else 0.0
        if len(self.polygon) < 3:
            return 0.0
        points = [
            (box.left + (i + 0.5) * box.width / _GRID, box.top + (j + 0.5) * box.height / _GRID)
            for i in range(_GRID)
            for j in range(_GRID)
        ]
        inside = sum(_in_polygon(point, self.polygon) for point in points)
        return inside / _GRID**2


def _in_polygon(point: Point, polygon: Sequence[Point]) -> bool:
    x, y = point
    inside = False
    for (x1, y1), (x2, y2) in zip(polygon, [*polygon[1:], polygon[0]], strict=True):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def _region(raw: Mapping[str, Any]) -> Region:
    box = raw.get("BoundingBox")
    parsed = None
    if isinstance(box, Mapping) and all(box.get(k) is not None for k in ("Width", "Height", "Left", "Top")):
        parsed = Box(float(box["Width"]), float(box["Height"]), float(box["Left"]), float(box["Top"]))
    points = tuple((float(p.get("X", 0.0)), float(p.get("Y", 0.0))) for p in raw.get("Polygon") or ())
    return Region(parsed, points)


@dataclass(frozen=True)
class TextSelection:
    """What a StartTextDetection request asks to be returned."""

    min_confidence: float
    min_height: float
    min_width: float
    regions: tuple[Region, ...]

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> TextSelection:
        filters = params.get("Filters") or {}
        word = filters.get("WordFilter") or {}

        def given(name: str, default: float) -> float:
            value = word.get(name)
            return default if value is None else float(value)

        return cls(
            min_confidence=given("MinConfidence", DEFAULT_MIN_CONFIDENCE),
            min_height=given("MinBoundingBoxHeight", 0.0),
            min_width=given("MinBoundingBoxWidth", 0.0),
            regions=tuple(_region(r) for r in filters.get("RegionsOfInterest") or ()),
        )

    def keeps(self, word: Word) -> bool:
        return (
            word.confidence >= self.min_confidence
            and word.box.height >= self.min_height
            and word.box.width >= self.min_width
            and (not self.regions or any(region.share_of(word.box) > 0.5 for region in self.regions))
        )


@dataclass(frozen=True)
class TextResults:
    lines: tuple[Line, ...]  # each holding only the words that passed the filters


def analyze(video: bytes, metadata: Mapping[str, Any], params: Mapping[str, Any]) -> TextResults:
    """The frozen results of a text detection job."""
    selection = TextSelection.from_params(params)
    kept = []
    for line in detect(video, int(metadata["DurationMillis"])):
        words = tuple(word for word in line.words if selection.keeps(word))
        if words:
            kept.append(Line(line.timestamp, line.text, line.box, line.confidence, words))
    return TextResults(tuple(kept))


def _geometry(box: Box) -> dict[str, Any]:
    return {
        "BoundingBox": {"Width": box.width, "Height": box.height, "Left": box.left, "Top": box.top},
        "Polygon": [{"X": x, "Y": y} for x, y in box.polygon()],
    }


def _items(results: TextResults) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    by_timestamp: dict[int, list[Line]] = {}
    for line in results.lines:
        by_timestamp.setdefault(line.timestamp, []).append(line)
    for timestamp, lines in sorted(by_timestamp.items()):
        words: list[dict[str, Any]] = []
        for line_id, line in enumerate(lines):
            detection = {"DetectedText": line.text, "Type": "LINE", "Id": line_id, "Confidence": line.confidence}
            items.append({"Timestamp": timestamp, "TextDetection": {**detection, "Geometry": _geometry(line.box)}})
            for word in line.words:
                words.append(
                    {
                        "Timestamp": timestamp,
                        "TextDetection": {
                            "DetectedText": word.text,
                            "Type": "WORD",
                            "Id": len(words),
                            "ParentId": line_id,
                            "Confidence": word.confidence,
                            "Geometry": _geometry(word.box),
                        },
                    }
                )
        items += words
    return items


class TextView:
    """How GetTextDetection presents a job's :class:`TextResults`."""

    items_member = "TextDetections"

    def order(self, params: Mapping[str, Any]) -> dict[str, str]:
        return {}

    def request_members(self, order: Mapping[str, str]) -> dict[str, Any]:
        return {}

    def items(self, results: TextResults, order: Mapping[str, str]) -> Sequence[dict[str, Any]]:
        return _items(results)

    def result_members(self, results: TextResults) -> dict[str, Any]:
        return {"TextModelVersion": MODEL_VERSION}


VIEW = TextView()


def start_text_detection(context: ServiceContext, params: dict[str, Any]) -> dict[str, Any]:
    return {"JobId": context.jobs.start(START, params, analyze)}


def get_text_detection(context: ServiceContext, params: dict[str, Any]) -> dict[str, Any]:
    return get_results(context, params, start_operation=START, view=VIEW)


OPERATIONS: Mapping[str, Handler] = {START: start_text_detection, GET: get_text_detection}
