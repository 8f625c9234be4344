"""Request identity for cassettes: operations are told apart, signatures and hosts never count."""

from __future__ import annotations

import json

from vcr.request import Request

from rekognition_conformance.cassettes import matching

JSON_TYPE = "application/x-amz-json-1.1"


def rpc(operation: str, body: dict, *, host: str = "http://127.0.0.1:4566", **headers: str) -> Request:
    return Request(
        "POST",
        f"{host}/",
        json.dumps(body).encode(),
        {"X-Amz-Target": f"RekognitionService.{operation}", "Content-Type": JSON_TYPE, **headers},
    )


def test_get_and_start_of_the_same_family_are_different_requests():
    start = rpc("StartFaceSearch", {"JobId": "j"})
    get = rpc("GetFaceSearch", {"JobId": "j"})
    assert matching.request_key(start) != matching.request_key(get)
    # vcrpy's default matchers (method, scheme, host, port, path, query) cannot tell them apart.
    assert (start.method, start.uri) == (get.method, get.uri)


def test_signing_headers_and_host_do_not_take_part():
    a = rpc("GetLabelDetection", {"JobId": "j", "MaxResults": 1}, Authorization="AWS4-HMAC-SHA256 Credential=A/x",
            **{"X-Amz-Date": "20260101T000000Z", "amz-sdk-invocation-id": "1", "amz-sdk-request": "attempt=1"})
    b = rpc("GetLabelDetection", {"MaxResults": 1, "JobId": "j"}, host="http://replay.invalid",
            Authorization="AWS4-HMAC-SHA256 Credential=B/y", **{"X-Amz-Date": "20270101T000000Z",
                                                                  "X-Amz-Security-Token": "t"})
    assert matching.request_key(a) == matching.request_key(b)


def test_bodies_that_differ_are_different_requests():
    a = rpc("GetLabelDetection", {"JobId": "j", "MaxResults": 1})
    b = rpc("GetLabelDetection", {"JobId": "j", "MaxResults": 2})
    assert matching.request_key(a) != matching.request_key(b)
    for name, matcher in matching.MATCHERS.items():
        if name != "amz_json_body":
            matcher(a, b)


def test_volatile_members_are_normalised(monkeypatch):
    a = rpc("StartLabelDetection", {"ClientRequestToken": "one", "Video": {"S3Object": {"Name": "v"}}})
    b = rpc("StartLabelDetection", {"ClientRequestToken": "two", "Video": {"S3Object": {"Name": "v"}}})
    assert matching.canonical_body(a) != matching.canonical_body(b)
    volatile = frozenset({"ClientRequestToken"})
    assert matching.canonical_body(a, volatile) == matching.canonical_body(b, volatile)


def test_malformed_json_bodies_are_compared_as_bytes():
    a = Request("POST", "http://h/", b"{not json", {"X-Amz-Target": "RekognitionService.GetLabelDetection"})
    b = Request("POST", "http://h/", b"{not json!", {"X-Amz-Target": "RekognitionService.GetLabelDetection"})
    assert matching.request_key(a) != matching.request_key(b)


def test_virtual_hosted_and_path_style_s3_agree():
    virtual = Request("PUT", "https://my-bucket.s3.us-east-1.amazonaws.com/videos/a.mp4", b"", {})
    path = Request("PUT", "http://127.0.0.1:9000/my-bucket/videos/a.mp4", b"other bytes", {})
    assert matching.request_key(virtual) == matching.request_key(path)
    assert matching.operation_of(path) == "S3 PUT /my-bucket/videos/a.mp4"


def test_describe_names_operation_and_body():
    text = matching.describe(rpc("GetFaceSearch", {"JobId": "abc"}))
    assert text == 'GetFaceSearch {"JobId": "abc"}'
