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

from reference.server import REFERENCE_ACCESS_KEY, REFERENCE_SECRET_KEY, ReferenceServer

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
    }
    report = tmp_path / "report.json"
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", *paths, "-q", "-rs", "-p", "no:cacheprovider", "--target", "endpoint",
         f"--conformance-json={report}", *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=900,
    )
    return proc, json.loads(report.read_text()) if report.exists() else {}


def test_endpoint_target_runs_the_same_suite(backend, tmp_path):
    proc, report = run_against(backend, tmp_path)
    assert proc.returncode == 0, proc.stdout[-5000:] + proc.stderr[-2000:]
    assert backend.endpoint_url in report["target"]
    assert report["unsupported"] == {}
    assert report["rules"]["PAGINATION.COMPLETE"]["checks"] > 0


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
