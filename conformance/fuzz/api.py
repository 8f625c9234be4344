"""The schemathesis view of the committed OpenAPI document (``spec/openapi.json``).

Schemathesis serializes bodies by media type and knows nothing of ``application/x-amz-json-1.1``;
it is JSON, so the JSON serializer is aliased to it once, when the schema is first loaded.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import schemathesis

from rekognition_conformance.spec.openapi import MEDIA_TYPE, load, path_of


@cache
def schema() -> Any:
    schemathesis.serializer.alias(MEDIA_TYPE, "application/json")
    return schemathesis.openapi.from_dict(load())


def api_operation(operation: str) -> Any:
    """The schemathesis APIOperation of a Rekognition operation."""
    return schema()[path_of(operation)]["POST"]
