"""Face detection: StartFaceDetection and GetFaceDetection.

Start fixes which attributes each face carries: FaceAttributes DEFAULT (also what an omitted
FaceAttributes means here, as the documentation implies but does not state) returns BoundingBox,
Confidence, Landmarks, Pose and Quality; ALL adds every other facial attribute except FaceOccluded
and EyeDirection, which GetFaceDetection documents as always null. Get has no sort option: faces
come in Timestamp order, as documented, and then pages.

The synthetic video holds a few faces at a time, each gliding across the frame over an interval of
the video and seen at every sampled timestamp of that interval.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rekognition_conformance.reference import facemodel
from rekognition_conformance.reference.context import Handler, ServiceContext
from rekognition_conformance.reference.results import get_results

START = "StartFaceDetection"
GET = "GetFaceDetection"

DEFAULT_FACE_ATTRIBUTES = "DEFAULT"
# Faces visible at the same time, at most.
_LANES = 4


@dataclass(frozen=True)
class FaceTrack:
    start: int
    end: int
    mover: facemodel.Mover
    face: facemodel.Face


@dataclass(frozen=True)
class FaceResults:
    tracks: tuple[FaceTrack, ...]
    # (Timestamp, index into tracks) for every sighting, in Timestamp order.
    sightings: tuple[tuple[int, int], ...]
    full: bool


def _tracks(video: bytes, duration_millis: int) -> list[FaceTrack]:
    rng = facemodel.seeded(video, "faces")
    tracks = []
    for _ in range(_LANES):
        for start, end in facemodel.intervals(
            rng, duration_millis, length=(2_000, 7_000), gap=(0, 1_500), lead=(-2_000, 800)
        ):
            tracks.append(
                FaceTrack(start, end, facemodel.mover(rng, (700, 1_600), (1_000, 2_400)), facemodel.face(rng))
            )
    return tracks


def analyze(video: bytes, metadata: Mapping[str, Any], params: Mapping[str, Any]) -> FaceResults:
    """The frozen results of a face detection job."""
    duration = int(metadata["DurationMillis"])
    tracks = _tracks(video, duration)
    sightings = tuple(
        (millis, number)
        for millis in facemodel.sample_times(duration)
        for number, track in enumerate(tracks)
        if track.start <= millis < track.end
    )
    full = (params.get("FaceAttributes") or DEFAULT_FACE_ATTRIBUTES) == "ALL"
    return FaceResults(tuple(tracks), sightings, full)


class FaceView:
    """How GetFaceDetection presents a job's :class:`FaceResults`: always in Timestamp order."""

    items_member = "Faces"

    def order(self, params: Mapping[str, Any]) -> dict[str, str]:
        return {}

    def request_members(self, order: Mapping[str, str]) -> dict[str, Any]:
        return {}

    def items(self, results: FaceResults, order: Mapping[str, str]) -> Sequence[dict[str, Any]]:
        items = []
        for millis, number in results.sightings:
            track = results.tracks[number]
            detail = track.face.detail(millis, track.mover.box(millis), full=results.full)
            items.append({"Timestamp": millis, "Face": detail})
        return items

    def result_members(self, results: FaceResults) -> dict[str, Any]:
        return {}


VIEW = FaceView()


def start_face_detection(context: ServiceContext, params: dict[str, Any]) -> dict[str, Any]:
    return {"JobId": context.jobs.start(START, params, analyze)}


def get_face_detection(context: ServiceContext, params: dict[str, Any]) -> dict[str, Any]:
    return get_results(context, params, start_operation=START, view=VIEW)


OPERATIONS: Mapping[str, Handler] = {START: start_face_detection, GET: get_face_detection}
