"""The README's CI command fails for backends that are plainly broken, and says why.

Each backend is the reference backend behind a rewriting proxy on loopback (tests/rewriting_proxy.py): real
HTTP, real SigV4, the suite reaching it through AWS_ENDPOINT_URL_* exactly as in the README's GitHub Actions
example, whose command line is read from the README itself. ``--only`` keeps each run to one family.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
import time
from pathlib import Path

import pytest

from rekognition_conformance.catalogue import JOBS
from rekognition_conformance.reference.server import REFERENCE_ACCESS_KEY, REFERENCE_SECRET_KEY
from rekognition_conformance.spec.operations import FAMILIES
from tests.rewriting_proxy import Answer, html_error, rewriting_backend

ROOT = Path(__file__).resolve().parent.parent
LIST_MEMBER = {spec.get_operation: spec.list_member for spec in JOBS.values()}
FAMILY = "labels"


def readme_ci_command() -> list[str]:
    """The command of the README's GitHub Actions step "Conformance suite" (a folded `run: >` block)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"run: >\n((?:\s+pytest conformance[^\n]*\n)(?:\s+--[^\n]*\n)*)", readme)
    assert block, "the README has no GitHub Actions step running `pytest conformance`"
    return shlex.split(" ".join(line.strip() for line in block.group(1).splitlines()))


def run_ci(tmp_path: Path, urls: tuple[str, str], *extra: str, timeout: float = 600) -> tuple[
        subprocess.CompletedProcess, dict, float]:
    rekognition, s3 = urls
    env = {
        **os.environ,
        "AWS_ENDPOINT_URL_REKOGNITION": rekognition,
        "AWS_ENDPOINT_URL_S3": s3,
        "AWS_ACCESS_KEY_ID": REFERENCE_ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY": REFERENCE_SECRET_KEY,
        "AWS_REGION": "us-east-1",
    }
    command = readme_ci_command()
    assert command[:2] == ["pytest", "conformance"], command
    # Reports land in tmp_path; the suite is the installed project's.
    command = [sys.executable, "-m", "pytest", str(ROOT / "conformance"), *command[2:], "-p", "no:cacheprovider",
               "--rootdir", str(ROOT), "-c", str(ROOT / "pyproject.toml"), *extra]
    started = time.monotonic()
    try:
        proc = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        tail = (exc.stdout or b"")[-3000:].decode(errors="replace")
        pytest.fail(f"the CI command reached no verdict within {timeout:g} s (the run was stopped)\n{tail}",
                    pytrace=False)
    seconds = time.monotonic() - started
    report = tmp_path / "conformance.json"
    return proc, json.loads(report.read_text()) if report.exists() else {}, seconds


def _output(proc: subprocess.CompletedProcess) -> str:
    return proc.stdout[-6000:] + proc.stderr[-2000:]


def test_the_readme_command_is_the_documented_gate():
    command = readme_ci_command()
    assert "--target" in command and command[command.index("--target") + 1] == "endpoint", command
    assert not {"--strict", "--only", "--allow-inconclusive"} & set(command), command


def test_an_html_500_on_one_family_fails_the_gate_and_is_never_not_implemented(tmp_path):
    def crash(operation: str | None, answer: Answer) -> Answer:
        return html_error(500) if operation in FAMILIES[FAMILY] else answer

    with rewriting_backend(crash) as urls:
        proc, report, _ = run_ci(tmp_path, urls, "--only", FAMILY)
    assert proc.returncode == 1, _output(proc)
    assert FAMILY not in report["families"], report["families"]  # judged: not excused as not implemented
    assert f"not implemented: {FAMILY}" not in proc.stdout and f"{FAMILY}  (not implemented" not in proc.stdout
    assert "[MUST SCHEMA.ERROR_BODY] StartLabelDetection" in proc.stdout, _output(proc)
    assert report["rules"]["SCHEMA.ERROR_BODY"]["outcomes"]["StartLabelDetection"]["outcome"] == "fail"
    xml = (tmp_path / "conformance.xml").read_text()
    assert 'name="conformance_outcome" value="fail"' in xml and "SCHEMA.ERROR_BODY" in xml


def test_a_backend_that_finds_nothing_is_inconclusive_and_fails_the_gate(tmp_path):
    def empty(operation: str | None, answer: Answer) -> Answer:
        if operation not in LIST_MEMBER or answer.status != 200:
            return answer
        body = answer.json()
        body[LIST_MEMBER[operation]] = []
        body.pop("NextToken", None)
        return answer.with_json(body)

    with rewriting_backend(empty) as urls:
        proc, report, _ = run_ci(tmp_path, urls, "--only", FAMILY)
        allowed, allowed_report, _ = run_ci(tmp_path, urls, "--only", FAMILY, "--allow-inconclusive")
    assert proc.returncode == 1, _output(proc)
    gate = [line for line in proc.stdout.splitlines() if line.startswith("gate: MUST ")]
    assert any("LABELS.SORT.NAME inconclusive on GetLabelDetection" in line for line in gate), _output(proc)
    assert "37 of 37 MUST rules pass" not in proc.stdout  # vacuous passes on no items are not passes
    assert "GetLabelDetection returned no labels" in proc.stdout, _output(proc)
    assert "--allow-inconclusive" in proc.stdout
    assert report["pairs"]["inconclusive"] > 0 and report["pairs"]["pass"] > 0
    assert report["rules"]["LABELS.SORT.NAME"]["outcome"] == "inconclusive"
    assert any(t["outcome"] == "inconclusive" for t in report["tests"].values())
    xml = (tmp_path / "conformance.xml").read_text()
    assert 'name="conformance_outcome" value="inconclusive"' in xml
    # The opt-out accepts exactly that: whatever else fails still fails, and nothing inconclusive is in the gate.
    assert not [r for r in allowed_report["gate"] if "inconclusive" in r], allowed_report["gate"]
    failing = [v for v in allowed_report["violations"] if v["fails"]]
    assert allowed.returncode == (1 if failing else 0), _output(allowed)


def test_a_missing_job_status_fails_the_gate_within_a_minute(tmp_path):
    """A Get answer without JobStatus fails SCHEMA.RESPONSE at once instead of being polled until --job-timeout."""
    def no_status(operation: str | None, answer: Answer) -> Answer:
        if operation not in LIST_MEMBER or answer.status != 200:
            return answer
        body = answer.json()
        body.pop("JobStatus", None)
        return answer.with_json(body)

    with rewriting_backend(no_status) as urls:
        proc, report, seconds = run_ci(tmp_path, urls, "--only", FAMILY, timeout=170)
    assert proc.returncode == 1, _output(proc)
    assert seconds <= 60, f"the verdict took {seconds:.0f} s"
    assert "SCHEMA.RESPONSE" in proc.stdout, _output(proc)
    assert report["gate"], "the JSON report must say why the gate fails"
