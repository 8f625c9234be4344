"""Eventually consistent reads: read again until the answer settles, for a bounded time, then judge the last."""

from __future__ import annotations

import time

from rekognition_conformance.resources import settled


def test_a_read_is_repeated_until_it_settles():
    answers = iter([1, 2, 3, 4])
    reads: list[int] = []

    def read() -> int:
        reads.append(next(answers))
        return reads[-1]

    assert settled(read, lambda value: value >= 3, timeout=5.0) == 3
    assert reads == [1, 2, 3]


def test_a_read_that_settles_at_once_is_made_once():
    reads: list[int] = []
    assert settled(lambda: reads.append(7) or 7, lambda value: value == 7, timeout=5.0) == 7
    assert reads == [7]


def test_a_read_that_never_settles_returns_the_last_answer_after_the_timeout():
    counter = iter(range(1000))
    started = time.monotonic()
    last = settled(lambda: next(counter), lambda value: False, timeout=0.6)
    elapsed = time.monotonic() - started
    assert 0.6 <= elapsed < 3.0
    assert last >= 1
