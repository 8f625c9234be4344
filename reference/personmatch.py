"""A deterministic stand-in for the persons a video face search sees, and how they match collection faces.

Seeded from the video's SHA-256, a video holds three persons, each on screen over an interval of
its duration, moving across the frame, and sampled every :data:`SAMPLE_INTERVAL_MS`. Each person "is"
one face of the collection searched (the one its signature picks), with a base similarity between 80
and 95; every other face resembles it less, between 30 and 70. The similarity drifts over time
(:func:`rekognition_conformance.reference.facematch.drifting`, up to 9 points either way), so whether a face matches
depends on the timestamp and on the FaceMatchThreshold of the job: at the default of 80 only a person's own face
matches, and only at some timestamps, while a threshold of 50 adds other faces.

:func:`search` returns, for each sampled timestamp at which a person's face matches at least one
collection face at or above the threshold, one :class:`PersonMatch` with those matches, highest
similarity first. Persons without a match at a timestamp are not returned, as GetFaceSearch lists
the persons "whose face(s) match".
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from rekognition_conformance.reference import facematch
from rekognition_conformance.reference.collectionstore import IndexedFace

SAMPLE_INTERVAL_MS = 200
PERSONS = 3
_UNIT = 10_000
_LANDMARKS: tuple[tuple[str, float, float], ...] = (
    ("eyeLeft", 0.30, 0.38),
    ("eyeRight", 0.70, 0.38),
    ("nose", 0.50, 0.58),
    ("mouthLeft", 0.36, 0.78),
    ("mouthRight", 0.64, 0.78),
)


def _grid(value: float) -> float:
    return round(value * _UNIT) / _UNIT


@dataclass(frozen=True)
class Person:
    index: int
    signature: str
    start: int
    end: int
    width: float
    height: float
    # Where the person's box starts and how far it travels (ratios of the frame) while on screen.
    left: float
    top: float
    travel: float
    confidence: float

    def box(self, millis: int) -> dict[str, float]:
        progress = (millis - self.start) / max(1, self.end - self.start)
        left = _grid(min(1.0 - self.width, max(0.0, self.left + self.travel * progress)))
        return {"Width": self.width, "Height": self.height, "Left": left, "Top": self.top}

    def face(self, millis: int) -> dict[str, Any]:
        """The person's face as a FaceDetail with the default attributes only."""
        body = self.box(millis)
        box = {
            "Width": _grid(body["Width"] * 0.4),
            "Height": _grid(body["Height"] * 0.25),
            "Left": _grid(body["Left"] + body["Width"] * 0.3),
            "Top": _grid(body["Top"] + body["Height"] * 0.03),
        }
        return {
            "BoundingBox": box,
            "Confidence": self.confidence,
            "Landmarks": [
                {
                    "Type": name,
                    "X": round(box["Left"] + fx * box["Width"], 4),
                    "Y": round(box["Top"] + fy * box["Height"], 4),
                }
                for name, fx, fy in _LANDMARKS
            ],
            "Pose": {"Roll": 0.0, "Yaw": round(10.0 * (2 * (millis % 4000) / 4000 - 1), 3), "Pitch": -3.0},
            "Quality": {"Brightness": 72.5, "Sharpness": 86.1},
        }


@dataclass(frozen=True)
class FaceMatch:
    similarity: float
    face: dict[str, Any]


@dataclass(frozen=True)
class PersonMatch:
    timestamp: int
    person: Person
    matches: tuple[FaceMatch, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "Timestamp": self.timestamp,
            "Person": {
                "Index": self.person.index,
                "BoundingBox": self.person.box(self.timestamp),
                "Face": self.person.face(self.timestamp),
            },
            "FaceMatches": [{"Similarity": m.similarity, "Face": m.face} for m in self.matches],
        }


def persons(video: bytes, duration_millis: int) -> tuple[Person, ...]:
    digest = hashlib.sha256(b"face-search-persons\0" + video).hexdigest()
    rng = random.Random(digest)
    found = []
    for index in range(PERSONS):
        length = int(duration_millis * rng.uniform(0.45, 0.9))
        start = rng.randrange(0, max(1, duration_millis - length))
        width = _grid(rng.uniform(0.12, 0.25))
        found.append(
            Person(
                index=index,
                signature=hashlib.sha256(f"{digest}:{index}".encode()).hexdigest(),
                start=start - start % SAMPLE_INTERVAL_MS,
                end=start + length,
                width=width,
                height=_grid(rng.uniform(0.45, 0.8)),
                left=_grid(rng.uniform(0.0, 1.0 - width)),
                top=_grid(rng.uniform(0.05, 0.2)),
                travel=rng.uniform(-0.4, 0.4),
                confidence=round(rng.uniform(97.0, 99.99), 4),
            )
        )
    return tuple(found)


def _unit(*parts: str) -> float:
    digest = hashlib.sha256("\0".join(parts).encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def base_similarities(person: Person, faces: Sequence[IndexedFace]) -> list[float]:
    """The similarity of ``person`` to each face, before drifting over time."""
    if not faces:
        return []
    own = max(range(len(faces)), key=lambda i: (_unit("own", person.signature, faces[i].signature), -i))
    units = [_unit("base", person.signature, face.signature) for face in faces]
    return [round((80.0 + 15.0 * u) if i == own else (30.0 + 40.0 * u), 4) for i, u in enumerate(units)]


def search(
    video: bytes, duration_millis: int, faces: Sequence[IndexedFace], threshold: float
) -> tuple[PersonMatch, ...]:
    """Every (timestamp, person) at which the person matches a face of ``faces`` at or above ``threshold``."""
    found = []
    for person in persons(video, duration_millis):
        bases = list(zip(faces, base_similarities(person, faces), strict=True))
        for millis in range(person.start, min(person.end, duration_millis), SAMPLE_INTERVAL_MS):
            matches = [
                FaceMatch(facematch.drifting(person.signature, face.signature, base, millis), face.to_json())
                for face, base in bases
            ]
            kept = sorted((m for m in matches if m.similarity >= threshold), key=lambda m: -m.similarity)
            if kept:
                found.append(PersonMatch(millis, person, tuple(kept)))
    return tuple(found)
