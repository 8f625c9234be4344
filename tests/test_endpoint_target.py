"""The suite reaches any backend through the standard AWS variables, and reports what it does not serve.

A reference backend is started in this process and the suite, in a subprocess, is pointed at it only
through AWS_ENDPOINT_URL_REKOGNITION, AWS_ENDPOINT_URL_S3, AWS_REGION and the credential variables.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from rekognition_conformance.reference.server import REFERENCE_ACCESS_KEY, REFERENCE_SECRET_KEY, ReferenceServer

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def backend():
    with ReferenceServer() as server:
        yield server


def run_against(
    server: ReferenceServer, tmp_path: Path, *args: str, paths: tuple[str, ...] = ("conformance",)
) -> tuple[subprocess.CompletedProcess, dict]:
    env = {
        **os.environ,
        "AWS_ENDPOINT_URL_REKOGNITION": server.endpoint_url,
        "AWS_ENDPOINT_URL_S3": server.endpoint_url,
        "AWS_ACCESS_KEY_ID": REFERENCE_ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY": REFERENCE_SECRET_KEY,
        "AWS_REGION": "us-east-1",
        # What the README's CI example sets for stream processors (placeholders the reference accepts).
        "RC_KINESIS_VIDEO_STREAM_ARN": "arn:aws:kinesisvideo:us-east-1:123456789012:stream/rc-conformance/1",
        "RC_KINESIS_DATA_STREAM_ARN": "arn:aws:kinesis:us-east-1:123456789012:stream/rc-conformance",
        "RC_STREAM_PROCESSOR_ROLE_ARN": "arn:aws:iam::123456789012:role/rc-conformance",
    }
    report = tmp_path / "report.json"
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", *paths, "-q", "-rs", "-p", "no:cacheprovider", "--target", "endpoint",
         f"--conformance-json={report}", *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=900,
    )
    return proc, json.loads(report.read_text()) if report.exists() else {}


@pytest.fixture(scope="module")
def clean_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, subprocess.CompletedProcess, dict]:
    """One run of the whole suite against a clean reference backend, shared by this module's tests."""
    with ReferenceServer() as server:
        proc, report = run_against(server, tmp_path_factory.mktemp("clean"))
        return server.endpoint_url, proc, report


def test_endpoint_target_runs_the_same_suite(clean_run):
    endpoint_url, proc, report = clean_run
    assert proc.returncode == 0, proc.stdout[-5000:] + proc.stderr[-2000:]
    assert endpoint_url in report["target"]
    assert report["unsupported"] == {} and report["families"] == {}
    assert report["rules"]["PAGINATION.COMPLETE"]["checks"] > 0


def test_a_clean_run_judges_every_pair_in_scope(clean_run):
    """Every (rule, operation) pair in every rule's scope is judged on a clean run: none is left not checked
    or inconclusive, and the rule table, the matrix and the JSON say the same."""
    _, proc, report = clean_run
    assert report["whole_suite"] is True
    pairs = report["pairs"]
    assert pairs["not_checked"] == 0 and pairs["inconclusive"] == 0, {
        rid: {op: o for op, o in entry["outcomes"].items() if o["outcome"] in ("not_checked", "inconclusive")}
        for rid, entry in report["rules"].items() if entry["outcome"] in ("not_checked", "inconclusive")}
    in_scope = sum(len(entry["operations"]) for entry in report["rules"].values())
    assert pairs["pass"] == in_scope, pairs
    assert report["gate"] == []
    rules = len(report["rules"])
    assert f"{rules} rules checked, 0 not checked, 0 inconclusive" in proc.stdout
    assert f"(rule, operation) pairs: {in_scope} pass, 0 fail, 0 warning, 0 inconclusive, 0 not checked" in proc.stdout
    assert "0 not checked" in next(line for line in proc.stdout.splitlines() if line.startswith("cells: "))


def test_without_an_endpoint_the_endpoint_target_refuses_and_names_the_aws_target(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_ENDPOINT_URL")}
    env.update(AWS_ACCESS_KEY_ID="AKIAEXAMPLE", AWS_SECRET_ACCESS_KEY="example", AWS_REGION="us-east-1")
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "conformance", "-q", "-p", "no:cacheprovider", "--target", "endpoint",
         "--only", "text", "-k", "test_every_page_conforms"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 4, proc.stdout[-3000:] + proc.stderr[-2000:]
    output = proc.stdout + proc.stderr
    assert "AWS_ENDPOINT_URL_REKOGNITION" in output and "--target aws" in output, output[-3000:]
    assert "amazonaws.com" not in output


def test_a_family_the_backend_does_not_serve_is_reported_not_implemented(backend, tmp_path):
    for operation in ("StartLabelDetection", "GetLabelDetection"):
        del backend.operations[operation]
    labels = tuple(str(p.relative_to(ROOT)) for p in sorted((ROOT / "conformance" / "suite").glob("test_label_*.py")))
    proc, report = run_against(backend, tmp_path, paths=labels)
    assert proc.returncode == 0, proc.stdout[-5000:]
    assert "not implemented: labels" in proc.stdout
    assert "UnknownOperationException" in report["unsupported"]["labels"]
    assert " passed" not in proc.stdout.splitlines()[-1], "an unserved family must not pass"

    strict, _ = run_against(backend, tmp_path, "--strict", paths=labels)
    assert strict.returncode != 0
    assert "unsupported under --strict" in strict.stdout
