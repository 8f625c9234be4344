"""A deterministic stand-in for Rekognition's content moderation model, with a slice of its taxonomy.

The taxonomy uses AWS's published moderation label names (model version 7): top-level categories
(TaxonomyLevel 1, ParentName "") such as "Violence" or "Alcohol", their second-level labels and some
third-level ones. Detections are synthesised like :mod:`rekognition_conformance.reference.labelmodel`'s, seeded from the
SHA-256 of the video bytes and laid over its real duration, so the same video always yields the same results:

* a few "tracks" at a time, each a leaf label of the taxonomy visible over an interval, sampled every
  :data:`SAMPLE_INTERVAL_MS`;
* a track's confidence drifts over time on both sides of 50, so MinConfidence visibly changes what is
  returned and segments split where confidence dips; the video's first track is a confident one that never
  drops below :data:`CONFIDENT`, so a high MinConfidence still has detections to keep whatever the video;
* a detection of a label also detects each of its ancestors at that timestamp, each with a confidence
  at least that of the label below it, so no MinConfidence keeps a label and drops its parent.

The output is every detection at every confidence; MinConfidence is applied by the family on top of it.
"""

from __future__ import annotations

import hashlib
import math
import random
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType

MODEL_VERSION = "7.0"
SAMPLE_INTERVAL_MS = 250
_LANES = 2
_LEAF_CONFIDENCE = (12.0, 99.4)
_ANCESTOR_CEILING = 99.9
CONFIDENT = 80.0


@dataclass(frozen=True)
class ModerationLabelDef:
    name: str
    parent: str  # "" at the top level, as AWS returns it
    level: int


# (top-level category, {second-level label: (third-level labels...)})
_TREE: tuple[tuple[str, Mapping[str, tuple[str, ...]]], ...] = (
    ("Explicit", {"Explicit Nudity": (), "Explicit Sexual Activity": ()}),
    ("Swimwear or Underwear", {"Female Swimwear or Underwear": (), "Male Swimwear or Underwear": ()}),
    ("Violence", {"Weapons": (), "Graphic Violence": ("Weapon Violence", "Physical Violence", "Blood & Gore")}),
    ("Visually Disturbing", {"Death and Emaciation": ("Corpses",), "Crashes": ("Air Crash",)}),
    ("Drugs & Tobacco", {"Products": ("Pills",), "Drugs & Tobacco Paraphernalia & Use": ("Smoking",)}),
    ("Alcohol", {"Alcohol Use": ("Drinking",), "Alcoholic Beverages": ()}),
    ("Rude Gestures", {"Middle Finger": ()}),
    ("Gambling", {}),
    ("Hate Symbols", {"Nazi Party": (), "White Supremacy": (), "Extremist": ()}),
)


def _definitions() -> dict[str, ModerationLabelDef]:
    found: dict[str, ModerationLabelDef] = {}
    for top, children in _TREE:
        found[top] = ModerationLabelDef(top, "", 1)
        for second, thirds in children.items():
            found[second] = ModerationLabelDef(second, top, 2)
            for third in thirds:
                found[third] = ModerationLabelDef(third, second, 3)
    return found


TAXONOMY: Mapping[str, ModerationLabelDef] = MappingProxyType(_definitions())
LEAVES: tuple[str, ...] = tuple(
    sorted(name for name in TAXONOMY if not any(d.parent == name for d in TAXONOMY.values()))
)


def ancestry(name: str) -> tuple[str, ...]:
    """``name`` followed by its parent, grandparent... up to the top level."""
    chain = [name]
    while TAXONOMY[chain[-1]].parent:
        chain.append(TAXONOMY[chain[-1]].parent)
    return tuple(chain)


@dataclass(frozen=True)
class Detection:
    timestamp: int
    name: str
    confidence: float


@dataclass(frozen=True)
class _Track:
    leaf: str
    start: int
    end: int
    base: float
    swing: float
    period: float
    phase: float
    lifts: tuple[float, ...]  # for each ancestor above the leaf, how far it rises towards the ceiling

    def observe(self, millis: int) -> Iterator[Detection]:
        wave = self.base + self.swing * math.sin(self.phase + 2 * math.pi * millis / self.period)
        confidence = min(max(wave, _LEAF_CONFIDENCE[0]), _LEAF_CONFIDENCE[1])
        chain = ancestry(self.leaf)
        yield Detection(millis, self.leaf, round(confidence, 3))
        for name, lift in zip(chain[1:], self.lifts, strict=True):
            confidence += (_ANCESTOR_CEILING - confidence) * lift
            yield Detection(millis, name, round(confidence, 3))


def _tracks(rng: random.Random, duration_millis: int) -> Iterator[_Track]:
    confident = True
    for _ in range(_LANES):
        cursor = rng.randint(-2_000, 1_000)
        while cursor < duration_millis:
            length = rng.randint(1_500, 6_000)
            start, end = max(cursor, 0), min(cursor + length, duration_millis)
            if start < end:
                leaf = rng.choice(LEAVES)
                base, swing = rng.uniform(25.0, 85.0), rng.uniform(5.0, 25.0)
                if confident:
                    base, confident = max(base, CONFIDENT + swing), False
                yield _Track(
                    leaf=leaf,
                    start=start,
                    end=end,
                    base=base,
                    swing=swing,
                    period=rng.uniform(1_500.0, 6_000.0),
                    phase=rng.uniform(0.0, 2 * math.pi),
                    lifts=tuple(rng.uniform(0.05, 0.4) for _ in ancestry(leaf)[1:]),
                )
            cursor += length + rng.randint(0, 1_500)


def detect(video: bytes, duration_millis: int) -> tuple[Detection, ...]:
    """Every moderation detection in ``video``, at any confidence, ordered by timestamp then name.

    Two tracks showing the same label at once give one detection, at the higher confidence.
    """
    rng = random.Random(hashlib.sha256(b"moderation\0" + video).digest())
    tracks = list(_tracks(rng, duration_millis))
    found: dict[tuple[int, str], Detection] = {}
    for millis in range(0, duration_millis, SAMPLE_INTERVAL_MS):
        for track in tracks:
            if track.start <= millis < track.end:
                for detection in track.observe(millis):
                    key = (millis, detection.name)
                    if key not in found or found[key].confidence < detection.confidence:
                        found[key] = detection
    return tuple(found[key] for key in sorted(found))
