"""Checks specific to celebrity recognition: the TIMESTAMP and ID orders, the default sort, what each recognition
carries, and GetCelebrityInfo's answers for recognised and unknown Ids.

``items`` is a whole GetCelebrityRecognition listing (a chain's Celebrities concatenated in page order);
pointers take the form ``listing[17]/Celebrity/Id``, or a JSON pointer into a GetCelebrityInfo body.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rekognition_conformance.checks import Violation, check
from rekognition_conformance.checks.errors import check_error_type, check_rejected
from rekognition_conformance.checks.faces import extra_attribute_violations
from rekognition_conformance.checks.grouping import contiguity_violations, group_order_violations, retagged
from rekognition_conformance.checks.items import dig, excerpt, listing_pointer
from rekognition_conformance.checks.sorting import NAME_ORDERINGS, check_default_sort, check_timestamp_order
from rekognition_conformance.exchange import Exchange

FACE_PATH = ("Celebrity", "Face")
UNKNOWN_ID_ERRORS = frozenset({"ResourceNotFoundException"})


def celebrity_id(item: Any) -> str | None:
    value = dig(item, "Celebrity", "Id")
    return value if isinstance(value, str) else None


@check("CELEBRITIES.SORT.TIMESTAMP")
def check_celebrity_timestamp_order(operation: str, items: Sequence[Any], request: Any) -> list[Violation]:
    """SortBy=TIMESTAMP: Timestamps never decrease across the listing; ties may come in any order."""
    return retagged(check_timestamp_order(operation, items, request), "CELEBRITIES.SORT.TIMESTAMP")


@check("CELEBRITIES.SORT.DEFAULT")
def check_celebrity_default_sort(
    operation: str, default_items: Sequence[Any], timestamp_items: Sequence[Any], request: Any
) -> list[Violation]:
    """Without SortBy the listing holds the SortBy=TIMESTAMP listing's items, in Timestamp order."""
    return retagged(
        check_default_sort(operation, default_items, timestamp_items, request), "CELEBRITIES.SORT.DEFAULT"
    )


@check("CELEBRITIES.SORT.ID")
def check_id_groups(operation: str, items: Sequence[Any], request: Any) -> list[Violation]:
    """SortBy=ID: each Celebrity.Id forms one contiguous group."""
    return contiguity_violations(operation, items, request, key=celebrity_id, rule_id="CELEBRITIES.SORT.ID")


@check("CELEBRITIES.SORT.ID_ORDER")
def check_id_order(operation: str, items: Sequence[Any], request: Any) -> list[Violation]:
    """SortBy=ID: groups ascend by Id, in code-point or case-insensitive order."""
    return group_order_violations(
        operation, items, request, key=celebrity_id, rule_id="CELEBRITIES.SORT.ID_ORDER", orderings=NAME_ORDERINGS
    )


@check("CELEBRITIES.FACE.DEFAULT_ATTRIBUTES")
def check_celebrity_faces(operation: str, items: Sequence[Any], request: Any) -> list[Violation]:
    """Each Celebrity.Face carries only default facial attributes."""
    return extra_attribute_violations(
        operation, items, request, rule_id="CELEBRITIES.FACE.DEFAULT_ATTRIBUTES", path=FACE_PATH
    )


@check("CELEBRITIES.DETAIL.PRESENT")
def check_detail_present(operation: str, items: Sequence[Any], request: Any) -> list[Violation]:
    """Every item's Celebrity carries a string Id and Name; one violation per member, at its first absence."""
    violations = []
    for member in ("Id", "Name"):
        missing = [i for i, item in enumerate(items) if not isinstance(dig(item, "Celebrity", member), str)]
        if missing:
            first = missing[0]
            violations.append(
                Violation(
                    "CELEBRITIES.DETAIL.PRESENT",
                    operation,
                    f"Expected every Celebrity to carry a {member}; {len(missing)} of {len(items)} items have "
                    f"none, the first at listing[{first}].",
                    request,
                    listing_pointer(first, "Celebrity", member),
                    excerpt(items[first]),
                )
            )
    return violations


