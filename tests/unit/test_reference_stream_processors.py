"""Stream processors on the reference backend: what CreateStreamProcessor accepts, the simulated life cycle
(on a fake clock), what is refused in which status, UpdateStreamProcessor, listings, and the wire answers."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from rekognition_conformance.reference import collections, stream_processors
from rekognition_conformance.reference.context import ServiceContext
from rekognition_conformance.reference.jobs import JobStore
from rekognition_conformance.reference.pagination import PageTokens
from rekognition_conformance.reference.processorstore import ProcessorStore
from rekognition_conformance.reference.protocol import ServiceError
from rekognition_conformance.reference.s3store import ObjectStore
from rekognition_conformance.reference.validation import validate
from tests.unit.collection_env import Env, reference_env

DELAY = 2.0
VIDEO_STREAM = "arn:aws:kinesisvideo:us-east-1:123456789012:stream/in/1"
DATA_STREAM = "arn:aws:kinesis:us-east-1:123456789012:stream/out"
ROLE = "arn:aws:iam::123456789012:role/rc"
TOPIC = "arn:aws:sns:us-east-1:123456789012:AmazonRekognitionTopic"


class Clock:
    def __init__(self) -> None:
        self.now = 1_700_000_000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def context(clock: Clock) -> Iterator[ServiceContext]:
    jobs = JobStore(ObjectStore())
    found = ServiceContext(jobs=jobs, tokens=PageTokens())
    found.state(stream_processors.STATE_KEY, lambda: ProcessorStore(delay=DELAY, clock=clock))
    collections.store(found).create("people")
    yield found
    jobs.close()


def call(context: ServiceContext, operation: str, **params: Any) -> dict[str, Any]:
    """The operation as the endpoint runs it: validated against the input schema, then handled."""
    validate(operation, params)
    return stream_processors.OPERATIONS[operation](context, params)


def refused(context: ServiceContext, operation: str, **params: Any) -> str:
    with pytest.raises(ServiceError) as caught:
        call(context, operation, **params)
    return caught.value.code


def face_search(name: str = "sp", **settings: Any) -> dict[str, Any]:
    return {
        "Name": name,
        "Input": {"KinesisVideoStream": {"Arn": VIDEO_STREAM}},
        "Output": {"KinesisDataStream": {"Arn": DATA_STREAM}},
        "RoleArn": ROLE,
        "Settings": {"FaceSearch": {"CollectionId": "people", **settings}},
    }


def label_detection(name: str = "home", **extra: Any) -> dict[str, Any]:
    return {
        "Name": name,
        "Input": {"KinesisVideoStream": {"Arn": VIDEO_STREAM}},
        "Output": {"S3Destination": {"Bucket": "results-bucket", "KeyPrefix": "sp/"}},
        "RoleArn": ROLE,
        "NotificationChannel": {"SNSTopicArn": TOPIC},
        "Settings": {"ConnectedHome": {"Labels": ["PERSON", "PET"], "MinConfidence": 70.0}},
        **extra,
    }


def status(context: ServiceContext, name: str = "sp") -> str:
    return call(context, "DescribeStreamProcessor", Name=name)["Status"]


def test_create_and_describe(context: ServiceContext):
    arn = call(context, "CreateStreamProcessor", **face_search(FaceMatchThreshold=85.0))["StreamProcessorArn"]
    described = call(context, "DescribeStreamProcessor", Name="sp")
    assert described["StreamProcessorArn"] == arn and arn.endswith(":streamprocessor/sp")
    assert described["Status"] == "STOPPED" and described["CreationTimestamp"] == described["LastUpdateTimestamp"]
    assert described["Settings"] == {"FaceSearch": {"CollectionId": "people", "FaceMatchThreshold": 85.0}}
    assert described["Input"] == face_search()["Input"] and described["RoleArn"] == ROLE
    assert refused(context, "CreateStreamProcessor", **face_search()) == "ResourceInUseException"


@pytest.mark.parametrize(("given", "described"), [(None, 80.0), (50.0, 80.0), (0.0, 80.0), (93.5, 93.5)])
def test_face_match_threshold_defaults_to_and_is_raised_to_80(context: ServiceContext, given, described):
    settings = {} if given is None else {"FaceMatchThreshold": given}
    call(context, "CreateStreamProcessor", **face_search(**settings))
    found = call(context, "DescribeStreamProcessor", Name="sp")["Settings"]["FaceSearch"]["FaceMatchThreshold"]
    assert found == described


@pytest.mark.parametrize("change", [
    lambda r: r["Settings"]["FaceSearch"].update(CollectionId="nobody"),
    lambda r: r["Settings"]["FaceSearch"].pop("CollectionId"),
    lambda r: r.update(Output={"S3Destination": {"Bucket": "results-bucket"}}),
    lambda r: r.update(KmsKeyId="alias/key"),
    lambda r: r["Settings"].update(ConnectedHome={"Labels": ["PERSON"]}),
    lambda r: r.update(Input={"KinesisVideoStream": {}}),
])
def test_create_refuses_what_a_face_search_processor_cannot_be(context: ServiceContext, change):
    request = face_search()
    change(request)
    assert refused(context, "CreateStreamProcessor", **request) == "InvalidParameterException"


def test_create_refuses_what_a_label_processor_cannot_be(context: ServiceContext):
    without_topic = {k: v for k, v in label_detection().items() if k != "NotificationChannel"}
    assert refused(context, "CreateStreamProcessor", **without_topic) == "InvalidParameterException"
    odd_label = label_detection(Settings={"ConnectedHome": {"Labels": ["CAT"]}})
    assert refused(context, "CreateStreamProcessor", **odd_label) == "InvalidParameterException"
    assert call(context, "CreateStreamProcessor", **label_detection())["StreamProcessorArn"]


def test_arns_must_match_the_model_patterns(context: ServiceContext):
    assert refused(context, "CreateStreamProcessor", **{**face_search(), "RoleArn": "role"}) == (
        "InvalidParameterException"
    )


def test_life_cycle_and_refusals_in_each_status(context: ServiceContext, clock: Clock):
    call(context, "CreateStreamProcessor", **face_search())
    created = call(context, "DescribeStreamProcessor", Name="sp")["LastUpdateTimestamp"]
    assert refused(context, "StopStreamProcessor", Name="sp") == "ResourceInUseException"
    clock.advance(1)
    assert "SessionId" in call(context, "StartStreamProcessor", Name="sp")
    assert status(context) == "STARTING"
    started = call(context, "DescribeStreamProcessor", Name="sp")["LastUpdateTimestamp"]
    assert started == created + 1
    clock.advance(DELAY)
    assert status(context) == "RUNNING"
    assert call(context, "DescribeStreamProcessor", Name="sp")["LastUpdateTimestamp"] == started + DELAY
    for operation, params in (("StartStreamProcessor", {}), ("DeleteStreamProcessor", {}),
                              ("UpdateStreamProcessor", {"DataSharingPreferenceForUpdate": {"OptIn": True}})):
        assert refused(context, operation, Name="sp", **params) == "ResourceInUseException"
    call(context, "StopStreamProcessor", Name="sp")
    assert status(context) == "STOPPING"
    assert refused(context, "DeleteStreamProcessor", Name="sp") == "ResourceInUseException"
    clock.advance(DELAY)
    assert status(context) == "STOPPED"
    call(context, "DeleteStreamProcessor", Name="sp")
    for operation in ("DescribeStreamProcessor", "StartStreamProcessor", "StopStreamProcessor",
                      "DeleteStreamProcessor"):
        assert refused(context, operation, Name="sp") == "ResourceNotFoundException"
    call(context, "CreateStreamProcessor", **face_search())


def test_a_processor_whose_collection_is_gone_fails_to_start(context: ServiceContext, clock: Clock):
    call(context, "CreateStreamProcessor", **face_search())
    collections.store(context).delete("people")
    call(context, "StartStreamProcessor", Name="sp")
    clock.advance(DELAY)
    described = call(context, "DescribeStreamProcessor", Name="sp")
    assert described["Status"] == "FAILED" and "people" in described["StatusMessage"]
    call(context, "DeleteStreamProcessor", Name="sp")


def test_selectors(context: ServiceContext, clock: Clock):
    call(context, "CreateStreamProcessor", **face_search())
    call(context, "CreateStreamProcessor", **label_detection())
    selectors = {"StartSelector": {"KVSStreamStartSelector": {"ProducerTimestamp": 1}},
                 "StopSelector": {"MaxDurationInSeconds": 30}}
    assert refused(context, "StartStreamProcessor", Name="sp", **selectors) == "InvalidParameterException"
    assert refused(context, "StartStreamProcessor", Name="home") == "InvalidParameterException"
    call(context, "StartStreamProcessor", Name="home", **selectors)
    clock.advance(DELAY)
    assert status(context, "home") == "RUNNING"
    clock.advance(30)
    assert status(context, "home") == "STOPPED", "a label processor stops after MaxDurationInSeconds"


def test_update(context: ServiceContext, clock: Clock):
    call(context, "CreateStreamProcessor", **label_detection(RegionsOfInterest=[
        {"BoundingBox": {"Width": 0.5, "Height": 0.5, "Left": 0.0, "Top": 0.0}}]))
    call(context, "UpdateStreamProcessor", Name="home",
         SettingsForUpdate={"ConnectedHomeForUpdate": {"Labels": ["PACKAGE"]}},
         DataSharingPreferenceForUpdate={"OptIn": True},
         ParametersToDelete=["ConnectedHomeMinConfidence", "RegionsOfInterest"])
    assert status(context, "home") == "UPDATING"
    clock.advance(DELAY)
    described = call(context, "DescribeStreamProcessor", Name="home")
    assert described["Status"] == "STOPPED"
    assert described["Settings"] == {"ConnectedHome": {"Labels": ["PACKAGE"]}}
    assert described["DataSharingPreference"] == {"OptIn": True} and "RegionsOfInterest" not in described
    both = {"SettingsForUpdate": {"ConnectedHomeForUpdate": {"MinConfidence": 10.0}},
            "ParametersToDelete": ["ConnectedHomeMinConfidence"]}
    assert refused(context, "UpdateStreamProcessor", Name="home", **both) == "InvalidParameterException"
    call(context, "CreateStreamProcessor", **face_search())
    assert refused(context, "UpdateStreamProcessor", Name="sp", SettingsForUpdate={
        "ConnectedHomeForUpdate": {"Labels": ["PET"]}}) == "InvalidParameterException"
    assert refused(context, "UpdateStreamProcessor", Name="sp") == "InvalidParameterException"
    assert refused(context, "UpdateStreamProcessor", Name="nobody",
                   DataSharingPreferenceForUpdate={"OptIn": True}) == "ResourceNotFoundException"


def test_list_pages_in_creation_order(context: ServiceContext):
    for i in range(4):
        call(context, "CreateStreamProcessor", **face_search(f"sp-{i}"))
    first = call(context, "ListStreamProcessors", MaxResults=3)
    assert [p["Name"] for p in first["StreamProcessors"]] == ["sp-0", "sp-1", "sp-2"]
    call(context, "DeleteStreamProcessor", Name="sp-3")
    call(context, "CreateStreamProcessor", **face_search("sp-4"))
    rest = call(context, "ListStreamProcessors", MaxResults=3, NextToken=first["NextToken"])
    assert [p["Name"] for p in rest["StreamProcessors"]] == ["sp-4"] and "NextToken" not in rest
    assert refused(context, "ListStreamProcessors", NextToken="garbage") == "InvalidPaginationTokenException"


@pytest.fixture(scope="module")
def env() -> Iterator[Env]:
    with reference_env() as found:
        found.call("CreateCollection", CollectionId="people")
        yield found


def test_every_operation_answers_its_output_schema_over_the_wire(env: Env):
    env.call("CreateStreamProcessor", **face_search("wire"))
    env.call("DescribeStreamProcessor", Name="wire")
    env.call("ListStreamProcessors")
    env.call("StartStreamProcessor", Name="wire")
    env.call("StopStreamProcessor", Name="wire")
    assert env.error("DeleteStreamProcessor", Name="wire") == "ResourceInUseException"
    assert env.error("DescribeStreamProcessor", Name="nobody") == "ResourceNotFoundException"
