"""A deterministic stand-in for Rekognition's label detection model.

The reference backend cannot run AWS's model, so it synthesises detections that have the
*properties* the API documents, seeded from the video's content (SHA-256 of its bytes) and laid
over its real duration so the same video always yields the same results:

* the video holds a few "tracks" at a time, each a leaf label of :mod:`rekognition_conformance.reference.taxonomy`
  visible over an interval, and the video is sampled every :data:`SAMPLE_INTERVAL_MS`;
* a track's confidence drifts smoothly over time and spreads on both sides of 50, so
  MinConfidence visibly changes what is returned and segments split where confidence dips;
* the video's first track is a person (:data:`PERSON_LEAF`, under ``Adult`` and ``Person``) whose
  confidence never drops below :data:`PERSON_FLOOR`, as the fixture videos show one: filters on those
  labels or on the Person Description category have detections to act on whatever the video's bytes;
* a detection of a label also detects each of its ancestors at that timestamp, each ancestor with
  a confidence at least that of every descendant it was reached from, so every ancestor named in
  ``Parents`` is itself a unique label at the same timestamp;
* object labels carry instances whose bounding boxes move across the frame as ratios in [0, 1],
  the first instance holding the label's confidence and further ones less.

The output is every detection at every confidence; MinConfidence and filters are applied by the
label family on top of it.
"""

from __future__ import annotations

import hashlib
import math
import random
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache

from rekognition_conformance.reference.taxonomy import LEAVES, TAXONOMY

SAMPLE_INTERVAL_MS = 200
# Tracks visible at the same time; with the ancestors they bring, about fifteen labels per sample.
_LANES = 4
_LEAF_CONFIDENCE = (15.0, 99.5)
_ANCESTOR_CEILING = 99.9
PERSON_LEAF = "Woman"
PERSON_FLOOR = 60.0
# Box geometry is kept in ten-thousandths of the frame so that Left + Width <= 1 holds exactly.
_UNIT = 10_000


@dataclass(frozen=True)
class BoundingBox:
    width: float
    height: float
    left: float
    top: float


@dataclass(frozen=True)
class Instance:
    box: BoundingBox
    confidence: float


@dataclass(frozen=True)
class Detection:
    timestamp: int
    name: str
    confidence: float
    instances: tuple[Instance, ...]