def _info_violation(info: Exchange, rule_id: str, where: str, message: str, found: Any) -> Violation:
    return Violation(rule_id, info.operation, message, info.request, where, excerpt(found))


@check("CELEBRITIES.INFO.NAME", "CELEBRITIES.INFO.URLS", "CELEBRITIES.INFO.KNOWN_GENDER")
def check_info_matches(info: Exchange, recognized: Any, where: str) -> list[Violation]:
    """GetCelebrityInfo for a recognised Id agrees with the recognition item ``recognized`` found at ``where``.

    Name must be equal; every recognition Url must be among the Info Urls when both carry a list (extra Urls
    are fine); KnownGender must be equal when both carry one.
    A GetCelebrityInfo that fails is a CELEBRITIES.INFO.NAME violation: recognition named the Id.
    """
    celebrity = dig(recognized, "Celebrity")
    celebrity = celebrity if isinstance(celebrity, dict) else {}
    source = f"the recognition at {where}"
    if not info.ok:
        return [
            _info_violation(
                info,
                "CELEBRITIES.INFO.NAME",
                "",
                f"Expected GetCelebrityInfo to describe the celebrity Id {celebrity.get('Id')!r} that {source} "
                f"returned; it failed with HTTP {info.status} {info.error_code or ''}".rstrip() + ".",
                info.body,
            )
        ]
    body = info.body if isinstance(info.body, dict) else {}
    violations = []
    if body.get("Name") != celebrity.get("Name"):
        violations.append(
            _info_violation(
                info,
                "CELEBRITIES.INFO.NAME",
                "/Name",
                f"Expected Name {excerpt(celebrity.get('Name'), 80)} as in {source}; found "
                f"{excerpt(body.get('Name'), 80)}.",
                body.get("Name"),
            )
        )
    urls, recognized_urls = body.get("Urls"), celebrity.get("Urls")
    if isinstance(urls, list) and isinstance(recognized_urls, list):
        lost = sorted(_as_set(recognized_urls) - _as_set(urls))
        if lost:
            violations.append(
                _info_violation(
                    info,
                    "CELEBRITIES.INFO.URLS",
                    "/Urls",
                    f"Expected every Url of {source} among the Urls; {excerpt(lost, 160)} missing from "
                    f"{excerpt(sorted(_as_set(urls)), 160)}.",
                    urls,
                )
            )
    gender, recognized_gender = dig(body, "KnownGender", "Type"), dig(celebrity, "KnownGender", "Type")
    if gender is not None and recognized_gender is not None and gender != recognized_gender:
        violations.append(
            _info_violation(
                info,
                "CELEBRITIES.INFO.KNOWN_GENDER",
                "/KnownGender/Type",
                f"Expected KnownGender {recognized_gender!r} as in {source}; found {gender!r}.",
                gender,
            )
        )
    return violations


def _as_set(urls: list[Any]) -> set[str]:
    return {url if isinstance(url, str) else excerpt(url) for url in urls}


@check("CELEBRITIES.INFO.UNKNOWN_ID")
def check_unknown_id_rejected(info: Exchange) -> list[Violation]:
    """GetCelebrityInfo for an Id naming no celebrity is refused with a client error."""
    return check_rejected(info, rule_id="CELEBRITIES.INFO.UNKNOWN_ID")


@check("CELEBRITIES.INFO.UNKNOWN_ID.TYPE")
def check_unknown_id_type(info: Exchange) -> list[Violation]:
    """GetCelebrityInfo for an Id naming no celebrity is refused as ResourceNotFoundException."""
    return check_error_type(info, UNKNOWN_ID_ERRORS, rule_id="CELEBRITIES.INFO.UNKNOWN_ID.TYPE")
