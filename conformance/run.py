"""``rekognition-conformance [PYTEST OPTIONS]``: run the conformance suite of an installed harness.

It is ``pytest conformance`` for a harness installed from its wheel: pytest runs the suite this package ships,
from whatever directory the command starts in, and takes every option of pytest and of the plugin
(``--target``, ``--only``, ``--conformance-json`` ...).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis.configuration import set_hypothesis_home_dir

from rekognition_conformance.locations import cache_dir

SUITE = Path(__file__).resolve().parent / "suite"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    # Hypothesis keeps its files in .hypothesis/ of the current directory by default; a run started anywhere
    # leaves nothing behind there but the reports it was asked for.
    set_hypothesis_home_dir(cache_dir() / "hypothesis")
    # No pytest cache: the suite's folder is inside the installed package, which is no place to write to.
    return int(pytest.main([str(SUITE), "-p", "no:cacheprovider", *args]))


if __name__ == "__main__":
    sys.exit(main())
