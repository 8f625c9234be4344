"""The hardening switches of the reference backend, and how the harness's clients ride them out.

Covers the wire faults of reference/faults/hardening.py, injected throttling (reference/throttle.py), jobs
that never finish (reference/stuck.py), and the clients' answer to each: throttling retried until a real
answer comes, a stuck job failing after its timeout with its last status, an unreachable backend reported
once and then refused at once.
"""

from __future__ import annotations

import socket
import time

import botocore.session
import pytest

from rekognition_conformance.catalogue import JOBS
from rekognition_conformance.checks.schema import check_response_schema
from rekognition_conformance.clients import BackendUnreachable, Caller, make_clients
from rekognition_conformance.fixtures.videos import ensure
from rekognition_conformance.jobs import JobPool, JobUnavailable
from rekognition_conformance.reference import stuck, throttle
from rekognition_conformance.reference.server import REFERENCE_ACCESS_KEY, REFERENCE_SECRET_KEY, ReferenceServer
from rekognition_conformance.targets import Target
from tests.unit.fault_backend import backend

UNKNOWN_JOB = "0" * 64


def _target(server: ReferenceServer) -> Target:
    return Target(
        name="reference",
        region=server.region,
        endpoints={"rekognition": server.endpoint_url, "s3": server.endpoint_url},
        credentials=(REFERENCE_ACCESS_KEY, REFERENCE_SECRET_KEY),
    )


def test_fault_later_pages_not_json() -> None:
    with backend("later-pages-not-json") as faulty:
        job = faulty.job()
        first = faulty.get(job, MaxResults=1)
        later = faulty.get(job, MaxResults=1, NextToken=first.body["NextToken"])
    assert first.body["Labels"]
    assert later.ok and later.body is None
    assert [v.rule_id for v in check_response_schema(later)] == ["SCHEMA.RESPONSE"]


def test_fault_later_pages_truncated() -> None:
    with backend("later-pages-truncated") as faulty:
        job = faulty.job()
        first = faulty.get(job, MaxResults=1)
        later = faulty.get(job, MaxResults=1, NextToken=first.body["NextToken"])
    assert later.ok and later.body is None and later.raw.startswith(b"{")
    assert [v.rule_id for v in check_response_schema(later)] == ["SCHEMA.RESPONSE"]


def test_throttle_refuses_the_fraction_asked_reproducibly_with_documented_errors() -> None:
    def draws(seed: int) -> list[tuple[int, str] | None]:
        t = throttle.Throttle(0.2, seed)
        out = []
        for _ in range(2000):
            refusal = t.refusal()
            out.append(None if refusal is None else (refusal.status, refusal.body.decode()))
        return out

    first = draws(3)
    refused = [d for d in first if d is not None]
    assert 300 < len(refused) < 500
    assert [d is None for d in first] == [d is None for d in draws(3)] != [d is None for d in draws(4)]
    # spec/errors.yaml: ThrottlingException 400 or 500; ProvisionedThroughputExceededException 400.
    assert {(status, "ThrottlingException" in body) for status, body in refused} == {(500, True), (400, False)}
    assert throttle.Throttle(0.0).refusal() is None
    with pytest.raises(ValueError):
        throttle.Throttle(1.0)


def test_environment_switches() -> None:
    assert throttle.from_environment({}) == {}
    assert throttle.from_environment({"RC_REFERENCE_THROTTLE": "0.2", "RC_REFERENCE_THROTTLE_SEED": "9"}) == {
        "throttle": 0.2, "throttle_seed": 9
    }
    assert stuck.from_environment({"RC_REFERENCE_STUCK_JOBS": "StartFaceDetection, StartLabelDetection"}) == {
        "stuck_jobs": ("StartFaceDetection", "StartLabelDetection")
    }
    with pytest.raises(ValueError):
        ReferenceServer(stuck_jobs=("GetLabelDetection",))


def test_clients_ride_out_throttling_even_on_requests_meant_to_fail() -> None:
    with ReferenceServer(throttle=0.3, throttle_seed=1) as server:
        clients = make_clients(_target(server))
        answers = [clients.rekognition.call("GetLabelDetection", {"JobId": UNKNOWN_JOB}) for _ in range(10)]
        raws = [clients.raw.send("GetLabelDetection", {"JobId": UNKNOWN_JOB}, signing="none") for _ in range(10)]
        assert server.throttle.refused >= 3
    assert {a.error_code for a in answers} == {"ResourceNotFoundException"}
    assert {a.error_code for a in raws} == {"MissingAuthenticationTokenException"}


def test_a_stuck_job_fails_after_its_timeout_naming_job_and_status() -> None:
    with ReferenceServer(stuck_jobs=("StartLabelDetection",)) as server:
        clients = make_clients(_target(server))
        clients.s3.create_bucket(Bucket="stuck")
        clients.s3.put_object(Bucket="stuck", Key="v.mp4", Body=ensure("short").read_bytes())
        pool = JobPool(clients.rekognition, {"short": {"S3Object": {"Bucket": "stuck", "Name": "v.mp4"}}},
                       run_id="stuck", timeout=1.0, poll_initial=0.1)
        key = next(k for k, spec in JOBS.items() if k.startswith("labels.") and spec.video == "short")
        began = time.monotonic()
        with pytest.raises(JobUnavailable) as caught:
            pool.wait(key)
    assert time.monotonic() - began < 5
    assert key in str(caught.value) and "still IN_PROGRESS" in str(caught.value)


def test_an_unreachable_backend_is_reported_once_then_refused_at_once() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    target = Target(name="endpoint", region="us-east-1", endpoints={"rekognition": url, "s3": url},
                    credentials=(REFERENCE_ACCESS_KEY, REFERENCE_SECRET_KEY))
    clients = make_clients(target)
    with pytest.raises(BackendUnreachable) as first:
        clients.rekognition.call("GetLabelDetection", {"JobId": UNKNOWN_JOB})
    message = str(first.value)
    assert "GetLabelDetection" in message and url in message and "backend unreachable" in message
    began = time.monotonic()
    with pytest.raises(BackendUnreachable) as again:
        clients.raw.send("StartLabelDetection", {})
    with pytest.raises(botocore.exceptions.BotoCoreError):
        clients.s3.list_buckets()
    assert str(again.value) == message and time.monotonic() - began < 0.5


def test_a_caller_without_shared_reachability_still_works() -> None:
    with ReferenceServer() as server:
        client = botocore.session.get_session().create_client(
            "rekognition", endpoint_url=server.endpoint_url, region_name=server.region,
            aws_access_key_id=REFERENCE_ACCESS_KEY, aws_secret_access_key=REFERENCE_SECRET_KEY,
        )
        assert Caller(client).call("GetLabelDetection", {"JobId": UNKNOWN_JOB}).status == 400
