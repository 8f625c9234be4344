"""A reference backend on a free loopback port with real botocore clients and the fixture videos uploaded,
shared by the face, person and celebrity reference tests.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import botocore.session
from botocore.config import Config

from rekognition_conformance.fixtures.videos import ensure
from rekognition_conformance.reference.server import REFERENCE_ACCESS_KEY, REFERENCE_SECRET_KEY, ReferenceServer

BUCKET = "face-family-videos"
SESSION = botocore.session.get_session()
VIDEOS = {"short.mp4": "short", "short-copy.mp4": "short", "long.mp4": "long"}


def video(name: str = "short.mp4") -> dict[str, Any]:
    return {"S3Object": {"Bucket": BUCKET, "Name": name}}


@dataclass
class Env:
    rek: Any
    server: ReferenceServer

    def wait(self, get: str, job_id: str) -> None:
        for _ in range(400):
            if getattr(self.rek, get)(JobId=job_id, MaxResults=1)["JobStatus"] != "IN_PROGRESS":
                return
        raise AssertionError(f"job {job_id} did not finish")

    def pages(self, get: str, job_id: str, **params: Any) -> list[dict[str, Any]]:
        """Every page of a finished job, following NextToken, without ResponseMetadata."""
        self.wait(get, job_id)
        found: list[dict[str, Any]] = []
        token: dict[str, str] = {}
        while True:
            page = getattr(self.rek, get)(JobId=job_id, **params, **token)
            page.pop("ResponseMetadata")
            assert page["JobStatus"] == "SUCCEEDED"
            found.append(page)
            if "NextToken" not in page:
                return found
            token = {"NextToken": page["NextToken"]}

    def items(self, get: str, member: str, job_id: str, **params: Any) -> list[dict[str, Any]]:
        return [item for page in self.pages(get, job_id, **params) for item in page[member]]


@contextlib.contextmanager
def reference_env(**server_options: Any) -> Iterator[Env]:
    with ReferenceServer(**server_options) as server:
        rek, s3 = (
            SESSION.create_client(
                service,
                endpoint_url=server.endpoint_url,
                region_name=server.region,
                aws_access_key_id=REFERENCE_ACCESS_KEY,
                aws_secret_access_key=REFERENCE_SECRET_KEY,
                config=Config(
                    retries={"mode": "standard"},
                    s3={"addressing_style": "path"},
                    parameter_validation=False,
                ),
            )
            for service in ("rekognition", "s3")
        )
        s3.create_bucket(Bucket=BUCKET)
        for name, fixture in VIDEOS.items():
            s3.put_object(Bucket=BUCKET, Key=name, Body=ensure(fixture).read_bytes())
        yield Env(rek, server)
