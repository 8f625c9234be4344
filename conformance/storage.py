"""Staging the fixture videos in the target's S3: upload once per run, remove afterwards.

Objects are named with a per-run prefix. A bucket the run created is removed at the end; a bucket given
with ``--bucket`` is kept and only this run's objects are removed from it.
"""

from __future__ import annotations

from typing import Any

import botocore.exceptions

from conformance.clients import HarnessError
from fixtures.videos import NOT_A_VIDEO, NOT_A_VIDEO_NAME, VIDEOS, ensure

PREFIX = "rekognition-conformance"


class VideoBucket:
    def __init__(self, s3: Any, *, region: str, run_id: str, bucket: str | None) -> None:
        self.s3 = s3
        self.region = region
        self.run_id = run_id
        self.owned = bucket is None
        self.bucket = bucket or f"rc-conformance-{run_id}".lower()
        self.keys: list[str] = []
        self.created = False

    def _create_bucket(self) -> None:
        params: dict[str, Any] = {"Bucket": self.bucket}
        if self.region != "us-east-1":
            params["CreateBucketConfiguration"] = {"LocationConstraint": self.region}
        try:
            self.s3.create_bucket(**params)
        except botocore.exceptions.ClientError as exc:
            if exc.response["Error"]["Code"] != "BucketAlreadyOwnedByYou":
                raise HarnessError(f"cannot create bucket {self.bucket}: {exc}") from exc
        self.created = True

    def upload_fixtures(self) -> dict[str, tuple[dict[str, str], dict[str, Any]]]:
        """Upload every fixture video; returns key -> (S3Object, expected VideoMetadata)."""
        try:
            if self.owned:
                self._create_bucket()
            uploaded = {}
            for key, spec in VIDEOS.items():
                expected = {
                    "FrameWidth": spec.width,
                    "FrameHeight": spec.height,
                    "DurationMillis": spec.duration_millis,
                    "FrameRate": float(spec.fps),
                }
                uploaded[key] = (self._put(spec.name, ensure(key).read_bytes()), expected)
            uploaded["not_a_video"] = (self._put(NOT_A_VIDEO_NAME, NOT_A_VIDEO), {})
            return uploaded
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as exc:
            raise HarnessError(f"uploading fixture videos to s3://{self.bucket} failed: {exc}") from exc

    def _put(self, name: str, body: bytes) -> dict[str, str]:
        object_key = f"{PREFIX}/{self.run_id}/{name}"
        self.s3.put_object(Bucket=self.bucket, Key=object_key, Body=body)
        self.keys.append(object_key)
        return {"Bucket": self.bucket, "Name": object_key}

    def cleanup(self) -> list[str]:
        """Remove what the run created; returns what could not be removed (for the run's output)."""
        leftovers = []
        for key in self.keys:
            try:
                self.s3.delete_object(Bucket=self.bucket, Key=key)
            except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError):
                leftovers.append(f"s3://{self.bucket}/{key}")
        self.keys = []
        if self.owned and self.created:
            try:
                self.s3.delete_bucket(Bucket=self.bucket)
                self.created = False
            except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError):
                leftovers.append(f"s3://{self.bucket}")
        return leftovers
