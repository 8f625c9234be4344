"""Tests of the stream processor checks: each STREAM_PROCESSORS rule passes a faithful answer and fires on a
bad one."""

from __future__ import annotations

import pytest

from rekognition_conformance.checks import stream_processors as sp
from tests.unit.collection_factory import PROCESSOR, PROCESSOR_ARN, answer, create_request, describe_processor, error

DESCRIBE = "DescribeStreamProcessor"


def ids(violations):
    return [v.rule_id for v in violations]


def describe(**changes):
    return answer(DESCRIBE, describe_processor(**changes), request={"Name": PROCESSOR})


def create(request=None, arn=PROCESSOR_ARN):
    return answer("CreateStreamProcessor", {"StreamProcessorArn": arn}, request=request or create_request())


@pytest.mark.parametrize("rule_id", [
    "STREAM_PROCESSORS.UNKNOWN",
    "STREAM_PROCESSORS.LIFECYCLE.DELETED",
    "STREAM_PROCESSORS.STATE.START_RUNNING",
    "STREAM_PROCESSORS.STATE.STOP_STOPPED",
    "STREAM_PROCESSORS.STATE.DELETE_RUNNING",
    "STREAM_PROCESSORS.STATE.UPDATE_RUNNING",
])
def test_refusals(rule_id):
    expected = {"ResourceInUseException"}
    assert sp.check_refused(error("StopStreamProcessor", "ResourceInUseException"), expected, rule_id=rule_id) == []
    assert ids(sp.check_refused(answer("StopStreamProcessor", {}), expected, rule_id=rule_id)) == [rule_id]
    wrong = sp.check_refused(error("StopStreamProcessor", "ResourceNotFoundException"), expected, rule_id=rule_id)
    assert ids(wrong) == [rule_id]


def test_name_in_use():
    first = create()
    refused = error("CreateStreamProcessor", "ResourceInUseException", request=create_request())
    assert sp.check_name_in_use(first, refused, [PROCESSOR, "other"]) == []
    assert sp.check_name_in_use(first, create(), [PROCESSOR]) == [], "an idempotent answer is fine"
    other_arn = sp.check_name_in_use(first, create(arn=PROCESSOR_ARN + "-2"), [PROCESSOR])
    assert ids(other_arn) == ["STREAM_PROCESSORS.NAME_IN_USE"]
    wrong_error = error("CreateStreamProcessor", "InvalidParameterException", request=create_request())
    assert ids(sp.check_name_in_use(first, wrong_error, [PROCESSOR])) == ["STREAM_PROCESSORS.NAME_IN_USE"]
    twice = sp.check_name_in_use(first, refused, [PROCESSOR, PROCESSOR])
    assert ids(twice) == ["STREAM_PROCESSORS.NAME_IN_USE"] and "lists 2" in twice[0].message


def test_describe():
    request = create_request(FaceMatchThreshold=85.0)
    assert sp.check_describe(describe(), create(request), request) == []
    wrong_arn = sp.check_describe(describe(StreamProcessorArn=PROCESSOR_ARN + "x"), create(request), request)
    assert ids(wrong_arn) == ["STREAM_PROCESSORS.DESCRIBE"] and wrong_arn[0].pointer == "/StreamProcessorArn"
    other_role = sp.check_describe(describe(RoleArn="arn:aws:iam::123456789012:role/other"), create(request), request)
    assert ids(other_role) == ["STREAM_PROCESSORS.DESCRIBE"] and other_role[0].pointer == "/RoleArn"
    settings = {"FaceSearch": {"CollectionId": "elsewhere", "FaceMatchThreshold": 85.0}}
    other_collection = sp.check_describe(describe(Settings=settings), create(request), request)
    assert other_collection[0].pointer == "/Settings/FaceSearch/CollectionId"


@pytest.mark.parametrize(("given", "reported", "ok"), [
    (85.0, 85.0, True), (85.0, 80.0, False), (None, 80.0, True), (None, 70.0, False),
    (50.0, 50.0, True), (50.0, 80.0, True), (50.0, 60.0, False),
])
def test_face_match_threshold(given, reported, ok):
    settings = {} if given is None else {"FaceMatchThreshold": given}
    described = describe(Settings={"FaceSearch": {"CollectionId": "c", "FaceMatchThreshold": reported}})
    found = sp.check_face_match_threshold(create(create_request(**settings)), described)
    assert ids(found) == ([] if ok else ["STREAM_PROCESSORS.FACE_MATCH_THRESHOLD"])


def test_a_threshold_within_range_must_be_accepted():
    refused = error("CreateStreamProcessor", "InvalidParameterException",
                    request=create_request(FaceMatchThreshold=50.0))
    assert ids(sp.check_face_match_threshold(refused, None)) == ["STREAM_PROCESSORS.FACE_MATCH_THRESHOLD"]


def test_threshold_raised():
    low = create(create_request(FaceMatchThreshold=50.0))
    raised = describe(Settings={"FaceSearch": {"CollectionId": "c", "FaceMatchThreshold": 80.0}})
    kept = describe(Settings={"FaceSearch": {"CollectionId": "c", "FaceMatchThreshold": 50.0}})
    assert sp.check_threshold_raised(low, raised) == []
    assert ids(sp.check_threshold_raised(low, kept)) == ["STREAM_PROCESSORS.FACE_MATCH_THRESHOLD.RAISED"]


