"""Stream processors: Create, Describe, List, Start, Stop, Delete and UpdateStreamProcessor.

The ARNs a request names are checked against the model's patterns by the input validation; beyond
that no Kinesis stream, IAM role, S3 bucket or SNS topic is contacted. What the API documents about
the two kinds of processor is enforced:

* a face search processor (Settings.FaceSearch) writes to a Kinesis data stream and searches an
  existing collection; FaceMatchThreshold defaults to 80 and "values lower than 80 are set to 80";
  KmsKeyId and RegionsOfInterest, and Start/Stop selectors, are for label detection processors only;
* a label detection processor (Settings.ConnectedHome) writes to an S3 bucket, notifies an SNS topic,
  detects PERSON, PET, PACKAGE or ALL, and is started with a StartSelector and a StopSelector; it stops
  by itself after MaxDurationInSeconds (default 10);
* UpdateStreamProcessor changes a stopped processor's label settings, regions of interest and data
  sharing preference, and deletes ConnectedHomeMinConfidence or RegionsOfInterest.

The life cycle itself is :mod:`rekognition_conformance.reference.processorstore`'s.
"""

from __future__ import annotations

import copy
import uuid
from collections.abc import Callable, Mapping
from typing import Any

from rekognition_conformance.reference import collections
from rekognition_conformance.reference.collectionstore import ACCOUNT_ID
from rekognition_conformance.reference.context import Handler, ServiceContext
from rekognition_conformance.reference.listpages import list_page
from rekognition_conformance.reference.processorstore import Processor, ProcessorStore
from rekognition_conformance.reference.protocol import ServiceError

STATE_KEY = "stream_processors"
DEFAULT_FACE_MATCH_THRESHOLD = 80.0
CONNECTED_HOME_LABELS = frozenset({"PERSON", "PET", "PACKAGE", "ALL"})
DEFAULT_MAX_DURATION_SECONDS = 10
LIST_CAP = 1000
# Members of the create request that DescribeStreamProcessor reports back.
DESCRIBED = ("Input", "Output", "RoleArn", "Settings", "NotificationChannel", "KmsKeyId", "RegionsOfInterest",
             "DataSharingPreference")


def store(context: ServiceContext) -> ProcessorStore:
    return context.state(STATE_KEY, ProcessorStore)


def _invalid(message: str) -> ServiceError:
    return ServiceError("InvalidParameterException", message)


def _check_labels(labels: Any) -> None:
    unknown = sorted(set(labels or ()) - CONNECTED_HOME_LABELS)
    if unknown:
        raise _invalid(f"ConnectedHome Labels {unknown} are not among {sorted(CONNECTED_HOME_LABELS)}.")


def _kind(context: ServiceContext, params: Mapping[str, Any]) -> str:
    settings = params["Settings"]
    kinds = [k for k in ("FaceSearch", "ConnectedHome") if k in settings]
    if len(kinds) != 1:
        raise _invalid("Settings must hold exactly one of FaceSearch and ConnectedHome.")
    if not params["Input"].get("KinesisVideoStream", {}).get("Arn"):
        raise _invalid("Input.KinesisVideoStream.Arn is required.")
    output = params["Output"]
    if kinds[0] == "FaceSearch":
        if not output.get("KinesisDataStream", {}).get("Arn") or "S3Destination" in output:
            raise _invalid("A face search stream processor writes to a Kinesis data stream (Output.KinesisDataStream).")
        for member in ("KmsKeyId", "RegionsOfInterest"):
            if member in params:
                raise _invalid(f"{member} is for label detection stream processors only.")
        collection_id = settings["FaceSearch"].get("CollectionId")
        if not collection_id:
            raise _invalid("Settings.FaceSearch.CollectionId is required.")
        try:
            collections.store(context).describe(collection_id)
        except ServiceError:
            raise _invalid(f"The collection id: {collection_id} does not exist") from None
    else:
        if not output.get("S3Destination", {}).get("Bucket") or "KinesisDataStream" in output:
            raise _invalid("A label detection stream processor writes to an S3 bucket (Output.S3Destination).")
        if "NotificationChannel" not in params:
            raise _invalid("A label detection stream processor needs a NotificationChannel.")
        _check_labels(settings["ConnectedHome"].get("Labels"))
    return kinds[0]


def _described_settings(kind: str, settings: Mapping[str, Any]) -> dict[str, Any]:
    settings = copy.deepcopy(dict(settings))
    if kind == "FaceSearch":
        face_search = settings["FaceSearch"]
        threshold = face_search.get("FaceMatchThreshold")
        face_search["FaceMatchThreshold"] = max(
            DEFAULT_FACE_MATCH_THRESHOLD, DEFAULT_FACE_MATCH_THRESHOLD if threshold is None else float(threshold)
        )
    return settings


def create_stream_processor(context: ServiceContext, params: dict[str, Any]) -> dict[str, Any]:
    kind = _kind(context, params)
    name = params["Name"]
    arn = f"arn:aws:rekognition:{context.region}:{ACCOUNT_ID}:streamprocessor/{name}"
    config = {member: copy.deepcopy(params[member]) for member in DESCRIBED if member in params}
    config["Settings"] = _described_settings(kind, params["Settings"])
    store(context).create(name, arn, kind, config)
    return {"StreamProcessorArn": arn}


