"""Cassettes end to end: the committed cassette replays the whole suite offline, recordings hold no secret,
and a drift run names what a changed backend answers differently.

Each test runs the suite as a user would, in a pytest subprocess. The scrubbing and drift tests use a
small selection of the suite (the label families' tests); the job pool still starts every job it needs.
"""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import botocore.session
import pytest

from rekognition_conformance.cassettes.recorder import default_cassette
from rekognition_conformance.cassettes.store import read_metadata
from rekognition_conformance.reference.server import ReferenceServer

ROOT = Path(__file__).resolve().parent.parent
COMMITTED = default_cassette("reference")
SELECTION = "test_label_start or ((test_video_starts or test_video_gets) and labels)"
FAKE_ACCESS_KEY = "AKIAQQQQFAKEKEY77777"
FAKE_SECRET_KEY = "RecognisableFakeSecret/DoNotLeak+0123456789"
FAKE_TOKEN = "RecognisableFakeSessionToken-DoNotLeak-0123456789"
SECRET_BUCKET = "rc-private-bucket-name-4711"


def run_suite(*args: str, env: dict[str, str] | None = None) -> tuple[subprocess.CompletedProcess, float]:
    """Run the suite in a subprocess; ``env`` adds variables (an empty value removes one)."""
    began = time.monotonic()
    environment = {k: v for k, v in {**os.environ, **(env or {})}.items() if v != ""}
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "conformance", "-q", "-p", "no:cacheprovider", *args],
        cwd=ROOT, capture_output=True, text=True, timeout=900, env=environment,
    )
    return proc, time.monotonic() - began


def output(proc: subprocess.CompletedProcess) -> str:
    return proc.stdout[-8000:] + proc.stderr[-3000:]


def cassette_text(path: Path) -> str:
    raw = path.read_bytes()
    return (gzip.decompress(raw) if path.suffix == ".gz" else raw).decode("utf-8")


def test_committed_cassette_replays_the_whole_suite_without_a_backend():
    assert COMMITTED.is_file(), f"regenerate with: pytest conformance --record-mode=rewrite ({COMMITTED})"
    assert COMMITTED.stat().st_size < 15_000_000
    # Nothing listens at the replay endpoint: were a request to escape the cassette, it would fail.
    proc, _ = run_suite("--record-mode=none", env={"RC_REFERENCE_FAULTS": "no-such-fault"})
    assert proc.returncode == 0, output(proc)
    assert "target: replay of" in proc.stdout and "interactions replayed" in proc.stdout, output(proc)
    assert "requests had no recorded interaction" not in proc.stdout, output(proc)
    assert " passed" in proc.stdout and " failed" not in proc.stdout
    assert "MUST rules pass" in proc.stdout


@pytest.fixture
def fake_credential_backend():
    server = ReferenceServer(credentials={FAKE_ACCESS_KEY: FAKE_SECRET_KEY})
    server.start()
    try:
        session = botocore.session.get_session()
        session.set_credentials(FAKE_ACCESS_KEY, FAKE_SECRET_KEY, FAKE_TOKEN)
        s3 = session.create_client("s3", region_name="us-east-1", endpoint_url=server.endpoint_url)
        s3.create_bucket(Bucket=SECRET_BUCKET)
        yield {
            "AWS_ENDPOINT_URL_REKOGNITION": server.endpoint_url,
            "AWS_ENDPOINT_URL_S3": server.endpoint_url,
            "AWS_ACCESS_KEY_ID": FAKE_ACCESS_KEY,
            "AWS_SECRET_ACCESS_KEY": FAKE_SECRET_KEY,
            "AWS_SESSION_TOKEN": FAKE_TOKEN,
            "AWS_DEFAULT_REGION": "us-east-1",
        }
    finally:
        server.stop()


def test_no_secret_reaches_a_cassette_and_the_scrubbed_cassette_replays(tmp_path, fake_credential_backend):
    cassette = tmp_path / "endpoint.json"
    # A collection's lifecycle too: its answers carry an ARN with the account id in it.
    selection = f"{SELECTION} or test_create_and_describe_agree"
    proc, _ = run_suite(
        "-k", selection, "--target", "endpoint", "--bucket", SECRET_BUCKET, "--scrub-buckets",
        "--record-mode=once", "--cassette", str(cassette), env=fake_credential_backend,
    )
    assert proc.returncode == 0, output(proc)
    text = cassette_text(cassette)
    assert "RekognitionService.StartLabelDetection" in text and "CollectionArn" in text
    leaks = [secret for secret in (FAKE_ACCESS_KEY, FAKE_SECRET_KEY, FAKE_TOKEN, SECRET_BUCKET,
                                   "123456789012", "Authorization", "X-Amz-Security-Token", "Signature=")
             if secret in text]
    assert leaks == [], f"{leaks} written to {cassette}"
    assert "scrubbed-bucket-1" in text
    assert not list(tmp_path.glob("*.tmp"))

    # The scrubbed cassette replays with no backend and no credentials at all.
    env = {k: "" for k in [*fake_credential_backend, "AWS_ENDPOINT_URL", "AWS_PROFILE"]}
    proc, _ = run_suite("-k", selection, "--record-mode=none", "--cassette", str(cassette), env=env)
    assert proc.returncode == 0, output(proc)
    assert "requests had no recorded interaction" not in proc.stdout


def test_drift_names_the_operation_and_member_a_changed_backend_answers_differently(tmp_path):
    cassette = tmp_path / "labels.json.gz"
    selection = "test_label_results"
    proc, _ = run_suite("-k", selection, "--record-mode=once", "--cassette", str(cassette))
    assert proc.returncode == 0, output(proc)
    assert read_metadata(cassette)["run_id"]

    clean, _ = run_suite("-k", selection, "--drift", "--cassette", str(cassette),
                         "--drift-json", str(tmp_path / "clean.json"))
    assert "conformance: drift per operation" in clean.stdout, output(clean)
    assert "no drift: every answer matches its recording" in clean.stdout, output(clean)

    drifted, _ = run_suite("-k", selection, "--drift", "--cassette", str(cassette),
                           "--drift-json", str(tmp_path / "drift.json"),
                           env={"RC_REFERENCE_FAULTS": "confidence-as-string"})
    assert "GetLabelDetection: " in drifted.stdout, output(drifted)
    assert "/Label/Confidence type" in drifted.stdout, output(drifted)
    assert "StartLabelDetection: " not in drifted.stdout
    report = json.loads((tmp_path / "drift.json").read_text())
    assert report["drifted"] == ["GetLabelDetection"], report
    assert json.loads((tmp_path / "clean.json").read_text())["drifted"] == []
