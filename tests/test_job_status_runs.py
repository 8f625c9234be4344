"""A backend whose video Get answers carry no JobStatus fails the README's CI command quickly, naming the rule.

Before, the job pool took such a job for one still running and polled it until ``--job-timeout`` (900 s by
default). The command line is the one of the README's GitHub Actions example.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from typing import Any

from rekognition_conformance.reference.server import ReferenceServer
from rekognition_conformance.spec.operations import ALL_OPERATIONS
from tests.test_suite_cleanup import ROOT, _env_for

VIDEO_GETS = [op for op in ALL_OPERATIONS if op.startswith("Get") and op.endswith(
    ("LabelDetection", "SegmentDetection", "TextDetection", "FaceDetection", "FaceSearch", "PersonTracking",
     "ContentModeration", "CelebrityRecognition"))]


def test_a_backend_without_job_status_fails_schema_response_within_a_minute(tmp_path):
    with ReferenceServer() as server:
        for operation in VIDEO_GETS:
            get = server.operations[operation]

            def without_status(context: Any, params: dict[str, Any], get: Any = get) -> dict[str, Any]:
                return {k: v for k, v in get(context, params).items() if k != "JobStatus"}

            server.operations[operation] = without_status
        report = tmp_path / "conformance.json"
        began = time.monotonic()
        proc = subprocess.run(
            [sys.executable, "-m", "pytest", "conformance", "--target", "endpoint", "-p", "no:cacheprovider",
             f"--junitxml={tmp_path / 'conformance.xml'}", f"--conformance-json={report}",
             f"--conformance-html={tmp_path / 'conformance.html'}"],
            cwd=ROOT, env=_env_for(server), capture_output=True, text=True, timeout=900,
        )
        took = time.monotonic() - began
    assert len(VIDEO_GETS) == 8
    assert proc.returncode == 1, proc.stdout[-3000:]
    assert "SCHEMA.RESPONSE" in proc.stdout and "no JobStatus member" in proc.stdout, proc.stdout[-3000:]
    schema = json.loads(report.read_text())["rules"]["SCHEMA.RESPONSE"]
    assert set(schema["checked_operations"]) >= set(VIDEO_GETS), schema["checked_operations"]
    assert took < 60, f"the run took {took:.0f} s"
