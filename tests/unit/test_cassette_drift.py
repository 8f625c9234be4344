"""Drift: live answers compared with their recorded twins, run values ignored, changes named per operation."""

from __future__ import annotations

import json

from vcr.request import Request

from rekognition_conformance.cassettes.drift import compare_runs, diff


def rpc(operation: str, body: dict) -> Request:
    return Request("POST", "http://h/", json.dumps(body).encode(),
                   {"X-Amz-Target": f"RekognitionService.{operation}", "Content-Type": "application/x-amz-json-1.1"})


def answer(body: dict, status: int = 200) -> dict:
    return {"status": {"code": status, "message": ""}, "headers": {"Content-Type": ["application/x-amz-json-1.1"]},
            "body": {"string": json.dumps(body).encode()}}


def labels(confidence: float, job: str, token: str | None = None) -> dict:
    body = {"JobStatus": "SUCCEEDED", "JobId": job, "Labels": [{"Timestamp": 0, "Label": {
        "Name": "Car", "Confidence": confidence}}]}
    if token:
        body["NextToken"] = token
    return body


def recorded_run() -> list:
    return [
        (rpc("StartLabelDetection", {"ClientRequestToken": "t"}), answer({"JobId": "rec-job"})),
        (rpc("GetLabelDetection", {"JobId": "rec-job", "MaxResults": 1}), answer({"JobStatus": "IN_PROGRESS"})),
        (rpc("GetLabelDetection", {"JobId": "rec-job", "MaxResults": 1}), answer(labels(90.0, "rec-job", "p2"))),
        (rpc("GetLabelDetection", {"JobId": "rec-job", "NextToken": "p2"}), answer(labels(80.0, "rec-job"))),
    ]


def live_run(second_page_confidence: object = 80.0) -> list:
    # Another JobId, another NextToken and no IN_PROGRESS poll: none of that is drift.
    return [
        (rpc("StartLabelDetection", {"ClientRequestToken": "t"}), answer({"JobId": "live-job"})),
        (rpc("GetLabelDetection", {"JobId": "live-job", "MaxResults": 1}), answer(labels(90.0, "live-job", "zz"))),
        (rpc("GetLabelDetection", {"JobId": "live-job", "NextToken": "zz"}),
         answer(labels(second_page_confidence, "live-job"))),  # type: ignore[arg-type]
    ]


def test_the_same_behaviour_is_no_drift():
    report = compare_runs(recorded_run(), live_run(), cassette="c")
    assert report.drifted == [], report.lines()
    assert report.of("GetLabelDetection").compared == 2
    assert report.skipped_polls == 0
    assert "no drift" in "\n".join(report.lines())


def test_a_changed_member_is_named_under_its_operation():
    report = compare_runs(recorded_run(), live_run(second_page_confidence="80.0"), cassette="c")
    assert [d.operation for d in report.drifted] == ["GetLabelDetection"]
    drift = report.of("GetLabelDetection")
    assert drift.changed == 1 and drift.compared == 2
    assert "/Labels/*/Label/Confidence type" in drift.changes
    assert any("GetLabelDetection: 1 of 2 answers changed" in line for line in report.lines())
    assert report.as_json()["drifted"] == ["GetLabelDetection"]


def test_status_changes_and_unrecorded_requests_count():
    live = live_run()
    live[0] = (live[0][0], answer({"__type": "ThrottlingException"}, status=400))
    live.append((rpc("DescribeCollection", {"CollectionId": "x"}), answer({})))
    report = compare_runs(recorded_run(), live, cassette="c")
    assert report.of("StartLabelDetection").changes["HTTP status changed"] == 1
    assert report.of("DescribeCollection").unrecorded == 1


def test_run_values_are_ignored_but_their_presence_counts():
    assert list(diff({"JobId": "a", "NextToken": "b"}, {"JobId": "c", "NextToken": "d"})) == []
    assert list(diff({"JobId": "a"}, {})) == [("/JobId", 'removed (was "a")')]
    assert list(diff({"A": [1, 2]}, {"A": [1]})) == [("/A", "length 2 -> 1")]
    assert list(diff({"A": 1}, {"A": 1.0})) == []
