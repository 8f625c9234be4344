"""A deterministic stand-in for Rekognition's segment detector: shots and technical cues on real frames.

Segments are laid over the video's real frame grid (its frame rate and duration as PyAV reads them),
seeded from the SHA-256 of its bytes, so the same video always yields the same segments:

* shots cover the video from frame 0 to its last frame, each a run of frames, one cut after another;
* technical cues tile the video too: an optional leader (color bars, a slate or a studio logo), program
  content split by short runs of black frames, and end credits;
* every segment has a confidence between 50 and 100 (the documented range), and each black-frame run
  a black level and a black-pixel coverage that the BlackFrame filter compares with its thresholds.

A segment's end is its last frame (inclusive), as in AWS's published example: one shot ends on the
frame before the next begins, DurationFrames is End minus Start, and every timestamp is the time of its
frame rounded down to the millisecond. Timecodes are SMPTE, drop-frame (``;``) at 29.97 and 59.94 fps.
"""

from __future__ import annotations

import hashlib
import math
import random
from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction

SHOT = "SHOT"
TECHNICAL_CUE = "TECHNICAL_CUE"
_LEADERS = ("ColorBars", "Slate", "StudioLogo")
_SHOT_SECONDS = (0.5, 2.2)
_BLACK_FRAMES = (2, 5)


@dataclass(frozen=True)
class FrameGrid:
    """The frames of a video: how many there are and how fast they come."""

    rate: Fraction
    count: int

    @classmethod
    def of(cls, frame_rate: float, duration_millis: int) -> FrameGrid:
        # Float frame rates such as 29.97002997 stand for NTSC fractions like 30000/1001.
        rate = Fraction(frame_rate).limit_denominator(1001)
        return cls(rate, max(1, int(rate * duration_millis / 1000)))

    def millis(self, frame: int) -> int:
        """The time of ``frame`` in milliseconds, rounded down."""
        return math.floor(Fraction(frame * 1000) / self.rate)

    def timecode(self, frame: int) -> str:
        return timecode(frame, self.rate)


def _drop_frames(rate: Fraction) -> int:
    """Frame numbers dropped each minute by drop-frame timecode at ``rate`` (0 for non-drop rates)."""
    nominal = round(rate)
    if rate.denominator != 1 and nominal in (30, 60) and rate == Fraction(nominal * 1000, 1001):
        return nominal // 15
    return 0


def timecode(frame: int, rate: Fraction) -> str:
    """The SMPTE timecode HH:MM:SS:FF of ``frame`` (HH:MM:SS;FF drop-frame at 29.97 and 59.94 fps)."""
    nominal = round(rate)
    drop = _drop_frames(rate)
    if drop:
        per_ten_minutes = nominal * 600 - drop * 9
        per_minute = nominal * 60 - drop
        tens, rest = divmod(frame, per_ten_minutes)
        frame += drop * 9 * tens + (drop * ((rest - drop) // per_minute) if rest > drop else 0)
    frames, seconds = frame % nominal, frame // nominal
    separator = ";" if drop else ":"
    return f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}{separator}{frames:02d}"


@dataclass(frozen=True)
class Span:
    """One detected segment: frames ``start`` to ``end`` inclusive."""

    kind: str  # SHOT or TECHNICAL_CUE
    start: int
    end: int
    confidence: float
    index: int = 0  # shots: the shot's number in the video
    cue: str = ""  # technical cues: the TechnicalCueSegment Type
    black_level: float = 0.0  # BlackFrames: darkest luminance covering the frames, as a ratio of the range
    coverage: float = 0.0  # BlackFrames: percentage of pixels at or below that level


def _confidence(rng: random.Random) -> float:
    return round(rng.uniform(50.0, 99.9), 3)


def _cuts(rng: random.Random, grid: FrameGrid) -> Iterator[tuple[int, int]]:
    """Consecutive (start, end) frame runs tiling the whole video."""
    low, high = (max(1, round(seconds * grid.rate)) for seconds in _SHOT_SECONDS)
    start = 0
    while start < grid.count:
        end = min(start + rng.randint(low, high) - 1, grid.count - 1)
        if grid.count - 1 - end < low:
            end = grid.count - 1
        yield start, end
        start = end + 1


def shots(video: bytes, grid: FrameGrid) -> tuple[Span, ...]:
    rng = random.Random(hashlib.sha256(b"shots\0" + video).digest())
    return tuple(
        Span(SHOT, start, end, _confidence(rng), index=index) for index, (start, end) in enumerate(_cuts(rng, grid))
    )


def technical_cues(video: bytes, grid: FrameGrid) -> tuple[Span, ...]:
    rng = random.Random(hashlib.sha256(b"technical-cues\0" + video).digest())
    last = grid.count - 1
    plan: list[tuple[str, int]] = []  # (cue, number of frames)
    if rng.random() < 0.7:
        plan.append((rng.choice(_LEADERS), max(1, grid.count // rng.randint(10, 16))))
    credits = max(1, grid.count // rng.randint(7, 11))
    parts = rng.randint(2, 3)
    body = grid.count - sum(n for _, n in plan) - credits
    blacks = [rng.randint(*_BLACK_FRAMES) for _ in range(parts - 1)]
    content = max(parts, body - sum(blacks))
    sizes = [content // parts + (1 if i < content % parts else 0) for i in range(parts)]
    for i, size in enumerate(sizes):
        plan.append(("Content", size))
        if i < len(blacks):
            plan.append(("BlackFrames", blacks[i]))
    plan.append(("EndCredits", credits))
    spans, start = [], 0
    for cue, size in plan:
        if start > last:
            break
        end = min(start + size - 1, last)
        black = cue == "BlackFrames"
        spans.append(
            Span(
                TECHNICAL_CUE,
                start,
                end,
                _confidence(rng),
                cue=cue,
                black_level=round(rng.uniform(0.03, 0.18), 3) if black else 0.0,
                coverage=round(rng.uniform(99.2, 100.0), 2) if black else 0.0,
            )
        )
        start = end + 1
    return tuple(spans)
