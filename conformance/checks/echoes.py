"""Checks that a Get response echoes what the job was started with and what the Get asked for.

Each echo rule judges a member only when it is present (a wrong echo is a MUST); whether the members
are there at all is ECHO.PRESENT, a SHOULD.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from rekognition_conformance.checks import Violation, check
from rekognition_conformance.checks.items import excerpt, pointer, success_body
from rekognition_conformance.exchange import Exchange


def _wrong(ex: Exchange, rule_id: str, where: str, expected: Any, found: Any, source: str) -> Violation:
    return Violation(
        rule_id,
        ex.operation,
        f"Expected {where} to echo {excerpt(expected, 120)} from {source}; found {excerpt(found, 120)}.",
        ex.request,
        where,
        excerpt(found),
    )


@check("ECHO.JOB_ID")
def check_job_id_echo(get: Exchange) -> list[Violation]:
    """The JobId in the response is the one the Get request asked for."""
    body = success_body(get)
    expected = get.request.get("JobId")
    if "JobId" not in body or expected is None or body["JobId"] == expected:
        return []
    return [_wrong(get, "ECHO.JOB_ID", "/JobId", expected, body["JobId"], "the Get request")]


@check("ECHO.JOB_TAG")
def check_job_tag_echo(get: Exchange, start_request: Mapping[str, Any]) -> list[Violation]:
    """The JobTag in the response is the Start request's; a job started without one has none."""
    body = success_body(get)
    expected = start_request.get("JobTag")
    if "JobTag" not in body or body["JobTag"] == expected:
        return []
    return [_wrong(get, "ECHO.JOB_TAG", "/JobTag", expected, body["JobTag"], "the Start request")]


@check("ECHO.VIDEO")
def check_video_echo(get: Exchange, start_request: Mapping[str, Any]) -> list[Violation]:
    """Video.S3Object names the object the job was started on.

    Bucket and Name must match; Version is compared only when both sides carry it, since a backend
    may resolve and report the version the Start request left open.
    """
    found = success_body(get).get("Video")
    expected = start_request.get("Video")
    if not isinstance(found, dict) or not isinstance(expected, dict):
        return []
    found_object, expected_object = found.get("S3Object"), expected.get("S3Object")
    if not isinstance(expected_object, dict):
        return []
    if not isinstance(found_object, dict):
        return [_wrong(get, "ECHO.VIDEO", "/Video/S3Object", expected_object, found_object, "the Start request")]
    for name in ("Bucket", "Name", "Version"):
        if name in found_object and name in expected_object and found_object[name] != expected_object[name]:
            where = pointer("Video", "S3Object", name)
            return [_wrong(get, "ECHO.VIDEO", where, expected_object[name], found_object[name], "the Start request")]
    return []


@check("ECHO.REQUEST_METADATA")
def check_request_metadata_echo(get: Exchange, defaults: Mapping[str, str]) -> list[Violation]:
    """GetRequestMetadata reports the SortBy/AggregateBy in effect: the requested values or the defaults.

    ``defaults`` names the members to judge and their documented defaults, e.g.
    ``{"SortBy": "TIMESTAMP", "AggregateBy": "TIMESTAMPS"}``.
    """
    metadata = success_body(get).get("GetRequestMetadata")
    if not isinstance(metadata, dict):
        return []
    violations = []
    for name, default in defaults.items():
        requested = get.request.get(name)
        expected = default if requested is None else requested
        if name in metadata and metadata[name] != expected:
            source = "the Get request" if requested is not None else "the documented default"
            where = pointer("GetRequestMetadata", name)
            violations.append(_wrong(get, "ECHO.REQUEST_METADATA", where, expected, metadata[name], source))
    return violations


@check("ECHO.PRESENT")
def check_echo_present(get: Exchange, start_request: Mapping[str, Any], members: Collection[str]) -> list[Violation]:
    """The echo members are present in a successful Get response.

    ``members`` lists those the operation's output declares, e.g. ``("JobId", "Video", "JobTag",
    "GetRequestMetadata")``; JobTag is only expected when the Start request had one.
    """
    if not get.ok:
        return []
    body = success_body(get)
    return [
        Violation(
            "ECHO.PRESENT",
            get.operation,
            f"Expected the response to echo {name}; it is absent.",
            get.request,
            pointer(name),
            None,
        )
        for name in members
        if name not in body and (name != "JobTag" or start_request.get("JobTag") is not None)
    ]
