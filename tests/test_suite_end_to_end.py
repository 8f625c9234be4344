"""The conformance suite, run end to end against the bundled reference backend, passes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_suite(tmp_path: Path, *args: str) -> tuple[subprocess.CompletedProcess, dict]:
    report = tmp_path / "conformance.json"
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "conformance", "-q", "-p", "no:cacheprovider",
         f"--conformance-json={report}", *args],
        cwd=ROOT, capture_output=True, text=True, timeout=900,
    )
    document = json.loads(report.read_text()) if report.exists() else {}
    return proc, document


def test_suite_passes_against_the_reference_backend(tmp_path):
    proc, report = run_suite(tmp_path)
    assert proc.returncode == 0, proc.stdout[-6000:] + proc.stderr[-3000:]
    assert "checks per rule" in proc.stdout
    must = {rid: r for rid, r in report["rules"].items() if r["level"] == "MUST"}
    assert must and all(r["violations"] == 0 for r in must.values()), {
        rid: r for rid, r in must.items() if r["violations"]
    }
    # Each distinct job is started once; the only other Start calls are the idempotency probe's repeat.
    assert report["jobs"]["start_calls"] == len(report["jobs"]["runs"])
    final = {key: run["statuses"][-1] for key, run in report["jobs"]["runs"].items()}
    assert final.pop("labels.not_a_video") == "FAILED"
    assert set(final.values()) == {"SUCCEEDED"}, final
