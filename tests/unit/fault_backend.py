"""A reference server reached through a real botocore client, for the fault tests.

Every answer comes back as a raw :class:`~rekognition_conformance.exchange.Exchange` (status, headers, body as
sent), so a test sees exactly what a fault changed. A clean server and a faulty one analyse the same
fixture videos identically (detections are seeded from the video bytes), so a fault's effect is shown
by comparing the two answers to the same request.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import botocore.session
from botocore.config import Config
from botocore.credentials import Credentials

from rekognition_conformance.clients import Caller, RawSender
from rekognition_conformance.exchange import Exchange
from rekognition_conformance.fixtures.videos import NOT_A_VIDEO, ensure
from rekognition_conformance.reference.server import REFERENCE_ACCESS_KEY, REFERENCE_SECRET_KEY, ReferenceServer

BUCKET = "fault-videos"
START = "StartLabelDetection"
GET = "GetLabelDetection"
SESSION = botocore.session.get_session()


@dataclass
class Backend:
    server: ReferenceServer
    caller: Caller
    raw: RawSender
    s3: Any
    uploaded: set[str] = field(default_factory=set)
    _jobs: dict[str, str] = field(default_factory=dict)

    def video(self, key: str = "short") -> dict[str, Any]:
        """The Video member for fixture ``key`` (short, long or not_a_video), uploaded on first use."""
        if key not in self.uploaded:
            body = NOT_A_VIDEO if key == "not_a_video" else ensure(key).read_bytes()
            self.s3.put_object(Bucket=BUCKET, Key=key, Body=body)
            self.uploaded.add(key)
        return {"S3Object": {"Bucket": BUCKET, "Name": key}}

    def call(self, operation: str, params: dict[str, Any]) -> Exchange:
        return self.caller.call(operation, params)

    def start(self, video: str = "short", operation: str = START, **params: Any) -> Exchange:
        return self.call(operation, {"Video": self.video(video), **params})

    def job(self, video: str = "short", **params: Any) -> str:
        """The JobId of a finished label job on ``video`` started with ``params`` (started once per server)."""
        return self.family_job(START, GET, video, **params)

    def family_job(self, start: str, get: str, video: str = "short", **params: Any) -> str:
        """The JobId of a finished ``start`` job on ``video`` with ``params``, waited for through ``get``
        (started once per server)."""
        key = repr((start, video, sorted(params.items())))
        if key not in self._jobs:
            answer = self.start(video, start, **params)
            assert answer.ok, answer.describe()
            self._jobs[key] = answer.body["JobId"]
        self.wait(self._jobs[key], get)
        return self._jobs[key]

    def wait(self, job_id: str, operation: str = GET) -> Exchange:
        deadline = time.monotonic() + 60
        while True:
            answer = self.call(operation, {"JobId": job_id, "MaxResults": 1})
            status = str(answer.body.get("JobStatus", "")).upper() if isinstance(answer.body, dict) else ""
            if not answer.ok or status not in ("IN_PROGRESS", ""):
                return answer
            assert time.monotonic() < deadline, f"job {job_id} did not finish"
            time.sleep(0.02)

    def get(self, job_id: str, operation: str = GET, **params: Any) -> Exchange:
        return self.call(operation, {"JobId": job_id, **params})

    def pages(self, job_id: str, operation: str = GET, **params: Any) -> list[Exchange]:
        """Every page of a listing, following NextToken (an empty one ends it, as in the SDKs)."""
        pages = [self.get(job_id, operation, **params)]
        while pages[-1].ok and pages[-1].body.get("NextToken"):
            assert len(pages) < 200, "the listing does not end"
            pages.append(self.get(job_id, operation, **params, NextToken=pages[-1].body["NextToken"]))
        return pages

    def items(self, job_id: str, member: str = "Labels", operation: str = GET, **params: Any) -> list[Any]:
        return [item for page in self.pages(job_id, operation, **params) for item in page.items(member)]


@contextmanager
def backend(*faults: str) -> Iterator[Backend]:
    """A started reference server with ``faults`` switched on, and clients for it."""
    with ReferenceServer(faults=faults) as server:
        clients = {
            service: SESSION.create_client(
                service,
                endpoint_url=server.endpoint_url,
                region_name=server.region,
                aws_access_key_id=REFERENCE_ACCESS_KEY,
                aws_secret_access_key=REFERENCE_SECRET_KEY,
                # One attempt: a fault answering 5xx must not be retried into a slow test.
                config=Config(
                    parameter_validation=False,
                    retries={"total_max_attempts": 1},
                    s3={"addressing_style": "path"},
                ),
            )
            for service in ("rekognition", "s3")
        }
        clients["s3"].create_bucket(Bucket=BUCKET)
        raw = RawSender(
            server.endpoint_url, server.region, Credentials(REFERENCE_ACCESS_KEY, REFERENCE_SECRET_KEY)
        )
        yield Backend(server, Caller(clients["rekognition"]), raw, clients["s3"])
