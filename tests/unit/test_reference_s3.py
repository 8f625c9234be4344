"""The reference backend's S3 subset, driven by a default botocore S3 client over loopback HTTP."""

from __future__ import annotations

import hashlib
import io
import os
import uuid
from collections.abc import Iterator
from typing import Any

import botocore.session
import pytest
from botocore import UNSIGNED
from botocore.auth import S3SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials
from botocore.exceptions import ClientError
from botocore.httpchecksum import AwsChunkedWrapper, Crc32Checksum
from botocore.httpsession import URLLib3Session

from rekognition_conformance.reference.s3payload import decode_aws_chunked
from rekognition_conformance.reference.server import REFERENCE_ACCESS_KEY, REFERENCE_SECRET_KEY, ReferenceServer

SESSION = botocore.session.get_session()


@pytest.fixture(scope="module")
def server() -> Iterator[ReferenceServer]:
    with ReferenceServer() as running:
        yield running


def s3_client(
    server: ReferenceServer,
    *,
    secret_key: str = REFERENCE_SECRET_KEY,
    access_key: str = REFERENCE_ACCESS_KEY,
    **config: Any,
) -> Any:
    return SESSION.create_client(
        "s3",
        endpoint_url=server.endpoint_url,
        region_name=server.region,
        aws_access_key_id=access_key,
        aws_secret_access_key=secret_key,
        config=Config(s3={"addressing_style": "path"}, retries={"mode": "standard", "total_max_attempts": 1}, **config),
    )


@pytest.fixture(scope="module")
def s3(server: ReferenceServer) -> Any:
    return s3_client(server)


@pytest.fixture
def bucket(s3: Any) -> str:
    name = f"bucket-{uuid.uuid4().hex[:12]}"
    s3.create_bucket(Bucket=name)
    return name


def error_of(excinfo: pytest.ExceptionInfo[ClientError]) -> tuple[str, int]:
    response = excinfo.value.response
    return response["Error"]["Code"], response["ResponseMetadata"]["HTTPStatusCode"]


def test_object_round_trip(s3: Any, bucket: str) -> None:
    data = os.urandom(300_000)
    put = s3.put_object(
        Bucket=bucket, Key="videos/clip one.mp4", Body=data, ContentType="video/mp4", Metadata={"origin": "test"}
    )
    md5 = f'"{hashlib.md5(data).hexdigest()}"'
    assert put["ETag"] == md5

    head = s3.head_object(Bucket=bucket, Key="videos/clip one.mp4")
    assert (head["ContentLength"], head["ETag"], head["ContentType"]) == (len(data), md5, "video/mp4")
    assert head["Metadata"] == {"origin": "test"}

    got = s3.get_object(Bucket=bucket, Key="videos/clip one.mp4")
    assert got["Body"].read() == data
    # botocore validated the body against this checksum while reading it.
    assert got["ChecksumCRC32"] == put["ChecksumCRC32"]

    s3.delete_object(Bucket=bucket, Key="videos/clip one.mp4")
    with pytest.raises(ClientError) as excinfo:
        s3.get_object(Bucket=bucket, Key="videos/clip one.mp4")
    assert error_of(excinfo) == ("NoSuchKey", 404)


def test_missing_object_and_bucket(s3: Any, bucket: str) -> None:
    with pytest.raises(ClientError) as excinfo:
        s3.head_object(Bucket=bucket, Key="absent")
    assert error_of(excinfo) == ("404", 404)
    with pytest.raises(ClientError) as excinfo:
        s3.get_object(Bucket="no-such-bucket-here", Key="absent")
    assert error_of(excinfo) == ("NoSuchBucket", 404)
    with pytest.raises(ClientError) as excinfo:
        s3.head_bucket(Bucket="no-such-bucket-here")
    assert error_of(excinfo) == ("404", 404)
    with pytest.raises(ClientError) as excinfo:
        s3.put_object(Bucket="no-such-bucket-here", Key="k", Body=b"x")
    assert error_of(excinfo) == ("NoSuchBucket", 404)


