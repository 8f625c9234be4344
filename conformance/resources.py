"""The server-side resources a run makes (face collections, stream processors), and removing them again.

Every resource is named with the run's prefix, ``rc-<run id>-``, and recorded when it is made. At the end
of the session :meth:`RunResources.cleanup` stops and deletes what was recorded and then sweeps the
account's listings for anything else with the prefix (made by a request that was meant to fail, or by a
test that failed half-way), so a run leaves nothing behind even after failures. Also here: reading an
account-level listing to its end, reading again until an eventually consistent read settles, and polling
a stream processor's status.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from typing import Any, TypeVar

from rekognition_conformance.clients import Caller, HarnessError
from rekognition_conformance.exchange import Exchange
from rekognition_conformance.listing import next_token

MAX_PAGES = 200
# Collection listings and counts are eventually consistent on AWS (an existing collection was reported missing
# about once in ten calls, boto/boto3#1413): a read right after a change is repeated for this long before the
# last read is judged. RC_CONSISTENCY_SECONDS changes it; a backend that is consistent at once costs nothing.
CONSISTENCY_TIMEOUT = float(os.environ.get("RC_CONSISTENCY_SECONDS", "8"))
CONSISTENCY_INTERVAL = 0.5
T = TypeVar("T")
STATUS_TIMEOUT = 120.0
POLL_INTERVAL = 0.25
CLEANUP_TIMEOUT = 180.0

ENV_VIDEO_STREAM = "RC_KINESIS_VIDEO_STREAM_ARN"
ENV_DATA_STREAM = "RC_KINESIS_DATA_STREAM_ARN"
ENV_ROLE = "RC_STREAM_PROCESSOR_ROLE_ARN"
PLACEHOLDER_ACCOUNT = "123456789012"


@dataclass(frozen=True)
class Chain:
    """The pages of a listing read to its end, and why reading stopped early (None when it did not)."""

    pages: tuple[Exchange, ...]
    stopped: str | None

    def items(self, member: str) -> list[Any]:
        return [item for page in self.pages for item in page.items(member)]


def read_pages(caller: Caller, operation: str, params: dict[str, Any], *, max_pages: int = MAX_PAGES) -> Chain:
    """Every page of an account-level listing (ListCollections, ListFaces, ListStreamProcessors)."""
    pages: list[Exchange] = []
    seen: set[str] = set()
    token: str | None = None
    while True:
        page = caller.call(operation, {**params, "NextToken": token} if token else dict(params))
        pages.append(page)
        token, stopped = next_token(page, len(pages), seen, max_pages)
        if token is None:
            return Chain(tuple(pages), stopped)


def settled(read: Callable[[], T], settles: Callable[[T], bool], *, timeout: float | None = None) -> T:
    """``read()`` again until ``settles`` holds for its result or ``timeout`` seconds pass; the last result.

    For reads that AWS makes eventually consistent (listings and counts right after a change): the rule
    is judged on the last read, so a backend that never settles still fails, after a bounded wait.
    """
    deadline = time.monotonic() + (CONSISTENCY_TIMEOUT if timeout is None else timeout)
    value = read()
    while not settles(value) and time.monotonic() < deadline:
        time.sleep(CONSISTENCY_INTERVAL)
        value = read()
    return value


@dataclass
class StatusPoll:
    """What polling DescribeStreamProcessor saw: each description, and whether polling timed out."""

    describes: list[Exchange]
    timed_out: bool

    @property
    def statuses(self) -> list[str]:
        return [str(d.body.get("Status")) for d in self.describes if d.ok and isinstance(d.body, dict)]

    @property
    def last(self) -> Exchange | None:
        return self.describes[-1] if self.describes else None

    @property
    def status(self) -> str | None:
        return self.statuses[-1] if self.statuses else None


def poll_status(
    caller: Caller,
    name: str,
    until: Collection[str],
    *,
    timeout: float = STATUS_TIMEOUT,
    interval: float = POLL_INTERVAL,
) -> StatusPoll:
    """Describe processor ``name`` until its status is one of ``until``, an error is answered, or time runs out."""
    deadline = time.monotonic() + timeout
    describes: list[Exchange] = []
    while True:
        answer = caller.call("DescribeStreamProcessor", {"Name": name})
        describes.append(answer)
        body = answer.body if isinstance(answer.body, dict) else {}
        if not answer.ok or body.get("Status") in until:
            return StatusPoll(describes, False)
        if time.monotonic() > deadline:
            return StatusPoll(describes, True)
        time.sleep(interval)


@dataclass(frozen=True)
class ProcessorArns:
    """The Kinesis streams and IAM role a face search stream processor is created with."""

    video_stream: str
    data_stream: str
    role: str


def processor_arns(target_name: str, region: str) -> ProcessorArns | str:
    """The ARNs from the environment; well-formed placeholders for the reference backend; else why not."""
    found = {name: os.environ.get(name) for name in (ENV_VIDEO_STREAM, ENV_DATA_STREAM, ENV_ROLE)}
    if all(found.values()):
        return ProcessorArns(found[ENV_VIDEO_STREAM], found[ENV_DATA_STREAM], found[ENV_ROLE])
    if target_name == "reference":
        return ProcessorArns(
            f"arn:aws:kinesisvideo:{region}:{PLACEHOLDER_ACCOUNT}:stream/rc-conformance/1",
            f"arn:aws:kinesis:{region}:{PLACEHOLDER_ACCOUNT}:stream/rc-conformance",
            f"arn:aws:iam::{PLACEHOLDER_ACCOUNT}:role/rc-conformance",
        )
    missing = ", ".join(name for name, value in found.items() if not value)
    return (
        f"stream processors need a real Kinesis video stream, Kinesis data stream and IAM role on this target; "
        f"set {missing}"
    )


@dataclass
class RunResources:
    """Names, records and finally removes the collections and stream processors of one run."""

    caller: Caller
    run_id: str
    collections: list[str] = field(default_factory=list)
    processors: list[str] = field(default_factory=list)

    @property
    def prefix(self) -> str:
        return f"rc-{self.run_id}-"

    def name(self, suffix: str) -> str:
        return f"{self.prefix}{suffix}"

    def create_collection(self, collection_id: str, **params: Any) -> Exchange:
        self.collections.append(collection_id)
        return self.caller.call("CreateCollection", {"CollectionId": collection_id, **params})

    def create_processor(self, request: dict[str, Any]) -> Exchange:
        self.processors.append(request["Name"])
        return self.caller.call("CreateStreamProcessor", request)

    def cleanup(self) -> list[str]:
        """Remove everything the run made; what could not be removed, for the run's output."""
        leftovers = []
        try:
            if self.processors:
                names = dict.fromkeys([*self.processors, *self._listed("ListStreamProcessors", "StreamProcessors")])
                leftovers += [f"stream processor {n}" for n in names if not self._remove_processor(n)]
            if self.collections:
                ids = dict.fromkeys([*self.collections, *self._listed("ListCollections", "CollectionIds")])
                leftovers += [f"collection {c}" for c in ids if not self._remove_collection(c)]
        except HarnessError as exc:
            leftovers.append(f"cleanup stopped: {exc}")
        return leftovers

    def _listed(self, operation: str, member: str) -> list[str]:
        chain = read_pages(self.caller, operation, {})
        names = [item.get("Name") if isinstance(item, dict) else item for item in chain.items(member)]
        return [n for n in names if isinstance(n, str) and n.startswith(self.prefix)]

    def _remove_collection(self, collection_id: str) -> bool:
        answer = self.caller.call("DeleteCollection", {"CollectionId": collection_id})
        return answer.ok or answer.error_code == "ResourceNotFoundException"

    def _remove_processor(self, name: str) -> bool:
        """Stop (if it runs) and delete ``name``, waiting out transitions; whether it is gone."""
        deadline = time.monotonic() + CLEANUP_TIMEOUT
        while time.monotonic() < deadline:
            described = self.caller.call("DescribeStreamProcessor", {"Name": name})
            if described.error_code == "ResourceNotFoundException":
                return True
            if not described.ok or not isinstance(described.body, dict):
                deleted = self.caller.call("DeleteStreamProcessor", {"Name": name})
                return deleted.ok or deleted.error_code == "ResourceNotFoundException"
            status = described.body.get("Status")
            if status in ("STARTING", "RUNNING"):
                self.caller.call("StopStreamProcessor", {"Name": name})
            elif status not in ("STOPPING", "UPDATING"):
                deleted = self.caller.call("DeleteStreamProcessor", {"Name": name})
                if deleted.ok or deleted.error_code == "ResourceNotFoundException":
                    return True
            time.sleep(1.0)
        return False
