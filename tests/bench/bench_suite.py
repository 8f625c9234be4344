"""Benchmark: the suite's wall time, Start and Get calls against the reference backend at several job latencies.

    python tests/bench/bench_suite.py [--latencies 0 10 30] [--pytest-arg=-n2]

The same as ``python -m rekognition_conformance.bench`` (see that module for the figures and the goals).
"""

from __future__ import annotations

from rekognition_conformance.bench import main

if __name__ == "__main__":
    raise SystemExit(main())
