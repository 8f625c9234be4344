"""Staging the fixture videos in the target's S3: upload once per run, remove afterwards.

Objects are named with a per-run prefix. A bucket the run created is removed at the end; a bucket given
with ``--bucket`` is kept and only this run's objects are removed from it. Removal lists the prefix rather
than trusting the run's own record, so objects of an interrupted earlier run with the same run id (and any
the suite put beside the videos) go too: once before the upload, and again at the end.
"""

from __future__ import annotations

import os
from typing import Any

import botocore.exceptions

from rekognition_conformance.clients import HarnessError
from rekognition_conformance.fixtures.videos import NOT_A_VIDEO, NOT_A_VIDEO_NAME, VIDEOS, ensure

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
        self._step = ""

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

    @property
    def prefix(self) -> str:
        return f"{PREFIX}/{self.run_id}/"

    def _listed(self) -> list[str]:
        """The keys under this run's prefix (a bucket that does not exist holds none)."""
        keys: list[str] = []
        params: dict[str, Any] = {"Bucket": self.bucket, "Prefix": self.prefix}
        while True:
            try:
                page = self.s3.list_objects_v2(**params)
            except botocore.exceptions.ClientError as exc:
                if exc.response["Error"]["Code"] == "NoSuchBucket":
                    return keys
                raise
            keys += [item["Key"] for item in page.get("Contents") or [] if isinstance(item.get("Key"), str)]
            token = page.get("NextContinuationToken")
            if not page.get("IsTruncated") or not token:
                return keys
            params["ContinuationToken"] = token

    def upload_fixtures(self) -> dict[str, tuple[dict[str, str], dict[str, Any]]]:
        """Upload every fixture video; returns key -> (S3Object, expected VideoMetadata)."""
        # Named in the error, so an unreachable endpoint is reported with the operation that met it.
        self._step = "CreateBucket"
        try:
            if self.owned:
                self._create_bucket()
            self._step = "ListObjectsV2/DeleteObject"
            # xdist workers share the run id: another worker's fresh upload is not a leftover.
            for stale in [] if os.environ.get("PYTEST_XDIST_WORKER") else self._listed():
                self.s3.delete_object(Bucket=self.bucket, Key=stale)
            self._step = "PutObject"
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
            raise HarnessError(
                f"uploading fixture videos to s3://{self.bucket} failed: {self._step} to "
                f"{self.s3.meta.endpoint_url}: {exc}"
            ) from exc

    def _put(self, name: str, body: bytes) -> dict[str, str]:
        object_key = f"{PREFIX}/{self.run_id}/{name}"
        self.s3.put_object(Bucket=self.bucket, Key=object_key, Body=body)
        self.keys.append(object_key)
        return {"Bucket": self.bucket, "Name": object_key}

    def cleanup(self) -> list[str]:
        """Remove what the run created; returns what could not be removed (for the run's output)."""
        leftovers = []
        try:
            listed = self._listed() if self.created or not self.owned else []
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError):
            listed = []
        for key in dict.fromkeys([*self.keys, *listed]):
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
