"""A violation's printed reproduction, pasted into a shell, gets the offending answer from the same backend.

A faulty reference backend runs in this process (pages one item larger than MaxResults, and a Start naming
a missing S3 object answered with a JobId); the suite runs against it in a subprocess through the standard
AWS variables, as a CI job would. The ``reproduce:`` lines of its terminal output are then run by bash with
the real AWS CLI (the ``awscli`` test dependency), the same variables exported, against the same backend,
while the run's jobs still exist there.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from rekognition_conformance.reference.server import REFERENCE_ACCESS_KEY, REFERENCE_SECRET_KEY, ReferenceServer

ROOT = Path(__file__).resolve().parent.parent
FAULTS = ("page-size-off-by-one", "missing-s3-object-accepted")


def environment(server: ReferenceServer, home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    return {
        **env,
        # The CLI installed beside this interpreter; no user configuration or profile reaches it.
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
        "HOME": str(home),
        "AWS_CONFIG_FILE": str(home / "config"),
        "AWS_SHARED_CREDENTIALS_FILE": str(home / "credentials"),
        "AWS_ENDPOINT_URL_REKOGNITION": server.endpoint_url,
        "AWS_ENDPOINT_URL_S3": server.endpoint_url,
        "AWS_ACCESS_KEY_ID": REFERENCE_ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY": REFERENCE_SECRET_KEY,
        "AWS_REGION": "us-east-1",
    }


@pytest.fixture(scope="module")
def faulty_run(tmp_path_factory: pytest.TempPathFactory):
    """The labels family judged on the faulty backend; the backend stays up for the reproductions."""
    tmp = tmp_path_factory.mktemp("reproduce")
    with ReferenceServer(faults=FAULTS) as server:
        env = environment(server, tmp)
        report = tmp / "report.json"
        proc = subprocess.run(
            [sys.executable, "-m", "pytest", "conformance", "-q", "-p", "no:cacheprovider", "--target", "endpoint",
             "--only", "labels", "--no-fuzz", f"--conformance-json={report}"],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
        )
        yield env, proc, json.loads(report.read_text())


def printed_reproduction(output: str, rule_id: str, operation: str) -> str:
    """The ``reproduce:`` line of the first explanation the run printed for ``rule_id`` on ``operation``."""
    found = re.search(rf"\[MUST {re.escape(rule_id)}\] {operation}:.*?\n(?:  \w+: .*\n)*?  reproduce: (.*)\n",
                      output)
    assert found, f"the run printed no reproduction for {rule_id} on {operation}:\n{output[-4000:]}"
    return found.group(1)


def run_in_shell(command: str, env: dict[str, str]) -> dict:
    proc = subprocess.run(["bash", "-c", command], env=env, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, f"{command}\nexit {proc.returncode}: {proc.stderr[-2000:]}"
    return json.loads(proc.stdout)


def test_the_printed_get_command_returns_the_oversized_page(faulty_run):
    env, proc, report = faulty_run
    assert proc.returncode != 0, proc.stdout[-3000:]
    command = printed_reproduction(proc.stdout, "PAGINATION.PAGE_SIZE", "GetLabelDetection")
    words = shlex.split(command)
    assert words[:3] == ["aws", "rekognition", "get-label-detection"], command
    max_results = int(words[words.index("--max-results") + 1])
    answer = run_in_shell(command, env)
    assert len(answer["Labels"]) == max_results + 1, (command, len(answer["Labels"]))
    # The JSON report carries the same command for the same violation.
    assert command in {v["reproduce"] for v in report["violations"] if v["rule_id"] == "PAGINATION.PAGE_SIZE"}


def test_the_printed_start_command_gets_a_job_for_a_missing_object(faulty_run):
    env, proc, _ = faulty_run
    command = printed_reproduction(proc.stdout, "ERRORS.S3_OBJECT", "StartLabelDetection")
    assert shlex.split(command)[:3] == ["aws", "rekognition", "start-label-detection"], command
    answer = run_in_shell(command, env)
    # AWS answers InvalidS3ObjectException; the faulty backend answers with a job, as it did in the run.
    assert isinstance(answer.get("JobId"), str) and answer["JobId"], answer


def test_no_reproduction_carries_a_secret(faulty_run):
    _, proc, report = faulty_run
    commands = [v["reproduce"] for v in report["violations"] if v["reproduce"]]
    assert commands and not [c for c in commands if REFERENCE_SECRET_KEY in c or REFERENCE_ACCESS_KEY in c]
    assert REFERENCE_SECRET_KEY not in proc.stdout
