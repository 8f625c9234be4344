"""Faults in video face search (StartFaceSearch / GetFaceSearch): FaceMatchThreshold and SortBy INDEX."""

from __future__ import annotations

from typing import Any

from rekognition_conformance.reference.faults.base import Fault, relist, rewrite_params

FAMILY = "face_search"
START = ("StartFaceSearch",)
GET = ("GetFaceSearch",)
WRONG_DEFAULT_THRESHOLD = 60.0


def _default_threshold(operation: str, params: dict[str, Any]) -> None:
    if params.get("FaceMatchThreshold") is None:
        params["FaceMatchThreshold"] = WRONG_DEFAULT_THRESHOLD


def _threshold_less_ten(operation: str, params: dict[str, Any]) -> None:
    if params.get("FaceMatchThreshold") is not None:
        params["FaceMatchThreshold"] = max(0.0, params["FaceMatchThreshold"] - 10.0)


def _by_timestamp(operation: str, params: dict[str, Any], items: list[Any]) -> list[Any]:
    return sorted(items, key=lambda item: item.get("Timestamp", 0))


FAULTS: tuple[Fault, ...] = (
    Fault("face-match-threshold-default-60", "FACE_SEARCH.THRESHOLD.DEFAULT", FAMILY,
          "a face search started without FaceMatchThreshold uses 60 instead of 80",
          START, handler=rewrite_params(_default_threshold)),
    Fault("face-match-threshold-off-by-ten", "FACE_SEARCH.THRESHOLD.FLOOR", FAMILY,
          "a given FaceMatchThreshold is applied 10 points lower than asked",
          START, handler=rewrite_params(_threshold_less_ten)),
    Fault("face-search-index-not-grouped", "FACE_SEARCH.SORT.INDEX", FAMILY,
          "SortBy INDEX lists the persons in Timestamp order instead of grouping them by Person.Index",
          GET, handler=relist(_by_timestamp, lambda params: params.get("SortBy") == "INDEX")),
)
