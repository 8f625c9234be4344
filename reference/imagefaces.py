"""A deterministic stand-in for face detection in a still image, as IndexFaces needs it.

The reference backend cannot run AWS's model. :func:`read_image` checks that the bytes are a PNG or
JPEG that PyAV can decode (anything else is an InvalidImageFormatException, as on AWS) and
:func:`detect` synthesises the faces "seen" in it, seeded from the image's SHA-256 so that the same
image always yields the same faces:

* two to four faces side by side, with boxes as ratios of the image kept on a grid of
  ten-thousandths so that ``Left + Width <= 1`` holds exactly;
* each with a detection confidence, a pose, landmarks inside its box and an image quality, and one
  face's quality low enough for the stricter QualityFilter settings to leave it out;
* each with a *signature*: the identity that face matching compares. Two detections of the same face
  in the same image bytes share it, which is what makes a re-indexed image match itself.
"""

from __future__ import annotations

import hashlib
import io
import random
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

import av

from rekognition_conformance.spec.face_attributes import DEFAULT_ATTRIBUTES

IMAGE_FORMATS = {"png_pipe": "PNG", "jpeg_pipe": "JPEG"}
_UNIT = 10_000

# DetectionAttributes values and the FaceDetail member each one adds to the defaults.
ATTRIBUTE_MEMBERS: dict[str, str] = {
    "AGE_RANGE": "AgeRange",
    "BEARD": "Beard",
    "EMOTIONS": "Emotions",
    "EYE_DIRECTION": "EyeDirection",
    "EYEGLASSES": "Eyeglasses",
    "EYES_OPEN": "EyesOpen",
    "GENDER": "Gender",
    "MOUTH_OPEN": "MouthOpen",
    "MUSTACHE": "Mustache",
    "FACE_OCCLUDED": "FaceOccluded",
    "SMILE": "Smile",
    "SUNGLASSES": "Sunglasses",
}
EMOTIONS: tuple[str, ...] = ("HAPPY", "SAD", "ANGRY", "CONFUSED", "DISGUSTED", "SURPRISED", "CALM", "FEAR")
_LANDMARKS: tuple[tuple[str, float, float], ...] = (
    ("eyeLeft", 0.30, 0.38),
    ("eyeRight", 0.70, 0.38),
    ("nose", 0.50, 0.58),
    ("mouthLeft", 0.36, 0.78),
    ("mouthRight", 0.64, 0.78),
)


class UnsupportedImage(Exception):
    """The bytes are not a PNG or JPEG image."""


@dataclass(frozen=True)
class ImageInfo:
    width: int
    height: int
    format: str
    digest: str  # SHA-256 of the bytes, hex


@dataclass(frozen=True)
class ImageFace:
    """One synthetic face: where it is, how well it was seen, and who it is."""

    index: int
    box: dict[str, float]
    confidence: float
    brightness: float
    sharpness: float
    pose: dict[str, float]
    signature: str
    traits: dict[str, Any]

    @property
    def quality(self) -> float:
        """A 0-100 quality score the QualityFilter bars are compared with."""
        return min(self.brightness, self.sharpness)

    @property
    def area(self) -> float:
        return self.box["Width"] * self.box["Height"]

    def detail(self, members: Collection[str] = DEFAULT_ATTRIBUTES) -> dict[str, Any]:
        """The FaceDetail of this face with the given members (the defaults, or more)."""
        detail: dict[str, Any] = {
            "BoundingBox": dict(self.box),
            "Confidence": self.confidence,
            "Landmarks": [
                {
                    "Type": name,
                    "X": round(self.box["Left"] + fx * self.box["Width"], 4),
                    "Y": round(self.box["Top"] + fy * self.box["Height"], 4),
                }
                for name, fx, fy in _LANDMARKS
            ],
            "Pose": dict(self.pose),
            "Quality": {"Brightness": self.brightness, "Sharpness": self.sharpness},
        }
        detail.update({name: value for name, value in self.traits.items() if name in members})
        return {name: value for name, value in detail.items() if name in members or name in DEFAULT_ATTRIBUTES}


def detail_members(attributes: Collection[str] | None) -> frozenset[str]:
    """The FaceDetail members a DetectionAttributes list asks for: the defaults, plus ALL or those named."""
    requested = set(attributes or ())
    if "ALL" in requested:
        return frozenset(DEFAULT_ATTRIBUTES) | frozenset(ATTRIBUTE_MEMBERS.values())
    return frozenset(DEFAULT_ATTRIBUTES) | {ATTRIBUTE_MEMBERS[a] for a in requested if a in ATTRIBUTE_MEMBERS}


