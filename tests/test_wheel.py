"""The wheel as a user installs it: one import package with its data, and a suite that runs from anywhere.

The wheel is built from this checkout, installed (not editable) with its dependencies into a fresh virtual
environment, and the installed ``rekognition-conformance`` command runs the whole suite against the bundled
reference backend from an empty directory. Nothing may land outside the package, nothing may be written into
it, and the directory the run starts in holds only the report asked for.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = "rekognition_conformance"
# The data a run reads from the package: without them the fuzz layer, the moto target or the schemas break.
DATA = (
    f"{PACKAGE}/spec/openapi.json",
    f"{PACKAGE}/spec/errors.yaml",
    f"{PACKAGE}/spec/face_attributes.yaml",
    f"{PACKAGE}/spec/rules/labels.yaml",
    f"{PACKAGE}/spec/schemas/GetLabelDetection.json",
    f"{PACKAGE}/profiles/moto.yaml",
    f"{PACKAGE}/profiles/aws.yaml",
)


def _run(*args: str | Path, **kwargs: object) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run([str(a) for a in args], capture_output=True, text=True, **kwargs)  # type: ignore[call-overload]
    assert proc.returncode == 0, f"{args} exited {proc.returncode}:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    return proc


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    _run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", out, ROOT, timeout=600)
    (built,) = out.glob("*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment with the wheel and its dependencies installed; its ``bin`` folder."""
    venv = tmp_path_factory.mktemp("venv")
    _run(sys.executable, "-m", "venv", venv, timeout=300)
    _run(venv / "bin" / "python", "-m", "pip", "install", "--quiet", "-c", ROOT / "constraints.txt", wheel,
         timeout=1200)
    return venv / "bin"


def _installed_files(bin_dir: Path, cwd: Path) -> list[str]:
    """``importlib.metadata.files`` of the installed distribution (read from ``cwd``, away from the checkout's
    own metadata)."""
    script = "import importlib.metadata, json; print(json.dumps([str(f) for f in importlib.metadata.files(%r)]))"
    return json.loads(_run(bin_dir / "python", "-c", script % "rekognition-conformance", cwd=cwd, timeout=120).stdout)


def test_the_wheel_holds_one_import_package_and_its_data(wheel: Path):
    names = zipfile.ZipFile(wheel).namelist()
    tops = {name.split("/", 1)[0] for name in names}
    assert tops == {PACKAGE, wheel.name.split("-py3")[0] + ".dist-info"}, f"top-level entries: {sorted(tops)}"
    missing = [path for path in DATA if path not in names]
    assert not missing, f"the wheel lacks data files the harness reads: {missing}"


def test_the_installed_suite_runs_from_an_empty_directory(installed: Path, tmp_path: Path):
    files = _installed_files(installed, tmp_path)
    outside = [f for f in files if not f.startswith((f"{PACKAGE}/", "rekognition_conformance-"))
               and not f.endswith("bin/rekognition-conformance")]
    assert not outside, f"installed outside the package: {outside}"
    site = installed.parent / "lib"
    (package_dir,) = site.glob(f"python*/site-packages/{PACKAGE}")

    def package_files() -> set[Path]:
        return {p for p in package_dir.rglob("*") if p.is_file() and "__pycache__" not in p.parts}

    before = package_files()
    workdir = tmp_path / "empty"
    workdir.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "RC_", "PYTEST_", "VIRTUAL_ENV"))}
    env.update(XDG_CACHE_HOME=str(tmp_path / "cache"), PATH=f"{installed}{os.pathsep}{env.get('PATH', '')}")
    proc = subprocess.run(
        [installed / "rekognition-conformance", "-q", "--conformance-json=run.json"],
        cwd=workdir, env=env, capture_output=True, text=True, timeout=1800,
    )
    assert proc.returncode == 0, f"the installed suite failed (exit {proc.returncode}):\n{proc.stdout[-5000:]}"
    document = json.loads((workdir / "run.json").read_text())
    assert document["gate"] == [], f"the CI gate fails: {document['gate']}"
    assert sorted(p.name for p in workdir.iterdir()) == ["run.json"], "the run wrote into the directory it started in"
    assert package_files() == before, "the run wrote into the installed package"
    assert list((tmp_path / "cache" / "rekognition-conformance" / "videos").glob("*.mp4")), "no videos in the cache"
