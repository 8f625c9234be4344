"""Faults in celebrity recognition: SortBy ID, and GetCelebrityInfo agreeing with recognition."""

from __future__ import annotations

from typing import Any

from rekognition_conformance.reference.faults.base import Fault, relist, replace_error, rewrite_params, rewrite_result
from rekognition_conformance.reference.protocol import ServiceError

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


def _default_sort_by_id(operation: str, params: dict[str, Any]) -> None:
    params.setdefault("SortBy", "ID")


def _last_url_dropped(operation: str, params: dict[str, Any], result: dict[str, Any]) -> None:
    urls = result.get("Urls")
    if isinstance(urls, list) and urls:
        result["Urls"] = urls[:-1]


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
    Fault("celebrity-default-sort-by-id", "CELEBRITIES.SORT.DEFAULT", FAMILY,
          "without SortBy, recognitions are sorted by ID instead of the documented default TIMESTAMP",
          GET, handler=rewrite_params(_default_sort_by_id)),
    Fault("celebrity-info-url-dropped", "CELEBRITIES.INFO.URLS", FAMILY,
          "GetCelebrityInfo leaves out the last of the Urls that recognition returned",
          INFO, handler=rewrite_result(_last_url_dropped)),
)
