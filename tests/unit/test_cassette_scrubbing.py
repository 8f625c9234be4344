"""The scrubber: credentials, account ids and (when asked) bucket names never reach a cassette."""

from __future__ import annotations

import json

from vcr.request import Request

from rekognition_conformance.cassettes.scrubbing import (
    ACCESS_KEY_PLACEHOLDER,
    ACCOUNT_PLACEHOLDER,
    SECRET_KEY_PLACEHOLDER,
    TOKEN_PLACEHOLDER,
    Scrubber,
)

ACCESS = "AKIAFAKEFAKEFAKE1234"
SECRET = "fakeSecretKeyThatMustNeverBeWritten00000"
TOKEN = "FakeSessionTokenThatMustNeverBeWritten"


def scrubber(**kwargs) -> Scrubber:
    return Scrubber(access_key=ACCESS, secret_key=SECRET, token=TOKEN, **kwargs)


def signed(body: bytes, uri: str = "http://127.0.0.1:5000/") -> Request:
    return Request("POST", uri, body, {
        "X-Amz-Target": "RekognitionService.DescribeCollection",
        "Content-Type": "application/x-amz-json-1.1",
        "Authorization": f"AWS4-HMAC-SHA256 Credential={ACCESS}/20260101/us-east-1/rekognition/aws4_request",
        "X-Amz-Security-Token": TOKEN,
        "X-Amz-Date": "20260101T000000Z",
    })


def test_request_keeps_identity_headers_only_and_replaces_secrets():
    out = scrubber().request(signed(json.dumps({"CollectionId": SECRET}).encode()))
    assert set(out.headers) == {"X-Amz-Target", "Content-Type"}
    text = json.dumps({"uri": out.uri, "headers": dict(out.headers), "body": out.body.decode()})
    for secret in (ACCESS, SECRET, TOKEN):
        assert secret not in text
    assert SECRET_KEY_PLACEHOLDER in text
    assert out.uri == "http://127.0.0.1/"  # the loopback port changes every run


def test_response_secrets_and_arn_accounts_are_replaced():
    body = json.dumps({
        "CollectionArn": "arn:aws:rekognition:us-east-1:123456789012:collection/c",
        "Message": f"The security token {TOKEN} for {ACCESS} is invalid",
        "Other": "AKIAOTHEROTHEROTHER1",
    }).encode()
    out = scrubber().response({"status": {"code": 400, "message": "x"}, "headers": {
        "Content-Length": [str(len(body))], "x-amzn-RequestId": ["r"], "X-Echo": [SECRET]}, "body": {"string": body}})
    text = out["body"]["string"].decode()
    assert "123456789012" not in text and f":{ACCOUNT_PLACEHOLDER}:collection/c" in text
    assert TOKEN_PLACEHOLDER in text and ACCESS_KEY_PLACEHOLDER in text and "AKIAOTHER" not in text
    assert out["headers"]["X-Echo"] == [SECRET_KEY_PLACEHOLDER]
    assert "x-amzn-RequestId" not in out["headers"]
    assert out["headers"]["Content-Length"] == [str(len(out["body"]["string"]))]


def test_s3_uploads_are_stored_as_digests():
    out = scrubber().request(Request("PUT", "http://127.0.0.1:5000/b/k.mp4", b"\x00\x01video", {}))
    assert out.body.startswith(b"sha256:") and b"video" not in out.body
    # Loading a cassette filters its stored requests again: the digest stays as it is.
    assert scrubber().request(out).body == out.body


def test_presigning_query_parameters_are_dropped():
    uri = f"http://h/b/k?X-Amz-Credential={ACCESS}%2Fx&X-Amz-Signature=abc&versionId=1"
    out = scrubber().request(Request("GET", uri, b"", {}))
    assert out.uri == "http://h/b/k?versionId=1"


def test_buckets_are_scrubbed_only_when_asked_and_restored_on_replay():
    plain = scrubber()
    plain.request(Request("PUT", "http://127.0.0.1:1/rc-conformance-abc", b"", {}))
    assert plain.text("s3://rc-conformance-abc/x") == "s3://rc-conformance-abc/x"

    s = scrubber(scrub_buckets=True)
    s.request(Request("PUT", "http://127.0.0.1:1/rc-conformance-abc", b"", {}))
    body = json.dumps({"Video": {"S3Object": {"Bucket": "rc-conformance-abc", "Name": "rc-conformance-abc-x/k"}}})
    scrubbed = s.request(Request("POST", "http://h/", body.encode(), {"X-Amz-Target": "RekognitionService.X"}))
    document = json.loads(scrubbed.body)
    assert document["Video"]["S3Object"]["Bucket"] == "scrubbed-bucket-1"
    # A name that merely contains the bucket's as a part of a longer name is left alone.
    assert document["Video"]["S3Object"]["Name"] == "rc-conformance-abc-x/k"

    replayed = s.unscrub_response({"headers": {}, "body": {"string": scrubbed.body}})
    assert json.loads(replayed["body"]["string"])["Video"]["S3Object"]["Bucket"] == "rc-conformance-abc"


def test_an_echoed_arn_gets_the_account_of_the_replayed_request_back():
    s = scrubber()
    arn = "arn:aws:kinesisvideo:us-east-1:123456789012:stream/in/1"
    stored = s.request(signed(json.dumps({"Input": {"KinesisVideoStream": {"Arn": arn}}}).encode()))
    assert "123456789012" not in stored.body.decode() and ACCOUNT_PLACEHOLDER in stored.body.decode()
    recorded = s.response({"headers": {}, "body": {"string": json.dumps({"Arn": arn}).encode()}})
    assert b"123456789012" not in recorded["body"]["string"]
    # On replay the describe answer must echo what this run sent, not the placeholder.
    replayed = s.unscrub_response(recorded)
    assert json.loads(replayed["body"]["string"])["Arn"] == arn
    # Without a request naming an account there is nothing to restore.
    assert scrubber().unscrub_response(recorded) == recorded