def _describe(processor: Processor) -> dict[str, Any]:
    response: dict[str, Any] = {
        "Name": processor.name,
        "StreamProcessorArn": processor.arn,
        "Status": processor.status,
        "CreationTimestamp": processor.created,
        "LastUpdateTimestamp": processor.last_update,
    }
    if processor.status_message is not None:
        response["StatusMessage"] = processor.status_message
    response.update(copy.deepcopy(processor.config))
    return response


def describe_stream_processor(context: ServiceContext, params: dict[str, Any]) -> dict[str, Any]:
    return _describe(store(context).get(params["Name"]))


def list_stream_processors(context: ServiceContext, params: dict[str, Any]) -> dict[str, Any]:
    processors, following = list_page(context.tokens, "ListStreamProcessors", params, store(context).page, cap=LIST_CAP)
    response: dict[str, Any] = {"StreamProcessors": [{"Name": p.name, "Status": p.status} for p in processors]}
    if following is not None:
        response["NextToken"] = following
    return response


def start_stream_processor(context: ServiceContext, params: dict[str, Any]) -> dict[str, Any]:
    processors = store(context)
    name = params["Name"]
    processor = processors.get(name)
    selectors = [s for s in ("StartSelector", "StopSelector") if s in params]
    if processor.kind == "FaceSearch":
        if selectors:
            raise _invalid(f"{', '.join(selectors)} should not be used to start a face search stream processor.")
        collection_id = processor.config["Settings"]["FaceSearch"]["CollectionId"]
        try:
            collections.store(context).describe(collection_id)
            failure = None
        except ServiceError:
            failure = f"The collection {collection_id} does not exist."
        processors.start(name, failure=failure)
    else:
        if len(selectors) != 2:
            raise _invalid("A label detection stream processor is started with a StartSelector and a StopSelector.")
        seconds = params["StopSelector"].get("MaxDurationInSeconds", DEFAULT_MAX_DURATION_SECONDS)
        processors.start(name, runs_for=float(seconds))
    return {"SessionId": str(uuid.uuid4())}


def stop_stream_processor(context: ServiceContext, params: dict[str, Any]) -> dict[str, Any]:
    store(context).stop(params["Name"])
    return {}


def delete_stream_processor(context: ServiceContext, params: dict[str, Any]) -> dict[str, Any]:
    store(context).delete(params["Name"])
    return {}


def _updater(params: Mapping[str, Any]) -> Callable[[Processor], None]:
    changes = {k: params[k] for k in ("SettingsForUpdate", "RegionsOfInterestForUpdate",
                                      "DataSharingPreferenceForUpdate", "ParametersToDelete") if k in params}
    if not changes:
        raise _invalid("UpdateStreamProcessor needs something to update.")
    deleting = set(params.get("ParametersToDelete") or ())
    connected = (params.get("SettingsForUpdate") or {}).get("ConnectedHomeForUpdate")

    def apply(processor: Processor) -> None:
        label_only = connected is not None or "RegionsOfInterestForUpdate" in params or deleting
        if label_only and processor.kind != "ConnectedHome":
            raise _invalid("Label settings and regions of interest only apply to label detection stream processors.")
        if connected is not None and "MinConfidence" in connected and "ConnectedHomeMinConfidence" in deleting:
            raise _invalid("ConnectedHomeMinConfidence cannot be both updated and deleted.")
        if "RegionsOfInterestForUpdate" in params and "RegionsOfInterest" in deleting:
            raise _invalid("RegionsOfInterest cannot be both updated and deleted.")
        if connected is not None:
            _check_labels(connected.get("Labels"))
        config = processor.config
        if connected is not None:
            config["Settings"]["ConnectedHome"].update(copy.deepcopy(connected))
        if "ConnectedHomeMinConfidence" in deleting:
            config["Settings"]["ConnectedHome"].pop("MinConfidence", None)
        if "RegionsOfInterestForUpdate" in params:
            config["RegionsOfInterest"] = copy.deepcopy(params["RegionsOfInterestForUpdate"])
        if "RegionsOfInterest" in deleting:
            config.pop("RegionsOfInterest", None)
        if "DataSharingPreferenceForUpdate" in params:
            config["DataSharingPreference"] = copy.deepcopy(params["DataSharingPreferenceForUpdate"])

    return apply


def update_stream_processor(context: ServiceContext, params: dict[str, Any]) -> dict[str, Any]:
    processors = store(context)
    processors.get(params["Name"])
    processors.update(params["Name"], _updater(params))
    return {}


OPERATIONS: Mapping[str, Handler] = {
    "CreateStreamProcessor": create_stream_processor,
    "DescribeStreamProcessor": describe_stream_processor,
    "ListStreamProcessors": list_stream_processors,
    "StartStreamProcessor": start_stream_processor,
    "StopStreamProcessor": stop_stream_processor,
    "DeleteStreamProcessor": delete_stream_processor,
    "UpdateStreamProcessor": update_stream_processor,
}
