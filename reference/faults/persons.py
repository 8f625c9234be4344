"""Faults in person tracking (GetPersonTracking): SortBy INDEX and the faces of tracked persons."""

from __future__ import annotations

from typing import Any

from rekognition_conformance.reference.faults.base import Fault, relist, result_items, rewrite_params, rewrite_result

FAMILY = "persons"
GET = ("GetPersonTracking",)


def _by_timestamp(operation: str, params: dict[str, Any], items: list[Any]) -> list[Any]:
    return sorted(items, key=lambda item: item.get("Timestamp", 0))


def _smiling_faces(operation: str, params: dict[str, Any], result: dict[str, Any]) -> None:
    for item in result_items(operation, result):
        face = (item.get("Person") or {}).get("Face")
        if isinstance(face, dict):
            face["Smile"] = {"Value": True, "Confidence": 90.0}


def _default_sort_by_index(operation: str, params: dict[str, Any]) -> None:
    params.setdefault("SortBy", "INDEX")


FAULTS: tuple[Fault, ...] = (
    Fault("person-index-not-grouped", "PERSONS.SORT.INDEX", FAMILY,
          "SortBy INDEX lists the detections in Timestamp order instead of grouping them by person",
          GET, handler=relist(_by_timestamp, lambda params: params.get("SortBy") == "INDEX")),
    Fault("person-face-with-smile", "PERSONS.FACE.DEFAULT_ATTRIBUTES", FAMILY,
          "a tracked person's Face carries Smile, an attribute beyond the default ones",
          GET, handler=rewrite_result(_smiling_faces)),
    Fault("person-default-sort-by-index", "PERSONS.SORT.DEFAULT", FAMILY,
          "without SortBy, detections are sorted by INDEX instead of the documented default TIMESTAMP",
          GET, handler=rewrite_params(_default_sort_by_index)),
)
