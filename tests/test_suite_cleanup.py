"""After a session, the face collections and stream processors the run made are gone, even when tests failed.

A reference backend is started in this process with two faults: ListFaces answers a member the model does
not declare (so collection tests fail), and the first StopStreamProcessor is denied (so the stream
processor scenario leaves its processor RUNNING). The suite, in a subprocess, reaches the backend only
through the standard AWS variables and the RC_* stream processor variables; afterwards the backend holds no
collection and no stream processor named with the run's prefix.
"""

from __future__ import annotations

import itertools
import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import botocore.session

from rekognition_conformance.reference.context import ServiceContext
from rekognition_conformance.reference.protocol import ServiceError
from rekognition_conformance.reference.server import REFERENCE_ACCESS_KEY, REFERENCE_SECRET_KEY, ReferenceServer
from rekognition_conformance.resources import ENV_DATA_STREAM, ENV_ROLE, ENV_VIDEO_STREAM

ROOT = Path(__file__).resolve().parent.parent
RUN_ID = "cleanup0"


def _faulty(server: ReferenceServer) -> None:
    list_faces, stop = server.operations["ListFaces"], server.operations["StopStreamProcessor"]
    stops = itertools.count()

    def noisy_list_faces(context: ServiceContext, params: dict[str, Any]) -> dict[str, Any]:
        return {**list_faces(context, params), "Undeclared": True}

    def first_stop_refused(context: ServiceContext, params: dict[str, Any]) -> dict[str, Any]:
        if next(stops) == 0:
            # A client error, which botocore does not retry.
            raise ServiceError("AccessDeniedException", "You are not authorized to perform the action.")
        return stop(context, params)

    server.operations["ListFaces"] = noisy_list_faces
    server.operations["StopStreamProcessor"] = first_stop_refused


def _leftovers(server: ReferenceServer) -> list[str]:
    rek = botocore.session.get_session().create_client(
        "rekognition", endpoint_url=server.endpoint_url, region_name=server.region,
        aws_access_key_id=REFERENCE_ACCESS_KEY, aws_secret_access_key=REFERENCE_SECRET_KEY,
    )
    names = rek.list_collections()["CollectionIds"]
    names += [p["Name"] for p in rek.list_stream_processors()["StreamProcessors"]]
    return [name for name in names if name.startswith(f"rc-{RUN_ID}-")]


def test_the_runs_resources_are_removed_even_after_failures(tmp_path):
    with ReferenceServer() as server:
        _faulty(server)
        env = {
            **os.environ,
            "AWS_ENDPOINT_URL_REKOGNITION": server.endpoint_url,
            "AWS_ENDPOINT_URL_S3": server.endpoint_url,
            "AWS_ACCESS_KEY_ID": REFERENCE_ACCESS_KEY,
            "AWS_SECRET_ACCESS_KEY": REFERENCE_SECRET_KEY,
            "AWS_REGION": server.region,
            ENV_VIDEO_STREAM: "arn:aws:kinesisvideo:us-east-1:123456789012:stream/in/1",
            ENV_DATA_STREAM: "arn:aws:kinesis:us-east-1:123456789012:stream/out",
            ENV_ROLE: "arn:aws:iam::123456789012:role/rc",
        }
        report = tmp_path / "report.json"
        proc = subprocess.run(
            [sys.executable, "-m", "pytest", "conformance", "-q", "-p", "no:cacheprovider", "--target", "endpoint",
             "--only", "collections,face_search,stream_processors", "--run-id", RUN_ID,
             # The fuzz layer's own StopStreamProcessor calls would take the one denied stop.
             "--no-fuzz", f"--conformance-json={report}"],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=900,
        )
        rules = json.loads(report.read_text())["rules"]
        assert proc.returncode != 0, "the faults were meant to fail some tests"
        assert rules["SCHEMA.UNDECLARED"]["violations"] > 0, proc.stdout[-3000:]
        stopped = rules.get("STREAM_PROCESSORS.LIFECYCLE.STOP", {"checks": 0})
        assert stopped["checks"] == 0, "the stop that was denied is not judged: the processor was left running"
        assert rules["COLLECTIONS.LIST.COMPLETE"]["checks"] > 0 and rules["STREAM_PROCESSORS.LIST.COMPLETE"]["checks"]
        assert _leftovers(server) == [], proc.stdout[-3000:]
        assert "could not remove" not in proc.stdout