def test_bucket_lifecycle(s3: Any) -> None:
    name = f"lifecycle-{uuid.uuid4().hex[:8]}"
    s3.create_bucket(Bucket=name)
    s3.head_bucket(Bucket=name)
    assert name in [b["Name"] for b in s3.list_buckets()["Buckets"]]
    with pytest.raises(ClientError) as excinfo:
        s3.create_bucket(Bucket=name)
    assert error_of(excinfo) == ("BucketAlreadyOwnedByYou", 409)
    s3.put_object(Bucket=name, Key="k", Body=b"x")
    with pytest.raises(ClientError) as excinfo:
        s3.delete_bucket(Bucket=name)
    assert error_of(excinfo) == ("BucketNotEmpty", 409)
    s3.delete_object(Bucket=name, Key="k")
    assert s3.delete_bucket(Bucket=name)["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert name not in [b["Name"] for b in s3.list_buckets()["Buckets"]]


@pytest.mark.parametrize("name", ["ab", "has..dots", "-leading-dash", "192.168.0.1"])
def test_invalid_bucket_name(s3: Any, name: str) -> None:
    with pytest.raises(ClientError) as excinfo:
        s3.create_bucket(Bucket=name)
    assert error_of(excinfo) == ("InvalidBucketName", 400)


def test_location_constraint_must_match_the_region(s3: Any) -> None:
    with pytest.raises(ClientError) as excinfo:
        s3.create_bucket(Bucket="elsewhere-bucket", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    assert error_of(excinfo) == ("IllegalLocationConstraintException", 400)
    with ReferenceServer(region="eu-west-1") as regional:
        client = s3_client(regional)
        client.create_bucket(Bucket="here-bucket", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
        assert client.head_bucket(Bucket="here-bucket")["BucketRegion"] == "eu-west-1"


def test_list_objects_v2_pages_prefixes_and_encodes(s3: Any, bucket: str) -> None:
    keys = ["a/1", "a/2", "a/3", "b/1", "c", "d e+f ü", "z/deep/1"]
    for key in keys:
        s3.put_object(Bucket=bucket, Key=key, Body=key.encode())

    listed: list[str] = []
    kwargs: dict[str, Any] = {"Bucket": bucket, "MaxKeys": 3}
    while True:
        page = s3.list_objects_v2(**kwargs)
        assert page["KeyCount"] == len(page.get("Contents", [])) <= 3
        listed += [item["Key"] for item in page.get("Contents", [])]
        if not page["IsTruncated"]:
            assert "NextContinuationToken" not in page
            break
        kwargs["ContinuationToken"] = page["NextContinuationToken"]
    assert listed == sorted(keys)

    prefixed = s3.list_objects_v2(Bucket=bucket, Prefix="a/")
    assert [item["Key"] for item in prefixed["Contents"]] == ["a/1", "a/2", "a/3"]
    assert prefixed["Contents"][0]["Size"] == 3

    rolled = s3.list_objects_v2(Bucket=bucket, Delimiter="/")
    assert [item["Key"] for item in rolled["Contents"]] == ["c", "d e+f ü"]
    assert [p["Prefix"] for p in rolled["CommonPrefixes"]] == ["a/", "b/", "z/"]

    after = s3.list_objects_v2(Bucket=bucket, StartAfter="c")
    assert [item["Key"] for item in after["Contents"]] == ["d e+f ü", "z/deep/1"]


def test_list_objects_v2_rejects_a_forged_continuation_token(s3: Any, bucket: str) -> None:
    with pytest.raises(ClientError) as excinfo:
        s3.list_objects_v2(Bucket=bucket, ContinuationToken="not-a-token")
    assert error_of(excinfo) == ("InvalidArgument", 400)


def test_delete_objects(s3: Any, bucket: str) -> None:
    for key in ("one", "two", "three"):
        s3.put_object(Bucket=bucket, Key=key, Body=b"x")
    result = s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": "one"}, {"Key": "two"}, {"Key": "gone"}]})
    assert sorted(d["Key"] for d in result["Deleted"]) == ["gone", "one", "two"]
    assert [item["Key"] for item in s3.list_objects_v2(Bucket=bucket)["Contents"]] == ["three"]
    quiet = s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": "three"}], "Quiet": True})
    assert "Deleted" not in quiet
    assert s3.list_objects_v2(Bucket=bucket)["KeyCount"] == 0


@pytest.mark.parametrize(
    ("credentials", "expected"),
    [
        ({"signature_version": UNSIGNED}, "AccessDenied"),
        ({"secret_key": "wrong-secret"}, "SignatureDoesNotMatch"),
        ({"access_key": "AKIANOTREGISTERED000"}, "InvalidAccessKeyId"),
    ],
)
def test_requests_without_a_valid_signature_are_forbidden(
    server: ReferenceServer, credentials: dict[str, Any], expected: str
) -> None:
    client = s3_client(server, **credentials)
    with pytest.raises(ClientError) as excinfo:
        client.list_buckets()
    assert error_of(excinfo) == (expected, 403)


def test_body_not_matching_its_signed_sha256_is_rejected(s3: Any, bucket: str) -> None:
    client = s3_client_with_hook(s3, "before-send.s3.PutObject", lambda request, **_: setattr(request, "body", b"Y"))
    with pytest.raises(ClientError) as excinfo:
        client.put_object(Bucket=bucket, Key="k", Body=b"X")
    assert error_of(excinfo) == ("XAmzContentSHA256Mismatch", 400)


def test_body_not_matching_its_checksum_is_rejected(s3: Any, bucket: str) -> None:
    def corrupt(request: Any, **_: Any) -> None:
        del request.headers["x-amz-checksum-crc32"]
        request.headers["x-amz-checksum-crc32"] = "AAAAAA=="

    client = s3_client_with_hook(s3, "before-sign.s3.PutObject", corrupt)
    with pytest.raises(ClientError) as excinfo:
        client.put_object(Bucket=bucket, Key="k", Body=b"X")
    assert error_of(excinfo) == ("BadDigest", 400)


def s3_client_with_hook(s3: Any, event: str, hook: Any) -> Any:
    client = SESSION.create_client(
        "s3",
        endpoint_url=s3.meta.endpoint_url,
        region_name=s3.meta.region_name,
        aws_access_key_id=REFERENCE_ACCESS_KEY,
        aws_secret_access_key=REFERENCE_SECRET_KEY,
        config=Config(s3={"addressing_style": "path"}, retries={"mode": "standard", "total_max_attempts": 1}),
    )
    client.meta.events.register(event, hook)
    return client


def aws_chunked_put(server: ReferenceServer, bucket: str, key: str, data: bytes, *, checksum: str | None) -> int:
    """PutObject streamed aws-chunked with a trailing checksum, as botocore sends it over HTTPS."""
    body = AwsChunkedWrapper(
        io.BytesIO(data), checksum_cls=Crc32Checksum, checksum_name="x-amz-checksum-crc32", chunk_size=64 * 1024
    ).read()
    if checksum is not None:
        body = body[: body.rindex(b"x-amz-checksum-crc32:")] + f"x-amz-checksum-crc32:{checksum}\r\n\r\n".encode()
    request = AWSRequest(
        method="PUT",
        url=f"{server.endpoint_url}/{bucket}/{key}",
        data=body,
        headers={
            "Content-Encoding": "aws-chunked",
            "X-Amz-Content-SHA256": "STREAMING-UNSIGNED-PAYLOAD-TRAILER",
            "X-Amz-Trailer": "x-amz-checksum-crc32",
            "X-Amz-Decoded-Content-Length": str(len(data)),
            "Content-Length": str(len(body)),
        },
    )
    S3SigV4Auth(Credentials(REFERENCE_ACCESS_KEY, REFERENCE_SECRET_KEY), "s3", server.region).add_auth(request)
    return URLLib3Session().send(request.prepare()).status_code


def test_aws_chunked_upload_with_trailing_checksum(server: ReferenceServer, s3: Any, bucket: str) -> None:
    data = os.urandom(200_000)
    assert aws_chunked_put(server, bucket, "chunked", data, checksum=None) == 200
    assert s3.get_object(Bucket=bucket, Key="chunked")["Body"].read() == data
    assert aws_chunked_put(server, bucket, "corrupt", data, checksum="AAAAAA==") == 400
    with pytest.raises(ClientError):
        s3.head_object(Bucket=bucket, Key="corrupt")


def test_decode_aws_chunked_reads_chunks_and_trailers() -> None:
    data = b"0123456789" * 1000
    body = AwsChunkedWrapper(
        io.BytesIO(data), checksum_cls=Crc32Checksum, checksum_name="x-amz-checksum-crc32", chunk_size=4096
    ).read()
    decoded, trailers = decode_aws_chunked(body)
    assert decoded == data
    assert set(trailers) == {"x-amz-checksum-crc32"}
    assert decode_aws_chunked(AwsChunkedWrapper(io.BytesIO(data), chunk_size=3000).read()) == (data, {})


def test_unsupported_features_are_not_implemented(s3: Any, bucket: str) -> None:
    with pytest.raises(ClientError) as excinfo:
        s3.list_objects(Bucket=bucket)
    assert error_of(excinfo) == ("NotImplemented", 501)
    with pytest.raises(ClientError) as excinfo:
        s3.create_multipart_upload(Bucket=bucket, Key="big")
    assert error_of(excinfo) == ("NotImplemented", 501)
