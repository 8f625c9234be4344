"""The reference backend's Rekognition wire protocol, authentication and input validation.

Every request goes through a real botocore client over loopback HTTP, so what is asserted is what
an SDK user sees: the ClientError code, its HTTP status and message.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

import botocore.session
import pytest
from botocore import UNSIGNED
from botocore.config import Config
from botocore.exceptions import ClientError

from rekognition_conformance.reference.protocol import CONTENT_TYPE, ERROR_STATUS, ServiceError
from rekognition_conformance.reference.server import REFERENCE_ACCESS_KEY, REFERENCE_SECRET_KEY, ReferenceServer

WELL_FORMED_JOB_ID = "0" * 64
# One session for the module: it loads the service model once, so each client is cheap.
SESSION = botocore.session.get_session()


@pytest.fixture(scope="module")
def server() -> Iterator[ReferenceServer]:
    with ReferenceServer() as running:
        yield running


def client(
    server: ReferenceServer,
    *,
    access_key: str = REFERENCE_ACCESS_KEY,
    secret_key: str = REFERENCE_SECRET_KEY,
    region: str = "us-east-1",
    **config: Any,
) -> Any:
    # One attempt: retrying 5xx and throttling errors would only slow the tests down.
    options: dict[str, Any] = {"parameter_validation": False, "retries": {"mode": "standard", "total_max_attempts": 1}}
    options.update(config)
    return SESSION.create_client(
        "rekognition",
        endpoint_url=server.endpoint_url,
        region_name=region,
        aws_access_key_id=access_key,
        aws_secret_access_key=secret_key,
        config=Config(**options),
    )


def error_of(excinfo: pytest.ExceptionInfo[ClientError]) -> tuple[str, int, str]:
    response = excinfo.value.response
    return response["Error"]["Code"], response["ResponseMetadata"]["HTTPStatusCode"], response["Error"]["Message"]


def rewrite_request(rek: Any, operation: str, **changes: Any) -> None:
    """Alter the request botocore built, before it signs it, as a misbehaving client would."""

    def alter(request: Any, **_: Any) -> None:
        for header, value in changes.get("headers", {}).items():
            del request.headers[header]
            request.headers[header] = value
        if "body" in changes:
            request.data = changes["body"]

    rek.meta.events.register(f"before-sign.rekognition.{operation}", alter)


# --- protocol ----------------------------------------------------------------------------------------


def test_error_carries_json_content_type_and_request_id(server: ReferenceServer) -> None:
    with pytest.raises(ClientError) as excinfo:
        client(server).get_label_detection(JobId=WELL_FORMED_JOB_ID)
    headers = excinfo.value.response["ResponseMetadata"]["HTTPHeaders"]
    assert headers["content-type"] == CONTENT_TYPE
    assert len(excinfo.value.response["ResponseMetadata"]["RequestId"]) == 36


@pytest.mark.parametrize(
    "target", ["RekognitionService.DetectNothing", "OtherService.GetLabelDetection", "GetLabelDetection"]
)
def test_unknown_target_is_unknown_operation(server: ReferenceServer, target: str) -> None:
    rek = client(server)
    rewrite_request(rek, "GetLabelDetection", headers={"X-Amz-Target": target})
    with pytest.raises(ClientError) as excinfo:
        rek.get_label_detection(JobId=WELL_FORMED_JOB_ID)
    assert error_of(excinfo)[:2] == ("UnknownOperationException", 400)


@pytest.mark.parametrize("body", [b"{not json", b"[1, 2]", b"\xff\xfe"])
def test_body_that_is_not_a_json_object_is_serialization_error(server: ReferenceServer, body: bytes) -> None:
    rek = client(server)
    rewrite_request(rek, "GetLabelDetection", body=body)
    with pytest.raises(ClientError) as excinfo:
        rek.get_label_detection(JobId=WELL_FORMED_JOB_ID)
    assert error_of(excinfo)[:2] == ("SerializationException", 400)


def test_handler_crash_is_internal_server_error(
    server: ReferenceServer, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    def crash(context: Any, params: dict[str, Any]) -> dict[str, Any]:
        raise RuntimeError("handler bug with secret detail")

    monkeypatch.setitem(server.operations, "GetLabelDetection", crash)
    with pytest.raises(ClientError) as excinfo:
        client(server).get_label_detection(JobId=WELL_FORMED_JOB_ID)
    code, status, message = error_of(excinfo)
    assert (code, status) == ("InternalServerError", 500)
    assert "secret detail" not in message
    assert "RuntimeError: handler bug with secret detail" in capfd.readouterr().err


@pytest.mark.parametrize("code", sorted(ERROR_STATUS))
def test_every_error_reaches_botocore_with_its_code_and_status(
    server: ReferenceServer, monkeypatch: pytest.MonkeyPatch, code: str
) -> None:
    def fail(context: Any, params: dict[str, Any]) -> dict[str, Any]:
        raise ServiceError(code, f"message of {code}")

    monkeypatch.setitem(server.operations, "GetLabelDetection", fail)
    with pytest.raises(ClientError) as excinfo:
        client(server).get_label_detection(JobId=WELL_FORMED_JOB_ID)
    assert error_of(excinfo) == (code, ERROR_STATUS[code], f"message of {code}")
    assert excinfo.value.response["ResponseMetadata"]["HTTPHeaders"]["content-type"] == CONTENT_TYPE


def test_error_table_statuses_follow_the_rekognition_error_page() -> None:
    assert ERROR_STATUS["InternalServerError"] == ERROR_STATUS["ThrottlingException"] == 500
    client_faults = {code for code, status in ERROR_STATUS.items() if status == 400}
    assert {"InvalidParameterException", "ResourceNotFoundException", "AccessDeniedException"} <= client_faults
    with pytest.raises(ValueError):
        ServiceError("NoSuchErrorException", "not in the table")


# --- authentication ----------------------------------------------------------------------------------


def test_unsigned_request_is_rejected(server: ReferenceServer) -> None:
    with pytest.raises(ClientError) as excinfo:
        client(server, signature_version=UNSIGNED).get_label_detection(JobId=WELL_FORMED_JOB_ID)
    assert error_of(excinfo) == ("MissingAuthenticationTokenException", 400, "Missing Authentication Token")


def test_authentication_comes_before_operation_lookup(server: ReferenceServer) -> None:
    rek = client(server, signature_version=UNSIGNED)
    rewrite_request(rek, "GetLabelDetection", headers={"X-Amz-Target": "RekognitionService.DetectNothing"})
    with pytest.raises(ClientError) as excinfo:
        rek.get_label_detection(JobId=WELL_FORMED_JOB_ID)
    assert error_of(excinfo)[0] == "MissingAuthenticationTokenException"


def test_wrong_secret_is_invalid_signature(server: ReferenceServer) -> None:
    with pytest.raises(ClientError) as excinfo:
        client(server, secret_key="not-the-secret").get_label_detection(JobId=WELL_FORMED_JOB_ID)
    code, status, message = error_of(excinfo)
    assert (code, status) == ("InvalidSignatureException", 400)
    assert message.startswith("The request signature we calculated does not match the signature you provided.")


def test_unknown_access_key_is_unrecognized_client(server: ReferenceServer) -> None:
    with pytest.raises(ClientError) as excinfo:
        client(server, access_key="AKIANOTREGISTERED000").get_label_detection(JobId=WELL_FORMED_JOB_ID)
    assert error_of(excinfo) == (
        "UnrecognizedClientException",
        400,
        "The security token included in the request is invalid.",
    )


def test_body_changed_after_signing_is_invalid_signature(server: ReferenceServer) -> None:
    rek = client(server)

    def tamper(request: Any, **_: Any) -> None:
        request.body = b'{"JobId": "' + b"1" * 64 + b'"}'

    rek.meta.events.register("before-send.rekognition.GetLabelDetection", tamper)
    with pytest.raises(ClientError) as excinfo:
        rek.get_label_detection(JobId=WELL_FORMED_JOB_ID)
    assert error_of(excinfo)[:2] == ("InvalidSignatureException", 400)


@pytest.mark.parametrize(
    "authorization",
    [
        "Basic cmVmZXJlbmNlOnNlY3JldA==",
        f"AWS4-HMAC-SHA256 Credential={REFERENCE_ACCESS_KEY}/20240101/us-east-1/rekognition/aws4_request, "
        "SignedHeaders=host;x-amz-date",
        f"AWS4-HMAC-SHA256 Credential={REFERENCE_ACCESS_KEY}/us-east-1/aws4_request, "
        "SignedHeaders=host;x-amz-date, Signature=abc",
        f"AWS4-HMAC-SHA256 Credential={REFERENCE_ACCESS_KEY}/20240101/us-east-1/rekognition/aws4_request, "
        "SignedHeaders=x-amz-date, Signature=abc",
    ],
    ids=["not-sigv4", "no-signature", "short-scope", "host-unsigned"],
)
def test_malformed_authorization_is_incomplete_signature(server: ReferenceServer, authorization: str) -> None:
    rek = client(server)

    def replace(request: Any, **_: Any) -> None:
        request.headers["Authorization"] = authorization

    rek.meta.events.register("before-send.rekognition.GetLabelDetection", replace)
    with pytest.raises(ClientError) as excinfo:
        rek.get_label_detection(JobId=WELL_FORMED_JOB_ID)
    assert error_of(excinfo)[:2] == ("IncompleteSignatureException", 400)


@pytest.mark.parametrize(("minutes", "wording"), [(-16, "Signature expired"), (16, "Signature not yet current")])
def test_skewed_client_clock_is_rejected(
    server: ReferenceServer, monkeypatch: pytest.MonkeyPatch, minutes: int, wording: str
) -> None:
    skewed = dt.datetime.now(dt.UTC).replace(tzinfo=None) + dt.timedelta(minutes=minutes)
    monkeypatch.setattr("botocore.auth.get_current_datetime", lambda remove_tzinfo=True: skewed)
    with pytest.raises(ClientError) as excinfo:
        client(server).get_label_detection(JobId=WELL_FORMED_JOB_ID)
    code, status, message = error_of(excinfo)
    assert (code, status) == ("InvalidSignatureException", 400)
    assert message.startswith(wording)


def test_small_clock_skew_is_tolerated(server: ReferenceServer, monkeypatch: pytest.MonkeyPatch) -> None:
    skewed = dt.datetime.now(dt.UTC).replace(tzinfo=None) - dt.timedelta(minutes=14)
    monkeypatch.setattr("botocore.auth.get_current_datetime", lambda remove_tzinfo=True: skewed)
    with pytest.raises(ClientError) as excinfo:
        client(server).get_label_detection(JobId=WELL_FORMED_JOB_ID)
    assert error_of(excinfo)[0] == "ResourceNotFoundException"


def test_credentials_scoped_to_another_region_are_rejected(server: ReferenceServer) -> None:
    with pytest.raises(ClientError) as excinfo:
        client(server, region="eu-west-1").get_label_detection(JobId=WELL_FORMED_JOB_ID)
    code, _, message = error_of(excinfo)
    assert code == "InvalidSignatureException"
    assert "eu-west-1" in message


def test_custom_credentials_replace_the_default_pair() -> None:
    with ReferenceServer(credentials={"AKIACUSTOM0000000001": "custom-secret"}) as custom:
        with pytest.raises(ClientError) as excinfo:
            client(custom).get_label_detection(JobId=WELL_FORMED_JOB_ID)
        assert error_of(excinfo)[0] == "UnrecognizedClientException"
        accepted = client(custom, access_key="AKIACUSTOM0000000001", secret_key="custom-secret")
        with pytest.raises(ClientError) as excinfo:
            accepted.get_label_detection(JobId=WELL_FORMED_JOB_ID)
        assert error_of(excinfo)[0] == "ResourceNotFoundException"


# --- input validation --------------------------------------------------------------------------------

VIDEO = {"S3Object": {"Bucket": "videos", "Name": "clip.mp4"}}


GET, START, JOB = "get_label_detection", "start_label_detection", WELL_FORMED_JOB_ID
AT_LEAST, AT_MOST = "Member must have value greater than or equal to", "Member must have value less than or equal to"
LONGEST, SHORTEST = "Member must have length less than or equal to", "Member must have length greater than or equal to"
PATTERN, ENUM = "Member must satisfy regular expression pattern", "Member must satisfy enum value set"


@pytest.mark.parametrize(
    ("operation", "params", "member", "constraint"),
    [
        (GET, {"JobId": JOB, "MaxResults": 0}, "MaxResults", f"{AT_LEAST} 1"),
        (GET, {"JobId": JOB, "SortBy": "CONFIDENCE"}, "SortBy", ENUM),
        (GET, {"JobId": JOB, "AggregateBy": "FRAMES"}, "AggregateBy", ENUM),
        (GET, {"JobId": "not a job id!"}, "JobId", PATTERN),
        (GET, {"JobId": "a" * 65}, "JobId", f"{LONGEST} 64"),
        (GET, {"JobId": JOB, "MaxResults": "10"}, "MaxResults", "Member must be of type integer"),
        (GET, {}, "JobId", "Member must not be null"),
        (START, {"Video": VIDEO, "MinConfidence": 101}, "MinConfidence", f"{AT_MOST} 100"),
        (START, {"Video": VIDEO, "MinConfidence": -1}, "MinConfidence", f"{AT_LEAST} 0"),
        (START, {"MinConfidence": 50}, "Video", "Member must not be null"),
        (START, {"Video": VIDEO, "Features": ["GENERAL_LABELS", "GENERAL_LABELS"]}, "Features", f"{LONGEST} 1"),
        (START, {"Video": VIDEO, "ClientRequestToken": "bad token"}, "ClientRequestToken", PATTERN),
        (START, {"Video": {"S3Object": {"Bucket": "videos", "Name": ""}}}, "Video.S3Object.Name", f"{SHORTEST} 1"),
    ],
)
def test_constraint_violation_is_invalid_parameter(
    server: ReferenceServer, operation: str, params: dict[str, Any], member: str, constraint: str
) -> None:
    with pytest.raises(ClientError) as excinfo:
        getattr(client(server), operation)(**params)
    code, status, message = error_of(excinfo)
    assert (code, status) == ("InvalidParameterException", 400)
    assert message.startswith("1 validation error detected: ")
    assert f"at '{member}' failed to satisfy constraint: {constraint}" in message


def test_undeclared_member_is_invalid_parameter(server: ReferenceServer) -> None:
    rek = client(server)
    # botocore cannot serialise a member its model lacks, so the body is written out by hand.
    document = json.dumps({"JobId": WELL_FORMED_JOB_ID, "Colour": "red"}).encode()
    rewrite_request(rek, "GetLabelDetection", body=document)
    with pytest.raises(ClientError) as excinfo:
        rek.get_label_detection(JobId=WELL_FORMED_JOB_ID)
    code, _, message = error_of(excinfo)
    assert code == "InvalidParameterException"
    assert "at 'Colour' failed to satisfy constraint: Member is not declared" in message


def test_all_violations_are_reported_together(server: ReferenceServer) -> None:
    with pytest.raises(ClientError) as excinfo:
        client(server).get_label_detection(JobId="bad id", MaxResults=0, SortBy="SIZE")
    message = error_of(excinfo)[2]
    assert message.startswith("3 validation errors detected: ")
    assert all(f"at '{member}'" in message for member in ("JobId", "MaxResults", "SortBy"))
