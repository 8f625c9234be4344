"""Faults in stream processors: the documented refusals by state and name, and listing them."""

from __future__ import annotations

import uuid
from typing import Any

from rekognition_conformance.reference.faults.base import (
    Fault,
    remember_then_change,
    replace_error,
    rewrite_params,
    rewrite_result,
)
from rekognition_conformance.reference.protocol import ServiceError

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


def _second_processor(operation: str, params: dict[str, Any], error: ServiceError) -> dict[str, Any]:
    return {"StreamProcessorArn": f"arn:aws:rekognition:us-east-1:123456789012:streamprocessor/{params['Name']}-2"}


def _other_role(operation: str, params: dict[str, Any], result: dict[str, Any]) -> None:
    if isinstance(result.get("RoleArn"), str):
        result["RoleArn"] += "-other"


def _threshold_reported_as_80(operation: str, params: dict[str, Any], result: dict[str, Any]) -> None:
    face_search = (result.get("Settings") or {}).get("FaceSearch")
    if isinstance(face_search, dict) and "FaceMatchThreshold" in face_search:
        face_search["FaceMatchThreshold"] = 80.0 if face_search["FaceMatchThreshold"] != 80.0 else 90.0


def _one_more(operation: str, params: dict[str, Any]) -> None:
    if isinstance(params.get("MaxResults"), int):
        params["MaxResults"] += 1


def _updated_before_created(operation: str, params: dict[str, Any], result: dict[str, Any]) -> None:
    created = result.get("CreationTimestamp")
    if isinstance(created, int | float):
        result["LastUpdateTimestamp"] = created - 60


def _updated_name(params: dict[str, Any], result: dict[str, Any]) -> Any:
    return params.get("Name") if "DataSharingPreferenceForUpdate" in params else None


def _sharing_from_before_the_update(params: dict[str, Any], result: dict[str, Any], updated: set[Any]) -> None:
    sharing = result.get("DataSharingPreference")
    if params.get("Name") in updated and result.get("Status") != "UPDATING" and isinstance(sharing, dict):
        sharing["OptIn"] = not sharing.get("OptIn", False)


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
    Fault("processor-name-in-use-accepted", "STREAM_PROCESSORS.NAME_IN_USE", FAMILY,
          "CreateStreamProcessor under a name in use answers 200 with a new processor ARN",
          ("CreateStreamProcessor",), handler=replace_error("ResourceInUseException", _second_processor)),
    Fault("processor-described-with-other-role", "STREAM_PROCESSORS.DESCRIBE", FAMILY,
          "DescribeStreamProcessor reports another RoleArn than the processor was created with",
          ("DescribeStreamProcessor",), handler=rewrite_result(_other_role)),
    Fault("processor-threshold-misreported", "STREAM_PROCESSORS.FACE_MATCH_THRESHOLD", FAMILY,
          "DescribeStreamProcessor reports a FaceMatchThreshold of 80 whatever the processor was created with "
          "(90 where it was 80)",
          ("DescribeStreamProcessor",), handler=rewrite_result(_threshold_reported_as_80)),
    Fault("processor-list-page-one-too-many", "STREAM_PROCESSORS.LIST.PAGE_SIZE", FAMILY,
          "ListStreamProcessors serves one processor more per page than MaxResults",
          ("ListStreamProcessors",), handler=rewrite_params(_one_more)),
    Fault("processor-updated-before-created", "STREAM_PROCESSORS.TIMESTAMPS", FAMILY,
          "DescribeStreamProcessor reports a LastUpdateTimestamp a minute before the CreationTimestamp",
          ("DescribeStreamProcessor",), handler=rewrite_result(_updated_before_created)),
    Fault("processor-update-not-described", "STREAM_PROCESSORS.UPDATE.APPLIED", FAMILY,
          "after an update of its DataSharingPreference, DescribeStreamProcessor still reports the one before it",
          ("UpdateStreamProcessor", "DescribeStreamProcessor"),
          handler=remember_then_change("UpdateStreamProcessor", _updated_name, _sharing_from_before_the_update)),
)
