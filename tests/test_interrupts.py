"""An interrupt ends the run at once, with cleanup and exit status 2, wherever it lands.

The suite runs in a subprocess against a reference backend started here, with the test-only plugin
``tests.interrupt_points`` interrupting it at one point: a test's setup, its call, a call whose family is
just being excused as unsupported, a hypothesis example, the job pool's poll. Nothing depends on timing:
the plugin interrupts from inside the run, at the point itself. Afterwards the exit status is 2, no test
started after the interrupt, and the backend holds nothing the run made.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from rekognition_conformance.reference.server import ReferenceServer
from tests.test_suite_cleanup import ROOT, _env_for, _held

POINTS = [
    ("setup", "sigint"),
    ("call", "sigint"),
    ("excuse", "sigint"),
    ("example", "sigint"),
    ("pool", "sigint"),
    ("call", "exit"),
    ("excuse", "systemexit"),
    ("example", "systemexit"),
    ("example", "exit"),
]


@pytest.mark.parametrize(("at", "how"), POINTS, ids=[f"{at}-{how}" for at, how in POINTS])
def test_an_interrupt_ends_the_run_with_cleanup(at, how, tmp_path):
    run_id = f"int{POINTS.index((at, how))}"
    log = tmp_path / "started.log"
    with ReferenceServer() as server:
        env = {**_env_for(server), "RC_INTERRUPT_AT": at, "RC_INTERRUPT_HOW": how, "RC_INTERRUPT_LOG": str(log)}
        env.pop("PYTEST_ADDOPTS", None)
        proc = subprocess.run(
            [sys.executable, "-m", "pytest", "conformance", "-q", "-p", "no:cacheprovider",
             "-p", "tests.interrupt_points", "--target", "endpoint", "--only", "collections,face_search",
             "--run-id", run_id],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
        )
        out = proc.stdout[-3000:] + proc.stderr[-2000:]
        lines = log.read_text(encoding="utf-8").splitlines()
        interrupts = [line for line in lines if line.startswith("INTERRUPT ")]
        assert len(interrupts) == 1, out
        assert interrupts[0].split()[1] == at
        assert proc.returncode == 2, out
        assert lines[-1] == interrupts[0], f"tests started after the interrupt: {lines[lines.index(interrupts[0]):]}"
        assert _held(server, run_id) == [], out
