"""Person tracking (people pathing): StartPersonTracking and GetPersonTracking.

AWS ended support for people pathing on 2025-10-31; the reference backend keeps serving it so the
suite can judge backends that still do. A few people walk through the synthetic video, each under
one Index for the whole video, and most leave and come back, so a person's detections are spread
over the timeline. Each detection carries the person's body box and, when the person faces the
camera, a Face with the default attributes only (GetPersonTracking returns no others).

Get sorts by SortBy: TIMESTAMP (the documented default) orders by time, then Index; INDEX groups each
person's detections by ascending Index, and within a person orders them by detection confidence
(Face.Confidence, highest first, detections without a face last), as the documentation describes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rekognition_conformance.reference import facemodel
from rekognition_conformance.reference.context import Handler, ServiceContext
from rekognition_conformance.reference.results import get_results

START = "StartPersonTracking"
GET = "GetPersonTracking"

DEFAULT_SORT_BY = "TIMESTAMP"
_PEOPLE = (3, 5)
# A person shows a Face while their facing wave (between -1 and 1) is above this: most of the time.
_FACING_THRESHOLD = -0.2


@dataclass(frozen=True)
class Walker:
    index: int
    appearances: tuple[tuple[int, int], ...]
    body: facemodel.Mover
    face: facemodel.Face
    # Which way the person looks; a Face is reported while it is above _FACING_THRESHOLD.
    facing: facemodel.Wave

    def seen(self, millis: int) -> bool:
        return any(start <= millis < end for start, end in self.appearances)


@dataclass(frozen=True)
class Detection:
    timestamp: int
    index: int
    body: facemodel.Box
    face: facemodel.Face
    # Where the face is, or None while the person does not face the camera.
    face_box: facemodel.Box | None

    def face_detail(self) -> dict[str, Any] | None:
        if self.face_box is None:
            return None
        return self.face.detail(self.timestamp, self.face_box, full=False)

    def to_json(self) -> dict[str, Any]:
        person: dict[str, Any] = {"Index": self.index, "BoundingBox": self.body.to_json()}
        detail = self.face_detail()
        if detail is not None:
            person["Face"] = detail
        return {"Timestamp": self.timestamp, "Person": person}


@dataclass(frozen=True)
class PersonResults:
    detections: tuple[Detection, ...]


def _walkers(video: bytes, duration_millis: int) -> list[Walker]:
    rng = facemodel.seeded(video, "persons")
    walkers = []
    for index in range(rng.randint(*_PEOPLE)):
        appearances = tuple(
            facemodel.intervals(rng, duration_millis, length=(1_200, 4_000), gap=(400, 3_000), lead=(-1_000, 3_000))
        )
        body = facemodel.mover(rng, (900, 2_200), (3_500, 7_500), speed=1_200)
        walkers.append(
            Walker(index, appearances, body, facemodel.face(rng), facemodel.wave(rng, -1.0, 1.0, swing=(0.5, 1.0)))
        )
    return walkers


def analyze(video: bytes, metadata: Mapping[str, Any], params: Mapping[str, Any]) -> PersonResults:
    """The frozen results of a person tracking job."""
    duration = int(metadata["DurationMillis"])
    walkers = _walkers(video, duration)
    detections = []
    for millis in facemodel.sample_times(duration):
        for walker in walkers:
            if not walker.seen(millis):
                continue
            body = walker.body.box(millis)
            face_box = None
            if walker.facing.at(millis) > _FACING_THRESHOLD:
                face_box = facemodel.inner_box(body, width=0.5, height=0.2, left=0.25, top=0.02)
            detections.append(Detection(millis, walker.index, body, walker.face, face_box))
    return PersonResults(tuple(detections))


def _by_index(detection: Detection) -> tuple[int, bool, float, int]:
    detail = detection.face_detail()
    confidence = detail["Confidence"] if detail is not None else None
    return (detection.index, confidence is None, -(confidence or 0.0), detection.timestamp)


class PersonView:
    """How GetPersonTracking presents a job's :class:`PersonResults`."""

    items_member = "Persons"

    def order(self, params: Mapping[str, Any]) -> dict[str, str]:
        return {"SortBy": params.get("SortBy") or DEFAULT_SORT_BY}

    def request_members(self, order: Mapping[str, str]) -> dict[str, Any]:
        return {}

    def items(self, results: PersonResults, order: Mapping[str, str]) -> Sequence[dict[str, Any]]:
        if order["SortBy"] == "INDEX":
            ordered = sorted(results.detections, key=_by_index)
        else:
            ordered = sorted(results.detections, key=lambda d: (d.timestamp, d.index))
        return [detection.to_json() for detection in ordered]

    def result_members(self, results: PersonResults) -> dict[str, Any]:
        return {}


VIEW = PersonView()


def start_person_tracking(context: ServiceContext, params: dict[str, Any]) -> dict[str, Any]:
    return {"JobId": context.jobs.start(START, params, analyze)}


def get_person_tracking(context: ServiceContext, params: dict[str, Any]) -> dict[str, Any]:
    return get_results(context, params, start_operation=START, view=VIEW)


OPERATIONS: Mapping[str, Handler] = {START: start_person_tracking, GET: get_person_tracking}