@dataclass(frozen=True)
class _Mover:
    """One object instance gliding across the frame, bouncing off its edges."""

    width: int
    height: int
    x0: int
    y0: int
    vx: int
    vy: int
    confidence_drop: float

    def box(self, millis: int) -> BoundingBox:
        left = _bounce(self.x0 + self.vx * millis // 1000, _UNIT - 1 - self.width)
        top = _bounce(self.y0 + self.vy * millis // 1000, _UNIT - 1 - self.height)
        return BoundingBox(self.width / _UNIT, self.height / _UNIT, left / _UNIT, top / _UNIT)


def _bounce(position: int, span: int) -> int:
    folded = position % (2 * span)
    return folded if folded <= span else 2 * span - folded


@dataclass(frozen=True)
class _Track:
    leaf: str
    start: int
    end: int
    base: float
    swing: float
    period: float
    phase: float
    lifts: Mapping[str, float]
    movers: tuple[_Mover, ...]

    def confidence(self, millis: int) -> float:
        wave = self.base + self.swing * math.sin(self.phase + 2 * math.pi * millis / self.period)
        return min(max(wave, _LEAF_CONFIDENCE[0]), _LEAF_CONFIDENCE[1])

    def lifted(self, name: str, value: float) -> float:
        """The confidence of ``name`` (the leaf or one of its ancestors) when the leaf has ``value``."""
        if name == self.leaf:
            return value
        below = max(self.lifted(child, value) for child in _children_within(self.leaf, name))
        return below + (_ANCESTOR_CEILING - below) * self.lifts[name]


@cache
def _children_within(leaf: str, ancestor: str) -> tuple[str, ...]:
    """Members of ``leaf``'s ancestry (the leaf included) whose direct parents include ``ancestor``."""
    chain = (leaf, *TAXONOMY[leaf].parents)
    return tuple(name for name in chain if ancestor in TAXONOMY[name].direct_parents)


def _mover(rng: random.Random, drop: float) -> _Mover:
    width, height = rng.randint(800, 4500), rng.randint(1200, 7000)
    return _Mover(
        width=width,
        height=height,
        x0=rng.randint(0, _UNIT - 1 - width),
        y0=rng.randint(0, _UNIT - 1 - height),
        vx=rng.choice((-1, 1)) * rng.randint(100, 1500),
        vy=rng.choice((-1, 1)) * rng.randint(50, 600),
        confidence_drop=drop,
    )


def _track(rng: random.Random, start: int, end: int, *, person: bool = False) -> _Track:
    leaf = rng.choice(LEAVES)
    if person:
        leaf = PERSON_LEAF
    label = TAXONOMY[leaf]
    count = rng.choice((1, 1, 1, 2, 2, 3)) if label.instances else 0
    base, swing = rng.uniform(18.0, 95.0), rng.uniform(3.0, 18.0)
    if person:
        base = max(base, PERSON_FLOOR + swing)
    return _Track(
        leaf=leaf,
        start=start,
        end=end,
        base=base,
        swing=swing,
        period=rng.uniform(2_000.0, 9_000.0),
        phase=rng.uniform(0.0, 2 * math.pi),
        lifts={parent: rng.uniform(0.03, 0.35) for parent in label.parents},
        movers=tuple(_mover(rng, 0.0 if i == 0 else rng.uniform(2.0, 30.0)) for i in range(count)),
    )


def _tracks(rng: random.Random, duration_millis: int) -> Iterator[_Track]:
    person = True
    for _ in range(_LANES):
        # Lanes start part-way through a track so the first sample already shows several labels.
        cursor = rng.randint(-4_000, 1_500)
        while cursor < duration_millis:
            length = rng.randint(1_500, 12_000)
            start, end = max(cursor, 0), min(cursor + length, duration_millis)
            if start < end:
                yield _track(rng, start, end, person=person)
                person = False
            cursor += length + rng.randint(0, 2_500)


def _round(value: float) -> float:
    return round(value, 3)


def _observe(track: _Track, millis: int) -> Iterator[Detection]:
    leaf_confidence = _round(track.confidence(millis))
    boxes = [(mover.box(millis), max(leaf_confidence - mover.confidence_drop, 1.0)) for mover in track.movers]
    for name in (track.leaf, *TAXONOMY[track.leaf].parents):
        confidence = _round(track.lifted(name, leaf_confidence))
        instances: tuple[Instance, ...] = ()
        if TAXONOMY[name].instances and boxes:
            instances = tuple(Instance(box, _round(track.lifted(name, value))) for box, value in boxes)
        yield Detection(millis, name, confidence, instances)


def _merge(first: Detection, second: Detection) -> Detection:
    """Two tracks showing the same label at once: one detection holding both tracks' instances."""
    instances = tuple(sorted(first.instances + second.instances, key=lambda inst: -inst.confidence))
    return Detection(first.timestamp, first.name, max(first.confidence, second.confidence), instances)


def detect(video: bytes, duration_millis: int) -> tuple[Detection, ...]:
    """Every detection in ``video``, at any confidence, ordered by timestamp then label name."""
    rng = random.Random(hashlib.sha256(video).digest())
    tracks = list(_tracks(rng, duration_millis))
    found: dict[tuple[int, str], Detection] = {}
    for millis in range(0, duration_millis, SAMPLE_INTERVAL_MS):
        for track in tracks:
            if track.start <= millis < track.end:
                for detection in _observe(track, millis):
                    key = (millis, detection.name)
                    found[key] = _merge(found[key], detection) if key in found else detection
    return tuple(found[key] for key in sorted(found))
