"""A deterministic stand-in for Rekognition's face analysis, shared by faces, persons and celebrities.

The reference backend cannot run AWS's models, so it synthesises what they return with the *shape*
and *properties* the API documents, seeded from the video's bytes so the same video always yields
the same results:

* a :class:`Mover` is a box gliding across the frame and bouncing off its edges, kept on a grid of
  ten-thousandths so that ``Left + Width <= 1`` holds exactly;
* a :class:`Wave` is a value drifting smoothly over time between bounds (a confidence, a pose angle,
  the chance that a face smiles);
* a :class:`Face` holds one face's fixed traits (age range, gender, beard, glasses...) and its
  time-varying signals, and renders a FaceDetail for a moment and a box: the five default attributes
  (BoundingBox, Confidence, Landmarks, Pose, Quality) or every attribute.

Which members a FaceDetail carries comes from the shared table in :mod:`rekognition_conformance.spec.face_attributes`
(the model's FaceDetail shape and the documented DEFAULT subset), the one the checks judge by: GetFaceDetection
documents FaceOccluded and EyeDirection as always null, so ALL leaves them out, and the other operations return only the
default attributes.
"""

from __future__ import annotations

import hashlib
import math
import random
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from rekognition_conformance.spec.face_attributes import ALL_ATTRIBUTES, DEFAULT_ATTRIBUTES

# Every family samples the video at this interval, as AWS reports detections at sampled timestamps.
SAMPLE_INTERVAL_MS = 200
_UNIT = 10_000

EMOTIONS: tuple[str, ...] = ("HAPPY", "SAD", "ANGRY", "CONFUSED", "DISGUSTED", "SURPRISED", "CALM", "FEAR")
# Where each landmark sits inside the face's box, as fractions of its width and height.
_LANDMARKS: tuple[tuple[str, float, float], ...] = (
    ("eyeLeft", 0.30, 0.38),
    ("eyeRight", 0.70, 0.38),
    ("nose", 0.50, 0.58),
    ("mouthLeft", 0.36, 0.78),
    ("mouthRight", 0.64, 0.78),
)


def seeded(video: bytes, purpose: str) -> random.Random:
    """A generator seeded from the video's content and what it is used for, so families differ."""
    return random.Random(hashlib.sha256(purpose.encode() + b"\0" + video).digest())


def sample_times(duration_millis: int) -> range:
    return range(0, duration_millis, SAMPLE_INTERVAL_MS)


def _round(value: float, digits: int = 3) -> float:
    return round(value, digits)


@dataclass(frozen=True)
class Box:
    width: float
    height: float
    left: float
    top: float

    def to_json(self) -> dict[str, float]:
        return {"Width": self.width, "Height": self.height, "Left": self.left, "Top": self.top}


def _bounce(position: int, span: int) -> int:
    if span <= 0:
        return 0
    folded = position % (2 * span)
    return folded if folded <= span else 2 * span - folded