def _page(names, token=None, max_results=1):
    body = {"StreamProcessors": [{"Name": n, "Status": "STOPPED"} for n in names]}
    if token:
        body["NextToken"] = token
    return answer("ListStreamProcessors", body, request={"MaxResults": max_results})


def test_list_page_size():
    assert sp.check_list_page_size([_page(["a"], "t"), _page(["b"])], 1) == []
    assert ids(sp.check_list_page_size([_page(["a", "b"])], 1)) == ["STREAM_PROCESSORS.LIST.PAGE_SIZE"]
    assert sp.check_list_page_size([_page(["a"] * 1000)], None) == []
    assert ids(sp.check_list_page_size([_page(["a"] * 1001)], None)) == ["STREAM_PROCESSORS.LIST.PAGE_SIZE"]


def test_processors_listed():
    pages = [_page(["a"], "t"), _page(["b"])]
    assert sp.check_processors_listed(pages, present=["a", "b"], absent=["gone"]) == []
    assert ids(sp.check_processors_listed(pages, present=["a", "c"])) == ["STREAM_PROCESSORS.LIST.COMPLETE"]
    assert ids(sp.check_processors_listed(pages, present=["a"], absent=["b"])) == ["STREAM_PROCESSORS.LIST.COMPLETE"]


def test_timestamps():
    steady = [describe(LastUpdateTimestamp=t) for t in (1700000000.0, 1700000005.0, 1700000005.0)]
    assert sp.check_timestamps(steady) == []
    backwards = [describe(LastUpdateTimestamp=1700000005.0), describe(LastUpdateTimestamp=1700000001.0)]
    found = sp.check_timestamps(backwards)
    assert ids(found) == ["STREAM_PROCESSORS.TIMESTAMPS"] and found[0].pointer == "describe[1] /LastUpdateTimestamp"
    early = sp.check_timestamps([describe(LastUpdateTimestamp=1690000000.0)])
    assert "before CreationTimestamp" in early[0].message
    later = describe(CreationTimestamp=1700000009.0, LastUpdateTimestamp=1700000009.0)
    moved = sp.check_timestamps([describe(), later])
    assert "CreationTimestamp changed" in moved[0].message


def test_timestamp_advanced():
    before, after = describe(), describe(LastUpdateTimestamp=1700000003.5)
    assert sp.check_timestamp_advanced(before, after, "StartStreamProcessor") == []
    assert ids(sp.check_timestamp_advanced(before, before, "StartStreamProcessor")) == [
        "STREAM_PROCESSORS.TIMESTAMPS.ADVANCE"
    ]


@pytest.mark.parametrize(("statuses", "ok"), [
    (["STARTING", "STARTING", "RUNNING"], True),
    (["RUNNING"], True),
    (["STARTING", "FAILED"], True),
    (["STOPPED"], False),
    (["STARTING", "RUNNING", "STARTING"], False),
    (["STARTING", "STARTING"], False),
])
def test_status_path(statuses, ok):
    found = sp.check_status_path("StartStreamProcessor", statuses, transient=("STARTING",), final=("RUNNING", "FAILED"),
                                 request={"Name": PROCESSOR}, rule_id="STREAM_PROCESSORS.LIFECYCLE.START")
    assert ids(found) == ([] if ok else ["STREAM_PROCESSORS.LIFECYCLE.START"])


@pytest.mark.parametrize("rule_id", [
    "STREAM_PROCESSORS.LIFECYCLE.CREATED",
    "STREAM_PROCESSORS.LIFECYCLE.STOP",
    "STREAM_PROCESSORS.LIFECYCLE.UPDATE",
])
def test_status_path_reports_under_the_rule_asked_for(rule_id):
    found = sp.check_status_path(DESCRIBE, ["RUNNING"], transient=(), final=("STOPPED",), request={}, rule_id=rule_id)
    assert ids(found) == [rule_id]


def test_a_failed_processor_explains_itself():
    silent = describe(status="FAILED")
    found = sp.check_status_path("StartStreamProcessor", ["FAILED"], transient=("STARTING",),
                                 final=("RUNNING", "FAILED"), request={}, rule_id="STREAM_PROCESSORS.LIFECYCLE.START",
                                 last=silent)
    assert ids(found) == ["STREAM_PROCESSORS.LIFECYCLE.START"]
    explained = describe(status="FAILED", StatusMessage="The collection does not exist.")
    assert sp.check_status_path("StartStreamProcessor", ["FAILED"], transient=(), final=("FAILED",), request={},
                                rule_id="STREAM_PROCESSORS.LIFECYCLE.START", last=explained) == []


def test_update_applied():
    update = {"Name": PROCESSOR, "DataSharingPreferenceForUpdate": {"OptIn": True}}
    assert sp.check_update_applied(describe(DataSharingPreference={"OptIn": True}), update) == []
    assert ids(sp.check_update_applied(describe(), update)) == ["STREAM_PROCESSORS.UPDATE.APPLIED"]
    assert sp.check_update_applied(describe(status="UPDATING"), update) == [], "not judged before it takes effect"
    labels = {"Name": PROCESSOR, "SettingsForUpdate": {"ConnectedHomeForUpdate": {"Labels": ["PET"]}},
              "ParametersToDelete": ["ConnectedHomeMinConfidence"]}
    stale = describe(Settings={"ConnectedHome": {"Labels": ["PET"], "MinConfidence": 60.0}})
    found = sp.check_update_applied(stale, labels)
    assert ids(found) == ["STREAM_PROCESSORS.UPDATE.APPLIED"]
    assert found[0].pointer == "/Settings/ConnectedHome/MinConfidence"
