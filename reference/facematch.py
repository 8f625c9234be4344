"""A deterministic stand-in for face matching: how similar two face signatures are.

Faces (indexed from an image, or persons seen in a video) carry a signature, a hex digest. The
similarity of two signatures is a fixed value in [0, 100) drawn from a hash of the pair, so it is the
same on every run and in either order; a signature matched with itself is a near-certain match.
Video persons are matched over time: :func:`drifting` moves a base similarity smoothly up and down so
that a match can hold at some sampled timestamps and fall below a threshold at others.
"""

from __future__ import annotations

import hashlib
import math

SELF_SIMILARITY = 99.6
_SPREAD = (5.0, 97.0)


def _unit(*parts: str) -> float:
    digest = hashlib.sha256("\0".join(parts).encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def similarity(a: str, b: str) -> float:
    """The similarity of two face signatures, in percent."""
    if a == b:
        return SELF_SIMILARITY
    low, high = _SPREAD
    return round(low + (high - low) * _unit("pair", *sorted((a, b))), 4)


def drifting(a: str, b: str, base: float, millis: int, *, amplitude: float = 9.0) -> float:
    """``base`` moved by a slow wave over time (period of a few seconds), kept within [0, 99.99]."""
    phase = 2 * math.pi * _unit("phase", a, b)
    period = 2500.0 + 4000.0 * _unit("period", a, b)
    value = base + amplitude * math.sin(2 * math.pi * millis / period + phase)
    return round(min(99.99, max(0.0, value)), 4)
