"""Checks on the HTTP framing of a response, independent of what the body says."""

from __future__ import annotations

from conformance.checks import Violation, check
from conformance.exchange import Exchange

JSON_1_1 = "application/x-amz-json-1.1"


@check("PROTOCOL.CONTENT_TYPE")
def check_content_type(ex: Exchange) -> list[Violation]:
    """Every response, success or error, is labelled with the awsJson1_1 media type."""
    # Parameters such as "; charset=utf-8" and letter case do not change the media type.
    media_type = ex.content_type.split(";", 1)[0].strip().lower()
    if media_type == JSON_1_1:
        return []
    found = repr(ex.content_type) if ex.content_type else "no Content-Type header"
    return [
        Violation(
            "PROTOCOL.CONTENT_TYPE",
            ex.operation,
            f"Expected Content-Type {JSON_1_1} on the HTTP {ex.status} response; found {found}.",
            ex.request,
            "",
            ex.content_type or None,
        )
    ]
