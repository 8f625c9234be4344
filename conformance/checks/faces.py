"""Checks on faces: GetFaceDetection's timestamp order and FaceAttributes choice, and what any FaceDetail carries.

``items`` is a whole listing (a chain's items concatenated in page order); ``path`` leads from an item to
its FaceDetail: ``("Face",)`` for GetFaceDetection, ``("Person", "Face")`` for GetPersonTracking,
``("Celebrity", "Face")`` for GetCelebrityRecognition. Pointers take the form ``listing[17]/Face/Smile``.
Items without a FaceDetail at ``path`` are skipped (a person seen from behind has no face), and a member
whose value is JSON null counts as absent: the schema reports the null itself.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from typing import Any

from rekognition_conformance.checks import Violation, check
from rekognition_conformance.checks.grouping import retagged
from rekognition_conformance.checks.items import (
    REPORT_LIMIT,
    as_number,
    dig,
    excerpt,
    listing_diff_violations,
    listing_pointer,
)
from rekognition_conformance.checks.sorting import check_timestamp_order
from rekognition_conformance.spec.face_attributes import ALL_ATTRIBUTES, DEFAULT_ATTRIBUTES, NULL_ATTRIBUTES

FACE_PATH: tuple[str, ...] = ("Face",)
QUALITY_RANGE = (0.0, 100.0)


def faces(items: Sequence[Any], path: Sequence[str] = FACE_PATH) -> Iterator[tuple[int, dict[str, Any]]]:
    """Each item's FaceDetail with the item's index, for the items that have one."""
    for index, item in enumerate(items):
        detail = dig(item, *path)
        if isinstance(detail, dict):
            yield index, detail


def attributes(detail: dict[str, Any]) -> set[str]:
    """The members a FaceDetail carries a value for."""
    return {name for name, value in detail.items() if value is not None}


def _capped(violations: list[Violation], what: str) -> list[Violation]:
    """The first REPORT_LIMIT violations and one that counts the rest, so a long listing cannot flood a report."""
    if len(violations) <= REPORT_LIMIT:
        return violations
    rest = violations[REPORT_LIMIT:]
    first = rest[0]
    summary = Violation(
        first.rule_id,
        first.operation,
        f"{len(rest)} further {what} are not listed separately; the next is at {first.pointer}.",
        first.request,
        first.pointer,
        first.offending,
    )
    return [*violations[:REPORT_LIMIT], summary]


def attribute_violations(
    operation: str,
    items: Sequence[Any],
    request: Any,
    *,
    rule_id: str,
    path: Sequence[str] = FACE_PATH,
    required: Collection[str] = (),
    allowed: Collection[str] | None = None,
    why: str,
) -> list[Violation]:
    """One violation per face that lacks a ``required`` attribute or carries one outside ``allowed``.

    ``allowed=None`` admits any member. ``why`` completes the message ("FaceAttributes was DEFAULT").
    """
    violations = []
    for index, detail in faces(items, path):
        present = attributes(detail)
        missing = sorted(set(required) - present)
        extra = sorted(present - set(allowed)) if allowed is not None else []
        if missing:
            violations.append(
                Violation(
                    rule_id,
                    operation,
                    f"Expected the face at listing[{index}] to carry {', '.join(missing)} ({why}); "
                    f"it carries only {', '.join(sorted(present)) or 'nothing'}.",
                    request,
                    listing_pointer(index, *path),
                    excerpt(sorted(present)),
                )
            )
        if extra:
            violations.append(
                Violation(
                    rule_id,
                    operation,
                    f"Expected the face at listing[{index}] to carry no attribute beyond "
                    f"{', '.join(sorted(allowed or ()))} ({why}); it carries {', '.join(extra)}.",
                    request,
                    listing_pointer(index, *path, extra[0]),
                    excerpt(detail[extra[0]]),
                )
            )
    return _capped(violations, "faces with the wrong attributes")


def extra_attribute_violations(
    operation: str, items: Sequence[Any], request: Any, *, rule_id: str, path: Sequence[str]
) -> list[Violation]:
    """Faces carrying an attribute beyond the five default ones, for operations that return only those."""
    return attribute_violations(
        operation,
        items,
        request,
        rule_id=rule_id,
        path=path,
        allowed=DEFAULT_ATTRIBUTES,
        why=f"{operation} returns only the default facial attributes",
    )


@check("FACES.SORT.TIMESTAMP")
def check_face_timestamp_order(operation: str, items: Sequence[Any], request: Any) -> list[Violation]:
    """Faces never go back in time across the listing; faces sharing a Timestamp may come in any order."""
    return retagged(check_timestamp_order(operation, items, request), "FACES.SORT.TIMESTAMP")


@check("FACES.ATTRIBUTES.DEFAULT")
def check_default_attributes(operation: str, items: Sequence[Any], request: Any) -> list[Violation]:
    """FaceAttributes DEFAULT: each face carries exactly BoundingBox, Confidence, Landmarks, Pose and Quality."""
    return attribute_violations(
        operation,
        items,
        request,
        rule_id="FACES.ATTRIBUTES.DEFAULT",
        required=DEFAULT_ATTRIBUTES,
        allowed=DEFAULT_ATTRIBUTES,
        why="the job was started with FaceAttributes DEFAULT",
    )


@check("FACES.ATTRIBUTES.ALL")
def check_all_attributes(operation: str, items: Sequence[Any], request: Any) -> list[Violation]:
    """FaceAttributes ALL: each face carries every attribute of :data:`ALL_ATTRIBUTES`."""
    return attribute_violations(
        operation,
        items,
        request,
        rule_id="FACES.ATTRIBUTES.ALL",
        required=ALL_ATTRIBUTES,
        why="the job was started with FaceAttributes ALL",
    )


@check("FACES.ATTRIBUTES.OMITTED")
def check_omitted_attributes(
    operation: str, omitted_items: Sequence[Any], default_items: Sequence[Any], request: Any
) -> list[Violation]:
    """A job started without FaceAttributes returns what the FaceAttributes DEFAULT job of the same video does.

    Each of its faces carries the default attributes only, and the two listings hold the same items as
    multisets. Pointers name the listing without FaceAttributes ``omitted[i]`` and the other ``default[i]``.
    """
    violations = attribute_violations(
        operation,
        omitted_items,
        request,
        rule_id="FACES.ATTRIBUTES.OMITTED",
        required=DEFAULT_ATTRIBUTES,
        allowed=DEFAULT_ATTRIBUTES,
        why="the job was started without FaceAttributes, which should mean DEFAULT",
    )
    violations += listing_diff_violations(
        omitted_items,
        default_items,
        rule_id="FACES.ATTRIBUTES.OMITTED",
        operation=operation,
        request=request,
        actual_label="the listing of the job started without FaceAttributes",
        reference_label="the listing of the job started with FaceAttributes DEFAULT",
        actual_where=lambda i: listing_pointer(i, name="omitted"),
        reference_where=lambda i: listing_pointer(i, name="default"),
    )
    return violations


@check("FACES.ATTRIBUTES.NULL")
def check_null_attributes(operation: str, items: Sequence[Any], request: Any) -> list[Violation]:
    """No face carries a value for FaceOccluded or EyeDirection."""
    violations = [
        Violation(
            "FACES.ATTRIBUTES.NULL",
            operation,
            f"Expected no value for {name} in the face at listing[{index}], which {operation} documents as "
            f"always null; found {excerpt(detail[name], 80)}.",
            request,
            listing_pointer(index, "Face", name),
            excerpt(detail[name]),
        )
        for index, detail in faces(items)
        for name in NULL_ATTRIBUTES
        if detail.get(name) is not None
    ]
    return _capped(violations, "FaceOccluded or EyeDirection values")


@check("FACES.QUALITY.RANGE")
def check_quality_range(
    operation: str, items: Sequence[Any], request: Any, *, path: Sequence[str] = FACE_PATH
) -> list[Violation]:
    """Every face's Quality Brightness and Sharpness lie in [0, 100]; non-numbers are the schema's concern."""
    low, high = QUALITY_RANGE
    violations = []
    for index, detail in faces(items, path):
        for name in ("Brightness", "Sharpness"):
            value = as_number(dig(detail, "Quality", name))
            if value is not None and not low <= value <= high:
                violations.append(
                    Violation(
                        "FACES.QUALITY.RANGE",
                        operation,
                        f"Expected Quality {name} between {low:g} and {high:g} inclusive in the face at "
                        f"listing[{index}]; found {value:g}.",
                        request,
                        listing_pointer(index, *path, "Quality", name),
                        excerpt(value),
                    )
                )
    return _capped(violations, "Quality values out of range")
