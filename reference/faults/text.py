"""Faults in text detection: the WordFilter, regions of interest and the LINE/WORD ids."""

from __future__ import annotations

from typing import Any

from rekognition_conformance.reference.faults.base import Fault, result_items, rewrite_params, rewrite_result

FAMILY = "text"
START = ("StartTextDetection",)
GET = ("GetTextDetection",)


def _no_word_confidence(operation: str, params: dict[str, Any]) -> None:
    word = (params.get("Filters") or {}).get("WordFilter")
    if isinstance(word, dict):
        word.pop("MinConfidence", None)


def _no_regions(operation: str, params: dict[str, Any]) -> None:
    filters = params.get("Filters")
    if isinstance(filters, dict):
        filters.pop("RegionsOfInterest", None)


def _lines_with_parents(operation: str, params: dict[str, Any], result: dict[str, Any]) -> None:
    # A LINE names itself as its parent, as a WORD names its LINE.
    for item in result_items(operation, result):
        detection = item.get("TextDetection") or {}
        if detection.get("Type") == "LINE" and "Id" in detection:
            detection["ParentId"] = detection["Id"]


def _no_word_size(operation: str, params: dict[str, Any]) -> None:
    word = (params.get("Filters") or {}).get("WordFilter")
    if isinstance(word, dict):
        word.pop("MinBoundingBoxHeight", None)
        word.pop("MinBoundingBoxWidth", None)


def _word_default_lowered(operation: str, params: dict[str, Any]) -> None:
    word = (params.get("Filters") or {}).get("WordFilter")
    if isinstance(word, dict):
        word.setdefault("MinConfidence", 50.0)


FAULTS: tuple[Fault, ...] = (
    Fault("text-word-confidence-ignored", "TEXT.FILTER.WORD", FAMILY,
          "WordFilter MinConfidence is ignored (the default 80 applies)",
          START, handler=rewrite_params(_no_word_confidence)),
    Fault("text-regions-ignored", "TEXT.FILTER.REGION", FAMILY,
          "RegionsOfInterest is ignored: words anywhere in the frame are returned",
          START, handler=rewrite_params(_no_regions)),
    Fault("text-line-with-parent-id", "TEXT.IDS.LINE", FAMILY,
          "a LINE detection carries a ParentId (its own Id)",
          GET, handler=rewrite_result(_lines_with_parents)),
    Fault("text-word-size-ignored", "TEXT.FILTER.WORD_SIZE", FAMILY,
          "WordFilter MinBoundingBoxHeight and MinBoundingBoxWidth are ignored",
          START, handler=rewrite_params(_no_word_size)),
    Fault("text-word-default-confidence-50", "TEXT.MIN_CONFIDENCE.DEFAULT", FAMILY,
          "a WordFilter without MinConfidence lets words down to 50 through, not the documented 80",
          START, handler=rewrite_params(_word_default_lowered)),
)
