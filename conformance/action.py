"""The GitHub Action's run step (action.yml): run the suite against an endpoint, summarise it, gate on it.

The action maps its inputs to ``INPUT_*`` variables (below) and runs ``python -m rekognition_conformance.action`` from
its own checkout. This module runs ``pytest conformance --target endpoint`` with the endpoint and
credentials passed through the standard AWS variables, leaves the JSON, HTML, JUnit and Markdown reports in
the report directory, appends the Markdown report to ``$GITHUB_STEP_SUMMARY``, writes the step's outputs to
``$GITHUB_OUTPUT`` and exits with the suite's status. Credentials only ever travel in the child's
environment: neither the command it prints nor any output names them.

Inputs: INPUT_REKOGNITION_ENDPOINT (required), INPUT_S3_ENDPOINT (default: the Rekognition endpoint),
INPUT_REGION, INPUT_ACCESS_KEY_ID, INPUT_SECRET_ACCESS_KEY, INPUT_SESSION_TOKEN, INPUT_ONLY, INPUT_SKIP
(families, comma- or space-separated), INPUT_STRICT, INPUT_ALLOW_INCONCLUSIVE (``true``/``false``),
INPUT_BASELINE (a file, passed as ``--baseline``), INPUT_EXTRA_ARGS (shell words added to the pytest command),
INPUT_REPORT_DIR (default ``conformance-report``, relative to GITHUB_WORKSPACE).
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

HARNESS = Path(__file__).resolve().parent.parent
REPORTS = {"json": "conformance.json", "html": "conformance.html", "junit": "conformance.xml",
           "markdown": "conformance.md"}
# Input -> the variable botocore (and so --target endpoint) reads it from.
AWS_VARIABLES = {"ACCESS_KEY_ID": "AWS_ACCESS_KEY_ID", "SECRET_ACCESS_KEY": "AWS_SECRET_ACCESS_KEY",
                 "SESSION_TOKEN": "AWS_SESSION_TOKEN", "REGION": "AWS_REGION"}


class InputError(ValueError):
    """An input is missing or malformed; the message names it."""


def _input(env: Mapping[str, str], name: str, default: str = "") -> str:
    return env.get(f"INPUT_{name}", "").strip() or default


def _flag(env: Mapping[str, str], name: str) -> bool:
    value = _input(env, name, "false").lower()
    if value not in ("true", "false"):
        raise InputError(f"input {name.lower().replace('_', '-')} must be true or false, not {value!r}")
    return value == "true"


def _families(value: str) -> str:
    return ",".join(value.replace(",", " ").split())


def report_paths(env: Mapping[str, str]) -> dict[str, Path]:
    base = Path(env.get("GITHUB_WORKSPACE") or os.getcwd())
    directory = base / _input(env, "REPORT_DIR", "conformance-report")
    return {kind: (directory / name).resolve() for kind, name in REPORTS.items()}


def command(env: Mapping[str, str], paths: Mapping[str, Path]) -> list[str]:
    """The pytest command line: no credential ever appears in it."""
    args = [sys.executable, "-m", "pytest", "conformance", "--target", "endpoint", "-p", "no:cacheprovider",
            f"--junitxml={paths['junit']}", f"--conformance-json={paths['json']}",
            f"--conformance-html={paths['html']}", f"--conformance-markdown={paths['markdown']}"]
    for name, option in (("ONLY", "--only"), ("SKIP", "--skip")):
        if families := _families(_input(env, name)):
            args += [option, families]
    if _flag(env, "STRICT"):
        args.append("--strict")
    if _flag(env, "ALLOW_INCONCLUSIVE"):
        args.append("--allow-inconclusive")
    if baseline := _input(env, "BASELINE"):
        args += ["--baseline", str(Path(env.get("GITHUB_WORKSPACE") or os.getcwd()) / baseline)]
    return args + shlex.split(_input(env, "EXTRA_ARGS"))


def suite_environment(env: Mapping[str, str]) -> dict[str, str]:
    endpoint = _input(env, "REKOGNITION_ENDPOINT")
    if not endpoint:
        raise InputError("input rekognition-endpoint is required: the URL of the service under test")
    child = dict(env)
    child["AWS_ENDPOINT_URL_REKOGNITION"] = endpoint
    child["AWS_ENDPOINT_URL_S3"] = _input(env, "S3_ENDPOINT", endpoint)
    for name, variable in AWS_VARIABLES.items():
        if value := _input(env, name):
            child[variable] = value
    # The inputs stay out of the suite's environment: the secret is passed once, under its AWS name.
    return {key: value for key, value in child.items() if not key.startswith("INPUT_")}


def _append(path: str | None, text: str) -> None:
    if path:
        with open(path, "a", encoding="utf-8") as stream:
            stream.write(text)


def run(env: Mapping[str, str]) -> int:
    paths = report_paths(env)
    try:
        args, child = command(env, paths), suite_environment(env)
    except InputError as exc:
        print(f"::error::{exc}", flush=True)
        return 2
    paths["json"].parent.mkdir(parents=True, exist_ok=True)
    print("running: " + shlex.join(args), flush=True)
    status = subprocess.run(args, cwd=HARNESS, env=child, check=False).returncode
    if paths["markdown"].exists():
        _append(env.get("GITHUB_STEP_SUMMARY"), paths["markdown"].read_text(encoding="utf-8"))
    else:
        _append(env.get("GITHUB_STEP_SUMMARY"), "## Rekognition Video conformance\n\n**The suite did not finish** "
                f"(exit status {status}); no report was written. See the step's log.\n")
    outputs = [f"exit-status={status}", f"report-dir={paths['json'].parent}"]
    outputs += [f"{kind}-report={path}" for kind, path in paths.items() if path.exists()]
    _append(env.get("GITHUB_OUTPUT"), "".join(line + "\n" for line in outputs))
    return status


if __name__ == "__main__":
    raise SystemExit(run(os.environ))