def _env_for(server: ReferenceServer) -> dict[str, str]:
    return {
        **os.environ,
        "AWS_ENDPOINT_URL_REKOGNITION": server.endpoint_url,
        "AWS_ENDPOINT_URL_S3": server.endpoint_url,
        "AWS_ACCESS_KEY_ID": REFERENCE_ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY": REFERENCE_SECRET_KEY,
        "AWS_REGION": server.region,
    }


def _client(server: ReferenceServer, service: str) -> Any:
    from botocore.config import Config

    return botocore.session.get_session().create_client(
        service, endpoint_url=server.endpoint_url, region_name=server.region,
        aws_access_key_id=REFERENCE_ACCESS_KEY, aws_secret_access_key=REFERENCE_SECRET_KEY,
        config=Config(s3={"addressing_style": "path"}),
    )


def _held(server: ReferenceServer, run_id: str) -> list[str]:
    """Everything the backend holds that is named for run ``run_id``: collections, processors, buckets, objects."""
    rek, s3 = _client(server, "rekognition"), _client(server, "s3")
    names = rek.list_collections()["CollectionIds"] + [
        p["Name"] for p in rek.list_stream_processors()["StreamProcessors"]
    ]
    held = [name for name in names if name.startswith(f"rc-{run_id}-")]
    for bucket in (b["Name"] for b in s3.list_buckets()["Buckets"]):
        held += [f"s3://{bucket}/{o['Key']}" for o in s3.list_objects_v2(Bucket=bucket).get("Contents", [])
                 if f"/{run_id}/" in o["Key"]]
        held += [f"s3://{bucket}"] if run_id in bucket else []
    return held


def _sigint_as_from_a_terminal() -> None:
    """The run gets Ctrl-C as from a terminal, even when this test's own launcher ignores SIGINT (a background
    job of a script without job control), which the run would inherit."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_an_interrupted_run_removes_what_it_made(tmp_path):
    run_id = "intr0"
    # Jobs stay IN_PROGRESS long enough for the interrupt to land while the run waits on them.
    with ReferenceServer(job_latency=30) as server:
        proc = subprocess.Popen(
            [sys.executable, "-m", "pytest", "conformance", "-q", "-p", "no:cacheprovider", "--target", "endpoint",
             "--only", "collections,face_search", "--run-id", run_id],
            cwd=ROOT, env=_env_for(server), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            preexec_fn=_sigint_as_from_a_terminal,
        )
        seen = []
        for line in proc.stdout:
            seen.append(line)
            if "starting" in line and "job(s)" in line:
                break
        assert _held(server, run_id), "the run was meant to have made a collection and staged videos"
        proc.send_signal(signal.SIGINT)
        out = "".join(seen) + proc.communicate(timeout=120)[0]
        assert proc.returncode == 2, out[-3000:]
        assert _held(server, run_id) == [], out[-3000:]


def test_leftovers_of_an_earlier_run_with_the_same_id_are_removed_at_the_start():
    run_id = "left0"
    with ReferenceServer() as server:
        rek, s3 = _client(server, "rekognition"), _client(server, "s3")
        rek.create_collection(CollectionId=f"rc-{run_id}-stale")
        s3.create_bucket(Bucket=f"rc-conformance-{run_id}")
        s3.put_object(Bucket=f"rc-conformance-{run_id}", Key=f"rekognition-conformance/{run_id}/stale.bin", Body=b"x")
        proc = subprocess.run(
            [sys.executable, "-m", "pytest", str(ROOT / "conformance" / "suite" / "test_video_starts.py"), "-q",
             "-p", "no:cacheprovider", "--target", "endpoint", "--run-id", run_id, "-k", "unauthenticated and labels"],
            cwd=ROOT, env=_env_for(server), capture_output=True, text=True, timeout=300,
        )
        assert proc.returncode == 0, proc.stdout[-3000:]
        assert f"leftover resource(s) of an earlier run rc-{run_id}-" in proc.stdout
        assert _held(server, run_id) == [], proc.stdout[-3000:]
