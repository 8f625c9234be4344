"""pyproject.toml's package list: every package folder of the repository ships, under the one import package."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_package_folder_is_in_the_wheel():
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    mapping = setuptools["package-dir"]
    folders = {}
    for package, folder in mapping.items():
        for init in (ROOT / folder).rglob("__init__.py"):
            folders[".".join((package, *init.parent.relative_to(ROOT / folder).parts))] = init.parent
    missing = sorted(set(folders) - set(setuptools["packages"]))
    assert not missing, f"package folders left out of the wheel (add them to pyproject.toml): {missing}"
    assert {name.split(".")[0] for name in setuptools["packages"]} == {"rekognition_conformance"}
