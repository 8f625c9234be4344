"""Faults in stream processors: the documented refusals by state and name, and listing them."""

from __future__ import annotations

import uuid
from typing import Any

from reference.faults.base import Fault, replace_error, rewrite_result
from reference.protocol import ServiceError

FAMILY = "stream_processors"


def _new_session(operation: str, params: dict[str, Any], error: ServiceError) -> dict[str, Any]:
    return {"SessionId": str(uuid.uuid4())}


def _nothing(operation: str, params: dict[str, Any], error: ServiceError) -> dict[str, Any]:
    return {}


def _drop_last_processor(operation: str, params: dict[str, Any], result: dict[str, Any]) -> None:
    # Each page that has a following one loses its last processor: the next page starts after it.
    listed = result.get("StreamProcessors")
    if result.get("NextToken") and isinstance(listed, list) and listed:
        result["StreamProcessors"] = listed[:-1]


FAULTS: tuple[Fault, ...] = (
    Fault("processor-start-while-running-accepted", "STREAM_PROCESSORS.STATE.START_RUNNING", FAMILY,
          "StartStreamProcessor on a processor that is already running answers 200 with a new SessionId",
          ("StartStreamProcessor",), handler=replace_error("ResourceInUseException", _new_session)),
    Fault("processor-delete-unknown-accepted", "STREAM_PROCESSORS.UNKNOWN", FAMILY,
          "DeleteStreamProcessor for a name no processor has answers 200",
          ("DeleteStreamProcessor",), handler=replace_error("ResourceNotFoundException", _nothing)),
    Fault("processor-list-page-drops-last", "STREAM_PROCESSORS.LIST.COMPLETE", FAMILY,
          "each page of ListStreamProcessors but the last drops its last processor",
          ("ListStreamProcessors",), handler=rewrite_result(_drop_last_processor)),
)