def read_image(data: bytes) -> ImageInfo:
    """The size and format of a PNG or JPEG; :class:`UnsupportedImage` for anything else."""
    try:
        container = av.open(io.BytesIO(data), mode="r")
    except (av.error.FFmpegError, ValueError) as exc:
        raise UnsupportedImage(f"not a readable image ({exc})") from None
    with container:
        image_format = IMAGE_FORMATS.get(container.format.name)
        if image_format is None or not container.streams.video:
            raise UnsupportedImage(f"format {container.format.name!r} is neither PNG nor JPEG")
        try:
            frame = next(container.decode(video=0), None)
        except av.error.FFmpegError as exc:
            raise UnsupportedImage(f"the image could not be decoded ({exc})") from None
        if frame is None:
            raise UnsupportedImage("the image holds no picture")
        return ImageInfo(frame.width, frame.height, image_format, hashlib.sha256(data).hexdigest())


def _grid(value: float) -> float:
    return round(value * _UNIT) / _UNIT


def _flag(rng: random.Random, chance: float) -> dict[str, Any]:
    value = rng.random() < chance
    return {"Value": value, "Confidence": round(rng.uniform(80.0, 99.9), 3)}


def _traits(rng: random.Random) -> dict[str, Any]:
    low = rng.randint(18, 60)
    weights = [rng.random() for _ in EMOTIONS]
    total = sum(weights)
    return {
        "AgeRange": {"Low": low, "High": low + rng.randint(4, 12)},
        "Smile": _flag(rng, 0.5),
        "Eyeglasses": _flag(rng, 0.3),
        "Sunglasses": _flag(rng, 0.1),
        "Gender": {"Value": rng.choice(("Male", "Female")), "Confidence": round(rng.uniform(80.0, 99.9), 3)},
        "Beard": _flag(rng, 0.3),
        "Mustache": _flag(rng, 0.2),
        "EyesOpen": _flag(rng, 0.8),
        "MouthOpen": _flag(rng, 0.3),
        "Emotions": sorted(
            (
                {"Type": name, "Confidence": round(100.0 * weight / total, 3)}
                for name, weight in zip(EMOTIONS, weights, strict=True)
            ),
            key=lambda e: -e["Confidence"],
        ),
        "FaceOccluded": _flag(rng, 0.1),
        "EyeDirection": {
            "Yaw": round(rng.uniform(-20, 20), 3),
            "Pitch": round(rng.uniform(-15, 15), 3),
            "Confidence": round(rng.uniform(80.0, 99.9), 3),
        },
    }


def detect(image: ImageInfo) -> tuple[ImageFace, ...]:
    """The faces of ``image``, left to right."""
    rng = random.Random(hashlib.sha256(b"image-faces\0" + bytes.fromhex(image.digest)).digest())
    count = rng.randint(2, 4)
    slot = 1.0 / count
    aspect = image.width / image.height
    # One face, chosen at random, is dim and blurred: it passes QualityFilter LOW but not MEDIUM or HIGH.
    poor = rng.randrange(count)
    faces = []
    for index in range(count):
        width = _grid(slot * rng.uniform(0.45, 0.8))
        height = _grid(min(0.9, width * aspect * rng.uniform(1.15, 1.35)))
        left = _grid(index * slot + rng.uniform(0.0, slot - width))
        top = _grid(rng.uniform(0.02, 0.98 - height))
        quality = (rng.uniform(28.0, 45.0), rng.uniform(25.0, 45.0)) if index == poor else (
            rng.uniform(60.0, 95.0),
            rng.uniform(60.0, 98.0),
        )
        faces.append(
            ImageFace(
                index=index,
                box={"Width": width, "Height": height, "Left": left, "Top": top},
                confidence=round(rng.uniform(98.0, 99.999), 4),
                brightness=round(quality[0], 3),
                sharpness=round(quality[1], 3),
                pose={
                    "Roll": round(rng.uniform(-12, 12), 3),
                    "Yaw": round(rng.uniform(-25, 25), 3),
                    "Pitch": round(rng.uniform(-15, 15), 3),
                },
                signature=hashlib.sha256(f"{image.digest}:{index}".encode()).hexdigest(),
                traits=_traits(rng),
            )
        )
    return tuple(faces)
