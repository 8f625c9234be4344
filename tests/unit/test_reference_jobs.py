"""The reference backend's job machinery: lifecycle, idempotency, limits, lookups and NextTokens.

Jobs run against the real fixture videos uploaded to the backend's own S3, with a job latency so
that the IN_PROGRESS phase is observable.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import botocore.session
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from rekognition_conformance.fixtures.videos import ensure
from rekognition_conformance.reference.jobs import S3_OBJECT_MESSAGE
from rekognition_conformance.reference.protocol import CONTENT_TYPE
from rekognition_conformance.reference.server import REFERENCE_ACCESS_KEY, REFERENCE_SECRET_KEY, ReferenceServer
from rekognition_conformance.spec.schemas import validator

LATENCY = 1.0
BUCKET = "job-videos"
SESSION = botocore.session.get_session()


def video(name: str, **extra: str) -> dict[str, Any]:
    return {"S3Object": {"Bucket": BUCKET, "Name": name, **extra}}


@dataclass
class Env:
    server: ReferenceServer
    rek: Any
    s3: Any


def make_clients(server: ReferenceServer) -> tuple[Any, Any]:
    def create(service: str) -> Any:
        return SESSION.create_client(
            service,
            endpoint_url=server.endpoint_url,
            region_name=server.region,
            aws_access_key_id=REFERENCE_ACCESS_KEY,
            aws_secret_access_key=REFERENCE_SECRET_KEY,
            config=Config(
                parameter_validation=False,
                retries={"mode": "standard", "total_max_attempts": 1},
                s3={"addressing_style": "path"},
            ),
        )

    return create("rekognition"), create("s3")


def upload_fixtures(s3: Any) -> None:
    s3.create_bucket(Bucket=BUCKET)
    s3.put_object(Bucket=BUCKET, Key="short.mp4", Body=ensure("short").read_bytes())
    s3.put_object(Bucket=BUCKET, Key="long.mp4", Body=ensure("long").read_bytes())
    s3.put_object(Bucket=BUCKET, Key="notes.txt", Body=b"meeting notes, definitely not a video\n" * 50)


@pytest.fixture(scope="module")
def env() -> Iterator[Env]:
    with ReferenceServer(job_latency=LATENCY) as server:
        rek, s3 = make_clients(server)
        upload_fixtures(s3)
        yield Env(server, rek, s3)


def body(response: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in response.items() if name != "ResponseMetadata"}


def wait(rek: Any, job_id: str, timeout: float = 15.0, **params: Any) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        response = rek.get_label_detection(JobId=job_id, **params)
        if response["JobStatus"] != "IN_PROGRESS" or time.monotonic() > deadline:
            return body(response)
        time.sleep(0.05)


def error_of(excinfo: pytest.ExceptionInfo[ClientError]) -> tuple[str, int, str]:
    response = excinfo.value.response
    return response["Error"]["Code"], response["ResponseMetadata"]["HTTPStatusCode"], response["Error"]["Message"]


@pytest.fixture(scope="module")
def long_job(env: Env) -> str:
    job_id = env.rek.start_label_detection(Video=video("long.mp4"))["JobId"]
    assert wait(env.rek, job_id)["JobStatus"] == "SUCCEEDED"
    return job_id


# --- lifecycle ---------------------------------------------------------------------------------------


def test_job_is_in_progress_for_the_latency_then_succeeds(env: Env) -> None:
    started = time.monotonic()
    response = env.rek.start_label_detection(Video=video("short.mp4"), JobTag="lifecycle")
    job_id = response["JobId"]
    assert re.fullmatch(r"[0-9a-f]{64}", job_id)
    assert response["ResponseMetadata"]["HTTPHeaders"]["content-type"] == CONTENT_TYPE
    validator("StartLabelDetection", "output").validate(body(response))

    pending = body(env.rek.get_label_detection(JobId=job_id))
    assert pending == {
        "JobStatus": "IN_PROGRESS",
        "JobId": job_id,
        "Video": video("short.mp4"),
        "JobTag": "lifecycle",
        "GetRequestMetadata": {"SortBy": "TIMESTAMP", "AggregateBy": "TIMESTAMPS"},
    }
    validator("GetLabelDetection", "output").validate(pending)

    done = wait(env.rek, job_id)
    assert time.monotonic() - started >= LATENCY
    assert done["JobStatus"] == "SUCCEEDED"
    assert done["JobTag"] == "lifecycle" and done["Video"] == video("short.mp4") and done["JobId"] == job_id
    assert done["Labels"]
    # Finished results are frozen: reading them again gives the same document.
    for _ in range(3):
        assert body(env.rek.get_label_detection(JobId=job_id)) == done


def test_job_ids_are_distinct(env: Env) -> None:
    first = env.rek.start_label_detection(Video=video("short.mp4"))["JobId"]
    second = env.rek.start_label_detection(Video=video("short.mp4"))["JobId"]
    assert first != second


def test_non_video_object_fails_with_a_status_message(env: Env) -> None:
    job_id = env.rek.start_label_detection(Video=video("notes.txt"), JobTag="broken")["JobId"]
    failed = wait(env.rek, job_id)
    assert failed["JobStatus"] == "FAILED"
    assert "not a readable video" in failed["StatusMessage"]
    assert "Labels" not in failed and "VideoMetadata" not in failed
    assert failed["JobTag"] == "broken"
    validator("GetLabelDetection", "output").validate(failed)


def test_video_metadata_is_read_from_the_video_on_every_page(env: Env, long_job: str) -> None:
    expected = {
        "Codec": "h264",
        "DurationMillis": 62000,
        "Format": "MP4",
        "FrameRate": 10.0,
        "FrameHeight": 360,
        "FrameWidth": 640,
        "ColorRange": "LIMITED",
    }
    page = body(env.rek.get_label_detection(JobId=long_job))
    while True:
        assert page["VideoMetadata"] == expected
        if "NextToken" not in page:
            break
        page = body(env.rek.get_label_detection(JobId=long_job, NextToken=page["NextToken"]))


# --- start-time checks -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "target",
    [
        video("absent.mp4"),
        {"S3Object": {"Bucket": "no-such-bucket", "Name": "short.mp4"}},
        video("short.mp4", Version="3sL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY"),
    ],
    ids=["missing-key", "missing-bucket", "other-version"],
)
def test_unreadable_s3_object_is_rejected_at_start(env: Env, target: dict[str, Any]) -> None:
    with pytest.raises(ClientError) as excinfo:
        env.rek.start_label_detection(Video=target)
    assert error_of(excinfo) == ("InvalidS3ObjectException", 400, S3_OBJECT_MESSAGE)


def test_unversioned_object_is_its_null_version(env: Env) -> None:
    assert env.rek.start_label_detection(Video=video("short.mp4", Version="null"))["JobId"]


def test_same_token_and_parameters_return_the_same_job(env: Env) -> None:
    params = {"Video": video("short.mp4"), "MinConfidence": 60, "ClientRequestToken": "same-token-1"}
    first = env.rek.start_label_detection(**params)["JobId"]
    assert env.rek.start_label_detection(**params)["JobId"] == first
    # Numbers compare by value, as JSON does: 60 and 60.0 are the same parameter.
    assert env.rek.start_label_detection(**{**params, "MinConfidence": 60.0})["JobId"] == first
    other_token = env.rek.start_label_detection(**{**params, "ClientRequestToken": "same-token-2"})["JobId"]
    assert other_token != first


def test_same_token_with_other_parameters_is_a_mismatch(env: Env) -> None:
    env.rek.start_label_detection(Video=video("short.mp4"), ClientRequestToken="mismatch-token")
    with pytest.raises(ClientError) as excinfo:
        env.rek.start_label_detection(Video=video("short.mp4"), MinConfidence=70, ClientRequestToken="mismatch-token")
    assert error_of(excinfo)[:2] == ("IdempotentParameterMismatchException", 400)


def test_concurrent_job_limit() -> None:
    with ReferenceServer(job_latency=30, max_concurrent_jobs=2) as server:
        rek, s3 = make_clients(server)
        s3.create_bucket(Bucket=BUCKET)
        s3.put_object(Bucket=BUCKET, Key="short.mp4", Body=ensure("short").read_bytes())
        first = rek.start_label_detection(Video=video("short.mp4"), ClientRequestToken="first")["JobId"]
        rek.start_label_detection(Video=video("short.mp4"))
        with pytest.raises(ClientError) as excinfo:
            rek.start_label_detection(Video=video("short.mp4"))
        assert error_of(excinfo)[:2] == ("LimitExceededException", 400)
        # Repeating a request that already has a job starts nothing, so the limit does not apply.
        assert rek.start_label_detection(Video=video("short.mp4"), ClientRequestToken="first")["JobId"] == first


# --- lookups -----------------------------------------------------------------------------------------


def test_unknown_job_is_not_found(env: Env) -> None:
    with pytest.raises(ClientError) as excinfo:
        env.rek.get_label_detection(JobId="f" * 64)
    assert error_of(excinfo)[:2] == ("ResourceNotFoundException", 400)


def test_job_of_another_operation_is_not_found(env: Env) -> None:
    def no_results(video: bytes, metadata: Any, params: Any) -> tuple[()]:
        return ()

    other = env.server.jobs.start("StartFaceDetection", {"Video": video("short.mp4")}, no_results)
    with pytest.raises(ClientError) as excinfo:
        env.rek.get_label_detection(JobId=other)
    assert error_of(excinfo)[:2] == ("ResourceNotFoundException", 400)


# --- pagination tokens -------------------------------------------------------------------------------


def invalid_token(env: Env, **params: Any) -> tuple[str, int]:
    with pytest.raises(ClientError) as excinfo:
        env.rek.get_label_detection(**params)
    return error_of(excinfo)[:2]


def test_next_token_is_bound_to_its_job_and_order(env: Env, long_job: str) -> None:
    token = env.rek.get_label_detection(JobId=long_job, MaxResults=100)["NextToken"]
    assert isinstance(token, str) and 0 < len(token) <= 255
    rejected = ("InvalidPaginationTokenException", 400)

    assert invalid_token(env, JobId=long_job, NextToken="garbage-token") == rejected
    tampered = token[:-2] + ("AA" if token[-2:] != "AA" else "BB")
    assert invalid_token(env, JobId=long_job, NextToken=tampered) == rejected
    assert invalid_token(env, JobId=long_job, NextToken=token + "!") == rejected
    assert invalid_token(env, JobId=long_job, NextToken=token, SortBy="NAME") == rejected
    assert invalid_token(env, JobId=long_job, NextToken=token, AggregateBy="SEGMENTS") == rejected

    other_job = env.rek.start_label_detection(Video=video("long.mp4"), JobTag="twin")["JobId"]
    assert invalid_token(env, JobId=other_job, NextToken=token) == rejected  # still IN_PROGRESS
    wait(env.rek, other_job)
    assert invalid_token(env, JobId=other_job, NextToken=token) == rejected

    # The page size may change between pages; explicit defaults are the same order as omitted ones.
    resumed = env.rek.get_label_detection(
        JobId=long_job, NextToken=token, MaxResults=5, SortBy="TIMESTAMP", AggregateBy="TIMESTAMPS"
    )
    assert len(resumed["Labels"]) == 5


def test_empty_next_token_reads_the_first_page(env: Env, long_job: str) -> None:
    first = body(env.rek.get_label_detection(JobId=long_job, MaxResults=50))
    assert body(env.rek.get_label_detection(JobId=long_job, MaxResults=50, NextToken="")) == first


def test_last_page_has_no_token(env: Env, long_job: str) -> None:
    page = env.rek.get_label_detection(JobId=long_job)
    pages = 1
    while "NextToken" in page:
        assert page["NextToken"]
        page = env.rek.get_label_detection(JobId=long_job, NextToken=page["NextToken"])
        pages += 1
    assert pages > 1 and page["Labels"]
