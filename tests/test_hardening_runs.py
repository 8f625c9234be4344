"""Whole runs of the suite against a backend having a bad day: throttling, a job that never finishes, a
backend that dies mid-run or was never there, and a run's outputs checked for the credentials it used.

Each run is a subprocess pointed at the backend only through the standard AWS variables (``--target
endpoint``); the backends are reference servers, in this process or (to be killed) in their own.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

from rekognition_conformance.reference.server import ReferenceServer

ROOT = Path(__file__).resolve().parent.parent
SUITE = ROOT / "conformance" / "suite"
LABEL_START = str(SUITE / "test_label_start.py")
# The tests every family shares, and the expression selecting the label family's among them.
VIDEO_GETS = str(SUITE / "test_video_gets.py")
VIDEO_STARTS = str(SUITE / "test_video_starts.py")
LABELS_ONLY = ("-k", "test_label_start or labels")
LABEL_RESULTS = str(SUITE / "test_label_results.py")
ACCESS_KEY = "AKIAHARDENINGTEST007"
SECRET_KEY = "hardening-Secret-zq7Xv2pL9mN4bR8tK1wY"


def _env(url: str) -> dict[str, str]:
    return {
        **os.environ,
        "AWS_ENDPOINT_URL_REKOGNITION": url,
        "AWS_ENDPOINT_URL_S3": url,
        "AWS_ACCESS_KEY_ID": ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
        "AWS_REGION": "us-east-1",
    }


def _suite(*args: str) -> list[str]:
    return [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--target", "endpoint", *args]


def _run(url: str, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run(_suite(*args), cwd=ROOT, env=_env(url), capture_output=True, text=True, timeout=timeout)


def _server(**options) -> ReferenceServer:
    return ReferenceServer(credentials={ACCESS_KEY: SECRET_KEY}, **options)


def test_a_run_with_a_fifth_of_requests_throttled_passes():
    with _server(throttle=0.2, throttle_seed=11) as server:
        proc = _run(server.endpoint_url, LABEL_START, VIDEO_STARTS, VIDEO_GETS, *LABELS_ONLY)
        refused = server.throttle.refused
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    assert refused > 20, f"only {refused} requests were throttled"
    assert re.search(r"(\d+) of \1 MUST rules pass", proc.stdout)


def test_a_job_that_never_finishes_fails_only_its_own_tests():
    with _server(stuck_jobs=("StartLabelDetection",)) as server:
        began = time.monotonic()
        proc = _run(server.endpoint_url, LABEL_RESULTS, str(SUITE / "test_segments.py"), "--job-timeout", "3")
        took = time.monotonic() - began
    out = proc.stdout
    assert proc.returncode == 1, out[-4000:]
    failed = re.findall(r"^FAILED (\S+)", out, re.M)
    assert failed and all("test_label_results" in f for f in failed), failed
    assert re.search(r"job labels\.\S+: StartLabelDetection job \w+ still IN_PROGRESS after \d+ s "
                     r"\(--job-timeout 3 s\)", out), out[-4000:]
    assert re.search(r"\d+ passed", out)
    assert took < 120


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _one_clear_error(proc: subprocess.CompletedProcess, url: str) -> str:
    both = proc.stdout + proc.stderr
    assert "Traceback" not in both and "INTERNALERROR" not in both, both[-5000:]
    lines = [line for line in both.splitlines() if "Could not connect" in line or "backend unreachable" in line]
    assert lines and len({line.strip("! ") for line in lines}) == 1, lines
    assert url in lines[0]
    return lines[0]


def test_a_backend_that_dies_mid_run_ends_the_run_with_one_clear_error():
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    backend = subprocess.Popen(
        [sys.executable, "-m", "rekognition_conformance.reference", "--port", str(port), "--latency", "4"],
        cwd=ROOT, env=_env(url), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )
    try:
        assert "listening on" in backend.stdout.readline()
        # The banner names the credentials the server accepts; the suite uses them.
        env = {**_env(url), "AWS_ACCESS_KEY_ID": "AKIAREFERENCE0000001",
               "AWS_SECRET_ACCESS_KEY": "reference-secret-key-not-for-aws"}
        suite = subprocess.Popen(_suite(LABEL_START, LABEL_RESULTS), cwd=ROOT, env=env,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        # Killed once the jobs are started (and IN_PROGRESS for 4 s): mid-run, with tests waiting on them.
        for line in suite.stdout:
            if "starting" in line and "job(s)" in line:
                break
        time.sleep(0.5)
        backend.kill()
        killed = time.monotonic()
        out, err = suite.communicate(timeout=120)
        ended = time.monotonic() - killed
    finally:
        backend.kill()
        backend.wait()
    proc = subprocess.CompletedProcess(suite.args, suite.returncode, out, err)
    assert proc.returncode == 3, out[-4000:] + err[-2000:]
    line = _one_clear_error(proc, url)
    assert re.search(r"(Get|Start)\w+ to ", line), line
    assert ended < 60


def test_an_unreachable_backend_ends_the_run_at_once_with_one_clear_error():
    url = f"http://127.0.0.1:{_free_port()}"
    began = time.monotonic()
    proc = _run(url, LABEL_START, timeout=120)
    assert proc.returncode == 4, proc.stdout[-3000:] + proc.stderr[-2000:]
    line = _one_clear_error(proc, url)
    assert "CreateBucket" in line, line
    assert time.monotonic() - began < 60


def test_no_credential_appears_in_any_output_of_a_failing_run(tmp_path):
    junit, report = tmp_path / "junit.xml", tmp_path / "report.json"
    env_faults = {"RC_REFERENCE_FAULTS": ""}
    with _server(faults=("later-pages-not-json",)) as server:
        proc = subprocess.run(
            _suite(LABEL_RESULTS, VIDEO_GETS, "-k", "test_label_results or labels", "-rA", "-l", "--tb=long",
                   f"--junitxml={junit}", f"--conformance-json={report}"),
            cwd=ROOT, env={**_env(server.endpoint_url), **env_faults}, capture_output=True, text=True, timeout=300,
        )
    assert proc.returncode == 1, proc.stdout[-3000:]
    assert "SCHEMA.RESPONSE" in proc.stdout and "harness error" not in proc.stdout, proc.stdout[-3000:]
    outputs = {"stdout": proc.stdout, "stderr": proc.stderr, "junit": junit.read_text(), "json": report.read_text()}
    outputs.update({str(p): p.read_text(errors="replace") for p in tmp_path.rglob("*") if p.is_file()})
    for name, text in outputs.items():
        assert SECRET_KEY not in text, f"the secret access key appears in {name}"
        assert ACCESS_KEY not in text, f"the access key id appears in {name}"
