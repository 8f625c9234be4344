"""Recording against the reference backend and replaying with no backend, through the session recorder."""

from __future__ import annotations

import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from rekognition_conformance.cassettes.cassette import MissingInteraction
from rekognition_conformance.cassettes.recorder import Recorder, RecordingError
from rekognition_conformance.cassettes.store import load_document, read_metadata
from rekognition_conformance.clients import make_clients
from rekognition_conformance.fixtures.videos import VIDEOS, ensure
from rekognition_conformance.jobs import JobPool
from rekognition_conformance.session import RunIdError, resolve_run_id
from rekognition_conformance.storage import VideoBucket
from rekognition_conformance.targets import reference_target

RUN_ID = "cafe0001"
SHORT = VIDEOS["short"]


def options(run_id: str | None = RUN_ID) -> SimpleNamespace:
    return SimpleNamespace(run_id=run_id, bucket=None)


def session(recorder: Recorder, opts: SimpleNamespace, job_latency: float = 0.0):
    target = recorder.replay_target() if recorder.replaying else reference_target(job_latency=job_latency)
    recorder.start(target, opts)
    return target, make_clients(target)


def face_search_start(clients, video: dict) -> dict:
    return clients.rekognition.call(
        "StartFaceSearch", {"Video": video, "CollectionId": "absent", "ClientRequestToken": "tok"}
    ).body


@pytest.fixture(scope="module")
def recorded(tmp_path_factory) -> Path:
    """A cassette holding a bucket, an upload, a label job polled through IN_PROGRESS, and one StartFaceSearch."""
    path = tmp_path_factory.mktemp("cassette") / "small.json.gz"
    recorder = Recorder(mode="once", path=path)
    opts = options()
    recorder.configure(opts)
    target, clients = session(recorder, opts, job_latency=2.0)
    try:
        bucket = VideoBucket(clients.s3, region=target.region, run_id=RUN_ID, bucket=None)
        bucket._create_bucket()
        video = {"S3Object": bucket._put(SHORT.name, ensure("short").read_bytes())}
        pool = JobPool(clients.rekognition, {"short": video}, run_id=RUN_ID, timeout=30, poll_initial=0.3)
        pool.start_all(["labels.default"])
        run = pool.wait("labels.default")
        assert run.statuses[0] == "IN_PROGRESS" and run.status == "SUCCEEDED", run.statuses
        face_search_start(clients, video)
    finally:
        recorder.stop()
        target.close()
    return path


def test_replay_needs_no_backend_and_reproduces_the_polling_without_sleeping(recorded):
    metadata = read_metadata(recorded)
    assert metadata is not None and metadata["run_id"] == RUN_ID
    recorder = Recorder(mode="none", path=recorded)
    assert recorder.replaying
    opts = options(run_id=resolve_run_id(given=None, recorded=recorder.run_id, handed=None))
    recorder.configure(opts)
    assert opts.run_id == RUN_ID  # the recorded run id, so the run sends the recorded requests
    target, clients = session(recorder, opts)
    try:
        assert target.endpoints["rekognition"] == "http://replay.invalid"
        bucket = VideoBucket(clients.s3, region=target.region, run_id=RUN_ID, bucket=None)
        bucket._create_bucket()
        video = {"S3Object": bucket._put(SHORT.name, ensure("short").read_bytes())}
        # Polls as slow as the recording's: only a replay that does not sleep finishes quickly.
        pool = JobPool(clients.rekognition, {"short": video}, run_id=RUN_ID, timeout=30, poll_initial=2.0)
        began = time.monotonic()
        pool.start_all(["labels.default"])
        run = pool.wait("labels.default")
        assert time.monotonic() - began < 1.5
        assert run.statuses[0] == "IN_PROGRESS" and run.status == "SUCCEEDED"
        assert recorder.cassette is not None and recorder.cassette.missing == []
    finally:
        recorder.stop()


def test_get_is_never_answered_with_the_start_body_and_a_miss_names_the_request(recorded):
    recorder = Recorder(mode="none", path=recorded)
    opts = options(run_id=recorder.run_id)
    recorder.configure(opts)
    _, clients = session(recorder, opts)
    try:
        name = f"rekognition-conformance/{RUN_ID}/{SHORT.name}"
        video = {"S3Object": {"Bucket": f"rc-conformance-{RUN_ID}", "Name": name}}
        started = face_search_start(clients, video)
        with pytest.raises(MissingInteraction) as caught:
            clients.rekognition.call("GetFaceSearch", {"JobId": started.get("JobId", "x")})
        message = str(caught.value)
        assert "GetFaceSearch" in message and "has no unplayed interaction" in message
        assert "the cassette holds no GetFaceSearch request at all" in message
        assert "--record-mode=rewrite" in message
        assert "Traceback" not in message and "CannotOverwriteExistingCassetteException" not in message
        # Asking for an interaction more often than the recording did is explained as such.
        with pytest.raises(MissingInteraction, match=r"answers this exact request 1 time\(s\)"):
            face_search_start(clients, video)
        # A request of a recorded operation with another body points at the closest recorded one.
        with pytest.raises(MissingInteraction, match=r"closest:  StartFaceSearch"):
            clients.rekognition.call("StartFaceSearch", {"Video": video, "CollectionId": "other"})
    finally:
        recorder.stop()
    assert len(recorder.cassette.missing) == 3


def _record_one_call(path: Path, mode: str) -> None:
    recorder = Recorder(mode=mode, path=path)
    opts = options()
    recorder.configure(opts)
    target, clients = session(recorder, opts)
    try:
        clients.rekognition.call("ListCollections", {})
    finally:
        recorder.stop()
        target.close()


def test_new_episodes_adds_and_rewrite_replaces(recorded, tmp_path):
    copy = tmp_path / "copy.json.gz"
    copy.write_bytes(recorded.read_bytes())
    before = load_document(copy)
    assert before is not None
    _record_one_call(copy, "new_episodes")
    after = load_document(copy)
    assert len(after["interactions"]) == len(before["interactions"]) + 1
    assert after["metadata"]["run_id"] == RUN_ID
    _record_one_call(copy, "rewrite")
    rewritten = load_document(copy)
    assert [i["request"]["headers"]["X-Amz-Target"] for i in rewritten["interactions"]] == [
        ["RekognitionService.ListCollections"]
    ]


def test_contradictory_options_are_usage_errors(tmp_path):
    with pytest.raises(RecordingError, match="needs a cassette"):
        Recorder(mode="none", path=tmp_path / "absent.json")
    with pytest.raises(RecordingError, match="takes no --record-mode"):
        Recorder(mode="once", path=tmp_path / "x.json", drift=True)
    with pytest.raises(RecordingError, match="choose one of"):
        Recorder(mode="sometimes", path=tmp_path / "x.json")


def test_a_replay_refuses_another_run_id(recorded):
    recorder = Recorder(mode="none", path=recorded)
    with pytest.raises(RunIdError, match="replays only with its own run id"):
        resolve_run_id(given="other", recorded=recorder.run_id, handed=None)
