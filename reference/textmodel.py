"""A deterministic stand-in for Rekognition's video text detector.

Text is synthesised as captions overlaid on the video, seeded from the SHA-256 of its bytes and laid
over its real duration, so the same video always yields the same text:

* a few captions at a time, each one line of one to four words shown over an interval, some static and
  some drifting across the frame; the video is sampled every :data:`SAMPLE_INTERVAL_MS`;
* each word has its own confidence, spread on both sides of 80 (the documented default word filter)
  and drifting a little over time, and its own size, so the word filters visibly change what is returned;
* geometry is in ratios of the frame: a word's box is its slice of the line's box, and each polygon is
  the four corners of its box, clockwise from the top left.

The output is every line and word at every confidence; filters and identifiers are applied by the text
family on top of it.
"""

from __future__ import annotations

import hashlib
import math
import random
from collections.abc import Iterator
from dataclasses import dataclass

MODEL_VERSION = "3.0"
SAMPLE_INTERVAL_MS = 500
_LANES = 3
_VOCABULARY = (
    "OPEN",
    "SALE",
    "EXIT",
    "Main",
    "Street",
    "Coffee",
    "NEWS",
    "LIVE",
    "2024",
    "Welcome",
    "Station",
    "Platform",
    "Departures",
    "Gate",
    "12",
    "SCORE",
    "Breaking",
    "Weather",
    "Sunny",
    "Today",
    "Bakery",
    "Parking",
    "Hotel",
    "Metro",
    "North",
    "Line",
    "Route",
    "66",
    "Tickets",
    "Cinema",
)
# Geometry is kept in ten-thousandths of the frame so that boxes stay inside [0, 1] exactly.
_UNIT = 10_000


@dataclass(frozen=True)
class Box:
    width: float
    height: float
    left: float
    top: float

    def polygon(self) -> tuple[tuple[float, float], ...]:
        right, bottom = round(self.left + self.width, 4), round(self.top + self.height, 4)
        return ((self.left, self.top), (right, self.top), (right, bottom), (self.left, bottom))


@dataclass(frozen=True)
class Word:
    text: str
    box: Box
    confidence: float


@dataclass(frozen=True)
class Line:
    """One caption as seen at one timestamp."""

    timestamp: int
    text: str
    box: Box
    confidence: float
    words: tuple[Word, ...]


@dataclass(frozen=True)
class _Caption:
    start: int
    end: int
    words: tuple[str, ...]
    char_width: int  # in ten-thousandths of the frame width
    height: int  # in ten-thousandths of the frame height
    x0: int
    y0: int
    vx: int  # drift, ten-thousandths of the frame per second
    bases: tuple[float, ...]  # each word's mean confidence
    wobble: float
    period: float

    def observe(self, millis: int) -> Line:
        widths = [len(word) * self.char_width for word in self.words]
        total = sum(widths) + self.char_width * (len(widths) - 1)
        span = _UNIT - 1 - total
        left = (self.x0 + self.vx * (millis - self.start) // 1000) % (2 * span)
        left = left if left <= span else 2 * span - left
        words, cursor = [], left
        for text, width, base in zip(self.words, widths, self.bases, strict=True):
            swing = self.wobble * math.sin(2 * math.pi * (millis + cursor) / self.period)
            confidence = round(min(max(base + swing, 1.0), 99.9), 3)
            words.append(Word(text, _box(width, self.height, cursor, self.y0), confidence))
            cursor += width + self.char_width
        mean = round(sum(w.confidence for w in words) / len(words), 3)
        return Line(millis, " ".join(self.words), _box(total, self.height, left, self.y0), mean, tuple(words))


def _box(width: int, height: int, left: int, top: int) -> Box:
    return Box(width / _UNIT, height / _UNIT, left / _UNIT, top / _UNIT)


def _captions(rng: random.Random, duration_millis: int) -> Iterator[_Caption]:
    for lane in range(_LANES):
        cursor = rng.randint(-1_500, 1_500)
        while cursor < duration_millis:
            length = rng.randint(1_500, 5_000)
            start, end = max(cursor, 0), min(cursor + length, duration_millis)
            words = tuple(rng.choice(_VOCABULARY) for _ in range(rng.randint(1, 4)))
            # Characters and the spaces between words; the line keeps to nine tenths of the width.
            cells = sum(map(len, words)) + len(words) - 1
            if start < end:
                yield _Caption(
                    start=start,
                    end=end,
                    words=words,
                    char_width=min(rng.randint(90, 260), 9_000 // cells),
                    height=rng.randint(250, 900),
                    x0=rng.randint(0, 4_000),
                    # Lanes keep to their own band of the frame so captions do not overlap.
                    y0=lane * 3_300 + rng.randint(0, 2_000),
                    vx=rng.choice((0, 0, rng.randint(-900, 900))),
                    bases=tuple(rng.uniform(55.0, 99.5) for _ in words),
                    wobble=rng.uniform(0.0, 6.0),
                    period=rng.uniform(1_000.0, 5_000.0),
                )
            cursor += length + rng.randint(0, 1_200)


def detect(video: bytes, duration_millis: int) -> tuple[Line, ...]:
    """Every caption line in ``video`` at every sample, ordered by timestamp then position."""
    rng = random.Random(hashlib.sha256(b"text\0" + video).digest())
    captions = list(_captions(rng, duration_millis))
    lines = [
        caption.observe(millis)
        for millis in range(0, duration_millis, SAMPLE_INTERVAL_MS)
        for caption in captions
        if caption.start <= millis < caption.end
    ]
    return tuple(sorted(lines, key=lambda line: (line.timestamp, line.box.top, line.box.left)))
