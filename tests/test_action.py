"""The GitHub Action's run step, run as the runner runs it, against the reference backend on loopback.

The step's ``env:`` and ``run:`` are read from action.yml and ``${{ inputs.* }}`` replaced by the inputs
(or the action's defaults), the ``GITHUB_*`` files point at temporary files, and the step's shell line runs
in a workspace directory. The harness is already installed in this environment, so the install step would
be skipped and is not run. Narrowed to the labels family to stay short: one clean run, one with a fault.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from rekognition_conformance.action import command, report_paths, suite_environment
from rekognition_conformance.reference.server import REFERENCE_ACCESS_KEY, REFERENCE_SECRET_KEY, ReferenceServer

ROOT = Path(__file__).resolve().parent.parent
ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
EXPRESSION = re.compile(r"\$\{\{\s*inputs\.([a-z0-9-]+)\s*\}\}")


def _step(step_id: str) -> dict:
    return next(step for step in ACTION["runs"]["steps"] if step.get("id") == step_id)


def run_step(tmp_path: Path, inputs: dict[str, str], extra_env: dict[str, str] | None = None) -> dict:
    """Run the suite step as the runner would; return its status, output, summary and outputs."""
    values = {name: spec.get("default", "") for name, spec in ACTION["inputs"].items()} | inputs
    step = _step("suite")
    step_env = {key: EXPRESSION.sub(lambda m: values[m.group(1)], str(value)) for key, value in step["env"].items()}
    assert not any("${{" in value for value in step_env.values()), step_env
    workspace = tmp_path / "workspace"
    workspace.mkdir()
    summary, outputs = tmp_path / "step_summary.md", tmp_path / "output.txt"
    summary.touch()
    outputs.touch()
    # A clean environment: nothing of this process's AWS configuration leaks into the run.
    env = {key: value for key, value in os.environ.items() if not key.startswith(("AWS_", "RC_", "INPUT_"))}
    env |= {"PATH": f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
            "GITHUB_WORKSPACE": str(workspace), "GITHUB_ACTION_PATH": str(ROOT),
            "GITHUB_STEP_SUMMARY": str(summary), "GITHUB_OUTPUT": str(outputs), **step_env, **(extra_env or {})}
    proc = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=workspace, env=env, capture_output=True, text=True,
                          timeout=900)
    parsed = dict(line.split("=", 1) for line in outputs.read_text().splitlines() if "=" in line)
    return {"proc": proc, "summary": summary.read_text(), "outputs": parsed, "workspace": workspace}


def _inputs(server: ReferenceServer) -> dict[str, str]:
    return {"rekognition-endpoint": server.endpoint_url, "access-key-id": REFERENCE_ACCESS_KEY,
            "secret-access-key": REFERENCE_SECRET_KEY, "only": "labels"}


def _no_secret(result: dict) -> None:
    proc = result["proc"]
    for text in (proc.stdout, proc.stderr, result["summary"], "\n".join(result["outputs"].values())):
        assert REFERENCE_SECRET_KEY not in text


def test_clean_run_passes_and_writes_the_summary(tmp_path: Path) -> None:
    with ReferenceServer() as server:
        result = run_step(tmp_path, _inputs(server))
    proc, outputs = result["proc"], result["outputs"]
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    assert outputs["exit-status"] == "0"
    assert "**CI gate: passes**" in result["summary"]
    assert "| GetLabelDetection | pass |" in result["summary"]
    for kind in ("json", "html", "junit", "markdown"):
        path = Path(outputs[f"{kind}-report"])
        assert path.is_file() and path.is_relative_to(result["workspace"] / "conformance-report"), kind
    _no_secret(result)


def test_a_fault_fails_the_step_and_the_summary_names_the_rule(tmp_path: Path) -> None:
    with ReferenceServer(faults=["default-sort-name"]) as server:
        result = run_step(tmp_path, _inputs(server) | {"report-dir": "reports"})
    proc, outputs = result["proc"], result["outputs"]
    assert proc.returncode == 1, proc.stdout[-4000:] + proc.stderr[-2000:]
    assert outputs["exit-status"] == "1"
    assert "**CI gate: fails**" in result["summary"]
    assert "**MUST `SORT.DEFAULT`** on `GetLabelDetection`" in result["summary"]
    assert "| GetLabelDetection |" in result["summary"] and "**FAIL**" in result["summary"]
    assert Path(outputs["json-report"]).parent == (result["workspace"] / "reports").resolve()
    _no_secret(result)


def test_a_missing_endpoint_fails_before_running(tmp_path: Path) -> None:
    result = run_step(tmp_path, {"only": "labels"})
    assert result["proc"].returncode == 2
    assert "rekognition-endpoint is required" in result["proc"].stdout
    assert result["outputs"] == {}


@pytest.mark.parametrize(("inputs", "present", "absent"), [
    ({}, [], ["--baseline", "--strict", "--allow-inconclusive", "--only", "--skip"]),
    ({"BASELINE": "accepted.yaml", "STRICT": "true", "ONLY": "labels, faces", "EXTRA_ARGS": "-x -k 'sort'"},
     ["--baseline", "--strict", "--only labels,faces", "-x -k sort"], ["--allow-inconclusive"]),
])
def test_the_command_carries_the_inputs(tmp_path: Path, inputs: dict, present: list, absent: list) -> None:
    env = {"GITHUB_WORKSPACE": str(tmp_path), **{f"INPUT_{k}": v for k, v in inputs.items()}}
    line = " ".join(command(env, report_paths(env)))
    for text in present:
        assert text in line
    for text in absent:
        assert text not in line
    if "BASELINE" in inputs:
        assert f"--baseline {tmp_path / 'accepted.yaml'}" in line


def test_credentials_travel_only_in_the_suite_environment(tmp_path: Path) -> None:
    env = {"GITHUB_WORKSPACE": str(tmp_path), "INPUT_REKOGNITION_ENDPOINT": "http://127.0.0.1:1",
           "INPUT_SECRET_ACCESS_KEY": "s3cr3t", "INPUT_ACCESS_KEY_ID": "AKIDEXAMPLE"}
    child = suite_environment(env)
    assert child["AWS_SECRET_ACCESS_KEY"] == "s3cr3t" and child["AWS_ENDPOINT_URL_S3"] == "http://127.0.0.1:1"
    assert not any(key.startswith("INPUT_") for key in child)
    assert "s3cr3t" not in " ".join(command(env, report_paths(env)))


def test_the_install_step_is_skipped_when_the_harness_is_importable(tmp_path: Path) -> None:
    step = next(step for step in ACTION["runs"]["steps"] if step.get("name") == "Install the harness")
    # A harness path with nothing in it: had the step run pip, it would fail on the missing constraints file.
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
           "HARNESS": str(tmp_path / "absent")}
    proc = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=tmp_path, env=env, capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "${{ github.action_path }}" in step["env"]["HARNESS"]
