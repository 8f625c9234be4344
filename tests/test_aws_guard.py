"""``--target aws`` never bills by surprise: the run prints its estimate and stops (exit 4) before any request.

The suite runs in a subprocess with fake credentials and every proxy variable pointed at a listener in
this process. botocore sends every request to AWS through that proxy, so a connection to the listener
is a request that tried to leave the machine; a refused run must leave the listener untouched. The
last test shows the listener does see a run that is allowed to go ahead (it never reaches AWS: the
listener hangs up on it).
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from rekognition_conformance.capabilities import Capabilities
from rekognition_conformance.catalogue import JOBS
from rekognition_conformance.cost import PRICING_URL, estimate
from rekognition_conformance.targets import default_profile

# The jobs a run on AWS may start: none of the families AWS no longer offers (conformance/profiles/aws.yaml).
NOT_OFFERED = Capabilities(profile=default_profile("aws")).not_offered
OFFERED_JOBS = [key for key, spec in JOBS.items() if spec.family not in NOT_OFFERED]

ROOT = Path(__file__).resolve().parent.parent
ENDPOINT_VARIABLES = ("AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_REKOGNITION", "AWS_ENDPOINT_URL_S3")
REFUSAL = "nothing was started. Pass --allow-billable"


class Proxy:
    """A loopback listener standing in for the HTTPS proxy: records each connection and hangs up."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.connections: list[bytes] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except (TimeoutError, OSError):
                continue
            with conn:
                conn.settimeout(1.0)
                try:
                    first = conn.recv(200)
                except OSError:
                    first = b""
                self.connections.append(first)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(5)
        self.sock.close()


@pytest.fixture
def proxy() -> Iterator[Proxy]:
    listener = Proxy()
    yield listener
    listener.close()


def run_aws(proxy: Proxy, *args: str, tmp_path: Path, **extra_env: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items()
           if k not in ENDPOINT_VARIABLES and not k.startswith(("AWS_", "RC_")) and "proxy" not in k.lower()}
    env.update({
        "AWS_ACCESS_KEY_ID": "AKIAFAKEFAKEFAKE0000",
        "AWS_SECRET_ACCESS_KEY": "fake/secret/key/for/the/guard/test/000000",
        "AWS_REGION": "us-east-1",
        # No profile, config or credentials file of the machine's user takes part.
        "AWS_CONFIG_FILE": str(tmp_path / "no-config"),
        "AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "no-credentials"),
        "AWS_EC2_METADATA_DISABLED": "true",
        "HTTPS_PROXY": proxy.url, "HTTP_PROXY": proxy.url, "https_proxy": proxy.url, "http_proxy": proxy.url,
        **extra_env,
    })
    return subprocess.run(
        [sys.executable, "-m", "pytest", "conformance", "-q", "-p", "no:cacheprovider", "--target", "aws", *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )


def _total_row(output: str) -> tuple[int, float, float]:
    match = re.search(r"\[conformance\] total\s+(\d+)\s+([\d.]+)\s+([\d.]+)", output)
    assert match, f"no estimate total in the output:\n{output[-3000:]}"
    return int(match[1]), float(match[2]), float(match[3])


def test_a_run_without_allow_billable_prints_the_estimate_and_stops_before_any_request(proxy, tmp_path):
    proc = run_aws(proxy, tmp_path=tmp_path)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 4, f"exit {proc.returncode}, expected 4 (refused):\n{output[-3000:]}"
    # Every suite test is selected, so the estimate covers the whole catalogue but the families AWS does not offer.
    expected = estimate(OFFERED_JOBS)
    assert _total_row(output) == (len(OFFERED_JOBS), round(expected.minutes, 2), round(expected.dollars, 2)), (
        output[-3000:]
    )
    assert set(NOT_OFFERED) == {"persons", "stream_processors"}
    for family, reason in NOT_OFFERED.items():
        assert f"not offered: {family} ({reason})" in output, output[-3000:]
    assert "estimated cost of this run's video jobs on AWS" in output and PRICING_URL in output
    assert REFUSAL in output and f"estimated ${expected.dollars:.2f}" in output, output[-3000:]
    assert "passed" not in output and "failed" not in output, output[-3000:]
    assert proxy.connections == [], f"a refused run tried to reach AWS: {proxy.connections}"


def test_the_estimate_follows_the_selection(proxy, tmp_path):
    proc = run_aws(proxy, "-k", "test_label_results", tmp_path=tmp_path)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 4, output[-3000:]
    jobs, _minutes, dollars = _total_row(output)
    assert 0 < jobs < len(OFFERED_JOBS) and dollars < estimate(OFFERED_JOBS).dollars, output[-3000:]
    assert proxy.connections == [], proxy.connections


def test_a_distributed_run_is_refused_by_the_controller_before_any_worker_starts(proxy, tmp_path):
    proc = run_aws(proxy, "-n", "2", tmp_path=tmp_path)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 4, f"exit {proc.returncode}, expected 4 (refused):\n{output[-3000:]}"
    # The controller collects nothing, so it estimates the whole catalogue AWS offers (an upper bound under -k).
    assert _total_row(output)[0] == len(OFFERED_JOBS) and REFUSAL in output, output[-3000:]
    assert proxy.connections == [], f"a refused run tried to reach AWS: {proxy.connections}"


def test_collect_only_prints_the_estimate_without_refusing(proxy, tmp_path):
    proc = run_aws(proxy, "--collect-only", tmp_path=tmp_path)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, f"exit {proc.returncode}:\n{output[-3000:]}"
    assert _total_row(output)[0] == len(OFFERED_JOBS)
    assert REFUSAL not in output, output[-3000:]
    assert proxy.connections == [], proxy.connections


@pytest.mark.parametrize("variable", ENDPOINT_VARIABLES)
def test_endpoint_variables_are_refused_with_the_target_error(proxy, tmp_path, variable):
    # Billing allowed, so that the run gets past the estimate to the target itself.
    proc = run_aws(proxy, tmp_path=tmp_path, RC_ALLOW_BILLABLE="1", **{variable: "http://127.0.0.1:9"})
    output = proc.stdout + proc.stderr
    assert proc.returncode == 4, f"exit {proc.returncode}:\n{output[-3000:]}"
    assert "cannot use the target: --target aws talks to AWS itself" in output, output[-3000:]
    assert variable in output and "use --target endpoint" in output, output[-3000:]
    assert proxy.connections == [], proxy.connections


def test_an_allowed_run_does_go_out(proxy, tmp_path):
    """The proxy check can fail: with --allow-billable the run sends its first request (through the
    proxy, which hangs up, so nothing reaches AWS and the run stops at staging the fixtures)."""
    proc = run_aws(proxy, "--allow-billable", "-k", "test_label_results", tmp_path=tmp_path)
    output = proc.stdout + proc.stderr
    assert REFUSAL not in output, output[-3000:]
    assert proc.returncode != 0, output[-3000:]
    assert proxy.connections, f"no request reached the proxy:\n{output[-3000:]}"
    assert any(b"amazonaws.com" in c for c in proxy.connections), proxy.connections