@dataclass(frozen=True)
class Mover:
    """A box of fixed size gliding across the frame, bouncing off its edges."""

    width: int
    height: int
    x0: int
    y0: int
    vx: int
    vy: int

    def box(self, millis: int) -> Box:
        left = _bounce(self.x0 + self.vx * millis // 1000, _UNIT - 1 - self.width)
        top = _bounce(self.y0 + self.vy * millis // 1000, _UNIT - 1 - self.height)
        return Box(self.width / _UNIT, self.height / _UNIT, left / _UNIT, top / _UNIT)


def mover(rng: random.Random, width: tuple[int, int], height: tuple[int, int], speed: int = 900) -> Mover:
    w, h = rng.randint(*width), rng.randint(*height)
    return Mover(
        width=w,
        height=h,
        x0=rng.randint(0, _UNIT - 1 - w),
        y0=rng.randint(0, _UNIT - 1 - h),
        vx=rng.choice((-1, 1)) * rng.randint(50, speed),
        vy=rng.choice((-1, 1)) * rng.randint(20, speed // 3),
    )


def inner_box(outer: Box, *, width: float, height: float, left: float, top: float) -> Box:
    """A box inside ``outer``, placed by fractions of its size (a face within a body)."""
    grid = _UNIT
    return Box(
        round(outer.width * width * grid) / grid,
        round(outer.height * height * grid) / grid,
        round((outer.left + outer.width * left) * grid) / grid,
        round((outer.top + outer.height * top) * grid) / grid,
    )


@dataclass(frozen=True)
class Wave:
    """A value drifting sinusoidally around ``base``, clipped to ``[low, high]``."""

    base: float
    swing: float
    period: float
    phase: float
    low: float
    high: float

    def at(self, millis: int) -> float:
        value = self.base + self.swing * math.sin(self.phase + 2 * math.pi * millis / self.period)
        return min(max(value, self.low), self.high)


def wave(rng: random.Random, low: float, high: float, *, swing: tuple[float, float] = (2.0, 12.0)) -> Wave:
    return Wave(
        base=rng.uniform(low, high),
        swing=rng.uniform(*swing),
        period=rng.uniform(1_500.0, 8_000.0),
        phase=rng.uniform(0.0, 2 * math.pi),
        low=low,
        high=high,
    )


@dataclass(frozen=True)
class Trait:
    """A yes/no attribute that does not change while the face is seen (a beard, glasses)."""

    value: bool
    confidence: float

    def to_json(self) -> dict[str, Any]:
        return {"Value": self.value, "Confidence": self.confidence}


def _trait(rng: random.Random, chance: float) -> Trait:
    return Trait(rng.random() < chance, _round(rng.uniform(60.0, 99.9)))


def _signal(chance: Wave, millis: int) -> dict[str, Any]:
    """A yes/no attribute from the chance (0-100) that it holds at ``millis``."""
    p = chance.at(millis)
    return {"Value": p >= 50.0, "Confidence": _round(max(p, 100.0 - p))}


@dataclass(frozen=True)
class Face:
    """One face: fixed traits and time-varying signals, rendered as a FaceDetail for a box and a moment."""

    confidence: Wave
    yaw: Wave
    pitch: Wave
    roll: Wave
    brightness: Wave
    sharpness: Wave
    smile: Wave
    eyes_open: Wave
    mouth_open: Wave
    emotions: tuple[Wave, ...]
    age_low: int
    age_high: int
    gender: str
    gender_confidence: float
    beard: Trait
    mustache: Trait
    eyeglasses: Trait
    sunglasses: Trait

    def detail(self, millis: int, box: Box, *, full: bool) -> dict[str, Any]:
        """The FaceDetail at ``millis`` for a face in ``box``: default attributes, or all when ``full``."""
        yaw = _round(self.yaw.at(millis))
        # The landmarks follow the head's turn so that they move with the pose.
        shift = yaw / 90.0 * 0.12
        detail: dict[str, Any] = {
            "BoundingBox": box.to_json(),
            "Confidence": _round(self.confidence.at(millis), 4),
            "Landmarks": [
                {
                    "Type": name,
                    "X": _round(box.left + box.width * (fx + shift), 5),
                    "Y": _round(box.top + box.height * fy, 5),
                }
                for name, fx, fy in _LANDMARKS
            ],
            "Pose": {"Roll": _round(self.roll.at(millis)), "Yaw": yaw, "Pitch": _round(self.pitch.at(millis))},
            "Quality": {
                "Brightness": _round(self.brightness.at(millis)),
                "Sharpness": _round(self.sharpness.at(millis)),
            },
        }
        if full:
            detail.update(self._analysis(millis))
        members = ALL_ATTRIBUTES if full else DEFAULT_ATTRIBUTES
        missing = members - detail.keys()
        if missing:
            # The table names a member this model cannot render: fail loudly rather than answer without it.
            raise NotImplementedError(f"the reference face model renders no {sorted(missing)}")
        return {name: value for name, value in detail.items() if name in members}

    def _analysis(self, millis: int) -> dict[str, Any]:
        """The members FaceAttributes ALL adds to the default ones."""
        return {
            "AgeRange": {"Low": self.age_low, "High": self.age_high},
            "Smile": _signal(self.smile, millis),
            "Eyeglasses": self.eyeglasses.to_json(),
            "Sunglasses": self.sunglasses.to_json(),
            "Gender": {"Value": self.gender, "Confidence": self.gender_confidence},
            "Beard": self.beard.to_json(),
            "Mustache": self.mustache.to_json(),
            "EyesOpen": _signal(self.eyes_open, millis),
            "MouthOpen": _signal(self.mouth_open, millis),
            "Emotions": self._emotions(millis),
        }

    def _emotions(self, millis: int) -> list[dict[str, Any]]:
        weights = [w.at(millis) for w in self.emotions]
        total = sum(weights)
        shares = [(name, _round(100.0 * weight / total)) for name, weight in zip(EMOTIONS, weights, strict=True)]
        return [{"Type": name, "Confidence": share} for name, share in sorted(shares, key=lambda s: -s[1])]


def face(rng: random.Random, confidence: tuple[float, float] = (90.0, 99.99)) -> Face:
    age_low = rng.randint(16, 62)
    return Face(
        confidence=wave(rng, *confidence, swing=(0.5, 4.0)),
        yaw=wave(rng, -55.0, 55.0, swing=(5.0, 25.0)),
        pitch=wave(rng, -25.0, 25.0, swing=(2.0, 10.0)),
        roll=wave(rng, -20.0, 20.0, swing=(1.0, 8.0)),
        brightness=wave(rng, 25.0, 95.0),
        sharpness=wave(rng, 15.0, 98.0),
        smile=wave(rng, 0.0, 100.0, swing=(20.0, 60.0)),
        eyes_open=wave(rng, 0.0, 100.0, swing=(10.0, 40.0)),
        mouth_open=wave(rng, 0.0, 100.0, swing=(15.0, 50.0)),
        emotions=tuple(wave(rng, 0.5, 60.0, swing=(2.0, 20.0)) for _ in EMOTIONS),
        age_low=age_low,
        age_high=age_low + rng.randint(3, 12),
        gender=rng.choice(("Male", "Female")),
        gender_confidence=_round(rng.uniform(70.0, 99.9)),
        beard=_trait(rng, 0.25),
        mustache=_trait(rng, 0.2),
        eyeglasses=_trait(rng, 0.3),
        sunglasses=_trait(rng, 0.1),
    )


def intervals(
    rng: random.Random, duration_millis: int, *, length: tuple[int, int], gap: tuple[int, int], lead: tuple[int, int]
) -> Iterator[tuple[int, int]]:
    """Consecutive visible intervals ``[start, end)`` with gaps between them, clipped to the video."""
    cursor = rng.randint(*lead)
    while cursor < duration_millis:
        span = rng.randint(*length)
        start, end = max(cursor, 0), min(cursor + span, duration_millis)
        if start < end:
            yield start, end
        cursor += span + rng.randint(*gap)
