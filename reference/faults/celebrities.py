"""Faults in celebrity recognition: SortBy ID, and GetCelebrityInfo agreeing with recognition."""

from __future__ import annotations

from typing import Any

from reference.faults.base import Fault, relist, replace_error, rewrite_result
from reference.protocol import ServiceError

FAMILY = "celebrities"
GET = ("GetCelebrityRecognition",)
INFO = ("GetCelebrityInfo",)


def _by_timestamp(operation: str, params: dict[str, Any], items: list[Any]) -> list[Any]:
    return sorted(items, key=lambda item: item.get("Timestamp", 0))


def _name_upper(operation: str, params: dict[str, Any], result: dict[str, Any]) -> None:
    if isinstance(result.get("Name"), str):
        result["Name"] = result["Name"].upper()


def _empty_info(operation: str, params: dict[str, Any], error: ServiceError) -> dict[str, Any]:
    return {"Name": "", "Urls": []}


FAULTS: tuple[Fault, ...] = (
    Fault("celebrity-id-not-grouped", "CELEBRITIES.SORT.ID", FAMILY,
          "SortBy ID lists the recognitions in Timestamp order instead of grouping them by celebrity",
          GET, handler=relist(_by_timestamp, lambda params: params.get("SortBy") == "ID")),
    Fault("celebrity-info-name-upper-case", "CELEBRITIES.INFO.NAME", FAMILY,
          "GetCelebrityInfo returns the celebrity's Name in upper case, unlike recognition",
          INFO, handler=rewrite_result(_name_upper)),
    Fault("celebrity-info-unknown-id-accepted", "CELEBRITIES.INFO.UNKNOWN_ID", FAMILY,
          "GetCelebrityInfo for an Id that names no celebrity answers 200 with an empty Name",
          INFO, handler=replace_error("ResourceNotFoundException", _empty_info)),
)
